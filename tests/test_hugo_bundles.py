"""Leaf bundles on a multilingual site whose languages share one content folder: a language
without its own `index` file but with files in the bundle takes another language's `index`
as its page (Hugo 0.111), and its files are that page's resources, not pages."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.inputkit import pressbot

CONFIG = """baseURL = "https://e.org/"
defaultContentLanguage = "en"
[languages.en]
weight = 1
[languages.fr]
weight = 3
[languages.de]
weight = 2
"""

PAGES = {
    "content/posts/a.md": "+++\ntitle = 'A'\n+++\n",
    # en has a file in the bundle, no index: it takes de's. (With two other languages'
    # indexes to take, Hugo takes one by a race: mostly the first by name, as pressbot does.)
    "content/posts/b/index.de.md": "+++\ntitle = 'B de'\n+++\n",
    "content/posts/b/sidebar.md": "+++\ntitle = 'Side'\n+++\n",
    # fr has a file in the bundle: it takes the default language's index
    "content/posts/c/index.de.md": "+++\ntitle = 'C de'\n+++\n",
    "content/posts/c/index.md": "+++\ntitle = 'C en'\n+++\n",
    "content/posts/c/notes/more.fr.md": "x\n",
    # nobody else has a file in it: one page only
    "content/posts/d/index.de.md": "+++\ntitle = 'D de'\n+++\n",
}

EXPECTED = [
    ("content/posts/a.md", "/posts/a/"),
    ("content/posts/b/index.de.md", "/de/posts/b/"),
    ("content/posts/b/index.de.md", "/posts/b/"),
    ("content/posts/c/index.de.md", "/de/posts/c/"),
    ("content/posts/c/index.md", "/fr/posts/c/"),
    ("content/posts/c/index.md", "/posts/c/"),
    ("content/posts/d/index.de.md", "/de/posts/d/"),
]


def _site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", {"hugo.toml": CONFIG, **PAGES})


def test_untranslated_bundles_are_pages_in_the_languages_that_have_files_in_them(
    tmp_path: Path,
) -> None:
    site = _site(tmp_path)
    done = pressbot("list", "--format", "json", "--site", site)
    assert done.code == 0, done
    posts = json.loads(done.out)["posts"]
    assert sorted((p["path"], p["url"]) for p in posts) == EXPECTED
    checked = json.loads(pressbot("check", "--format", "json", "--site", site).out)
    assert checked["files_checked"] == 5  # each file once; sidebar.md and more.fr.md are not


@pytest.mark.usefixtures("hugo_oracle")
def test_hugo_lists_the_same_pages(tmp_path: Path) -> None:
    site = _site(tmp_path)
    run = subprocess.run(
        ["hugo", "list", "all"], cwd=site, capture_output=True, text=True, check=True
    )
    rows = csv.DictReader(io.StringIO(run.stdout))
    found = sorted((r["path"], r["permalink"].removeprefix("https://e.org")) for r in rows)
    assert found == EXPECTED


DISABLED = {
    "hugo.toml": 'baseURL = "https://e.org/"\ndisableLanguages = ["fr"]\n'
    "[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n",
    "content/posts/b/index.fr.md": "+++\ntitle = 'B fr'\n+++\n",
    "content/posts/b/side.md": "+++\ntitle = 'Side'\n+++\n",
}


def test_a_disabled_languages_index_is_the_page_of_a_bundle_another_language_fills(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path / "site", DISABLED)
    done = pressbot("list", "--format", "json", "--site", site)
    assert done.code == 0, done
    posts = json.loads(done.out)["posts"]
    assert [(p["path"], p["url"]) for p in posts] == [("content/posts/b/index.fr.md", "/posts/b/")]


@pytest.mark.usefixtures("hugo_oracle")
def test_hugo_takes_a_disabled_languages_index_too(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", DISABLED)
    run = subprocess.run(
        ["hugo", "list", "all"], cwd=site, capture_output=True, text=True, check=True
    )
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [(r["path"], r["permalink"]) for r in rows] == [
        ("content/posts/b/index.fr.md", "https://e.org/posts/b/")
    ]
