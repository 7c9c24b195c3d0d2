"""`pressbot fix`: apply the safe fixes in place (mojibake repair, BOM removal, hidden text
removal).

The fixes are the `Fix` records the rules attach to their findings (what `check --format
json` shows), applied by `bot.fixes.apply`. Only the characters being repaired change: line
endings, trailing spaces and the formatting of the front matter stay byte for byte. A file
that is not UTF-8 is left alone unless `--from-encoding` names its codec; then the whole
file is transcoded to UTF-8 (UTF-16 and UTF-32 files, with or without a BOM, are
recognised and named in the note).

No byte is lost (see `bot.atomicwrite`):
- a file is written only if it still holds what was read, checked just before the rename; an
  edit made meanwhile is kept and the file reported "changed while fixing; not written";
- the new bytes go to a temporary file beside the file (``.<name>.pressbot-XXXXXXXX.tmp``),
  flushed to disk, then renamed over it; the temporary files of a killed run are removed by
  the next run;
- a link inside the site is kept and its target (resolved once, checked to be inside the
  site) is fixed; if the link or a folder on the path changes meanwhile, nothing is written;
- mode, owner and group are kept where the user may set them; a file with several hard links
  is not replaced (a rename would split the links): a note says so;
- a file that cannot be written (no space, a read-only file or folder...) is reported on one
  line and left as it was; the other files are still fixed.
A file named twice (directly, through its folder or through a link) is fixed once.

Exit codes: 0 done (or nothing to do); 1 with `--check` when a file would change, or when a
file was not written because it changed meanwhile, has hard links, or cannot be read as
`--from-encoding`; 2 usage errors, and files that could not be read or written.
"""

from __future__ import annotations

import argparse
import codecs
import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from bot.commands.options import add_paths, site_and_paths
from bot.errors import UsageError
from bot.render.terminal import clean, visible

if TYPE_CHECKING:
    from bot.post import Post
    from bot.problem import Finding, Fix
    from bot.site import Site


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
        help="transcode files that are not UTF-8 from this codec (e.g. cp1252, utf-16)",
    )


@dataclass
class Outcome:
    """What fixing one file changes."""

    old: bytes
    new: bytes
    repairs: int = 0
    hidden: int = 0
    """Runs of tag characters hiding text, removed."""
    bom: bool = False
    transcoded: str | None = None
    notes: list[str] = field(default_factory=list)
    failed: bool = False
    """A note says the file could not be fixed as asked (exit 1)."""

    @property
    def changed(self) -> bool:
        return self.new != self.old

    def summary(self) -> str:
        parts = []
        if self.transcoded:
            parts.append(f"transcoded from {self.transcoded}")
        if self.repairs:
            parts.append(f"{self.repairs} mojibake repair{'s' if self.repairs != 1 else ''}")
        if self.hidden:
            runs = f"{self.hidden} run{'s' if self.hidden != 1 else ''}"
            parts.append(f"hidden text removed ({runs})")
        if self.bom:
            parts.append("byte-order mark removed")
        return ", ".join(parts)


def fix_text(text: str) -> tuple[str, int]:
    """``text`` with its certain mojibake repaired (the mojibake rule's fixes, applied),
    and the number of repairs. Lines are split on LF only; a CR before it (CRLF files) is
    kept where it was."""
    from bot import fixes
    from bot.post import Post
    from bot.rules import mojibake

    post = Post(path="", file="", text=text, source=text)
    # The rule reads only the text: no site is needed.
    found = [f.fix for f in mojibake.check(post, cast("Site", None)) if f.fix is not None]
    return fixes.apply(text, found), len(found)


# Codecs that turn bytes into text but are not how a file is saved: decoding a post with them
# would change it (escapes interpreted, labels lowercased) instead of reading it.
_NOT_FILE_ENCODINGS = {"undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape"}
_WIDE = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}


