"""The front matter against the schema, in the author's words, at the offending key.

- `REQUIRED`: a field the site requires is missing or empty.
- `TYPE`: a value of the wrong shape (`tags[1]: expected text, got a number`).
- `VALUE`: a value of the right shape that is not allowed (unknown category or
  author, too long, a date Jekyll cannot read).
- `UNKNOWN_FIELD`: with `unknown_fields: forbid`, a field outside the schema, with
  the nearest known name as a suggestion.

pydantic validates the shapes; `bot.validation_errors` words its errors and maps their
locations back onto the data, so each finding lands on the line of the key it is about.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from bot.jekyll import DateError, post_date, read_date
from bot.problem import Finding
from bot.reading import without_front_matter
from bot.rules.base import Rule, quoted
from bot.schema_hugo_site import hugo_authors, known_fields, spelled
from bot.schema_hugo_site import model as hugo_model
from bot.schema_plain import DATE_FIELDS, KNOWN_FIELDS, SINGULAR, plainly_valid, tightening
from bot.validation_errors import dotted, problems, value_at
from bot.yamlread import TagMismatch

if TYPE_CHECKING:
    from pathlib import Path

    from pydantic import BaseModel

    from bot.hugo.content import Page
    from bot.post import Post
    from bot.site import Site
    from bot.site_index import SiteRun

REQUIRED = Rule(
    "schema/required",
    "error",
    "a required field missing or empty",
    "A field the site requires is missing or empty.",
    why=(
        "Jekyll builds a post without a title or author, but the layout shows an empty heading "
        "or byline: a required field is the site's own promise, which Jekyll cannot check."
    ),
    fix="Add the field with a value; an empty value (`author:`) counts as missing.",
    example="no `author`",
    flags="```markdown\n---\nlayout: post\n---\nNo title.\n```",
    passes="```markdown\n---\nlayout: post\ntitle: Notice\n---\n```",
    settings=(
        "`required:` in `.pressbot.yml`, the fields every post must have (default `[title]`), "
        "e.g. `required: [title, date, author, categories]`."
    ),
)
TYPE = Rule(
    "schema/type",
    "error",
    "a value of the wrong shape",
    "`tags[1]: expected text, got a number`.",
    why=(
        "Jekyll takes any YAML value, but a value of the wrong shape does something else than "
        "the author meant: `published: 'false'` is a string, which Jekyll publishes; `tags: "
        "[news, 2026]` gives a number where the layout expects text."
    ),
    fix=(
        "Write the value in the shape the message names (`true`/`false` without quotes, a list "
        "of text, a date)."
    ),
    example="`published: 'false'` (a string: Jekyll publishes it)",
    flags="```markdown\n---\ntitle: Notice\npublished: 'false'\n---\n```",
    passes="```markdown\n---\ntitle: Notice\npublished: false\n---\n```",
)
VALUE = Rule(
    "schema/value",
    "error",
    "a value not allowed: unknown category or author, too long, a date Jekyll cannot read "
    "or outside the years 1 to 9999",
    "A value of the right shape that is not allowed.",
    why=(
        "Jekyll accepts any category or author, so a typo makes a new category page or a byline "
        "with no author page; a date Jekyll cannot read stops the build, and one that is not on "
        "the calendar rolls over to another day."
    ),
    fix=(
        "Use one of the allowed values (the message suggests the nearest), shorten the text, or "
        "write a real date (`2026-01-05 09:00:00 +0100`)."
    ),
    example="`author: ghostwriter`",
    flags="```markdown\n---\ntitle: Notice\ndate: 2026-01-05 25:00:00\n---\n```",
    passes="```markdown\n---\ntitle: Notice\ndate: 2026-01-05 09:00:00\n---\n```",
    settings=(
        "`categories:` and `tags:` (the allowed values; none means any), `authors_from_data: "
        "true` (authors must be keys of `_data/authors.yml`), `max_length: {title: N, excerpt: "
        "N}`."
    ),
)
UNKNOWN_FIELD = Rule(
    "schema/unknown-field",
    "error",
    "with `unknown_fields: forbid`, a field outside the schema, with did-you-mean",
    "The nearest known name is offered as a suggestion.",
    why=(
        "Jekyll keeps every front-matter key, so a misspelt one (`tittle`) is silently a new "
        "variable and the real field stays empty."
    ),
    fix=(
        "Correct the name (the message suggests the nearest known one), or list the site's own "
        "fields in `extra_fields`."
    ),
    example="`tittle` (did you mean `title`?)",
    flags=(
        "```markdown\n---\ntitle: Notice\nsubtitel: Opening hours\n---\n```\n\n(with "
        "`unknown_fields: forbid`)"
    ),
    passes=(
        "```markdown\n---\ntitle: Notice\nsubtitle: Opening hours\n---\n```\n\n(with "
        "`extra_fields: [subtitle]`)"
    ),
    settings=(
        "`unknown_fields: forbid` turns the rule on (default `allow`); `extra_fields: [...]` "
        "names the site's own fields."
    ),
)
RULES = (REQUIRED, TYPE, VALUE, UNKNOWN_FIELD)

MAX_HINTS = 5
"""Did-you-mean suggestions per field and post: each compares one value with every allowed
one, so a post listing thousands of unknown values costs no more than five."""
MAX_HINT_LENGTH = 64
"""Longer values get no suggestion (comparing two texts costs the product of their lengths)."""


def _suggest(site: Site, word: str, choices: list[str], cutoff: float) -> str | None:
    """The closest of ``choices`` to ``word`` (the same but for case first), memoized per
    site. Among many choices only those sharing the word's first or last letter are
    compared: a typo rarely changes both, and a long list then costs a fraction."""
    if len(word) > MAX_HINT_LENGTH or not word:
        return None
    memo: dict[tuple[str, int, float], str | None] = site.memo.setdefault("suggestions", {})
    key = (word, id(choices), cutoff)
    if key not in memo:
        folded, by_letter = _choice_index(site, choices)
        found = folded.get(word.casefold())
        if found is None:
            pool = choices
            if len(choices) > MANY_CHOICES:
                first, last = word[0].casefold(), word[-1].casefold()
                pool = by_letter.get(("first", first), []) + by_letter.get(("last", last), [])
            close = difflib.get_close_matches(word, pool, n=1, cutoff=cutoff)
            found = close[0] if close else None
        memo[key] = found
    return memo[key]


MANY_CHOICES = 200


def _choice_index(
    site: Site, choices: list[str]
) -> tuple[dict[str, str], dict[tuple[str, str], list[str]]]:
    """``choices`` by case-folded name, and by first and by last letter (once per list)."""
    index = site.memo.setdefault("choice_index", {})
    if id(choices) not in index:
        folded: dict[str, str] = {}
        by_letter: dict[tuple[str, str], list[str]] = {}
        for choice in choices:
            folded.setdefault(choice.casefold(), choice)
            if choice:
                by_letter.setdefault(("first", choice[0].casefold()), []).append(choice)
                by_letter.setdefault(("last", choice[-1].casefold()), []).append(choice)
        index[id(choices)] = (folded, by_letter)
    found: tuple[dict[str, str], dict[tuple[str, str], list[str]]] = index[id(choices)]
    return found


_COLON = re.compile(r"[ \t]*:[ \t]*")


def value_position(post: Post, *path: Any) -> tuple[int, int]:
    """Where the value of the key at ``path`` starts (a tag included): on the key's line
    after the colon, or on the next line that holds something; else the key's position."""
    line, column = post.key_position(*path)
    if path not in post.positions or not 0 < line <= len(post.lines):
        return line, column
    text = post.lines[line - 1]
    name = str(path[-1])
    spellings = (name, f'"{name}"', f"'{name}'")
    spelled = next((s for s in spellings if text.startswith(s, column - 1)), "")
    colon = _COLON.match(text, column - 1 + len(spelled)) if spelled else None
    if colon is None:
        return line, column
    if colon.end() < len(text) and text[colon.end()] != "#":
        return line, colon.end() + 1
    for number in range(line + 1, min(post.fm_end_line, line + 50)):
        following = post.lines[number - 1]
        stripped = following.lstrip(" \t")
        if stripped and not stripped.startswith("#"):
            return number, len(following) - len(stripped) + 1
    return line, column


