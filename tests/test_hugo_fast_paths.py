"""The shortcuts that make a Hugo check fast give what the long way gives."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import yamlread
from bot.hugo import frontmatter, gotime, urls
from bot.hugo.dates import LAYOUTS
from bot.hugo.posts import _TWICE, _lower_path

SAME = [
    "title: x\ntags: [a, b]\n",
    "title: x\nTitle: y\n",
    "tags:\n  - a\n  - {k: 1, k: 2}\n",
    "a:\n  b:\n    c: 1\n    c: 2\n  b: 3\na: 4\n",
    "'quoted key': 1\n\"Q w\": [1, [2, {x: 3}]]\n",
    "k: !!str 5\nx: |\n  text: y\nt: 'a: b'\n",
    "",
    "# only a comment\n",
    't: "a\u2028b"\nk: [1, "\u2029", 2]\nk: 3\n',  # line breaks to YAML, not to the file
    "t: a\rk: 1\x85j: 2\r\nk: 3\n",
]
LONG_WAY = [
    "a: &x {b: 1}\nc: *x\n",  # an alias
    "<<: {a: 1}\nb: 2\n",  # a merge
    "1: one\n",  # a key that is a number
    "yes: 1\n",  # a key that is a boolean to YAML 1.1
    "k: !foo 5\n",  # a tag
    "null: 1\n",  # a key that is null
    "p:\n  2024-01-01: x\n",  # a key that is a date
]


def _long_way(section: str, line: int) -> tuple[object, object]:
    doc = yamlread.load("\n" * (line - 2) + "---\n" + section, symbols_fail=False)
    positions = {_lower_path(k): v for k, v in doc.positions.items()}
    return positions, [(d.message, d.line, d.column) for d in doc.duplicates]


def _short_way(section: str, line: int) -> tuple[object, object] | None:
    nodes: list[object] = []
    frontmatter.decode("yaml", section, line, nodes)
    if not nodes or nodes[0] is None:
        return {}, []
    found = frontmatter.key_positions(nodes[0], section, line - 1)
    if found is None:
        return None
    positions, twice = found
    return (
        {_lower_path(k): v for k, v in positions.items()},
        [(_TWICE.format(key=key), at, column) for key, at, column in twice],
    )


@pytest.mark.parametrize("section", SAME)
@pytest.mark.parametrize("line", [2, 5])
def test_key_positions_are_the_yaml_readers(section: str, line: int) -> None:
    assert _short_way(section, line) == _long_way(section, line)


@pytest.mark.parametrize("section", LONG_WAY)
def test_key_positions_leave_the_unusual_to_the_yaml_reader(section: str) -> None:
    assert _short_way(section, 2) is None


def _old_section(text: str, pos: int, delim_char: str) -> tuple[str, str, int]:
    """Hugo's lexer, character by character (the reference for the search)."""
    name = "TOML" if delim_char == "+" else "YAML"
    delim = delim_char * 3
    if text[pos : pos + 3] != delim:
        raise frontmatter.FrontMatterError(f"invalid {name} delimiter")
    pos += 3
    was_end_of_line = False
    for eol in "\r\n":
        if text[pos : pos + 1] == eol:
            pos += 1
            was_end_of_line = True
    start = pos
    line = text.count("\n", 0, start) + 1
    while True:
        char = ""
        if not was_end_of_line:
            if pos >= len(text):
                raise frontmatter.FrontMatterError(
                    f"EOF looking for end {name} front matter delimiter"
                )
            char = text[pos]
            pos += 1
        if (was_end_of_line or char in "\r\n") and text.startswith(delim, pos):
            return name.lower(), text[start:pos], line
        was_end_of_line = False


PIECES = st.sampled_from(["-", "+", "---", "+++", "\n", "\r", "\r\n", " ", "a", ":", "\ufeff"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(PIECES, max_size=14).map("".join))
def test_split_closes_where_hugos_lexer_does(text: str) -> None:
    def outcome(reader: object) -> object:
        try:
            return reader(text)  # type: ignore[operator]
        except frontmatter.FrontMatterError as exc:
            return str(exc)

    stripped = text.lstrip(" \t\r\n\ufeff")
    if not stripped or stripped[0] not in "+-":
        return
    pos = len(text) - len(stripped)
    assert outcome(lambda t: frontmatter._section(t, pos, stripped[0])) == outcome(
        lambda t: _old_section(t, pos, stripped[0])
    )


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.integers(min_value=-14 * 60, max_value=14 * 60),
)
def test_a_layouts_own_text_passes_its_shape(when: dt.datetime, minutes: int) -> None:
    moment = when.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes), "ABC"))
    layouts = tuple(layout for layout, _ in LAYOUTS)
    for index, layout in enumerate(layouts):
        text = gotime.format_time(layout, moment)
        gotime.parse(layout, text)  # raises when the shape refuses it
        assert gotime.first_fitting(layouts, text) <= index


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello  World", "Hello-World"),
        ("  a - b  ", "a-b"),
        ("a $ b", "a-b"),
        ("a\x1fb", "ab"),
        ("a -b", "a-b"),
        ("rock & roll", "rock-roll"),
        ("100%", "100"),
        ("50%25 off", "50%25-off"),
    ],
)
def test_ascii_sanitizing(text: str, expected: str) -> None:
    assert urls.unicode_sanitize(text) == expected
