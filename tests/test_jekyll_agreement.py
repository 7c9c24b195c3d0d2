"""`pressbot list` against a real `jekyll build`: URL, date, categories, and which posts
are published, for every post of the example site and of a site generated here with the
tricky cases (timezones, permalink styles, defaults, folder categories)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import EXAMPLE_SITE, write_site

pytestmark = pytest.mark.usefixtures("jekyll_oracle")


POSTS_JSON = """---
layout: null
---
[{% for p in site.posts %}{"path": {{ p.path | jsonify }}, "url": {{ p.url | jsonify }},
"date": {{ p.date | date: "%Y-%m-%dT%H:%M:%S%:z" | jsonify }},
"categories": {{ p.categories | jsonify }}}{% unless forloop.last %},{% endunless %}
{% endfor %}]
"""


def jekyll_view(source: Path, tmp: Path) -> dict[str, dict[str, object]]:
    site = tmp / "source"
    shutil.copytree(source, site, symlinks=True)
    (site / "pressbot-posts.json").write_text(POSTS_JSON, encoding="utf-8")
    dest = tmp / "built"
    done = subprocess.run(
        ["jekyll", "build", "--quiet", "--safe", "-s", str(site), "-d", str(dest)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    posts = json.loads((dest / "pressbot-posts.json").read_text(encoding="utf-8"))
    return {p["path"]: p for p in posts}


def pressbot_view(source: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict]:
    assert main(["list", "--format", "json", "--site", str(source), str(source)]) == 0
    return {p["path"]: p for p in json.loads(capsys.readouterr().out)["posts"]}


def compare(source: Path, tmp: Path, capsys: pytest.CaptureFixture[str]) -> int:
    built = jekyll_view(source, tmp)
    ours = pressbot_view(source, capsys)
    published = {path for path, p in ours.items() if p["published"]}
    assert published == set(built)
    for path in sorted(published):
        mine, theirs = ours[path], built[path]
        if "broken" in path:
            # A post whose front matter Jekyll cannot read is dated at build time.
            assert mine["date"][:10] == theirs["date"][:10], path
        else:
            assert mine["date"] == theirs["date"], path
        assert mine["url"] == theirs["url"], path
        assert mine["categories"] == theirs["categories"], path
    return len(published)


def test_example_site_agrees_with_jekyll(tmp_path: Path, capsys) -> None:
    assert compare(EXAMPLE_SITE, tmp_path, capsys) >= 10


TRICKY = {
    "_config.yml": (
        "timezone: Asia/Kolkata\n"
        "exclude: [archive, '*-scratch.md']\n"
        "permalink: /:categories/:year/:month/:day/:title/\n"
        "defaults:\n"
        "  - scope: {path: '', type: posts}\n    values: {categories: [general]}\n"
        "  - scope: {path: 'sport', type: posts}\n    values: {layout: post, slug: from-defaults}\n"
    ),
    "_posts/2026-01-05-utc-timestamp.md": "---\ndate: 2026-01-04T20:00:00\n---\n",
    "_posts/2026-01-05-quoted-local.md": "---\ndate: '2026-01-04 20:00:00'\n---\n",
    "_posts/2026-01-05-offset-string.md": "---\ndate: 2026-01-04 20:00:00 -0800\n---\n",
    "_posts/2026-01-05-date-only.md": "---\ndate: 2026-01-03\n---\n",
    "_posts/2026-01-06-iso-z.md": "---\ndate: 2026-01-06T01:02:03Z\n---\n",
    "_posts/2026-01-06-slashes.md": "---\ndate: '2026/01/06 10:00:00'\n---\n",
    "_posts/2026-01-06-month-name.md": "---\ndate: 'January 6, 2026'\n---\n",
    "_posts/2026-01-06-day-month.md": "---\ndate: '6 Jan 2026 14:30'\n---\n",
    "_posts/2026-01-06-rfc2822.md": "---\ndate: 'Tue, 06 Jan 2026 10:00:00 +0000'\n---\n",
    "_posts/2026-01-06-us-zone.md": "---\ndate: '2026-01-06 10:00:00 EST'\n---\n",
    "_posts/2026-01-06-pm.md": "---\ndate: '2026-01-06 10:00 PM'\n---\n",
    "_posts/2026-01-06-compact.md": "---\ndate: '20260106'\n---\n",
    "_posts/2026-01-06-fraction.md": "---\ndate: '2026-01-06T10:00:00.123+05:30'\n---\n",
    "_posts/2026-01-07-categories-string.md": "---\ncategories: News Foundation\n---\n",
    "_posts/2026-01-08-category-single.md": "---\ncategory: Big News\ncategories: ignored\n---\n",
    "_posts/2026-01-09-own-permalink.md": "---\npermalink: /custom/:year/:title:output_ext\n---\n",
    "_posts/2026-01-10-Mixed Case & Spaces.md": "---\ntitle: x\n---\n",
    "_posts/2026-01-11-slug-override.md": "---\nslug: Другой Slug\n---\n",
    "_posts/2026-01-12-published-string-false.md": "---\npublished: 'false'\n---\n",
    "_posts/2026-01-13-published-null.md": "---\npublished:\n---\n",
    "_posts/2026-01-14-published-zero.md": "---\npublished: 0\n---\n",
    "_posts/2026-02-30-rollover.md": "---\ntitle: x\n---\n",
    "_posts/2026-1-5-short-date.md": "---\ntitle: x\n---\n",
    "_posts/2099-01-01-future.md": "---\ntitle: x\n---\n",
    "_posts/2026-01-15-trailing-dots...md": "---\ntitle: x\n---\n",
    "_posts/2026-01-16-no-front-matter.md": "plain text\n",
    "_posts/2026-01-17-dots-close.md": "---\ntitle: x\n...\ntext\n",
    "sport/football/_posts/2026-01-18-match.md": "---\ncategories: [Final]\n---\n",
    "sport/_posts/2026-01-19-summer.md": "---\ndate: 2026-07-01 12:00:00\n---\n",
    "_drafts/draft.md": "---\ntitle: x\n---\n",
    "archive/_posts/2026-01-21-excluded.md": "---\ntitle: x\n---\n",
    "_posts/2026-01-22-some-scratch.md": "---\ntitle: x\n---\n",
    "_posts/_private/2026-01-23-special-folder.md": "---\ntitle: x\n---\n",
    "_posts/2026/2026-01-24-year-folder.md": "---\ntitle: x\n---\n",
    "_posts/not-a-post.md": "---\ntitle: x\n---\n",
    "_posts/2026-01-20-windows.md": "\ufeff---\r\ntitle: crlf\r\ndate: 2026-01-20 23:59:59 +0000\r\n---\r\n",
}


def test_tricky_site_agrees_with_jekyll(tmp_path: Path, capsys) -> None:
    source = write_site(tmp_path / "tricky", TRICKY)
    assert compare(source, tmp_path / "work", capsys) >= 18


def test_future_and_unpublished_settings_agree_with_jekyll(tmp_path: Path, capsys) -> None:
    source = write_site(
        tmp_path / "settings",
        {
            "_config.yml": "future: true\nunpublished: true\n",
            "_posts/2099-01-01-far-future.md": "---\ntitle: x\n---\n",
            "_posts/2026-01-01-hidden.md": "---\npublished: false\n---\n",
            "_posts/2026-01-02-plain.md": "---\ntitle: x\n---\n",
        },
    )
    assert compare(source, tmp_path / "work", capsys) == 3
