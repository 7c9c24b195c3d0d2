"""The JSON Schema of a Hugo page's front matter, as `pressbot check --select schema` judges
it on a Hugo site: `bot.schema_hugo`'s model, tightened by the site's configuration.

Hugo reads keys whatever their case, JSON Schema compares them exactly: every field is
listed under its documented spelling (`publishDate`, for an editor's completion) and under
a pattern that matches it in any case (`^[pP][uU]...$`), so `publishdate` is judged as
`publishDate`, and a site that forbids unknown fields does not refuse it. What JSON Schema
cannot check (a date string Hugo's layouts do not read, a required field written in
another case) is listed in `tests/test_hugo_schema.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.schema_hugo_site import KNOWN_FIELDS, hugo_authors, known_fields, spelled
from bot.schema_hugo_site import model as site_model
from bot.schema_json import EMPTY, constrain, json_schema_of

if TYPE_CHECKING:
    from pydantic import BaseModel

    from bot.site import Site


def hugo_schema(site: Site | None) -> dict[str, Any]:
    """The front matter's JSON Schema as ``site`` (a Hugo site) checks it; without a site,
    the default model under the default configuration (the shipped file)."""
    from bot.config import SiteConfig
    from bot.schema_hugo import HugoFrontMatter

    model: type[BaseModel] = HugoFrontMatter
    config = site.config if site is not None else SiteConfig()
    if site is not None:
        model = site_model(site)
    schema = json_schema_of(model, config.schema_)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    props: dict[str, Any] = {
        str(name).lower(): rule for name, rule in schema.get("properties", {}).items()
    }
    schema["properties"] = props
    if not config.schema_:
        _any_terms(props, site)
    _tighten(schema, props, site, config)
    _any_case(schema, props)
    return schema


def _tighten(schema: dict[str, Any], props: dict[str, Any], site: Site | None, config: Any) -> None:
    from bot.schema_plain import tightening_of

    rules = tightening_of(config)
    required = {str(name).lower() for name in schema.get("required", [])}
    required |= {name.lower() for name in rules.required}
    if required:
        schema["required"] = sorted(required)
    for name in sorted({name.lower() for name in rules.required}):
        constrain(props, name, {"not": {"enum": EMPTY}})
    known = _known(site, config) if rules.forbid_unknown else None
    for key, allowed in rules.allowed.items():
        one = {"anyOf": [{"not": {"type": list(TERM_TYPES)}}, {"enum": term_values(allowed)}]}
        constrain(props, key, {**one, "items": one})
    for name, limit in rules.max_length.items():
        if known is not None and name not in known:
            continue  # a field Hugo does not know (`excerpt`): refused whatever its length
        constrain(props, name, {"anyOf": [{"not": {"type": "string"}}, {"maxLength": limit}]})
    if config.authors_from_data and site is not None:
        names = {"anyOf": [{"not": {"type": "string"}}, {"enum": sorted(hugo_authors(site))}]}
        constrain(props, "author", {**names, "items": names, "properties": {"name": names}})
        constrain(props, "authors", {**names, "items": names})
    if known is not None:
        schema["additionalProperties"] = False
        for name in sorted(known):
            props.setdefault(name, {})


def _known(site: Site | None, config: Any) -> set[str]:
    """The fields check knows on ``site`` (lower-cased)."""
    if site is not None:
        return known_fields(site)[0]
    return set(KNOWN_FIELDS) | {name.lower() for name in config.assets.fields}


DEFAULT_TAXONOMIES = ("categories", "tags")
"""Hugo's taxonomies when the configuration names none."""
TERM_TYPES = ("string", "number", "boolean")
"""The values Hugo makes a term of (`cast.ToString`); any other makes none."""


def _any_terms(props: dict[str, Any], site: Site | None) -> None:
    """A taxonomy's value (the site's own taxonomies too) may be anything: Hugo makes a term
    of each text, number or boolean, none of a list inside the list, a mapping or a null,
    and builds the page (`hugo/term-value` warns, check makes no `schema/type` error)."""
    names = site.hugo.config.taxonomies.values() if site is not None else DEFAULT_TAXONOMIES
    for name in sorted(set(names)):
        current = props.get(name, {})
        props[name] = {key: current[key] for key in ("title", "description") if key in current}


def term_values(allowed: list[str]) -> list[Any]:
    """The values whose term (Hugo's `cast.ToString`) is one of ``allowed``: each text, the
    number or boolean Hugo writes so (`2021` for "2021", `1.5` for "1.5", `true` for
    "true"; not `1.50`, the term "1.5"), and the empty text, which makes no term."""
    from bot.hugo.values import to_string

    out: dict[tuple[bool, Any], Any] = {(False, ""): ""}
    for word in allowed:
        out.setdefault((False, word), word)
        for value in _values_named(word):
            if to_string(value) == word:  # JSON Schema's enum tells a boolean from a number
                out.setdefault((isinstance(value, bool), value), value)
    return list(out.values())


def _values_named(word: str) -> list[Any]:
    if word in ("true", "false"):
        return [word == "true"]
    try:
        return [int(word)]
    except ValueError:
        pass
    try:
        real = float(word)
    except ValueError:
        return []
    return [real] if real == real and abs(real) != float("inf") else []


def _any_case(schema: dict[str, Any], props: dict[str, Any]) -> None:
    """Name each field as Hugo's documentation does, and match it in any case."""
    schema["properties"] = {spelled(name): rule for name, rule in props.items()}
    schema["patternProperties"] = {
        _any_case_pattern(name): rule for name, rule in props.items() if name
    }
    if "required" in schema:
        schema["required"] = sorted(spelled(name) for name in schema["required"])


_REGEX_SPECIAL = frozenset("\\^$.|?*+()[]{}/")


def _any_case_pattern(name: str) -> str:
    """``name`` in any case, as an ECMA-262 pattern (also valid in Python's `re`)."""
    out = []
    for char in name:
        upper, lower = char.upper(), char.lower()
        if upper != lower and len(upper) == 1 and len(lower) == 1:
            out.append(f"[{upper}{lower}]")
        else:
            out.append("\\" + char if char in _REGEX_SPECIAL else char)
    return "^" + "".join(out) + "$"
