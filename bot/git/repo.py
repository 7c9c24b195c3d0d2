"""`Git`: one repository, opened with GitPython, and everything pressbot asks of it.

Every git is started by GitPython (`git.Git.execute`, which builds its environment) in a
session of its own, and waited for here: GitPython's own ``kill_after_timeout`` ends git and
its helpers when the time runs out, but not on Ctrl-C or SIGTERM, where git goes on waiting
on a silent remote and the interpreter cannot exit before GitPython's watchdog fires
(measured: interrupted after 1 s with a 20 s timeout, the connection stayed open and the
process ended after 21 s). The one exception is the search of many files that a check
starts before GitPython is even imported (`bot.git.search.start_search`). Blob reads go
through GitPython's persistent ``git cat-file --batch`` process, started once per
repository. Every git gets the environment and settings of `bot.git.policy`.
"""

from __future__ import annotations

import functools
import re
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import UsageError
from bot.git.policy import (
    LOCAL_TIMEOUT,
    OVERRIDES,
    SETTING_ARGS,
    GitError,
    NoRepository,
    PushRefused,
    end_process,
    executable,
    gitpython,
    network_timeout,
    no_answer,
    terminate_as_exit,
)
from bot.git.root import find_root

ZERO = "0" * 40
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_SHA_PREFIX = re.compile(r"[0-9a-f]{4,64}")
_IDENTITY = {
    "GIT_AUTHOR_NAME": "pressbot",
    "GIT_AUTHOR_EMAIL": "pressbot@localhost",
    "GIT_COMMITTER_NAME": "pressbot",
    "GIT_COMMITTER_EMAIL": "pressbot@localhost",
}


@dataclass(frozen=True)
class Change:
    """One post-level change between two commits, as `git diff --name-status -M` reports it."""

    status: str  # A, M, D, R (renamed; ``old_path`` set), T
    path: str
    old_path: str | None = None


