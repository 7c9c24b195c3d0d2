"""The date values of `test_dates_values.py` against a real `jekyll build`: where Jekyll
reads a value, `pressbot list` gives its date and URL; where Jekyll stops the build, the post
is `invalid` and `check` reports it."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, write_site
from tests.test_dates_values import ACCEPTED
from tests.test_jekyll_agreement import compare

pytestmark = pytest.mark.usefixtures("jekyll_oracle")

SITE = {
    "_config.yml": "timezone: Etc/UTC\nfuture: true\n",
    **{
        f"_posts/2024-01-03-value-{i}.md": f"---\ntitle: v\ndate: {value}\n---\n"
        for i, (value, _) in enumerate(ACCEPTED)
    },
    "_posts/2024-01-03-bool-tag.md": "---\ntitle: v\npublished: !!bool 'abc'\n---\n",
    "_posts/2024-01-03-int-tag.md": "---\ntitle: v\ncategories: [!!int 'x']\n---\n",
}


def test_values_jekyll_reads_agree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_site(tmp_path / "site", SITE)
    assert compare(source, tmp_path / "work", capsys) == len(SITE) - 1


@pytest.mark.parametrize(
    "value",
    [
        '"2024-01-03 10:00 +25"',
        '"2024-01-03 10:00 +2400"',
        '"2024-13-01"',
        '"2024-01-03 24:00:01"',
        "!!timestamp 'abc'",
        '"2024-01-03 10:00' + " " * 130 + '"',
    ],
)
def test_values_jekyll_refuses_are_invalid(
    tmp_path: Path, cli: Callable[..., Run], value: str
) -> None:
    source = write_site(
        tmp_path / "site",
        {
            "_config.yml": "title: t\n",
            "_posts/2024-01-03-a.md": f"---\ntitle: v\ndate: {value}\n---\n",
        },
    )
    built = subprocess.run(
        ["jekyll", "build", "--quiet", "--safe", "-s", str(source), "-d", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert built.returncode != 0, "Jekyll built it"
    run = cli("list", "--format", "json", source)
    assert json.loads(run.out)["posts"][0]["reason"] == "invalid"
    run = cli("check", source)
    assert run.code == 1 and ":3:7: error " in run.out, run
