"""A page (or an alias) at the URL of a list page — the home page, a section, a taxonomy,
a term — is lost without a word: Hugo writes the list page there. Judged against a real
build: every page's layout writes its path, every list page's writes `LIST`; the pages
`hugo/duplicate-url` flags are exactly those whose file holds a list page."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.inputkit import pressbot

pytestmark = pytest.mark.usefixtures("hugo_oracle")

LAYOUTS = {
    "layouts/_default/single.html": "PAGE {{ .File.Path }}",
    "layouts/_default/list.html": "LIST {{ .Kind }}",
    "layouts/index.html": "LIST home",
    "layouts/alias.html": "ALIAS {{ .Permalink }}",
}


def _page(url: str = "", extra: str = "") -> str:
    line = f"url: {url}\n" if url else ""
    return f"---\ntitle: T\ndate: 2024-01-02\n{line}{extra}---\nBody.\n"


def _lost(root: Path, rels: list[str]) -> set[str]:
    """The pages whose own file the real build does not hold: another file won."""
    done = subprocess.run(["hugo", "--quiet"], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    written = {}
    for file in (root / "public").rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        if text.startswith("PAGE "):
            written[text[5:].strip()] = file
    return {rel for rel in rels if rel.removeprefix("content/") not in written}


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


def test_pages_at_list_page_urls_are_flagged_as_a_build_loses_them(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {"hugo.toml": 'baseURL = "https://example.org/"\n', **LAYOUTS, **CASES},
    )
    pages = [rel for rel in CASES if "_index" not in rel and "draft" not in rel]
    lost = _lost(root, pages) - {"content/posts/link.md", "content/posts/alias.md"}
    assert lost == {
        "content/posts/section.md",
        "content/posts/home.md",
        "content/posts/home-file.md",
        "content/posts/taxonomy.md",
        "content/posts/term.md",
        "content/posts/branch.md",
    }
    flagged = _flagged(root)
    assert set(flagged) == lost | {"content/posts/alias.md"}
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
    lost = _lost(root, list(cases))
    assert lost == {"content/posts/b.fr.md", "content/posts/c.md", "content/posts/e.fr.md"}
    flagged = _flagged(root)
    # the French page takes the English section's file (French renders after English)
    assert set(flagged) == lost | {"content/posts/a.fr.md"}
    assert "the section posts/ (posts.html); the en one" in flagged["content/posts/a.fr.md"]