class Git:
    """The Git repository whose work tree is ``root`` (a folder holding ``.git``)."""

    def __init__(self, root: Path) -> None:
        git = gitpython()
        try:
            self.repo: Any = git.Repo(root)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError, OSError, ValueError):
            raise NoRepository(f"{root}: not inside a Git work tree") from None
        self.root = root
        self.repo.git.update_environment(**OVERRIDES)
        self.repo.git.set_persistent_git_options(c=[arg for arg in SETTING_ARGS if arg != "-c"])
        self._reader = threading.Lock()  # one persistent cat-file: one request at a time

    @functools.cached_property
    def network_timeout(self) -> float:
        """Read when a remote is first asked: a bad setting stops only what talks to one."""
        return network_timeout()

    @classmethod
    def at(cls, start: Path) -> Git:
        """The repository holding ``start``; NoRepository when there is none."""
        top = find_root(start)
        if top is None:
            gitpython()  # no git at all says so first
            raise NoRepository(f"{start}: not inside a Git work tree")
        return cls(top)

    def close(self) -> None:
        """End the persistent ``cat-file`` processes (they also end with pressbot)."""
        self.repo.close()

    # -- running -----------------------------------------------------------------------------
    def run(
        self,
        *args: str,
        input: bytes | None = None,
        check: bool = True,
        timeout: float = LOCAL_TIMEOUT,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        """``git ARGS``, started by GitPython in a session of its own, bounded by ``timeout``
        and ended with every helper it started on a timeout, Ctrl-C or SIGTERM."""
        command = [executable(), *SETTING_ARGS, *args]
        try:
            started = self.repo.git.execute(
                command,
                as_process=True,
                istream=subprocess.PIPE if input is not None else None,
                env=env,
                start_new_session=True,
            )
        except OSError as exc:  # GitPython's GitCommandNotFound is one
            raise UsageError(f"{self.root}: cannot run git there ({exc})") from None
        proc: subprocess.Popen[bytes] = started.proc
        try:
            with terminate_as_exit():
                out, err = proc.communicate(input, timeout=timeout)
        except subprocess.TimeoutExpired:
            end_process(proc)
            raise no_answer(list(args), timeout) from None
        except BaseException:
            end_process(proc)  # Ctrl-C or SIGTERM: git and its helpers go too
            raise
        done = subprocess.CompletedProcess(command, proc.returncode, out, err)
        if check and done.returncode != 0:
            raise self.error(list(args), done)
        return done

    def error(self, args: list[str], done: subprocess.CompletedProcess[bytes]) -> GitError:
        """The `GitError` of a git that failed here (it can look at this repository's disk)."""
        stderr = (done.stderr or b"").decode("utf-8", "replace")
        return GitError(args, done.returncode, stderr, git_dir=str(self.repo.common_dir))

    def out(self, *args: str, input: bytes | None = None) -> str:
        return self.run(*args, input=input).stdout.decode("utf-8", "replace").strip()

    # -- objects -----------------------------------------------------------------------------
    def rev_parse(self, rev: str) -> str | None:
        """The commit ``rev`` names, as a full SHA; None when it names none."""
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

    def merge_base(self, base: str, head: str) -> str | None:
        """The merge base of two commits; None when either is not in the clone (a shallow
        checkout) or they share no history."""
        commits = [self.rev_parse(ref) for ref in (base, head)]
        if None in commits:
            return None
        proc = self.run("merge-base", "--end-of-options", *map(str, commits), check=False)
        sha = proc.stdout.decode("ascii", "replace").strip()
        return sha if proc.returncode == 0 and _SHA.fullmatch(sha) else None

    def blob_at(self, commit: str, path: str) -> bytes | None:
        proc = self.run("cat-file", "blob", "--end-of-options", f"{commit}:{path}", check=False)
        return proc.stdout if proc.returncode == 0 else None

    def blobs_at(self, commit: str, paths: list[str]) -> dict[str, bytes | None]:
        """Many files of one commit: one ``git ls-tree`` of their folders names their blobs,
        which GitPython's persistent ``cat-file --batch`` then reads by object name.

        Asking the reader for ``commit:path`` instead makes git search the folder's tree for
        each path, which grows with the square of the posts in one folder (17 s for 5,000
        posts; this way takes a fraction of a second: see ``bench/git_bench.py``). Names come
        NUL-terminated, so a path holding a newline or bytes that are not UTF-8 is read
        like any other.
        """
        if not paths:
            return {}
        blobs = self._blob_names(commit, paths)
        out: dict[str, bytes | None] = {}
        with self._reader:
            for path in paths:
                sha = blobs.get(path)
                out[path] = self._read_blob(sha) if sha else None
        return out

    def _blob_names(self, commit: str, paths: list[str]) -> dict[str, str]:
        """The object name of each of ``paths`` that is a file (a blob) in ``commit``."""
        folders = sorted({path.rpartition("/")[0] for path in paths})
        # ls-tree takes no "--": after --end-of-options every argument is a tree or a path.
        specs = [] if "" in folders else [f":(literal){folder}/" for folder in folders]
        proc = self.run(
            "ls-tree", "-r", "-z", "--full-tree", "--end-of-options", commit, *specs,
            check=False,
        )  # fmt: skip
        if proc.returncode != 0:
            return {}  # no such commit: every path is missing from it
        wanted = set(paths)
        found: dict[str, str] = {}
        for entry in proc.stdout.split(b"\0"):
            meta, _, raw_name = entry.partition(b"\t")
            name = raw_name.decode("utf-8", "surrogateescape")
            fields = meta.split(b" ")
            if name in wanted and len(fields) == 3 and fields[1] == b"blob":
                found[name] = fields[2].decode("ascii")
        return found

    def _read_blob(self, sha: str) -> bytes | None:
        try:
            _sha, kind, _size, data = self.repo.git.get_object_data(sha)
        except ValueError as exc:
            if "could not be resolved" in str(exc):  # "missing": nothing follows the header
                return None
            self.repo.git.clear_cache()  # the reader is out of step or gone: start anew
            raise GitError(["cat-file", "--batch"], -1, str(exc)) from None
        return bytes(data) if kind in (b"blob", "blob") else None  # bytes in GitPython 3

    def hash_blob(self, data: bytes) -> str:
        return self.out("hash-object", "-w", "--stdin", input=data)

    def make_commit(self, files: dict[str, bytes], parents: list[str], message: str) -> str:
        """A commit whose tree holds ``files`` (flat names), with the given parents."""
        entries = "".join(
            f"100644 blob {self.hash_blob(data)}\t{name}\n" for name, data in sorted(files.items())
        )
        tree = self.out("mktree", input=entries.encode())
        args = ["commit-tree", "--no-gpg-sign", tree]
        for parent in parents:
            args += ["-p", parent]
        done = self.run(*args, "-m", message, env=_IDENTITY)
        return done.stdout.decode("utf-8", "replace").strip()

    # -- refs --------------------------------------------------------------------------------
    def update_ref(self, ref: str, new: str, old: str | None) -> bool:
        """Compare-and-swap ``ref`` from ``old`` (None: must not exist) to ``new``: False
        when another writer moved it first, a `GitError` when it still holds ``old`` and could
        not be written (a full disk, a lock file left by a killed git)."""
        args = ["update-ref", "--end-of-options", ref, new, old or ZERO]
        proc = self.run(*args, check=False)
        if proc.returncode == 0:
            return True
        if self.ref_value(ref) != old:
            return False
        raise self.error(args, proc)

    def remote_url(self, name: str) -> str | None:
        proc = self.run("remote", "get-url", "--end-of-options", name, check=False)
        return proc.stdout.decode().strip() if proc.returncode == 0 else None

    def ls_remote(self, remote: str, ref: str) -> str | None:
        """The remote's value of ``ref`` (None when absent); GitError when unreachable."""
        text = self.run(
            "ls-remote", "--refs", "--end-of-options", remote, ref, timeout=self.network_timeout
        )
        for line in text.stdout.decode("utf-8", "replace").splitlines():
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
        """Push ``new`` to ``ref`` only if the remote still has ``old``.

        False when another writer moved the ref first: git's own check of the lease
        (``[rejected] (stale info)``), or the remote's refusal of a ref that no longer holds
        ``old`` (``[remote rejected] (cannot lock ref ...)``, two pushes at once). A refusal
        of a ref that still holds ``old`` (a pre-receive hook, a protected ref, a ruleset) is
        a `PushRefused` with the remote's reason; any other failure a `GitError`.
        """
        lease = f"--force-with-lease={ref}:{old or ''}"
        proc = self.run(
            "push", "--porcelain", "--quiet", lease, "--end-of-options", remote, f"{new}:{ref}",
            check=False, timeout=self.network_timeout,
        )  # fmt: skip
        if proc.returncode == 0:
            return True
        stderr = proc.stderr.decode("utf-8", "replace")
        status = _push_status(proc.stdout.decode("utf-8", "replace"), ref)
        if status is None:
            raise GitError(["push", remote, ref], proc.returncode, stderr)
        kind, reason = status
        if kind == "rejected":  # git's own check: the remote's ref is not what we leased
            return False
        if kind.startswith("remote ") and self.ls_remote(remote, ref) == old:
            raise PushRefused(["push", remote, ref], proc.returncode, stderr, reason)
        if kind.startswith("remote "):
            return False  # it moved meanwhile: the remote saw the race before git could
        raise GitError(["push", remote, ref], proc.returncode, f"[{kind}] ({reason}) {stderr}")

    # -- history and changes -----------------------------------------------------------------
    def changes(self, base: str | None, head: str, pathspecs: list[str]) -> list[Change]:
        """Files changed from ``base`` (None: the empty tree) to ``head``, renames detected."""
        base_ref = base or self.out("hash-object", "-t", "tree", "/dev/null")
        raw = self.run(
            "diff", "--name-status", "-z", "-M", "--no-ext-diff", "--no-textconv",
            "--end-of-options", base_ref, head, "--", *pathspecs,
        ).stdout.decode("utf-8", "surrogateescape")  # fmt: skip
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
            "log", "--format=%x01%H", "--name-only", "--no-renames", "--end-of-options", rng, "--"
        ).stdout.decode("utf-8", "surrogateescape")
        found: dict[str, str] = {}
        current = ""
        for line in text.splitlines():
            if line.startswith("\x01"):
                current = line[1:]
            elif line in paths and line not in found:
                found[line] = current
        return found

    def changed_names(self, base: str, head: str | None) -> list[str]:
        """Paths added, copied, modified or renamed from commit ``base`` to commit ``head``
        (None: the work tree and index, and the untracked files not ignored)."""
        commits = [base] if head is None else [base, head]
        out = self.run(
            "diff", "--name-only", "--diff-filter=ACMR", "-z", "--no-ext-diff", "--no-textconv",
            "--end-of-options", *commits, "--",
        ).stdout  # fmt: skip
        if head is None:
            out += b"\0" + self.run("ls-files", "--others", "--exclude-standard", "-z").stdout
        names = out.decode("utf-8", "surrogateescape").split("\0")
        return list(dict.fromkeys(n for n in names if n))

    def review_diff(self, base: str, head: str, pathspecs: tuple[str, ...]) -> str | None:
        """``git diff --raw -z -p`` of ``base`` to ``head`` as GitHub shows a pull request;
        None when either commit is not in the clone."""
        mb = self.merge_base(base, head)
        head_sha = self.rev_parse(head)
        if mb is None or head_sha is None:
            return None
        proc = self.run("diff", *REVIEW_DIFF_OPTIONS, mb, head_sha, "--", *pathspecs, check=False)
        if proc.returncode != 0:
            return None
        return proc.stdout.decode("utf-8", "surrogateescape")

    def ls_files_z(self, pathspecs: tuple[str, ...] = ()) -> bytes:
        """``git ls-files -z``: the paths in the index, NUL-separated, as Git stores them."""
        return self.run("ls-files", "-z", "--", *pathspecs).stdout


