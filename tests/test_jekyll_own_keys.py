"""Every front-matter key Jekyll 4.3's core reads for a post is a field of the default schema,
of the types Jekyll honours: a site that forbids unknown fields (as `pressbot init` writes)
never refuses them, and real Jekyll shows that each one matters."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.inputkit import pressbot

POST = (
    "---\n"
    "layout: post\n"
    "title: Liquid sample\n"
    "date: 2026-03-11 09:00:00 +0000\n"
    "slug: sample\n"
    "permalink: /:categories/:slug/\n"
    "published: true\n"
    "category: [Notes, Howto]\n"
    "tag: [liquid, templates]\n"
    "excerpt_separator: <!--more-->\n"
    "render_with_liquid: false\n"
    "regenerate: true\n"
    "---\n"
    "Use {% if x %} in templates.\n"
    "<!--more-->\n"
    "The rest.\n"
)
FILES = {
    "_config.yml": "title: x\n",
    ".pressbot.yml": "unknown_fields: forbid\n",
    "_layouts/post.html": "{{ content }}|{{ page.excerpt | strip_html | strip }}|"
    "{{ page.categories | join: ',' }}|{{ page.tags | join: ',' }}\n",
    "_posts/2026-03-11-liquid-sample.md": POST,
}


def test_jekylls_own_keys_are_known_fields(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    done = pressbot("check", "--format", "json", "--site", site, cwd=site)
    assert done.code == 0, done
    assert json.loads(done.out)["findings"] == []


def test_render_with_liquid_as_text_is_a_type_error(tmp_path: Path) -> None:
    """Jekyll skips Liquid only for `false` itself: the text "false" leaves Liquid on."""
    post = POST.replace("render_with_liquid: false", 'render_with_liquid: "false"')
    site = write_site(tmp_path / "site", {**FILES, "_posts/2026-03-11-liquid-sample.md": post})
    done = pressbot("check", "--site", site, cwd=site)
    assert done.code == 1, done
    assert "_posts/2026-03-11-liquid-sample.md:11:1: error schema/type render_with_liquid:" in (
        done.out
    )


@pytest.mark.usefixtures("jekyll_oracle")
def test_jekyll_obeys_each_of_them(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    subprocess.run(["jekyll", "build", "-q"], cwd=site, check=True, capture_output=True)
    page = (site / "_site" / "notes" / "howto" / "sample" / "index.html").read_text("utf-8")
    body, excerpt, categories, tags = page.rstrip().split("|")
    assert "Use {% if x %} in templates." in body  # render_with_liquid: false
    assert excerpt.startswith("Use {% if x %}") and "rest" not in excerpt  # excerpt_separator
    assert (categories, tags) == ("Notes,Howto", "liquid,templates")  # category, tag as lists
