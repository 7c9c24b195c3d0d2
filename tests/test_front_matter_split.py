"""The line-by-line front matter split agrees with Jekyll's regex on every shape."""

from __future__ import annotations

import itertools
import random
import re

from bot.post import front_matter_text

_WS = r"[ \t\r\n\f\v]"
FRONT_MATTER_RE = re.compile(
    rf"\A(---{_WS}*\n.*?\n?)^((---|\.\.\.)[ \t\r\f\v]*$\n?)", re.MULTILINE | re.DOTALL
)
"""Jekyll's `Document::YAML_FRONT_MATTER_REGEXP`, the oracle `front_matter_text` must agree
with."""

PIECES = [
    "---",
    "...",
    "--- ",
    "---\t",
    "----",
    "-- -",
    "title: x",
    "",
    " ",
    "\r",
    "a: ---",
    "...x",
    "\ufeff",
]


def regex_split(text: str) -> str | None:
    match = FRONT_MATTER_RE.match(text)
    return match.group(1) if match else None


def test_agrees_with_the_regex_on_all_short_combinations() -> None:
    for count in range(1, 5):
        for lines in itertools.product(PIECES, repeat=count):
            for tail in ("", "\n"):
                text = "\n".join(lines) + tail
                assert front_matter_text(text) == regex_split(text), repr(text)


def test_agrees_with_the_regex_on_random_documents() -> None:
    rng = random.Random(3)
    for _ in range(3000):
        lines = [
            rng.choice([*PIECES, "body text", "key: value"]) for _ in range(rng.randint(1, 12))
        ]
        text = "\n".join(lines) + rng.choice(["", "\n", "\r\n"])
        assert front_matter_text(text) == regex_split(text), repr(text)
