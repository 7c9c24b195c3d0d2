"""`pressbot list`: what the site's generator would publish, post by post, and why not.

The generator (Jekyll or Hugo) is detected from the site's files, or named by `generator:`
in pressbot's configuration. For Hugo the posts are the regular pages (see
`bot.hugo.describe`); their `url` is the relative permalink Hugo builds.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from bot.commands.options import add_paths, site_and_paths
from bot.render.terminal import clean, shown


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    site, paths = site_and_paths(args)
    if site.is_hugo:
        return _run_hugo(args, site, paths)
    return _run_jekyll(args, site, paths)


def _run_jekyll(args: argparse.Namespace, site: Any, paths: list[Path] | None) -> int:
    from bot.discover import discover
    from bot.jekyll import apply_post_limit, post_limit
    from bot.post import read_post
    from bot.reading import describe

    limited = post_limit(site) is not None  # which posts Jekyll keeps depends on them all
    files = [] if paths == [] else discover(site, None if limited else paths)
    infos = []
    for path in files:
        infos.append(describe(read_post(site, path), site))
    if limited:
        apply_post_limit(infos, site)
        if paths:
            wanted = {site.relpath(f) for f in discover(site, paths)}
            infos = [i for i in infos if i.path in wanted]
    infos.sort(key=lambda i: i.path)
    lines = [_line(i.path, i.published, i.reason, _iso(i.date), i.url, i.categories) for i in infos]
    return _write(args, "jekyll", [i.as_dict() for i in infos], lines)


def _run_hugo(args: argparse.Namespace, site: Any, paths: list[Path] | None) -> int:
    pages = site.hugo.pages(site.now)
    if paths is not None:
        # realpath, not resolve: a link that loops is a path like any other, not an error
        wanted = [Path(os.path.realpath(p)) for p in paths]
        pages = [p for p in pages if _selected(site.root / p.path, wanted)]
    records = [p.as_dict() for p in pages]
    lines = [
        _line(p.path, p.published, _why(p), r["date"], p.url, p.categories)
        for p, r in zip(pages, records, strict=True)
    ]
    return _write(args, "hugo", records, lines)


_HELD = {"draft": "is a draft", "future": "is dated after now", "expired": "has expired"}


def _why(page: Any) -> str | None:
    """Why a Hugo page is not built: its own reason, or the branch above it that holds it."""
    if page.held_by is None:
        return page.reason  # type: ignore[no-any-return]
    return f"{page.reason}: {page.held_by} {_HELD.get(page.reason, '')}".rstrip()


def _iso(date: Any) -> str | None:
    return date.isoformat() if date else None


def _line(
    path: str,
    published: bool,
    reason: str | None,
    date: str | None,
    url: str | None,
    categories: list[str],
) -> str:
    """One post of the text output."""
    state = "published" if published else f"not published ({reason})"
    cats = ",".join(categories) or "-"
    return clean(f"{path}  {state}  {date or '-'}  {url or '-'}  [{cats}]", None)


def _write(
    args: argparse.Namespace, generator: str, records: list[dict[str, Any]], lines: list[str]
) -> int:
    """The list as JSON (the records) or as text (the lines and a count)."""
    if args.format == "json":
        doc = {"version": 1, "generator": generator, "posts": [_shown_all(r) for r in records]}
        from bot.render.findings import dumps

        sys.stdout.write(dumps(doc))
        return 0
    for line in lines:
        sys.stdout.write(line + "\n")
    published = sum(1 for r in records if r["published"])
    sys.stdout.write(f"{len(records)} post(s), {published} published\n")
    return 0


def _selected(path: Path, wanted: list[Path]) -> bool:
    resolved = Path(os.path.realpath(path))
    return any(resolved == w or w in resolved.parents for w in wanted)


def _shown_all(value: Any) -> Any:
    """Every string of ``value`` as valid Unicode: a file or folder name that is not UTF-8
    (in the path, the id, the URL, a folder category) reads ``\\xff``, as in `check`."""
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, dict):
        return {key: _shown_all(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shown_all(item) for item in value]
    return value
