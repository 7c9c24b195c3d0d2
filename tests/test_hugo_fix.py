"""`pressbot fix` on Hugo pages: mojibake in TOML (`+++`), JSON (`{ }`) and YAML front
matter and in the body is repaired and every other byte stays (CRLF line endings, odd
spacing, TOML comments, the last line without a newline); the byte-order mark goes, as on
any site. `fix --check` and `fix --diff` name the files `check` reports as fixable, and Hugo
reads the fixed pages as before but for the repaired text."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from bot.hugo import frontmatter
from tests.conftest import write_site
from tests.inputkit import pressbot

BOM = b"\xef\xbb\xbf"
REPAIRS = {
    "CafÃ©": "Café",
    "NicolÃ¡s": "Nicolás",
    "rÃ©sumÃ©": "résumé",
    "â€œquotedâ€\x9d": "“quoted”",
}

TOML = (
    "+++\r\n"
    'title   =   "CafÃ© culture"   # the title, with a comment\r\n'
    "date = 2026-01-02T09:00:00+01:00\r\n"
    "tags = [ 'NicolÃ¡s' ,'harbour' ]\r\n"
    "# a whole-line comment with rÃ©sumÃ©\r\n"
    "[params]\r\n"
    "  summary = '''\r\n"
    "a multi-line literal: â€œquotedâ€\x9d\r\n"
    "'''\r\n"
    "+++\r\n"
    "trailing spaces   \r\n"
    "NicolÃ¡s\tand\ttabs\r\n"
    "no newline at the end: rÃ©sumÃ©"
)
JSON = (
    "{\n"
    '  "title" :   "CafÃ© in JSON",\n'
    '\t"date": "2026-01-03T09:00:00+01:00",\n'
    '  "tags":["NicolÃ¡s",   "harbour"],\n'
    '  "params": {"note": "â€œquotedâ€\x9d"}\n'
    "}\n"
    "\n"
    "Body: rÃ©sumÃ©  \n"
)
YAML = "---\r\ntitle:   'CafÃ© in YAML'  # c\r\ndate: 2026-01-04\r\n---\r\nrÃ©sumÃ©\r\n"
CLEAN = '+++\ntitle = "Clean"\ndate = 2026-01-05\n+++\nNothing to repair: café, “quotes”.\n'

FILES: dict[str, bytes] = {
    "content/posts/toml.md": BOM + TOML.encode(),
    "content/posts/json.md": JSON.encode(),
    "content/posts/yaml.md": YAML.encode(),
    "content/posts/clean.md": CLEAN.encode(),
}


def _repaired(data: bytes) -> bytes:
    text = data.decode("utf-8").removeprefix("\ufeff")
    for bad, good in REPAIRS.items():
        text = text.replace(bad, good)
    return text.encode("utf-8")


def _site(tmp_path: Path) -> Path:
    return write_site(
        tmp_path / "site",
        {"hugo.toml": 'baseURL = "https://x.org/"\ntitle = "x"\n', **FILES},
    )


def test_fix_repairs_only_the_mojibake_and_keeps_every_other_byte(tmp_path: Path) -> None:
    site = _site(tmp_path)
    done = pressbot("fix", "--site", site, cwd=site)
    assert done.code == 0, done
    assert sorted(done.out.splitlines()) == [
        "fixed content/posts/json.md: 4 mojibake repairs",
        "fixed content/posts/toml.md: 6 mojibake repairs, byte-order mark removed",
        "fixed content/posts/yaml.md: 2 mojibake repairs",
    ]
    for name, data in FILES.items():
        assert (site / name).read_bytes() == _repaired(data), name
    assert pressbot("fix", "--check", "--site", site, cwd=site).code == 0
    again = pressbot("check", "--site", site, cwd=site)
    assert "mojibake" not in again.out and "encoding/bom" not in again.out, again


def test_front_matter_reads_the_same_but_for_the_repaired_text(tmp_path: Path) -> None:
    site = _site(tmp_path)
    before = {n: frontmatter.read((site / n).read_text("utf-8-sig")).data for n in FILES}
    assert pressbot("fix", "--site", site, cwd=site).code == 0
    for name, data in before.items():
        after = frontmatter.read((site / name).read_text("utf-8")).data
        assert (
            json.dumps(after, default=str, ensure_ascii=False)
            == _repaired(json.dumps(data, default=str, ensure_ascii=False).encode()).decode()
        ), name


def test_check_and_diff_name_what_check_reports(tmp_path: Path) -> None:
    site = _site(tmp_path)
    report = pressbot("check", "--format", "json", "--site", site, cwd=site)
    fixable = {f["path"] for f in json.loads(report.out)["findings"] if f.get("fix")}
    assert fixable == {"content/posts/toml.md", "content/posts/json.md", "content/posts/yaml.md"}
    would = pressbot("fix", "--check", "--site", site, cwd=site)
    assert would.code == 1, would
    assert {line.split(":")[0].removeprefix("would fix ") for line in would.out.splitlines()} == (
        fixable
    )
    diff = pressbot("fix", "--diff", "--site", site, cwd=site)
    assert diff.code == 0, diff
    assert {
        line.removeprefix("--- a/") for line in diff.out.splitlines() if line.startswith("--- a/")
    } == fixable
    assert '+title   =   "Café culture"   # the title, with a comment' in diff.out
    for name, data in FILES.items():
        assert (site / name).read_bytes() == data, name  # --check and --diff change nothing


@pytest.mark.usefixtures("hugo_oracle")
def test_hugo_reads_the_repaired_titles(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert pressbot("fix", "--site", site, cwd=site).code == 0
    run = subprocess.run(
        ["hugo", "list", "all"], cwd=site, capture_output=True, text=True, timeout=120, check=True
    )
    titles = {row["path"]: row["title"] for row in csv.DictReader(io.StringIO(run.stdout))}
    assert titles == {
        "content/posts/toml.md": "Café culture",
        "content/posts/json.md": "Café in JSON",
        "content/posts/yaml.md": "Café in YAML",
        "content/posts/clean.md": "Clean",
    }


MOVED = {
    "hugo.toml": (
        'baseURL = "https://x.org/"\ntitle = "x"\n[permalinks]\nposts = "/:year/:slug/"\n'
    ),
    # the URL follows the title: the repair moves it
    "content/posts/moved.md": '+++\ntitle = "CafÃ© opens"\ndate = 2026-01-02\n+++\nBody.\n',
    # a slug of its own: the title's repair leaves the URL where it is
    "content/posts/kept.md": (
        '+++\ntitle = "CafÃ© kept"\nslug = "kept"\ndate = 2026-01-03\n+++\nBody.\n'
    ),
    # not published: nobody links to it
    "content/posts/draft.md": (
        '+++\ntitle = "CafÃ© draft"\ndraft = true\ndate = 2026-01-04\n+++\nBody.\n'
    ),
}


def _hugo_urls(site: Path) -> dict[str, str]:
    run = subprocess.run(
        ["hugo", "list", "all"], cwd=site, capture_output=True, text=True, timeout=120, check=True
    )
    return {
        row["path"]: row["permalink"].removeprefix("https://x.org")
        for row in csv.DictReader(io.StringIO(run.stdout))
    }


@pytest.mark.usefixtures("hugo_oracle")
def test_a_repair_that_moves_a_page_says_from_where_to_where(tmp_path: Path) -> None:
    """A repaired title is a new `:slug`: the page moves, which breaks the old URL's links
    if it is published. `fix` says so, with the URLs Hugo gives the page before and after,
    and only for the page that moves."""
    site = write_site(tmp_path / "site", dict(MOVED))
    before = _hugo_urls(site)["content/posts/moved.md"]
    for mode in ("--diff", "--check", None):
        done = pressbot("fix", *([mode] if mode else []), "--site", site, cwd=site)
        assert done.code == (1 if mode == "--check" else 0), done
        notes = done.err.splitlines()
        assert len(notes) == 1 and notes[0].startswith("content/posts/moved.md: "), done
    after = _hugo_urls(site)["content/posts/moved.md"]
    assert before == "/2026/caf%C3%A3-opens/" and after == "/2026/caf%C3%A9-opens/"
    assert f"moves the post from {before} to {after}" in notes[0]
    assert "aliases" in notes[0]
    assert "Café opens" in (site / "content/posts/moved.md").read_text("utf-8")
