"""Front-matter strings that escapes spell: characters the site publishes though no line of
the file holds them.

YAML's and JSON's ``"Here\\u2019s"``, TOML's ``"\\U0001F600"``: the decoded string holds
characters that are nowhere in the file's lines, so the rules that scan lines (mojibake, and
the invisible, control and bidirectional characters) cannot see them, but the site shows
them. Those rules look at these values too, and report at the value's key, without a fix:
the escapes are what must change.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.post import Post

MAX_VALUES = 10_000
"""Front-matter values looked at, at most (a hostile file may hold more)."""


@dataclass(frozen=True)
class Value:
    """A front-matter string and where it is."""

    path: tuple[Any, ...]
    """The keys (and list positions) that lead to it."""
    text: str
    """The string as the generator reads it."""
    line: int
    column: int
    """Its key's position."""
    own: str | None
    """The text of the front-matter lines that hold it (from its key's or item's line to
    the next line with a key or an item) when they hold an escape; None when they hold
    none (an alias, a folded line: the characters are written somewhere); the whole front
    matter's when no place of it is known."""

    @property
    def key(self) -> str:
        return ".".join(str(k) for k in self.path) or "front matter"


def values(post: Post) -> list[Value]:
    """Every string of the post's front matter, when its front matter holds an escape at
    all (nearly no post's does: then nothing is even split). Found once per post, for the
    rule families that look at them."""
    found: list[Value] | None = post.memo.get("escaped_values")
    if found is None:
        found = post.memo["escaped_values"] = list(_values(post))
    return found


def _values(post: Post) -> Iterator[Value]:
    if post.text is None or not post.front_matter or post.fm_end_line < 1:
        return
    if "\\" not in post.text:
        return
    if not any("\\" in line for line in post.lines[: post.fm_end_line]):
        return
    key_lines = sorted({line for line, _ in post.positions.values()})
    front = "\n".join(post.lines[: post.fm_end_line])
    for path, text in _strings(post.front_matter):
        at = path
        while at and at not in post.positions:
            at = at[:-1]  # an item or key whose place was not recorded: its parent's
        if not at:
            # Its key has no recorded place (a key the YAML reads as another text, `n:` as
            # "false"): its lines are then the whole front matter's, reported at its start.
            yield Value(path, text, 1, 1, front)
            continue
        line, column = post.positions[at]
        own = _own_lines(post, key_lines, line)
        yield Value(path, text, line, column, own if "\\" in own else None)


def _own_lines(post: Post, key_lines: list[int], line: int) -> str:
    """The front-matter lines of the value whose key is on ``line``: up to the next line
    with a key (what another key's line writes says nothing of this value's escapes)."""
    after = bisect_right(key_lines, line)
    end = key_lines[after] if after < len(key_lines) else post.fm_end_line + 1
    return "\n".join(post.lines[line - 1 : max(end - 1, line)])


def _strings(data: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Each string of the front matter, with the path of keys and list positions that
    holds it."""
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    seen = 0
    while stack and seen < MAX_VALUES:
        path, value = stack.pop()
        seen += 1
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(value))))
