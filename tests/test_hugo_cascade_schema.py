"""The schema on a Hugo site judges a page as Hugo builds it: with the values a `cascade`
merges into its front matter (hugolib's `setMetadata`: the page's own keys win, the nearest
branch's cascade wins, the site configuration's loses to every branch's, a list entry's
`_target` chooses the pages). A wrong value in a cascade is reported once, at the line that
writes it, not on each page it reaches. Which pages have the field is held against Hugo."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.inputkit import pressbot

HOME = "---\ntitle: Home\ncascade:\n- _target: {path: /notes/**}\n  author: Nia\n---\n"
FILES = {
    "hugo.toml": (
        'baseURL = "https://example.org/"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
        '[[cascade]]\nauthor = "Site"\n[cascade._target]\npath = "/misc/**"\n'
    ),
    ".pressbot.yml": "required: [author]\n",
    "layouts/_default/single.html": "author=[{{ .Params.author }}]",
    "content/_index.md": HOME,
    # a section's mapping reaches every page below it, a nearer one's wins, own keys win
    "content/posts/_index.md": "---\ntitle: Posts\ncascade:\n  author: Ann\n---\n",
    "content/posts/a.md": "---\ntitle: A\n---\n",
    "content/posts/own.md": "---\ntitle: Own\nauthor: Bo\n---\n",
    "content/posts/empty.md": "---\ntitle: Empty\nauthor:\n---\n",
    "content/posts/deep/_index.md": "---\ntitle: Deep\ncascade:\n  author: Cy\n---\n",
    "content/posts/deep/b.md": "---\ntitle: B\n---\n",
    # a list entry's `_target`: only the pages it matches
    "content/notes/n.md": "---\ntitle: N\n---\n",
    "content/pages/_index.md": (
        "---\ntitle: Pages\ncascade:\n- _target: {path: /pages/yes.md}\n  author: Di\n"
        "- _target: {kind: section}\n  author: Ed\n---\n"
    ),
    "content/pages/yes.md": "---\ntitle: Yes\n---\n",
    "content/pages/no.md": "---\ntitle: No\n---\n",
    # the configuration's own cascade
    "content/misc/m.md": "---\ntitle: M\n---\n",
    "content/bare/c.md": "---\ntitle: C\n---\n",
}


def _missing(done_out: str) -> set[str]:
    return set(re.findall(r"^(content/\S+?):\d+:\d+: error schema/required", done_out, re.M))


@pytest.mark.usefixtures("hugo_oracle")
def test_a_cascaded_field_counts_as_hugo_gives_it(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    subprocess.run(["hugo", "--quiet"], cwd=site, check=True, capture_output=True, timeout=120)
    authors = {}
    for page in (site / "public").rglob("index.html"):
        found = re.search(r"author=\[(.*)\]", page.read_text(encoding="utf-8"))
        if found:
            authors[page.parent.relative_to(site / "public").as_posix()] = found[1]
    assert authors == {
        "posts/a": "Ann",
        "posts/own": "Bo",
        "posts/empty": "",
        "posts/deep/b": "Cy",
        "notes/n": "Nia",
        "pages/yes": "Di",
        "pages/no": "",
        "misc/m": "Site",
        "bare/c": "",
    }
    done = pressbot("check", "--select", "schema", "--site", site, cwd=site)
    without = {f"content/{url}.md" for url, author in authors.items() if not author}
    assert _missing(done.out) == without, done


CASCADE_WRONG = {
    "hugo.toml": 'baseURL = "https://example.org/"\n',
    ".pressbot.yml": "required: [author]\ncategories: [Notes]\n",
    "content/posts/_index.md": (
        "---\ntitle: Posts\ncascade:\n  author: 5\n  weight: heavy\n  categories: [News]\n---\n"
    ),
    "content/posts/a.md": "---\ntitle: A\n---\n",
    "content/posts/b.md": "---\ntitle: B\n---\n",
    "content/posts/c.md": "---\ntitle: C\nweight: 2\n---\n",
    "content/posts/sub/_index.md": (
        "---\ntitle: Sub\ncascade:\n- _target: {kind: section}\n  author: 6\n"
        "- _target: {path: /posts/sub/d.md}\n  weight: [1]\n---\n"
    ),
    "content/posts/sub/d.md": "---\ntitle: D\n---\n",
}


def test_a_wrong_cascaded_value_is_reported_once_where_it_is_written(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", CASCADE_WRONG)
    done = pressbot("check", "--select", "schema", "--site", site, cwd=site)
    found = [line for line in done.out.splitlines() if line.startswith("content/")]
    assert found == [
        "content/posts/_index.md:4:3: error schema/type author: expected text, a list or a "
        "mapping, got 5",
        "content/posts/_index.md:5:3: error schema/type weight: expected a whole number, got text",
        'content/posts/_index.md:6:16: error schema/value categories: "News" is not one of the '
        'site\'s categories (did you mean "Notes"?); use one of them, or add it to `categories` '
        "in .pressbot.yml",
        "content/posts/sub/_index.md:7:3: error schema/type weight: expected a whole number, "
        "got a list",
    ], done
    assert done.code == 1
    # a run given one page judges the cascades above it too
    part = pressbot("check", "--select", "schema", "content/posts/a.md", cwd=site)
    assert "content/posts/_index.md:4:3: error schema/type author" in part.out, part
    assert "content/posts/a.md" not in part.out
