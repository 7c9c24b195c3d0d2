"""A file named on the command line, as pre-commit names staged files, is judged as a
whole-site run judges it: what Jekyll does not read as a post is not checked as one."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.inputkit import GOOD, pressbot


def site(root: Path) -> Path:
    (root / "_posts" / "_notes").mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (root / ".pressbot.yml").write_text("required: [title]\n", encoding="utf-8")
    (root / "_posts" / "2026-01-01-ok.md").write_text(GOOD, encoding="utf-8")
    (root / "_posts" / "LICENSE").write_text("MIT\n", encoding="utf-8")
    (root / "_posts" / "2026-01-02-draft.md~").write_text("backup\n", encoding="utf-8")
    (root / "_posts" / "_notes" / "2026-01-03-note.md").write_text("note\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def test_whole_site_and_named_files_agree(tmp_path: Path) -> None:
    root = site(tmp_path)
    whole = pressbot("check", "--format", "json", cwd=root)
    assert whole.code == 0, whole
    named = pressbot(
        "check",
        "--format",
        "json",
        "_posts/LICENSE",
        "_posts/2026-01-02-draft.md~",
        "_posts/_notes/2026-01-03-note.md",
        "_posts/2026-01-01-ok.md",
        cwd=root,
    )
    assert named.code == 0, named
    assert json.loads(named.out)["findings"] == []
    assert json.loads(named.out)["files_checked"] == 1
