"""`:git` in a Hugo site's `frontmatter` dates: the author date of the last commit that
touched the page's file (Hugo's `GitInfo`, with `enableGitInfo = true`).

Git's log is read once per run, and only when it can change a page's URL or publication:
`enableGitInfo` is set and `:git` is named for `date`, `publishDate` or `expiryDate`. A
file never committed has no Git date, and Hugo tries the next key. Where Hugo cannot read
the log (no git, the site is in no repository, a history without commits) its build fails
("Failed to read Git log"); pressbot says so once, on stderr, and reads the next key.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bot.hugo.values import to_bool

if TYPE_CHECKING:
    from bot.git.history import AuthorDates
    from bot.hugo.config import HugoConfig


class GitDates:
    """The `:git` dates of the pages of the Hugo site at ``root``."""

    def __init__(self, root: Path, config: HugoConfig) -> None:
        self.root = root
        self.config = config
        self.wanted = to_bool(config.get("enablegitinfo")) is True and config.date_keys.reads_git
        self._dates: AuthorDates | None = None
        self._top: str | None = None
        self._failed = False

    def for_file(self, path: Path | None) -> Callable[[], dt.datetime | None] | None:
        """What `bot.hugo.dates.page_dates` calls for `:git` of the file at ``path``
        (absolute); None where Hugo gives the file no Git date at all."""
        if not self.wanted or path is None:
            return None
        return lambda: self._date(path)

    def _date(self, path: Path) -> dt.datetime | None:
        dates = self._load()
        if dates is None or self._top is None:
            return None
        rel = os.path.relpath(path, self._top)
        if rel.startswith(".." + os.sep) or rel == "..":
            return None
        return dates.get(rel.replace(os.sep, "/"))

    def _load(self) -> AuthorDates | None:
        if self._dates is not None or self._failed:
            return self._dates
        from bot.errors import UsageError
        from bot.git.history import author_dates
        from bot.git.policy import GitError
        from bot.git.root import find_root

        top = find_root(self.root)
        try:
            if top is None:
                raise UsageError("the site is in no Git repository")
            self._dates, self._top = author_dates(top), str(top)
        except (GitError, UsageError, OSError) as exc:
            self._failed = True
            self._warn(str(exc))
        return self._dates

    def _warn(self, why: str) -> None:
        from bot.notices import warn_once

        where = self.config.where("enablegitinfo")
        warn_once(
            f"pressbot: {where}: enableGitInfo is set and the frontmatter dates name :git, "
            f"but Git's log cannot be read ({why}); Hugo's build fails there too (\"Failed "
            'to read Git log"), and pressbot dates each page from its next key\n'
        )
