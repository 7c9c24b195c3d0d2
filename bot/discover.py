"""Which files are posts: the `_posts` and `_drafts` folders of the site, or what was named."""

from __future__ import annotations

import os
from pathlib import Path

from bot.errors import UsageError
from bot.post import POST_EXTENSIONS

SKIP_DIRS = {"_site", ".git", "node_modules", "vendor", ".bundle", ".jekyll-cache", ".sass-cache"}


def _hidden(name: str) -> bool:
    # Jekyll's EntryFilter skips names starting with these (and backup files ending in ~).
    return name.startswith((".", "_", "#", "~")) or name.endswith("~")


def _walk_posts(folder: str, inside_posts: bool) -> list[str]:
    found: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found
    for entry in entries:
        name = entry.name
        if entry.is_dir(follow_symlinks=False):
            if name in SKIP_DIRS:
                continue
            if name in ("_posts", "_drafts"):
                found.extend(_walk_posts(entry.path, True))
            elif not name.startswith(".") and (inside_posts or not name.startswith("_")):
                found.extend(_walk_posts(entry.path, inside_posts))
        elif (
            inside_posts
            and not _hidden(name)
            and os.path.splitext(name)[1].lower() in POST_EXTENSIONS
        ):
            found.append(entry.path)
    return found


def _in_posts_folder(path: Path) -> bool:
    return bool({"_posts", "_drafts"} & set(path.parts))


def discover(root: Path, paths: list[Path] | None) -> list[Path]:
    """Files to check: under each folder its posts and drafts; each named file itself."""
    return [Path(p) for p in discover_names(root, paths)]


def discover_names(root: Path, paths: list[Path] | None) -> list[str]:
    """`discover`, as sorted absolute path strings (cheaper for a site of many posts)."""
    if not paths:
        return sorted(_walk_posts(str(root), False))
    out: list[str] = []
    for path in paths:
        if os.path.isdir(path) and not os.path.islink(path):
            out.extend(_walk_posts(str(path), _in_posts_folder(path.resolve())))
        elif os.path.lexists(path):
            out.append(str(path))
        else:
            raise UsageError(f"{path}: no such file or folder")
    return sorted(dict.fromkeys(os.path.abspath(p) for p in out))
