"""The new-side line ranges of one file's patch, as GitHub's PR files API gives it.

A hunk header is only read where one can stand: once the previous hunk's lines are all counted.
A post line ``++ x`` (``+++ x`` in the patch) or ``@@ -1 +1,400 @@`` is content, and so is
whatever follows a U+2028 in a line (the patch is split on ``\\n`` only). Those are the lines a
review comment may be placed on: context lines included, as in GitHub's diff view.
"""

from __future__ import annotations

import re

_HUNK = re.compile(r"^@@ -(\d{1,9})(?:,(\d{1,9}))? \+(\d{1,9})(?:,(\d{1,9}))? @@")


def _count(value: str | None) -> int:
    return int(value) if value is not None else 1


def new_side_ranges(patch: str) -> list[tuple[int, int]]:
    """``(first, last)`` new-side lines of each hunk; hunks that add nothing have none."""
    out: list[tuple[int, int]] = []
    old_left = new_left = 0
    for line in patch.split("\n"):
        if old_left > 0 or new_left > 0:
            tag = line[:1]
            if tag == "+":
                new_left -= 1
            elif tag == "-":
                old_left -= 1
            elif tag != "\\":  # "\ No newline at end of file" is no line of either side
                old_left -= 1
                new_left -= 1
            continue
        m = _HUNK.match(line)
        if m is None:
            continue
        old_left, start, new_left = _count(m.group(2)), int(m.group(3)), _count(m.group(4))
        if new_left > 0:
            out.append((start, start + new_left - 1))
    return out