def _push_status(porcelain: str, ref: str) -> tuple[str, str] | None:
    """The summary and reason ``git push --porcelain`` gives for a rejected ``ref``:
    ``("remote rejected", "pre-receive hook declined")`` from
    ``!<TAB>SRC:REF<TAB>[remote rejected] (pre-receive hook declined)``; None when it
    names no rejection of ``ref`` (the push never reached the remote)."""
    for line in porcelain.splitlines():
        fields = line.split("\t")
        if len(fields) != 3 or fields[0] != "!" or not fields[1].endswith(f":{ref}"):
            continue
        found = _PUSH_SUMMARY.fullmatch(fields[2].strip())
        if found:
            return found.group("kind"), found.group("reason") or ""
    return None


_PUSH_SUMMARY = re.compile(r"\[(?P<kind>[^\]]+)\](?: \((?P<reason>.*)\))?")


# Every option that shapes the output is spelled out, so that no setting of the repository or of
# the user (diff.noprefix, diff.interHunkContext, diff.algorithm, diff.renames, diff.external, a
# textconv driver named by a contributor's .gitattributes, color.ui...) changes the names or the
# hunks, which must be GitHub's: those of Git's defaults. Names come NUL-terminated from --raw -z,
# exactly as Git stores them. Deleted files are named (a pull request's check asks which posts it
# removes), without their text (--irreversible-delete).
REVIEW_DIFF_OPTIONS = (
    "--raw", "-z", "-p", "-U3", "--inter-hunk-context=0", "--find-renames",
    "--diff-algorithm=myers", "--indent-heuristic",
    "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative",
    "--src-prefix=a/", "--dst-prefix=b/", "--diff-filter=ACMRTD", "--irreversible-delete",
    "--end-of-options",
)  # fmt: skip
