"""`pressbot publish`: publish the posts merged since the last publish, exactly once."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since",
        metavar="REF",
        help="first run only (no ledger yet): publish the changes since REF "
        "(default: the push event's `before`, else the head's parent)",
    )
    parser.add_argument("--ref", metavar="REF", help="the commit to publish (default: HEAD)")
    parser.add_argument("--dry-run", action="store_true", help="print the plan; change nothing")
    parser.add_argument("--status", action="store_true", help="show the ledger and exit")
    parser.add_argument("--json", action="store_true", help="with --status: the ledger as JSON")
    parser.add_argument(
        "--force",
        metavar="ID",
        action="append",
        default=[],
        help="republish this post (its id, as --status shows it) even if unchanged; repeatable",
    )
    parser.add_argument(
        "--retry-dead", action="store_true", help="try again the deliveries marked dead"
    )
    parser.add_argument(
        "--allow-unpublish",
        action="store_true",
        help="unpublish more posts than publish.max_unpublish allows in one run",
    )
    parser.add_argument(
        "--rewritten",
        action="store_true",
        help="the default branch was force-pushed: publish HEAD although its history no "
        "longer holds the ledger's point (a push event that says `forced` needs no option)",
    )
    parser.add_argument(
        "--remote",
        default="origin",
        help="the remote that holds the ledger ref (default: origin, when it exists)",
    )
    parser.add_argument(
        "--no-remote", action="store_true", help="keep the ledger in this clone only"
    )
    parser.add_argument(
        "--no-announce", action="store_true", help="no job summary or pull-request comment"
    )
    parser.add_argument(
        "--claim-timeout",
        type=_seconds,
        default=900.0,
        metavar="SECONDS",
        help="take over another run's claim after this long (default: 900)",
    )
    parser.add_argument(
        "--wait",
        type=_seconds,
        default=120.0,
        metavar="SECONDS",
        help="wait this long for posts another run is publishing (default: 120)",
    )


def _seconds(text: str) -> float:
    """A number of seconds, 0 or more. NaN or a negative value is refused, not clamped: a
    claim timeout of NaN would take over a live run's claims at once."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of seconds, 0 or more")
    return value


def run(args: argparse.Namespace) -> int:
    from bot.publish.options import Options
    from bot.publish.runner import Runner

    site = getattr(args, "site", None)
    config = getattr(args, "config", None)
    opts = Options(
        site=Path(site) if site else None,
        config=Path(config) if config else None,
        ref=args.ref,
        since=args.since,
        dry_run=args.dry_run,
        status=args.status,
        force=list(args.force),
        retry_dead=args.retry_dead,
        allow_unpublish=args.allow_unpublish,
        rewritten=args.rewritten,
        remote=None if args.no_remote else args.remote,
        claim_timeout=args.claim_timeout,
        wait=args.wait,
        announce=not args.no_announce,
        json=args.json,
    )
    return Runner(opts).run()
