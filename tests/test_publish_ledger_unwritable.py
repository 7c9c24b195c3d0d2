"""A ledger that this clone's git cannot write (a full disk, a read-only `.git`, a lock file
left by a killed git) is an environment error: exit 2, one line saying what was sent and
not recorded, no traceback; and the next run, once git can write again, completes it.

The failures are real: a small tmpfs mounted as the publisher's `.git` (where this machine
lets the tests mount one; they run as root in CI), or a ref's lock file as a killed git
leaves it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.publishkit import STEADY, World, git
from tests.receiver import Receiver

LEDGER = "refs/pressbot/ledger"


def make_world(tmp_path: Path, receiver: Receiver, posts: int = 2) -> tuple[World, set[str]]:
    world = World(
        tmp_path, targets=[{"name": "hook", "type": "webhook", "url": receiver.url, **STEADY}]
    )
    ids = set()
    for n in range(1, posts + 1):
        world.write(f"2024-02-0{n}-post-{n}.md", f"Post {n}")
        ids.add(f"_posts/2024-02-0{n}-post-{n}")
    world.commit("posts")
    world.push()
    return world, ids


def local_ledger(where: Path) -> dict[str, object]:
    return json.loads(git(where, "cat-file", "blob", f"{LEDGER}:ledger.json"))


def one_error_line(out: str) -> str:
    assert "Traceback" not in out and "internal error" not in out, out
    errors = [line for line in out.splitlines() if line.startswith("pressbot: ")]
    assert len(errors) == 1, out
    return errors[0]


@contextlib.contextmanager
def small_git_dir(where: Path, size: str = "2m") -> Iterator[Path]:
    """``where``'s `.git` moved onto a tmpfs of ``size``; skips where none can be mounted."""
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    dot_git = where / ".git"
    saved = where.parent / f"saved-git-{uuid.uuid4().hex[:8]}"
    shutil.copytree(dot_git, saved, symlinks=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(dot_git)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        shutil.copytree(saved, dot_git, symlinks=True, dirs_exist_ok=True)
        yield dot_git
    finally:
        subprocess.run(["umount", "-l", str(dot_git)], check=False)


def fill(folder: Path) -> Path:
    """Write zeros into ``folder`` until its file system has no room left."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        with contextlib.suppress(OSError):
            while os.write(fd, b"\0" * 1024):
                pass
    finally:
        os.close(fd)
    return filler


def test_full_disk_is_an_environment_error_and_the_next_run_publishes(
    tmp_path: Path, receiver: Receiver
) -> None:
    world, ids = make_world(tmp_path, receiver)
    where = world.publisher()
    with small_git_dir(where) as dot_git:
        filler = fill(dot_git)
        proc = world.spawn(checkout=False)
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 2, out
        line = one_error_line(out)
        assert "cannot record the ledger refs/pressbot/ledger in this clone" in line, line
        assert "the disk is full" in line and "nothing was sent" in line, line
        assert receiver.log == []
        filler.unlink()
        proc = world.spawn(checkout=False)
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0, out
    world.check(receiver, ids)


def test_read_only_git_dir_is_an_environment_error(tmp_path: Path, receiver: Receiver) -> None:
    world, _ = make_world(tmp_path, receiver, posts=1)
    where = world.publisher()
    with small_git_dir(where) as dot_git:
        remount = ["mount", "-o", "remount,ro", str(dot_git)]
        if subprocess.run(remount, capture_output=True).returncode != 0:
            pytest.skip("cannot remount the tmpfs read-only")
        proc = world.spawn(checkout=False)
        out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 2, out
    assert "the file system is read-only" in one_error_line(out)
    assert receiver.log == []


def test_lock_left_by_a_killed_git_before_the_run(tmp_path: Path, receiver: Receiver) -> None:
    world, ids = make_world(tmp_path, receiver)
    where = world.publisher()
    lock = where / ".git" / "refs" / "pressbot" / "ledger.lock"
    lock.parent.mkdir(parents=True)
    lock.write_text("")
    code, out = world.publish("--no-remote")
    assert code == 2, out
    line = one_error_line(out)
    assert f"the lock file {lock} exists" in line and "nothing was sent" in line, line
    assert receiver.log == []
    lock.unlink()
    code, out = world.publish("--no-remote")
    assert code == 0, out
    assert {item.post_id for item in receiver.accepted.values()} == ids


def test_results_not_recorded_are_named_and_the_next_run_completes_them(
    tmp_path: Path, receiver: Receiver
) -> None:
    """The run sent its deliveries, then a lock file keeps it from recording them: it says
    which were sent and not recorded; the next run repeats them under the same keys."""
    world, ids = make_world(tmp_path, receiver, posts=1)
    [post] = ids
    proc = world.spawn("--no-remote", pause="delivery-sent")
    world.wait_point("delivery-sent", proc)
    where = world.publisher()
    lock = where / ".git" / "refs" / "pressbot" / "ledger.lock"
    lock.write_text("")  # as a git killed while it held the ref leaves it
    world.release("delivery-sent")
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 2, out
    line = one_error_line(out)
    assert f"the lock file {lock} exists" in line, line
    assert f"1 deliveries were made but not recorded ({post} (hook))" in line, line
    assert "the next run repeats them with the same idempotency keys" in line, line
    assert local_ledger(where)["deliveries"]["hook"][post]["state"] == "claimed"  # type: ignore[index]
    assert [item.answer for item in receiver.log] == ["accepted"]
    lock.unlink()
    code, out = world.publish("--no-remote")
    assert code == 0, out
    assert [item.answer for item in receiver.log] == ["accepted", "repeat"]
    assert receiver.duplicates() == []
    entry = local_ledger(where)["deliveries"]["hook"][post]  # type: ignore[index]
    assert entry["state"] == "published" and entry["live"], entry
    assert world.publish("--no-remote")[0] == 0
    assert len(receiver.log) == 2  # nothing left to do


def test_update_ref_tells_a_lost_race_from_a_failed_write(tmp_path: Path) -> None:
    from bot.git import Git, GitError

    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "one")
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "two")
    one, two = git(tmp_path, "rev-parse", "HEAD~1"), git(tmp_path, "rev-parse", "HEAD")
    repo = Git(tmp_path)
    assert repo.update_ref("refs/x", one, None) is True
    assert repo.update_ref("refs/x", two, None) is False  # another writer came first
    (tmp_path / ".git" / "refs" / "x.lock").write_text("")
    with pytest.raises(GitError) as failed:
        repo.update_ref("refs/x", two, one)
    assert failed.value.cause is not None and "refs/x.lock exists" in failed.value.cause
    assert git(tmp_path, "rev-parse", "refs/x") == one


def test_a_git_failure_the_machine_caused_is_no_internal_error(tmp_path: Path) -> None:
    """Wherever a git fails for the machine's sake, the command line says so (exit 2);
    a git failure with no such cause stays pressbot's own (exit 3)."""
    import errno

    from bot.cli import environment_problem
    from bot.git import Git, GitError

    where = tmp_path / "repo"
    where.mkdir()
    git(where, "init", "-q", "-b", "main")
    git(where, "commit", "-q", "--allow-empty", "-m", "one")
    with small_git_dir(where) as dot_git:
        remount = ["mount", "-o", "remount,ro", str(dot_git)]
        if subprocess.run(remount, capture_output=True).returncode != 0:
            pytest.skip("cannot remount the tmpfs read-only")
        with pytest.raises(GitError) as failed:
            Git(where).hash_blob(b"new content\n")
    problem = environment_problem(failed.value)
    assert problem is not None and "the file system is read-only" in problem, problem
    with pytest.raises(GitError) as ours:
        Git(where).out("cat-file", "-p", "0" * 40)
    assert environment_problem(ours.value) is None
    full = OSError(errno.ENOSPC, "No space left on device", str(where / "x"))
    assert environment_problem(full) == f"{where / 'x'}: No space left on device"
