"""A post that builds to `/` is written over the site's home page: `permalink: ''` (an empty
text is true in Ruby, so Jekyll takes it as the template) or a template that prints nothing
for the post (`/:categories/`, a post without categories). Compared with real Jekyll."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.inputkit import pressbot
from tests.jekyllfuzz import Site, compare, jekyll_posts, pressbot_posts

pytestmark = pytest.mark.usefixtures("jekyll_oracle")


def _site(root: Path, config: str, posts: dict[str, str], home: str | None) -> Site:
    root.mkdir(parents=True)
    (root / "_config.yml").write_text(config, encoding="utf-8")
    if home is not None:
        (root / home).write_text("---\n---\nhome\n", encoding="utf-8")
    for rel, front in posts.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(f"---\ntitle: t\n{front}\n---\nbody of {rel}\n", "utf-8")
    return Site(root, 0, sorted(posts))


def _findings(site: Site) -> list[str]:
    done = pressbot("check", "--site", site.root, cwd=site.root)
    return [line for line in done.out.splitlines() if " error jekyll/duplicate-url " in line]


def test_an_empty_permalink_is_the_home_page_as_jekyll_builds_it(tmp_path: Path) -> None:
    posts = {
        "_posts/2020-01-02-empty.md": "permalink: ''",
        "_posts/2020-01-03-none.md": "permalink:",
        "_posts/2020-01-04-off.md": "permalink: ''\npublished: false",
    }
    site = _site(tmp_path / "site", "title: t\n", posts, "index.html")
    jekyll = jekyll_posts(site, tmp_path / "work")
    assert jekyll.posts["_posts/2020-01-02-empty.md"]["url"] == "/"
    ours, errors = pressbot_posts(site, jekyll.time)
    assert compare(site, jekyll, ours, errors) == []
    assert _findings(site) == [
        "_posts/2020-01-02-empty.md:3:12: error jekyll/duplicate-url builds to /, the site's "
        "home page (index.html): Jekyll writes the post over it; `permalink: ''` is a template "
        "that is empty, not no permalink: remove the line"
    ]
    built = tmp_path / "built"
    subprocess.run(["jekyll", "build", "-q", "-s", site.root, "-d", built], check=True)
    assert "body of _posts/2020-01-02-empty.md" in (built / "index.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("home", "flagged"),
    [("index.md", True), ("index.markdown", True), ("index.htm", True), (None, False)],
)
def test_a_template_that_prints_nothing_for_the_post(
    tmp_path: Path, home: str | None, flagged: bool
) -> None:
    posts = {"_posts/2020-01-02-bare.md": "layout: post", "_posts/2020-01-03-cat.md": "category: a"}
    site = _site(tmp_path / "site", "permalink: /:categories/\n", posts, home)
    jekyll = jekyll_posts(site, tmp_path / "work")
    assert jekyll.posts["_posts/2020-01-02-bare.md"]["url"] == "/"
    ours, errors = pressbot_posts(site, jekyll.time)
    assert compare(site, jekyll, ours, errors) == []
    expected = f"the site's home page ({home}): Jekyll writes the post over it; give the post"
    found = _findings(site)
    assert [expected in line for line in found] == ([True] if flagged else [])
    assert all(line.startswith("_posts/2020-01-02-bare.md:1:1: ") for line in found)


def test_an_index_without_front_matter_is_copied_where_no_post_goes(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", "title: t\n", {"_posts/2020-01-02-a.md": "permalink: ''"}, None)
    (site.root / "index.md").write_text("no front matter\n", encoding="utf-8")
    assert _findings(site) == []
