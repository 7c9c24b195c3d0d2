"""pydantic's validation errors in the author's words, for front matter and configuration.

pydantic names its own types (`Input should be a valid integer`, `ImageInfo.path`, union
branches such as `list[str]`); an author wrote YAML. Here each error becomes the path of the
value in the author's data (`publish.targets[1].url`) and a sentence of what was expected
and what was found (`expected a whole number of 0 or more, got -1`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, NamedTuple

from bot.errors import UsageError
from bot.jekyll import type_name as value_kind

EXPECTED = {
    "string_type": "text",
    "string_sub_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "dataclass_type": "a mapping",
    "dataclass_args_type": "a mapping",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
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
"""What an error type says was expected, as an author would say it."""

_BOUNDS = {
    "greater_than_equal": ("ge", "of {} or more"),
    "greater_than": ("gt", "greater than {}"),
    "less_than_equal": ("le", "of {} or less"),
    "less_than": ("lt", "less than {}"),
}

_MISSING = ("missing", "missing_keyword_only_argument", "missing_argument")
_UNKNOWN = ("extra_forbidden", "unexpected_keyword_argument")
"""The error types of a key that is missing, and of a key that is not known."""

_PATTERNS = {"^https?://": "an address starting with http:// or https://"}
"""Patterns of the models, as an author reads them."""


def type_name(value: Any) -> str:
    """What ``value`` is, in a message's "got ..." (`bot.jekyll.type_name`); a TOML time of
    day, which no YAML reader gives, is named as such."""
    if isinstance(value, dt.time):
        return "a time of day without a date"
    return value_kind(value)


def data_path(data: Any, loc: Iterable[Any]) -> tuple[Any, ...]:
    """The parts of a pydantic location that index into ``data`` (union branch names and
    model names are not the author's)."""
    path: list[Any] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
            path.append(part)
    return tuple(path)


def value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def dotted(path: Iterable[Any]) -> str:
    """`tags[1]`, `publish.targets[0].url`: a path as the author finds it in the YAML."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def join_expected(items: Iterable[str]) -> str:
    """`text, a list or a mapping`; a whole number is a number, so only the wider is said."""
    unique = list(dict.fromkeys(items))
    if "a number" in unique and "a whole number" in unique:
        unique.remove("a whole number")
    if len(unique) == 1:
        return unique[0]
    return ", ".join(unique[:-1]) + " or " + unique[-1]


def shown(value: Any) -> str:
    """A value of the author's data in a message: text quoted, a number as written."""
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return f'"{text}"'
    return type_name(value)


def expected_of(errors: Iterable[Mapping[str, Any]]) -> str | None:
    """`text or a whole number` for the type errors among ``errors`` (one value's), or None."""
    expected = [EXPECTED[e["type"]] for e in errors if e["type"] in EXPECTED]
    return join_expected(expected) if expected else None


def sentence(error: Mapping[str, Any], value: Any) -> str:
    """One error about ``value`` (not a type error) as a sentence."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in EXPECTED:
        return f"expected {EXPECTED[kind]}, got {type_name(value)}"
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        limit = ctx.get(key)
        whole = isinstance(limit, int) and isinstance(value, int) and not isinstance(value, bool)
        noun = "a whole number" if whole else "a number"
        if isinstance(limit, float) and limit.is_integer():
            limit = int(limit)
        return f"expected {noun} {words.format(limit)}, got {type_name(value)}"
    if kind == "literal_error":
        choices = str(ctx.get("expected", "")).replace("'", '"')
        return f"expected {choices}, got {shown(value)}"
    if kind == "string_too_short":
        return "expected text, got nothing (an empty text)"
    if kind == "string_too_long":
        return f"expected at most {ctx.get('max_length')} characters, got {len(str(value))}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        return f"expected {_PATTERNS.get(pattern, f'text matching {pattern}')}, got {shown(value)}"
    if kind == "unknown_kind":
        if not isinstance(value, dict):
            return f"expected a mapping, got {type_name(value)}"
        return f"{shown(value.get('type'))} is not a {ctx['kind']} ({ctx['choices']})"
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])
    text = str(error.get("msg", "not accepted"))
    return text[:1].lower() + text[1:]


class Problem(NamedTuple):
    """One problem of the author's data: where, what kind (`type`: a value of the wrong
    shape; `missing`; `value`: the right shape, not allowed) and the sentence."""

    path: tuple[Any, ...]
    kind: Literal["type", "missing", "value"]
    text: str


def problems(
    data: Any,
    errors: Iterable[Mapping[str, Any]],
    noun: str = "setting",
    known: Callable[[tuple[Any, ...]], list[str]] | None = None,
) -> list[Problem]:
    """Each problem once, in the order of ``data``; ``noun`` is what a key of it is called,
    ``known`` the keys the mapping at a path may hold (for a misspelt key's did-you-mean).

    The errors of one value are said together (`expected text or a list`); a union branch
    that got further (`tags[1]`) explains a problem better than the branches that failed at
    once (`tags` is not text), so those are left out.
    """
    grouped: dict[tuple[Any, ...], list[Mapping[str, Any]]] = {}
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] in _MISSING + _UNKNOWN and loc:
            path = (*data_path(data, loc[:-1]), loc[-1])
        else:
            path = data_path(data, loc)
        grouped.setdefault(path, []).append(error)
    deeper = {other[:n] for other in grouped for n in range(len(other))}
    out: list[Problem] = []
    for path, found in grouped.items():
        if path in deeper:
            continue
        kind = found[0]["type"]
        if kind in _MISSING:
            out.append(Problem(path, "missing", f"this {noun} is required; add it"))
            continue
        value = value_at(data, path)
        expected = expected_of(found)
        if expected is not None:
            got = f"expected {expected}, got {type_name(value)}{_unquote_hint(value, expected)}"
            out.append(Problem(path, "type", got))
        elif kind in _UNKNOWN:
            close = closest(path[-1], known(path[:-1])) if known and path else None
            hint = f'did you mean "{close}"?' if close else "remove it or check its spelling"
            out.append(Problem(path, "value", f"unknown {noun}; {hint}"))
        elif kind == "unknown_kind" and isinstance(value, dict):
            out.append(Problem((*path, "type"), "value", sentence(found[0], value)))
        else:
            out.append(Problem(path, "value", sentence(found[0], value)))
    return sorted(out, key=lambda problem: place(data, problem.path))


def _unquote_hint(value: Any, expected: str) -> str:
    """`; write it without quotes` for text that would be the expected value unquoted
    (`"3"` for a whole number, `"true"` for true or false): the likely slip."""
    if not isinstance(value, str) or "text" in expected:
        return ""
    word = value.strip()
    unquoted = (
        ("true or false" in expected and word in ("true", "false"))  # as TOML spells them too
        or ("number" in expected and re.fullmatch(r"[0-9]+", word) is not None)
        or ("a number" in expected and re.fullmatch(r"[0-9]*\.[0-9]+", word) is not None)
    )
    return f' ("{word}"; write it without quotes)' if unquoted else ""


def closest(word: object, choices: Iterable[str]) -> str | None:
    """The one of ``choices`` ``word`` most likely misspells, or None."""
    import difflib

    if not isinstance(word, str):
        return None
    found = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.7)
    return found[0] if found else None


def place(data: Any, path: tuple[Any, ...]) -> tuple[int, ...]:
    """Where ``path`` is in ``data`` as written (a key's rank among its siblings, at each
    level): problems are reported in the order of the file."""
    place: list[int] = []
    node = data
    for part in path:
        if isinstance(node, dict) and part in node:
            place.append(list(node).index(part))
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            place.append(part)
        else:
            place.append(len(node) if isinstance(node, dict | list) else 0)
            break
        node = node[part]
    return tuple(place)


class SettingsError(UsageError):
    """A settings file with problems: each is one line of the report (exit 2)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("; ".join(lines))
        self.lines = lines
