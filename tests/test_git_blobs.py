"""`Git.blobs_at` reads many files of one commit: exact bytes, whatever the names hold."""

from __future__ import annotations

import os
from pathlib import Path

from bot.git import Git
from tests.conftest import git, git_init

NAMES = [
    "top.md",
    "_posts/2026-01-01-a.md",
    "_posts/deep/er/2026-01-02-b.md",
    "[x]*?/2026-01-03-glob.md",  # glob characters in a folder are literal
    ":(top)/2026-01-04-magic.md",  # so is pathspec magic
    "_posts/2026-01-05-tab\tand space.md",
    "_posts/2026-01-06-two\nlines.md",
]


def test_blobs_of_one_commit(tmp_path: Path) -> None:
    root = git_init(tmp_path / "site")
    for n, name in enumerate(NAMES):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(f"post {n}\r\n".encode() + bytes(range(256)))
    raw = os.fsencode(root / "_posts") + b"/2026-01-07-caf\xe9.md"  # not UTF-8
    with open(raw, "wb") as fh:
        fh.write(b"latin-1\n")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "posts")
    repo = Git(root)
    head = repo.rev_parse("HEAD")
    assert head is not None
    odd = "_posts/2026-01-07-caf\udce9.md"
    wanted = [*NAMES, odd, "_posts/missing.md", "_posts", "_posts/deep"]
    got = repo.blobs_at(head, wanted)
    assert list(got) == wanted
    for n, name in enumerate(NAMES):
        assert got[name] == f"post {n}\r\n".encode() + bytes(range(256)), name
    assert got[odd] == b"latin-1\n"
    assert got["_posts/missing.md"] is None
    assert got["_posts"] is None  # a folder is no file
    assert got["_posts/deep"] is None
    assert repo.blobs_at("0" * 40, NAMES) == dict.fromkeys(NAMES)
    assert repo.blobs_at(head, []) == {}
    assert repo.blob_at(head, "top.md") == got["top.md"]


def test_a_commit_is_never_an_option(tmp_path: Path) -> None:
    root = git_init(tmp_path / "site")
    (root / "a.md").write_text("a\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "a")
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    assert Git(root).blobs_at(f"--output={victim}", ["a.md"]) == {"a.md": None}
    assert victim.read_text(encoding="utf-8") == "keep me\n"
