"""`:sections` patterns, sliced and indexed, on sections with and without an `_index` file:
Hugo 0.111 gives a section it made itself (no `_index` file) one more, empty, entry, which
`:sections[last]` prints and `:sections[:last]` keeps. Compared with real Hugo."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.hugofuzz import site_differences

PATTERNS = [":sections", ":sections[last]", ":sections[:last]", ":sections[0]", ":sections[1:]"]


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize("index", [False, True], ids=["made-by-hugo", "with-index"])
@pytest.mark.parametrize("pattern", PATTERNS)
def test_sections_as_hugo_prints_them(tmp_path: Path, pattern: str, index: bool) -> None:
    page = "---\ntitle: {}\n---\n"
    files = {
        "hugo.toml": f'baseURL = "https://example.org/"\n[permalinks]\nposts = "/{pattern}/:filename/"\n'
        f'news = "/x/{pattern}/:filename/"\n',
        "content/posts/b.md": page.format("B"),
        "content/posts/bundle/index.md": page.format("Bundle"),
        "content/posts/deep/c.md": page.format("C"),
        "content/posts/deep/_index.md": page.format("Deep"),
        "content/posts/flat/d.md": page.format("D"),
        "content/news/e.md": page.format("E"),
        "content/f.md": page.format("F"),
    }
    if index:
        files["content/posts/_index.md"] = page.format("Posts")
    site, differences = site_differences(write_site(tmp_path / "site", files))
    assert differences == []
    assert len(site.pages) == 6
