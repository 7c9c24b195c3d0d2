"""Which files are posts: the `_posts` and `_drafts` folders of the site, or what was named."""

from __future__ import annotations

import os
import re
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.errors import UsageError
from bot.post import POST_EXTENSIONS
from bot.ruby_glob import fnmatch_any

if TYPE_CHECKING:
    from bot.site import Site

SKIP_DIRS = {"_site", ".git", "node_modules", ".bundle", ".jekyll-cache", ".sass-cache"}
"""Folders never walked, wherever they are. Not `vendor`: Jekyll leaves out only its
`vendor/bundle/`, `vendor/cache/`, `vendor/gems/` and `vendor/ruby/` (`DEFAULT_EXCLUDES`),
and reads the posts of `vendor/_posts` or `vendor/acme/_posts`."""

# Jekyll 4 always excludes these, whatever the site's `exclude` adds (its own list is
# added to them, not put in their place), unless `include` names one.
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
    matches a pattern (Ruby's `File.fnmatch?`, where `[^a]` is a negated class) or starts
    with it, unless `include` names it."""

    def __init__(self, jekyll: dict[str, Any]) -> None:
        found = jekyll.get("include")
        include = [str(p) for p in found if isinstance(p, str)] if isinstance(found, list) else []
        self.include = tuple(p.lstrip("/") for p in include)
        self.included_match = fnmatch_any(self.include)
        exclude = jekyll.get("exclude")
        extra = [str(p) for p in exclude if isinstance(p, str)] if isinstance(exclude, list) else []
        patterns = [p.lstrip("/") for p in (*DEFAULT_EXCLUDES, *extra) if p not in include]
        # One regex and one prefix test for all patterns: it runs for every file of the site.
        self.prefixes = tuple(patterns)
        self.matches = fnmatch_any(patterns)
        self.folders = {p[:-1] for p in patterns if p.endswith("/")}

    def included(self, entry: str) -> bool:
        """Jekyll's `EntryFilter#included?`: the entry (as Jekyll lists it, relative to the
        folder being read) or its name matches an `include` pattern, or starts with one."""
        name = entry.rsplit("/", 1)[-1]
        return any(
            self.included_match(text) or text.startswith(self.include)
            for text in (entry, name)
            if self.include
        )

    def __call__(self, rel: str, is_dir: bool) -> bool:
        if rel.startswith(self.prefixes) or self.matches(rel):
            return True
        return is_dir and rel in self.folders


_POST_NAME = re.compile(r"^\d{2,4}-\d{1,2}-\d{1,2}-.*\.[^.]+$", re.DOTALL)
"""Jekyll's `DATE_FILENAME_MATCHER`, for one file name."""

_NOT_TEXT = (
    ".png .jpg .jpeg .gif .webp .avif .bmp .ico .tif .tiff .heic .svgz .pdf .zip .gz .tgz "
    ".bz2 .xz .7z .rar .mp3 .mp4 .m4a .mov .avi .webm .ogg .wav .flac .woff .woff2 .ttf "
    ".otf .eot .psd .ai .exe .dll .so .bin"
)
NOT_TEXT_EXTENSIONS = frozenset(_NOT_TEXT.split())
"""Files Jekyll reads from `_posts` and then skips (their content is not valid UTF-8)."""


YAML_EXTENSIONS = (".yml", ".yaml")
"""Jekyll's `Document#yaml_file?` (letter case as written): such a file in `_posts` or
`_drafts` is read as data, never a post."""


def is_post_file(name: str) -> bool:
    """A file in `_posts`/`_drafts` that pressbot reads as a post: Markdown or HTML, or any
    text file with a dated name (Jekyll makes `2024-01-02-notes.txt` a post too) but YAML."""
    ext = os.path.splitext(name)[1]
    if ext in YAML_EXTENSIONS:
        return False
    ext = ext.lower()
    if ext in POST_EXTENSIONS:
        return True
    return ext not in NOT_TEXT_EXTENSIONS and _POST_NAME.match(name) is not None


def _in_drafts(rel: str) -> bool:
    """The first `_posts` or `_drafts` folder of ``rel`` is a `_drafts`."""
    for part in rel.split("/")[:-1]:
        if part in ("_posts", "_drafts"):
            return part == "_drafts"
    return False


_SPECIAL = (".", "_", "#", "~")


def _jekyll_reads(walk: _Walk, child: str, name: str) -> bool:
    """Whether Jekyll reads the file ``child`` (site-relative) found in a posts folder: it
    lists the folder's files with `Dir["**/*"]` (no dot folders) and filters each path, as
    written from that folder, with `EntryFilter#filter`: a path or name starting with `_`,
    `.`, `#` or `~`, or ending in `.` or `~`, is skipped unless `include` names it, and an
    excluded one is skipped."""
    parts = child.split("/")
    at = next((i for i, p in enumerate(parts) if p in ("_posts", "_drafts")), -1)
    entry = "/".join(parts[at + 1 :])
    if entry.endswith(".") or any(p.startswith(".") for p in parts[at + 1 :]):
        return False
    included = walk.excluded.included(entry)
    if walk.excluded(child, False) and not included:
        return False
    if included:
        return True
    return not (entry.startswith(_SPECIAL) or name.startswith(_SPECIAL) or entry.endswith("~"))


