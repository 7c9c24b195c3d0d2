"""Where the repository is: the one answer used by site discovery, check, pr and publish."""

from __future__ import annotations

from pathlib import Path


def repo_prefix(folder: Path, top: Path) -> str:
    """``folder``'s path in the repository whose work tree is ``top`` ("" at its top);
    ValueError when it is not in it."""
    rel = folder.resolve().relative_to(top.resolve()).as_posix()
    return "" if rel == "." else rel


def find_root(start: Path) -> Path | None:
    """The top of the Git work tree holding ``start`` (a file or a folder), or None.

    A walk up the folders to the first one holding ``.git`` (a folder, or the file a linked
    work tree or submodule has), as Git's own discovery does. It reads no environment
    (``GIT_DIR``, ``GIT_WORK_TREE``) and starts no process, so finding a site stays cheap
    for commands that never run git; the commands that do open the repository found here.
    """
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None
