"""A category or tag that is neither text nor a number is a `schema/type` error that says what
Jekyll makes of it; each claim held against real Jekyll's `page.categories` and `page.tags`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.inputkit import pressbot
from tests.jekyllfuzz import Site, jekyll_posts

pytestmark = pytest.mark.usefixtures("jekyll_oracle")

FRONT = "categories: [x, true, ~, 2020-01-01, [a, b]]\ntags: [y, false, ~, 2020-01-01, [c, [d]]]"


def test_what_jekyll_makes_of_odd_categories_and_tags(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (root / "_posts" / "2020-01-01-a.md").write_text(f"---\ntitle: a\n{FRONT}\n---\n", "utf-8")
    site = Site(root, 0, ["_posts/2020-01-01-a.md"])
    (post,) = jekyll_posts(site, tmp_path).posts.values()
    categories, tags = post["categories"], post["tags"]
    done = pressbot("check", "--format", "json", "--site", root, cwd=root)
    said = {f["message"].split(":")[0]: f["message"] for f in json.loads(done.out)["findings"]}
    # "keeps it and adds the text": the value, then its text
    assert True in categories and "true" in categories
    assert 'adds the text "true"' in said["categories[1]"]
    assert None in categories and "" in categories
    assert 'adds an empty category ""' in said["categories[2]"]
    assert "2020-01-01" in categories and 'adds the text "2020-01-01"' in said["categories[3]"]
    assert ["a", "b"] in categories and "a" in categories and '["a", "b"]' in categories
    assert "adds its items and its text" in said["categories[4]"]
    assert "/a/b/" in post["url"]
    # tags keep the value, drop nulls, flatten lists
    assert False in tags and "false" not in tags
    assert 'not the text "false"' in said["tags[1]"]
    assert None not in tags and "Jekyll drops it" in said["tags[2]"]
    assert tags[-2:] == ["c", "d"] and "flattens it" in said["tags[4]"]
