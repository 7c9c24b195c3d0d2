"""A page (or an alias) at the URL of a list page — the home page, a section, a taxonomy,
a term — is lost, or takes the list page's place: Hugo renders both to one file, in parallel,
and keeps one without a word. Judged against a real build: every page's layout and every list
page's log the URL they render (`warnf`); the pages `hugo/duplicate-url` flags are exactly
those whose file a list page renders too."""

from __future__ import annotations

import json
import posixpath
import subprocess
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.inputkit import pressbot

pytestmark = pytest.mark.usefixtures("hugo_oracle")

LAYOUTS = {
    "layouts/_default/single.html": '{{ warnf "PAGE|%s|%s" .File.Path .RelPermalink }}',
    "layouts/_default/list.html": '{{ warnf "LIST|%s|%s" .Kind .RelPermalink }}',
    "layouts/index.html": '{{ warnf "LIST|home|%s" .RelPermalink }}',
    "layouts/alias.html": '{{ warnf "ALIAS|%s" .Permalink }}',
}


def _page(url: str = "", extra: str = "") -> str:
    line = f"url: {url}\n" if url else ""
    return f"---\ntitle: T\ndate: 2024-01-02\n{line}{extra}---\nBody.\n"


def _file(link: str) -> str:
    """The file a relative permalink is written to (`/a/index.html/` is `a/index.html`)."""
    path = posixpath.normpath(link).lstrip("/")
    if path in ("", "."):
        return "index.html"
    if link.endswith("/") and not path.endswith("index.html"):
        return path + "/index.html"
    return path


