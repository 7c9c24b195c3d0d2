"""`pressbot list`: what Jekyll would publish, post by post, and why not."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.commands.options import add_paths, site_and_paths
from bot.render.terminal import clean, shown


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    from bot.discover import discover
    from bot.jekyll import describe
    from bot.post import read_post

    site, paths = site_and_paths(args)
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
        doc = {"version": 1, "posts": [_shown_all(i.as_dict()) for i in infos]}
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
