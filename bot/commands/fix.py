"""`pressbot fix`: apply the safe fixes in place (mojibake repair, BOM removal).

Only the characters being repaired change: line endings, trailing spaces and the formatting
of the front matter stay byte for byte. Each file is replaced atomically (a temporary file in
the same folder, then a rename) and keeps its permissions. A file that is not UTF-8 is left
alone unless `--from-encoding` names its codec; then the whole file is transcoded to UTF-8.

Exit codes: 0 done (or nothing to do), 1 with `--check` when a file would change (or when a
file could not be read as `--from-encoding`), 2 usage errors.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.commands.options import add_paths, site_and_paths
from bot.errors import UsageError

if TYPE_CHECKING:
    from bot.post import Post


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_paths(parser)
    parser.add_argument(
        "--diff", action="store_true", help="print a unified diff of the fixes; change nothing"
    )
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 when a file would change"
    )
    parser.add_argument(
        "--from-encoding",
        metavar="CODEC",
        help="transcode files that are not UTF-8 from this codec (e.g. cp1252)",
    )


@dataclass
class Outcome:
    """What fixing one file changes."""

    old: bytes
    new: bytes
    repairs: int = 0
    bom: bool = False
    transcoded: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.new != self.old

    def summary(self) -> str:
        parts = []
        if self.transcoded:
            parts.append(f"transcoded from {self.transcoded}")
        if self.repairs:
            parts.append(f"{self.repairs} mojibake repair{'s' if self.repairs != 1 else ''}")
        if self.bom:
            parts.append("byte-order mark removed")
        return ", ".join(parts)


def fix_text(text: str) -> tuple[str, int]:
    """``text`` with every line's mojibake repaired, and the number of repairs.

    Lines are split on LF only; a CR before it (CRLF files) is kept where it was.
    """
    from bot.mojibake import apply_spans, find_mojibake

    lines = text.split("\n")
    repairs = 0
    for i, line in enumerate(lines):
        body, cr = (line[:-1], "\r") if line.endswith("\r") else (line, "")
        spans = find_mojibake(body)
        if spans:
            lines[i] = apply_spans(body, spans) + cr
            repairs += len(spans)
    return "\n".join(lines), repairs


def plan(post: Post, from_encoding: str | None) -> Outcome:
    """The fixed bytes of ``post``."""
    data = post.data
    outcome = Outcome(old=data, new=data)
    if post.text is None:
        if from_encoding is None:
            hint = next(
                (f.message for f in post.parse_findings if f.rule == "encoding/invalid-utf8"),
                "the file is not UTF-8",
            )
            outcome.notes.append(f"not changed: {hint}")
            return outcome
        try:
            text = data.decode(from_encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            outcome.notes.append(f"cannot be read as {from_encoding} ({exc}); not changed")
            return outcome
        outcome.transcoded = from_encoding
    else:
        text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
        outcome.bom = True
    text, outcome.repairs = fix_text(text)
    outcome.new = text.encode("utf-8")
    return outcome


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename, keeping the file's permissions."""
    mode = os.stat(path).st_mode & 0o7777
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _visible(text: str) -> str:
    """Text safe to print on a terminal: control characters (but tab and newline) escaped."""
    out = []
    for i, char in enumerate(text):
        code = ord(char)
        is_line_end = char == "\r" and text[i + 1 : i + 2] == "\n"
        if (code < 0x20 and char not in "\t\n" and not is_line_end) or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        else:
            out.append(char)
    return "".join(out)


def write_diff(stream: TextIO, path: str, outcome: Outcome) -> None:
    import difflib

    old = outcome.old.decode(outcome.transcoded or "utf-8", errors="replace")
    if old.startswith("\ufeff"):
        old = old[1:]
    new = outcome.new.decode("utf-8")
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    if outcome.bom:
        stream.write(f"# {path}: byte-order mark removed\n")
    for line in lines:
        stream.write(_visible(line if line.endswith("\n") else line + "\n"))


def run(args: argparse.Namespace) -> int:
    from bot.discover import discover
    from bot.post import read_post

    if args.from_encoding:
        try:
            codecs.lookup(args.from_encoding)
        except LookupError:
            raise UsageError(f"unknown encoding {args.from_encoding!r}") from None
    site, paths = site_and_paths(args)
    files = discover(site, paths) if paths is None or paths else []
    dry = args.diff or args.check
    changed = failed = 0
    for path in files:
        post = read_post(site, path)
        if not post.readable:
            for finding in post.parse_findings:
                print(f"{post.path}: {finding.message}; not changed", file=sys.stderr)
            continue
        outcome = plan(post, args.from_encoding)
        for note in outcome.notes:
            print(f"{post.path}: {note}", file=sys.stderr)
            failed += "cannot be read as" in note
        if not outcome.changed:
            continue
        changed += 1
        if args.diff:
            write_diff(sys.stdout, post.path, outcome)
        if dry:
            if not args.diff:
                print(f"would fix {post.path}: {outcome.summary()}")
            continue
        write_atomically(Path(os.path.realpath(post.abspath)), outcome.new)
        print(f"fixed {post.path}: {outcome.summary()}")
    if args.check and changed:
        return 1
    return 1 if failed else 0