def text_codec(name: str) -> str:
    """``name``, checked to be a codec a text file can be saved in; else a `UsageError`."""
    try:
        canonical = codecs.lookup(name).name
    except (LookupError, ValueError, TypeError):
        raise UsageError(f"unknown encoding {name!r}") from None
    try:
        b"".decode(canonical)
        "".encode(canonical)
        text = canonical not in _NOT_FILE_ENCODINGS
    except (LookupError, UnicodeError):
        text = False  # rot13, base64, zlib...: bytes to bytes or text to text
    if not text:
        raise UsageError(
            f"{name!r} is not a text encoding; name the codec the files were saved in "
            "(e.g. cp1252, latin-1, utf-16)"
        )
    return name


def _decode(post: Post, codec: str) -> tuple[str | None, str]:
    """The text of a post that is not UTF-8, read as ``codec``; or None and why not."""
    try:
        text = post.data.decode(codec)
    except UnicodeError as exc:
        return None, str(exc)
    if post.encoding is not None:  # UTF-16 or UTF-32: the codec must read it the same way
        from bot.post import wide_encoding

        if text.lstrip("\ufeff") != post.data.decode(post.encoding, "replace").lstrip("\ufeff"):
            label = (wide_encoding(post.data) or (post.encoding, post.encoding))[1]
            return None, f"it is {label} text: use --from-encoding {post.encoding}"
    elif codecs.lookup(codec).name in _WIDE:
        return None, "it is not UTF-16 or UTF-32 text"
    if "\x00" in text:
        return None, "that gives NUL characters: it is not text in that encoding"
    return text, ""


def plan(site: Site, post: Post, from_encoding: str | None) -> Outcome:
    """The fixed bytes of ``post``: the fixes of its findings applied (after transcoding it
    from ``from_encoding`` when it is not UTF-8)."""
    from bot import fixes
    from bot.post import parse_post
    from bot.rules import encoding, mojibake

    data = post.data
    outcome = Outcome(old=data, new=data)
    reads = None if site.is_hugo else site.read_encoding
    if reads is not None and not reads.utf8:
        # It writes UTF-8, which this site would read as mojibake; no finding here carries a
        # fix (`encoding/mojibake` leaves them out), so there is only a transcoding to refuse.
        if from_encoding is not None or post.text is None:
            outcome.notes.append(
                f"not changed: the site reads posts as {reads.name} (`encoding` in "
                f"{site.jekyll_file}), and `pressbot fix` writes UTF-8"
            )
        return outcome
    if post.text is None:
        if from_encoding is None:
            hint = next(
                (
                    f.message
                    for f in encoding.check(post, site)
                    if f.rule == encoding.INVALID_UTF8.id
                ),
                "the file is not UTF-8",
            )
            outcome.notes.append(f"not changed: {hint}")
            return outcome
        text, why = _decode(post, from_encoding)
        if text is None:
            outcome.notes.append(f"cannot be read as {from_encoding} ({why}); not changed")
            outcome.failed = True
            return outcome
        outcome.transcoded = from_encoding
        post = parse_post(site, post.path, text.encode("utf-8"))
    else:
        text = data.decode("utf-8")
    everything = fixes.findings_of(post, site)
    found = fixes.fixable(everything, site)
    new, left_out, after = _settled(site, post, text, found)
    made = [f for f in found if id(f.fix) not in left_out]
    held = sorted({f.line for f in found if id(f.fix) in left_out})
    if held:
        lines = ", ".join(map(str, held[:10])) + (" ..." if len(held) > 10 else "")
        outcome.notes.append(
            f"line(s) {lines} left as they are: repaired, they would hold text to repair "
            "again (or repairs that overlap); repair them by hand"
        )
    # what is said is what was made: a repair an overlapping one kept out is not counted
    outcome.repairs = sum(f.rule == mojibake.MOJIBAKE.id for f in made)
    outcome.hidden = sum(f.rule == encoding.HIDDEN_TEXT.id for f in made)
    outcome.bom = any(f.rule == encoding.BOM.id for f in made)
    outcome.new = new.encode("utf-8")
    if outcome.changed:
        worse = fixes.errors_added(everything, after)
        if worse:
            outcome.notes.append(
                f"not changed: the repairs would bring new errors ({', '.join(worse)}); "
                "repair the file by hand"
            )
            outcome.new, outcome.repairs, outcome.hidden, outcome.bom = data, 0, 0, False
            return outcome
    if outcome.changed and outcome.transcoded is None:
        moved = _moved(site, post, outcome.new)
        if moved:
            outcome.notes.append(moved)
    return outcome


