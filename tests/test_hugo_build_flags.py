"""`buildDrafts`, `buildFuture` and `buildExpired` as each language has them: a language's
own setting wins over the site's. Compared with what a real `hugo` build writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, write_site

CONFIG = """baseURL = "https://example.org/"
defaultContentLanguage = "en"
buildExpired = true
[languages.en]
weight = 1
buildFuture = true
[languages.fr]
weight = 2
buildDrafts = "true"
buildExpired = false
"""
PAGES = {
    "future": "---\ntitle: F\ndate: 2999-01-01\n---\n",
    "draft": "---\ntitle: D\ndraft: true\n---\n",
    "expired": "---\ntitle: E\nexpiryDate: 2001-01-01\n---\n",
}


@pytest.mark.usefixtures("hugo_oracle")
def test_each_language_builds_as_its_own_flags_say(tmp_path: Path) -> None:
    files = {"hugo.toml": CONFIG, "layouts/_default/single.html": "{{ .Title }}\n"}
    for name, text in PAGES.items():
        files[f"content/posts/{name}.md"] = text
        files[f"content/posts/{name}.fr.md"] = text
    root = write_site(tmp_path / "site", files)
    subprocess.run(["hugo", "--quiet", "-s", str(root), "-d", "public"], check=True, timeout=120)
    written = {
        p.parent.relative_to(root / "public").as_posix() + "/"
        for p in (root / "public").rglob("index.html")
    }
    listed = subprocess.run(
        [sys.executable, "-m", "bot", "list", "--site", str(root), "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    published = {p["url"].lstrip("/") for p in json.loads(listed.stdout)["posts"] if p["published"]}
    pages = {f"posts/{n}/" for n in PAGES} | {f"fr/posts/{n}/" for n in PAGES}
    assert published == written & pages
    # what the flags say: English builds future and expired pages, French drafts only
    assert published == {"posts/future/", "posts/expired/", "fr/posts/draft/"}
