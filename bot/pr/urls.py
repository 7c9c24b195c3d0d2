"""The site's other posts, as a pull request's check sees them: its checkout is a commit,
whose posts Git's index lists, and Git's search of their files for the words that let a
post take another's URL or id (`bot.other_posts`) is the one cost that grows with the site.

`start` sets that search to work as soon as the check knows the repository, on a thread of
its own: Git reads the site's files while pressbot reads the pull request's diff and checks
the changed posts. The search looks for the words every partial run looks for (`URL_WORDS`)
and for the ids the changed posts have when their front matter names none (their paths);
the check then finds it done (`bot.site_index.other_posts`). A changed post that names an
id of its own asks for a word the search did not look for: the check searches again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.other_posts import StartedSearch

MAX_NAMED = 1000
"""Changed files beyond which the search does not look for their ids (the check searches)."""


@dataclass
class IndexedSite:
    """What a pull request passes the check as ``candidates``: that the site is a commit
    checked out (so its posts are listed from Git's index), and the search started."""

    search: StartedSearch | None = None

    def __call__(self) -> Iterable[Path]:
        """Posts to read besides those the search finds: none (the index lists them all)."""
        return ()


def start(
    top: Path, prefix: str, base: str, head: str, is_post: Callable[[str], bool]
) -> IndexedSite:
    """Start Git's search of the site's files at ``top`` / ``prefix`` for a pull request
    from ``base`` to ``head`` (commits), unless none of the files it changes is a post
    (``is_post`` of a repository path): then nothing is checked, and nothing searched."""
    from bot.other_posts import URL_WORDS, StartedSearch

    def words() -> set[bytes]:
        names = _changed(top, base, head)
        if names is not None and not any(is_post(n) for n in names):
            return set()
        return set(URL_WORDS) | set(_id_words(names or [], prefix))

    return IndexedSite(StartedSearch(top, prefix, words, held=True))


def _changed(top: Path, base: str, head: str) -> list[str] | None:
    """The repository paths the pull request adds or changes (as `bot.git.pr_diff` reads
    them, from the merge base); None when the clone cannot tell."""
    from bot.git import Git, GitError, NoRepository

    try:
        repo = Git(top)
        mb = repo.merge_base(base, head)
        return repo.changed_names(mb, head) if mb is not None else None
    except (GitError, NoRepository):
        return None


def _id_words(names: list[str], prefix: str) -> list[bytes]:
    """The words of the ids the changed files at ``names`` have when their front matter
    names none: their site-relative paths without the extension."""
    from bot.site_index import id_words

    start = f"{prefix}/" if prefix else ""
    stems = {_stem(n[len(start) :]) for n in names if n.startswith(start)}
    if not stems or len(stems) > MAX_NAMED:
        return []
    return id_words(stems)


def _stem(path: str) -> str:
    """`bot.post.path_stem`, without importing the parser on the search's thread."""
    base, dot, ext = path.rpartition(".")
    name = path.rsplit("/", 1)[-1]
    return base if dot and "/" not in ext and not name.startswith(".") else path