def _model(site: Site) -> type[BaseModel]:
    cache = site.memo.setdefault("models", {})
    spec = site.config.schema_
    if spec not in cache:
        from bot.schema import load_model

        cache[spec] = load_model(spec, site.root)
    model: type[BaseModel] = cache[spec]
    return model


def _shape_findings(post: Post, site: Site, data: dict[str, Any]) -> Iterator[Finding]:
    from pydantic import ValidationError

    if site.config.schema_ is None and plainly_valid(data):
        return
    try:
        _model(site).model_validate(data)
    except ValidationError as exc:
        for path, kind, text in problems(data, exc.errors(include_url=False), noun="field"):
            if kind == "missing":
                line, column = post.key_position(*path[:-1]) if path[:-1] else (1, 1)
                yield post.finding(REQUIRED, line, column, f"{dotted(path)}: {text}")
                continue
            if path and isinstance(value_at(data, path), TagMismatch):
                continue  # reported once, by frontmatter/syntax, at its tag
            line, column = post.key_position(*path) if path else (1, 1)
            rule = TYPE if kind == "type" else VALUE
            reading = _item_reading(path, value_at(data, path)) if rule is TYPE else ""
            yield post.finding(
                rule, line, column, f"{dotted(path) or 'front matter'}: {text}{reading}"
            )


