"""What a folder is, decided as Hugo 0.111 decides it: over one tree of every language's
content folder (compared with real Hugo). A folder is a branch where any language has an
`_index` file, a disabled language's too; else a leaf bundle where any has an `index` file.
A leaf bundle's files in a language without its own `index` there make that language a
page: the default language's `index`, or the language's own first `index` further down, or
none when its first file there is an `_index` (Hugo's walk: folder by folder, by name, each
folder's bundle headers first)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.hugofuzz import site_differences

PAGE = "---\ntitle: {}\ndate: 2020-01-01\n---\nbody\n"
TWO = (
    'baseURL = "https://example.org/"\ndefaultContentLanguage = "en"\n'
    "[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n{}\n"
)
THREE = TWO + "[languages.de]\nweight = 3\n{}\n"
OWN_DIR = 'contentDir = "content.fr"'


def _site(config: str, titles: dict[str, str]) -> dict[str, str]:
    return {"hugo.toml": config, **{path: PAGE.format(title) for path, title in titles.items()}}


SITES = {
    # `_index.fr.md` beside `index.md`: a branch for English too (its `index` a page there)
    "branch-in-one-language": _site(
        TWO.format(""),
        {
            "content/posts/a/index.md": "A",
            "content/posts/a/_index.fr.md": "S",
            "content/posts/a/x.fr.md": "X",
        },
    ),
    "branch-in-another-folder": _site(
        TWO.format(OWN_DIR),
        {
            "content/posts/a/index.md": "A",
            "content/posts/a/b.md": "B",
            "content.fr/posts/a/_index.md": "S",
            "content.fr/posts/a/c.md": "C",
        },
    ),
    "branch-in-a-disabled-language": _site(
        'disableLanguages = ["de"]\n' + THREE.format("", ""),
        {
            "content/posts/a/index.md": "A",
            "content/posts/a/_index.de.md": "D",
            "content/posts/a/x.md": "X",
        },
    ),
    # a leaf bundle in English's folder holds French files at the same place
    "leaf-over-another-folder": _site(
        TWO.format(OWN_DIR),
        {
            "content/posts/a/index.md": "A",
            "content.fr/posts/a/x.md": "X",
            "content.fr/posts/a/sub/c.md": "C",
            "content.fr/posts/y.md": "Y",
        },
    ),
    "leaf-of-a-language-not-the-default": _site(
        THREE.format(OWN_DIR, 'contentDir = "content.de"'),
        {
            "content/posts/a/x.md": "X",
            "content.fr/posts/a/index.md": "F",
            "content.de/posts/a/y.md": "Y",
            "content.de/posts/b/_index.md": "B",
            "content/posts/b/index.md": "BI",
            "content/posts/b/z.md": "Z",
        },
    ),
    # French files inside an English bundle: the first one met decides French's page
    "first-met-is-a-deeper-index": _site(
        TWO.format(""),
        {
            "content/posts/a/index.md": "A",
            "content/posts/a/sub/index.fr.md": "SF",
            "content/posts/a/sub/a.fr.md": "SA",  # after `index` there, whatever its name
            "content/posts/a/z.fr.md": "Z",
        },
    ),
    "first-met-is-a-page": _site(
        TWO.format(""),
        {
            "content/posts/a/index.md": "A",
            "content/posts/a/aa/x.fr.md": "SA",
            "content/posts/a/b/index.fr.md": "SF",
        },
    ),
    "first-met-is-a-section-file": _site(
        TWO.format(""),
        {
            "content/posts/a/index.md": "A",
            "content/posts/a/sub/_index.fr.md": "SF",
            "content/posts/a/z.fr.md": "Z",
        },
    ),
}


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize("name", sorted(SITES))
def test_folders_as_hugo_reads_them(tmp_path: Path, name: str) -> None:
    site, differences = site_differences(write_site(tmp_path / name, SITES[name]))
    assert differences == []
    assert site.pages
