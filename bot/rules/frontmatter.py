"""Front matter as Jekyll reads it: what parsing found (`bot.post` records its shape, its
YAML error and its duplicate keys), and tags on text they cannot make."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from bot.problem import Finding
from bot.rules.base import Rule
from bot.yamlread import TagMismatch

if TYPE_CHECKING:
    from bot.post import Post
    from bot.site import Site

MISSING = Rule(
    "frontmatter/missing",
    "error",
    "no front matter where Jekyll needs it (`---` at byte 0), or never closed",
    why=(
        "Jekyll treats a file as a post only when its very first bytes are `---` and a newline; "
        "otherwise the file is copied as it is (no layout, no date, no URL from the front "
        "matter), and an unclosed block swallows the body."
    ),
    fix=(
        "Start the file with a line holding only `---`, the YAML, then another `---` line; "
        "remove any blank line or text before the first `---`."
    ),
    example="a blank line before `---`",
    flags="```markdown\n\n---\ntitle: Notice\n---\n```\n\n(a blank line before the front matter)",
    passes="```markdown\n---\ntitle: Notice\n---\n```",
)
SYNTAX = Rule(
    "frontmatter/syntax",
    "error",
    "YAML that does not parse, tags that are not plain data (`!!python/...`) or cannot make "
    "their value (`published: !!bool 'abc'`), alias bombs",
    "A plain-data tag on text it cannot make (`published: !!bool 'abc'`) is reported because "
    "Jekyll reads it as the text.",
    why=(
        "Jekyll stops on YAML it cannot parse (`(<unknown>): did not find expected key`), or "
        "skips the post's front matter and publishes it without title or layout."
    ),
    fix=(
        "Correct the YAML at the line and column given: quote values that hold `: ` or start "
        "with a quote, indent lists consistently, and use only plain data (no `!!python/...` "
        "tags)."
    ),
    example='`title: "the "wrong" quotes"`',
    flags='```markdown\n---\ntitle: "the "wrong" quotes"\n---\n```',
    passes="```markdown\n---\ntitle: 'the \"right\" quotes'\n---\n```",
)
DUPLICATE_KEY = Rule(
    "frontmatter/duplicate-key",
    "error",
    "a key given twice (YAML keeps the last silently)",
    why=(
        "YAML keeps the last of two equal keys without a word, so the value an author edited "
        "may not be the one Jekyll uses."
    ),
    fix="Keep one of the keys, merging their values.",
    example="`categories:` twice",
    flags="```markdown\n---\ntitle: Notice\ncategories: [News]\ncategories: [World]\n---\n```",
    passes="```markdown\n---\ntitle: Notice\ncategories: [News, World]\n---\n```",
)
NOT_A_MAPPING = Rule(
    "frontmatter/not-a-mapping",
    "error",
    "front matter that is a list or a single value",
    why=(
        "Jekyll needs `key: value` pairs; a list or a single value between the `---` lines "
        "gives the post no title, date or layout."
    ),
    fix="Write each setting as `key: value` on its own line.",
    example="`- title`",
    flags="```markdown\n---\n- title: Notice\n---\n```",
    passes="```markdown\n---\ntitle: Notice\n---\n```",
)
RULES = (MISSING, SYNTAX, DUPLICATE_KEY, NOT_A_MAPPING)

_OPENING = re.compile(r"\A---[ \t\r\f\v]*\n")


def _missing(post: Post) -> str:
    """Why the post has no front matter, and what to do."""
    text = post.source
    if _OPENING.match(text):
        return (
            "the front matter opened on line 1 is never closed; "
            "end it with a line holding only `---`"
        )
    if not text.strip():
        return "the file is empty; a post starts with front matter between `---` lines"
    later = next((i for i, line in enumerate(post.lines[:50], 1) if line.strip() == "---"), 0)
    if later:
        return (
            f"front matter must start on line 1 at the very first byte; "
            f"the `---` on line {later} is not seen by Jekyll"
        )
    return "no front matter; a post must start with `---` on its first line"


def _parsed(post: Post) -> Iterator[Finding]:
    """What parsing the front matter found."""
    if post.shape == "missing":
        yield post.finding(MISSING, 1, 1, _missing(post))
    problem = post.yaml_error
    if problem is not None:
        yield post.finding(
            SYNTAX, problem.line + 1, problem.column + 1, f"front matter: {problem.message}"
        )
    for dup in post.duplicate_keys:
        yield post.finding(DUPLICATE_KEY, dup.line + 1, dup.column + 1, dup.message)
    if post.shape in ("list", "single value"):
        yield post.finding(
            NOT_A_MAPPING,
            2,
            1,
            f"the front matter is {'a list' if post.shape == 'list' else 'a single value'}; "
            "it must be `key: value` lines",
        )


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
    yield from _parsed(post)
    if not post.front_matter or not _tags_possible(post):
        return
    seen: set[tuple[int, int]] = set()
    for value in mismatches(post.front_matter):
        if (value.line, value.column) in seen:
            continue  # one value reached again through an alias
        seen.add((value.line, value.column))
        shown = value if len(value) <= 60 else value[:57] + "..."
        yield post.finding(
            SYNTAX, value.line, value.column, f'{value.tag} "{shown}" {value.problem}'
        )