def _item_reading(path: tuple[Any, ...], value: Any) -> str:
    """What Jekyll makes of a category or tag that is not text or a number, and what to
    write instead (Jekyll 4.3: categories keep the value and gain its text; tags keep it,
    without nulls, nested lists flattened)."""
    if len(path) != 2 or path[0] not in ("categories", "tags") or not isinstance(path[1], int):
        return ""
    key = path[0]
    if value is None:
        if key == "tags":
            return "; Jekyll drops it: remove it, or quote the name"
        return '; Jekyll keeps it and adds an empty category "": remove it, or quote the name'
    if isinstance(value, (bool, dt.date)):
        from bot.ruby import to_s

        text = to_s(value)
        if key == "tags":
            return f'; Jekyll keeps it, not the text "{text}": write "{text}" in quotes'
        return f'; Jekyll keeps it and adds the text "{text}": write "{text}" in quotes'
    if isinstance(value, list):
        if key == "tags":
            return "; Jekyll flattens it into the tags: write the names in one list"
        return (
            "; Jekyll keeps the list, adds its items and its text as a category, and puts all "
            "of them in the URL: write the names in one list"
        )
    return ""


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


def _site_findings(post: Post, site: Site, data: dict[str, Any]) -> Iterator[Finding]:
    site_schema = tightening(site)
    fm = post.front_matter or {}
    yield from _required(post, data, fm, site_schema.required)
    for key, allowed in site_schema.allowed.items():
        yield from _allowed(post, site, data, key, allowed)
        yield from _allowed(post, site, data, SINGULAR[key], allowed, plural=key)
    if site_schema.authors is not None:
        yield from _authors(post, site_schema.authors, data)
    yield from _too_long(post, data, site_schema.max_length)
    if site_schema.forbid_unknown:
        yield from _unknown_fields(post, site, fm)
    for name in DATE_FIELDS:
        yield from _date_value(post, site, data, name)


def _known_fields(site: Site) -> tuple[set[str], list[str]]:
    """The fields the site knows, as a set and as a sorted list (made once per site)."""
    if "known_fields" not in site.memo:
        site_schema = tightening(site)
        known = KNOWN_FIELDS | set(site_schema.extra_fields) | set(site_schema.required)
        if site.config.schema_:  # the default model's fields are KNOWN_FIELDS
            known |= set(_model(site).model_fields)
        site.memo["known_fields"] = (known, sorted(known))
    fields: tuple[set[str], list[str]] = site.memo["known_fields"]
    return fields


def _required(
    post: Post | _Within,
    data: dict[str, Any],
    written: dict[Any, Any],
    names: Iterable[str],
    spell: Callable[[str], str] = str,
) -> Iterator[Finding]:
    """Required fields empty or missing in ``data`` (found where the post writes them)."""
    for name in names:
        if _is_empty(data.get(name)):
            line, column = post.key_position(name) if name in written else (1, 1)
            state = "is empty" if name in data else "is missing"
            yield post.finding(
                REQUIRED, line, column, f'required field "{spell(name)}" {state}; add it'
            )


