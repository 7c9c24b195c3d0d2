"""A site's tightening of the front-matter schema, written into its JSON Schema so that an
editor judges a post as `pressbot check --select schema` does.

Each site rule becomes keywords added to the field's schema (an `allOf` with the model's
own), never a replacement of it: a field keeps the shapes the model accepts (`null` included)
and gains what the site asks. What JSON Schema cannot say is listed in the README
("What the JSON Schema cannot check") and in `tests/test_schema_agreement.py`.
"""

from __future__ import annotations

from typing import Any

from bot.jekyll import MAX_DATE_LENGTH
from bot.schema_plain import DATE_FIELDS, KNOWN_FIELDS, SINGULAR, Tightening

EMPTY: list[Any] = [None, "", [], {}]
"""What check takes for a missing value of a required field (`_is_empty` of the rule)."""

_YEAR = "(?!0000)[0-9]{4}"
DATE_HEAD = r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}"
"""A date string written as pressbot asks (`YYYY-MM-DD`, then anything)..."""
READABLE_DAY = rf"^\s*{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])(?![0-9])"
"""...must have a month and a day Jekyll can read, in the years 1 to 9999: a 13th month is an
error, while 30 February is read as 2 March (check warns, `jekyll/date-lossy`: a warning does not
make the post invalid)."""


def tighten(schema: dict[str, Any], site: Tightening) -> None:
    """Write ``site``'s rules into the front-matter JSON Schema ``schema``."""
    props: dict[str, Any] = schema.setdefault("properties", {})
    required = sorted(set(schema.get("required", [])) | set(site.required))
    if required:
        schema["required"] = required
    for name in site.required:
        constrain(props, name, {"not": {"enum": EMPTY}})
    for key, allowed in site.allowed.items():
        constrain(props, key, _allowed_values(allowed))
        one = _allowed_one(allowed)
        constrain(props, SINGULAR[key], {**one, "items": one})  # `category: [a, b]` too
    for name, limit in site.max_length.items():
        constrain(props, name, {"maxLength": limit})
    if site.authors is not None:
        names = _if_text({"enum": sorted(site.authors)})
        constrain(props, "author", {**names, "items": names, "properties": {"name": names}})
        constrain(props, "authors", {"items": names})
    for name in DATE_FIELDS:
        constrain(props, name, date_on_calendar())
    if site.forbid_unknown:
        schema["additionalProperties"] = False
        for known in (*sorted(KNOWN_FIELDS), *site.extra_fields):  # known to check whatever
            props.setdefault(known, {})  # the model (a site's own may name fewer)


def date_on_calendar() -> dict[str, Any]:
    """A date string Jekyll can place: no longer than Ruby reads, a month and day it reads
    when written `YYYY-MM-DD` (other spellings are left to check)."""
    return _if_text(
        {
            "maxLength": MAX_DATE_LENGTH,
            "anyOf": [{"not": {"pattern": DATE_HEAD}}, {"pattern": READABLE_DAY}],
        }
    )


def constrain(props: dict[str, Any], name: str, rule: dict[str, Any]) -> None:
    """Add ``rule`` to the schema of field ``name`` (its title and description kept on top)."""
    current = props.get(name)
    if current is None or current == {}:
        props[name] = rule
        return
    if "allOf" in current and set(current) <= {"allOf", "title", "description"}:
        current["allOf"].append(rule)
        return
    head = {key: current.pop(key) for key in ("title", "description") if key in current}
    props[name] = {**head, "allOf": [current, rule]}


def _if_text(rule: dict[str, Any]) -> dict[str, Any]:
    """``rule`` for a string; any other value is left to the field's shape."""
    return {"anyOf": [{"not": {"type": "string"}}, rule]}


def _allowed_values(allowed: list[str]) -> dict[str, Any]:
    """`categories`/`tags`: each word of a string (split on whitespace, as Jekyll does) and
    each item of a list is one of ``allowed``; a number counts as its text (`2021`)."""
    words = [word for word in allowed if word and not any(c.isspace() for c in word)]
    if words:
        alternatives = "|".join(_regex_literal(word) for word in sorted(words))
        pattern = rf"^\s*(?:(?:{alternatives})(?:\s+|$))*$"
    else:
        pattern = r"^\s*$"
    return {
        "anyOf": [{"not": {"type": "string"}}, {"pattern": pattern}],
        "items": _allowed_one(allowed),
    }


def _allowed_one(allowed: list[str]) -> dict[str, Any]:
    """One value (`category`, an item of `categories`): text among ``allowed``, or a number
    whose text is; anything else is left to the field's shape."""
    return {"anyOf": [{"not": {"type": ["string", "number"]}}, {"enum": _with_numbers(allowed)}]}


def _with_numbers(allowed: list[str]) -> list[Any]:
    """``allowed``, and the number each stands for when a YAML number would be written so
    (`2021` for "2021"): check compares a number by its text."""
    out: list[Any] = list(dict.fromkeys(allowed))
    for word in allowed:
        number = _number_named(word)
        if number is not None and number not in out:
            out.append(number)
    return out


def _number_named(word: str) -> int | float | None:
    try:
        whole = int(word)
    except ValueError:
        pass
    else:
        return whole if str(whole) == word else None
    try:
        real = float(word)
    except ValueError:
        return None
    return real if repr(real) == word and real == real and abs(real) != float("inf") else None


_REGEX_SPECIAL = frozenset("\\^$.|?*+()[]{}/")


def _regex_literal(word: str) -> str:
    """``word`` as an ECMA-262 regex literal (also valid in Python's `re`): only syntax
    characters escaped, as an identity escape of anything else is an error there."""
    return "".join("\\" + c if c in _REGEX_SPECIAL else c for c in word)


def json_schema_of(model: Any, spec: str | None) -> dict[str, Any]:
    """The model's JSON Schema; a site's model that has none is a configuration error."""
    from pydantic.errors import PydanticUserError

    from bot.errors import UsageError

    try:
        return dict(model.model_json_schema())
    except (PydanticUserError, TypeError, ValueError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UsageError(
            f"setting 'schema': {spec!r} has no JSON Schema ({detail}); "
            "use field types that JSON Schema can describe"
        ) from None
