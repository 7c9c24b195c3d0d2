"""A post whose file name is not UTF-8 (a Latin-1 `é` from an old system): Jekyll's entry
filter raises on it and the whole build stops, so `check` reports it as an error and `list`
does not count it as published. Compared with a real `jekyll build`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.usefixtures("jekyll_oracle")


def test_a_name_that_is_not_utf8_stops_jekyll_and_the_check(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: T\n")
    (site / "_posts" / "2020-01-02-fine.md").write_text("---\ntitle: Fine\n---\nx\n")
    name = os.fsencode(site / "_posts") + b"/2020-01-03-caf\xe9.md"
    with open(name, "wb") as handle:
        handle.write(b"---\ntitle: B\n---\nx\n")
    jekyll = shutil.which("jekyll")
    assert jekyll is not None
    built = subprocess.run(
        [jekyll, "build", "-s", str(site), "-d", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
        timeout=120,
    )
    assert built.returncode != 0 and "invalid byte sequence" in built.stdout + built.stderr

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args, "--site", str(site)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )

    checked = run("check")
    assert checked.returncode == 1
    assert "caf\\xe9.md:1:1: error jekyll/filename the file name is not UTF-8" in checked.stdout
    listed = json.loads(run("list", "--format", "json").stdout)
    assert {p["path"]: p["published"] for p in listed["posts"]} == {
        "_posts/2020-01-02-fine.md": True,
        "_posts/2020-01-03-caf\\xe9.md": False,
    }
