"""Hugo's `ignoreFiles`: regular expressions (Go's syntax) matched anywhere in a file's or
folder's absolute path; what they match is no page (compared with real Hugo)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.hugofuzz import site_differences
from tests.inputkit import pressbot

PAGE = "---\ntitle: {}\ndate: 2020-01-01\n---\nbody\n"
BROKEN = '---\ntitle: "half written\nurl: /posts/real/\n---\n'


def _site(tmp_path: Path, ignore: str) -> Path:
    return write_site(
        tmp_path,
        {
            "hugo.toml": f'baseURL = "https://example.org/"\nignoreFiles = {ignore}\n',
            "content/posts/real.md": PAGE.format("Real"),
            "content/posts/next.wip.md": BROKEN,
            "content/drafts/scratch.md": "---\ntitle: Scratch\nurl: /posts/real/\n---\n",
            "content/posts/" + "a" * 40 + ".md": PAGE.format("Long"),
            "content/posts/keep.md": PAGE.format("Keep"),
        },
    )


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize(
    "ignore",
    [
        '["\\\\.wip\\\\.md$", "/drafts/"]',
        # a string is split on white space; a pattern Go cannot compile is left out
        '"\\\\.wip\\\\.md$ /drafts(/|$) (?=x)"',
        # a pattern that backtracks for ever in a backtracking engine, over a long name
        '["\\\\.wip\\\\.md$", "/drafts/", "(a+)+$"]',
    ],
)
def test_ignored_files_are_no_pages(tmp_path: Path, ignore: str) -> None:
    root = _site(tmp_path, ignore)
    site, differences = site_differences(root)
    assert differences == []
    assert "content/posts/real.md" in site.pages
    assert "content/drafts/scratch.md" not in site.pages
    run = pressbot("check", "--format", "json", cwd=root)
    assert run.code == 0, run
    named = pressbot("check", "--format", "json", "content/posts/next.wip.md", cwd=root)
    assert json.loads(named.out)["findings"] == [] and "Traceback" not in named.err
