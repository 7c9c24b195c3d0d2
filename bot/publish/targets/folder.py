"""The embedded default target: writes each post, rendered, into a folder.

For a post whose URL is `/2024/01/02/hello.html` it writes `2024/01/02/hello.html` (the
rendered HTML), `hello.md` (the Markdown body) and `hello.json` (the metadata) beside it;
a URL ending in `/` gets `index.html`, `index.md` and `index.json` in that folder. As in
Jekyll, a URL that does not end in `.html` gets it added (`/x.json` is `x.json.html`, with
`x.json.md` and `x.json.json`): every page ends in `.html`, so no URL can name another
post's Markdown or metadata file. A `?` or `#` is part of the path, as for Jekyll and
Hugo. The URL's %-escapes are undone, as Jekyll undoes them (`URL.unescape_path`):
`/caf%C3%A9.html` is `café.html`, `/a%2Fb/c.html` is `a/b/c.html`, so a web server that
serves the folder finds the page at its URL. An update that moves a page (a new URL; a page
an earlier pressbot wrote at the URL's escaped text, `caf%C3%A9.html`) writes the new page,
then removes the old one. An unpublish removes the three files, unless their metadata says
another post has taken the URL since (its files stay); where the ledger does not name the
page, only files whose metadata names the post are removed.

A Hugo page is written where Hugo writes it (`PostPayload.file`), which its URL alone does
not say: on a site with a host per language, in the language's folder (`en/posts/a/`,
`fr/posts/a/`, one URL path on two hosts); its path as the page gives it, Hugo undoing no
escape (`url: /café/` and `url: /caf%C3%A9/` are two files, one link). Two posts never share
a page: a post is not written over the page of another post that is published here and stays
in the site (a failed delivery that says whose page it is), whatever made their files one
(two URLs that differ only in case, on a file system that ignores it, included), unless the
same run moves that post to another page (`FolderTarget.keep_pages_of`).

Writes go through `bot.atomicwrite.write_file`: atomic and durable (temporary file, fsync,
rename), repeatable (a delivery done twice leaves the same files), readable as the umask
allows (a web server running as another user reads them), an existing file keeping its
mode; a link in place of a file is replaced, never followed. The temporary files a killed
run left are removed at the start of the next run (`FolderTarget.start`).

The folder is the site's to choose, but never one pressbot or the generator reads
(`bot.publish.target_checks`, when the settings are loaded). File names come from post URLs,
which the authors write: a URL that would leave the folder (`..`, `%2e%2e` included), write a
`_posts`/`_drafts` folder or a hidden file inside it, or name a file Jekyll cannot write (its
escapes undone: not UTF-8, a NUL) is a failed delivery that says why.
"""

from __future__ import annotations

import json
import os
import re
import stat
import threading
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from unicodedata import category

from bot.file_names import written_path
from bot.publish.target_checks import READ_BY_JEKYLL
from bot.publish.target_config import FolderConfig
from bot.publish.targets.base import (
    Action,
    Outcome,
    PostPayload,
    Previous,
    remote_id_problem,
    url_problem,
)

__all__ = [
    "FolderConfig",
    "FolderTarget",
    "UnusablePathError",
    "html_path_for",
    "legacy_path_for",
    "page_path_for",
]


PAGE = ".html"
"""The ending of every page written; its Markdown and metadata files end `.md` and `.json`."""

LEGACY_TEMP_RE = re.compile(r"\A\..+\.(html|md|json)\.[a-z0-9_]{8}\.tmp\Z", re.DOTALL)
"""Temporary files of earlier versions (``.<name>.<8 random>.tmp``), removed as stale too."""


def html_path_for(url: str) -> PurePosixPath:
    """The file Jekyll writes for ``url`` (`Document#destination`), relative and confined.
    Its %-escapes are undone as `URL.unescape_path` undoes them: `caf%C3%A9` is `café`,
    `a%2Fb` two folders, `e%20f` `e f`; a `%` without two hex digits after it, and `+`, stay.
    A `?` or `#` is part of the path, as for Jekyll: `/f/?y/` is `f/?y/index.html`, not the
    page of `/f/`. Raises `UnusablePathError` for a path Jekyll cannot write (not UTF-8, a
    NUL), one that would leave the folder once unescaped (`%2e%2e`), or one that is not for
    the folder to hold (a hidden file, a `_posts` folder)."""
    path = _unescaped(url)
    try:
        return _page_path(path, url.endswith("/"))
    except UnusablePathError as exc:
        if path == url:
            raise
        raise UnusablePathError(f"{exc} (its %-escapes undone, as Jekyll does: {path!r})") from None


