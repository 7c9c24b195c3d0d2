"""A few seeds of the Hugo differential fuzzer (`tests/hugofuzz.py`) in every run: generated
sites, listed by real Hugo and by `pressbot list`, page by page. The benchmark
(`bench/hugo_fuzz.py`) runs many more."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hugofuzz import run_seed

pytestmark = pytest.mark.usefixtures("hugo_oracle")


@pytest.mark.parametrize(
    ("seed", "pages"),
    [
        (1, 30),
        (2, 30),
        (7, 30),
        # A bundle whose German index two languages read, both at the page's own `url`: twins
        # Hugo lists in no fixed order, paired by their fields.
        (52076, 40),
        # The site's outputs name `rss`, which its disabled `RSS` kind drops: the pages'
        # URLs are HTML's (pressbot gave them `index.xml`).
        (96052, 40),
        # Sites that vary their files' kinds: Org front matter, extensions as written, a
        # comment around the front matter, plain HTML files.
        (101003, 40),
        (101011, 40),
        # Pages with `outputs: [json, html]` and `[amp, html]` on a site without RSS whose
        # last language renders only HTML: Hugo gives them their HTML page's URL.
        (104049, 40),
        # A section's cascade gives its own page `outputs: [amp]` (no page below it), so
        # the last language renders AMP last: an English page's AMP URL.
        (111203, 20),
    ],
)
def test_generated_site_reads_as_hugo_reads_it(tmp_path: Path, seed: int, pages: int) -> None:
    site, differences = run_seed(seed, tmp_path, pages=pages)
    assert len(site.pages) >= pages // 2  # not a degenerate site
    assert differences == []
