"""A ref, SHA or remote from the command line or an event is never read by git as an option:
`--changed-since=--output=FILE` must not truncate FILE."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bot.git import Git
from tests.conftest import git, git_init
from tests.inputkit import GOOD, assert_one_line_error, pressbot

HOSTILE = ["--output={victim}", "-o{victim}", "--output={victim}^{{commit}}"]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = git_init(tmp_path / "site")
    (root / "_posts").mkdir()
    (root / "_posts" / "2026-01-01-a.md").write_text(GOOD, encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    (root / "_posts" / "2026-01-02-b.md").write_text(GOOD, encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "second")
    return root


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "precious.txt"
    path.write_text("keep me\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("pattern", HOSTILE)
@pytest.mark.parametrize("command", ["check", "list"])
def test_changed_since_is_never_an_option(
    repo: Path, victim: Path, command: str, pattern: str
) -> None:
    ref = pattern.format(victim=victim)
    done = pressbot(command, f"--changed-since={ref}", "--site", repo)
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert_one_line_error(done, 2, "--changed-since")


def test_changed_since_a_real_ref_still_works(repo: Path) -> None:
    done = pressbot("check", "--format", "json", "--changed-since=HEAD~1", "--site", repo)
    assert done.code == 0, done
    assert json.loads(done.out)["files_checked"] == 1


@pytest.mark.parametrize("option", ["--since", "--ref"])
@pytest.mark.parametrize("pattern", HOSTILE)
def test_publish_refs_are_never_options(
    repo: Path, victim: Path, option: str, pattern: str
) -> None:
    ref = pattern.format(victim=victim)
    done = pressbot("publish", "--dry-run", "--no-remote", f"{option}={ref}", "--site", repo)
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert_one_line_error(done, 2, "no such commit")


def test_publish_remote_is_never_an_option(repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    git(repo, "remote", "add", "origin", str(tmp_path / "nowhere.git"))
    remote = f"--upload-pack=touch {marker};"
    done = pressbot("publish", "--dry-run", f"--remote={remote}", "--site", repo)
    assert not marker.exists()
    assert "Traceback" not in done.err, done


def test_event_before_is_never_an_option(repo: Path, victim: Path, tmp_path: Path) -> None:
    before = f"--output={victim}".ljust(40, "x")[:40]
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"before": before}), encoding="utf-8")
    env = {"GITHUB_EVENT_PATH": str(event), "GITHUB_EVENT_NAME": "push"}
    done = pressbot("publish", "--dry-run", "--no-remote", "--site", repo, env=env)
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert "Traceback" not in done.err, done


@pytest.mark.parametrize("pattern", HOSTILE)
def test_git_methods_take_refs_as_refs(repo: Path, victim: Path, pattern: str) -> None:
    """Every method that takes a ref, SHA or remote from its caller."""
    ref = pattern.format(victim=victim)
    g = Git(repo)
    head = g.rev_parse("HEAD")
    assert head is not None
    assert g.rev_parse(ref) is None
    assert g.ref_value(ref) is None
    assert g.has_commit(ref) is False
    assert g.is_ancestor(ref, head) is False
    assert g.is_ancestor(head, ref) is False
    assert g.first_parent(ref) is None
    assert g.blob_at(ref, "x") is None
    assert g.remote_url(ref) is None
    assert g.update_ref("refs/pressbot/test", head, ref) is False
    for call in (
        lambda: g.changes(ref, head, ["_posts"]),
        lambda: g.changes(None, ref, ["_posts"]),
        lambda: g.last_commits(ref, head, {"x"}),
        lambda: g.ls_remote(ref, "refs/heads/main"),
        lambda: g.fetch(ref, "refs/heads/main"),
        lambda: g.push_with_lease(ref, head, "refs/pressbot/test", None),
    ):
        try:
            call()
        except Exception as exc:  # refused is fine; what matters is the file below
            assert type(exc).__name__ == "GitError", exc
    assert victim.read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize("pattern", HOSTILE)
def test_pull_request_refs_are_never_options(repo: Path, victim: Path, pattern: str) -> None:
    from bot.errors import UsageError
    from bot.git import changed_paths, merge_base, pr_diff

    ref = pattern.format(victim=victim)
    assert merge_base(repo, ref, "HEAD") is None
    assert merge_base(repo, "HEAD", ref) is None
    assert pr_diff(repo, "HEAD~1", ref) is None
    assert pr_diff(repo, ref, "HEAD") is None
    with pytest.raises(UsageError):
        changed_paths(repo, ref)
    with pytest.raises(UsageError):
        changed_paths(repo, "HEAD~1", ref)
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_a_path_with_a_newline_reads_its_own_blob(repo: Path) -> None:
    """A newline in a path must not shift the answers of the other paths (the blob reader
    reads one request per line, so blobs are asked for by object name)."""
    odd = "_posts/2026-01-03-two\nlines.md"
    (repo / odd).write_text("odd\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "odd")
    g = Git(repo)
    head = g.rev_parse("HEAD")
    assert head is not None
    got = g.blobs_at(head, [odd, "_posts/2026-01-01-a.md", "_posts/nope.md"])
    assert got == {odd: b"odd\n", "_posts/2026-01-01-a.md": GOOD.encode(), "_posts/nope.md": None}
    os.unlink(repo / odd)
