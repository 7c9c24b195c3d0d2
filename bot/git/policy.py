"""How every git that pressbot starts runs: one environment, one set of settings, one error.

- **Environment.** Git reads dozens of ``GIT_*`` variables that point it at another
  repository (``GIT_DIR``, ``GIT_WORK_TREE``, ``GIT_INDEX_FILE``), inject settings
  (``GIT_CONFIG_PARAMETERS``, ``GIT_CONFIG_COUNT``), or change what paths and diffs mean
  (``GIT_LITERAL_PATHSPECS``, ``GIT_EXTERNAL_DIFF``). A hook or CI step that runs pressbot
  may have set any of them. Only the variables that say how to reach a remote or who the
  user is are kept; the others are removed from this process once, before GitPython (which
  reads some of them itself) opens a repository. Every git then also gets `OVERRIDES`.
- **Settings.** `SETTINGS` go before every subcommand (``git -c ...``): they win over every
  configuration file, so no pager, colour, signature check, fsmonitor hook or order file of
  the user or the repository changes what pressbot reads. Diffs also pass ``--no-ext-diff``
  and ``--no-textconv``.
- **Refs are never options.** Every ref, SHA or remote from a caller follows
  ``--end-of-options``; refs are verified as commits before use.
- **Errors.** A failed git is a `GitError` whose message is one line; a missing git or a
  folder that is no repository is a `UsageError` (exit 2).
- **Time.** A git that only reads this clone may take `LOCAL_TIMEOUT`; one that talks to a
  remote `network_timeout()` (``PRESSBOT_GIT_TIMEOUT``), and is ended with all its helpers
  when that runs out, on Ctrl-C, or on SIGTERM (which exits 143).
"""

from __future__ import annotations

import contextlib
import math
import os
import re
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

from bot.errors import UsageError

if TYPE_CHECKING:
    import subprocess

TIMEOUT_ENV = "PRESSBOT_GIT_TIMEOUT"
LOCAL_TIMEOUT = 600.0
"""Seconds for a git that only works on this clone (a huge history on a slow disk)."""

KEPT = frozenset(
    {
        "GIT_ASKPASS", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_SSH_VARIANT", "GIT_PROXY_COMMAND",
        "GIT_SSL_NO_VERIFY", "GIT_SSL_CAINFO", "GIT_SSL_CAPATH", "GIT_SSL_CERT", "GIT_SSL_KEY",
        "GIT_HTTP_USER_AGENT", "GIT_HTTP_LOW_SPEED_LIMIT", "GIT_HTTP_LOW_SPEED_TIME",
        "GIT_HTTP_PROXY_AUTHMETHOD", "GIT_ALLOW_PROTOCOL", "GIT_PROTOCOL_FROM_USER",
        "GIT_EXEC_PATH", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_NOSYSTEM",
        "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM",
        "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_AUTHOR_DATE",
        "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_COMMITTER_DATE",
    }
)  # fmt: skip
"""The ``GIT_*`` variables a git started by pressbot still sees: how to reach a remote, where
the user's configuration is, who the user is. GitPython's own ``GIT_PYTHON_*`` stay too."""

OVERRIDES = {
    "GIT_TERMINAL_PROMPT": "0",  # a remote asking for a password fails instead of waiting
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "GIT_OPTIONAL_LOCKS": "0",  # reading never rewrites the index a user's git may hold
    "LANGUAGE": "C",  # messages in English: pressbot reads some of them
    "LC_ALL": "C",
}

SETTINGS = (
    "core.quotePath=false",
    "core.pager=cat",
    "core.fsmonitor=false",
    "color.ui=never",
    "color.diff=never",
    "diff.relative=false",
    "diff.noprefix=false",
    "diff.orderFile=/dev/null",
    "log.showSignature=false",
    "commit.gpgSign=false",
    "push.gpgSign=false",
)
"""Settings given as ``git -c`` to every git: they win over any configuration file."""

SETTING_ARGS = tuple(arg for setting in SETTINGS for arg in ("-c", setting))


def scrub_environment(environ: MutableMapping[str, str] | None = None) -> None:
    """Remove from ``environ`` (this process's, by default) every ``GIT_*`` variable that
    is not `KEPT`: git and GitPython then find only the repository pressbot opened."""
    env: MutableMapping[str, str] = os.environ if environ is None else environ
    for name in [n for n in env if n.startswith("GIT_")]:
        if name not in KEPT and not name.startswith("GIT_PYTHON_"):
            del env[name]


def network_timeout() -> float:
    """Seconds a git talking to a remote may take: `PRESSBOT_GIT_TIMEOUT`, default 120."""
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    if not raw:
        return 120.0
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (0 < value < math.inf):
        raise UsageError(f"{TIMEOUT_ENV}={raw!r}: expected a number of seconds above 0")
    return value


def gitpython() -> Any:
    """GitPython, after `scrub_environment`, or a clear error when there is no git to run."""
    import shutil

    scrub_environment()
    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")  # no import-time failure
    import git

    exe = os.environ.get("GIT_PYTHON_GIT_EXECUTABLE") or "git"
    if shutil.which(exe) is None:
        raise UsageError("git is not installed (no `git` on PATH); this needs a Git repository")
    return git


