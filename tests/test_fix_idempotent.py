"""A second `pressbot fix` changes nothing: what the first leaves is what it could not repair
safely. Lines of mojibake fragments run into each other (a repair that completes a new
sequence with its neighbour, repairs that overlap) are the hard case."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.inputkit import pressbot

FRAGMENTS = (
    *("Ã©", "Ã¨", "â€™", "â€", "Ã¢â‚¬â„¢", "â€œ", "â€\x9d", "Ã", "Â", "©", "¢", "Ã¢â‚¬"),
    *(" ", " ", "a", "cafe", "中文", "жк", "\u00a0", "’", "—", "é"),
)


def _lines(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 10))) for _ in range(count)]


@pytest.mark.parametrize("seed", range(4))
def test_a_second_fix_changes_nothing(tmp_path: Path, seed: int) -> None:
    body = "\n".join(_lines(seed, 150))
    root = write_site(
        tmp_path,
        {
            "_config.yml": "title: T\n",
            "_posts/2024-01-01-a.md": f"---\ntitle: A\n---\n{body}\n",
            "_posts/2024-01-02-b.md": "---\ntitle: B\n---\nA Ã¢â‚¬â„¢â€Ã¢â‚¬â„¢ B\n我在cafÃ©喝咖啡\n",
        },
    )
    first = pressbot("fix", cwd=root)
    assert first.code in (0, 1) and "internal error" not in first.err, first
    once = {p.name: p.read_bytes() for p in (root / "_posts").iterdir()}
    again = pressbot("fix", "--check", cwd=root)
    assert again.code == 0, again
    assert pressbot("fix", cwd=root).code in (0, 1)
    assert {p.name: p.read_bytes() for p in (root / "_posts").iterdir()} == once
    assert "我在café喝咖啡" in once["2024-01-02-b.md"].decode()
