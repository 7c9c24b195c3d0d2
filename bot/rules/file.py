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
    why=(
        "Jekyll stops the whole build on a post it cannot read; pressbot reports it and checks "
        "the other posts. A post over 64 MiB is refused so that one huge file cannot stall a "
        "check."
    ),
    fix=(
        "Give the file read permission (`chmod a+r`), replace a broken link with the file "
        "itself, or split an oversized post."
    ),
    example="no read permission",
    flags="a post `_posts/2026-01-05-notice.md` with mode `000` (`chmod 000`)",
    passes="the same post with mode `644`",
)
OUTSIDE_SITE = Rule(
    "file/outside-site",
    "error",
    "a link to a file or folder outside the site (never followed)",
    "A link that points outside the site, or a path into the Git folder; it is never followed.",
    why=(
        "Jekyll in safe mode (GitHub Pages) refuses to follow a link out of the site, and a "
        "link into another folder would let a pull request make pressbot read files it must not "
        "see."
    ),
    fix="Put the post itself in `_posts/` instead of a symbolic link to a file elsewhere.",
    example="`_posts/x.md -> /etc/passwd`",
    flags="`_posts/2026-01-05-notice.md` a symbolic link to `/home/me/notes/notice.md`",
    passes="`_posts/2026-01-05-notice.md` a symbolic link to `../drafts/notice.md` inside the site",
)
RULES = (UNREADABLE, OUTSIDE_SITE)


def check(post: Post, site: Site) -> Iterable[Finding]:
    why = post.read_error
    if why is not None:
        yield post.finding(OUTSIDE_SITE if why.outside else UNREADABLE, 1, 1, why.reason)
