"""The Git plumbing publishing needs, through the `git` executable.

Publishing works on commits, blobs and one dedicated ref, with compare-and-swap updates;
plumbing commands give exactly those guarantees (`update-ref <ref> <new> <old>`,
`push --force-with-lease=<ref>:<old>`), so they are called directly rather than through a
porcelain library.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.errors import UsageError

ZERO = "0" * 40
TIMEOUT_ENV = "PRESSBOT_GIT_TIMEOUT"
LOCAL_TIMEOUT = 600.0
"""Seconds for a git that only works on this clone (a huge history on a slow disk)."""
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_SHA_PREFIX = re.compile(r"[0-9a-f]{4,64}")


def network_timeout() -> float:
    """Seconds a git talking to a remote may take: `PRESSBOT_GIT_TIMEOUT`, default 120."""
    import math

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


@contextlib.contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """While git runs in its own session, a SIGTERM to pressbot (a cancelled CI job) becomes
    an exit that ends git too, instead of leaving it waiting on the network."""
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


def _end(proc: subprocess.Popen[bytes]) -> None:
    """Kill ``proc`` and every process of its session, and reap it."""
    import signal

    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
    with contextlib.suppress(subprocess.TimeoutExpired, OSError, ValueError):
        proc.communicate(timeout=10)


class GitError(Exception):
    """A git command failed; ``stderr`` says why."""

    def __init__(self, args: list[str], code: int, stderr: str) -> None:
        status = f"exit {code}: " if code >= 0 else ""
        super().__init__(f"git {' '.join(args)}: {status}{stderr.strip()[:500]}")
        self.code = code
        self.stderr = stderr


@dataclass(frozen=True)
class Change:
    """One post-level change between two commits, as `git diff --name-status -M` reports it."""

    status: str  # A, M, D, R (renamed; ``old_path`` set), T
    path: str
    old_path: str | None = None


class Git:
    """Runs git in one work tree (or bare repository).

    Every git runs in a session of its own, so a timeout or Ctrl-C ends it together with the
    helpers it started (`git-remote-http`, ssh): none is left waiting on a silent remote.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
            self._env.pop(name, None)
        self.network_timeout = network_timeout()

    def run(
        self,
        *args: str,
        input: bytes | None = None,
        check: bool = True,
        timeout: float = LOCAL_TIMEOUT,
    ) -> subprocess.CompletedProcess[bytes]:
        proc = self._start(args, input is not None)
        try:
            with _terminate_as_exit():
                out, err = proc.communicate(input, timeout=timeout)
        except subprocess.TimeoutExpired:
            _end(proc)
            raise GitError(
                list(args), -1, f"no answer within {timeout:g} s (set {TIMEOUT_ENV} to wait longer)"
            ) from None
        except BaseException:
            _end(proc)  # Ctrl-C: git and its helpers go too
            raise
        done = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
        if check and done.returncode != 0:
            raise GitError(list(args), done.returncode, err.decode("utf-8", "replace"))
        return done

    def _start(self, args: tuple[str, ...], with_input: bool) -> subprocess.Popen[bytes]:
        try:
            return subprocess.Popen(
                ["git", *args],
                cwd=self.root,
                stdin=subprocess.PIPE if with_input else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=self._env,
                start_new_session=True,
            )
        except OSError as exc:
            import shutil

            if shutil.which("git", path=self._env.get("PATH")) is None:
                raise UsageError(
                    "git is not installed (no `git` on PATH); publish needs it"
                ) from None
            raise UsageError(f"{self.root}: cannot run git there ({exc.strerror})") from None

    def out(self, *args: str, input: bytes | None = None) -> str:
        return self.run(*args, input=input).stdout.decode("utf-8", "replace").strip()

    # -- objects -------------------------------------------------------------------------
    def rev_parse(self, rev: str) -> str | None:
        proc = self.run(
            "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", check=False
        )
        sha = proc.stdout.decode("ascii", "replace").strip()
        return sha if proc.returncode == 0 and _SHA.fullmatch(sha) else None

    def ref_value(self, ref: str) -> str | None:
        proc = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", ref, check=False)
        sha = proc.stdout.decode("ascii", "replace").strip()
        return sha if proc.returncode == 0 and _SHA.fullmatch(sha) else None

    def has_commit(self, sha: str) -> bool:
        if not _SHA_PREFIX.fullmatch(sha):
            return False
        proc = self.run("cat-file", "-e", "--end-of-options", f"{sha}^{{commit}}", check=False)
        return proc.returncode == 0

    def is_ancestor(self, older: str, newer: str) -> bool:
        """True when ``older`` is ``newer`` or one of its ancestors (both must exist)."""
        proc = self.run(
            "merge-base", "--is-ancestor", "--end-of-options", older, newer, check=False
        )
        return proc.returncode == 0

    def first_parent(self, sha: str) -> str | None:
        return self.rev_parse(f"{sha}^1")

    def blob_at(self, commit: str, path: str) -> bytes | None:
        proc = self.run("cat-file", "blob", "--end-of-options", f"{commit}:{path}", check=False)
        return proc.stdout if proc.returncode == 0 else None

    def blobs_at(self, commit: str, paths: list[str]) -> dict[str, bytes | None]:
        """Many files of one commit in a single `git cat-file --batch`."""
        if not paths:
            return {}
        if not _SHA_PREFIX.fullmatch(commit) or any("\n" in p for p in paths):
            # The batch reads one `commit:path` per line: a path holding a newline (or a
            # commit that is not a SHA) is asked for on its own instead.
            odd = {p for p in paths if "\n" in p or not _SHA_PREFIX.fullmatch(commit)}
            plain = self.blobs_at(commit, [p for p in paths if p not in odd]) if odd else {}
            return {p: self.blob_at(commit, p) if p in odd else plain[p] for p in paths}
        request = "".join(f"{commit}:{p}\n" for p in paths).encode("utf-8", "surrogateescape")
        data = self.run("cat-file", "--batch", input=request).stdout
        out: dict[str, bytes | None] = {}
        pos = 0
        for path in paths:
            end = data.index(b"\n", pos)
            header = data[pos:end].split(b" ")
            pos = end + 1
            if header[-1] == b"missing" or len(header) != 3:
                out[path] = None
                continue
            size = int(header[2])
            out[path] = data[pos : pos + size] if header[1] == b"blob" else None
            pos += size + 1
        return out

    def hash_blob(self, data: bytes) -> str:
        return self.out("hash-object", "-w", "--stdin", input=data)

    def make_commit(self, files: dict[str, bytes], parents: list[str], message: str) -> str:
        """A commit whose tree holds ``files`` (flat names), with the given parents."""
        entries = "".join(
            f"100644 blob {self.hash_blob(data)}\t{name}\n" for name, data in sorted(files.items())
        )
        tree = self.out("mktree", input=entries.encode())
        args = ["commit-tree", tree]
        for parent in parents:
            args += ["-p", parent]
        env_ident = {
            "GIT_AUTHOR_NAME": "pressbot",
            "GIT_AUTHOR_EMAIL": "pressbot@localhost",
            "GIT_COMMITTER_NAME": "pressbot",
            "GIT_COMMITTER_EMAIL": "pressbot@localhost",
        }
        saved = self._env
        self._env = {**saved, **env_ident}
        try:
            return self.out(*args, "-m", message)
        finally:
            self._env = saved

    # -- refs ------------------------------------------------------------------------------
    def update_ref(self, ref: str, new: str, old: str | None) -> bool:
        """Compare-and-swap ``ref`` from ``old`` (None: must not exist) to ``new``."""
        proc = self.run("update-ref", "--end-of-options", ref, new, old or ZERO, check=False)
        return proc.returncode == 0

    def remote_url(self, name: str) -> str | None:
        proc = self.run("remote", "get-url", "--end-of-options", name, check=False)
        return proc.stdout.decode().strip() if proc.returncode == 0 else None

    def ls_remote(self, remote: str, ref: str) -> str | None:
        """The remote's value of ``ref`` (None when absent); GitError when unreachable."""
        text = (
            self.run(
                "ls-remote", "--refs", "--end-of-options", remote, ref,
                timeout=self.network_timeout,
            )
            .stdout.decode("utf-8", "replace")
        )  # fmt: skip
        for line in text.splitlines():
            sha, _, name = line.partition("\t")
            if name == ref:
                return sha
        return None

    def fetch(self, remote: str, refspec: str) -> None:
        self.run(
            "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--end-of-options",
            remote, refspec, timeout=self.network_timeout,
        )  # fmt: skip

    def push_with_lease(self, remote: str, new: str, ref: str, old: str | None) -> bool:
        """Push ``new`` to ``ref`` only if the remote still has ``old``; False when rejected."""
        lease = f"--force-with-lease={ref}:{old or ''}"
        proc = self.run(
            "push",
            "--porcelain",
            "--quiet",
            lease,
            "--end-of-options",
            remote,
            f"{new}:{ref}",
            check=False,
            timeout=self.network_timeout,
        )
        if proc.returncode == 0:
            return True
        text = (proc.stdout + proc.stderr).decode("utf-8", "replace")
        if (
            "stale info" in text
            or "rejected" in text
            or "[rejected]" in text
            or "fetch first" in text
        ):
            return False
        raise GitError(["push", remote, ref], proc.returncode, text)

    # -- history ---------------------------------------------------------------------------
    def changes(self, base: str | None, head: str, pathspecs: list[str]) -> list[Change]:
        """Files changed from ``base`` (None: the empty tree) to ``head``, renames detected."""
        base_ref = base or self.out("hash-object", "-t", "tree", "/dev/null")
        raw = self.run(
            "diff",
            "--name-status",
            "-z",
            "-M",
            "--end-of-options",
            base_ref,
            head,
            "--",
            *pathspecs,
        ).stdout.decode("utf-8", "surrogateescape")
        fields = raw.split("\0")
        out: list[Change] = []
        i = 0
        while i < len(fields) and fields[i]:
            status = fields[i]
            if status[0] in "RC":
                old, new = fields[i + 1], fields[i + 2]
                out.append(
                    Change("R" if status[0] == "R" else "A", new, old if status[0] == "R" else None)
                )
                i += 3
            else:
                out.append(Change(status[0], fields[i + 1]))
                i += 2
        return out

    def last_commits(self, base: str | None, head: str, paths: set[str]) -> dict[str, str]:
        """For each path, the newest commit in ``base..head`` that touched it."""
        rng = f"{base}..{head}" if base else head
        text = self.run(
            "-c",
            "core.quotePath=false",
            "log",
            "--format=%x01%H",
            "--name-only",
            "--no-renames",
            "--end-of-options",
            rng,
            "--",
        ).stdout.decode("utf-8", "surrogateescape")
        found: dict[str, str] = {}
        current = ""
        for line in text.splitlines():
            if line.startswith("\x01"):
                current = line[1:]
            elif line in paths and line not in found:
                found[line] = current
        return found
