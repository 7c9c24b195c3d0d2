"""Front matter as Jekyll reads it: what parsing found (`bot.post` records its shape, its
YAML error and its duplicate keys), and tags on text they cannot make."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from bot.problem import Finding
from bot.rules.base import Rule, quoted
from bot.yamlread import TagMismatch

if TYPE_CHECKING:
    from bot.post import Post
    from bot.site import Site
    from bot.site_index import SiteRun

MISSING = Rule(
    "frontmatter/missing",
    "error",
    "front matter Jekyll does not see (`---` not at byte 0), never closed, or an empty file",
    "A post with no front matter at all, and no `---` line that looks like a misplaced one, "
    "is not reported: Jekyll 4 publishes it in full (the Markdown rendered, the layout from "
    "`defaults`, the title, date and URL from the file name), and the schema judges its "
    "`defaults` as if it had empty front matter.",
    why=(
        "Jekyll reads front matter only when the file's very first bytes are `---` and a "
        "newline. Otherwise the whole file is the post's content: the `---` lines and the "
        "YAML are published as text (a rule and a heading), and none of the keys (title, "
        "date, layout, permalink) apply. An unclosed block is not front matter either."
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
    "YAML that does not parse, tags that make what Jekyll refuses (`!ruby/object:...`, "
    "`!!set`) or cannot make their value (`published: !!bool 'abc'`), alias bombs",
    "A plain-data tag on text it cannot make (`published: !!bool 'abc'`) is reported because "
    "Jekyll reads it as the text. A tag Jekyll's YAML reader does not know (`!foo`, "
    "`!!python/...`) is not: it reads the value as if untagged.",
    why=(
        "Jekyll stops on YAML it cannot parse (`(<unknown>): did not find expected key`), or "
        "skips the post's front matter and publishes it without title or layout."
    ),
    fix=(
        "Correct the YAML at the line and column given: quote values that hold `: ` or start "
        "with a quote, indent lists consistently, and use only plain data (no `!ruby/...` "
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
YAML_WORD = Rule(
    "frontmatter/yaml-word",
    "warning",
    "a word Jekyll's YAML reads as true, false or null, not as text: `No`, `off`, `Yes`, `nULL`",
    "Jekyll's YAML (Psych, YAML 1.1) reads yes/no/on/off in any letter case, and true, false "
    "and null in any mix of cases, as true, false or null, where YAML 1.2 readers (editors, "
    "most tools) read text: `published: No` unpublishes the post, `tags: [on]` is the tag "
    "true. Write true, false or null, or quote the text.",
    why=(
        "Editors and most tools read YAML 1.2, where `No` is text; Jekyll reads YAML 1.1, where "
        "it is false. A post with `published: No` looks published in review and never appears."
    ),
    fix="Write `true`, `false` or `null` as meant, or quote the word to keep it as text.",
    example="`published: No` (the post is not published)",
    flags="```markdown\n---\ntitle: Notice\ntags: [news, on]\n---\n```",
    passes='```markdown\n---\ntitle: Notice\ntags: [news, "on"]\n---\n```',
)
EMPTY_DEFAULT = Rule(
    "frontmatter/empty-default",
    "warning",
    "a field left empty where the site's `defaults` give it a value: Jekyll keeps the default",
    "Jekyll's merge keeps what `defaults` say over an empty value, so `tags:` left empty "
    'still has the default tags. Write `[]` (or `""`) for none, or remove the line.',
    why=(
        "An author who empties a field to remove a value expects none; Jekyll puts the default "
        "back, so the post keeps tags, a layout or an author the author meant to drop."
    ),
    fix='Write `[]` or `""` for no value, or remove the line to keep the default on purpose.',
    example="`tags:` left empty keeps the default tags",
    flags=(
        "`tags:` left empty in a post under `_posts/`, with `defaults: [{scope: {path: ''}, "
        "values: {tags: [news]}}]` in `_config.yml`"
    ),
    passes="the same post with `tags: []`, or without the `tags:` line",
    settings="`defaults` in Jekyll's `_config.yml`.",
)
SECOND_DOCUMENT = Rule(
    "frontmatter/second-document",
    "error",
    "text in the front matter after a `--- x` or `... x` line, which Jekyll never reads",
    "Only a line holding nothing but `---` (or `...`) closes the front matter; a `---` or "
    "`...` line with more on it (`--- # end`) ends the first YAML document instead, and "
    "Jekyll's YAML reader reads that document alone. Comments and blank lines after it are "
    "not reported.",
    why=(
        "Jekyll reads the front matter with Psych, which stops at the end of the first YAML "
        "document: the lines between that line and the closing `---` are neither front "
        "matter nor content, and are lost without a word."
    ),
    fix=(
        "Close the front matter with a line holding only `---`, or move the lines into the "
        "front matter above."
    ),
    example="`--- # end of front matter`, then the first paragraph",
    flags=(
        "```markdown\n---\ntitle: Notice\n--- # end of front matter\nThe office is "
        "closed.\n\n---\n\nMore.\n```"
    ),
    passes="```markdown\n---\ntitle: Notice\n---\nThe office is closed.\n```",
)
RULES = (MISSING, SYNTAX, DUPLICATE_KEY, NOT_A_MAPPING, YAML_WORD, EMPTY_DEFAULT, SECOND_DOCUMENT)

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
        return "the file is empty; write the post's front matter between `---` lines, or remove it"
    later = next((i for i, line in enumerate(post.lines[:50], 1) if line.strip() == "---"), 0)
    if later:
        return (
            f"front matter must start on line 1 at the very first byte; "
            f"the `---` on line {later} is not seen by Jekyll: remove what comes before it"
        )
    return "no front matter; a post must start with `---` on its first line"


def _parsed(post: Post, site: Site) -> Iterator[Finding]:
    """What parsing the front matter found (Hugo builds a page without front matter, and
    stops on front matter it cannot decode)."""
    from bot.reading import without_front_matter

    if post.shape == "missing" and not site.is_hugo and not without_front_matter(post):
        yield post.finding(MISSING, 1, 1, _missing(post))
    problem = post.yaml_error
    if problem is not None:
        message = problem.message
        if site.is_hugo:
            message = _with_hugo_remedy(message)
        yield post.finding(SYNTAX, problem.line + 1, problem.column + 1, f"front matter: {message}")
    for dup in post.duplicate_keys:
        yield post.finding(
            DUPLICATE_KEY, dup.line + 1, dup.column + 1, f"{dup.message}; keep one of them"
        )
    if post.shape in ("list", "single value"):
        yield post.finding(
            NOT_A_MAPPING,
            2,
            1,
            f"the front matter is {'a list' if post.shape == 'list' else 'a single value'}; "
            "write it as `key: value` lines",
        )


_HUGO_REMEDIES = (
    ("unacceptable character", "remove the character (YAML allows it nowhere, not even in quotes)"),
    ("TOML: ", "correct the TOML here (text in quotes, `key = value`, each table once)"),
    ("JSON: ", "correct the JSON here (keys and text in double quotes, no comma before } or ])"),
    ("YAML: ", "correct the YAML here (quote a value holding `: ` or quotes, line up the keys)"),
    ("must be a mapping", "write it as `key: value` lines"),
    ("must be an object", 'write it as one object: { "key": "value" }'),
    ("not text", "write each key as text"),
    ("unknown node", "write plain values (text, numbers, lists, mappings)"),
    ("too large", "move the data into a data file"),
    ("EOF", "close the front matter (`---`, `+++` or `}`) before the content"),
    (
        "delimiter",
        "start the file with `---` (YAML), `+++` (TOML) or `{` (JSON) on a line of its own",
    ),
)
"""What to do about the decoders' messages Hugo stops on (those that do not say)."""


