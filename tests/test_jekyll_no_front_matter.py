"""A `_posts` file without front matter: Jekyll 4 publishes it as a full post (Markdown
rendered, layout from `defaults`, date and URL from the file name), so `check` reports no
`frontmatter/missing`; front matter Jekyll does not see (a blank line before `---`) is
still an error. Compared with real Jekyll."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.inputkit import pressbot

pytestmark = pytest.mark.usefixtures("jekyll_oracle")

_CONFIG = "title: t\ndefaults:\n  - scope: {type: posts}\n    values: {layout: post}\n"


def _build(root: Path) -> None:
    subprocess.run(["jekyll", "build", "-q"], cwd=root, check=True, capture_output=True)


def _site(root: Path, schema: str | None = None) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_layouts").mkdir()
    config = _CONFIG + (f"pressbot:\n{schema}" if schema else "")
    (root / "_config.yml").write_text(config, encoding="utf-8")
    (root / "_layouts" / "post.html").write_text("LAYOUT url={{ page.url }}\n{{ content }}\n")
    (root / "_posts" / "2020-01-06-bare.md").write_text("# Hello *world*\n", encoding="utf-8")
    (root / "_posts" / "2020-01-07-late.md").write_text("\n---\ntitle: Late\n---\nhi\n")
    return root


def test_a_post_without_front_matter_is_published_and_not_reported(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    _build(root)
    built = (root / "_site/2020/01/06/bare.html").read_text(encoding="utf-8")
    assert "LAYOUT url=/2020/01/06/bare.html" in built and "<em>world</em>" in built
    late = (root / "_site/2020/01/07/late.html").read_text(encoding="utf-8")
    assert "title: Late" in late and "LAYOUT" in late  # the YAML published as text

    out = pressbot("check", "--site", root, cwd=root).out
    assert "_posts/2020-01-06-bare.md:1:1: error frontmatter/missing" not in out, out
    assert "_posts/2020-01-07-late.md:1:1: error frontmatter/missing" in out, out
    # judged as empty front matter: the default schema still asks for a title
    assert '2020-01-06-bare.md:1:1: error schema/required required field "title"' in out, out


def test_the_rule_page_says_what_jekyll_does() -> None:
    page = pressbot("rule", "frontmatter/missing").out
    assert "copied as it is" not in page
    assert "publishes it in full" in page
