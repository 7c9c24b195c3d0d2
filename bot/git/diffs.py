"""What changed, for `check --changed-since` and `pr`: the paths since a commit, a pull
request's diff and hunks, the paths in the index. Each opens the repository holding the
given folder through `Git`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from bot.errors import UsageError
from bot.git.hunks import parse_hunks, raw_names
from bot.git.policy import GitError, NoRepository
from bot.git.repo import Git


def changed_paths(root: Path, base: str, head: str | None = None) -> list[Path]:
    """Files added, copied, modified or renamed since ``base`` (to ``head``, or the work
    tree and index when ``head`` is None), that still exist; deleted ones are left out."""
    try:
        repo = Git.at(root)
    except NoRepository:
        raise UsageError(f"{root}: --changed-since needs a Git repository") from None
    commits = [repo.rev_parse(ref) for ref in ([base] if head is None else [base, head])]
    for ref, sha in zip([base, head], commits, strict=False):
        if sha is None:
            raise UsageError(f"--changed-since {ref!r}: no such commit in this repository")
    try:
        names = repo.changed_names(str(commits[0]), commits[1] if head is not None else None)
    except GitError as exc:
        lines = exc.stderr.strip().splitlines()
        detail = lines[-1].strip() if lines else str(exc.code)
        raise UsageError(f"git cannot compare with {base!r}: {detail}") from None
    return [repo.root / n for n in names]


def merge_base(root: Path, base: str, head: str) -> str | None:
    """The merge base of ``base`` and ``head``; None when either commit is not in the clone
    (a shallow checkout), they share no history, or ``root`` is in no repository."""
    repo = _repo(root)
    return repo.merge_base(base, head) if repo else None


class ReviewDiff(NamedTuple):
    """What a pull request changes: see `pr_diff`."""

    paths: list[str]
    hunks: dict[str, list[tuple[int, int]]]
    gone: list[str]


def pr_diff(
    root: Path,
    base: str,
    head: str,
    wanted: Callable[[str], bool] | None = None,
    pathspecs: tuple[str, ...] = (),
) -> ReviewDiff | None:
    """What a pull request changes, as GitHub shows it (``base...head``), in one ``git diff``.

    Returns the changed paths (relative to the repository root; deleted files left out) that
    ``wanted`` accepts, and for each the new-side line ranges of its hunks with 3 lines of
    context, as in GitHub's diff: the lines a review comment may be placed on; and the paths
    ``wanted`` accepts that are gone (deleted, or the old name of a renamed file).
    ``pathspecs`` limit the diff (e.g. to the posts folders). None when the history needed
    is not in the clone (a shallow checkout), so the caller asks GitHub instead.
    """
    repo = _repo(root)
    out = repo.review_diff(base, head, pathspecs) if repo else None
    if out is None:
        return None
    names, gone, patch = raw_names(out)
    paths = [n for n in names if wanted is None or wanted(n)]
    found = parse_hunks(patch)
    return ReviewDiff(
        paths,
        {p: found.get(p, []) for p in paths},
        [n for n in gone if wanted is None or wanted(n)],
    )


def ls_files_z(root: Path, pathspecs: tuple[str, ...] = ()) -> bytes | None:
    """``git ls-files -z`` as raw bytes: the paths in the index, relative to the repository
    root and NUL-separated. Reads the index, not the disk; None outside a Git work tree."""
    repo = _repo(root)
    if repo is None:
        return None
    try:
        return repo.ls_files_z(pathspecs)
    except GitError:
        return None


def _repo(root: Path) -> Git | None:
    """The repository holding ``root``; None when there is none (a missing git still says so)."""
    try:
        return Git.at(root)
    except NoRepository:
        return None
