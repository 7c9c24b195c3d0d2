"""The one seam to Git (GitPython, imported only by the commands that need it)."""

from __future__ import annotations

from pathlib import Path

from bot.errors import UsageError


def repo_root(path: Path) -> Path | None:
    import git

    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    return Path(repo.working_tree_dir) if repo.working_tree_dir else None


def changed_paths(root: Path, base: str, head: str | None = None) -> list[Path]:
    """Files added, copied, modified or renamed since ``base`` (to ``head``, or the work
    tree and index when ``head`` is None), that still exist; deleted ones are left out."""
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise UsageError(f"{root}: --changed-since needs a Git repository") from None
    top = Path(repo.working_tree_dir or root)
    try:
        args = ["--name-only", "--diff-filter=ACMR", "-z", base]
        if head:
            args.append(head)
        out = repo.git.diff(*args)
        untracked = "" if head else repo.git.ls_files("--others", "--exclude-standard", "-z")
    except git.GitCommandError as exc:
        stderr = (exc.stderr or "").strip().splitlines()
        detail = stderr[-1].removeprefix("stderr: ").strip("' ") if stderr else str(exc.status)
        raise UsageError(f"git cannot compare with {base!r}: {detail}") from None
    names = [n for n in (out + "\0" + untracked).split("\0") if n]
    return [top / n for n in dict.fromkeys(names)]
