"""Python's TOML reader, one import for every version pressbot runs on: `tomllib` from
Python 3.11, its original `tomli` on 3.10. Use as ``from bot import tomlread as tomllib``."""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    from tomllib import TOMLDecodeError, loads
else:  # pragma: no cover - Python 3.10
    from tomli import TOMLDecodeError, loads  # type: ignore[import-not-found, unused-ignore]

__all__ = ["TOMLDecodeError", "loads"]
