"""The singular `category:` and `tag:` are held against the site's allowed categories and
tags, as `categories:` and `tags:` are, at the value's line and column."""

from __future__ import annotations

from pathlib import Path

from bot.linter import check_posts
from bot.site import load_site

POSTS = {
    "2020-01-01-a.md": "category: Gossip\ntag:   pyhton\ncategories: [News]",
    "2020-01-02-b.md": "category: [News, Gosip]\ntag: 5",
    "2020-01-03-c.md": "category: News\ntag: python\ntags: [python]",
    "2020-01-04-d.md": "category: 'News foundation'",
}


def test_singular_values_are_checked_where_they_stand(tmp_path: Path) -> None:
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (tmp_path / ".pressbot.yml").write_text(
        "categories: [News, foundation]\ntags: [python]\n", encoding="utf-8"
    )
    for name, front in POSTS.items():
        (tmp_path / "_posts" / name).write_text(f"---\ntitle: a\n{front}\n---\n", "utf-8")
    result = check_posts(load_site(tmp_path), select=["schema/value"], jobs=1)
    lines = [f.line_format() for f in result.findings]
    assert lines[0].endswith("; use one of them, or add it to `categories` in .pressbot.yml"), lines
    assert [line.partition("; use one of them")[0] for line in lines] == [
        '_posts/2020-01-01-a.md:3:11: error schema/value category: "Gossip" is not one of '
        'the site\'s categories (allowed: "News", "foundation")',
        '_posts/2020-01-01-a.md:4:8: error schema/value tag: "pyhton" is not one of the '
        'site\'s tags (did you mean "python"?)',
        '_posts/2020-01-02-b.md:3:18: error schema/value category: "Gosip" is not one of '
        'the site\'s categories (allowed: "News", "foundation")',
        '_posts/2020-01-02-b.md:4:6: error schema/value tag: "5" is not one of the site\'s tags '
        '(allowed: "python")',
        '_posts/2020-01-04-d.md:3:11: error schema/value category: "News foundation" is not '
        'one of the site\'s categories (did you mean "foundation"?)',
    ]
