"""Which file is a page. A language in a file's name wins over its content folder's
(`content/a.fr.md` is French where `content/` is English's); of two files that are one page,
Hugo keeps the one in the folder it mounted first (the default language's), and in one
folder the one that says its language, then the last by name (a bundle's `index` or
`_index`: the first). Compared with real Hugo."""

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


GERMAN = (
    'baseURL = "https://example.org/"\ndefaultContentLanguage = "de"\n'
    "[languages.de]\nweight = 1\n[languages.en]\nweight = 2\n"
)


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize(
    "names",
    [["index.ad", "index.de.md"], ["index.de.ad", "index.md"], ["index.ad", "index.md"]],
    ids=["suffixed-last", "suffixed-first", "by-name"],
)
def test_a_bundles_page_written_as_several_files(tmp_path: Path, names: list[str]) -> None:
    """Of a leaf bundle's `index` files in one language, Hugo's page is the first it meets:
    the one whose name says its folder's language, else the first by name; the others are
    resources."""
    files = {"hugo.toml": GERMAN}
    for name in names:
        files[f"content/docs/b/{name}"] = f"---\ntitle: {name}\n---\n"
    site, differences = site_differences(write_site(tmp_path / "site", files))
    assert differences == []
    assert len(site.pages) == 1


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize(
    "names",
    [["_index.ad", "_index.de.md"], ["_index.de.ad", "_index.md"], ["_index.ad", "_index.md"]],
    ids=["suffixed-last", "suffixed-first", "by-name"],
)
def test_a_sections_file_written_as_several_files(tmp_path: Path, names: list[str]) -> None:
    """Of a branch's `_index` files in one language, the section's is the first Hugo meets,
    as for a leaf bundle's page: only its `cascade` reaches the pages below."""
    files = {"hugo.toml": GERMAN, "content/docs/p.md": "---\ntitle: P\n---\n"}
    for name in names:
        files[f"content/docs/{name}"] = f"---\ntitle: {name}\ncascade:\n  draft: true\n---\n"
    chosen = names[1] if ".de." in names[1] else names[0]
    files[f"content/docs/{chosen}"] = "---\ntitle: Section\ncascade:\n  slug: cascaded\n---\n"
    site, differences = site_differences(write_site(tmp_path / "site", files))
    assert differences == []
    assert len(site.pages) == 1


@pytest.mark.usefixtures("hugo_oracle")
def test_a_file_named_in_its_folders_language_is_met_first(tmp_path: Path) -> None:
    """Hugo's walk meets `z.de.md` before the folder `sub/` where German is the content
    folder's language: German's first file in the English bundle is an ordinary page, so
    the bundle's page is German's too, and `sub/index.md` is a resource."""
    files = {
        "hugo.toml": GERMAN,
        "content/b/index.en.md": "---\ntitle: B\n---\n",
        "content/b/z.de.md": "---\ntitle: Z\n---\n",
        "content/b/sub/index.md": "---\ntitle: Sub\n---\n",
    }
    _, differences = site_differences(write_site(tmp_path / "site", files))
    assert differences == []
