"""The one seam to Git (GitPython, imported only by the commands that need it)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bot.errors import UsageError

_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def gitpython() -> Any:
    """GitPython, or a clear error when there is no git for it to run."""
    import os
    import shutil

    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")  # no import-time failure
    import git

    exe = os.environ.get("GIT_PYTHON_GIT_EXECUTABLE") or "git"
    if shutil.which(exe) is None:
        raise UsageError("git is not installed (no `git` on PATH); this needs a Git repository")
    return git


def repo_root(path: Path) -> Path | None:
    git = gitpython()

    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    return Path(repo.working_tree_dir) if repo.working_tree_dir else None


def changed_paths(root: Path, base: str, head: str | None = None) -> list[Path]:
    """Files added, copied, modified or renamed since ``base`` (to ``head``, or the work
    tree and index when ``head`` is None), that still exist; deleted ones are left out."""
    git = gitpython()

    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise UsageError(f"{root}: --changed-since needs a Git repository") from None
    top = Path(repo.working_tree_dir or root)
    refs = [base] if head is None else [base, head]
    commits = [_commit_of(repo, ref, "--changed-since") for ref in refs]
    try:
        out = repo.git.diff("--name-only", "--diff-filter=ACMR", "-z", *commits, "--")
        untracked = "" if head else repo.git.ls_files("--others", "--exclude-standard", "-z")
    except git.GitCommandError as exc:
        stderr = (exc.stderr or "").strip().splitlines()
        detail = stderr[-1].removeprefix("stderr: ").strip("' ") if stderr else str(exc.status)
        raise UsageError(f"git cannot compare with {base!r}: {detail}") from None
    names = [n for n in (out + "\0" + untracked).split("\0") if n]
    return [top / n for n in dict.fromkeys(names)]


def verify_commit(repo: Any, ref: str) -> str | None:
    """The commit ``ref`` names, as a full SHA; None when it names none. The ref is passed
    after ``--end-of-options``: whatever it says, git never reads it as an option."""
    git = gitpython()

    try:
        out = repo.git.rev_parse("--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    except git.GitCommandError:
        return None
    sha = out.strip()
    return sha if _SHA.fullmatch(sha) else None


def _commit_of(repo: Any, ref: str, option: str) -> str:
    sha = verify_commit(repo, ref)
    if sha is None:
        raise UsageError(f"{option} {ref!r}: no such commit in this repository")
    return sha


# -- pull requests (`pressbot pr`) ---------------------------------------------------------------


def merge_base(root: Path, base: str, head: str) -> str | None:
    """The merge base of ``base`` and ``head``; None when either commit is not in the clone
    (a shallow checkout) or they share no history."""
    git = gitpython()

    try:
        repo = git.Repo(root, search_parent_directories=True)
        commits = [verify_commit(repo, ref) for ref in (base, head)]
        if None in commits:
            return None
        return repo.git.merge_base("--end-of-options", *commits).strip() or None
    except (git.GitCommandError, git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
        return None


def pr_diff(
    root: Path,
    base: str,
    head: str,
    wanted: Callable[[str], bool] | None = None,
    pathspecs: tuple[str, ...] = (),
) -> tuple[list[str], dict[str, list[tuple[int, int]]]] | None:
    """What a pull request changes, as GitHub shows it (``base...head``), in one ``git diff``.

    Returns the changed paths (relative to the repository root; deleted files left out) that
    ``wanted`` accepts, and for each the new-side line ranges of its hunks with 3 lines of
    context, as in GitHub's diff: the lines a review comment may be placed on. ``pathspecs``
    limit the diff (e.g. to the posts folders). None when the history needed is not in the
    clone (a shallow checkout), so the caller asks GitHub instead.
    """
    git = gitpython()

    mb = merge_base(root, base, head)
    if mb is None:
        return None
    try:
        repo = git.Repo(root, search_parent_directories=True)
        head_sha = verify_commit(repo, head)
        if head_sha is None:
            return None
        out = repo.git(c="core.quotePath=false").diff(
            *_DIFF_OPTIONS, mb, head_sha, "--", *pathspecs
        )
    except git.GitCommandError:
        return None
    names, patch = _raw_names(out)
    paths = [n for n in names if wanted is None or wanted(n)]
    found = parse_hunks(patch)
    return paths, {p: found.get(p, []) for p in paths}


# Every option that shapes the output is spelled out, so that no setting of the repository or of
# the user (diff.noprefix, diff.interHunkContext, diff.algorithm, diff.renames, diff.external, a
# textconv driver named by a contributor's .gitattributes, color.ui...) changes the names or the
# hunks, which must be GitHub's: those of Git's defaults. Names come NUL-terminated from --raw -z,
# exactly as Git stores them.
_DIFF_OPTIONS = (
    "--raw", "-z", "-p", "-U3", "--inter-hunk-context=0", "--find-renames",
    "--diff-algorithm=myers", "--indent-heuristic",
    "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative",
    "--src-prefix=a/", "--dst-prefix=b/", "--diff-filter=ACMRT", "--end-of-options",
)  # fmt: skip


def _raw_names(out: str) -> tuple[list[str], str]:
    """The new-side names of ``--raw -z`` records (``:meta NUL path NUL``, or ``:meta NUL from
    NUL to NUL`` for a rename or copy) and the patch text that follows them."""
    names: list[str] = []
    pos = 0
    while out.startswith(":", pos):
        end = out.find("\0", pos)
        if end < 0:
            break
        status = out[pos:end].rsplit(" ", 1)[-1]
        pos = end + 1
        for _ in range(2 if status[:1] in ("R", "C") else 1):
            end = out.find("\0", pos)
            if end < 0:
                end = len(out)
            name, pos = out[pos:end], end + 1
        names.append(name)
    return list(dict.fromkeys(names)), out[pos:].removeprefix("\0")


def parse_hunks(patch: str) -> dict[str, list[tuple[int, int]]]:
    """New-side ``(first, last)`` line ranges of each hunk, by file, from a unified diff.

    Works on ``git diff`` output (``+++ b/path`` headers) and on one file's ``patch`` from
    GitHub's PR files API (no headers: the ranges go under the key ``""``). The hunks of each
    file are read by `bot.pr.hunks`, which counts each hunk's lines from its header: a post line
    that looks like a header (``+++ x``, ``@@ -1 +1,400 @@``) is content.
    """
    from bot.pr.hunks import new_side_ranges

    out: dict[str, list[tuple[int, int]]] = {}
    for name, hunks in _file_patches(patch):
        ranges = new_side_ranges(hunks)
        if name is not None and ranges:
            out.setdefault(name, []).extend(ranges)
    return out


def _file_patches(patch: str) -> Iterator[tuple[str | None, str]]:
    """Each file's name (None for a deleted file, or one without a ``+++`` line) and its hunks.

    A file's part starts at a ``diff `` line, which no content line can be (each starts with
    `` ``, ``+``, ``-`` or ``\\``, or is empty), so a hunk whose count lies cannot swallow the
    next file. Its headers are the lines before its first ``@@`` line; lines are split on
    ``\\n`` only, as Git writes them (never on U+2028, ``\\r``, ``\\x85``...).
    """
    lines = patch.split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("diff ")]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    for first, stop in zip(starts, [*starts[1:], len(lines)], strict=True):
        name: str | None = "" if first == 0 and not lines[0].startswith("diff ") else None
        i = first
        while i < stop and not lines[i].startswith("@@"):
            if lines[i].startswith("+++ "):
                name = _new_name(lines[i][4:])
            i += 1
        yield name, "\n".join(lines[i:stop])


def _new_name(field: str) -> str | None:
    """The path of a ``+++ `` header: Git ends a name holding a space with a tab, quotes one
    with a tab (or a quote, backslash or control character), and writes ``/dev/null`` for a
    deleted file."""
    name = _unquote(field.removesuffix("\t"))
    if name == "/dev/null":
        return None
    return name.removeprefix("b/")


_C_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def _unquote(name: str) -> str:
    """Undo Git's C-style quoting of a path (``"b/caf\\303\\251.md"``)."""
    if not (len(name) >= 2 and name[0] == name[-1] == '"'):
        return name
    raw = name[1:-1]
    out = bytearray()
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw):
            nxt = raw[i + 1]
            digits = raw[i + 1 : i + 4]
            if len(digits) == 3 and all(c in "01234567" for c in digits):
                out.append(int(digits, 8) & 0xFF)
                i += 4
                continue
            out.append(_C_ESCAPES.get(nxt, ord(nxt)))
            i += 2
            continue
        out.extend(ch.encode("utf-8", "surrogateescape"))
        i += 1
    return out.decode("utf-8", "surrogateescape")


def ls_files_z(root: Path, pathspecs: tuple[str, ...] = ()) -> bytes | None:
    """``git ls-files -z`` as raw bytes: the paths in the index, relative to the repository
    root and NUL-separated. Reads the index, not the disk; None outside a Git work tree."""
    git = gitpython()

    try:
        repo = git.Repo(root, search_parent_directories=True)
        listed: bytes = repo.git.ls_files("-z", "--", *pathspecs, stdout_as_string=False)
        return listed
    except (git.GitCommandError, git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
