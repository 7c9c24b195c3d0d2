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
    blank line), in a blockquote too (its ``>`` markers taken off first).

    In a list item, code is indented four spaces past the item's content (``1. `` or ``- ``
    and the spaces after it, as kramdown and Goldmark read it): a 4-space line after a list
    item is the item's paragraph or a nested list, which the page shows as text. Where the
    reading is in doubt it is prose: code exempts its mojibake from `fix`, prose has it fixed.
    """

    def __init__(self) -> None:
        self.fence: str | None = None
        self.fence_depth = 0  # the blockquotes the fence is in
        self.indented = False
        self.after_blank = True
        self.depth = 0  # the blockquotes of the last line
        self.items: list[int] = []  # the content indents of the open list items, innermost last

    def holds(self, line: str) -> bool:
        if self.fence is not None:
            depth, rest = _unquote(line, self.fence_depth)
            if depth == self.fence_depth and (not rest.strip() or _indent(rest) >= self._base()):
                self._close_fence(rest)
                return True
            self.fence = None  # the blockquote or the list item ended, and the fence with it
        depth, rest = _unquote(line)
        if depth != self.depth:
            self.depth, self.items, self.indented, self.after_blank = depth, [], False, True
        if not rest.strip():
            self.after_blank = True
            return False
        indent = _indent(rest)
        if self.after_blank:
            while self.items and indent < self.items[-1]:
                self.items.pop()  # the line is outside the item: the item has ended
        if self._opens_fence(rest, indent, depth):
            return True
        base = self._base()
        if indent >= base + 4 and (self.after_blank or self.indented):
            self.indented, self.after_blank = True, False
            return True
        item = _ITEM.match(rest)
        if item is not None:
            while self.items and indent < self.items[-1]:
                self.items.pop()
            self.items.append(_content_indent(rest, item))
        self.indented = self.after_blank = False
        return False

    def _opens_fence(self, rest: str, indent: int, depth: int) -> bool:
        """Does ``rest`` open a fence? In the innermost list item it is not indented past:
        a fence is never a lazy line of an item's paragraph, it ends the items it is outside
        of (a fence right after ``- item`` at the margin is code all the same)."""
        inside = [at for at in self.items if at <= indent]
        base = inside[-1] if inside else 0
        if indent >= base + 4:
            return False
        match = _FENCE.match(" " * (indent - base) + rest.lstrip(" \t"))
        if match is None or (match.group(1)[0] == "`" and "`" in match.group(2)):
            return False
        self.fence, self.fence_depth, self.items = match.group(1), depth, inside
        self.indented = self.after_blank = False
        return True

    def _close_fence(self, rest: str) -> None:
        match = _FENCE.match(rest.lstrip(" \t")) if _indent(rest) < self._base() + 4 else None
        if (
            match is not None
            and self.fence is not None
            and match.group(1)[0] == self.fence[0]
            and len(match.group(1)) >= len(self.fence)
            and not match.group(2).strip()
        ):
            self.fence = None

    def _base(self) -> int:
        return self.items[-1] if self.items else 0


_QUOTE = re.compile(r" {0,3}> ?")
_ITEM = re.compile(r" *(?:[-+*]|[0-9]{1,9}[.)])(?=[ \t]|$)")


def _unquote(line: str, most: int = 1 << 30) -> tuple[int, str]:
    """How many blockquote markers (up to ``most``) ``line`` starts with, and the line
    without them."""
    depth = at = 0
    while depth < most and (match := _QUOTE.match(line, at)) is not None:
        at, depth = match.end(), depth + 1
    return depth, line[at:]


def _indent(text: str) -> int:
    """The columns of white space ``text`` starts with (a tab to the next multiple of 4)."""
    column = 0
    for ch in text:
        if ch == " ":
            column += 1
        elif ch == "\t":
            column += 4 - column % 4
        else:
            break
    return column


def _content_indent(line: str, marker: re.Match[str]) -> int:
    """Where a list item's content starts: past its marker and the spaces after it (one,
    when there are none or five or more: the rest is an indented block)."""
    after = line[marker.end() :]
    spaces = len(after) - len(after.lstrip(" "))
    if spaces == 0 or spaces > 4 or not after.strip():
        spaces = 1
    return marker.end() + spaces


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