def _hidden(name: str) -> bool:
    # Jekyll's EntryFilter skips names starting with these (and backup files ending in ~).
    return name.startswith((".", "_", "#", "~")) or name.endswith("~")


class _Walk:
    """One walk over the site's folders: the exclusions, and the site's real root (to tell a
    link to a folder inside the site, which Jekyll follows, from one leading out of it)."""

    def __init__(self, site: Site) -> None:
        from bot.jekyll import show_drafts

        self.excluded = Excluder(site.jekyll)
        self.root = str(site.root)
        self.drafts = show_drafts(site)
        self.first_only = False
        """Only the first post is wanted (`has_posts`)."""
        from bot.collections_dir import collections_dir

        self.collections = "/" + collections_dir(site.jekyll)

    def reads_posts_in(self, parent: str) -> bool:
        """Whether Jekyll reads a `_posts` (`_drafts`) folder in the folder ``parent``
        (site-relative, "" for the root): with `collections_dir` set, only in a folder whose
        path starts with it, as text (`Reader#outside_configured_directory?`)."""
        if self.collections == "/":
            return True
        return ("/" + parent.strip("/")).startswith(self.collections)

    def post_file(self, child: str, name: str) -> bool:
        """`is_post_file`; with `show_drafts`, Jekyll also reads every text file with an
        extension in a `_drafts` folder (its `DATELESS_FILENAME_MATCHER`)."""
        if is_post_file(name):
            return True
        if not self.drafts or not _in_drafts(child):
            return False
        ext = os.path.splitext(name)[1]
        if ext in YAML_EXTENSIONS:
            return False
        return len(ext) > 1 and ext.lower() not in NOT_TEXT_EXTENSIONS

    def inside(self, real: str) -> bool:
        return real == self.root or real.startswith(self.root.rstrip(os.sep) + os.sep)


def _walk_posts(
    walk: _Walk, folder: str, rel: str, inside_posts: bool, real: str
) -> Generator[str, None, None]:
    """Posts under ``folder`` (whose links resolved give ``real``), as the walk finds them
    (a caller that needs only the first stops there).

    A folder that cannot be listed (no permission, a path too long) is given itself:
    reading it gives a `file/unreadable` finding, so no post in it is skipped unseen. One
    that vanished meanwhile (a concurrent edit) had nothing to check.
    """
    try:
        listing = os.scandir(folder)
        # Listed whole first: a walk holds no folder open while it goes deeper. A search
        # for the first post reads a posts folder only as far as that post.
        lazy = inside_posts and walk.first_only
        entries: Iterable[os.DirEntry[str]] = listing if lazy else list(listing)
    except FileNotFoundError:
        return
    except OSError:
        yield folder
        return
    with listing:
        yield from _walk_entries(walk, entries, rel, inside_posts, real)


def _walk_entries(
    walk: _Walk, entries: Iterable[os.DirEntry[str]], rel: str, inside_posts: bool, real: str
) -> Iterator[str]:
    excluded = walk.excluded
    for entry in entries:
        name = entry.name
        child = f"{rel}{name}"
        if _is_folder(entry):
            if inside_posts:
                if not name.startswith("."):
                    yield from _walk_posts(walk, entry.path, child + "/", True, f"{real}/{name}")
                continue
            if name in SKIP_DIRS or excluded(child, True):
                continue
            if name in ("_posts", "_drafts"):
                if not walk.reads_posts_in(rel):
                    continue  # Jekyll never reads it: no finding, as for an excluded folder
                yield from _walk_posts(walk, entry.path, child + "/", True, f"{real}/{name}")
            elif not _hidden(name) or walk.excluded.included(child):
                deeper = f"{real}/{name}"
                yield from _walk_posts(walk, entry.path, child + "/", inside_posts, deeper)
        elif not inside_posts and _is_folder_link(entry):
            yield from _walk_link(walk, entry, child, real)
        elif inside_posts and walk.post_file(child, name) and _jekyll_reads(walk, child, name):
            yield entry.path


