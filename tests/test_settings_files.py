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


OK_POST = "---\ntitle: Ok\n---\nfine\n"


@pytest.mark.parametrize(
    ("settings", "place", "words"),
    [
        ("required: [title, author]\nrequired: [title]\n", ".pressbot.yml:2:1:", "twice"),
        ("categories: [News]\n---\nrequired: [title, author]\n", ".pressbot.yml:2:1:", "second"),
        ("categories: [News]\n...\n%%\n", ".pressbot.yml:3:", "after the first"),
    ],
    ids=["key-twice", "second-document", "garbage-after-end"],
)
def test_a_setting_dropped_by_the_yaml_is_an_error(
    tmp_path: Path, settings: str, place: str, words: str
) -> None:
    files = {"_config.yml": "title: t\n", "_posts/2024-01-03-ok.md": OK_POST}
    root = write_site(tmp_path / "site", {**files, ".pressbot.yml": settings})
    for command in ("check", "list"):
        done = pressbot(command, cwd=root, timeout=60)
        assert_one_line_error(done, 2, place, words)
    done = pressbot("check", "--config", root / ".pressbot.yml", cwd=root, timeout=60)
    assert_one_line_error(done, 2, place, words)


def test_settings_in_both_files_are_an_error_naming_both(tmp_path: Path) -> None:
    config = "title: t\n\npressbot:\n  required: [title, author]\n  bogus_key: 1\n"
    root = write_site(
        tmp_path / "site",
        {
            "_config.yml": config,
            ".pressbot.yml": "categories: [News]\n",
            "_posts/2024-01-03-ok.md": OK_POST,
        },
    )
    done = pressbot("check", cwd=root, timeout=60)
    assert_one_line_error(done, 2, "_config.yml:3:1:", ".pressbot.yml", "`pressbot:`")


@pytest.mark.parametrize(
    ("target", "words"),
    [("folder", "is a folder"), ("/dev/zero", "not a regular file"), ("nope.yml", "not found")],
)
def test_config_option_says_what_the_path_is(tmp_path: Path, target: str, words: str) -> None:
    root = write_site(
        tmp_path / "site", {"_config.yml": "title: t\n", "_posts/2024-01-03-ok.md": OK_POST}
    )
    (root / "folder").mkdir()
    done = pressbot("check", "--config", target, cwd=root, timeout=60)
    assert_one_line_error(done, 2, words)
