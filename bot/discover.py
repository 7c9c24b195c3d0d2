"""Which files are posts: the `_posts` and `_drafts` folders of the site, or what was named."""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.errors import UsageError
from bot.post import POST_EXTENSIONS

if TYPE_CHECKING:
    from bot.site import Site

SKIP_DIRS = {"_site", ".git", "node_modules", "vendor", ".bundle", ".jekyll-cache", ".sass-cache"}

# Jekyll 4 always excludes these, whatever the site's `exclude` adds.
DEFAULT_EXCLUDES = (
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
)


class Excluder:
    """Jekyll's `exclude`/`include` (``EntryFilter#excluded?``): a path is excluded when it
    matches a pattern (fnmatch) or starts with it, unless `include` names it."""

    def __init__(self, jekyll: dict[str, Any]) -> None:
        include = [str(p) for p in jekyll.get("include") or [] if isinstance(p, str)]
        exclude = jekyll.get("exclude")
        extra = [str(p) for p in exclude if isinstance(p, str)] if isinstance(exclude, list) else []
        patterns = [p.lstrip("/") for p in (*DEFAULT_EXCLUDES, *extra) if p not in include]
        # One regex and one prefix test for all patterns: it runs for every file of the site.
        self.prefixes = tuple(patterns)
        regex = "|".join(fnmatch.translate(p) for p in patterns) or r"(?!)"  # (?!): nothing
        self.matches = re.compile(regex).match
        self.folders = {p[:-1] for p in patterns if p.endswith("/")}

    def __call__(self, rel: str, is_dir: bool) -> bool:
        if rel.startswith(self.prefixes) or self.matches(rel) is not None:
            return True
        return is_dir and rel in self.folders


def _hidden(name: str) -> bool:
    # Jekyll's EntryFilter skips names starting with these (and backup files ending in ~).
    return name.startswith((".", "_", "#", "~")) or name.endswith("~")


def _walk_posts(folder: str, rel: str, inside_posts: bool, excluded: Excluder) -> list[str]:
    """Posts under ``folder``. A folder that cannot be listed (no permission, a path too long)
    is returned itself: reading it gives a `file/unreadable` finding, so no post in it is
    skipped unseen. One that vanished meanwhile (a concurrent edit) had nothing to check."""
    found: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return found
    except OSError:
        return [folder]
    for entry in entries:
        name = entry.name
        child = f"{rel}{name}"
        if _is_folder(entry):
            if name in SKIP_DIRS or excluded(child, True):
                continue
            if name in ("_posts", "_drafts"):
                found.extend(_walk_posts(entry.path, child + "/", True, excluded))
            elif not _hidden(name):
                found.extend(_walk_posts(entry.path, child + "/", inside_posts, excluded))
        elif (
            inside_posts
            and not _hidden(name)
            and os.path.splitext(name)[1].lower() in POST_EXTENSIONS
            and not excluded(child, False)
        ):
            found.append(entry.path)
    return found


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """A real folder (a link to one is not walked, as Jekyll does not)."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False  # it cannot even be looked at: reading it as a file reports that


def _in_posts_folder(path: Path) -> bool:
    return bool({"_posts", "_drafts"} & set(path.parts))


def discover(site: Site, paths: list[Path] | None) -> list[Path]:
    """Files to check: under each folder the posts and drafts Jekyll reads; each named file
    itself."""
    return [Path(p) for p in discover_names(site, paths)]


def discover_names(site: Site, paths: list[Path] | None) -> list[str]:
    """`discover`, as sorted absolute path strings (cheaper for a site of many posts)."""
    excluded = Excluder(site.jekyll)
    if not paths:
        return sorted(_walk_posts(str(site.root), "", False, excluded))
    out: list[str] = []
    for path in paths:
        if os.path.isdir(path) and not os.path.islink(path):
            folder = Path(os.path.realpath(path))
            if folder != site.root and site.root not in folder.parents:
                raise UsageError(f"{path}: the folder is outside the site ({site.root})")
            rel = site.relpath(folder)
            prefix = "" if folder == site.root else rel + "/"
            out.extend(_walk_posts(str(path), prefix, _in_posts_folder(folder), excluded))
        elif os.path.lexists(path):
            out.append(str(path))
        else:
            raise UsageError(f"{path}: no such file or folder")
    return sorted(dict.fromkeys(os.path.abspath(p) for p in out))
