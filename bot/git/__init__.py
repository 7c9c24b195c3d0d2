"""The one seam to Git, built on GitPython (imported only when a repository is opened).

`find_root` says where the repository is; `Git` is that repository, and every git that
pressbot runs goes through it under the policy of `bot.git.policy`; `bot.git.diffs` answers
check's and pr's questions (what changed), `bot.git.hunks` reads diff text, and
`bot.git.history` gives each file's last commit (Hugo's `:git` dates).

The names below are loaded on first use, so that finding a site's root (`bot.site`) does not
import what running git needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.git.diffs import changed_paths, ls_files_z, merge_base, pr_diff
    from bot.git.history import author_dates
    from bot.git.hunks import parse_hunks
    from bot.git.policy import (
        TIMEOUT_ENV,
        GitError,
        NoRepository,
        PushRefused,
        network_timeout,
    )
    from bot.git.repo import ZERO, Change, Git
    from bot.git.root import find_root
    from bot.git.search import files_with, files_without, index_files, index_listing

_HOMES = {
    "author_dates": "history",
    "changed_paths": "diffs",
    "ls_files_z": "diffs",
    "merge_base": "diffs",
    "pr_diff": "diffs",
    "parse_hunks": "hunks",
    "TIMEOUT_ENV": "policy",
    "GitError": "policy",
    "NoRepository": "policy",
    "PushRefused": "policy",
    "network_timeout": "policy",
    "ZERO": "repo",
    "Change": "repo",
    "Git": "repo",
    "find_root": "root",
    "files_with": "search",
    "files_without": "search",
    "index_files": "search",
    "index_listing": "search",
}

__all__ = [
    "TIMEOUT_ENV",
    "ZERO",
    "Change",
    "Git",
    "GitError",
    "NoRepository",
    "PushRefused",
    "author_dates",
    "changed_paths",
    "files_with",
    "files_without",
    "find_root",
    "index_files",
    "index_listing",
    "ls_files_z",
    "merge_base",
    "network_timeout",
    "parse_hunks",
    "pr_diff",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'bot.git' has no attribute {name!r}")
    return getattr(importlib.import_module(f"bot.git.{home}"), name)
