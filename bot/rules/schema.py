"""The front matter against the schema, in the author's words, at the offending key.

- `schema/required`: a field the site requires is missing or empty.
- `schema/type`: a value of the wrong shape (`tags[1]: expected text, got a number`).
- `schema/value`: a value of the right shape that is not allowed (unknown category or
  author, too long, a date Jekyll cannot read or that is not on the calendar).
- `schema/unknown-field`: with `unknown_fields: forbid`, a field outside the schema, with
  the nearest known name as a suggestion.

pydantic validates the shapes; its error locations are mapped back onto the data (union
branch names such as `str` or `list[str]` are skipped) so each finding lands on the line of
the key it is about.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from bot.jekyll import post_date, real_calendar_date, type_name
from bot.problem import Finding, Severity
from bot.schema import KNOWN_FIELDS, load_model, plainly_valid

if TYPE_CHECKING:
    from pydantic import BaseModel

    from bot.post import Post
    from bot.site import Site

RULES: dict[str, Severity] = {
    "schema/required": "error",
    "schema/type": "error",
    "schema/value": "error",
    "schema/unknown-field": "error",
}

_EXPECTED = {
    "string_type": "text",
    "string_sub_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a number",
    "int_parsing": "a number",
    "int_from_float": "a number",
    "float_type": "a number",
    "float_parsing": "a number",
    "datetime_type": "a date",
    "datetime_parsing": "a date",
    "date_type": "a date",
    "date_parsing": "a date",
    "date_from_datetime_inexact": "a date",
    "datetime_from_date_parsing": "a date",
    "none_required": "nothing",
}


def _model(site: Site) -> type[BaseModel]:
    cache = site.memo.setdefault("models", {})
    spec = site.config.schema_
    if spec not in cache:
        cache[spec] = load_model(spec, site.root)
    return cache[spec]


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Keep the parts of a pydantic location that index into the data."""
    path: list[Any] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
            path.append(part)
    return tuple(path)


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def dotted(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _join_expected(items: list[str]) -> str:
    items = list(dict.fromkeys(items))
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " or " + items[-1]


def _shape_findings(post: Post, site: Site, data: dict[str, Any]) -> Iterator[Finding]:
    from pydantic import ValidationError

    if site.config.schema_ is None and plainly_valid(data):
        return
    try:
        _model(site).model_validate(data)
    except ValidationError as exc:
        grouped: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        for err in exc.errors(include_url=False):
            if err["type"] == "missing":
                yield _missing_finding(post, data, tuple(err["loc"]))
                continue
            grouped.setdefault(_data_path(data, tuple(err["loc"])), []).append(dict(err))
        for path, errors in grouped.items():
            # A union branch that got further (`tags[1]`) explains the error better than
            # the branches that failed at once (`tags` is not text).
            if any(len(other) > len(path) and other[: len(path)] == path for other in grouped):
                continue
            yield _shape_finding(post, data, path, errors)


def _missing_finding(post: Post, data: dict[str, Any], loc: tuple[Any, ...]) -> Finding:
    parent = _data_path(data, loc)
    line, column = post.key_position(*parent) if parent else (1, 1)
    return post.finding(
        "schema/required", line, column, f"{dotted(loc)}: this field is required; add it"
    )


def _shape_finding(
    post: Post, data: dict[str, Any], path: tuple[Any, ...], errors: list[dict[str, Any]]
) -> Finding:
    line, column = post.key_position(*path) if path else (1, 1)
    name = dotted(path) or "front matter"
    expected = [_EXPECTED[e["type"]] for e in errors if e["type"] in _EXPECTED]
    value = _value_at(data, path) if path else data
    if expected:
        message = f"{name}: expected {_join_expected(expected)}, got {type_name(value)}"
        return post.finding("schema/type", line, column, message)
    return post.finding("schema/value", line, column, f"{name}: {errors[0]['msg']}")


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


def _site_findings(post: Post, site: Site, data: dict[str, Any]) -> Iterator[Finding]:
    config = site.config
    fm = post.front_matter or {}
    for name in config.required:
        if _is_empty(data.get(name)):
            line, column = post.key_position(name) if name in fm else (1, 1)
            state = "is empty" if name in data else "is missing"
            yield post.finding(
                "schema/required", line, column, f'required field "{name}" {state}; add it'
            )
    yield from _allowed(post, data, "categories", config.categories)
    yield from _allowed(post, data, "tags", config.tags)
    if config.authors_from_data:
        yield from _authors(post, site, data)
    for name, limit in (("title", config.max_length.title), ("excerpt", config.max_length.excerpt)):
        value = data.get(name)
        if limit and isinstance(value, str) and len(value) > limit:
            line, column = post.key_position(name)
            yield post.finding(
                "schema/value",
                line,
                column,
                f"{name}: {len(value)} characters, more than the site's limit of {limit}; "
                "shorten it",
            )
    if config.unknown_fields == "forbid":
        known = KNOWN_FIELDS | set(config.extra_fields) | set(config.required)
        known |= set(_model(site).model_fields)
        for key in fm:
            if isinstance(key, str) and key in known:
                continue
            close = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.7)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            line, column = post.key_position(key)
            yield post.finding(
                "schema/unknown-field",
                line,
                column,
                f'unknown field "{key}"{hint}; the site does not use it',
            )
    yield from _date_value(post, site, data)


def _allowed(
    post: Post, data: dict[str, Any], key: str, allowed: list[str] | None
) -> Iterator[Finding]:
    if allowed is None or key not in data:
        return
    value = data[key]
    items = value.split() if isinstance(value, str) else value if isinstance(value, list) else []
    for index, item in enumerate(items):
        if isinstance(item, (str, int, float)) and str(item) not in allowed:
            path = (key, index) if isinstance(value, list) else (key,)
            line, column = post.key_position(*path)
            close = difflib.get_close_matches(str(item), allowed, n=1, cutoff=0.6)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            yield post.finding(
                "schema/value",
                line,
                column,
                f'{key}: "{item}" is not one of the site\'s {key}{hint}',
            )


def _authors(post: Post, site: Site, data: dict[str, Any]) -> Iterator[Finding]:
    known = site.authors()
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
                    "schema/value",
                    line,
                    column,
                    f'{key}: "{name}" is not in _data/authors.yml; add the author there '
                    "or use a listed one",
                )


def _date_value(post: Post, site: Site, data: dict[str, Any]) -> Iterator[Finding]:
    value = data.get("date")
    if value is None or isinstance(value, (dt.date, dt.datetime)):
        return
    line, column = post.key_position("date")
    if not isinstance(value, str):
        return  # a shape problem, reported by the model
    parsed, error = post_date(post, site)
    if parsed is None:
        yield post.finding("schema/value", line, column, f"date: {error}")
        return
    head = value.strip()[:10].split("-")
    if len(head) == 3 and all(p.isdigit() for p in head):
        y, m, d = (int(p) for p in head)
        if not real_calendar_date(y, m, d):
            yield post.finding(
                "schema/value",
                line,
                column,
                f"date: {y:04d}-{m:02d}-{d:02d} is not on the calendar "
                f"(Jekyll would silently use {parsed:%Y-%m-%d}); correct it",
            )


def check(post: Post, site: Site) -> Iterable[Finding]:
    if post.front_matter is None:
        return
    data = post.merged
    yield from _shape_findings(post, site, data)
    yield from _site_findings(post, site, data)
