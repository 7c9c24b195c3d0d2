"""A unified diff that applies exactly (`git apply`, `patch -p1`), for `pressbot fix --diff`.

Lines are split on LF only, as Git and GNU patch split them: a CR stays in its line (the CR of
a CRLF ending, or every CR of a file with CR-only endings, which is then one line). A last
line with no LF is followed by ``\\ No newline at end of file``, whether it is removed, added
or context, so a file that ends without one keeps ending so (or gains or loses it exactly). A
file name that a header could not carry as it is (a control character, a quote, a
backslash, a byte that is not UTF-8) is quoted the way Git quotes it
(``"a/x\\ty.md"``), which both tools read; one with a space is followed by a tab, as Git
writes it, for GNU patch reads a name up to a space otherwise.
"""

from __future__ import annotations

import difflib
import re

NO_NEWLINE = "\\ No newline at end of file\n"
_C_ESCAPES = {"\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r"}
_C_ESCAPES.update({'"': '"', "\\": "\\"})


def lines(text: str) -> list[str]:
    """Lines split on LF only, with their endings (a lone CR or a form feed is in a line)."""
    return re.findall(r"[^\n]*\n|[^\n]+", text)


def unified(name: str, old: str, new: str) -> str:
    """The diff of ``old`` to ``new`` (the file ``name``, relative to where it is applied),
    every line ending in LF; empty when the texts are the same."""
    # the first two lines are difflib's own headers, without the quoting a name may need
    body = "".join(_ended(line) for line in list(difflib.unified_diff(lines(old), lines(new)))[2:])
    if not body:
        return ""
    # a name with a space ends in a tab, as Git writes it: GNU patch reads it whole then
    tab = "\t" if " " in name else ""
    return f"--- {header_name('a/' + name)}{tab}\n+++ {header_name('b/' + name)}{tab}\n{body}"


def _ended(line: str) -> str:
    """A line of the diff's body; the last line of a file, which has no LF, marked so."""
    return line if line.endswith("\n") else line + "\n" + NO_NEWLINE


def header_name(name: str) -> str:
    """``name`` as a ``---``/``+++`` header holds it: as it is when both tools read it back
    unchanged, else quoted (C style; a byte of a name that is not UTF-8, kept as a lone
    surrogate, or a character that is not printable as octal escapes of its bytes)."""
    if name.isprintable() and '"' not in name and "\\" not in name:
        return name
    out = []
    for char in name:
        if char in _C_ESCAPES:
            out.append("\\" + _C_ESCAPES[char])
        elif char.isprintable():
            out.append(char)
        else:
            data = _bytes(char)
            out.append("".join(f"\\{byte:03o}" for byte in data))
    return '"' + "".join(out) + '"'


def _bytes(char: str) -> bytes:
    try:
        return char.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that stands for no byte: as Python keeps it
        return char.encode("utf-8", "surrogatepass")
