"""Did-you-mean hints stay useful when their cost is capped: a case slip and a typo among
hundreds of allowed names are still found; past five unknown values a post gets none."""

from __future__ import annotations

from pathlib import Path

from bot.linter import check_posts
from bot.site import load_site
from tests.conftest import write_site


def messages(root: Path) -> list[str]:
    """The findings' messages, without what they say to do."""
    result = check_posts(load_site(root), select=["schema/value"], jobs=1)
    return [f.message.partition("; use one of them")[0] for f in result.findings]


def test_hints_among_many_allowed_names(tmp_path: Path) -> None:
    allowed = [f"Section{i:03d}" for i in range(500)] + ["Politics", "World"]
    unknown = ", ".join(f"zz{i}" for i in range(10))
    root = write_site(
        tmp_path,
        {
            ".pressbot.yml": f"categories: [{', '.join(allowed)}]\n",
            "_posts/2024-01-01-a.md": "---\ncategories: [politics, Wrold, Politcs]\n---\n",
            "_posts/2024-01-02-b.md": f"---\ncategories: [{unknown}]\n---\n",
        },
    )
    found = messages(root)
    assert (
        'categories: "politics" is not one of the site\'s categories (did you mean "Politics"?)'
        in found
    )
    assert (
        'categories: "Wrold" is not one of the site\'s categories (did you mean "World"?)' in found
    )
    assert (
        'categories: "Politcs" is not one of the site\'s categories (did you mean "Politics"?)'
        in found
    )
    assert sum("zz" in m for m in found) == 10
    assert sum("zz" in m and "did you mean" in m for m in found) <= 5
