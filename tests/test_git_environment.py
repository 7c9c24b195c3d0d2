"""Git missing from PATH, or a remote that never answers: one line, exit 2, no hang; Ctrl-C
while git waits on the network exits 130 and leaves no git process behind."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, git, git_init
from tests.inputkit import GOOD, as_from_a_shell, assert_one_line_error, pressbot


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = git_init(tmp_path / "site")
    (root / "_posts").mkdir()
    (root / "_posts" / "2026-01-01-a.md").write_text(GOOD, encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    return root


@pytest.fixture
def no_git_path(tmp_path: Path) -> str:
    """A PATH with no git on it (only an empty folder)."""
    empty = tmp_path / "bin"
    empty.mkdir()
    return str(empty)


class Silent:
    """A TCP server on 127.0.0.1 that accepts connections and never answers a byte."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.conns: list[socket.socket] = []
        self.accepted = threading.Event()
        self.stopped = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/repo.git"

    def _serve(self) -> None:
        while not self.stopped:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)
            self.accepted.set()

    def all_closed_by_peer(self, within: float) -> bool:
        """True once every accepted connection was closed from the other end."""
        deadline = time.monotonic() + within
        for conn in self.conns:
            conn.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                while conn.recv(65536):
                    pass
            except OSError:
                return False
        return True

    def close(self) -> None:
        """Stop for good: a thread left blocked in accept() on a closed socket could take a
        later test's connection once the descriptor number is reused."""
        self.stopped = True
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes the accept() below
        self.thread.join(timeout=10)
        self.sock.close()
        for conn in self.conns:
            conn.close()


@pytest.fixture
def silent() -> Iterator[Silent]:
    server = Silent()
    yield server
    server.close()


def test_check_changed_since_without_git(repo: Path, no_git_path: str) -> None:
    done = pressbot("check", "--changed-since", "HEAD", "--site", repo, env={"PATH": no_git_path})
    assert_one_line_error(done, 2, "git")


def test_check_without_git_needs_none(repo: Path, no_git_path: str) -> None:
    done = pressbot("check", "--site", repo, env={"PATH": no_git_path})
    assert done.code == 0, done


@pytest.mark.parametrize("extra", [["--dry-run"], ["--status"], []])
def test_publish_without_git(repo: Path, no_git_path: str, extra: list[str]) -> None:
    done = pressbot("publish", *extra, "--site", repo, env={"PATH": no_git_path})
    assert_one_line_error(done, 2, "git")


@pytest.mark.parametrize("extra", [["--status"], ["--dry-run"], []])
def test_publish_to_a_remote_that_never_answers(repo: Path, silent: Silent, extra: list) -> None:
    git(repo, "remote", "add", "origin", silent.url)
    start = time.monotonic()
    done = pressbot(
        # (long enough for git to reach the server on a loaded machine)
        "publish",
        *extra,
        "--site",
        repo,
        env={"PRESSBOT_GIT_TIMEOUT": "5"},
        timeout=90,
    )
    assert time.monotonic() - start < 60  # bounded by the timeout, not by git's patience
    assert_one_line_error(done, 2, "origin", "no answer")
    assert silent.accepted.is_set()


@pytest.mark.parametrize("value", ["abc", "-1", "0", "nan", "inf"])
def test_bad_git_timeout_setting(repo: Path, silent: Silent, value: str) -> None:
    git(repo, "remote", "add", "origin", silent.url)
    done = pressbot("publish", "--status", "--site", repo, env={"PRESSBOT_GIT_TIMEOUT": value})
    assert_one_line_error(done, 2, "PRESSBOT_GIT_TIMEOUT")


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_stopped_while_git_waits_on_the_network(
    repo: Path, silent: Silent, sig: signal.Signals, code: int
) -> None:
    git(repo, "remote", "add", "origin", silent.url)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PRESSBOT_GIT_TIMEOUT": "600"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "publish", "--status", "--site", str(repo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
        preexec_fn=as_from_a_shell,
    )
    try:
        assert silent.accepted.wait(60), "git never connected"
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == code, err
    assert b"Traceback" not in err
    if sig == signal.SIGINT:
        assert err.decode().strip() == "pressbot: interrupted"
    # git (and its helper) went with it: the connection was closed from their end.
    assert silent.all_closed_by_peer(within=30)
