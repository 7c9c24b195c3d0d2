"""Bundles that surprise their authors, read as Hugo 0.111 reads them (compared with real
Hugo): an `index` file at the content root makes the whole folder one leaf bundle (every
other file its resource, in every language); a folder with both `index` and `_index` is a
branch (its `index` page is one of its pages, and so are the pages and bundles below it);
Hugo knows a bundle's files by how their names start (`index.old.md`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.hugofuzz import site_differences

PAGE = "---\ntitle: {}\n---\n"
SITES = {
    "index-at-the-root": {
        "hugo.toml": 'baseURL = "https://example.org/"\n',
        "content/index.md": PAGE.format("Home"),
        "content/c.md": PAGE.format("C"),
        "content/posts/b.md": PAGE.format("B"),
    },
    "index-at-the-root-two-languages": {
        "hugo.toml": 'baseURL = "https://example.org/"\n[languages.en]\nweight = 1\n'
        "[languages.fr]\nweight = 2\n",
        "content/index.md": PAGE.format("Home"),
        "content/g.fr.md": PAGE.format("G"),
        "content/posts/b.md": PAGE.format("B"),
    },
    "index-and-section-index": {
        "hugo.toml": 'baseURL = "https://example.org/"\n',
        "content/b/index.md": PAGE.format("B"),
        "content/b/_index.md": PAGE.format("S"),
        "content/b/x.md": PAGE.format("X"),
        "content/b/c/index.md": PAGE.format("C"),
    },
    # the `index` page of a folder with an `_index` file is a page of that section: its
    # pattern applies, `:filename` is the folder's name and `:sections` holds the folder
    "index-and-section-index-with-patterns": {
        "hugo.toml": 'baseURL = "https://example.org/"\n[permalinks]\n'
        'posts = "/:sections/:filename/"\nnews = "/n/:section/:slug/"\n',
        "content/posts/_index.md": PAGE.format("S"),
        "content/posts/index.md": PAGE.format("I"),
        "content/posts/sub/_index.md": PAGE.format("SS"),
        "content/posts/sub/index.md": PAGE.format("SI"),
        "content/posts/sub/x.md": PAGE.format("X"),
        "content/news/_index.md": PAGE.format("N"),
        "content/news/index.md": PAGE.format("NI"),
    },
    # a file named as a leaf bundle's folder is that page too: the bundle wins, whatever
    # the names
    "file-beside-its-bundle": {
        "hugo.toml": 'baseURL = "https://example.org/"\n[languages.en]\nweight = 1\n'
        "[languages.fr]\nweight = 2\n",
        "content/posts/x.md": "---\ntitle: X\nslug: other\n---\n",
        "content/posts/x/index.md": PAGE.format("Bundle"),
        "content/posts/x.fr.md": PAGE.format("X fr"),
        "content/posts/zz.md": PAGE.format("ZZ"),
        "content/posts/zz/index.md": PAGE.format("ZZ bundle"),
    },
    # a name that starts with `index.` is a leaf bundle's page (the first by name of
    # several), `:filename` its name; one that starts with `_index.` a branch's page, at
    # its folder's URL, whose `cascade` reaches nothing
    "names-that-start-like-bundle-files": {
        "hugo.toml": 'baseURL = "https://example.org/"\n[permalinks]\n'
        'blog = "/:year/:sections/:filename/"\n',
        "content/posts/trip/index.old.md": "---\ntitle: T\ndate: 2020-01-01\n---\n",
        "content/posts/trip/day.md": PAGE.format("Day"),
        "content/posts/b1/index.md": "---\ntitle: B1\ndraft: true\n---\n",
        "content/posts/b1/index.html": "---\ntitle: B1 html\n---\n<p>x</p>\n",
        "content/posts/b2/index.md": PAGE.format("B2"),
        "content/posts/b2/index.org": "#+TITLE: B2 org\n#+DRAFT: true\n",
        "content/blog/b/index.fr.md": "---\ntitle: B\ndate: 2020-01-01\n---\n",
        "content/blog/news/_index.bak.md": "---\ntitle: N\ndate: 2020-01-01\n"
        "cascade:\n  draft: true\n---\n",
        "content/blog/news/s.md": "---\ntitle: S\ndate: 2020-01-01\n---\n",
        "content/top/_index.old.md": PAGE.format("Top"),
        "content/top/t.md": PAGE.format("T"),
    },
}


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize("name", sorted(SITES))
def test_bundles_as_hugo_reads_them(tmp_path: Path, name: str) -> None:
    site, differences = site_differences(write_site(tmp_path / name, SITES[name]))
    assert differences == []
    assert site.pages
