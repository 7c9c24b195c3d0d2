"""`jekyll/number-category` says what Jekyll does with a number in `categories` or `tags`;
held against real Jekyll: a category keeps the number and gains its text, a tag stays a
number, and the quoted name the warning suggests is plain text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.inputkit import pressbot
from tests.jekyllfuzz import Site, jekyll_posts

pytestmark = pytest.mark.usefixtures("jekyll_oracle")

POSTS = {
    "_posts/2020-01-01-a.md": "categories: [2021, news]",
    "_posts/2020-01-02-b.md": "categories: [1.50]",
    "_posts/2020-01-03-c.md": "tags: [2021, x]",
    "_posts/2020-01-04-d.md": "categories: ['2021', news]\ntags: ['1.50']",
}


def _build(tmp_path: Path, posts: dict[str, str]) -> tuple[Site, dict[str, dict[str, object]]]:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\n", encoding="utf-8")
    for rel, front in posts.items():
        (root / rel).write_text(f"---\ntitle: x\n{front}\n---\nBody.\n", encoding="utf-8")
    site = Site(root, 0, sorted(posts))
    return site, jekyll_posts(site, tmp_path).posts


def test_numbers_in_categories_and_tags(tmp_path: Path) -> None:
    site, jekyll = _build(tmp_path, POSTS)
    assert jekyll["_posts/2020-01-01-a.md"]["categories"] == [2021, "news", "2021"]
    assert jekyll["_posts/2020-01-02-b.md"]["categories"] == [1.5, "1.5"]
    assert jekyll["_posts/2020-01-03-c.md"]["tags"] == [2021, "x"]
    assert jekyll["_posts/2020-01-04-d.md"]["categories"] == ["2021", "news"]
    done = pressbot("check", "--format", "json", "--site", site.root, cwd=site.root)
    found = [
        (f["path"], f["message"])
        for f in json.loads(done.out)["findings"]
        if f["rule"] == "jekyll/number-category"
    ]
    assert [path for path, _ in found] == [
        "_posts/2020-01-01-a.md",
        "_posts/2020-01-02-b.md",
        "_posts/2020-01-03-c.md",
    ]
    assert "lists the category twice" in found[0][1]
    assert found[1][1].endswith('write "1.50" in quotes')
    assert "as the number 2021, not the text" in found[2][1]