def _too_long(
    post: Post | _Within,
    data: dict[str, Any],
    limits: Mapping[str, int],
    spell: Callable[[str], str] = str,
) -> Iterator[Finding]:
    """Text fields longer than the site's limits."""
    for name, limit in limits.items():
        value = data.get(name)
        if isinstance(value, str) and len(value) > limit:
            line, column = post.key_position(name)
            yield post.finding(
                VALUE,
                line,
                column,
                f"{spell(name)}: {len(value)} characters, more than the site's limit of "
                f"{limit}; shorten it",
            )


def _unknown_fields(
    post: Post | _Within,
    site: Site,
    fm: dict[Any, Any],
    fields: tuple[set[str], list[str]] | None = None,
    spell: Callable[[str], str] = str,
) -> Iterator[Finding]:
    """Keys outside the site's ``fields`` (default: a Jekyll post's), each with the closest
    known one as ``spell`` writes it (Hugo's documented spelling, on a Hugo site)."""
    known, choices = fields or _known_fields(site)
    hints = 0
    for key in fm:
        if isinstance(key, str) and key in known:
            continue
        close = _suggest(site, str(key), choices, 0.7) if hints < MAX_HINTS else None
        hints += 1
        hint = f' (did you mean "{spell(close)}"?)' if close else ""
        todo = "correct the name" if close else "remove it"
        line, column = post.key_position(key)
        yield post.finding(
            UNKNOWN_FIELD,
            line,
            column,
            f'unknown field "{quoted(str(key), 80)}"{hint}; the site does not use it: {todo}, '
            f"or list it in {_setting(site, 'extra_fields')}",
        )


def _allowed(
    post: Post,
    site: Site,
    data: dict[str, Any],
    key: str,
    allowed: list[str] | None,
    plural: str | None = None,
) -> Iterator[Finding]:
    """Values of ``key`` the site does not allow; ``plural`` names the list a singular key
    (`category`) adds to."""
    if allowed is None or key not in data:
        return
    value = data[key]
    if isinstance(value, str):
        items = [value] if plural else value.split()
    else:
        items = value if isinstance(value, list) else [value] if plural else []
    known = _as_set(site, allowed)
    hints = 0
    for index, item in enumerate(items):
        if not isinstance(item, (str, int, float)) or isinstance(item, bool):
            continue
        text = item if isinstance(item, str) else _ruby_text(item)
        if text in known:
            continue
        path = (key, index) if isinstance(value, list) else (key,)
        if plural and not isinstance(value, list):
            line, column = value_position(post, key)
        else:
            line, column = post.key_position(*path)
        close = _suggest(site, text, allowed, 0.6) if hints < MAX_HINTS else None
        hints += 1
        yield post.finding(
            VALUE, line, column, _not_allowed(site, key, text, plural or key, allowed, close)
        )


def _not_allowed(
    site: Site, key: str, text: str, setting: str, allowed: list[str], close: str | None
) -> str:
    """What to say of ``text``, a value of ``key`` that is not among the ``allowed`` values
    of the site's ``setting``: the closest allowed one, else the first few of them."""
    said = f'{key}: "{quoted(text, 80)}" is not one of the site\'s {setting}'
    add = f"add it to {_setting(site, setting)}"
    if not allowed:
        return f"{said} (it allows none); {add}"
    hint = f'did you mean "{close}"?' if close else f"allowed: {_first_few(site, allowed)}"
    return f"{said} ({hint}); use one of them, or {add}"


SHOWN_VALUES = 5
"""Allowed values a message lists when none is close to the value written."""


def _first_few(site: Site, allowed: list[str]) -> str:
    """The first allowed values, as a message lists them (made once per list)."""
    made: dict[int, str] = site.memo.setdefault("first_few", {})
    if id(allowed) not in made:
        values = list(dict.fromkeys(allowed))
        shown = ", ".join(f'"{quoted(value, 30)}"' for value in values[:SHOWN_VALUES])
        more = len(values) - SHOWN_VALUES
        made[id(allowed)] = shown + (f" and {more} more" if more > 0 else "")
    return made[id(allowed)]


