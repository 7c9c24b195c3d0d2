"""Inputs that broke the promise of "a clear error, never a traceback": a post path that is
a link to itself, named to `list` and `check`, and a `--now` (or PRESSBOT_NOW) near the ends
of the calendar, where some zones have no local time."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.inputkit import assert_one_line_error, pressbot

SITES = {
    "jekyll": ({"_config.yml": "title: T\n", "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n"},
               "_posts/2024-01-02-self.md"),
    "hugo": ({"hugo.toml": "title = 'T'\n", "content/posts/a.md": "---\ntitle: A\n---\n"},
             "content/posts/self.md"),
}  # fmt: skip


@pytest.mark.parametrize("generator", sorted(SITES))
def test_a_link_to_itself(tmp_path: Path, generator: str) -> None:
    files, loop = SITES[generator]
    root = write_site(tmp_path / "site", files)
    (root / loop).symlink_to(Path(loop).name)
    for command in ("list", "check"):
        done = pressbot(command, root / loop, cwd=root)
        assert done.code in (0, 1) and "internal error" not in done.err, done
    done = pressbot("check", cwd=root)
    assert f"{loop}:1:1: error file/unreadable this path is a link that leads back" in done.out


@pytest.mark.parametrize(
    "moment", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:30:00+01:00", "9999-12-31"]
)
@pytest.mark.parametrize("generator", sorted(SITES))
def test_a_now_at_the_ends_of_the_calendar(tmp_path: Path, generator: str, moment: str) -> None:
    root = write_site(tmp_path / "site", SITES[generator][0])
    assert_one_line_error(pressbot("check", "--now", moment, cwd=root), 2, "--now")
    done = pressbot("list", cwd=root, env={"PRESSBOT_NOW": moment})
    assert_one_line_error(done, 2, "PRESSBOT_NOW")
