"""`pressbot check`: validate posts and print the findings."""

from __future__ import annotations

import argparse
import sys

from bot.commands.options import (
    add_allow_empty,
    add_paths,
    add_selection,
    site_and_paths,
    split_rules,
)
from bot.render.findings import FORMATS, render, text, use_colour
from bot.render.terminal import clean
from bot.site import Site


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths(parser)
    add_selection(parser)
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    add_allow_empty(parser)
    parser.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="worker processes (default: cores)"
    )


def run(args: argparse.Namespace) -> int:
    from bot.linter import check_posts

    site, paths = site_and_paths(args)
    if paths == []:  # --changed-since: no post changed
        result_findings, files = [], 0
        ref = clean(args.changed_since, 200)
        sys.stderr.write(f"pressbot: no post changed since {ref}; nothing checked\n")
    else:
        result = check_posts(
            site,
            paths,
            select=split_rules(args.select),
            ignore=split_rules(args.ignore, "--ignore"),
            jobs=args.jobs,
        )
        result_findings, files = result.findings, result.files_checked
    if files == 0 and paths != [] and not args.allow_empty and not result_findings:
        _nothing_checked(args, site)  # (a Hugo section's `_index` file named has findings)
    colour = args.format == "text" and use_colour(sys.stdout)
    if args.format == "text":
        sys.stdout.write(text(result_findings, files, colour, fix_command(args)))
    else:
        sys.stdout.write(render(args.format, result_findings, files, colour, root=site.root))
    return 1 if any(f.severity == "error" for f in result_findings) else 0


def _nothing_checked(args: argparse.Namespace, site: Site) -> None:
    """No post at all in the whole site: exit 2 (a broken setup must not pass silently). Paths
    named that hold no post (pre-commit's staged files, a folder) get a note."""
    from bot.commands import empty

    named = list(args.paths or [])
    if not named:
        raise empty.refuse(site, args.site)
    sys.stderr.write(empty.note_not_posts(named, site))


def fix_command(args: argparse.Namespace) -> str:
    """`pressbot fix` on what this check was given (site, configuration, paths, ref)."""
    import shlex

    words = ["pressbot", "fix"]
    for option, value in (
        ("--site", args.site),
        ("--config", args.config),
        ("--changed-since", args.changed_since),
    ):
        if value is not None:
            words += [option, str(value)]
    words += [str(p) for p in args.paths or []]
    return " ".join(shlex.quote(w) for w in words)
