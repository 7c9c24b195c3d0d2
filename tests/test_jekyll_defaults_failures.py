"""`defaults` that Jekyll's own code fails on: it logs "could not read file", leaves the
post out and exits 0. pressbot must not list such a post as published, and must report an
error for it; every other shape of `defaults` keeps working. Compared with real Jekyll."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.jekyllfuzz import Site, compare, jekyll_posts, pressbot_posts

pytestmark = pytest.mark.usefixtures("jekyll_oracle")

POSTS = {
    "_posts/2020-01-01-a.md": "---\ntitle: A\n---\nx\n",
    "_posts/news/2020-01-02-b.md": "---\ntitle: B\n---\nx\n",
}
CONFIGS = {
    "scoped-then-unscoped": '- scope: {path: ""}\n  values: {layout: post}\n'
    "- values: {author: x}\n",
    "unscoped-then-scoped": '- values: {author: x}\n- scope: {path: ""}\n  values: {layout: p}\n',
    "empty-scope-then-unscoped": "- scope: {}\n  values: {layout: post}\n- values: {author: x}\n",
    "number-path-after-a-match": '- scope: {path: ""}\n  values: {a: 1}\n'
    "- scope: {path: 2020}\n  values: {b: 2}\n",
    "number-path-alone": "- scope: {path: 2020}\n  values: {b: 2}\n",
    "list-path-after-a-match": '- scope: {path: ""}\n  values: {a: 1}\n'
    "- scope: {path: [a]}\n  values: {b: 2}\n",
    "posts-type-and-news-path": "- scope: {type: posts}\n  values: {categories: [x]}\n"
    "- scope: {path: _posts/news, type: posts}\n  values: {categories: [y]}\n",
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_defaults_as_jekyll_applies_them(tmp_path: Path, name: str) -> None:
    root = tmp_path / "site"
    for rel, text in {"_config.yml": "defaults:\n" + CONFIGS[name], **POSTS}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    site = Site(root, 0, sorted(POSTS))
    jekyll = jekyll_posts(site, tmp_path / "work")
    ours, errors = pressbot_posts(site, jekyll.time)
    assert compare(site, jekyll, ours, errors) == []
    dropped = {p for p in POSTS if p not in jekyll.posts}
    assert dropped <= errors  # a post Jekyll leaves out has an error


@pytest.mark.parametrize(
    "config",
    ["- scope:\n  values: {b: 2}\n", "- scope: _posts\n  values: {b: 2}\n",
     "- scope: {path: '', type: 5}\n  values: {b: 2}\n"],
)  # fmt: skip
def test_defaults_jekyll_fails_on_for_every_post_are_a_configuration_error(
    tmp_path: Path, config: str
) -> None:
    """A `scope` that is not a mapping, or a `type` that is not text: Jekyll fails on every
    post (and page); pressbot refuses the configuration, naming the setting."""
    from tests.inputkit import pressbot

    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("defaults:\n" + config, encoding="utf-8")
    (root / "_posts" / "2020-01-01-a.md").write_text("---\ntitle: A\n---\n")
    done = pressbot("check", "--site", str(root))
    assert done.code == 2 and "setting 'defaults[0].scope" in done.err, done