class NoRepository(UsageError):
    """The folder is in no Git work tree."""


class GitError(Exception):
    """A git command failed; the message is one line, ``stderr`` the whole of what git said."""

    def __init__(self, args: list[str], code: int, stderr: str, git_dir: str | None = None) -> None:
        status = f"exit {code}: " if code >= 0 else ""
        super().__init__(f"git {' '.join(args)}: {status}{one_line(stderr)}")
        self.code = code
        self.stderr = stderr
        self.git_dir = git_dir

    @property
    def cause(self) -> str | None:
        """What in the machine made git fail (a full disk, a read-only or locked
        repository...), as a sentence; None when neither git's words nor the state of the
        repository's disk name such a cause, which leaves the failure pressbot's own."""
        named = environment_cause(self.stderr)
        if named is None and self.git_dir and _WRITE_FAILED.search(self.stderr):
            return storage_problem(self.git_dir)  # "couldn't write": git does not say why
        return named

    @property
    def said(self) -> str:
        """Git's first line of complaint (the advice it adds after a lock is left out)."""
        lines = [line.strip() for line in self.stderr.splitlines() if line.strip()]
        return one_line(lines[0]) if lines else ""


class PushRefused(GitError):
    """The remote refused a push for reasons of its own (a pre-receive hook, a protected ref,
    a ruleset): not a lost race, since the ref still holds what the push expected.

    ``reason`` is git's word for it (``pre-receive hook declined``), ``remote_said`` the lines
    the remote sent (``remote: ...``), both untrusted text as received."""

    def __init__(self, args: list[str], code: int, stderr: str, reason: str) -> None:
        super().__init__(args, code, stderr)
        self.reason = reason
        self.remote_said = [
            line[len("remote:") :].strip()
            for line in stderr.splitlines()
            if line.startswith("remote:") and line[len("remote:") :].strip()
        ]


_LOCK = re.compile(r"Unable to create '([^']*\.lock)': File exists")
_CAUSES = (
    ("no space left on device", "the disk is full"),
    ("disk quota exceeded", "the disk quota is used up"),
    ("read-only file system", "the file system is read-only"),
    ("permission denied", "permission denied"),
    ("operation not permitted", "operation not permitted"),
    ("input/output error", "the disk reported an input/output error"),
    ("cannot allocate memory", "out of memory"),
    ("out of memory", "out of memory"),
)


_WRITE_FAILED = re.compile(r"\b(couldn't|could not|unable to|cannot) (write|create)\b", re.I)
LOW_SPACE = 1 << 20
"""Free bytes under which a disk where git could not write is taken to be full."""


def storage_problem(folder: str) -> str | None:
    """Why nothing can be written in ``folder``, seen from its file system: read-only,
    no space or no inode left; None when it looks writable."""
    try:
        stats = os.statvfs(folder)
    except OSError:
        return None
    if stats.f_flag & os.ST_RDONLY:
        return "the file system is read-only"
    free = stats.f_bfree if os.geteuid() == 0 else stats.f_bavail
    if free * stats.f_frsize < LOW_SPACE:
        return f"the disk is full ({free * stats.f_frsize // 1024} KiB free in {folder})"
    if stats.f_files and not (stats.f_ffree if os.geteuid() == 0 else stats.f_favail):
        return f"the disk has no free inode left ({folder})"
    return None


def environment_cause(stderr: str) -> str | None:
    """The cause, in the machine, of what git said in ``stderr``; None when none is named."""
    lock = _LOCK.search(stderr)
    if lock:
        return (
            f"the lock file {lock.group(1)} exists: another git is running in this repository,"
            " or one was killed and left it; remove it once no git runs there"
        )
    lower = stderr.lower()
    for words, cause in _CAUSES:
        if words in lower:
            return cause
    return None


def one_line(stderr: str, limit: int = 500) -> str:
    """What git said, on one line: its lines (hints left out) joined, cut at ``limit``."""
    lines = [line.strip() for line in stderr.splitlines()]
    said = [line for line in lines if line and not line.startswith("hint:")]
    return "; ".join(said)[:limit]


def no_answer(args: list[str], timeout: float) -> GitError:
    return GitError(args, -1, f"no answer within {timeout:g} s (set {TIMEOUT_ENV} to wait longer)")


@contextlib.contextmanager
def terminate_as_exit() -> Iterator[None]:
    """While git runs, a SIGTERM to pressbot (a cancelled CI job) becomes an exit (143)
    that the caller turns into ending git too, instead of leaving it waiting on the network."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def executable() -> str:
    return os.environ.get("GIT_PYTHON_GIT_EXECUTABLE") or "git"


def end_process(proc: subprocess.Popen[bytes]) -> None:
    """Kill ``proc`` and every process of its session, and reap it."""
    import signal
    import subprocess

    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
    with contextlib.suppress(subprocess.TimeoutExpired, OSError, ValueError):
        proc.communicate(timeout=10)
