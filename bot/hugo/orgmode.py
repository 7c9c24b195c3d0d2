"""Org-mode front matter, as Hugo 0.111 reads it: the `#+KEY: value` lines a content file
(of any format) starts with.

Hugo's lexer takes every line from the first one that starts with ``#+`` up to the first
that does not; go-org (v1.6) reads each ``#+KEY: value`` line of them (a key of anything
but a colon, a value after white space or nothing) into its buffer settings, a key given
twice keeping both values on two lines; Hugo then lowercases the keys, splits the values of
keys ending in ``[]`` (and of `tags`, `categories` and `aliases`) on white space, and keeps
only the day of an Org timestamp (``<2020-01-02 Thu>``) in its date keys. Every other value
is text.
"""

from __future__ import annotations

import re
from typing import Any

from bot.hugo.values import GO_SPACE_TEXT

START = "#+"

_KEYWORD = re.compile(r"[\t\n\f\r ]*#\+([^:]+):(?:[\t\n\f\r ]+(.*)|$)", re.DOTALL)
"""go-org's keyword line: `^(\\s*)#\\+([^:]+):(\\s+(.*)|$)` (Go's `\\s` is ASCII)."""
_NOT_SETTINGS = frozenset(("NAME", "SETUPFILE", "INCLUDE", "LINK", "MACRO", "CAPTION", "ATTR_HTML"))
"""Keywords go-org gives a meaning of its own rather than keep as buffer settings."""
_LISTS = frozenset(("tags", "categories", "aliases"))
_DATES = frozenset(("date", "lastmod", "publishdate", "expirydate"))
_ORG_DATE = re.compile(r"[<\[](\d{4}-\d{2}-\d{2}) .*[>\]]")


def section(text: str, pos: int) -> str:
    """The front matter that starts at ``pos`` (at ``#+``): up to and with the line break
    of the last line that starts with ``#+``."""
    end = pos
    while True:
        newline = text.find("\n", end)
        if newline < 0:
            return text[pos:]
        end = newline + 1
        if not text.startswith(START, end):
            return text[pos:end]


def keywords(body: str) -> list[tuple[int, str, str]]:
    """Each keyword line of ``body``: its 0-based line, its key as written, its value."""
    out = []
    for number, line in enumerate(body.split("\n")):
        match = _KEYWORD.fullmatch(line)
        if match is not None:
            out.append((number, match.group(1), (match.group(2) or "").strip(GO_SPACE_TEXT)))
    return out


def decode(body: str) -> dict[str, Any]:
    """The front matter's values, as Hugo has them from go-org."""
    given: dict[str, list[str]] = {}  # joined once at the end: a key given 100,000 times
    for _, key, value in keywords(body):
        upper = key.upper()
        if upper not in _NOT_SETTINGS:
            given.setdefault(upper, []).append(value)
    data: dict[str, Any] = {}
    for upper, values in given.items():
        key, value = upper.lower(), "\n".join(values)
        if key.endswith("[]"):
            data[key[:-2]] = value.split()
        elif key in _LISTS:
            data[key] = value.split()
        elif key in _DATES:
            match = _ORG_DATE.search(value)
            data[key] = match.group(1) if match else value
        else:
            data[key] = value
    return data


def positions(body: str, first: int) -> dict[tuple[Any, ...], tuple[int, int]]:
    """Where each key is (its first line; 1-based line and column in the file, the
    front matter starting at line ``first``)."""
    out: dict[tuple[Any, ...], tuple[int, int]] = {}
    for number, key, _ in keywords(body):
        name = key.lower()
        name = name[:-2] if name.endswith("[]") else name
        out.setdefault((name,), (first + number, 3))
    return out