def _settled(
    site: Site, post: Post, text: str, found: list[Finding]
) -> tuple[str, set[int], list[Finding]]:
    """The text with ``found``'s fixes made, the ids of the fixes left out, and the findings
    of the result, such that a second `fix` changes nothing: a line where the repaired text
    still has something to repair (a repair that made new mojibake with its neighbours, a
    repair an overlapping one kept out) gets none of its repairs, and is left to the author
    with its findings. Repairs keep the lines where they are, so lines are compared as
    numbers. Each round leaves out more lines; after `_ROUNDS` what is left is made."""
    from bot import fixes
    from bot.post import parse_post

    wanted = [f.fix for f in found if f.fix is not None]
    for n in range(_ROUNDS):
        new, left_out = fixes.applied(text, wanted)
        after = fixes.findings_of(parse_post(site, post.path, new.encode("utf-8")), site)
        reach = _reach(wanted)
        redo = [f.fix for f in fixes.fixable(after, site) if f.fix is not None]
        again = {line for fix in redo if not _beyond(fix, reach) for line in _lines_of(fix)}
        kept = [fix for fix in wanted if again.isdisjoint(_lines_of(fix))]
        if len(kept) == len(wanted) or n == _ROUNDS - 1:
            break
        wanted = kept
    made = {id(fix) for fix in wanted} - {id(fix) for fix in left_out}
    return new, {id(f.fix) for f in found} - made, after


_ROUNDS = 4


def _reach(wanted: list[Fix]) -> dict[int, int]:
    """For each line whose repairs are all within it, the column just past its last repair
    in the repaired text: no repair can make text to repair that starts further on."""
    whole: set[int] = set()
    within: list[tuple[int, int, int, str]] = []
    for fix in wanted:
        if fix.column is None or fix.end_column is None or fix.end_line not in (None, fix.line):
            whole.add(fix.line)
        else:
            within.append((fix.line, fix.column, fix.end_column, fix.replacement))
    reach: dict[int, int] = {}
    shift: dict[int, int] = {}
    for line, column, end, replacement in sorted(within):
        if line not in whole:
            shift[line] = shift.get(line, 0) + len(replacement) - (end - column)
            reach[line] = end + shift[line]
    return reach


def _beyond(fix: Fix, reach: dict[int, int]) -> bool:
    """Is ``fix`` (of the repaired text) on a line of ``reach``, after all its repairs? It
    is text the first reading did not reach (`bot.rules.mojibake.EXAMINED_RUNS`), not text
    the repairs made."""
    end = reach.get(fix.line)
    return end is not None and fix.column is not None and fix.column > end


def _lines_of(fix: Fix) -> range:
    return range(fix.line, (fix.end_line or fix.line) + 1)


def _moved(site: Site, post: Post, new: bytes) -> str | None:
    """What to say when the fixed file builds to another URL than the file does: a repaired
    title is a new Hugo `:slug`, a repaired `slug:` or category a new path in both. The new
    URL is the right one for a post not yet published; for one that is, the old URL's links
    break, and only the author knows which it is."""
    from bot.post import parse_post
    from bot.reading import describe

    before = describe(post, site)
    if not before.published or not before.url:
        return None
    after = describe(parse_post(site, post.path, new), site).url
    if not after or after == before.url:
        return None
    keep = (
        "list the old one in its `aliases` (Hugo then redirects it)"
        if site.is_hugo
        else f"keep the old one with `permalink: {before.url}`"
    )
    return (
        f"the repair moves the post from {before.url} to {after}: "
        f"if it is published already, {keep}"
    )