def _setting(site: Site, name: str) -> str:
    """Where the site sets ``name``: `.pressbot.yml`, or `pressbot:` in Jekyll's config."""
    from bot.generator import JEKYLL_CONFIG_NAMES

    path = site.config_path
    if path is None:
        return f"`{name}` in .pressbot.yml"
    if path.name in JEKYLL_CONFIG_NAMES and path.parent == site.root:
        return f"`pressbot.{name}` in {path.name}"
    return f"`{name}` in {path.name}"


def _as_set(site: Site, allowed: list[str]) -> frozenset[str]:
    sets: dict[int, frozenset[str]] = site.memo.setdefault("allowed_sets", {})
    if id(allowed) not in sets:
        sets[id(allowed)] = frozenset(allowed)
    return sets[id(allowed)]


def _ruby_text(number: int | float) -> str:
    """A number as Jekyll names the category (`str` would fail on a huge int)."""
    try:
        return str(number)
    except ValueError:
        return ""


def _authors(
    post: Post | _Within,
    known: frozenset[str],
    data: dict[str, Any],
    listed_in: str = "_data/authors.yml",
) -> Iterator[Finding]:
    """Author names (`author`, `authors`; a name, a list, or a mapping's `name`) that the
    site's authors file (``listed_in``) does not list."""
    for key in ("author", "authors"):
        value = data.get(key)
        if isinstance(value, dict):
            value = value.get("name")
        names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        for index, name in enumerate(names):
            if isinstance(name, str) and name not in known:
                path = (key, index) if isinstance(data.get(key), list) else (key,)
                line, column = post.key_position(*path)
                yield post.finding(
                    VALUE,
                    line,
                    column,
                    f'{key}: "{name}" is not in {listed_in}; add the author there '
                    "or use a listed one",
                )


def _date_value(post: Post, site: Site, data: dict[str, Any], name: str) -> Iterator[Finding]:
    """A date Jekyll cannot read, or cannot place in the years 1 to 9999. A date it reads
    in part, or rolls over, is a `jekyll/date-lossy` warning."""
    value = data.get(name)
    if value is None or isinstance(value, TagMismatch):
        return  # nothing, or reported by frontmatter/syntax at its tag
    if not isinstance(value, (str, dt.date)):
        return  # a shape problem, reported by the model
    if name == "date":
        parsed, error = post_date(post, site)
    else:
        try:
            parsed, error = read_date(value, site), None
        except DateError as exc:
            parsed, error = None, str(exc)
    line, column = value_position(post, name)
    if parsed is None:
        yield post.finding(VALUE, line, column, f"{name}: {error}")


# --- Hugo ---------------------------------------------------------------------------------
# A Hugo page's front matter against `bot.schema_hugo.HugoFrontMatter` (or the site's own
# model), then the site's tightening. Keys arrive lower-cased; messages name a field in
# Hugo's spelling (`publishDate`). Unlike Jekyll, a string in `tags` or `categories` is one
# value (Hugo does not split it), the authors are those of Hugo's `data/authors.*`, and a
# date is read by Hugo's own layouts in the page's time zone.


def _hugo_findings(post: Post, site: Site) -> Iterator[Finding]:
    """The page's front matter as Hugo builds the page: with the values a `cascade` gives
    it where it sets none itself. A cascaded value counts for `required` and the model's
    shapes; what is wrong with one is reported once, where the cascade writes it
    (`check_site`), not on every page it reaches."""
    data = post.front_matter or {}
    cascaded = _hugo_cascaded(post, site, data)
    merged = {**cascaded, **data} if cascaded else data
    yield from _hugo_shape(post, site, merged, skip=cascaded)
    yield from _hugo_site(post, site, data, merged)


def _hugo_cascaded(post: Post, site: Site, data: dict[str, Any]) -> dict[str, Any]:
    """The `cascade` values reaching the page that it does not set itself (Hugo's
    `setMetadata`: a key the page names, even empty, keeps the page's value). They are
    those of the page's description, which a check makes of every page anyway."""
    from bot.hugo.posts import hugo_page

    page = hugo_page(post, site)
    if page is None or not page.cascaded:
        return {}
    return {key: value for key, value in page.cascaded.items() if key not in data}


def _hugo_dotted(path: tuple[Any, ...]) -> str:
    from bot.validation_errors import dotted

    if path and isinstance(path[0], str):
        path = (spelled(path[0]), *path[1:])
    return dotted(path)


