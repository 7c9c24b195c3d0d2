"""Reading `git diff` text: the names of ``--raw -z`` records and the new-side line ranges of
each file's hunks (a pull request's reviewable lines). Pure text in, data out."""

from __future__ import annotations

from collections.abc import Iterator


def raw_names(out: str) -> tuple[list[str], list[str], str]:
    """From ``--raw -z`` records (``:meta NUL path NUL``, or ``:meta NUL from NUL to NUL`` for
    a rename or copy): the new-side names of the files that are still there, the names that
    are gone (a deleted file's, a renamed one's old name), and the patch text that follows."""
    names: list[str] = []
    gone: list[str] = []
    pos = 0
    while out.startswith(":", pos):
        end = out.find("\0", pos)
        if end < 0:
            break
        status = out[pos:end].rsplit(" ", 1)[-1]
        pos = end + 1
        fields = []
        for _ in range(2 if status[:1] in ("R", "C") else 1):
            end = out.find("\0", pos)
            if end < 0:
                end = len(out)
            fields.append(out[pos:end])
            pos = end + 1
        if status[:1] == "D":
            gone.append(fields[0])
            continue
        if status[:1] == "R":
            gone.append(fields[0])
        names.append(fields[-1])
    patch = out[pos:].removeprefix("\0")
    return list(dict.fromkeys(names)), list(dict.fromkeys(gone)), patch


def parse_hunks(patch: str) -> dict[str, list[tuple[int, int]]]:
    """New-side ``(first, last)`` line ranges of each hunk, by file, from a unified diff.

    Works on ``git diff`` output (``+++ b/path`` headers) and on one file's ``patch`` from
    GitHub's PR files API (no headers: the ranges go under the key ``""``). The hunks of each
    file are read by `bot.pr.hunks`, which counts each hunk's lines from its header: a post line
    that looks like a header (``+++ x``, ``@@ -1 +1,400 @@``) is content.
    """
    from bot.pr.hunks import new_side_ranges

    out: dict[str, list[tuple[int, int]]] = {}
    for name, hunks in _file_patches(patch):
        ranges = new_side_ranges(hunks)
        if name is not None and ranges:
            out.setdefault(name, []).extend(ranges)
    return out


def _file_patches(patch: str) -> Iterator[tuple[str | None, str]]:
    """Each file's name (None for a deleted file, or one without a ``+++`` line) and its hunks.

    A file's part starts at a ``diff `` line, which no content line can be (each starts with
    `` ``, ``+``, ``-`` or ``\\``, or is empty), so a hunk whose count lies cannot swallow the
    next file. Its headers are the lines before its first ``@@`` line; lines are split on
    ``\\n`` only, as Git writes them (never on U+2028, ``\\r``, ``\\x85``...).
    """
    lines = patch.split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("diff ")]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    for first, stop in zip(starts, [*starts[1:], len(lines)], strict=True):
        name: str | None = "" if first == 0 and not lines[0].startswith("diff ") else None
        i = first
        while i < stop and not lines[i].startswith("@@"):
            if lines[i].startswith("+++ "):
                name = _new_name(lines[i][4:])
            i += 1
        yield name, "\n".join(lines[i:stop])


def _new_name(field: str) -> str | None:
    """The path of a ``+++ `` header: Git ends a name holding a space with a tab, quotes one
    with a tab (or a quote, backslash or control character), and writes ``/dev/null`` for a
    deleted file."""
    name = _unquote(field.removesuffix("\t"))
    if name == "/dev/null":
        return None
    return name.removeprefix("b/")


_C_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def _unquote(name: str) -> str:
    """Undo Git's C-style quoting of a path (``"b/caf\\303\\251.md"``)."""
    if not (len(name) >= 2 and name[0] == name[-1] == '"'):
        return name
    raw = name[1:-1]
    out = bytearray()
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw):
            nxt = raw[i + 1]
            digits = raw[i + 1 : i + 4]
            if len(digits) == 3 and all(c in "01234567" for c in digits):
                out.append(int(digits, 8) & 0xFF)
                i += 4
                continue
            out.append(_C_ESCAPES.get(nxt, ord(nxt)))
            i += 2
            continue
        out.extend(ch.encode("utf-8", "surrogateescape"))
        i += 1
    return out.decode("utf-8", "surrogateescape")
