"""Which file is a page. A language in a file's name wins over its content folder's
(`content/a.fr.md` is French where `content/` is English's); of two files that are one page,
Hugo keeps the one in the folder it mounted first (the default language's), and in one
folder the last by name. Compared with real Hugo."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.hugofuzz import site_differences

LANGUAGES = '[languages.en]\ncontentDir = "content"\n[languages.fr]\ncontentDir = "content.fr"\n'


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize("default", ["en", "fr"])
def test_names_and_folders_as_hugo_reads_them(tmp_path: Path, default: str) -> None:
    config = f'baseURL = "https://example.org/"\ndefaultContentLanguage = "{default}"\n'
    site, differences = site_differences(
        write_site(
            tmp_path / default,
            {
                "hugo.toml": config + LANGUAGES,
                "content/posts/a.fr.md": "---\ntitle: From English\nslug: x1\n---\n",
                "content.fr/posts/a.md": "---\ntitle: From French\nslug: x2\n---\n",
                "content/posts/e.md": "---\ntitle: E\n---\n",
                "content.fr/posts/e.en.md": "---\ntitle: French E\nslug: y1\n---\n",
                "content/posts/only.fr.md": "---\ntitle: Only\n---\n",
                "content.fr/posts/other.en.md": "---\ntitle: Other\n---\n",
            },
        )
    )
    assert differences == []
    assert len(site.pages) == 4


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize(
    "names",
    [["a.html", "a.md"], ["a.markdown", "a.md"], ["a.en.md", "a.md"]],
    ids=["html-md", "markdown-md", "suffixed-md"],
)
def test_one_page_written_as_several_files(tmp_path: Path, names: list[str]) -> None:
    """Of one page's files in one folder, Hugo keeps the one that says its language, else
    the last by name."""
    files = {"hugo.toml": 'baseURL = "https://example.org/"\n'}
    for name in names:
        files[f"content/posts/{name}"] = f"---\ntitle: {name}\n---\n"
    site, differences = site_differences(write_site(tmp_path / "site", files))
    assert differences == []
    assert len(site.pages) == 1
