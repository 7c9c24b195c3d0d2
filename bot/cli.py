"""The `pressbot` command line: argparse subcommands, exceptions to exit codes.

Only the module of the command being run is imported, so `pressbot check` never pays for
the imports of `pr` or `publish`.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NoReturn

from bot import __version__
from bot.errors import UsageError

COMMANDS: dict[str, str] = {
    "check": "validate posts (files or folders; default: the site's posts and drafts)",
    "fix": "apply the safe fixes (mojibake repair, BOM removal, hidden text removal) in place",
    "pr": "check a pull request's changed posts and report on GitHub",
    "publish": "publish the posts merged since the last publish, exactly once",
    "list": "what the site's generator (Jekyll or Hugo) would publish, post by post, and why not",
    "schema": "print the effective front-matter JSON Schema",
    "init": "set pressbot up in a site: .pressbot.yml, GitHub workflows, pre-commit hook",
    "rule": "a rule's page: what it catches, why, how to fix it; no RULE lists them",
}

SITELESS = ("rule",)
"""Commands that read no site (no `--site`/`--config`)."""


class Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line (what and where to look) and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"pressbot: {_one_line(message)} (see `{self.prog} --help`)\n")


NOW_COMMANDS = ("check", "list", "publish")
"""The commands that judge future and scheduled posts against a moment (`--now`)."""


def _moment(value: str) -> str:
    """`--now`: an ISO 8601 time (checked here; `load_site` reads it as PRESSBOT_NOW)."""
    from bot.site import MOMENT, moment

    if moment(value) is None:
        raise argparse.ArgumentTypeError(f"{value!r} is {MOMENT}")
    return value


def _jobs(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes (1 or more)")
    return number


def _common(parser: argparse.ArgumentParser, name: str) -> None:
    group = parser.add_argument_group("site")
    group.add_argument(
        "--site",
        type=Path,
        metavar="DIR",
        help="site root (default: the nearest folder with _config.yml (.yaml, .toml) or "
        ".pressbot.yml, "
        "else the Git work tree holding the paths, else the current folder)",
    )
    group.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="configuration file (default: .pressbot.yml, or `pressbot:` in _config.yml)",
    )
    if name in NOW_COMMANDS:
        group.add_argument(
            "--now",
            type=_moment,
            metavar="TIME",
            help="judge future and scheduled posts as at this ISO 8601 time, UTC unless it "
            "has an offset (2030-01-01T00:00-05:00) (default: PRESSBOT_NOW, else the current "
            "time; a Jekyll site's `time` setting wins, as in its build, with a notice)",
        )


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = Parser(
        prog="pressbot",
        description="Checks, fixes and publishes the posts of Git-backed Jekyll and Hugo sites.",
    )
    parser.add_argument("--version", action="version", version=f"pressbot {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, summary in COMMANDS.items():
        sub = subparsers.add_parser(name, help=summary, description=summary)
        if name != only:
            continue  # only the command being run is built (and imported)
        module = importlib.import_module(f"bot.commands.{name}")
        if name not in SITELESS:
            _common(sub, name)
        module.add_arguments(sub)
        _checked_jobs(sub)
        sub.set_defaults(run=module.run)
    return parser


def _command_in(argv: Sequence[str]) -> str | None:
    for arg in argv:
        if arg in COMMANDS:
            return arg
        if not arg.startswith("-"):
            return None
    return None


def _checked_jobs(parser: argparse.ArgumentParser) -> None:
    """`--jobs` takes 1 process or more (0 or -1 would silently mean something else)."""
    for action in parser._actions:
        if "--jobs" in action.option_strings:
            action.type = _jobs


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _lenient_output()
    try:
        parser = build_parser(_command_in(argv))
        args = parser.parse_args(argv)
        if getattr(args, "run", None) is None:
            parser.print_help(sys.stderr)
            return 2
        with _moment_of(args):
            return int(args.run(args))
    except UsageError as exc:
        for line in getattr(exc, "lines", None) or [str(exc)]:
            print(f"pressbot: {_one_line(line)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("pressbot: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _reader_gone()
        return 0
    except Exception as exc:  # every other failure is ours (exit 3), unless the machine's
        problem = environment_problem(exc)
        if problem is None:
            return _internal_error(exc)
        print(f"pressbot: {_one_line(problem)}", file=sys.stderr)
        return 2


ENVIRONMENT_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO}
)
"""The errors of the operating system that say the disk or the permissions, not pressbot,
stopped a command."""


def environment_problem(exc: BaseException) -> str | None:
    """One line for a failure whose cause is the machine (a full disk, a read-only or
    locked repository, a file pressbot may not read), not pressbot: a git that says so, or
    the operating system's error; None for any other failure."""
    from bot.git.policy import GitError

    if isinstance(exc, GitError) and exc.cause:
        return f"git could not do its work in this repository: {exc.cause} ({exc.said})"
    if isinstance(exc, OSError) and exc.errno in ENVIRONMENT_ERRNOS:
        name = exc.filename
        where = f"{os.fsdecode(name)}: " if isinstance(name, str | bytes) else ""
        return f"{where}{exc.strerror or exc}"
    return None


