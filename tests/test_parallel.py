"""Work shared with forked helpers: every chunk done once, in order, even if a helper dies."""

from __future__ import annotations

import os

from bot.parallel import share


def square_all(chunk: list[int]) -> list[int]:
    return [n * n for n in chunk]


def test_results_in_order_with_helpers() -> None:
    chunks = [list(range(i, i + 5)) for i in range(0, 500, 5)]
    assert share(chunks, square_all, 3) == [square_all(c) for c in chunks]


def test_one_job_works_here() -> None:
    assert share([[1], [2]], square_all, 1) == [[1], [4]]


def test_a_helper_that_dies_loses_nothing() -> None:
    parent = os.getpid()

    def fragile(chunk: list[int]) -> list[int]:
        if os.getpid() != parent:
            os._exit(3)  # every helper dies on the first chunk it takes
        return square_all(chunk)

    chunks = [[i] for i in range(100)]
    assert share(chunks, fragile, 2) == [[i * i] for i in range(100)]