def _collisions(root: Path) -> tuple[set[str], set[str]]:
    """What a real build renders: the content files of pages whose file a list page
    renders too, and the files of every list page."""
    done = subprocess.run(["hugo", "--renderToMemory"], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    pages: dict[str, str] = {}
    lists: set[str] = set()
    for line in (done.stdout + done.stderr).splitlines():
        parts = line.split("|")
        if "PAGE|" in line:
            pages["content/" + parts[1]] = _file(parts[2].strip())
        elif "LIST|" in line:
            lists.add(_file(parts[2].strip()))
    return {rel for rel, file in pages.items() if file in lists}, lists


def _flagged(root: Path, *paths: str) -> dict[str, str]:
    done = pressbot("check", "--format", "json", *paths, cwd=root)
    assert done.code in (0, 1), done.err
    found = json.loads(done.out)["findings"]
    return {f["path"]: f["message"] for f in found if f["rule"] == "hugo/duplicate-url"}


CASES = {
    "content/posts/section.md": _page("/posts/"),
    "content/posts/home.md": _page("/"),
    "content/posts/home-file.md": _page("/index.html"),
    "content/posts/taxonomy.md": _page("/tags/"),
    "content/posts/term.md": _page("/tags/hello-world/", "tags: [Hello World]\n"),
    "content/posts/drafted-term.md": _page("/tags/drafty/"),
    "content/posts/draft.md": _page("", "draft: true\ntags: [drafty]\n"),
    "content/posts/nested.md": _page("/posts/sub/"),  # posts/sub has no `_index`: no section
    "content/posts/sub/inner.md": _page(),
    "content/posts/branch.md": _page("/blog/x/"),  # blog/x has one
    "content/blog/x/_index.md": "---\ntitle: X\n---\n",
    "content/blog/x/y.md": _page(),
    "content/posts/moved.md": _page("/news/"),  # news/ is elsewhere: its `_index` says so
    "content/news/_index.md": "---\ntitle: News\nurl: /headlines/\n---\n",
    "content/news/n.md": _page(),
    "content/posts/alias.md": _page("", "aliases: [/blog/]\n"),
    "content/posts/link.md": _page("/posts/", "_build:\n  render: link\n"),
    "content/posts/series.md": _page("/series/"),  # not a taxonomy of this site
}


def test_pages_at_list_page_urls_are_flagged_as_a_build_renders_them(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {"hugo.toml": 'baseURL = "https://example.org/"\n', **LAYOUTS, **CASES},
    )
    colliding, lists = _collisions(root)
    assert colliding == {
        "content/posts/section.md",
        "content/posts/home.md",
        "content/posts/home-file.md",
        "content/posts/taxonomy.md",
        "content/posts/term.md",
        "content/posts/branch.md",
    }
    assert "blog/index.html" in lists  # the alias's file
    flagged = _flagged(root)
    assert set(flagged) == colliding | {"content/posts/alias.md"}
    assert "the section blog/" in flagged["content/posts/alias.md"]
    assert (
        'the tags term "Hello World" (tags/hello-world/index.html)'
        in flagged["content/posts/term.md"]
    )
    # a partial run (as pre-commit checks a page) finds the same for the page
    for rel in ("content/posts/term.md", "content/posts/section.md", "content/posts/nested.md"):
        assert _flagged(root, rel) == {k: v for k, v in flagged.items() if k == rel}


def test_languages_and_ugly_urls_place_list_pages_as_hugo_does(tmp_path: Path) -> None:
    config = (
        'baseURL = "https://example.org/"\ndefaultContentLanguage = "en"\nuglyURLs = true\n'
        "[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n"
        '[permalinks]\ntags = "/topic/:slug/"\n'
    )
    cases = {
        "content/posts/a.fr.md": _page("/posts.html"),  # the French section is /fr/posts.html
        "content/posts/b.fr.md": _page("/fr/posts.html"),
        "content/posts/c.md": _page("/posts.html"),
        "content/posts/d.md": _page("/tags/go/", "tags: [go]\n"),  # terms are under /topic/
        "content/posts/e.fr.md": _page("/fr/"),
    }
    root = write_site(tmp_path, {"hugo.toml": config, **LAYOUTS, **cases})
    colliding, _ = _collisions(root)
    assert colliding == {
        "content/posts/a.fr.md",
        "content/posts/b.fr.md",
        "content/posts/c.md",
        "content/posts/e.fr.md",
    }
    flagged = _flagged(root)
    assert set(flagged) == colliding
    assert "the section posts/ of en (posts.html)" in flagged["content/posts/a.fr.md"]


@pytest.mark.parametrize(
    ("config", "cases"),
    [
        # a section Hugo makes itself, of drafts only, is deleted: its URL is free
        (
            "",
            {
                "content/drafts/x.md": _page("", "draft: true\n"),
                "content/a/a.md": _page("/drafts/"),
            },
        ),
        # a section's `_index` keeps it, drafts only or not
        (
            "",
            {
                "content/drafts/_index.md": "---\ntitle: D\n---\n",
                "content/drafts/x.md": _page("", "draft: true\n"),
                "content/a/a.md": _page("/drafts/"),
            },
        ),
        # the root of a site whose default language is in a folder is a redirect
        (
            'defaultContentLanguageInSubdir = true\ndefaultContentLanguage = "en"\n'
            "[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n",
            {
                "content/a/a.md": _page("/en/a/"),
                "content/a/b.md": _page("/en/"),
                "content/a/c.md": _page("/"),
            },
        ),
        # paths as the site shapes them: accents removed, case kept
        (
            "removePathAccents = true\n",
            {
                "content/Über/a.md": _page("/uber/"),
                "content/x/c.md": _page("/tags/cafe/", "tags: [Café]\n"),
            },
        ),
        (
            'disablePathToLower = true\n[taxonomies]\nauthor = "authors"\n',
            {
                "content/Big Section/a.md": _page("/big-section/"),
                "content/Big Section/b.md": _page("/Big-Section/"),
                "content/x/c.md": _page("/authors/jane-doe/", "authors: [Jane Doe]\n"),
            },
        ),
        # URLs escaped as Hugo writes them: Unicode sections and terms, case folded
        (
            "uglyURLs = true\n",
            {
                "content/Über/a.md": _page("/über.html"),
                "content/x/c.md": _page("/tags/über.html", "tags: ['Über']\n"),
                "content/x/d.md": _page("/tags/big-tag.html", "tags: [Big Tag]\n"),
                "content/x/e.md": _page("/tags/Big-Tag.html"),
            },
        ),
    ],
)
def test_which_list_pages_exist_and_where(
    tmp_path: Path, config: str, cases: dict[str, str]
) -> None:
    hugo = 'baseURL = "https://example.org/docs/"\n' + config
    root = write_site(tmp_path, {"hugo.toml": hugo, **LAYOUTS, **cases})
    colliding, _ = _collisions(root)
    if "defaultContentLanguageInSubdir" in config:
        colliding.add("content/a/c.md")  # the root redirect is an alias: no list layout logs it
    assert set(_flagged(root)) == colliding
