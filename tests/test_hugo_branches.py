"""A Hugo section's `_index` file is no post, yet Hugo stops the whole build on one whose
front matter it cannot read or whose cascade targets no kind of page: `check` reports it
(`frontmatter/syntax`, at the file) in a whole-site run, in a partial run of a page below
it, and when the file itself is named. Held against real Hugo."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.inputkit import pressbot

CONFIG = 'baseURL = "https://example.org/"\n'
PAGE = "---\ntitle: a page\n---\ntext\n"
BROKEN = {
    "syntax": "---\ntitle: [unclosed\n---\n",
    "toml": "+++\ntitle = 'unclosed\n+++\n",
    "kind": "---\ncascade:\n  - _target: {kind: nokind}\n    draft: true\n---\n",
    "old kind name": "---\ncascade:\n  - _target: {kind: taxonomyTerm}\n    draft: true\n---\n",
}
FINE = {
    "kind glob": "---\ncascade:\n  - _target: {kind: '{page,section}'}\n    draft: true\n---\n",
    "map with a kind": "---\ncascade:\n  _target: {kind: nokind}\n  draft: true\n---\n",
    "plain": "---\ntitle: Posts\n---\n",
}


def _site(tmp_path: Path, index: str) -> Path:
    return write_site(
        tmp_path,
        {
            "hugo.toml": CONFIG,
            "content/posts/_index.md": index,
            "content/posts/a.md": PAGE,
            "content/other/b.md": PAGE,
        },
    )


def _hugo_builds(root: Path) -> bool:
    done = subprocess.run(["hugo", "list", "all"], cwd=root, capture_output=True, text=True)
    return done.returncode == 0


def _findings(root: Path, *paths: str) -> list[dict]:
    run = pressbot("check", "--format", "json", *paths, cwd=root)
    assert run.code in (0, 1), run
    return json.loads(run.out)["findings"]


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize("name", BROKEN)
def test_what_stops_hugo_is_an_error(tmp_path: Path, name: str) -> None:
    root = _site(tmp_path, BROKEN[name])
    assert not _hugo_builds(root)
    [found] = _findings(root)
    assert (found["path"], found["rule"], found["severity"]) == (
        "content/posts/_index.md",
        "frontmatter/syntax",
        "error",
    )
    assert found["line"] >= 2
    # a partial run: a page below it, or the file named; not a page elsewhere
    assert [f["path"] for f in _findings(root, "content/posts/a.md")] == [found["path"]]
    assert [f["path"] for f in _findings(root, "content/posts/_index.md")] == [found["path"]]
    assert [f["path"] for f in _findings(root, "content/posts")] == [found["path"]]
    assert _findings(root, "content/other/b.md") == []


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize("name", FINE)
def test_what_hugo_builds_is_not(tmp_path: Path, name: str) -> None:
    root = _site(tmp_path, FINE[name])
    assert _hugo_builds(root)
    assert _findings(root) == []


@pytest.mark.usefixtures("hugo_oracle")
def test_an_index_file_that_is_not_utf8(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "hugo.toml": CONFIG,
            "content/posts/_index.md": b"---\ntitle: caf\xe9\n---\n",
            "content/posts/a.md": PAGE,
        },
    )
    assert not _hugo_builds(root)
    for named in ((), ("content/posts/a.md",), ("content/posts/_index.md",)):
        [found] = _findings(root, *named)
        assert (found["path"], found["line"], found["column"]) == ("content/posts/_index.md", 2, 11)
        assert (
            found["rule"] == "encoding/invalid-utf8" and "--from-encoding" not in found["message"]
        )


def test_content_mounts_are_said_not_to_be_read(tmp_path: Path) -> None:
    """`module.mounts` replace `contentDir` for Hugo; pressbot does not read them, and says
    so instead of listing other pages than Hugo's without a word."""
    config = CONFIG + '[[module.mounts]]\nsource = "external"\ntarget = "content/notes"\n'
    root = write_site(tmp_path, {"hugo.toml": config, "content/posts/a.md": PAGE})
    listed = pressbot("list", cwd=root)
    assert listed.code == 0, listed
    assert listed.err.count("module.mounts") == 1 and "content files" in listed.err
    plain = write_site(tmp_path / "plain", {"hugo.toml": CONFIG, "content/posts/a.md": PAGE})
    assert "module.mounts" not in pressbot("list", cwd=plain).err
