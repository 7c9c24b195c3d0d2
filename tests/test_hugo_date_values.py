"""Date and other values Hugo 0.111 reads that are easy to misjudge: an empty date (no key
to Hugo), a Unix time, a year before 1 or after 9999, text where a number goes; each asked
of real Hugo (`hugo list all`, a build) besides pressbot's `check` and `list`."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import write_site
from tests.inputkit import pressbot

CONFIG = 'baseURL = "https://example.org/"\ntitle = "t"\n'
LAYOUTS = {
    "layouts/_default/single.html": "page\n",
    "layouts/_default/list.html": "list\n",
}
NOW = "2025-06-15T12:00:00Z"
oracle = pytest.mark.usefixtures("hugo_oracle")


def findings(root: Path) -> list[dict[str, object]]:
    run = pressbot("check", "--format", "json", "--site", root, cwd=root)
    assert run.code in (0, 1) and "Traceback" not in run.err, run
    found: list[dict[str, object]] = json.loads(run.out)["findings"]
    return found


def listed(root: Path) -> dict[str, dict[str, object]]:
    run = pressbot("list", "--format", "json", "--now", NOW, "--site", root, cwd=root)
    assert run.code == 0 and "Traceback" not in run.err, run
    return {str(p["path"]): p for p in json.loads(run.out)["posts"]}


def hugo_listed(root: Path) -> dict[str, dict[str, str]]:
    done = subprocess.run(
        ["hugo", "list", "all"], cwd=root, capture_output=True, text=True, check=True
    )
    table = done.stdout[done.stdout.index("path,") :]
    return {row["path"]: row for row in csv.DictReader(io.StringIO(table))}


def built(root: Path) -> set[str]:
    """The pages' folders a real build writes (`public/...`), besides lists."""
    subprocess.run(["hugo", "--quiet"], cwd=root, capture_output=True, check=True)
    pages = (root / "public").rglob("index.html")
    return {p.parent.relative_to(root / "public").as_posix() + "/" for p in pages}


# --- an empty date ---------------------------------------------------------------------


@oracle
def test_an_empty_date_is_no_key_to_hugo_and_no_finding(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "hugo.toml": CONFIG,
            "content/posts/a.md": "---\ntitle: A\nexpiryDate:\npublishDate: ~\n---\nx\n",
            "content/posts/b.md": '{"title": "A", "date": null, "lastmod": null}\nx\n',
            "content/posts/c.md": "---\ntitle: A\n---\nx\n",
        },
    )
    rows = hugo_listed(root)
    same = {k: v for k, v in rows["content/posts/c.md"].items() if k not in ("path", "permalink")}
    for name in ("a", "b"):
        row = rows[f"content/posts/{name}.md"]
        assert {k: v for k, v in row.items() if k in same} == same
    assert findings(root) == []
    assert all(p["published"] for p in listed(root).values())


def test_values_are_named_by_their_kind_in_messages(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "hugo.toml": CONFIG,
            "content/posts/a.md": "+++\ntitle = 'A'\ndraft = 2020-01-01\n+++\n",
            "content/posts/b.md": "+++\ntitle = 'B'\ndraft = 10:30:00\n+++\n",
            "content/posts/c.md": "---\ntitle: C\ndraft: {a: 1}\n---\n",
            "content/posts/d.md": "+++\ntitle = 'D'\nexpiryDate = 2020-01-01T10:00:00Z\n"
            "[draft]\na = 1\n+++\n",
        },
    )
    messages = {
        str(f["path"]): str(f["message"]) for f in findings(root) if f["rule"] == "hugo/string-bool"
    }
    assert "reads the date 2020-01-01 as false" in messages["content/posts/a.md"]
    assert "reads the time of day 10:30:00 as false" in messages["content/posts/b.md"]
    assert "reads a mapping as false" in messages["content/posts/c.md"]
    assert "reads a table as false" in messages["content/posts/d.md"]


# --- values Hugo's cast reads: no schema error -------------------------------------------


