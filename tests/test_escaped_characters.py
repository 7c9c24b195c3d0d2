"""Invisible, control, bidirectional and replacement characters that a front-matter string
spells with escapes (YAML's, TOML's or JSON's ``"\\u202e"``): no line of the file holds
them, the page shows them, so they are reported at the value's key (without a fix); the
same character written out is reported once, by the line scan, with its column."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.escapekit import HUGO, JEKYLL, KINDS, encoding_findings, nested_value_sites

SELECT = "encoding"

CASES = [
    # (escape as the front matter writes it, rule, what the message names)
    ("\\u202e", "encoding/bidi-control", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("\\u2066", "encoding/bidi-control", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("\\u200b", "encoding/invisible-char", "U+200B zero-width space"),
    ("\\u0007", "encoding/control-char", "U+0007"),
    ("\\u001b", "encoding/control-char", "U+001B"),
    ("\\ufffd", "encoding/replacement-char", "U+FFFD"),
]


def found(root: Path) -> list[dict[str, object]]:
    return encoding_findings(root, SELECT)


def site(kind: str, text: str) -> dict[str, str]:
    """One page with ``text`` (as written in a double-quoted string) in a nested value."""
    return nested_value_sites(f"a{text}b")[kind]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("escape", "rule", "named"), CASES)
def test_an_escaped_character_is_reported_at_its_key(
    tmp_path: Path, kind: str, escape: str, rule: str, named: str
) -> None:
    findings = found(write_site(tmp_path, site(kind, escape)))
    assert [f["rule"] for f in findings] == [rule], findings
    finding = findings[0]
    assert finding["line"] == (3 if kind == "json" else 4)
    message = str(finding["message"])
    assert message.startswith("extra.note (as an escape): ") and named in message
    assert finding.get("fix") is None


@pytest.mark.parametrize("kind", KINDS)
def test_legitimate_escapes_are_not_flagged(tmp_path: Path, kind: str) -> None:
    """Tabs, newlines, CRLF, quotes, accented letters and a joiner inside an emoji sequence."""
    family = (
        "\\U0001F469\\u200D\\U0001F467" if kind != "json" else "\\ud83d\\udc69\\u200d\\ud83d\\udc67"
    )
    text = f'\\t\\n\\r\\n\\"\\u00e9{family}'
    assert found(write_site(tmp_path, site(kind, text))) == []


def test_each_character_is_told_once_per_value(tmp_path: Path) -> None:
    text = "\\u200b" * 50 + "\\u202e" * 3
    findings = found(write_site(tmp_path, site("yaml", text)))
    assert sorted(str(f["rule"]) for f in findings) == [
        "encoding/bidi-control",
        "encoding/invisible-char",
    ], findings


def test_written_out_it_is_reported_once_with_its_column(tmp_path: Path) -> None:
    """The line scan finds it (with its column); the value also holds an escape, which does
    not make the character reported twice."""
    post = '---\ntitle: "x\u202ey \\u00e9"\n---\n'
    findings = found(write_site(tmp_path, {**JEKYLL, "_posts/2020-01-01-a.md": post}))
    assert len(findings) == 1 and findings[0]["column"] == 10, findings


def test_an_alias_is_not_reported_again(tmp_path: Path) -> None:
    """The anchor's value is reported; the alias that repeats it holds no escape."""
    post = '---\ntitle: &t "a\\u202eb"\nagain: *t\n---\n'
    findings = found(write_site(tmp_path, {**JEKYLL, "_posts/2020-01-01-a.md": post}))
    assert [(f["line"], f["rule"]) for f in findings] == [(2, "encoding/bidi-control")]


def test_with_mojibake_in_the_same_value_both_are_reported(tmp_path: Path) -> None:
    """Mojibake spelled by escapes is reported at the key too; it does not hide a control
    character of the same value (only a run with its span covers the characters in it)."""
    text = "Here\\u00e2\\u20ac\\u2122s\\u0007"
    findings = found(write_site(tmp_path, site("yaml", text)))
    assert sorted(str(f["rule"]) for f in findings) == [
        "encoding/control-char",
        "encoding/mojibake",
    ], findings


@pytest.mark.usefixtures("hugo_oracle")
def test_hugo_shows_what_the_escape_spells(tmp_path: Path) -> None:
    """Real Hugo: the page's title holds the override the escape spells."""
    root = write_site(
        tmp_path, {**HUGO, "content/posts/a.md": '+++\ntitle = "Pay \\u202e1234"\n+++\n'}
    )
    listed = subprocess.run(
        ["hugo", "list", "all"], cwd=root, capture_output=True, text=True, check=True
    )
    assert "Pay \u202e1234" in listed.stdout
    assert [f["rule"] for f in found(root)] == ["encoding/bidi-control"]


@pytest.mark.parametrize(
    ("kind", "page"),
    [
        ("jekyll", '---\ntitle: t\ntags:\n  - plain\n  - "a\\u202eb"\n---\n'),
        ("yaml", '---\ntitle: t\ntags:\n  - plain\n  - "a\\u202eb"\n---\n'),
        ("toml", '+++\ntitle = "t"\ntags = [\n  "plain",\n  "a\\u202eb",\n]\n+++\n'),
        ("json", '{\n"title": "t",\n"tags": [\n  "plain",\n  "a\\u202eb"\n]\n}\n'),
    ],
)
def test_an_escape_in_a_list_item_is_found(tmp_path: Path, kind: str, page: str) -> None:
    """A list's items are values of their own: an escape on an item's line is found, at
    the item where its place is known, else at the list's key."""
    name = "_posts/2020-01-01-a.md" if kind == "jekyll" else "content/posts/a.md"
    files = {**(JEKYLL if kind == "jekyll" else HUGO), name: page}
    findings = found(write_site(tmp_path, files))
    assert [f["rule"] for f in findings] == ["encoding/bidi-control"], findings
    assert findings[0]["line"] in (3, 5) and "tags" in str(findings[0]["message"])


@pytest.mark.parametrize("key", ["n", "1", "yes", "Off", "~", "Title", "2024-01-02", '"q"'])
@pytest.mark.parametrize("kind", ["jekyll", "yaml"])
def test_a_key_of_any_kind_does_not_hide_its_value(tmp_path: Path, kind: str, key: str) -> None:
    """A key the YAML reads as a boolean, a number, null or a date (Hugo's YAML: `n` is
    false; Hugo makes every key text) still has its value looked at: reported at its key
    where its place is known, else at the front matter's start."""
    page = f'---\ntitle: t\n{key}: "a\\u202eb"\n---\n'
    name = "_posts/2020-01-01-a.md" if kind == "jekyll" else "content/posts/a.md"
    files = {**(JEKYLL if kind == "jekyll" else HUGO), name: page}
    findings = found(write_site(tmp_path, files))
    assert [f["rule"] for f in findings] == ["encoding/bidi-control"], findings
    assert findings[0]["line"] in (1, 3)