def page_path_for(file: str) -> PurePosixPath:
    """The page for a post the generator writes to ``file`` (`PostPayload.file`, or a
    remote id: the page a delivery wrote), relative and confined: that file as it is named,
    `.html` added where it does not end so. Raises `UnusablePathError` as `html_path_for`."""
    return _page_path(file, False)


def legacy_path_for(url: str) -> PurePosixPath | None:
    """Where pressbot wrote the page of ``url`` before it undid %-escapes as Jekyll does:
    the URL's text as the file's name (`caf%C3%A9.html`). None when that is the page of
    `html_path_for` too, or unusable."""
    try:
        old = _page_path(url, url.endswith("/"))
        return None if old == html_path_for(url) else old
    except UnusablePathError:
        return None


class UnusablePathError(ValueError):
    """A URL or file that cannot be a page of the folder; its text says why."""


def _unescaped(url: str) -> str:
    """``url`` with its %-escapes undone, as Jekyll does before it writes the file."""
    try:
        return written_path(url).decode("utf-8")
    except UnicodeDecodeError:
        raise UnusablePathError(
            "its %-escapes undone, as Jekyll does, are not UTF-8 text (`jekyll build` stops "
            "on it; escape each byte of a UTF-8 character, `%C3%A9` for é)"
        ) from None


def _page_path(path: str, folder: bool) -> PurePosixPath:
    parts = [p for p in path.split("/") if p not in ("", ".")]
    for part in parts:
        if part == "..":
            raise UnusablePathError('it has a ".." folder, which would leave the folder')
        bad = next((c for c in part if c == "\\" or category(c) in ("Cc", "Cs")), None)
        if bad is not None:  # a NUL stops `jekyll build`; a control character hides
            raise UnusablePathError(f"its file name would hold the character U+{ord(bad):04X}")
        if part.startswith(".") or part in READ_BY_JEKYLL:
            # a hidden file, or a post planted where posts are read
            raise UnusablePathError(f'it would write "{part}", a hidden file or a posts folder')
    if folder or not parts:
        parts.append("index.html")
    elif not parts[-1].endswith(PAGE):
        parts[-1] += PAGE  # as Jekyll does: `x.json` is written `x.json.html`
    return PurePosixPath(*parts)


