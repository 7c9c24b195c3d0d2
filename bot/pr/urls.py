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


def candidate_specs(paths: list[str], prefix: str) -> tuple[str, ...]:
    """Git pathspecs for the site's posts that share a slug with one of ``paths``."""
    from bot.jekyll import JEKYLL_POST_NAME

    slugs = set()
    for path in paths:
        match = JEKYLL_POST_NAME.match(path.rsplit("/", 1)[-1])
        if match:
            slugs.add(match.group(2))
    base = f"{prefix}/" if prefix else ""
    # Git's default pathspecs are fnmatch patterns whose `*` also matches `/`: any `_posts`
    # folder at any depth (the post filter drops the few extra matches).
    return tuple(f"{base}*_posts/*-{_glob_escape(slug)}.*" for slug in sorted(slugs))


def list_candidates(top: Path, paths: list[str], prefix: str) -> list[str]:
    """Repository paths of the posts that could build to a changed post's URL (Git's index)."""
    from bot.git import tracked_files

    specs = candidate_specs(paths, prefix)
    return (tracked_files(top, specs) or []) if specs else []


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
        if "_posts" not in rel.split("/")[:-1]:  # `*_posts/` also matches `my_posts/`
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


def _glob_escape(text: str) -> str:
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)
