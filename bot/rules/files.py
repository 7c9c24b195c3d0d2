"""Files that cannot be read as posts at all (reported while reading, see `bot.post`).

- `file/unreadable`: the file cannot be opened (permissions, vanished, not a regular file).
- `file/outside-site`: a link that points outside the site; it is never followed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from bot.problem import Finding, Severity

if TYPE_CHECKING:
    from bot.post import Post
    from bot.site import Site

RULES: dict[str, Severity] = {"file/unreadable": "error", "file/outside-site": "error"}


def check(post: Post, site: Site) -> Iterable[Finding]:
    return ()
