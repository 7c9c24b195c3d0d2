"""Undo the layers of mojibake one after the other, and map the repaired text back onto
spans of the original, one per word."""

from __future__ import annotations

from itertools import pairwise

from bot.mojibake.c1_controls import fix_c1
from bot.mojibake.judge import layer
from bot.mojibake.quick_scan import C1, SUSPECT
from bot.mojibake.span import MojibakeSpan


def repairs(text: str) -> list[MojibakeSpan]:
    """The spans of ``text``, which `suspicious` let through, as the layers repair them."""
    matches = layer(text)
    if not matches and not C1.search(text):
        return []
    # Each character of the working text remembers the span of the original it came from, the
    # codecs that were undone to get it, and why its repair is a guess (if it is).
    work = text
    origin: list[tuple[int, int]] = [(i, i + 1) for i in range(len(text))]
    codecs: list[str] = [""] * len(text)
    doubts: list[str] = [""] * len(text)
    for _ in range(4):
        if not matches:
            break
        new_work: list[str] = []
        new_origin: list[tuple[int, int]] = []
        new_codecs: list[str] = []
        new_doubts: list[str] = []
        pos = 0
        for m in matches:
            new_work.extend(work[pos : m.start])
            new_origin.extend(origin[pos : m.start])
            new_codecs.extend(codecs[pos : m.start])
            new_doubts.extend(doubts[pos : m.start])
            span = (origin[m.start][0], origin[m.end - 1][1])
            inner = codecs[m.start]
            label = f"{m.codec}+{inner}" if inner else m.codec
            doubt = m.doubt or next((d for d in doubts[m.start : m.end] if d), "")
            for ch in m.text:
                new_work.append(ch)
                new_origin.append(span)
                new_codecs.append(label)
                new_doubts.append(doubt)
            pos = m.end
        new_work.extend(work[pos:])
        new_origin.extend(origin[pos:])
        new_codecs.extend(codecs[pos:])
        new_doubts.extend(doubts[pos:])
        work, origin, codecs, doubts = "".join(new_work), new_origin, new_codecs, new_doubts
        if not SUSPECT.search(work):
            break
        matches = layer(work, changed=[bool(c) for c in codecs], proven=True)
    work = fix_c1(work, codecs, doubts)
    return _spans(text, work, origin, codecs, doubts)


_LONGEST_SPAN = 160
"""Runs of one word are joined into one span up to this many characters of the original (a
"word" of a hostile line can be as long as the line)."""


def _spans(
    text: str, work: str, origin: list[tuple[int, int]], codecs: list[str], doubts: list[str]
) -> list[MojibakeSpan]:
    """Group the repaired characters into spans of the original, one per word."""
    pieces: list[MojibakeSpan] = []
    i, n = 0, len(work)
    while i < n:
        if not codecs[i]:
            i += 1
            continue
        start, end = origin[i]
        doubt = doubts[i]
        j = i + 1
        while j < n and codecs[j] and origin[j][0] < end:
            end = max(end, origin[j][1])
            doubt = doubt or doubts[j]
            j += 1
        pieces.append(MojibakeSpan(start, end, work[i:j], codecs[i], doubt))
        i = j
    spans: list[MojibakeSpan] = []
    group: list[MojibakeSpan] = []
    for piece in pieces:
        if group and _same_word(text, group, piece):
            group.append(piece)
            continue
        if group:
            spans.append(_joined(text, group))
        group = [piece]
    if group:
        spans.append(_joined(text, group))
    return spans


def _same_word(text: str, group: list[MojibakeSpan], piece: MojibakeSpan) -> bool:
    """Does ``piece`` join the span being built: in the same word, both certain, not too long?"""
    prev = group[-1]
    if prev.doubt or piece.doubt or piece.start - prev.end > 8:
        return False
    if piece.end - group[0].start > _LONGEST_SPAN:
        return False
    return not any(c.isspace() for c in text[prev.end : piece.start])


def _joined(text: str, group: list[MojibakeSpan]) -> MojibakeSpan:
    first = group[0]
    if len(group) == 1:
        return first
    parts = [first.replacement]
    for prev, piece in pairwise(group):
        parts.append(text[prev.end : piece.start])
        parts.append(piece.replacement)
    return MojibakeSpan(first.start, group[-1].end, "".join(parts), first.codec, first.doubt)
