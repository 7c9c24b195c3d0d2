"""Untrusted text (post content, file names, remote answers) for a terminal or a job log.

A character that is not printable is written as its escape, as Python would show it: ``\\x1b``
for a C0 or C1 control, ``\\u202e`` for a bidirectional control (they reorder what is shown:
Trojan Source), ``\\U000e0041`` beyond the BMP. A lone surrogate, which stands for a byte of a
file name that is not UTF-8 (``surrogateescape``), is written as that byte: ``\\xff``.

One line of log may not hold a workflow command either. GitHub's runner reads two forms: ``::``
at the start of a line (after any whitespace), and the older ``##[command]`` anywhere in it. So
``::`` and ``#[`` are split by a zero-width space wherever they occur: no prefix a caller writes
before the text matters, and no ``##[`` is left inside it. JSON that is printed keeps its exact
text instead: see `inert_json`.
"""

from __future__ import annotations

import re

ZWSP = "\u200b"
_SURROGATES = re.compile("[\ud800-\udfff]")
_COMMAND = re.compile(":(?=:)|#(?=\\[)")
_V1_PREFIX = "##["


def escape_char(char: str) -> str:
    """One character as its escape: ``\\x1b``, ``\\u202e``, ``\\U000e0041``; a surrogate that
    stands for a byte (U+DC80..U+DCFF) as that byte, ``\\xff``."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def shown(text: str) -> str:
    """``text`` as valid Unicode: every lone surrogate escaped (see `escape_char`), the rest
    unchanged. For formats that escape control characters themselves (JSON, SARIF)."""
    if text.isascii() or not _SURROGATES.search(text):
        return text
    return _SURROGATES.sub(lambda m: escape_char(m.group()), text)


def raw_bytes(text: str) -> bytes:
    """The bytes ``text`` stands for, for a URL: UTF-8, and a byte that was not UTF-8 (kept as
    a lone surrogate by ``surrogateescape``) as that byte; any other lone surrogate as its
    escape (`shown`), since no file name can hold one."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return shown(text).encode("utf-8", "surrogateescape")


def visible(text: str, keep: str = "") -> str:
    """``text`` with every character that is not printable escaped, except those in ``keep``
    (a diff keeps tab and newline, and a CR before a newline). A space stays a space."""
    if text.isascii() and text.isprintable():
        return text
    out: list[str] = []
    for i, char in enumerate(text):
        crlf = char == "\r" and "\n" in keep and text[i + 1 : i + 2] == "\n"
        out.append(char if char.isprintable() or char in keep or crlf else escape_char(char))
    return "".join(out)


def clean(text: object, limit: int | None = 300) -> str:
    """Untrusted text for one line of a terminal or a job log: nothing unprintable (see
    `visible`), no workflow command, and at most ``limit`` characters of it then ``…``
    (``None``: all of it, for a line whose parts are bounded already)."""
    s = str(text)
    cut = limit is not None and len(s) > limit
    if limit is not None:
        s = s[:limit]
    s = visible(s)
    if "::" in s or "#[" in s:
        s = _COMMAND.sub(lambda m: m.group() + ZWSP, s)
    return s + "…" if cut else s


def inert_json(text: str) -> str:
    """JSON text that is printed (to a job log, where the runner reads ``##[command]`` anywhere
    in a line) with every ``##[`` written ``#\\u0023[``: the same data once parsed. Outside a
    string JSON has no ``#``, and its lines start with a space, a quote or a bracket, never
    ``::``, so this is all it takes."""
    return text.replace(_V1_PREFIX, "#\\u0023[") if _V1_PREFIX in text else text
