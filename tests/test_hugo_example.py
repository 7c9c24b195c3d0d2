"""`pressbot list` on the example Hugo site: what is published on a given day and why not,
and (where Hugo is installed) the same URLs, dates and drafts as `hugo list all`."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.inputkit import pressbot

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "hugo-site"
DAY = "2026-03-10T12:00:00Z"


def _listed() -> dict[str, dict[str, Any]]:
    done = pressbot("list", "--format", "json", "--now", DAY, "--site", EXAMPLE)
    assert done.code == 0, done.err
    doc = json.loads(done.out)
    assert doc["generator"] == "hugo"
    return {p["path"]: p for p in doc["posts"]}


def test_the_example_site_lists_as_an_editor_expects() -> None:
    posts = _listed()
    assert {p: (x["published"], x["reason"]) for p, x in posts.items()} == {
        "content/notes/about.md": (True, None),
        "content/posts/council-budget.md": (True, None),
        "content/posts/ferry-fares.md": (True, None),
        "content/posts/harbour-festival/index.md": (False, "future"),
        "content/posts/lighthouse-draft.md": (False, "draft"),
        "content/posts/market-returns.md": (True, None),
        "content/posts/new-ferry-timetable.md": (True, None),
        "content/posts/quay-works.md": (True, None),
        "content/posts/winter-closures.md": (False, "expired"),
    }
    budget = posts["content/posts/council-budget.md"]
    assert budget["url"] == "/2026/01/harbour-budget-2026/"
    assert budget["categories"] == ["politics"] and budget["tags"] == ["council", "budget"]
    assert posts["content/posts/market-returns.md"]["date"] == "2026-03-01T00:00:00+01:00"


def test_the_example_site_has_a_draft_a_future_and_an_expired_page_today() -> None:
    """As the README says, on the day it is read (not only on `DAY`)."""
    done = pressbot("list", "--format", "json", "--site", EXAMPLE)
    assert done.code == 0, done.err
    reasons = [p["reason"] for p in json.loads(done.out)["posts"] if p["reason"]]
    assert sorted(reasons) == ["draft", "expired", "future"]


def test_the_example_site_lists_as_hugo_lists_it(tmp_path: Path, hugo_oracle: None) -> None:
    copy = tmp_path / "site"
    shutil.copytree(EXAMPLE, copy)
    done = subprocess.run(["hugo", "list", "all"], cwd=copy, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout[done.stdout.index("path,slug") :])))
    posts = _listed()
    assert {r["path"] for r in rows} == set(posts)
    for row in rows:
        ours = posts[row["path"]]
        assert row["permalink"] == "https://news.example.org" + ours["url"]
        assert (row["draft"] == "true") == (ours["reason"] == "draft")
        if not row["date"].startswith("0001-"):
            assert row["date"] == ours["date"]
