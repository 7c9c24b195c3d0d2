"""Where `jekyll/date-lossy` reports, and where it leaves the verdict to other rules: dates from
the site's defaults, `last_modified_at`, dates Jekyll cannot read at all (errors, no warning)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.linter import check_posts
from bot.site import load_site


def _check(tmp_path: Path, front: str, config: str = "title: t\n") -> list[str]:
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text(config, encoding="utf-8")
    post = tmp_path / "_posts" / "2020-01-01-a.md"
    post.write_text(f"---\ntitle: a\n{front}\n---\nBody.\n", encoding="utf-8")
    result = check_posts(load_site(tmp_path), jobs=1)
    return [f.line_format() for f in result.findings]


def test_a_lossy_date_from_the_defaults_is_named_as_theirs(tmp_path: Path) -> None:
    config = "defaults:\n  - scope: {path: ''}\n    values:\n      date: 2020-01-01 10:00 EEST\n"
    (line,) = _check(tmp_path, "layout: post", config)
    assert line.startswith("_posts/2020-01-01-a.md:1:1: warning jekyll/date-lossy date: ")
    assert "(from the site's defaults)" in line
    assert line.endswith('write "2020-01-01 10:00:00 +03:00"')


def test_last_modified_at_rolls_over_with_a_warning(tmp_path: Path) -> None:
    (line,) = _check(tmp_path, "last_modified_at: 2021-02-29")
    assert line.startswith("_posts/2020-01-01-a.md:3:19: warning jekyll/date-lossy ")
    assert "as 2021-03-01 00:00:00 UTC" in line
    assert "the day 29 February 2021 (it does not exist" in line


@pytest.mark.parametrize(
    "text", ["next tuesday", "2020-13-45 10:00:00", "2020-01-01 25:00:00", "x" * 200]
)
def test_a_date_jekyll_cannot_read_is_an_error_and_nothing_more(tmp_path: Path, text: str) -> None:
    lines = _check(tmp_path, f"date: '{text}'")
    assert [line.split()[1:3] for line in lines] == [["error", "schema/value"]], lines


def test_whole_dates_give_no_warning(tmp_path: Path) -> None:
    lines = _check(
        tmp_path,
        "date: 2020-01-01 10:00:00 +01:00\nlast_modified_at: 2020-01-02",
        "timezone: Europe/Berlin\n",
    )
    assert lines == []