def _hugo_shape(
    post: Post | _Within,
    site: Site,
    data: dict[str, Any],
    skip: Mapping[str, Any] | None = None,
    partial: bool = False,
) -> Iterator[Finding]:
    """The model's findings on ``data``; none on the top-level keys in ``skip`` (values
    judged where they are written), nor, ``partial`` (a cascade's values, which are part of
    a page's), of a field missing at the top."""
    from pydantic import ValidationError

    from bot.validation_errors import problems

    try:
        hugo_model(site).model_validate(data)
    except ValidationError as exc:
        dates = _hugo_date_keys(site)
        # Hugo makes text of a taxonomy's terms, whatever they are (`hugo/term-value` warns
        # where that text is not what is written); the site's own model decides for itself
        terms = set() if site.config.schema_ else set(site.hugo.config.taxonomies.values())
        for path, kind, text in problems(data, exc.errors(include_url=False), noun="field"):
            if skip and path and path[0] in skip:
                continue
            if partial and kind == "missing" and len(path) == 1:
                continue
            if len(path) == 1 and path[0] in dates and _hugo_unreadable(data[path[0]]):
                continue  # a date Hugo cannot read, whatever its shape: `hugo/invalid-date`
            if kind == "type" and path and path[0] in terms:
                continue  # terms, or a mapping that makes none: `hugo/term-value`'s
            if kind == "missing":
                line, column = post.key_position(*path[:-1]) if path[:-1] else (1, 1)
                yield post.finding(REQUIRED, line, column, f"{_hugo_dotted(path)}: {text}")
                continue
            if kind == "type" and post.front_format == "org" and _text_at(data, path):
                continue  # Org's values are all text, cast as Hugo needs (`hugo/string-bool`)
            line, column = post.key_position(*path) if path else (1, 1)
            rule = TYPE if kind == "type" else VALUE
            if kind == "type" and post.front_format == "yaml" and _hugo_yaml_bool(data, path):
                text += YAML_BOOL_HINT
            elif kind == "type" and path in (("draft",), ("headless",)):
                text += "; Hugo takes it as false: write true or false"
            yield post.finding(
                rule, line, column, f"{_hugo_dotted(path) or 'front matter'}: {text}"
            )


def _hugo_date_keys(site: Site) -> set[str]:
    """The front-matter keys Hugo reads as dates on this site (worked out once)."""
    found: set[str] | None = site.memo.get("hugo_date_keys")
    if found is None:
        from bot.schema_hugo_site import DATE_FIELDS as HUGO_DATE_FIELDS

        found = site.memo["hugo_date_keys"] = set(HUGO_DATE_FIELDS)
        found |= site.hugo.config.date_keys.all_keys()
    return found


def _hugo_unreadable(value: Any) -> bool:
    from bot.hugo.dates import DateError, to_time

    try:
        to_time(value, dt.timezone.utc)
    except DateError:
        return True
    return False


YAML_BOOL_HINT = "; Hugo's YAML reads yes/no, on/off and y/n as true/false: put the text in quotes"


def _text_at(data: dict[str, Any], path: tuple[Any, ...]) -> bool:
    from bot.validation_errors import value_at

    return bool(path) and isinstance(value_at(data, path), str)


def _hugo_yaml_bool(data: dict[str, Any], path: tuple[Any, ...]) -> bool:
    from bot.validation_errors import value_at

    return bool(path) and isinstance(value_at(data, path), bool)


def _hugo_site(
    post: Post | _Within, site: Site, data: dict[str, Any], merged: dict[str, Any] | None
) -> Iterator[Finding]:
    """The site's tightening of ``data``; ``merged`` (with what cascades onto the page) is
    what `required` looks at (None: no required fields, for a cascade's own values)."""
    from bot.schema_plain import tightening_of

    config = site.config
    rules = tightening_of(config)
    if merged is not None:
        names = [name.lower() for name in rules.required]
        yield from _required(post, merged, data, names, spelled)
    for key, allowed in rules.allowed.items():
        yield from _hugo_allowed(post, site, data, key, allowed)
    if config.authors_from_data:
        yield from _authors(post, hugo_authors(site), data, "data/authors")
    yield from _too_long(post, data, rules.max_length, spelled)
    if rules.forbid_unknown:
        yield from _unknown_fields(post, site, data, known_fields(site), spelled)
    # (a date Hugo cannot read is `hugo/invalid-date`'s)


