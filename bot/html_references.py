"""Characters that HTML character references spell (``&acirc;&euro;&trade;``, ``&#x202e;``):
no line of the file holds them, the browser shows them.

A post's Markdown and HTML pass references through to the page (kramdown and Goldmark write
them as the characters), so text that went through the wrong codec and then through an HTML
escaper reaches readers as ``Hereâ€™s`` all the same, and an override written ``&#8238;``
reorders the page as the character would. The rules that scan lines look at each line's
references decoded as a browser decodes them (`html.unescape`: HTML5's named references, and
``&#128;`` as windows-1252's ``€``). Markdown's code is left alone: in a fenced or indented
block or a code span a reference is shown as written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.spans import Spans

if TYPE_CHECKING:
    from bot.post import Post

REFERENCE = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True)
class Decoded:
    """One line with its references decoded."""

    number: int
    line: str
    """The line as written."""
    text: str
    """The line as the browser shows it."""
    starts: tuple[int, ...]
    """For each character of ``text`` and one past its end, the offset in ``line`` where it
    starts (a reference's characters all start at the reference)."""
    referenced: frozenset[int]
    """The offsets in ``text`` of characters that a reference spells."""

    def original(self, start: int, end: int) -> tuple[int, int] | None:
        """The span of ``line`` that shows as ``text[start:end]``; None when a bound falls
        inside the characters of one reference (they share its offset)."""
        at = self.starts
        if 0 < start < len(self.text) and at[start - 1] == at[start]:
            return None
        if 0 < end < len(self.text) and at[end - 1] == at[end]:
            return None
        return at[start], at[end]


def lines(post: Post) -> list[Decoded]:
    """The post's lines that hold a reference to a character other than printable ASCII
    and white space (the only ones that can spell what the rules look for), outside code,
    decoded. Found once per post, for the rule families that look at them."""
    found: list[Decoded] | None = post.memo.get("html_references")
    if found is None:
        found = post.memo["html_references"] = list(_lines(post))
    return found


def _lines(post: Post) -> Iterator[Decoded]:
    text = post.text
    if text is None or "&" not in text or REFERENCE.search(text) is None:
        return
    markdown = not post.path.lower().endswith((".html", ".htm"))  # HTML has no such code
    code = _MarkdownCode()
    for number, line in enumerate(post.lines, 1):
        in_code = markdown and number > post.fm_end_line and code.holds(line)
        if in_code or "&" not in line:
            continue
        decoded = _decode(number, line, markdown)
        if decoded is not None:
            yield decoded


def in_code(post: Post, number: int, start: int, end: int) -> bool:
    """Does ``[start, end)`` of line ``number`` stand in Markdown's code (a fenced or
    indented block, a code span) of the body? What the page shows as written there may be
    quoted on purpose (`encoding/mojibake-in-code`)."""
    if number <= post.fm_end_line or post.path.lower().endswith((".html", ".htm")):
        return False
    blocks: frozenset[int] | None = post.memo.get("code_lines")
    if blocks is None:
        code = _MarkdownCode()
        body = enumerate(post.lines[post.fm_end_line :], post.fm_end_line + 1)
        blocks = post.memo["code_lines"] = frozenset(n for n, line in body if code.holds(line))
    if number in blocks:
        return True
    line = post.lines[number - 1]
    if "`" not in line:
        return False
    # found once per line: a long line holds thousands of runs, each of which asks
    spans: dict[int, Spans] = post.memo.setdefault("code_spans", {})
    if number not in spans:
        spans[number] = Spans(_code_spans(line))
    return spans[number].overlaps(start, end)


class _MarkdownCode:
    """Which lines of a Markdown body, read one after the other, are code: fenced blocks
    (CommonMark: three or more backticks or tildes, indented less than four spaces; after
    backticks, no backtick in the info string; closed by a fence of the same character, at
    least as long, with nothing after it) and indented blocks (four spaces or a tab, after a
    blank line). A list item's indented paragraph is taken for code too: what is missed
    there is missed, nothing is reported that the page does not show."""

    def __init__(self) -> None:
        self.fence: str | None = None
        self.indented = False
        self.after_blank = True

    def holds(self, line: str) -> bool:
        match = _FENCE.match(line)
        if self.fence is not None:
            if (
                match is not None
                and match.group(1)[0] == self.fence[0]
                and len(match.group(1)) >= len(self.fence)
                and not match.group(2).strip()
            ):
                self.fence = None
            return True
        if match is not None and not (match.group(1)[0] == "`" and "`" in match.group(2)):
            self.fence, self.indented, self.after_blank = match.group(1), False, False
            return True
        if not line.strip():
            self.after_blank = True
            return False
        if line.startswith(("    ", "\t")) and (self.after_blank or self.indented):
            self.indented, self.after_blank = True, False
            return True
        self.indented = self.after_blank = False
        return False


def _decode(number: int, line: str, markdown: bool) -> Decoded | None:
    code = Spans(_code_spans(line)) if markdown and "`" in line else None
    pieces: list[str] = []
    starts: list[int] = []
    referenced: set[int] = set()
    at = 0
    for match in REFERENCE.finditer(line):
        a, b = match.span()
        if code is not None and code.covers(a):
            continue
        chars = _characters(match.group())
        if chars == match.group() or (
            chars.isascii() and (chars.isprintable() or chars in "\t\n\r")
        ):
            continue  # unknown, or plain ASCII (`&amp;`, `&#39;`, `&#13;`): nothing to look at
        pieces.append(line[at:a])
        starts.extend(range(at, a))
        referenced.update(range(len(starts), len(starts) + len(chars)))
        pieces.append(chars)
        starts.extend([a] * len(chars))
        at = b
    if not referenced:
        return None
    pieces.append(line[at:])
    starts.extend(range(at, len(line) + 1))
    return Decoded(number, line, "".join(pieces), tuple(starts), frozenset(referenced))


def _characters(reference: str) -> str:
    """What a browser shows for ``reference`` (HTML5): a named one as `html.unescape` reads
    it; a number as its character, even a control one (`html.unescape` drops those, a
    browser keeps them), but for NUL, surrogates and numbers past Unicode (U+FFFD) and
    128-159 (windows-1252's characters)."""
    if reference[1] != "#":
        return html.unescape(reference)
    number = int(reference[3:-1], 16) if reference[2] in "xX" else int(reference[2:-1])
    if number == 0 or 0xD800 <= number <= 0xDFFF or number > 0x10FFFF:
        return "\ufffd"
    if 0x80 <= number <= 0x9F:
        return html.unescape(reference)
    return chr(number)


def _code_spans(line: str) -> list[tuple[int, int]]:
    """The code spans of ``line`` (CommonMark: a run of backticks up to the next run of the
    same length), in order. Linear in the runs: a line of hostile backticks costs no
    backtracking."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    later: dict[int, list[int]] = {}  # run length -> indexes of such runs, last first
    for index in range(len(runs) - 1, -1, -1):
        start, end = runs[index]
        later.setdefault(end - start, []).append(index)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        same = later[end - start]
        while same and same[-1] <= index:
            same.pop()
        if same:
            closer = same.pop()
            spans.append((start, runs[closer][1]))
            index = closer + 1
        else:
            index += 1
    return spans
