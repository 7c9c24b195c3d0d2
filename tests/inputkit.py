"""Run the real `pressbot` command in a subprocess, the way a user or a workflow does."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.conftest import ROOT

GOOD = "---\ntitle: Fine\n---\n\nText.\n"


class Done:
    """Exit code and output of one run; ``err_lines`` are the non-empty stderr lines."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err
        self.err_lines = [line for line in err.splitlines() if line.strip()]

    def __repr__(self) -> str:
        return f"Done(code={self.code}, out={self.out[-800:]!r}, err={self.err[-1500:]!r})"


def pressbot(
    *args: str | os.PathLike[str],
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
) -> Done:
    """``python -m bot ARGS`` with the project importable; output decoded leniently."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    full_env.pop("PRESSBOT_DEBUG", None)
    full_env.update(env or {})
    argv = [sys.executable, "-m", "bot", *(os.fsdecode(a) for a in args)]
    done = subprocess.run(argv, capture_output=True, cwd=cwd or ROOT, env=full_env, timeout=timeout)
    return Done(
        done.returncode,
        done.stdout.decode("utf-8", "backslashreplace"),
        done.stderr.decode("utf-8", "backslashreplace"),
    )


def assert_one_line_error(done: Done, code: int = 2, *words: str) -> None:
    """Exit ``code``, exactly one line on stderr (naming ``words``), no traceback."""
    assert done.code == code, done
    assert "Traceback" not in done.err, done
    assert len(done.err_lines) == 1, done
    assert done.err_lines[0].startswith("pressbot: "), done
    for word in words:
        assert word in done.err_lines[0], (word, done)


NO_OVERRIDE = ["--bounding-set", "-dac_override,-dac_read_search"]
NO_OVERRIDE += ["--inh-caps", "-dac_override,-dac_read_search"]


def as_reader_without_override(*args: str | os.PathLike[str]) -> Done:
    """`pressbot ARGS` by a user that permissions stop: root runs it without the capabilities
    that let root read any folder (``setpriv``), anyone else as they are."""
    import shutil

    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root reads any folder, and setpriv is not here to stop that")
        prefix = [setpriv, *NO_OVERRIDE, "--"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [*prefix, sys.executable, "-m", "bot", *map(os.fspath, args)]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    return Done(done.returncode, done.stdout, done.stderr)


def on_a_terminal(
    *args: str | os.PathLike[str], cwd: Path, env_changes: Mapping[str, str | None] | None = None
) -> Done:
    """`pressbot ARGS` with its output on a terminal (a pseudo-terminal that passes bytes as
    they are written, so that a raw CR or escape is seen as it was sent); ``out`` holds
    stdout and stderr, read as UTF-8. ``env_changes``: variables set (None: removed)."""
    import pty
    import termios

    leader, follower = pty.openpty()
    modes = termios.tcgetattr(follower)
    modes[1] &= ~termios.OPOST  # no LF to CRLF: what arrives is what was written
    termios.tcsetattr(follower, termios.TCSANOW, modes)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    for name, value in (env_changes or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    argv = [sys.executable, "-m", "bot", *map(os.fspath, args)]
    with subprocess.Popen(argv, cwd=cwd, env=env, stdout=follower, stderr=follower) as run:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the program has ended and closed its end
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
    return Done(run.wait(timeout=120), b"".join(chunks).decode("utf-8", "backslashreplace"), "")


def hugo_list(root: Path) -> dict[str, str]:
    """`hugo list all` on the site at ``root``: each page's URL (from the host on) by path."""
    done = subprocess.run(["hugo", "list", "all"], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    table = done.stdout[done.stdout.index("path,slug") :]
    return {
        row["path"]: row["permalink"].removeprefix("https://example.org")
        for row in csv.DictReader(io.StringIO(table))
    }


def pressbot_list(root: Path) -> dict[str, str]:
    """`pressbot list` on the site at ``root``: each post's URL by path ('' for none, as
    Hugo lists a page it does not render)."""
    run = pressbot("list", "--format", "json", cwd=root)
    assert run.code == 0, run
    return {p["path"]: p["url"] or "" for p in json.loads(run.out)["posts"]}


def as_from_a_shell() -> None:
    """`preexec_fn` for a command a test interrupts: SIGINT and SIGTERM as a shell leaves
    them (default, not blocked). A test runner's worker may have them ignored or blocked,
    and a child inherits both: Python then never turns SIGINT into KeyboardInterrupt."""
    import signal

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
