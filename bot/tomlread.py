"""Python's TOML reader, one import for every version pressbot runs on: `tomllib` from
Python 3.11, its original `tomli` on 3.10. Use as ``from bot import tomlread as tomllib``.

One guard is added: a dotted key of more than `MAX_KEY_PARTS` parts is refused before the
reader sees it, which spends time and memory with the square of its parts (`a.a.a...` of
32,000 parts, 64 KB of text, takes more than 4 GB)."""

from __future__ import annotations

import sys
from typing import Any

if sys.version_info >= (3, 11):
    from tomllib import TOMLDecodeError
    from tomllib import loads as _loads
else:  # pragma: no cover - Python 3.10
    from tomli import TOMLDecodeError  # type: ignore[import-not-found, unused-ignore]
    from tomli import loads as _loads  # type: ignore[import-not-found, unused-ignore]

__all__ = ["MAX_KEY_PARTS", "TOMLDecodeError", "loads"]

MAX_KEY_PARTS = 1000
"""More parts than any key is written with; a longer one is refused, not read."""


def loads(text: str) -> dict[str, Any]:
    """``text`` read as TOML, or `TOMLDecodeError`."""
    if text.count(".") > MAX_KEY_PARTS and _long_key(text):
        raise TOMLDecodeError(
            f"a dotted key of more than {MAX_KEY_PARTS} parts, which pressbot does not read"
        )
    data: dict[str, Any] = _loads(text)
    return data


def _long_key(text: str) -> bool:
    """Whether a line's text before its `=` has more than `MAX_KEY_PARTS` parts (a line of a
    multi-line string may be taken for one: refusing such a text is the cheap side to err)."""
    return any(line.partition("=")[0].count(".") >= MAX_KEY_PARTS for line in text.splitlines())
