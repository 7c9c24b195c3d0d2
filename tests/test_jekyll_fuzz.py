"""A few seeds of the differential fuzzer (`tests/jekyllfuzz.py`) in every run: generated
sites, built by real Jekyll, read by `pressbot list` and `check`, post by post. The
benchmark (`bench/jekyll_fuzz.py`) runs many more."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.jekyllfuzz import run_seed

pytestmark = pytest.mark.usefixtures("jekyll_oracle")


@pytest.mark.parametrize(
    ("seed", "posts"),
    [
        (1, 12),
        (2, 12),
        (3, 12),
        # a draft named 2020-13-01-... with `show_drafts`: Jekyll stops on the name's date
        (73001, 50),
        # limit_posts with `future` and front matter Jekyll cannot read: its sort's order
        (83099, 50),
        # the same under a `collections_dir`: the folders' order is that folder's listing
        (98083, 50),
        # a Windows-1252 site (`encoding`), posts in UTF-8 and in Windows-1252
        (117007, 30),
        # a Shift_JIS site: a UTF-8 post's front matter does not convert whole, so Psych
        # reads its bytes as UTF-8 (the slug "Ça va?")
        (117567, 50),
    ],
)
def test_generated_site_reads_as_jekyll_reads_it(tmp_path: Path, seed: int, posts: int) -> None:
    site, differences = run_seed(seed, tmp_path, posts=posts)
    assert len(site.posts) == posts
    assert differences == []
