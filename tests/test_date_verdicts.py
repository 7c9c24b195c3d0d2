"""Dates Jekyll reads only in part, or rolls over, are `jekyll/date-lossy` warnings, not
errors: Jekyll builds the post. Each claim is held against real Jekyll: it publishes the post
at the date the warning names, and the date the warning says to write is one Jekyll reads
whole, at the instant the author meant."""

from __future__ import annotations

import datetime as dt
import json
import re
import zoneinfo
from pathlib import Path
from typing import Any

import pytest

from tests.inputkit import pressbot
from tests.jekyllfuzz import JekyllView, Site, compare, jekyll_posts, pressbot_posts

ZONE = "Europe/Berlin"
CONFIG = f"title: t\ntimezone: {ZONE}\n"

# file name day, front-matter date as written, the instant meant (None: Jekyll's own reading)
LOSSY: dict[str, tuple[str, str | None]] = {
    "2020-01-01-ignored-offset": ("2020-01-01 00:10::00 -03:00", "2020-01-01T00:10:00-03:00"),
    "2023-01-29-second-year": ("2023-01-29 08:30:22 2023 -0800", "2023-01-29T08:30:22-08:00"),
    "2020-01-03-unknown-zone": ("2020-01-03 10:00 EEST", "2020-01-03T10:00:00+03:00"),
    "2020-01-04-unknown-zone-jst": ("2020-01-04 18:00 JST", "2020-01-04T18:00:00+09:00"),
    "2020-01-07-two-digit-year": ("20-01-07", None),
    "2020-01-09-weekday": ("Mon 2020-01-09", None),
    "2020-01-10-ignored-word": ("2020-01-10 noon", None),
    "2020-01-12-extra-text": ("2020-01-12 10:00:00 +0100 foo", "2020-01-12T10:00:00+01:00"),
    "2020-03-01-rollover-text": ("'2020-02-30'", None),
    "2021-03-02-rollover-timestamp": ("2021-02-30 10:00:00", None),
    "2020-01-09-hour-24-timestamp": ("2020-01-08 24:00:00", None),
    "2020-01-11-hour-24-text": ("'2020-01-10 24:00:00'", None),
    "2020-01-11-second-60-timestamp": ("2020-01-10 23:59:60", None),
}
WHOLE: dict[str, str] = {
    "2020-01-03-local-zone": "2020-01-03 10:00 CEST",  # Ruby knows the local zone's names
    "2020-01-02-same-offset": "2020-01-02 10:00 BST",  # unknown, but +01:00 as Berlin's
    "2020-01-03-words": "January 3, 2020",
    "2020-01-05-iso": "2020-01-05T10:11:12.000+01:00",
    "2020-01-06-offset": "2020-01-06 00:10:00 -03:00",
}

pytestmark = pytest.mark.usefixtures("jekyll_oracle")


def _path(name: str) -> str:
    return f"_posts/{name}.md"


def _site(tmp_path: Path, dates: dict[str, str]) -> Site:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(CONFIG, encoding="utf-8")
    for name, date in dates.items():
        (root / _path(name)).write_text(
            f"---\ntitle: {name}\ndate: {date}\n---\nBody.\n", encoding="utf-8"
        )
    return Site(root, 0, sorted(_path(n) for n in dates))


def _findings(site: Site) -> dict[str, list[dict[str, Any]]]:
    done = pressbot("check", "--format", "json", "--site", site.root, cwd=site.root)
    found: dict[str, list[dict[str, Any]]] = {}
    for finding in json.loads(done.out)["findings"]:
        found.setdefault(finding["path"], []).append(finding)
    return found


def _jekyll_site(tmp_path: Path, dates: dict[str, str]) -> tuple[Site, JekyllView]:
    site = _site(tmp_path, dates)
    jekyll = jekyll_posts(site, tmp_path)
    ours, errors = pressbot_posts(site)
    assert compare(site, jekyll, ours, errors) == []
    return site, jekyll


def _shown(epoch: int) -> str:
    when = dt.datetime.fromtimestamp(epoch, zoneinfo.ZoneInfo(ZONE))
    return f"{when:%Y-%m-%d %H:%M:%S} {ZONE}"


def test_jekyll_builds_lossy_dates_and_the_warning_names_its_date(tmp_path: Path) -> None:
    dates = {name: date for name, (date, _) in LOSSY.items()} | WHOLE
    site, jekyll = _jekyll_site(tmp_path, dates)
    found = _findings(site)
    for name in LOSSY:
        path = _path(name)
        assert path in jekyll.posts, f"{path}: Jekyll does not publish it"
        mine = found.get(path, [])
        assert [(f["severity"], f["rule"]) for f in mine] == [("warning", "jekyll/date-lossy")]
        assert f" as {_shown(jekyll.posts[path]['epoch'])}, not as written: " in mine[0]["message"]
    for name in WHOLE:
        assert _path(name) in jekyll.posts
        assert found.get(_path(name), []) == []


def test_the_date_to_write_is_read_whole_at_the_meant_instant(tmp_path: Path) -> None:
    first, jekyll = _jekyll_site(tmp_path / "as-written", {n: d for n, (d, _) in LOSSY.items()})
    found = _findings(first)
    written = {}
    for name in LOSSY:
        (message,) = [f["message"] for f in found[_path(name)]]
        match = re.search(r'; write "([^"]+)"$', message)
        assert match, message
        written[name] = match.group(1)
    second, rewritten = _jekyll_site(tmp_path / "rewritten", written)
    assert _findings(second) == {}
    for name, (_, meant) in LOSSY.items():
        path = _path(name)
        expected = (
            int(dt.datetime.fromisoformat(meant).timestamp())
            if meant
            else jekyll.posts[path]["epoch"]
        )
        assert rewritten.posts[path]["epoch"] == expected, (name, written[name])


def test_a_year_jekyll_fills_in_is_written_from_the_file_name(tmp_path: Path) -> None:
    site, jekyll = _jekyll_site(tmp_path, {"2020-01-14-no-year": "Jan 14"})
    path = _path("2020-01-14-no-year")
    assert jekyll.posts[path]["date"].startswith(f"{dt.date.today().year}-01-14")
    rules = {f["rule"]: f for f in _findings(site)[path]}
    assert rules["jekyll/date-lossy"]["severity"] == "warning"
    assert rules["jekyll/date-lossy"]["message"].endswith('write "2020-01-14"')
    assert "write the date in full" in rules["jekyll/date-mismatch"]["message"]
