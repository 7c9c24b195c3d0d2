"""`bot.atomicwrite.write_file`: whole content to a path, old bytes or new ones, never a mix."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.atomicwrite import TEMP_RE, write_file
from tests.conftest import ROOT


def test_a_new_file_gets_the_mode_less_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_file(tmp_path / "new.html", b"<p>hello</p>\n", mode=0o664)
    finally:
        os.umask(old)
    assert (tmp_path / "new.html").read_bytes() == b"<p>hello</p>\n"
    assert stat.S_IMODE((tmp_path / "new.html").stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["new.html"]


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(b"old")
    os.chmod(path, 0o600)
    write_file(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["page.html"]


def test_a_link_is_replaced_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_bytes(b"keep me")
    (tmp_path / "out").mkdir()
    os.symlink(target, tmp_path / "out" / "page.html")
    write_file(tmp_path / "out" / "page.html", b"new")
    assert target.read_bytes() == b"keep me"
    assert not (tmp_path / "out" / "page.html").is_symlink()
    assert (tmp_path / "out" / "page.html").read_bytes() == b"new"


def test_a_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_file(tmp_path / "no" / "page.html", b"x")


def test_a_name_too_long_raises_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="too long"):
        write_file(tmp_path / ("x" * 300), b"x")
    assert os.listdir(tmp_path) == []


def test_a_failed_write_leaves_the_old_bytes(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(b"old content")
    code = textwrap.dedent(
        """
        import resource, sys
        from bot.atomicwrite import write_file
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        try:
            write_file(sys.argv[1], b"x" * 10000)
        except OSError as exc:
            print(exc.strerror)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.stdout == "File too large\n", done.stderr
    assert path.read_bytes() == b"old content"
    assert os.listdir(tmp_path) == ["page.html"]


@pytest.mark.parametrize(
    ("name", "ours"),
    [
        (".post.md.pressbot-0123abcd.tmp", True),
        (".p\nq.md.pressbot-0123abcd.tmp", True),
        ("post.md.pressbot-0123abcd.tmp", False),
        (".post.md.pressbot-0123ABCD.tmp", False),
        (".post.md.pressbot-0123abcd.tmp~", False),
        (".post.md.swp", False),
        ("." + "x" * 65 + ".pressbot-0123abcd.tmp", False),
    ],
)
def test_only_pressbot_temporary_names_match(name: str, ours: bool) -> None:
    assert bool(TEMP_RE.match(name)) is ours
