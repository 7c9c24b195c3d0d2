"""`bot.spans`: positions and ranges against a line's spans, overlapping ones included
(one span inside another's reach must not hide the outer one)."""

from __future__ import annotations

import pytest

from bot.spans import Spans, by_line

SPANS = Spans([(10, 12), (1, 20), (30, 31)])  # (10, 12) lies inside (1, 20)


@pytest.mark.parametrize(
    ("position", "inside"),
    [(0, False), (1, True), (15, True), (19, True), (20, False), (30, True), (31, False)],
)
def test_covers(position: int, inside: bool) -> None:
    assert SPANS.covers(position) is inside


@pytest.mark.parametrize(
    ("start", "end", "shared"),
    [(0, 1, False), (0, 2, True), (19, 25, True), (20, 30, False), (25, 31, True), (31, 40, False)],
)
def test_overlaps(start: int, end: int, shared: bool) -> None:
    assert SPANS.overlaps(start, end) is shared


def test_by_line_keeps_lines_apart() -> None:
    lines = by_line([(1, 0, 5), (2, 10, 11), (1, 7, 8)])
    assert sorted(lines) == [1, 2]
    assert lines[1].covers(7) and not lines[1].covers(6) and not lines[2].covers(4)
