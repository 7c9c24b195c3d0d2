"""Duplicate URLs in a site-wide (bulk) run, where URLs are computed only where they can
collide: the findings must be exactly those of computing every URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.jekyll import describe
from bot.linter import PARALLEL_THRESHOLD, check_posts
from bot.post import read_post
from bot.rules.jekyll import duplicate_urls
from bot.site import load_site
from tests.conftest import write_site


def post(extra: str = "") -> str:
    return f"---\ntitle: t\n{extra}---\n\nText.\n"


def make(root: Path) -> Path:
    files = {
        f"_posts/2025-01-{1 + i % 28:02d}-story-{i}.md": post() for i in range(PARALLEL_THRESHOLD)
    }
    files.update(
        {
            # same date and slug, two extensions: one URL
            "_posts/2026-02-01-twin.md": post(),
            "_posts/2026-02-01-twin.markdown": post(),
            # same slug on other days: no collision
            "_posts/2026-02-02-story-1.md": post(),
            # a permalink that lands on a date URL, and two permalinks alike
            "_posts/2026-02-03-custom.md": post("permalink: /news/2026/02/04/target.html\n"),
            "_posts/2026-02-04-target.md": post("categories: [News]\n"),
            "_posts/2026-02-05-a.md": post("permalink: /about/\n"),
            "_posts/2026-02-06-b.md": post("permalink: /about/\n"),
            # a front-matter slug that equals another post's file slug on the same day
            "_posts/2026-02-07-original.md": post(),
            "_posts/2026-02-07-renamed.md": post("slug: original\n"),
            # unpublished twins do not collide
            "_posts/2026-02-08-hidden.md": post("published: false\n"),
            "_posts/2026-02-08-hidden.markdown": post(),
        }
    )
    return write_site(root, files)


def reference(root: Path) -> set[str]:
    site = load_site(root)
    infos = [describe(read_post(site, p), site) for p in sorted(root.glob("_posts/*"))]
    return {f.path for f in duplicate_urls(infos)}


@pytest.mark.parametrize("jobs", [1, 2])
def test_bulk_run_finds_exactly_the_duplicates(tmp_path: Path, jobs: int) -> None:
    root = make(tmp_path / "site")
    expected = {
        "_posts/2026-02-01-twin.md",
        "_posts/2026-02-01-twin.markdown",
        "_posts/2026-02-03-custom.md",
        "_posts/2026-02-04-target.md",
        "_posts/2026-02-05-a.md",
        "_posts/2026-02-06-b.md",
        "_posts/2026-02-07-original.md",
        "_posts/2026-02-07-renamed.md",
    }
    assert reference(root) == expected
    result = check_posts(load_site(root), select=["jekyll/duplicate-url"], jobs=jobs)
    assert result.files_checked > PARALLEL_THRESHOLD
    assert {f.path for f in result.findings} == expected


@pytest.mark.parametrize("jobs", [1, 2])
def test_bulk_run_finds_exactly_the_duplicate_ids(tmp_path: Path, jobs: int) -> None:
    """Ids travel back from the helper processes with the URLs: one id held by posts checked
    in different chunks is found on each."""
    root = make(tmp_path / "site")
    write_site(
        root,
        {
            "_posts/2025-01-01-story-0.md": post("id: shared\n"),
            f"_posts/2025-01-{1 + 399 % 28:02d}-story-399.md": post("id: shared\n"),
            "_posts/2026-03-01-c.md": post("id: 7\n"),
            "_posts/2026-03-02-d.md": post("id: '7'\n"),
            "_drafts/e.md": post("id: shared\n"),
        },
    )
    expected = {
        "_posts/2025-01-01-story-0.md",
        f"_posts/2025-01-{1 + 399 % 28:02d}-story-399.md",
        "_posts/2026-03-01-c.md",
        "_posts/2026-03-02-d.md",
        # one name, two extensions: one path without extension
        "_posts/2026-02-01-twin.md",
        "_posts/2026-02-01-twin.markdown",
        "_posts/2026-02-08-hidden.md",
        "_posts/2026-02-08-hidden.markdown",
    }
    result = check_posts(load_site(root), select=["jekyll/duplicate-id"], jobs=jobs)
    assert result.files_checked > PARALLEL_THRESHOLD
    assert {f.path for f in result.findings} == expected