@oracle
def test_values_hugo_casts_without_loss_pass_and_read_as_hugo_reads_them(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "hugo.toml": CONFIG,
            **LAYOUTS,
            "content/posts/d.md": "---\ntitle: D\ndate: 1700000000\naliases: /old/ /older/\n"
            'weight: "3"\n---\nx\n',
            "content/posts/n.md": "---\ntitle: 2021\nslug: 1984\n---\nx\n",
            "content/posts/t.md": '+++\ntitle = "T"\nexpiryDate = 4102444800\n+++\nx\n',
        },
    )
    assert findings(root) == []
    rows, mine = hugo_listed(root), listed(root)
    assert rows["content/posts/d.md"]["date"] == "2023-11-14T22:13:20Z"
    assert mine["content/posts/d.md"]["date"] == "2023-11-14T22:13:20+00:00"
    assert rows["content/posts/n.md"]["title"] == "2021"
    assert rows["content/posts/n.md"]["permalink"] == "https://example.org/posts/1984/"
    assert mine["content/posts/n.md"]["url"] == "/posts/1984/"
    assert rows["content/posts/t.md"]["expiryDate"].startswith("2100-01-01")
    assert {"old/", "older/", "posts/1984/"} <= built(root)


# --- years Python's datetime cannot hold --------------------------------------------------

FAR = {
    "big.md": "---\ntitle: Big\ndate: 1704189600000\n---\nx\n",
    "zero.md": "---\ntitle: Zero\ndate: 0000-06-01\n---\nx\n",
    "minus.md": "---\ntitle: Minus\ndate: -62200000000\n---\nx\n",
    "late.md": '+++\ntitle = "Late"\ndate = "0000-12-31T23:30:00-05:00"\n+++\nx\n',
    "soon.md": "---\ntitle: Soon\ndate: 2024-01-02\nexpiryDate: 999999999999\n---\nx\n",
}


@oracle
def test_a_year_before_1_or_after_9999_is_read_listed_and_built_as_hugo_does(
    tmp_path: Path,
) -> None:
    config = CONFIG + '[permalinks]\nposts = "/:year/:month/:day/:weekday/:yearday/:06/:slug/"\n'
    root = write_site(
        tmp_path,
        {"hugo.toml": config, **LAYOUTS, **{f"content/posts/{k}": v for k, v in FAR.items()}},
    )
    rows, mine = hugo_listed(root), listed(root)
    folders = built(root)
    for name in FAR:
        path = f"content/posts/{name}"
        url = urlsplit(rows[path]["permalink"]).path
        assert mine[path]["url"] == url, (name, mine[path])
        assert str(mine[path]["date"]).replace("+00:00", "Z") == rows[path]["date"], name
        assert mine[path]["published"] == (url.lstrip("/") in folders), (name, folders)
    assert mine["content/posts/big.md"]["reason"] == "future"
    assert mine["content/posts/big.md"]["url"] == "/55973/08/14/2/226/73/big/"
    assert mine["content/posts/zero.md"]["url"].startswith("/0/06/01/")
    assert mine["content/posts/soon.md"]["published"] is True  # expires in the year 33658


def test_a_far_year_is_a_warning_that_names_the_year_and_what_to_write(tmp_path: Path) -> None:
    root = write_site(
        tmp_path, {"hugo.toml": CONFIG, **{f"content/posts/{k}": v for k, v in FAR.items()}}
    )
    found = {
        str(f["path"]).rpartition("/")[2]: (f["severity"], f["line"], str(f["message"]))
        for f in findings(root)
        if f["rule"] == "hugo/date-lossy"
    }
    assert set(found) == set(FAR)
    assert found["big.md"] == (
        "warning",
        3,
        "date: Hugo reads 1704189600000 (seconds since 1970) as 55973-08-14 16:00, in the "
        "year 55973, after 9999; if it counts milliseconds, write 2024-01-02T10:00:00Z",
    )
    assert (
        'Hugo reads "0000-06-01" as 0000-06-01 00:00, in the year 0, before' in found["zero.md"][2]
    )
    assert "in the year -2, before year 1" in found["minus.md"][2]
    assert found["soon.md"][1] == 4 and "expiryDate: " in found["soon.md"][2]
    assert not [f for f in findings(root) if f["rule"] == "hugo/invalid-date"]
