"""Front matter as Jekyll reads it (mostly reported while parsing, see `bot.post`).

- `frontmatter/missing`: no `---` at byte 0, or never closed.
- `frontmatter/syntax`: YAML that does not parse, a tag that is not plain data, an alias bomb;
  and here, a plain-data tag on text it cannot make (`published: !!bool 'abc'`), which
  Jekyll reads as the text.
- `frontmatter/duplicate-key`: a key given twice (YAML keeps the last one silently).
- `frontmatter/not-a-mapping`: front matter that is a list or a single value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from bot.problem import Finding, Severity
from bot.yamlread import TagMismatch

if TYPE_CHECKING:
    from bot.post import Post
    from bot.site import Site

RULES: dict[str, Severity] = {
    "frontmatter/missing": "error",
    "frontmatter/syntax": "error",
    "frontmatter/duplicate-key": "error",
    "frontmatter/not-a-mapping": "error",
}


def _tags_possible(post: Post) -> bool:
    """Whether the front matter holds a `!` at all (a tag needs one): two scans at C speed
    instead of a walk over every value of every post."""
    first = post.source.find("!")
    return first >= 0 and post.source.count("\n", 0, first) + 1 < post.fm_end_line


def mismatches(data: Any) -> Iterator[TagMismatch]:
    """Every `TagMismatch` among the keys and values, in document order."""
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, TagMismatch):
            yield node
        elif isinstance(node, dict):
            for key, value in reversed(node.items()):
                stack.append(value)
                stack.append(key)
        elif isinstance(node, list):
            stack.extend(reversed(node))


def check(post: Post, site: Site) -> Iterable[Finding]:
    if not post.front_matter or not _tags_possible(post):
        return
    seen: set[tuple[int, int]] = set()
    for value in mismatches(post.front_matter):
        if (value.line, value.column) in seen:
            continue  # one value reached again through an alias
        seen.add((value.line, value.column))
        shown = value if len(value) <= 60 else value[:57] + "..."
        yield post.finding(
            "frontmatter/syntax", value.line, value.column, f'{value.tag} "{shown}" {value.problem}'
        )