def _walk_link(walk: _Walk, entry: os.DirEntry[str], child: str, real: str) -> Iterator[str]:
    """A link to a folder, above the posts folders: Jekyll follows it (inside `_posts` it
    does not). A link leading out of the site is not followed; one named `_posts` is
    given itself, so the reader reports it. A link back to a folder being walked (a loop)
    is skipped."""
    name = entry.name
    posts = name in ("_posts", "_drafts")
    if name in SKIP_DIRS or walk.excluded(child, True) or (_hidden(name) and not posts):
        return
    if posts and not walk.reads_posts_in(child.rpartition("/")[0]):
        return
    target = os.path.realpath(entry.path)
    if not walk.inside(target):
        if posts:
            yield entry.path
        return
    if real == target or real.startswith(target + os.sep):
        return  # a loop: it leads back to where the walk already is
    yield from _walk_posts(walk, entry.path, child + "/", posts, target)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """A real folder (not a link to one)."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False  # it cannot even be looked at: reading it as a file reports that


def _is_folder_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:
        return False


def _in_posts_folder(path: Path) -> bool:
    return bool({"_posts", "_drafts"} & set(path.parts))


def _named_post(walk: _Walk, site: Site, path: Path) -> bool:
    """A file named on the command line (as pre-commit names staged files, or a script
    `git diff --name-only`) is judged as a whole-site run judges it: a post only in a posts
    folder the walk enters (a `_posts` or `_drafts` folder anywhere Jekyll reads: not below a
    hidden, excluded or skipped folder, nor through a link it does not follow), and there
    only what Jekyll reads as a post (`_posts/LICENSE` is not). Any other file of the site
    (`_config.yml`, `_layouts/post.html`, `about.md`) is no post. A file outside the site is
    checked as asked."""
    here = os.path.abspath(path)
    rel = site.relpath(here)
    if rel.startswith("../") or os.path.isabs(rel):
        return True
    parts = rel.split("/")
    if not any(part in POSTS_FOLDERS for part in parts[:-1]):
        return False
    if not _walk_enters(walk, parts[:-1]):
        return False
    return walk.post_file(rel, parts[-1]) and _jekyll_reads(walk, rel, parts[-1])


POSTS_FOLDERS = ("_posts", "_drafts")


def _walk_enters(walk: _Walk, parts: list[str]) -> bool:
    """Whether a whole-site walk enters the site's folder ``parts``: not a skipped, excluded
    or hidden folder above the posts folders, nor a dot folder in them; and a link to a
    folder only above them (Jekyll does not follow one inside `_posts`), and only to one
    inside the site (a `_posts` link leading out is entered, so its posts are reported)."""
    folder = walk.root
    in_posts = False
    for depth, name in enumerate(parts):
        child = "/".join(parts[: depth + 1])
        folder = os.path.join(folder, name)
        link = os.path.islink(folder)
        if in_posts:
            if name.startswith(".") or link:
                return False
            continue
        in_posts = name in POSTS_FOLDERS
        if in_posts and not walk.reads_posts_in("/".join(parts[:depth])):
            return False
        if name in SKIP_DIRS or walk.excluded(child, True):
            return False
        if not in_posts and _hidden(name) and not walk.excluded.included(child):
            return False
        if link and not in_posts and not walk.inside(os.path.realpath(folder)):
            return False
    return True


def discover(site: Site, paths: list[Path] | None) -> list[Path]:
    """Files to check: under each folder the posts and drafts Jekyll reads; each named file
    itself."""
    return [Path(p) for p in discover_names(site, paths)]


def has_posts(site: Site) -> bool:
    """Whether the site has a post at all (the walk stops at the first)."""
    if site.is_hugo:
        from bot.hugo.posts import has_posts as hugo_has_posts

        return hugo_has_posts(site)
    walk = _Walk(site)
    walk.first_only = True
    posts = _walk_posts(walk, walk.root, "", False, walk.root)
    try:
        return next(posts, None) is not None
    finally:
        posts.close()  # the posts folder being read is closed now, not when collected


def discover_names(site: Site, paths: list[Path] | None) -> list[str]:
    """`discover`, as sorted absolute path strings (cheaper for a site of many posts)."""
    if site.is_hugo:
        from bot.hugo.posts import discover_names as hugo_names

        return hugo_names(site, paths)
    walk = _Walk(site)
    if not paths:
        return sorted(_walk_posts(walk, walk.root, "", False, walk.root))
    out: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            real = os.path.realpath(path)
            if not walk.inside(real):
                raise UsageError(f"{path}: the folder is outside the site ({site.root})")
            here = os.path.abspath(path)
            rel = site.relpath(here)
            if real != walk.root and not _walk_enters(walk, rel.split("/")):
                continue  # a folder the whole-site run does not read: nothing in it is a post
            prefix = "" if real == walk.root else rel + "/"
            inside = _in_posts_folder(Path(here)) or _in_posts_folder(Path(real))
            out.extend(_walk_posts(walk, str(path), prefix, inside, real))
        elif os.path.lexists(path):
            if _named_post(walk, site, path):
                out.append(str(path))
        else:
            raise UsageError(f"{path}: no such file or folder")
    return sorted(dict.fromkeys(os.path.abspath(p) for p in out))
