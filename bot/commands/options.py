"""Options and steps that several commands share."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the site is loaded by the command, after its search has started
    from bot.site import Site


def split_rules(values: list[str] | None, option: str = "--select") -> list[str]:
    """The rule ids and prefixes of each ``option`` given (comma-separated). One given that
    names none (`--select ''`) is a usage error: an empty selection would otherwise mean
    every rule."""
    out: list[str] = []
    for value in values or []:
        rules = [v.strip() for v in value.split(",") if v.strip()]
        if not rules:
            from bot.errors import UsageError

            raise UsageError(
                f"{option} {value!r} names no rule; give a rule id or family "
                f"(`{option} encoding`), or leave {option} out"
            )
        out.extend(rules)
    return out


def add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="posts or folders (default: all)"
    )
    parser.add_argument(
        "--changed-since",
        metavar="REF",
        help="only the posts changed since this Git ref (e.g. origin/main)",
    )


def add_selection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--select", action="append", metavar="RULE", help="only these rules (prefixes allowed)"
    )
    parser.add_argument(
        "--ignore", action="append", metavar="RULE", help="skip these rules (prefixes allowed)"
    )


def add_allow_empty(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-empty",
        action="store_true",
        help="a site (or folder) without any post is fine: no error when nothing is checked",
    )


def site_and_paths(args: argparse.Namespace) -> tuple[Site, list[Path] | None]:
    """The site, and the paths to work on (None: all the site's posts)."""
    paths: list[Path] = list(args.paths or [])
    from bot.site import load_site

    site = load_site(args.site, args.config, paths or None)
    if getattr(args, "changed_since", None) is not None:
        from bot.discover import discover_names
        from bot.git import changed_paths

        # compared as text: making a path object of each of a large site's posts costs more
        # than the rest of a run that checks a few of them
        wanted = {os.path.normpath(name) for name in discover_names(site, paths or None)}
        if site.is_hugo:  # a changed `_index` file: the pages its cascade reaches are checked
            from bot.hugo.branches import branch_files

            within = tuple(os.path.abspath(p) for p in paths)
            wanted.update(
                os.path.normpath(b)
                for b in map(str, branch_files(site))
                if not within or any(b == w or b.startswith(w + os.sep) for w in within)
            )
        changed = changed_paths(site.root, args.changed_since)
        return site, [p for p in changed if os.path.normpath(p) in wanted]
    return site, paths or None