def _with_hugo_remedy(message: str) -> str:
    remedy = next((fix for words, fix in _HUGO_REMEDIES if words in message), None)
    return f"{message}; {remedy}" if remedy else message


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


_WORD = re.compile(r"[A-Za-z]+")
_YAML11_WORDS = {"yes": True, "on": True, "no": False, "off": False}
_YAML12_SPELLINGS = {"true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL"}
MAX_WALK = 10_000
"""Values looked at per post: front matter is small; aliases can make it look huge."""


def _words(post: Post) -> Iterator[Finding]:
    """Plain words Psych reads as true, false or null where YAML 1.2 reads text."""
    from bot.rules.schema import value_position

    stack: list[tuple[tuple[Any, ...], Any]] = [((), post.front_matter)]
    walked = 0
    while stack and walked < MAX_WALK:
        path, node = stack.pop()
        walked += 1
        if isinstance(node, dict):
            stack.extend(((*path, k), v) for k, v in reversed(node.items()))
            continue
        if isinstance(node, list):
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(node))))
            continue
        if not (node is None or isinstance(node, bool)) or path not in post.positions:
            continue
        if isinstance(path[-1], int):
            line, column = post.positions[path]
        else:
            line, column = value_position(post, *path)
        word = (
            _WORD.match(post.lines[line - 1], column - 1) if 0 < line <= len(post.lines) else None
        )
        if word is None:
            continue
        text = word.group()
        if text in _YAML12_SPELLINGS or text.lower() not in {*_YAML11_WORDS, *_12_WORDS}:
            continue
        yield post.finding(YAML_WORD, line, column, _word_message(path, text, node))