class FolderTarget:
    type = "folder"

    def __init__(self, config: FolderConfig, site_root: Path) -> None:
        self.name = config.name
        self.max_attempts = config.max_attempts
        self.path = config.path
        out = Path(config.path)
        self.root = out if out.is_absolute() else site_root / out
        self._locks: dict[str, threading.Lock] = {}
        self._locks_lock = threading.Lock()
        self._kept: set[str] = set()

    def keep_pages_of(
        self, pages: Mapping[str, str | None], writes: Mapping[str, PostPayload] = {}
    ) -> None:
        """The posts whose pages in the folder no other post may take in this run: those
        published here that stay in the site (``pages``: each with the page the ledger
        names), unless this run writes them to another page (``writes``: the posts it
        writes), which gives the old one up: two posts that swap URLs both move, one run,
        whichever goes first (a page is removed only by the post its metadata names). The
        posts this run writes are added as they are written."""
        self._kept = {pid for pid, page in pages.items() if not _moves(page, writes.get(pid))}

    def _lock(self, html: Path) -> threading.Lock:
        """One lock a page: a post leaving a URL and one taking it, in one run, take turns
        (one at a time, never one inside another). Names that differ only in case share
        one, as they share one file where the file system ignores case."""
        with self._locks_lock:
            return self._locks.setdefault(str(html).casefold(), threading.Lock())

    def start(self, before_ns: int) -> list[str]:
        """Remove the temporary files a killed run left in the folder (those written before
        ``before_ns``, the start of this run, and not being written). Folders behind a link
        are not entered. Returns the paths removed, relative to the folder."""
        from bot.atomicwrite import ChangedError, open_folder

        root = self.root.resolve()
        if not root.is_dir():
            return []
        removed: list[str] = []
        for folder, dirs, _files in os.walk(root):
            dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
            try:
                fd = open_folder(str(root), folder)
            except (ChangedError, OSError):
                dirs[:] = []
                continue
            try:
                rel = os.path.relpath(folder, root)
                for name in _remove_stale(fd, before_ns):
                    removed.append(name if rel == os.curdir else f"{rel}/{name}")
            finally:
                os.close(fd)
        return removed

    def _files(self, rel: PurePosixPath) -> list[Path]:
        """The HTML, Markdown and metadata files of the page ``rel``, inside the folder."""
        html = self.root.joinpath(*rel.parts)
        try:
            html.parent.resolve().relative_to(self.root.resolve())
        except ValueError:
            raise UnusablePathError("a link in the folder leads it out of the folder") from None
        return [html, html.with_suffix(".md"), html.with_suffix(".json")]

    def deliver(self, action: Action, post: PostPayload, previous: Previous, key: str) -> Outcome:
        # remote_id is the HTML file's path in the folder, as named: what to remove later
        try:
            if action == "unpublish":
                self._unpublish(post, previous)
                return Outcome(True, url=previous.url)
            try:
                html, md, meta = self._files(_page_of(post))
            except UnusablePathError as exc:
                return Outcome(
                    False,
                    error=f"URL {post.url!r} cannot be a file of the output folder: {exc}; "
                    "give the post another URL",
                    permanent=True,
                )
            rel = html.relative_to(self.root).as_posix()
            url = recorded_url(post.absolute_url or post.url)
            problem = url_problem(url)
            if problem:  # said before a file is written: nothing is left that is not recorded
                return Outcome(False, error=f"{problem}; give the post another URL", permanent=True)
            data = {k: v for k, v in post.as_data().items() if k not in ("markdown", "html")}
            text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
            # the metadata, which says whose page it is, goes last
            files_data = [(html, _page(post)), (md, post.markdown), (meta, text)]
            with self._lock(html):
                owner = _owner(meta)
                if owner is not None and owner != post.id and owner in self._kept:
                    return Outcome(False, error=_taken(rel, post.url, owner))
                self._write_all(html.parent, [(f, body.encode()) for f, body in files_data])
                self._kept.add(post.id)
            self._leave_old_page(post, previous, html)
            # a path the ledger cannot hold (too long) is found again from the post's URL
            remote_id = rel if remote_id_problem(rel) is None else None
            return Outcome(True, remote_id=remote_id, url=url)
        except OSError as exc:
            return Outcome(False, error=f"cannot write to {self.root}: {exc.strerror or exc}")

    def _leave_old_page(self, post: PostPayload, previous: Previous, html: Path) -> None:
        """Remove the page the post had before, now that ``html`` is its page: the one the
        ledger names, else the one an earlier pressbot wrote at the URL's escaped text
        (only where its metadata says it is this post's)."""
        if previous.remote_id:
            self._remove(previous.remote_id, post.id, keep=html)
        else:
            legacy = legacy_path_for(post.url)
            if legacy is not None:
                self._remove(legacy.as_posix(), post.id, keep=html, only_own=True)

    def _unpublish(self, post: PostPayload, previous: Previous) -> None:
        """Remove the post's page: the one the ledger names, and where the post's URL puts
        it now and put it before pressbot undid its %-escapes, where their metadata says
        they are this post's (a page the ledger could not name, or one it named before)."""
        if previous.remote_id:
            self._remove(previous.remote_id, post.id)
        try:
            here = html_path_for(post.url).as_posix()
        except UnusablePathError:
            here = None
        if here is not None and here != previous.remote_id:
            self._remove(here, post.id, only_own=previous.remote_id is not None)
        legacy = legacy_path_for(post.url)
        if legacy is not None and legacy.as_posix() != previous.remote_id:
            self._remove(legacy.as_posix(), post.id, only_own=True)

    def _remove(
        self, page: str, post_id: str, keep: Path | None = None, only_own: bool = False
    ) -> None:
        """Remove the files of ``page`` (a path in the folder, as named), unless they are
        another post's page (or, ``only_own``, not this post's by their metadata), or are
        ``keep`` (under another name, on a file system that ignores case)."""
        try:
            files = self._files(page_path_for(page))
        except UnusablePathError:
            return
        with self._lock(files[0]):
            if keep is not None and _same_file(files[0], keep):
                return
            owner = _owner(files[2])
            if (owner is not None or only_own) and owner != post_id:
                return  # another post took this URL since (as in Jekyll, the newer page wins)
            for file in files:
                file.unlink(missing_ok=True)
        folder = files[0].parent
        root = self.root.resolve()
        while folder.resolve() != root and folder.is_dir() and not any(folder.iterdir()):
            try:
                folder.rmdir()
            except OSError:
                break  # another post is being written there (or it went): it stays
            folder = folder.parent

    def _write_all(self, folder: Path, files: list[tuple[Path, bytes]]) -> None:
        """Write ``files`` into ``folder``, made first; made again (twice at most) when the
        removal of another post's page took it away meanwhile, as an empty folder."""
        for attempt in range(3):
            folder.mkdir(parents=True, exist_ok=True)
            try:
                for file, body in files:
                    _write(self.root, file, body)
                return
            except FolderGoneError:
                if attempt == 2:
                    raise

    def close(self) -> None:
        pass


