"""A few seeds of the differential fuzzer (`tests/jekyllfuzz.py`) in every run: generated
sites, built by real Jekyll, read by `pressbot list` and `check`, post by post. The
benchmark (`bench/jekyll_fuzz.py`) runs many more."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.jekyllfuzz import run_seed

pytestmark = pytest.mark.usefixtures("jekyll_oracle")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_site_reads_as_jekyll_reads_it(tmp_path: Path, seed: int) -> None:
    site, differences = run_seed(seed, tmp_path, posts=12)
    assert len(site.posts) == 12
    assert differences == []
