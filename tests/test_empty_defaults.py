"""`frontmatter/empty-default`: a field left empty keeps the site's default in Jekyll, and the
value the warning suggests does not; held against real Jekyll."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.inputkit import pressbot
from tests.jekyllfuzz import Site, compare, jekyll_posts, pressbot_posts

pytestmark = pytest.mark.usefixtures("jekyll_oracle")

CONFIG = (
    "title: t\ndefaults:\n  - scope: {path: ''}\n    values:\n"
    "      tags: [release]\n      published: false\n      categories: [news]\n"
)
POSTS = {
    "_posts/2020-01-01-a.md": "tags:\npublished: true",
    "_posts/2020-01-02-b.md": "tags: []\npublished: true",
    "_posts/2020-01-03-c.md": "published:",
    "_posts/2020-01-04-d.md": "categories:\npublished: true",
    "_posts/2020-01-05-e.md": "categories: []\npublished: true",
}


def test_empty_values_keep_the_defaults_in_jekyll(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(CONFIG, encoding="utf-8")
    for rel, front in POSTS.items():
        (root / rel).write_text(f"---\ntitle: x\n{front}\n---\nBody.\n", encoding="utf-8")
    site = Site(root, 0, sorted(POSTS))
    jekyll = jekyll_posts(site, tmp_path)
    ours, errors = pressbot_posts(site)
    assert compare(site, jekyll, ours, errors) == []
    assert jekyll.posts["_posts/2020-01-01-a.md"]["tags"] == ["release"]
    assert jekyll.posts["_posts/2020-01-02-b.md"]["tags"] == []
    assert "_posts/2020-01-03-c.md" not in jekyll.posts
    # categories: the defaults' are kept whatever the post says, so neither is reported
    assert jekyll.posts["_posts/2020-01-04-d.md"]["categories"] == ["news"]
    assert jekyll.posts["_posts/2020-01-05-e.md"]["categories"] == ["news"]
    done = pressbot("check", "--format", "json", "--site", root, cwd=root)
    found = {
        (f["path"], f["message"].split(":")[0])
        for f in json.loads(done.out)["findings"]
        if f["rule"] == "frontmatter/empty-default"
    }
    assert found == {("_posts/2020-01-01-a.md", "tags"), ("_posts/2020-01-03-c.md", "published")}
