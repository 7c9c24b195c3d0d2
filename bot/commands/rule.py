"""`pressbot rule [RULE]`: a rule's page (what it catches, why, the fix, examples, its
configuration), or the list of rules; `--write-docs DIR` writes every page as Markdown."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.errors import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "rule",
        nargs="?",
        metavar="RULE",
        help="a rule id (`encoding/mojibake`), or a family (`encoding`) to list its rules",
    )
    parser.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="text for a terminal (default), or the page's Markdown",
    )
    parser.add_argument(
        "--write-docs",
        type=Path,
        metavar="DIR",
        help="write every rule's page to DIR/FAMILY/NAME.md (the project's docs/rules/)",
    )


def run(args: argparse.Namespace) -> int:
    from bot.rules import docs
    from bot.rules.registry import RULES

    if args.write_docs is not None:
        if args.rule:
            raise UsageError("--write-docs writes every rule's page: give no RULE with it")
        try:
            written = docs.write_pages(args.write_docs, RULES.values())
        except OSError as exc:
            raise UsageError(f"{args.write_docs}: cannot write the pages: {exc.strerror}") from None
        for path in written:
            sys.stdout.write(f"wrote {path}\n")
        sys.stdout.write(f"{len(RULES)} rule pages in {args.write_docs} are current\n")
        return 0
    if not args.rule:
        sys.stdout.write(docs.listing(RULES.values()))
        return 0
    wanted = args.rule.strip()
    rule = RULES.get(wanted) or RULES.get(wanted.lower())
    by_name = [r for r in RULES.values() if r.name == wanted.lower()]
    if rule is None and len(by_name) == 1:  # `pressbot rule mojibake`: one rule has the name
        rule = by_name[0]
    if rule is None:
        family = [r for r in RULES.values() if r.family == wanted.lower().rstrip("/")]
        if family:
            sys.stdout.write(docs.listing(family))
            return 0
        near = [r.id for r in by_name] or [docs.suggest(wanted, list(RULES)) or ""]
        hint = " or ".join(f'"{n}"' for n in near if n)
        hint = f" (did you mean {hint}?)" if hint else ""
        raise UsageError(f'no rule "{wanted}"{hint}; `pressbot rule` lists them all')
    if args.format == "markdown":
        sys.stdout.write(docs.help_markdown(rule))
    else:
        sys.stdout.write(docs.help_text(rule))
    return 0
