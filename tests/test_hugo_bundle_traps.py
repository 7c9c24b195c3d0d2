"""Bundles that surprise their authors, read as Hugo 0.111 reads them (compared with real
Hugo): an `index` file at the content root makes the whole folder one leaf bundle (every
other file its resource, in every language), and a folder with both `index` and `_index` is
a branch (its `index` page is one of its pages, and so are the pages and bundles below it)."""

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
}


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize("name", sorted(SITES))
def test_bundles_as_hugo_reads_them(tmp_path: Path, name: str) -> None:
    site, differences = site_differences(write_site(tmp_path / name, SITES[name]))
    assert differences == []
    assert site.pages
