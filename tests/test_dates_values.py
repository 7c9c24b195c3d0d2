"""Front-matter values that cannot be converted: each one is a finding at the value, and
`list` says what Jekyll makes of the post; nothing raises.

Where Jekyll (Ruby's ``Time.parse``, Psych) reads a value, pressbot reads it the same way:
the expected dates below are what Ruby 3.1 gives.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

NAME = "_posts/2024-01-03-a.md"


def make_site(root: Path, line: str, config: str = "") -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(config or "title: t\n", encoding="utf-8")
    text = f"---\ntitle: t\n{line}\n---\nText.\n"
    (root / NAME).write_text(text, encoding="utf-8")
    return root


def listed(cli: Callable[..., Run], root: Path) -> dict[str, object]:
    run = cli("list", "--format", "json", root)
    assert run.code == 0, run
    return json.loads(run.out)["posts"][0]


def findings(cli: Callable[..., Run], root: Path) -> list[dict[str, object]]:
    run = cli("check", "--format", "json", root)
    assert run.code in (0, 1), run
    assert run.err == ""
    return json.loads(run.out)["findings"]


# (front-matter line, site config, rule, column of the value, list reason, words of the message)
BAD = [
    ('date: "2024-01-03 10:00 +25"', "", "schema/value", 7, "invalid", "+0100"),
    ('date: "2024-01-03 10:00 +24:00"', "", "schema/value", 7, "invalid", "offset"),
    ('date: "2024-01-03 10:00 +2360"', "", "schema/value", 7, "invalid", "offset"),
    ("date: 2024-01-03T10:00:00+25:00", "", "schema/value", 7, "invalid", "offset"),
    ('date: "0000-01-01"', "", "schema/value", 7, "invalid", "year"),
    ("date: 0000-01-01", "", "schema/value", 7, "invalid", "year"),
    ("date: 0000-01-01 10:00:00", "", "schema/value", 7, "invalid", "year"),
    ("date: 9999-12-31 23:59:59 -12:00", "", "schema/value", 7, "invalid", "year"),
    ("date: 0001-01-01 00:00:00 +12:00", "", "schema/value", 7, "invalid", "year"),
    ('date: "9999-12-31 24:00"', "", "schema/value", 7, "invalid", "year"),
    ('date: "9999-12-31 23:59:60"', "", "schema/value", 7, "invalid", "year"),
    ("date: 9999-12-31 23:59:59", "timezone: Asia/Tokyo\n", "schema/value", 7, "invalid", "year"),
    ("date: 0001-01-01 00:00:00", "timezone: Etc/GMT+5\n", "schema/value", 7, "invalid", "year"),
    ('date: "2024-13-01"', "", "schema/value", 7, "invalid", "date"),
    ('date: "2024-01-03 25:00"', "", "schema/value", 7, "invalid", "time"),
    ('date: "2024-01-03 24:00:01"', "", "schema/value", 7, "invalid", "time"),
    ('date: "2024-01-03 10:60"', "", "schema/value", 7, "invalid", "time"),
    ('date: "2024-01-03 10:00:61"', "", "schema/value", 7, "invalid", "time"),
    ("date: !!timestamp 'abc'", "", "frontmatter/syntax", 7, "invalid", "!!timestamp"),
    ("date: !!timestamp '2024-99-99'", "", "frontmatter/syntax", 7, "invalid", "!!timestamp"),
    ("date: !!str 'abc'", "", "schema/value", 7, "invalid", "YYYY-MM-DD"),
    ("published: !!bool 'abc'", "", "frontmatter/syntax", 12, None, "true or false"),
    ("published: !!null 'no'", "", "frontmatter/syntax", 12, None, "!!null"),
    ("id: !!int 'x'", "", "frontmatter/syntax", 5, None, "whole number"),
    ("id: !!binary 'not base64'", "", "frontmatter/syntax", 5, None, "base64"),
    ("id: !!binary '/w=='", "", "frontmatter/syntax", 5, None, "UTF-8"),
    ("lang: !!float 'x'", "", "frontmatter/syntax", 7, None, "number"),
    ("lang: !ruby/object:Foo {}", "", "frontmatter/syntax", 7, None, "plain data"),
    ("tags: !!set {a, b}", "", "frontmatter/syntax", 7, None, "!!set"),
    ("tags: !!omap [a, b]", "", "frontmatter/syntax", 7, None, "!!omap"),
    ("last_modified_at: '2024-02-31 10:00 +25'", "", "schema/value", 19, None, "offset"),
    ("last_modified_at: 0000-01-01", "", "schema/value", 19, None, "year"),
    ("last_modified_at: !!timestamp nope", "", "frontmatter/syntax", 19, None, "!!timestamp"),
]


@pytest.mark.parametrize(("line", "config", "rule", "column", "reason", "words"), BAD)
def test_a_value_that_cannot_be_converted_is_a_finding(
    tmp_path: Path,
    cli: Callable[..., Run],
    line: str,
    config: str,
    rule: str,
    column: int,
    reason: str | None,
    words: str,
) -> None:
    root = make_site(tmp_path / "site", line, config)
    found = [(f["rule"], f["line"], f["column"]) for f in findings(cli, root)]
    assert (rule, 3, column) in found
    message = next(f["message"] for f in findings(cli, root) if f["rule"] == rule)
    assert words in message
    # One finding for one mistake: the tag's finding is not repeated as a type or date error.
    assert [r for r, line_no, _ in found if line_no == 3] == [rule]
    post = listed(cli, root)
    assert post["reason"] == reason
    assert post["published"] is (reason is None)


def test_a_tag_that_cannot_construct_is_read_as_psych_reads_it(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    """Psych keeps the text of `!!bool 'abc'`: Jekyll publishes the post ("abc" is true)."""
    root = make_site(tmp_path / "site", "published: !!bool 'abc'\ncategories: !!int 'x'")
    post = listed(cli, root)
    assert post["published"] is True
    assert post["categories"] == ["x"]
    assert post["date"] == "2024-01-03T00:00:00+00:00"


def test_a_float_tag_that_cannot_construct_drops_the_front_matter_as_jekyll_does(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    """Psych raises on `!!float 'x'`: Jekyll logs the error and builds the post without its
    front matter (dated at build time), as for any front matter it cannot read."""
    root = make_site(tmp_path / "site", "categories: [news]\nlang: !!float 'x'")
    post = listed(cli, root)
    assert post["categories"] == []
    assert post["published"] is True


# Values Ruby's Time.parse reads that pressbot refused or misread (checked with Ruby 3.1).
ACCEPTED = [
    ('"2024-01-03 24:00"', "2024-01-04T00:00:00+00:00"),
    ('"2024-01-03 24:00:00 +0100"', "2024-01-03T23:00:00+00:00"),
    ('"2024-01-03 10:00:60 +0100"', "2024-01-03T09:01:00+00:00"),
    ('"2024-01-03 23:59:60"', "2024-01-04T00:00:00+00:00"),
    ('"2024-01-03 14:00 AM"', "2024-01-03T02:00:00+00:00"),
    ('"2024-01-03 00:00 PM"', "2024-01-03T12:00:00+00:00"),
    ('"2024-01-03 25:00 PM"', "2024-01-03T13:00:00+00:00"),
    ('"2024-01-03 10:00 +2359"', "2024-01-02T10:01:00+00:00"),
    ('"2024-01-03 10:00 -23:59"', "2024-01-04T09:59:00+00:00"),
    ('"2024-01-03 10:00 +0160"', "2024-01-03T08:00:00+00:00"),
    ("20240103", "2024-01-03T00:00:00+00:00"),
    ("0001-01-01", "0001-01-01T00:00:00+00:00"),
    ("9999-12-31 23:59:59", "9999-12-31T23:59:59+00:00"),
    ("!!timestamp '2024-01-03'", "2024-01-03T00:00:00+00:00"),
    ("!!timestamp 2024-01-03 10:00", "2024-01-03T10:00:00+00:00"),
]


@pytest.mark.parametrize(("value", "date"), ACCEPTED)
def test_dates_ruby_reads_are_read_the_same(
    tmp_path: Path, cli: Callable[..., Run], value: str, date: str
) -> None:
    root = make_site(tmp_path / "site", f"date: {value}", "future: true\n")
    post = listed(cli, root)
    assert post["date"] == date
    assert post["reason"] is None
    assert not [
        f for f in findings(cli, root) if f["rule"] in ("schema/value", "frontmatter/syntax")
    ]


def test_a_date_longer_than_ruby_reads_is_refused_at_once(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    """Ruby's Date._parse refuses more than 128 characters: Jekyll stops the build."""
    root = make_site(tmp_path / "site", f'date: "2024-01-03 10:00{" " * 200}"')
    found = findings(cli, root)
    assert [(f["rule"], f["line"], f["column"]) for f in found] == [("schema/value", 3, 7)]
    assert "128" in found[0]["message"]
    assert listed(cli, root)["reason"] == "invalid"


HUGE = [
    "id: 0x" + "f" * 5000,
    "id: 0b" + "1" * 20000,
    "categories: [0" + "7" * 6000 + "]",
    "tags: 1" + ":59" * 3000,
    "slug: !!int 0x" + "f" * 5000,
]


@pytest.mark.parametrize("line", HUGE, ids=lambda s: s[:12])
def test_numbers_too_long_to_print_stay_text(
    tmp_path: Path, cli: Callable[..., Run], line: str
) -> None:
    """Python cannot print an int of more than 4,300 digits (and sexagesimal ones cost
    quadratic time to build): such a value is kept as the author's text."""
    root = make_site(tmp_path / "site", line)
    post = listed(cli, root)
    value = line.partition(": ")[2]
    text = value.strip("[]").removeprefix("!!int ")
    assert text in json.dumps(post)
    findings(cli, root)
