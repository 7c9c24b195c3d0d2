"""The candidates for `jekyll/duplicate-url` in a pull request, from Git's index.

The rule is cross-file: a changed post can collide with any post of the site. A collision needs
the same slug (the ``:title`` of every built-in permalink), so the candidates are the site's
posts whose file name carries a changed post's slug. The linter finds them by listing the site's
folders; here they come from Git's index, which costs the same for 100 posts as for 50,000, and
the linter reads only those (`check_posts(..., candidates=...)`).
"""

from __future__ import annotations

from pathlib import Path


def list_candidates(top: Path, paths: list[str], prefix: str) -> list[str]:
    """Repository paths of the posts that could build to a changed post's URL.

    One ``git ls-files`` (a read of the index, with no pattern to test on every entry), then
    a byte search per slug over its output: both run at C speed, so even 50,000 posts cost a
    few milliseconds.
    """
    from bot.git import ls_files_z
    from bot.jekyll import JEKYLL_POST_NAME

    slugs = set()
    for path in paths:
        match = JEKYLL_POST_NAME.match(path.rsplit("/", 1)[-1])
        if match:
            slugs.add(match.group(2))
    if not slugs:
        return []
    listing = ls_files_z(top, (f"{prefix}/",) if prefix else ())
    if not listing:
        return []
    found: set[str] = set()
    for slug in slugs:
        needle = f"-{slug}.".encode("utf-8", "surrogateescape")
        at = listing.find(needle)
        while at != -1:
            start = listing.rfind(b"\0", 0, at) + 1
            end = listing.find(b"\0", at)
            end = len(listing) if end == -1 else end
            found.add(listing[start:end].decode("utf-8", "surrogateescape"))
            at = listing.find(needle, end)
    return sorted(found)
