"""`jekyll/duplicate-url` for a pull request, without reading the whole site.

The rule is cross-file: a changed post can collide with any post of the site. A collision needs
the same slug (the ``:title`` of every built-in permalink), so the candidates are the site's
posts whose file name carries a changed post's slug. The linter finds them by listing the site's
folders; here they come from Git's index, which costs the same for 100 posts as for 50,000, and
only the candidates are read.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

RULE = "jekyll/duplicate-url"


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


def cross_file_duplicates(
    site: Any,
    result: Any,
    top: Path,
    prefix: str,
    candidates: list[str],
    select: list[str] | None,
    ignore: list[str] | None,
) -> list[Any]:
    """Findings for changed posts that build to the URL of an unchanged post."""
    from bot.jekyll import JEKYLL_POST_NAME, describe
    from bot.linter import duplicate_urls, registry, selection_for
    from bot.post import read_post

    level = selection_for(site, select, ignore).level(RULE, registry().get(RULE, "error"))
    if level is None:
        return []
    checked = {info.path for info in result.posts if info is not None}
    slugs = set()
    for path in checked:
        match = JEKYLL_POST_NAME.match(path.rsplit("/", 1)[-1])
        if match:
            slugs.add(match.group(2))
    known: dict[str, str] = {}
    for name in candidates:
        rel = name[len(prefix) + 1 :] if prefix else name
        match = JEKYLL_POST_NAME.match(rel.rsplit("/", 1)[-1])
        if not match or match.group(2) not in slugs or rel in checked:
            continue
        if "_posts" not in rel.split("/")[:-1]:
            continue
        path = top / name
        if not path.is_file():
            continue
        post = read_post(site, path)
        if not post.readable:
            continue
        info = describe(post, site)
        if info.published and info.url:
            known[info.url] = post.path
    if not known:
        return []
    already = set(result.findings)
    found = [f for f in duplicate_urls(result.posts, known) if f not in already]
    return [replace(f, severity=level) for f in found]
