"""Each file's last commit, as Hugo's `GitInfo` has it (`enableGitInfo`): Hugo 0.111 runs
one `git log` over the whole history (github.com/bep/gitmap) and gives each file the first
commit, not a merge, that names it; a `:git` date is that commit's author date.

gitmap reads the names as Git prints them, one a line: a name Git quotes (one holding `"`,
a backslash or a control character, and, unless the user's `core.quotePath` is false, any
letter beyond ASCII) is never found, so such a file has no Git date for Hugo either.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from bot.git.policy import GitError

if TYPE_CHECKING:
    from bot.git.repo import Git

LOG = ("log", "--no-renames", "--no-merges", "--name-only", "--format=%x1e%H%x1f%aI")
"""gitmap's `git -c diff.renames=0 log --name-only --no-merges`, with the one date needed."""


class AuthorDates:
    """The author date of each file's last commit, by its path from the repository's top."""

    def __init__(self, dates: dict[str, dt.datetime], quotes_letters: bool) -> None:
        self._dates = dates
        self._quotes_letters = quotes_letters

    def get(self, path: str) -> dt.datetime | None:
        """The date Hugo finds for ``path``; None for a file never committed, or whose name
        Git prints quoted."""
        if self._quotes_letters and not path.isascii():
            return None
        return self._dates.get(path)


def author_dates(top: Path) -> AuthorDates:
    """The `AuthorDates` of the repository whose work tree is ``top``; raises `GitError`
    (an empty history, a broken repository) or `UsageError` (no git, no repository)."""
    from bot.git.repo import Git

    git = Git(top)
    try:
        out = git.run(*LOG).stdout
        quotes = _quotes_letters(git)
    finally:
        git.close()
    return AuthorDates(parse_log(out), quotes)


def parse_log(out: bytes) -> dict[str, dt.datetime]:
    """`LOG`'s output: each name, with the date of the first (newest) entry naming it."""
    dates: dict[str, dt.datetime] = {}
    for entry in out.decode("utf-8", "surrogateescape").split("\x1e"):
        head, _, names = entry.partition("\n")
        stamp = head.partition("\x1f")[2].strip()
        if not stamp:
            continue
        try:
            when = dt.datetime.fromisoformat(stamp)
        except ValueError:
            continue  # (Git writes strict ISO 8601; a year Python cannot hold is none)
        for name in names.split("\n"):
            name = name.strip()  # as gitmap: `strings.TrimSpace`
            if name:
                dates.setdefault(name, when)
    return dates


def _quotes_letters(git: Git) -> bool:
    """Whether the user's Git quotes letters beyond ASCII in names (`core.quotePath`, true
    unless set otherwise): pressbot's own git is told not to, Hugo's is not."""
    try:
        proc = git.run("config", "--show-scope", "--get-all", "core.quotepath", check=False)
    except GitError:
        return True
    said = [
        line.split("\t", 1)[1].strip().lower()
        for line in proc.stdout.decode("utf-8", "replace").splitlines()
        if "\t" in line and not line.startswith("command\t")
    ]
    if not said:
        return True
    return said[-1] not in ("false", "no", "off", "0")