def _hugo_allowed(
    post: Post | _Within, site: Site, data: dict[str, Any], key: str, allowed: list[str]
) -> Iterator[Finding]:
    """Values of a taxonomy the site does not allow: each term as Hugo makes it (a string
    is one value, the number 2026 the term "2026"; an item that makes no term is
    `hugo/term-value`'s)."""
    from bot.hugo.values import to_string

    value = data.get(key)
    if value is None or isinstance(value, dict):
        return
    items = value if isinstance(value, list) else [value]
    known = _as_set(site, allowed)
    hints = 0
    for index, item in enumerate(items):
        text = to_string(item)
        if not text or text in known:
            continue
        path = (key, index) if isinstance(value, list) else (key,)
        line, column = post.key_position(*path)
        close = _suggest(site, text, allowed, 0.6) if hints < MAX_HINTS else None
        hints += 1
        yield post.finding(VALUE, line, column, _not_allowed(site, key, text, key, allowed, close))


class _Within:
    """A post's findings about a value inside its front matter (an entry of a `cascade`),
    placed as if that value were the whole front matter: a key's path is the entry's
    (``prefix``) and the key's."""

    def __init__(self, post: Post, prefix: tuple[Any, ...]) -> None:
        self.post = post
        self.prefix = prefix
        self.front_format = post.front_format
        self.finding = post.finding

    def key_position(self, *key: Any) -> tuple[int, int]:
        return self.post.key_position(*self.prefix, *key)


def _cascade_sources(
    site: Site, path: Path, below: dict[tuple[str, str], list[Page]]
) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    """The values of each entry of the branch file's `cascade` that reaches a regular page
    (a mapping, every page below the branch; a list entry, those its `_target` matches),
    with the entry's path in the front matter."""
    from bot.hugo.content import entry_reaches

    data = site.hugo.branch_data(path)
    cascade = data.get("cascade") if data is not None else None
    pages = [
        page
        for key, where in site.hugo.listing()[1].items()
        if where == path
        for page in below.get(key, ())
    ]
    if isinstance(cascade, dict):
        if pages:
            yield ("cascade",), cascade
        return
    for index, entry in enumerate(cascade if isinstance(cascade, list) else []):
        if isinstance(entry, dict) and any(entry_reaches(entry, page) for page in pages):
            values = {key: value for key, value in entry.items() if key != "_target"}
            yield ("cascade", index), values


def _pages_below(site: Site) -> dict[tuple[str, str], list[Page]]:
    """The regular pages below each branch (by language and folder)."""
    from bot.hugo.posts import page_index

    below: dict[tuple[str, str], list[Page]] = {}
    for page in page_index(site)[0].values():
        for folder in page.branches:
            below.setdefault((page.file.lang, folder), []).append(page)
    return below


def check_site(run: SiteRun, site: Site) -> Iterator[Finding]:
    """On a Hugo site, the values a section's `cascade` gives its pages, judged once where
    the cascade writes them (each page takes them as its own: see `_hugo_findings`)."""
    if not site.is_hugo or not any(run.enabled(rule) for rule in (TYPE, VALUE, UNKNOWN_FIELD)):
        return
    from bot.hugo import branches
    from bot.post import read_post

    below: dict[tuple[str, str], list[Page]] | None = None
    for path in branches.branch_files(site, run):
        data = site.hugo.branch_data(path)
        if not data or not data.get("cascade"):
            continue
        below = _pages_below(site) if below is None else below
        post: Post | None = None
        for prefix, values in _cascade_sources(site, path, below):
            post = read_post(site, path) if post is None else post
            if post.front_matter is None:
                break
            where = _Within(post, prefix)
            yield from _hugo_shape(where, site, values, partial=True)
            yield from _hugo_site(where, site, values, None)


def check(post: Post, site: Site) -> Iterable[Finding]:
    if post.front_matter is None and (site.is_hugo or not without_front_matter(post)):
        return  # a Jekyll post without front matter is judged as if it had empty front matter
    if site.is_hugo:
        yield from _hugo_findings(post, site)
        return
    data = post.merged
    yield from _shape_findings(post, site, data)
    yield from _site_findings(post, site, data)