@contextlib.contextmanager
def _moment_of(args: argparse.Namespace) -> Iterator[None]:
    """`--now` for the run, as PRESSBOT_NOW (every command reads the site through it)."""
    now = getattr(args, "now", None)
    if now is None:
        yield
        return
    saved = os.environ.get("PRESSBOT_NOW")
    os.environ["PRESSBOT_NOW"] = now
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("PRESSBOT_NOW", None)
        else:
            os.environ["PRESSBOT_NOW"] = saved


def _lenient_output() -> None:
    """Text the terminal's encoding cannot show (`PYTHONIOENCODING=ascii`, a Latin-1 locale,
    a name that is not UTF-8) is written as escapes instead of failing mid-output."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "") == "strict":
            with contextlib.suppress(Exception):
                reconfigure(errors="backslashreplace")


def _reader_gone() -> None:
    """The reader of our output went away (`pressbot list | head -1`): not an error of ours.
    What is still buffered goes nowhere, so that the flush at exit cannot fail either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _internal_error(exc: BaseException) -> int:
    """One line naming the file being handled; the traceback only with PRESSBOT_DEBUG=1."""
    if os.environ.get("PRESSBOT_DEBUG", "").strip() not in ("", "0"):
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    where = file_of(exc)
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    place = f" while handling {_one_line(where)}" if where else ""
    print(
        f"pressbot: internal error{place}: {_one_line(what)[:300]} "
        "(run with PRESSBOT_DEBUG=1 for the traceback)",
        file=sys.stderr,
    )
    return 3


def _one_line(text: str) -> str:
    from bot.render.terminal import clean

    return clean(" ".join(text.split()), 800)


def file_of(exc: BaseException) -> str | None:
    """The file pressbot was handling when ``exc`` was raised: the one named by
    `bot.errors.handling`, else the innermost `post` (or `path`) of pressbot's own frames."""
    named = getattr(exc, "pressbot_file", None)
    if isinstance(named, str):
        return named
    import traceback

    package = os.path.dirname(os.path.abspath(__file__)) + os.sep
    frames = [f for f, _ in traceback.walk_tb(exc.__traceback__)]
    for frame in reversed(frames):
        if not frame.f_code.co_filename.startswith(package):
            continue
        found = _file_in(frame.f_locals)
        if found:
            return found
    return None


def _file_in(names: dict[str, object]) -> str | None:
    post_path = getattr(names.get("post"), "path", None)
    if isinstance(post_path, str) and post_path:
        return post_path
    for key in ("path", "rel", "file"):
        value = names.get(key)
        if isinstance(value, str | os.PathLike) and os.fspath(value):
            return str(os.fspath(value))
    return None
