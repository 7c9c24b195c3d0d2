"""Glob patterns as Hugo 0.111 matches them (`hugofs/glob`, over `github.com/gobwas/glob`
with `/` as the separator): both the pattern and the text are lower-cased; `*` is any run
of characters but `/`, `**` any run at all, `?` one character but `/`, `[abc]`, `[a-z]`,
`[!abc]` one character of a set (`/` too), `{a,b*}` one of the patterns between the braces
(an unclosed brace runs to the end), `\\` makes the next character plain.

A pattern gobwas cannot compile (`gg[`, `[]`, `[z-a]`) is an error, which Hugo's page
matcher takes for "match everything"; `compile_glob` returns None for it (and for braces
nested more than `MAX_DEPTH` deep, which no one writes but a hostile file).

Matching keeps the set of positions the text can be at after each part of the pattern, so
its cost grows with the pattern's size times the text's, never exponentially: a cascade
target is written by whoever writes the section's front matter.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from bot.hugo.urls import go_lower


@dataclass(frozen=True)
class _Part:
    kind: str
    """`text`, `any` (`*`), `super` (`**`), `single` (`?`), `chars` (a `[...]` set), `of`
    (`{...}`)."""
    text: str = ""
    low: str = ""
    high: str = ""
    negated: bool = False
    options: tuple[tuple[_Part, ...], ...] = field(default=())


class GlobError(ValueError):
    pass


class Glob:
    """A compiled pattern: ``match(text)``."""

    def __init__(self, parts: tuple[_Part, ...]) -> None:
        self._parts = parts

    def match(self, text: str) -> bool:
        text = go_lower(text)
        return len(text) in _run(self._parts, {0}, text)


@functools.lru_cache(maxsize=256)
def compile_glob(pattern: str) -> Glob | None:
    """The pattern compiled, or None where gobwas fails to compile it."""
    try:
        parts, _ = _parse(go_lower(pattern), 0, in_terms=False)
    except GlobError:
        return None
    return Glob(parts)


MAX_DEPTH = 64
"""Braces nested deeper than this are refused (a pattern that does not compile, so matches
everything, as one Hugo cannot compile): Go would nest them; this parser recurses."""


def _parse(text: str, pos: int, in_terms: bool, depth: int = 0) -> tuple[tuple[_Part, ...], int]:
    """The parts from ``pos`` up to the end (or, inside braces, up to `,` or `}`)."""
    if depth > MAX_DEPTH:
        raise GlobError("braces nested too deep")
    parts: list[_Part] = []
    while pos < len(text):
        char = text[pos]
        if in_terms and char in ",}":
            break
        if char == "{":
            options = []
            pos += 1
            while True:
                option, pos = _parse(text, pos, in_terms=True, depth=depth + 1)
                options.append(option)
                if pos >= len(text):
                    break  # unclosed: the options run to the end
                if text[pos] == "}":
                    pos += 1
                    break
                pos += 1  # the comma
            parts.append(_Part("of", options=tuple(options)))
        elif char == "*":
            if text.startswith("**", pos):
                parts.append(_Part("super"))
                pos += 2
            else:
                parts.append(_Part("any"))
                pos += 1
        elif char == "?":
            parts.append(_Part("single"))
            pos += 1
        elif char == "[":
            part, pos = _parse_set(text, pos + 1)
            parts.append(part)
        else:
            stops = "?*[{,}" if in_terms else "?*[{"
            plain, pos = _read_text(text, pos, stops)
            if plain:
                parts.append(_Part("text", plain))
    return tuple(parts), pos


def _read_text(text: str, pos: int, stops: str) -> tuple[str, int]:
    """Plain text up to one of ``stops`` (not escaped) or the end."""
    out = []
    escaped = False
    while pos < len(text):
        char = text[pos]
        if not escaped:
            if char == "\\":
                escaped = True
                pos += 1
                continue
            if char in stops:
                break
        escaped = False
        out.append(char)
        pos += 1
    return "".join(out), pos


def _parse_set(text: str, pos: int) -> tuple[_Part, int]:
    """A `[...]` set, from after its `[`: a range `a-z` or a list of characters, either
    negated by a first `!`."""
    negated = False
    if pos < len(text) and text[pos] == "!":
        negated = True
        pos += 1
    if pos >= len(text):
        raise GlobError("unexpected end of input")
    if pos + 1 < len(text) and text[pos + 1] == "-":
        if pos + 2 >= len(text) or pos + 3 >= len(text) or text[pos + 3] != "]":
            raise GlobError("expected close range character")
        low, high = text[pos], text[pos + 2]
        if high < low:
            raise GlobError("hi character should be greater than lo")
        return _Part("chars", low=low, high=high, negated=negated), pos + 4
    chars, pos = _read_text(text, pos, "]")
    if pos >= len(text):
        raise GlobError("unexpected end of input")
    if not chars:
        raise GlobError("could not parse range")
    return _Part("chars", text=chars, negated=negated), pos + 1


def _run(parts: tuple[_Part, ...], starts: set[int], text: str) -> set[int]:
    """Where the text can be after ``parts``, from each of ``starts``."""
    positions = starts
    size = len(text)
    for part in parts:
        if not positions:
            return positions
        kind = part.kind
        if kind == "text":
            positions = {i + len(part.text) for i in positions if text.startswith(part.text, i)}
        elif kind == "super":
            positions = set(range(min(positions), size + 1))
        elif kind == "any":
            reached: set[int] = set()
            for i in sorted(positions):
                if i in reached:
                    continue
                end = text.find("/", i)
                reached.update(range(i, (size if end < 0 else end) + 1))
            positions = reached
        elif kind == "single":
            positions = {i + 1 for i in positions if i < size and text[i] != "/"}
        elif kind == "chars":
            positions = {i + 1 for i in positions if i < size and _in_set(part, text[i])}
        else:
            reached = set()
            for option in part.options:
                reached |= _run(option, positions, text)
            positions = reached
    return positions


def _in_set(part: _Part, char: str) -> bool:
    inside = part.low <= char <= part.high if part.low else char in part.text
    return inside != part.negated
