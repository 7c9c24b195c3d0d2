"""The site's other posts, as a partial run sees them: the few that could build to a checked
post's URL or hold a checked post's id, found without reading the rest.

A partial run (a pre-commit hook, `--changed-since`, a pull request) checks a few posts of a
site that may hold 50,000, and must report every collision a whole-site run reports for them.

**URLs.** A post's URL follows from its file name and folders (date, slug, categories) and
the site's `permalink` and `defaults`, unless its front matter says otherwise. Whatever the
date and categories, a URL made by a template with `:title`, `:slug`, `:name` or `:path`
holds the post's slug as text: the slug of its file name, or the one the site's `defaults`
give it. So a post whose front matter names neither `permalink` nor `slug` can only build to
a checked URL whose letters and digits hold its slug's (`_signature`), which its name alone
tells. The posts whose front matter may name them (the words are in the file, or YAML
escapes, `!!binary` or %-escaped tags could spell them) are read, and so is every post a
template without its slug places (`/:year/:categories/`).

**Ids.** A post holds one of the checked ids as its path, or as text in its file (see
`bot.site_index.other_ids`).

**Finding the words.** In a Git work tree one ``git grep -L`` lists the files that hold none
of the words of both rules; the others, and every file outside Git, are searched here.

**Listing.** The posts are those the whole-site walk finds (`bot.discover`); in a pull
request, whose checkout is a commit, Git's index lists them (`from_index`), and only the few
posts then read are checked against the walk's rules (`_walk_reaches`).
"""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_to_bytes

if TYPE_CHECKING:
    from bot.site import Site

URL_WORDS = (b"permalink", b"slug", b"\\", b"binary", b"%")
"""Bytes without which a post's front matter names neither `permalink` nor `slug`: the keys
as written, or spelled by a YAML escape, a base64 `!!binary` or a %-escaped tag."""

_SLUG_KEYS = frozenset({"title", "slug"})
"""Placeholders that print the post's slug (its front matter's, its defaults', its name's)."""
_NAME_KEYS = frozenset({"name", "path"})
"""Placeholders that print the post's file name, which holds the slug of its name."""
_NOT_ALNUM = re.compile(rb"[^a-z0-9]+")


def _signature(text: bytes) -> bytes:
    """The ASCII letters and digits of ``text``, lowercased: what every slug mode keeps of
    an ASCII slug, and what the URL keeps of it once its %-escapes are undone."""
    return _NOT_ALNUM.sub(b"", text.lower())


def url_signature(url: str) -> bytes:
    return _signature(unquote_to_bytes(url))


class OtherPosts:
    """The site's posts under `_posts` outside ``checked`` (site-relative paths)."""

    def __init__(self, site: Site, checked: set[str], from_index: bool = False) -> None:
        self.site = site
        self.checked = checked
        self.prefix: str | None = None
        """The site's folder in its Git repository ("" at the top); None outside Git."""
        self.top: Path | None = None
        self.walk: Any = None
        """Set when the posts come from Git's index: the walk's rules, for `_walk_reaches`."""
        self.from_index = from_index
        self._cleared: Future[set[str] | None] | None = None
        self._held = False
        self._memo: dict[str, set[str]] = {}
        self._pool: ThreadPoolExecutor | None = None
        self._repository()

    @functools.cached_property
    def posts(self) -> list[tuple[str, str]]:
        """Pairs of (path as the walk names it, site-relative path), listed on first use
        (after `search` has set Git to work)."""
        return self._list(self.from_index)

    def _repository(self) -> None:
        from bot.git import find_root

        top = find_root(self.site.root)
        if top is None:
            return
        try:
            rel = self.site.root.resolve().relative_to(top.resolve()).as_posix()
        except (OSError, ValueError):
            return
        self.top, self.prefix = top, "" if rel == "." else rel

    def _list(self, from_index: bool) -> list[tuple[str, str]]:
        root = str(self.site.root)
        if from_index and self.top is not None and self.prefix is not None:
            from bot.git import index_files

            listed = index_files(self.top, self.prefix)
            if listed is not None:
                from bot.discover import _Walk

                self.walk = _Walk(self.site)
                cut = len(self.prefix) + 1 if self.prefix else 0
                rels = [name[cut:] for name in listed if "_posts/" in name]
                return [
                    (f"{root}/{rel}", rel)
                    for rel in rels
                    if rel not in self.checked and "/_posts/" in f"/{rel}"
                ]
        from bot.discover import discover_names

        start = root + os.sep
        out = []
        for name in discover_names(self.site, None):
            rel = name[len(start) :] if name.startswith(start) else self.site.relpath(name)
            if rel not in self.checked and "/_posts/" in f"/{rel}":
                out.append((name, rel))
        return out

    # -- searching -------------------------------------------------------------------------
    def search(self, words: Iterable[bytes]) -> None:
        """Start listing, in Git, the posts that hold none of ``words`` (the words of every
        rule that will ask: one search serves them all)."""
        wanted = sorted(set(words))
        if self.top is None or self.prefix is None or not wanted:
            return
        from bot.git import files_with, files_without

        top, prefix = self.top, self.prefix
        # Posts listed from the index are the files Git searches: the few that hold a word
        # are the shorter answer. Otherwise the posts Git searched and found none in.
        self._held = self.from_index
        search = files_with if self._held else files_without
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._cleared = self._pool.submit(search, top, wanted, prefix)

    def cleared(self) -> set[str]:
        """Site-relative paths of the posts Git found none of the searched words in."""
        if self._cleared is None:
            return set()
        if "cleared" not in self._memo:
            self._memo["cleared"] = self._cleared_now()
        return self._memo["cleared"]

    def _cleared_now(self) -> set[str]:
        assert self._cleared is not None
        try:
            found = self._cleared.result()
        finally:
            if self._pool is not None:
                self._pool.shutdown()
                self._pool = None
        if found is None:
            return set()
        cut = len(self.prefix) + 1 if self.prefix else 0
        named = {name[cut:] for name in found}
        if not self._held:
            return named
        if self.walk is None:
            return set()  # listed by the walk after all: Git did not search every post
        return {rel for _, rel in self.posts if rel not in named}

    def may_hold(self, name: str, rel: str, words: tuple[bytes, ...], cleared: set[str]) -> bool:
        """Whether the post may hold one of ``words`` (read here unless Git ruled it out)."""
        if rel in cleared:
            return False
        data = _read(name)
        return data is None or any(word in data for word in words)

    def reached(self, rel: str) -> bool:
        """Whether the whole-site walk finds this post (always, when it listed them)."""
        return self.walk is None or _walk_reaches(self.walk, rel)

    # -- URLs ------------------------------------------------------------------------------
    def urls(self, checked_urls: Iterable[str]) -> dict[str, list[str]]:
        """The URLs of the other published posts that build to one of ``checked_urls``, each
        with the site-relative paths of those posts."""
        from bot.jekyll import JEKYLL_POST_NAME, describe
        from bot.post import read_post

        wanted = set(checked_urls)
        if not wanted:
            self.cleared()
            return {}
        # One text of every signature, apart: a slug's signature (letters and digits only)
        # is in it exactly when it is in one of them.
        signatures = b"\n".join(url_signature(url) for url in wanted)
        guess = _SlugGuess(self.site)
        match_name = JEKYLL_POST_NAME.match
        chosen: list[tuple[str, str]] = []
        unsure: list[tuple[str, str]] = []
        for name, rel in self.posts:
            match = match_name(rel.rpartition("/")[2])
            if match is None:
                continue  # not a post name: never published
            text = guess(rel, match.group(2))
            if text is None or not text.isascii() or _signature(text.encode("ascii")) in signatures:
                chosen.append((name, rel))
            else:
                unsure.append((name, rel))
        cleared = self.cleared()
        unsure = [(n, r) for n, r in unsure if r not in cleared]
        chosen += [(n, r) for n, r in unsure if self.may_hold(n, r, URL_WORDS, cleared)]
        out: dict[str, list[str]] = {}
        for name, rel in chosen:
            if not self.reached(rel):
                continue
            post = read_post(self.site, name)
            if not post.readable:
                continue
            info = describe(post, self.site)
            if info.published and info.url in wanted:
                out.setdefault(info.url, []).append(post.path)
        return out


