"""A check that found no posts at all: why, most likely, and what to do.

A check that checks nothing passes whatever is wrong, so `check` of a whole site and the
pull-request check stop with exit 2 when the site has no post, naming the
site root pressbot chose and why, and the folders below it that do hold posts. A site that is
empty on purpose says `--allow-empty`. When only the paths given are not posts (pre-commit
naming staged files, a folder named, `--changed-since` finding no changed post), that is
normal: one note, exit 0.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from bot.discover import SKIP_DIRS
from bot.errors import UsageError

if TYPE_CHECKING:
    from bot.site import Site

POSTS_FOLDERS = ("_posts", "_drafts")
MAX_FOLDERS = 2000
"""Folders looked at when searching for posts elsewhere (a huge tree is not walked)."""
MAX_DEPTH = 4


def why_this_root(site: Site, given: Path | None) -> str:
    """Why pressbot took ``site.root`` as the site root."""
    from bot.git.root import find_root

    root = site.root
    if given is not None:
        return "as given by --site"
    if (root / "_config.yml").is_file():
        return "the nearest folder with a _config.yml"
    if any((root / name).is_file() for name in (".pressbot.yml", ".pressbot.yaml")):
        return "the nearest folder with a .pressbot.yml"
    if find_root(root) == root:
        return "the Git work tree's root (no _config.yml found on the way)"
    return "the folder of the paths given (no _config.yml, not in a Git work tree)"


def posts_elsewhere(root: Path) -> list[str]:
    """Folders below ``root`` (relative), or above it, that hold a `_posts` folder."""
    found: list[str] = []
    for parent in (root, *root.parents):
        if parent.name in POSTS_FOLDERS:
            return [str(parent.parent)]
    queue: list[tuple[Path, int]] = [(root, 0)]
    seen = 0
    while queue and seen < MAX_FOLDERS and len(found) < 3:
        folder, depth = queue.pop(0)
        seen += 1
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            try:
                if not entry.is_dir(follow_symlinks=False):
                    continue
            except OSError:
                continue
            if entry.name == "_posts" and folder != root:
                found.append(Path(folder).relative_to(root).as_posix())
            elif (
                depth + 1 < MAX_DEPTH
                and not entry.name.startswith((".", "_"))
                and entry.name not in SKIP_DIRS
            ):
                queue.append((Path(entry.path), depth + 1))
    return found


def cause(site: Site, given: Path | None) -> str:
    """The likely cause of an empty check, in one line."""
    root = site.root
    parts = [f"the site root is {_shown_folder(root)}, {why_this_root(site, given)}"]
    if site.is_hugo:
        dirs = list(dict.fromkeys(lang.content_dir for lang in site.hugo.config.languages))
        top = f"{root}{os.sep}"
        real = {folder: os.path.realpath(root / folder) for folder in dirs}
        inside = [f for f in dirs if real[f] == str(root) or real[f].startswith(top)]
        outside = [f for f in dirs if f not in inside]
        if inside:
            shown = " and ".join(f"{folder}/" for folder in inside)
            parts.append(f"it is a Hugo site whose {shown} holds no regular page")
        if outside:
            shown = ", ".join(outside)
            parts.append(f"its contentDir {shown} is outside the site: pressbot does not read it")
        return "; ".join(parts)
    folders = [name for name in POSTS_FOLDERS if (root / name).is_dir()]
    if not folders:
        parts.append("it has no _posts/ folder")
    else:
        parts.append(
            f"its {' and '.join(f + '/' for f in folders)} hold no post named YYYY-MM-DD-slug.md"
        )
    elsewhere = posts_elsewhere(root)
    if elsewhere:
        parts.append("posts are under " + ", ".join(elsewhere) + f": try --site {elsewhere[0]}")
    return "; ".join(parts)


def _shown_folder(folder: Path) -> str:
    """``folder`` relative to the current folder when inside it (short, as the user typed it),
    else in full."""
    try:
        rel = folder.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (OSError, ValueError):
        return str(folder)
    return "the current folder" if rel == "." else rel


def refuse(site: Site, given: Path | None) -> UsageError:
    """The exit-2 error of a check that found no posts at all."""
    return UsageError(
        "no posts to check, so nothing was checked (give --site DIR for the site's folder, or "
        f"--allow-empty for a site that has no posts yet): {cause(site, given)}"
    )


def note_not_posts(paths: list[Path], site: Site | None = None) -> str:
    """The note for paths given that hold no post (exit 0)."""
    from bot.render.terminal import clean

    if len(paths) == 1:
        what = f"{clean(str(paths[0]), 300)} is not a post"
        if paths[0].is_dir():
            what = f"{clean(str(paths[0]), 300)} holds no post"
    else:
        what = f"none of the {len(paths)} paths given is or holds a post"
    posts = "YYYY-MM-DD-slug files under _posts/ or _drafts/"
    if site is not None and site.is_hugo:
        posts = "the regular pages of the Hugo site's content folder"
    return f"pressbot: {what} (posts are {posts}); nothing checked\n"
