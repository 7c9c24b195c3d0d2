"""Settings files are read only when they are regular files inside the site: a FIFO in
Hugo's `config/_default/` is never waited on, a link to `/dev/zero` never read to the end
of memory, a link out of the site never followed. Each is a one-line error (exit 2)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.inputkit import assert_one_line_error, pressbot


def _hugo(root: Path) -> Path:
    return write_site(
        root,
        {"hugo.toml": "title = 'x'\n", "content/posts/a.md": "---\ntitle: A\n---\n"},
    )


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: os.mkfifo(p), "not a regular file"),
        (lambda p: p.symlink_to("/dev/zero"), "outside the site"),
        (lambda p: p.symlink_to("/etc/hostname"), "outside the site"),
        (lambda p: p.write_bytes(b"# x\n" * (5 << 20)), "over 16 MiB"),
    ],
    ids=["fifo", "dev-zero", "outside", "huge"],
)
@pytest.mark.parametrize("name", ["config/_default/params.toml", ".pressbot.yml"])
def test_a_settings_file_that_is_no_plain_file(
    tmp_path: Path, make: object, words: str, name: str
) -> None:
    root = _hugo(tmp_path / "site")
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    make(path)  # type: ignore[operator]
    for command in ("check", "list"):
        done = pressbot(command, "--site", root, timeout=60)
        assert_one_line_error(done, 2, words)
