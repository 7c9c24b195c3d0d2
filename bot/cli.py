"""The `pressbot` command line: argparse subcommands, exceptions to exit codes.

Only the module of the command being run is imported, so `pressbot check` never pays for
the imports of `pr` or `publish`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import __version__
from bot.errors import UsageError

COMMANDS: dict[str, str] = {
    "check": "validate posts (files or folders; default: the site's posts and drafts)",
    "fix": "apply the safe fixes (mojibake repair, BOM removal) in place",
    "pr": "check a pull request's changed posts and report on GitHub",
    "publish": "publish the posts merged since the last publish, exactly once",
    "list": "what Jekyll would publish: each post's id, URL, date, categories",
    "schema": "print the effective front-matter JSON Schema",
}


def _common(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("site")
    group.add_argument(
        "--site",
        type=Path,
        metavar="DIR",
        help="site root (default: the nearest folder with _config.yml or .pressbot.yml, "
        "else the Git work tree holding the paths, else the current folder)",
    )
    group.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="configuration file (default: .pressbot.yml, or `pressbot:` in _config.yml)",
    )


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pressbot",
        description="Checks, fixes and publishes the posts of Git-backed Jekyll sites.",
    )
    parser.add_argument("--version", action="version", version=f"pressbot {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, summary in COMMANDS.items():
        sub = subparsers.add_parser(name, help=summary, description=summary)
        if name != only:
            continue  # only the command being run is built (and imported)
        module = importlib.import_module(f"bot.commands.{name}")
        _common(sub)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def _command_in(argv: Sequence[str]) -> str | None:
    for arg in argv:
        if arg in COMMANDS:
            return arg
        if not arg.startswith("-"):
            return None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command_in(argv))
    try:
        args = parser.parse_args(argv)
        if getattr(args, "run", None) is None:
            parser.print_help(sys.stderr)
            return 2
        return int(args.run(args))
    except UsageError as exc:
        print(f"pressbot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("pressbot: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`pressbot check | head`): not an error of ours.
        sys.stderr.close()
        return 0
