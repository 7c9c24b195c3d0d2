"""A Hugo site's configuration as Hugo 0.111 reads it from its files: `outputs` cast as Hugo
casts it, the files of `config/_default/` (in folders too) placed by their base name, and a
setting Hugo refuses reported against the file that holds it. Held against real Hugo."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.inputkit import pressbot

pytestmark = pytest.mark.usefixtures("hugo_oracle")

BASE = (
    'baseURL = "https://example.org/"\n'
    'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
)
PAGE = "---\ntitle: t\ndate: 2024-03-05\n---\nx\n"


def hugo_stops(root: Path) -> bool:
    done = subprocess.run(["hugo", "list", "all"], cwd=root, capture_output=True, text=True)
    return done.returncode != 0


@pytest.mark.parametrize("value", ["5", "1.5", "true"])
def test_outputs_of_one_value_name_one_format(tmp_path: Path, value: str) -> None:
    """`page = 5` is the format "5" to Hugo, which it does not know: it stops."""
    root = write_site(
        tmp_path,
        {"hugo.toml": BASE + f"[outputs]\npage = {value}\n", "content/posts/a.md": PAGE},
    )
    assert hugo_stops(root)
    run = pressbot("check", cwd=root)
    assert run.code == 2, run
    assert f"hugo.toml: outputs.page names {value!r}" in run.err, run