_12_WORDS = {"true", "false", "null"}


_BOOLEAN_FIELDS = {("published",), ("comments",)}


def _word_message(path: tuple[Any, ...], text: str, value: bool | None) -> str:
    read = "null (nothing)" if value is None else str(value).lower()
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    canonical = "null" if value is None else str(value).lower()
    if path == ("published",):
        effect = "the post is published" if value else "the post is not published"
        return f"{where}: Jekyll reads {text} as {read}, so {effect}; write {canonical}"
    if path in _BOOLEAN_FIELDS:
        return f"{where}: Jekyll reads {text} as {read}; write {canonical}"
    return (
        f'{where}: Jekyll reads {text} as {read}, not as the text "{text}"; write '
        f'{canonical}, or "{text}" in quotes for the text'
    )


def _empty_over_defaults(post: Post) -> Iterator[Finding]:
    """Top-level fields left empty that the site's defaults fill."""
    from bot.ruby import inspect

    for key, value in (post.front_matter or {}).items():
        default = post.defaults.get(key) if value is None else None
        if default is None or key == "categories":
            continue  # Jekyll adds the defaults' categories to any the post names
        if isinstance(default, list) or key == "tags":
            instead = "write [] for none"
        elif isinstance(default, str):
            instead = 'write "" for none'
        else:
            instead = "write the value, or remove the line"
        shown = default if isinstance(default, str) else inspect(default)
        shown = quoted(shown, 60)
        line, column = post.key_position(key)
        yield post.finding(
            EMPTY_DEFAULT,
            line,
            column,
            f"{key}: left empty, so Jekyll keeps the site's default ({shown}); {instead}",
        )


def check_site(run: SiteRun, site: Site) -> Iterator[Finding]:
    """A Hugo branch's `_index` file that stops the build (`bot.hugo.branches`): every
    branch in a whole-site run; in a partial one, those above the pages checked and those
    the run was given. The same for a leaf bundle's resources (`bot.hugo.resources`)."""
    if not site.is_hugo or not run.enabled(SYNTAX):
        return
    from bot.hugo import branches, resources

    found = [
        *branches.problems(site, branches.branch_files(site, run)),
        *resources.unreadable(site, resources.resource_files(site, run)),
    ]
    for problem in found:
        yield problem.finding(SYNTAX.id)


def _second_document(post: Post, first: int, last: int) -> Finding:
    lines = f"line {first}" if first == last else f"lines {first}-{last}"
    return post.finding(
        SECOND_DOCUMENT,
        first,
        1,
        f"the text on {lines} comes after a `---` or `...` line with more on it, which ends "
        "the front matter's first YAML document: Jekyll reads it neither as front matter nor "
        "as content; close the front matter with a line holding only `---`",
    )


def check(post: Post, site: Site) -> Iterable[Finding]:
    yield from _parsed(post, site)
    if site.is_hugo:
        return  # the checks below are of YAML as Jekyll's parser reads it
    if post.second_document is not None:
        yield _second_document(post, *post.second_document)
    if post.front_matter and post.defaults:
        yield from _empty_over_defaults(post)
    if post.front_matter and post.positions:
        yield from _words(post)
    if not post.front_matter or not _tags_possible(post):
        return
    seen: set[tuple[int, int]] = set()
    for value in mismatches(post.front_matter):
        if (value.line, value.column) in seen:
            continue  # one value reached again through an alias
        seen.add((value.line, value.column))
        shown = quoted(value, 60)
        yield post.finding(
            SYNTAX, value.line, value.column, f'{value.tag} "{shown}" {value.problem}'
        )
