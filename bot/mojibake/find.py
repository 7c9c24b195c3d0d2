"""Find the mojibake of a line, and repair what is certain."""

from __future__ import annotations

from dataclasses import replace

from bot.mojibake.layers import repairs
from bot.mojibake.quick_scan import suspicious
from bot.mojibake.span import MojibakeSpan, apply_spans


def find_mojibake(text: str) -> list[MojibakeSpan]:
    """The garbled runs of ``text`` (one line or one string), each with its repair.

    Runs in one word are reported as one span; text between them is carried over unchanged.
    A span whose repair is only a guess (`MojibakeSpan.doubt`) stands on its own, so that the
    certain repairs around it can still be made, as long as the guess is still found once they
    are: otherwise ("VocÃª estÃ¡ Ã  vontade", where "Ã " is mojibake only because its
    neighbours are) every span of the line waits for a human.
    """
    if text.isascii() or not suspicious(text):
        return []
    spans = repairs(text)
    if not spans:
        return spans
    spans = [_partial(s) for s in spans]
    doubtful = [s for s in spans if s.doubt]
    if not doubtful or len(doubtful) == len(spans):
        return spans
    repaired = apply_spans(text, spans)
    found = _find(repaired)
    shift = 0
    moved: list[tuple[int, int]] = []
    for span in spans:
        if span.doubt:
            moved.append((span.start + shift, span.end + shift))
        else:
            shift += len(span.replacement) - (span.end - span.start)
    if _all_found(moved, found):
        return spans
    reason = f"on a line with a guess ({doubtful[0].doubt}) that this repair would hide"
    return [s if s.doubt else replace(s, doubt=reason) for s in spans]


def _all_found(places: list[tuple[int, int]], found: list[MojibakeSpan]) -> bool:
    """Does a span of ``found`` overlap each of ``places`` (both in order)?"""
    k = 0
    for a, b in places:
        while k < len(found) and found[k].end <= a:
            k += 1
        if k == len(found) or found[k].start >= b:
            return False
    return True


def _partial(span: MojibakeSpan) -> MojibakeSpan:
    """``span``, in doubt if its repair still reads as mojibake on its own (a layer too many
    or too few was undone: the repair would only be a step, perhaps a wrong one)."""
    if span.doubt or not suspicious(span.replacement) or not _find(span.replacement):
        return span
    return replace(span, doubt=f'"{span.replacement}" still reads as mojibake once repaired')


def _find(text: str) -> list[MojibakeSpan]:
    if text.isascii() or not suspicious(text):
        return []
    return repairs(text)


def fix_text(text: str) -> str:
    """``text`` with every certain repair made; the spans in doubt stay as they are."""
    spans = find_mojibake(text)
    return apply_spans(text, spans) if spans else text
