"""Half-open spans of a line (``[start, end)``), looked up by bisection: a hostile line may
hold tens of thousands of them, and of the positions asked about."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate


class Spans:
    """Spans of one line, in any order, overlapping or not."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._reach = list(accumulate((b for _, b in ordered), max))
        """The furthest end of the spans up to each one."""

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` shares a position with one of the spans."""
        i = bisect_left(self._starts, end) - 1  # the last span that starts before ``end``
        return i >= 0 and self._reach[i] > start

    def covers(self, position: int) -> bool:
        """Whether ``position`` is inside one of the spans."""
        return self.overlaps(position, position + 1)


def by_line(spans: Iterable[tuple[int, int, int]]) -> dict[int, Spans]:
    """(line, start, end) triples as each line's `Spans`."""
    lines: dict[int, list[tuple[int, int]]] = {}
    for line, start, end in spans:
        lines.setdefault(line, []).append((start, end))
    return {line: Spans(found) for line, found in lines.items()}