def _page_of(post: PostPayload) -> PurePosixPath:
    """Where the post's page goes: the file the generator writes, else Jekyll's for its URL."""
    return html_path_for(post.url) if post.file is None else page_path_for(post.file)


def _moves(page: str | None, post: PostPayload | None) -> bool:
    """``post``, written by this run, goes to another page than ``page`` (where the ledger
    says it is: names that differ only in case are one page)."""
    if page is None or post is None:
        return False
    try:
        return _page_of(post).as_posix().casefold() != page.casefold()
    except UnusablePathError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _taken(rel: str, url: str, owner: str) -> str:
    """Why a post is not written where another post's page is: the ledger would record
    both as published, and one of them would be gone."""
    return (
        f"{rel} (for {url}) is the page of {owner}, which is published in this folder; "
        "two posts cannot have one page (give one of them another URL); tried again by "
        "the next run"
    )


class FolderGoneError(OSError):
    """A page's folder vanished, or became a link, while the page was written."""


MAX_META = 64 << 20
"""A metadata file larger than this is no page of ours (never read whole)."""


def _owner(meta: Path) -> str | None:
    """The id of the post whose metadata file ``meta`` is (None: none, or unreadable)."""
    try:
        fd = os.open(meta, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            raw = handle.read(MAX_META + 1)
            data = json.loads(raw) if len(raw) <= MAX_META else None
        except (OSError, ValueError, RecursionError):
            return None
    owner = data.get("id") if isinstance(data, dict) else None
    return owner if isinstance(owner, str) else None


def _remove_stale(dir_fd: int, before_ns: int) -> list[str]:
    """pressbot's stale temporary files in ``dir_fd``, and those of earlier versions."""
    from bot.atomicwrite import remove_stale_temps

    removed = remove_stale_temps(dir_fd, before_ns)
    try:
        names = [n for n in os.listdir(dir_fd) if LEGACY_TEMP_RE.match(n)]
    except OSError:
        return removed
    for name in names:
        try:
            info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and info.st_mtime_ns < before_ns:
                os.unlink(name, dir_fd=dir_fd)
                removed.append(name)
        except OSError:
            continue
    return removed


def _write(root: Path, path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (inside ``root``) atomically and durably; its folder is
    checked to be reached from the root without a link, just before the write."""
    from bot.atomicwrite import ChangedError, open_folder, write_file

    real_root = root.resolve()
    try:
        os.close(open_folder(str(real_root), str(real_root / path.parent.relative_to(root))))
        write_file(path, data)
    except (ChangedError, FileNotFoundError):
        raise FolderGoneError(f"{path.parent} changed while it was written") from None


def _page(post: PostPayload) -> str:
    from html import escape

    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(post.title)}</title>\n</head>\n<body>\n"
        f"<article>\n<h1>{escape(post.title)}</h1>\n{post.html}</article>\n</body>\n</html>\n"
    )


def recorded_url(url: str) -> str:
    """``url`` as the ledger records it: a space or a control character (which Jekyll keeps
    in `page.url`, and writes in the file's name) escaped, as a browser sends it."""
    from urllib.parse import quote

    out = []
    for ch in url:
        if ch == " " or (not ch.isprintable() and not 0xD800 <= ord(ch) <= 0xDFFF):
            out.append(quote(ch, safe=""))
        else:
            out.append(ch)
    return "".join(out)
