"""The site's other posts, as a pull request's check sees them: its checkout is a commit,
whose posts Git's index lists, and Git's search of their files for the words that let a
post take another's URL or id (`bot.other_posts`) is the one cost that grows with the site.

`start` sets that search to work as soon as the check knows the repository, on a thread of
its own: Git reads the site's files while pressbot reads the pull request's diff and checks
the changed posts, and the check then finds the search done
(`bot.site_index.other_posts`). The words are known before the changed posts are: those
every partial run looks for (`URL_WORDS`), and ``_posts``, which is in the id of every post
whose front matter names none (its path). A changed post that names an id of its own asks
for a word the search did not look for: the check then searches again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.other_posts import StartedListing, StartedSearch

PATH_ID_WORD = b"_posts"
"""In the id of each post that names none in its front matter: its path, in `_posts`."""


class IndexedSite:
    """What a pull request passes the check as ``candidates``: that the site is a commit
    checked out (so its posts are listed from Git's index), and the search and the listing
    started. (A plain class: `dataclasses` costs the start of the search a hundredth of a
    second.)"""

    def __init__(
        self, search: StartedSearch | None = None, listing: StartedListing | None = None
    ) -> None:
        self.search = search
        self.listing = listing

    def __call__(self) -> Iterable[Path]:
        """Posts to read besides those the search finds: none (the index lists them all)."""
        return ()


def start(site_folder: Path | None) -> IndexedSite:
    """Start Git's search of the posts of the site in ``site_folder`` (given as ``--site``;
    None: the site that holds the current folder, somewhere in its repository) for the
    words a pull request's check will ask for. It starts before the site is loaded, which
    takes the check a tenth of a second: without ``--site``, the whole repository's posts
    folders are searched, since the site may be in a folder above this one (the check keeps
    what Git names in its own). Nothing starts outside a Git work tree, nor for a folder that
    holds a Hugo site, whose pages are not in `_posts` folders (a Hugo site that `generator:`
    names Jekyll is read as Jekyll, and searched when it is checked)."""
    from bot.generator import is_hugo
    from bot.git.root import find_root, repo_prefix
    from bot.other_posts import FOLDER_WORDS, URL_WORDS, StartedListing, StartedSearch

    try:
        if site_folder is not None and is_hugo(site_folder):
            return IndexedSite()
        top = find_root(Path.cwd() if site_folder is None else site_folder)
        prefix = "" if site_folder is None or top is None else repo_prefix(site_folder, top)
    except (OSError, ValueError, RuntimeError):
        return IndexedSite()
    if top is None:
        return IndexedSite()
    search = StartedSearch(top, prefix, {*URL_WORDS, *FOLDER_WORDS, PATH_ID_WORD}, held=True)
    # the listing of the site's folder, when it is known (the check lists it otherwise)
    listing = None if site_folder is None else StartedListing(top, prefix)
    return IndexedSite(search, listing)


def linking_posts(
    top: Path,
    prefix: str,
    changed: list[str],
    wanted: Callable[[str], bool],
    published: Callable[[str], bool] = lambda _path: False,
) -> list[str]:
    """The unchanged posts (repository paths ``wanted`` accepts) that may name in a
    `{% post_url %}` tag a post that the pull request removes, renames or changes (a change
    may unpublish it, date it in the future, or move it): Jekyll stops the build on a
    `post_url` to no post, and only a check of the naming post says so. Git's search for
    the names of those posts finds the few to check; ``changed`` holds the pull request's
    changed posts, those it removes and the old names of those it renames; a changed post
    still ``published`` at its path is found by its name as before, and is not searched
    for."""
    from bot.git import files_with

    gone = set(changed)
    words = {
        PurePosixPath(p).stem.encode("utf-8", "surrogateescape")
        for p in gone
        if wanted(p) and not published(p)
    }
    words.discard(b"")
    found = files_with(top, sorted(words), prefix) if words else None
    out = []
    for path in sorted(found or ()):
        if path in gone or not wanted(path):
            continue
        try:
            text = (top / path).read_bytes()
        except OSError:
            continue
        if b"post_url" in text:
            out.append(path)
    return out
