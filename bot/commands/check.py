"""`pressbot check`: validate posts and print the findings."""

from __future__ import annotations

import argparse
import sys

from bot.commands.options import add_paths, add_selection, site_and_paths, split_rules
from bot.render.findings import FORMATS, render, text, use_colour


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths(parser)
    add_selection(parser)
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="worker processes (default: cores)"
    )


def run(args: argparse.Namespace) -> int:
    from bot.linter import check_posts

    site, paths = site_and_paths(args)
    if paths == []:
        result_findings, files = [], 0
    else:
        result = check_posts(
            site,
            paths,
            select=split_rules(args.select),
            ignore=split_rules(args.ignore),
            jobs=args.jobs,
        )
        result_findings, files = result.findings, result.files_checked
    colour = args.format == "text" and use_colour(sys.stdout)
    if args.format == "text":
        sys.stdout.write(text(result_findings, files, colour, fix_command(args)))
    else:
        sys.stdout.write(render(args.format, result_findings, files, colour))
    return 1 if any(f.severity == "error" for f in result_findings) else 0


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
