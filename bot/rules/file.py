"""Files that cannot be read as posts at all (`bot.post` records why, as `Post.read_error`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from bot.problem import Finding
from bot.rules.base import Rule

if TYPE_CHECKING:
    from bot.post import Post
    from bot.site import Site

UNREADABLE = Rule(
    "file/unreadable",
    "error",
    "a file or folder that cannot be read, or a post over 64 MiB",
    "The file cannot be opened (permissions, vanished, not a regular file, too large).",
)
OUTSIDE_SITE = Rule(
    "file/outside-site",
    "error",
    "a link to a file outside the site (never followed)",
    "A link that points outside the site, or a path into the Git folder; it is never followed.",
)
RULES = (UNREADABLE, OUTSIDE_SITE)


def check(post: Post, site: Site) -> Iterable[Finding]:
    why = post.read_error
    if why is not None:
        yield post.finding(OUTSIDE_SITE if why.outside else UNREADABLE, 1, 1, why.reason)
