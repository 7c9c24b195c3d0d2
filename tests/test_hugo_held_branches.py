"""A section (or the home page) that Hugo does not build takes every page below it along:
`hugo list all` builds drafts, future and expired pages and shows them, so the oracle here
is a real build (`tests.hugofuzz.hugo_built`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.hugofuzz import NOW, site_differences
from tests.inputkit import pressbot

pytestmark = pytest.mark.usefixtures("hugo_oracle")

CONFIG = 'baseURL = "https://example.org/"\ndefaultContentLanguage = "en"\n'
LANGUAGES = "[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n"


def _page(title: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: 2024-01-02\n{extra}---\nBody.\n"


def _listed(root: Path) -> dict[str, dict[str, object]]:
    done = pressbot("list", "--format", "json", "--now", NOW.isoformat(), cwd=root)
    assert done.code == 0, done.err
    return {p["path"]: p for p in json.loads(done.out)["posts"]}


def test_a_draft_section_holds_its_pages_and_subsections(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "hugo.toml": CONFIG,
            "content/posts/_index.md": "---\ntitle: Posts\ncascade:\n  draft: true\n---\n",
            "content/posts/a.md": _page("A", "draft: false\n"),
            "content/posts/sub/_index.md": "---\ntitle: Sub\ndraft: false\n---\n",
            "content/posts/sub/s.md": _page("S", "draft: false\n"),
            "content/news/_index.md": "---\ntitle: News\nexpiryDate: 2001-01-01\n---\n",
            "content/news/n.md": _page("Nn"),
            "content/blog/_index.md": (
                "---\ntitle: Blog\ncascade:\n  - _target:\n      kind: page\n    draft: true\n---\n"
            ),
            "content/blog/b.md": _page("B", "draft: false\n"),
            "content/other/o.md": _page("O"),
        },
    )
    _, differences = site_differences(root)
    assert differences == []
    listed = _listed(root)
    assert [p for p, post in listed.items() if post["published"]] == [
        "content/blog/b.md",
        "content/other/o.md",
    ]
    assert listed["content/posts/sub/s.md"]["reason"] == "draft"
    assert listed["content/news/n.md"]["reason"] == "expired"
    text = pressbot("list", "--now", NOW.isoformat(), cwd=root).out
    assert "not published (draft: content/posts/_index.md is a draft)" in text
    checked = pressbot("check", "--now", NOW.isoformat(), "--format", "json", cwd=root)
    found = [(f["path"], f["rule"]) for f in json.loads(checked.out)["findings"]]
    assert ("content/news/n.md", "hugo/expired") in found
    assert not any(path.startswith("content/posts/") for path, _ in found)


def test_a_future_home_page_holds_its_language_only(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "hugo.toml": CONFIG + LANGUAGES,
            "content/_index.fr.md": "---\ntitle: Accueil\ndate: 2099-01-01\n---\n",
            "content/posts/a.md": _page("A"),
            "content/posts/a.fr.md": _page("A fr"),
            "content/posts/_index.md": "---\ntitle: Posts\npublishDate: 2001-01-01\n---\n",
        },
    )
    _, differences = site_differences(root)
    assert differences == []
    listed = _listed(root)
    assert listed["content/posts/a.md"]["published"] is True
    assert listed["content/posts/a.fr.md"]["reason"] == "future"
    found = pressbot("check", "--now", NOW.isoformat(), "content/posts/a.fr.md", cwd=root).out
    assert "content/_index.fr.md is dated 2099-01-01" in found
    assert "hugo/future" in found


def test_a_section_built_with_build_flags_holds_nothing(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "hugo.toml": CONFIG + "buildDrafts = true\n",
            "content/posts/_index.md": "---\ntitle: Posts\ndraft: true\n---\n",
            "content/posts/a.md": _page("A"),
        },
    )
    _, differences = site_differences(root)
    assert differences == []
    assert _listed(root)["content/posts/a.md"]["published"] is True
