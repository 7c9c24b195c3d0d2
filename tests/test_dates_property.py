"""Many generated front-matter values (dates at the ends of the calendar, offsets, times of
day, tags, odd shapes) through `check` and `list`, in this process: nothing may raise.

A seeded generator stands in for a property-testing library; a failure names the seed and
the post, so it can be replayed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from bot import linter
from bot.jekyll import describe
from bot.linter import check_posts
from bot.post import read_post
from bot.site import load_site
from tests.conftest import Run

YEARS = ["0000", "0001", "0999", "1969", "2024", "9999", "10000", "99999"]
MONTHS = ["0", "00", "1", "01", "02", "12", "13", "99"]
DAYS = ["0", "00", "1", "28", "29", "30", "31", "32", "99"]
SEPARATORS = ["-", "/", ""]
TIMES = [
    "", " 10:00", "T10:00:00", " 24:00", " 24:00:00", " 24:00:01", " 23:59:60", " 23:59:61",
    " 25:00", " 99:99", " 12:00 PM", " 00:00 AM", " 99:00 PM", " 10:00:00.1234567890",
    "T23:59:59.999999", " 10:00:00,5",
]  # fmt: skip
ZONES = [
    "", "Z", " Z", " UTC", " GMT", " EST", " PDT", " +25", " -2359", " +2359", " +2400",
    " +0160", " -12:00", " +99:99", " +14:00", " -00:00", " +0", " -23:60",
]  # fmt: skip
NAMED = ["January {d}, {y}", "{d} Jan {y}", "Mon, {d} Foo {y}", "Feb {d}th, {y}", "Sept. {d} {y}"]
QUOTES = ["{}", '"{}"', "'{}'"]
TAGS = [
    "", "", "", "!!timestamp ", "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ",
    "!!binary ", "!!set ", "!!omap ", "!!seq ", "!!map ", "!!pairs ", "!foo ", "! ",
    "!!python/object:os.system ", "!<tag:yaml.org,2002:timestamp> ", "!!merge ", "!!value ",
]  # fmt: skip
FIELDS = [
    "date", "date", "date", "date", "last_modified_at", "published", "id", "categories",
    "tags", "category", "tag", "slug", "permalink", "title", "author", "image", "layout",
]  # fmt: skip
ODD = [
    "", "~", "null", "true", "no", "0", "-1", ".inf", ".nan", "-.inf", "1e400", "0x1F",
    "0x" + "f" * 5000, "1" + ":59" * 2000, "[]", "{}", "[a, [b, [c, [d]]]]", "{a: 1}",
    "[1, 2.5, true, null, 2024-01-01, 0000-01-01]", "'" + " " * 300 + "'", "0o17", "0b101",
    "0777", "1_000", "190:20:30", "2024-01-01 10:00:00 +25:00", "9999-12-31 23:59:59.999999 -23:59",
    "0001-01-01 00:00:00 +23:59", "9999-12-31", "0001-01-01", "20240103", "99999999",
    "'2024-01-03" + " " * 20 + "10:00" + " " * 20 + "+0100'", "aGVsbG8=", "/w==", "[" * 40 + "]" * 40,
    "'" + "2024-01-01 " * 20 + "'", "{date: 2024-01-01}", ":", "'\\u0000'", '"\\x00\\u2028"',
]  # fmt: skip
NAMES = [
    "2024-01-03-a{i}.md", "0000-01-01-z{i}.md", "9999-12-31-z{i}.md", "2024-02-30-z{i}.md",
    "24-1-3-short{i}.md", "2024-13-45-z{i}.md", "notadate{i}.md", "2024-01-03-{i}.markdown",
]  # fmt: skip


def date_text(rng: random.Random) -> str:
    year = rng.choice(YEARS)
    if rng.random() < 0.2:
        text = rng.choice(NAMED).format(d=rng.choice(DAYS), y=year)
    else:
        sep = rng.choice(SEPARATORS)
        text = f"{year}{sep}{rng.choice(MONTHS)}{sep}{rng.choice(DAYS)}"
    return text + rng.choice(TIMES) + rng.choice(ZONES)


def value(rng: random.Random) -> str:
    raw = date_text(rng) if rng.random() < 0.6 else rng.choice(ODD)
    quoted = rng.choice(QUOTES).format(raw) if raw and raw[0] not in "'\"[{" else raw
    return rng.choice(TAGS) + quoted


def front_matter(rng: random.Random) -> str:
    lines = ["title: t"]
    for field in rng.sample(FIELDS, rng.randint(1, 4)):
        lines.append(f"{field}: {value(rng)}")
    return "---\n" + "\n".join(lines) + "\n---\nText.\n"


def make(root: Path, seed: int, count: int, timezone: str) -> Path:
    rng = random.Random(seed)
    (root / "_posts").mkdir(parents=True)
    config = f"timezone: {timezone}\n" if timezone else "title: t\n"
    (root / "_config.yml").write_text(config, encoding="utf-8")
    for i in range(count):
        name = rng.choice(NAMES).format(i=i)
        (root / "_posts" / name).write_text(front_matter(rng), encoding="utf-8")
    return root


REASONS = {None, "draft", "published-false", "future", "not-a-post-name", "invalid"}


@pytest.mark.parametrize(
    ("seed", "timezone"), [(1, ""), (2, "Asia/Tokyo"), (3, "Etc/GMT+12"), (4, "Pacific/Kiritimati")]
)
def test_generated_values_never_raise(
    tmp_path: Path, cli: Callable[..., Run], seed: int, timezone: str
) -> None:
    root = make(tmp_path / "site", seed, 120, timezone)
    site = load_site(root)
    for path in sorted((root / "_posts").iterdir()):
        try:
            describe(read_post(site, path), site)
        except Exception as exc:  # pragma: no cover - the failure report
            text = path.read_text(encoding="utf-8")
            raise AssertionError(f"seed {seed}: {path.name} raised {exc!r}:\n{text}") from exc
    result = check_posts(site, jobs=1)
    assert result.files_checked == 120
    assert all(f.line >= 1 and f.column >= 1 for f in result.findings)
    run = cli("check", "--format", "json", root)
    assert run.code in (0, 1) and not run.err, run
    run = cli("list", "--format", "json", root)
    assert run.code == 0 and not run.err, run
    posts = json.loads(run.out)["posts"]
    assert len(posts) == 120
    assert {p["reason"] for p in posts} <= REASONS
    assert all(p["published"] is (p["reason"] is None) for p in posts)


def test_generated_values_never_raise_in_a_bulk_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bulk path (URL tails, ids) on the same kind of posts, in this process."""
    monkeypatch.setattr(linter, "PARALLEL_THRESHOLD", 10)
    root = make(tmp_path / "site", 5, 120, "America/New_York")
    result = check_posts(load_site(root), jobs=1)
    assert result.files_checked == 120
