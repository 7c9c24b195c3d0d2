"""`frontmatter/yaml-word` says what Jekyll does with a word its YAML reads as true, false or
null; held against real Jekyll: the posts it says are not published are not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.inputkit import pressbot
from tests.jekyllfuzz import Site, compare, jekyll_posts, pressbot_posts

pytestmark = pytest.mark.usefixtures("jekyll_oracle")

POSTS = {
    "_posts/2020-01-01-a.md": ("published: No", "so the post is not published"),
    "_posts/2020-01-02-b.md": ("published: oFF", "so the post is not published"),
    "_posts/2020-01-03-c.md": ("published: nULL", "so the post is not published"),
    "_posts/2020-01-04-d.md": ("published: YES", "so the post is published"),
    "_posts/2020-01-05-e.md": ("published: 'No'", None),  # text: Jekyll publishes it
    "_posts/2020-01-06-f.md": ("published: False", None),
}


def test_published_words_say_what_jekyll_does(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\n", encoding="utf-8")
    for rel, (front, _) in POSTS.items():
        (root / rel).write_text(f"---\ntitle: x\n{front}\n---\nBody.\n", encoding="utf-8")
    site = Site(root, 0, sorted(POSTS))
    jekyll = jekyll_posts(site, tmp_path)
    ours, errors = pressbot_posts(site)
    assert compare(site, jekyll, ours, errors) == []
    done = pressbot("check", "--format", "json", "--site", root, cwd=root)
    words = {
        f["path"]: f["message"]
        for f in json.loads(done.out)["findings"]
        if f["rule"] == "frontmatter/yaml-word"
    }
    for rel, (_, effect) in POSTS.items():
        if effect is None:
            assert rel not in words
            continue
        assert effect in words[rel]
        assert (rel in jekyll.posts) == effect.endswith(" is published")