def say(stream: TextIO, text: str) -> None:
    """Write ``text`` (made `visible`) whatever the stream's encoding accepts."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.write(text.encode(encoding, "backslashreplace").decode(encoding))


def write_diff(stream: TextIO, path: str, outcome: Outcome) -> None:
    """The repair as a unified diff (`bot.render.patch`) that applies exactly to the file, or,
    when it was transcoded, to its text in UTF-8 (the `#` line says from which codec): what
    `git apply` or `patch -p1` make of it is what `fix` writes. Its lines are the post's own,
    so they are written byte for byte (in UTF-8, whatever the stream's encoding), fenced in
    GitHub Actions (`commands_stopped`) rather than altered, since a context line
    `` ::error::...`` or any line with ``##[error]`` would be read as a workflow command. On
    a terminal, which would act on a control character, those are shown as escapes instead
    and a `#` line says that this copy does not apply."""
    from bot.render import patch
    from bot.render.workflow import commands_stopped

    old = outcome.old.decode(outcome.transcoded or "utf-8", errors="replace")
    diff = patch.unified(path, old, outcome.new.decode("utf-8"))
    shown = patch.header_name(path)
    notes = []
    if outcome.transcoded:  # the text is compared: a change of its bytes is said here
        notes.append(f"# {shown}: transcoded from {outcome.transcoded} to UTF-8\n")
    if outcome.bom:
        notes.append(f"# {shown}: byte-order mark removed\n")
    text = "".join(notes) + diff
    terminal = _read_by_people(stream, os.environ)
    if terminal and visible(diff, keep="\t\n") != diff:
        text = visible(text, keep="\t\n") + (
            f"# {visible(shown)}: characters a terminal would act on are shown as escapes; "
            "write the diff to a file for one that applies\n"
        )
    with commands_stopped(stream, os.environ):
        if terminal:
            say(stream, text)
        else:
            _write_exact(stream, text)


def _read_by_people(stream: TextIO, env: Mapping[str, str]) -> bool:
    """A terminal, or a GitHub Actions log (a pipe there: the log viewer acts on escape
    sequences as a terminal does). A file the diff is redirected to gets it exact."""
    import stat

    if getattr(stream, "isatty", lambda: False)():
        return True
    if env.get("GITHUB_ACTIONS") != "true":
        return False
    try:
        return not stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (AttributeError, OSError, ValueError):
        return True  # no file behind it: it is shown


def _write_exact(stream: TextIO, text: str) -> None:
    """``text`` as UTF-8, through the stream's bytes when it has them."""
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8", "surrogateescape"))
    buffer.flush()


class Fixer:
    """One `pressbot fix` run: the files already seen, the folders already cleaned of stale
    temporary files, and the exit status so far."""

    def __init__(self, site: Site, args: argparse.Namespace, from_encoding: str | None) -> None:
        self.site = site
        self.args = args
        self.from_encoding = from_encoding
        self.dry = bool(args.diff or args.check)
        self.started_ns = time.time_ns()
        self.seen: set[tuple[int, int]] = set()
        self.cleaned: set[str] = set()
        self.written: set[str] = set()
        self.changed = 0
        self.status = 0

    def note(self, post: Post, text: str, status: int) -> None:
        # the text may quote the post (a URL it builds to): one line, nothing that runs
        say(sys.stderr, f"{clean(post.path, None)}: {clean(text, None)}\n")
        self.status = max(self.status, status)

    def fix(self, path: Path) -> None:
        from bot.post import read_post

        post = read_post(self.site, path)
        if not post.readable and post.encoding is None:
            from bot.rules import encoding, file

            # A file that could not be read is an error of the run (2); one that is not text
            # (a binary file named like a post) is only noted: `check` reports it.
            for finding in [*file.check(post, self.site), *encoding.check(post, self.site)]:
                status = 2 if finding.rule in {rule.id for rule in file.RULES} else 0
                self.note(post, f"{finding.message}; not changed", status)
            return
        if post.file_stat is not None:
            identity = (post.file_stat.st_dev, post.file_stat.st_ino)
            if identity in self.seen:
                return  # named twice: through a link, its folder, or again
            self.seen.add(identity)
        if not self.dry:
            self.clean(post)
        outcome = plan(self.site, post, self.from_encoding)
        for text in outcome.notes:
            self.note(post, text, 1 if outcome.failed else 0)
        if not outcome.changed:
            return
        self.changed += 1
        if self.args.diff:
            write_diff(sys.stdout, self.written_name(post), outcome)
        if self.dry:
            if not self.args.diff:
                say(sys.stdout, f"would fix {clean(post.path, None)}: {outcome.summary()}\n")
            return
        if self.write(post, outcome):
            say(sys.stdout, f"fixed {clean(post.path, None)}: {outcome.summary()}\n")

    def written_name(self, post: Post) -> str:
        """The file `fix` writes, as the diff names it: a linked post's target, or the post
        reached through a linked folder, where it really is (`git apply` changes no file
        beyond a link, and `patch` replaces no link)."""
        return post.path if post.real is None else self.site.relpath(post.real)

    def write(self, post: Post, outcome: Outcome) -> bool:
        """Replace the file that was read, if it is still that file with those bytes."""
        from bot import atomicwrite

        assert post.real is not None and post.file_stat is not None
        folder, name = os.path.split(post.real)
        try:
            dir_fd = atomicwrite.open_folder(str(self.site.root), folder)
            try:
                atomicwrite.replace_if_unchanged(
                    dir_fd,
                    name,
                    post.file_stat,
                    outcome.old,
                    outcome.new,
                    # The path named still leads there (no link or folder swapped meanwhile).
                    still=lambda: os.path.realpath(post.file) == post.real,
                    sync_folder=False,  # once per folder, in `finish`
                )
                self.written.add(folder)
            finally:
                os.close(dir_fd)
        except atomicwrite.ChangedError:
            self.note(post, "changed while fixing; not written", 1)
        except atomicwrite.NotReplacedError as exc:
            self.note(post, str(exc), 1)
        except OSError as exc:
            self.note(post, f"cannot write ({exc.strerror or exc}); not changed", 2)
        else:
            return True
        return False

    def finish(self) -> None:
        """Make the renames durable: each folder written to is synced once."""
        from bot import atomicwrite

        for folder in sorted(self.written):
            try:
                dir_fd = atomicwrite.open_folder(str(self.site.root), folder)
            except (OSError, atomicwrite.ChangedError):
                continue
            try:
                atomicwrite.sync_folder(dir_fd)
            finally:
                os.close(dir_fd)

    def clean(self, post: Post) -> None:
        """Remove the temporary files a killed run left in the post's folder (once)."""
        from bot import atomicwrite

        folder = os.path.dirname(post.real or post.file)
        if folder in self.cleaned:
            return
        self.cleaned.add(folder)
        try:
            dir_fd = atomicwrite.open_folder(str(self.site.root), folder)
        except (OSError, atomicwrite.ChangedError):
            return  # the write reports it, if there is one
        try:
            atomicwrite.remove_stale_temps(dir_fd, self.started_ns)
        finally:
            os.close(dir_fd)


def run(args: argparse.Namespace) -> int:
    from bot.discover import discover

    from_encoding = text_codec(args.from_encoding) if args.from_encoding else None
    site, paths = site_and_paths(args)
    files = discover(site, paths) if paths is None or paths else []
    fixer = Fixer(site, args, from_encoding)
    try:
        for path in files:
            fixer.fix(path)
    finally:
        fixer.finish()
    if args.check and fixer.changed:
        return max(fixer.status, 1)
    return fixer.status
