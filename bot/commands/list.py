"""`pressbot list`: what the site's generator would publish, post by post, and why not.

The generator (Jekyll or Hugo) is detected from the site's files, or named by `generator:`
in pressbot's configuration. For Hugo the posts are the regular pages (see
`bot.hugo.describe`); their `url` is the relative permalink Hugo builds.
"""

from __future__ import annotations

import argparse
import json
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
    from bot.jekyll import describe
    from bot.post import read_post

    files = [] if paths == [] else discover(site, paths)
    infos = []
    for path in files:
        post = read_post(site, path)
        info = describe(post, site)
        if not post.readable:
            info.published, info.reason = False, "invalid"
        infos.append(info)
    infos.sort(key=lambda i: i.path)
    if args.format == "json":
        doc = {
            "version": 1,
            "generator": "jekyll",
            "posts": [_shown_all(i.as_dict()) for i in infos],
        }
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return 0
    for info in infos:
        state = "published" if info.published else f"not published ({info.reason})"
        date = info.date.isoformat() if info.date else "-"
        cats = ",".join(info.categories) or "-"
        url = info.url or "-"
        sys.stdout.write(clean(f"{info.path}  {state}  {date}  {url}  [{cats}]", None) + "\n")
    published = sum(1 for i in infos if i.published)
    sys.stdout.write(f"{len(infos)} post(s), {published} published\n")
    return 0


def _run_hugo(args: argparse.Namespace, site: Any, paths: list[Path] | None) -> int:
    pages = site.hugo.pages(site.now)
    if paths is not None:
        wanted = [p.resolve() for p in paths]
        pages = [p for p in pages if _selected(site.root / p.path, wanted)]
    if args.format == "json":
        doc = {
            "version": 1,
            "generator": "hugo",
            "posts": [_shown_all(p.as_dict()) for p in pages],
        }
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return 0
    for page in pages:
        state = "published" if page.published else f"not published ({page.reason})"
        record = page.as_dict()
        cats = ",".join(page.categories) or "-"
        line = f"{page.path}  {state}  {record['date'] or '-'}  {page.url or '-'}  [{cats}]"
        sys.stdout.write(clean(line, None) + "\n")
    published = sum(1 for p in pages if p.published)
    sys.stdout.write(f"{len(pages)} post(s), {published} published\n")
    return 0


def _selected(path: Path, wanted: list[Path]) -> bool:
    resolved = path.resolve()
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
