"""The pieces of `bot.render` on their own: escapes, one-line cleaning, workflow commands,
inert Markdown. `test_render_hostile.py` runs the whole renderers."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from bot.render.findings import dumps
from bot.render.markdown import ZWSP, code, fence, github_length, inline, safe_url
from bot.render.terminal import clean, escape_char, raw_bytes, shown, visible
from bot.render.workflow import annotation, command, escape_data, escape_property


@pytest.mark.parametrize(
    ("char", "escaped"),
    [
        ("\x1b", "\\x1b"),
        ("\x85", "\\x85"),
        ("\u202e", "\\u202e"),
        ("\U000e0041", "\\U000e0041"),  # not \ue0041, which would read as U+E004 then "1"
        ("\udcff", "\\xff"),  # the byte a non-UTF-8 file name held
        ("\ud800", "\\ud800"),
    ],
)
def test_escape_char(char: str, escaped: str) -> None:
    assert escape_char(char) == escaped


def test_visible_keeps_what_it_is_asked_to() -> None:
    assert visible("a\tb\r\nc\rd\x1b", keep="\t\n") == "a\tb\r\nc\\x0dd\\x1b"
    assert visible("Here’s a café 🎉") == "Here’s a café 🎉"


def test_clean_is_one_bounded_line_that_starts_no_command() -> None:
    assert clean("a\nb") == "a\\x0ab"
    assert clean("x" * 1000, 10) == "x" * 10 + "…"
    assert clean("x" * 1000, None) == "x" * 1000
    # every pair of colons split, three in a row as well
    for text in ("::error::x", ":::warning::y", "::::"):
        assert "::" not in clean(text)
    assert clean(":::") == f":{ZWSP}:{ZWSP}:"


def test_shown_and_raw_bytes() -> None:
    assert shown("caf\udce9") == "caf\\xe9"
    assert raw_bytes("caf\udce9") == b"caf\xe9"
    assert raw_bytes("\ud800x") == b"\\ud800x"


def test_workflow_escaping() -> None:
    assert escape_data("100%\r\n") == "100%25%0D%0A"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"
    assert command("notice", {"title": "t"}, "x\n::error::y") == (
        f"::notice title=t::x\\x0a:{ZWSP}:error:{ZWSP}:y"
    )


def test_annotation_keeps_the_path_exact_but_printable() -> None:
    f = SimpleNamespace(
        path="a\nb\x1b:c.md",
        line=2,
        column=3,
        end_line=None,
        end_column=None,
        rule="r/x",
        severity="info",
        message="m",
    )
    assert annotation(f) == "::notice file=a%0Ab\\x1b%3Ac.md,line=2,col=3,title=r/x::m"


def test_inline_markdown() -> None:
    assert inline("a\n\n b\tc") == "a b c"
    assert inline("x" * 10, 5) == "xxxx…"
    assert inline("\u202e") == "U\\+202E"
    assert inline("👨\u200d👩") == "👨\u200d👩"  # an emoji sequence stays one
    assert inline("see www.x.org") == f"see www{ZWSP}\\.x\\.org"
    assert inline("::") == "\\:\\:"


def test_code_span_cannot_be_left() -> None:
    assert code("encoding/bom") == "`encoding/bom`"
    assert code("a`b") == "``a`b``"
    assert code("`x` @y") == "`` `x` @y ``"
    assert code("a\nb\u202e") == "`a bU+202E`"


def test_fence_and_urls_and_lengths() -> None:
    assert fence("```` x").startswith("`````\n")
    assert safe_url("https://x.org/a b/(c)") == "https://x.org/a%20b/%28c%29"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("https://x.org/\udcff") == "https://x.org/%FF"
    assert github_length("🎉") == 2 and github_length("\ud800") == 1


def test_json_has_no_raw_control_and_parses_to_the_same_data() -> None:
    doc = {"m": "a\u202eb\x85c\u2028d\x7f é 🎉"}
    out = dumps(doc)
    assert json.loads(out) == doc
    assert "\u202e" not in out and "\x85" not in out and "\u2028" not in out
    assert "\x7f" not in out and "é 🎉" in out
