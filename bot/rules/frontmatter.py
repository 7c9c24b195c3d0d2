"""Front matter as Jekyll reads it (reported while parsing, see `bot.post`).

- `frontmatter/missing`: no `---` at byte 0, or never closed.
- `frontmatter/syntax`: YAML that does not parse, a tag that is not plain data, an alias bomb.
- `frontmatter/duplicate-key`: a key given twice (YAML keeps the last one silently).
- `frontmatter/not-a-mapping`: front matter that is a list or a single value.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from bot.problem import Finding, Severity

if TYPE_CHECKING:
    from bot.post import Post
    from bot.site import Site

RULES: dict[str, Severity] = {
    "frontmatter/missing": "error",
    "frontmatter/syntax": "error",
    "frontmatter/duplicate-key": "error",
    "frontmatter/not-a-mapping": "error",
}


def check(post: Post, site: Site) -> Iterable[Finding]:
    return ()
