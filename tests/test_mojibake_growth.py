"""The mojibake engine and rule take time linear in the length of a line, whatever it holds.

A hostile post can hold one line of hundreds of kilobytes without a space. Each shape is timed
at a size and at four times that size (the best of three runs each, in CPU time of this
process, which other processes on a busy machine do not add to): linear work costs about
four times as much, quadratic work sixteen. The bound (ten) leaves room for a busy machine.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.linter import check_posts
from bot.mojibake import find_mojibake
from bot.site import load_site
from tests.conftest import write_site

BOUND = 10.0
FLOOR = 0.003  # seconds: below this a timing is noise


def repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "only Ã": (repeat("Ã"), 20_000),
    "alternating Ã©Ã©": (repeat("Ã©"), 1_500),
    "CJK mojibake": (repeat("中文字符編碼".encode().decode("cp1252", "replace")), 1_500),
    "one long word of Latin-1 mojibake": (repeat("cafÃ©rÃ©sumÃ©naÃ¯veSÃ£oPaulo"), 1_500),
    "no ASCII at all": (repeat("Ð¿Ñ€Ð¸Ð²ÐµÑ‚Ã©Ã¨Ã¼Ã¶Ã¤Ã§"), 1_500),
    "emoji": (repeat("😀👍🏽👨\u200d👩"), 100_000),
    "C1 controls": (repeat("\x85\x93\x94\x92"), 3_000),
    "lost bytes": (repeat("â€Ä\ufffdxâ€ "), 1_500),
    "no-break spaces turned into spaces": (repeat("Ã Ã© "), 1_500),
    "sequences that decode to nothing": (repeat("Ã© Æ€ "), 1_500),
    "runs apart in one word": (repeat("Ã©xxxxxxxxxx"), 3_000),
    "certain repairs beside guesses": (repeat("Ã©xxxxxxxxxxâ€xxxxxxxxxx"), 3_000),
    # A lead of one codec before a continuation of another, far from any space: each is a
    # place to look, and the words around it were once looked for from each.
    "places to look without a space": (lambda n: ("Ã© " + "…“" * n)[:n], 16_000),
}


def best_of_three(run: Callable[[], object]) -> float:
    timings = []
    for _ in range(3):
        start = time.process_time()
        run()
        timings.append(time.process_time() - start)
    return max(min(timings), FLOOR)


def growth(run: Callable[[int], object], size: int) -> float:
    small = best_of_three(lambda: run(size))
    large = best_of_three(lambda: run(4 * size))
    return large / small


@pytest.mark.parametrize("name", SHAPES)
def test_engine_time_grows_linearly(name: str) -> None:
    make, size = SHAPES[name]
    ratio = growth(lambda n: find_mojibake(make(n)), size)
    assert ratio < BOUND, f"{name}: x4 longer costs x{ratio:.1f}"


def test_rule_time_grows_linearly(tmp_path: Path) -> None:
    """Each finding quotes the word around it: on a line that is one long word, the quote
    must not be the whole line, found again for every finding."""
    make = repeat("Ã©xxxxxxxxxx")

    def check(n: int) -> int:
        root = write_site(tmp_path / str(n), {"_posts/2026-01-01-x.md": f"---\n---\n{make(n)}\n"})
        findings = check_posts(load_site(root), select=["encoding/mojibake"], jobs=1).findings
        assert all(len(f.message) < 400 for f in findings)
        return len(findings)

    assert check(3_000) >= 200
    ratio = growth(check, 3_000)
    assert ratio < BOUND, f"x4 longer costs x{ratio:.1f}"