class _SlugGuess:
    """Text that the URL of a post without `permalink` or `slug` in its front matter is
    sure to hold, from its path alone; None when there is none to count on."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.has_defaults = bool(site.jekyll.get("defaults"))
        self.plain = self._plan({}) if not self.has_defaults else None

    def _plan(self, defaults: dict[str, Any]) -> tuple[bool, str | None] | None:
        """(prints a slug, the defaults' slug), or None when the URL may not hold one."""
        from bot import ruby
        from bot.jekyll import _parse_template

        permalink = defaults.get("permalink")
        template = permalink if isinstance(permalink, str) and permalink else self.site.permalink
        parts = _parse_template(template)
        if any("%" in literal for literal, _ in parts):
            return None  # a literal % could join an escape of a placeholder's text
        keys = {key for _, key in parts if key is not None}
        slug = defaults.get("slug")
        if keys & _SLUG_KEYS:
            return True, ruby.to_s(slug) if slug else None
        if keys & _NAME_KEYS:
            return True, None
        return None

    def __call__(self, rel: str, name_slug: str) -> str | None:
        if self.has_defaults:
            from bot.post import defaults_for

            try:
                plan = self._plan(defaults_for(self.site, rel))
            except (TypeError, ValueError, RecursionError):
                return None
        else:
            plan = self.plain
        if plan is None:
            return None
        return plan[1] if plan[1] is not None else name_slug


def _walk_reaches(walk: Any, rel: str) -> bool:
    """Whether `bot.discover`'s walk of the site finds the file at ``rel`` (its folders are
    not skipped, it is in a posts folder, and Jekyll reads it there)."""
    from bot.discover import SKIP_DIRS, _hidden, _jekyll_reads, is_post_file

    parts = rel.split("/")
    inside = False
    for i, folder in enumerate(parts[:-1]):
        if inside:
            if folder.startswith("."):
                return False
            continue
        child = "/".join(parts[: i + 1])
        if folder in SKIP_DIRS or walk.excluded(child, True):
            return False
        if folder in ("_posts", "_drafts"):
            inside = True
        elif _hidden(folder) and not walk.excluded.included(child):
            return False
    name = parts[-1]
    return inside and is_post_file(name) and _jekyll_reads(walk, rel, name)


MAX_READ = 64 << 20
"""A larger file is not searched here: the parser decides about it (it refuses it)."""


def _read(name: str) -> bytes | None:
    """The bytes of a regular file; None for anything else (a link, a folder, a FIFO, a
    file too large or unreadable: the parser decides about it, safely)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(name, flags)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_READ:
                return None
            chunks = []
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
            return b"".join(chunks)
        finally:
            os.close(fd)
    except OSError:
        return None
