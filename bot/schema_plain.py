"""What the front-matter schema says that needs no pydantic: the fields it knows, the shapes
it certainly accepts, and the site's tightening of it.

A check of front matter of plainly valid shapes, in a site with the default schema, never
creates pydantic's models (`bot.schema`), whose making costs more than the check itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.config import SiteConfig
    from bot.site import Site


SINGULAR = {"categories": "category", "tags": "tag"}
"""The one-value field judged against the same allowed list as its plural."""

DATE_FIELDS = ("date", "last_modified_at")
"""The front-matter fields Jekyll's plugins read as dates."""


@dataclass(frozen=True)
class Tightening:
    """What a site's configuration adds to the front-matter schema, read once: `check`
    reports what breaks it, `pressbot schema` writes it into the JSON Schema."""

    required: tuple[str, ...]
    """Fields every post must have, not empty."""
    allowed: Mapping[str, list[str]]
    """Field (`categories`, `tags`) -> the values the site allows."""
    max_length: Mapping[str, int]
    """Field (`title`, `excerpt`) -> the most characters."""
    authors: frozenset[str] | None
    """The authors of `_data/authors.yml`, when authors must be among them."""
    forbid_unknown: bool
    """Fields outside the schema are findings."""
    extra_fields: tuple[str, ...]
    """Fields of the site that are known, though not in the schema."""


def tightening(site: Site) -> Tightening:
    """The site's :class:`Tightening` (made once per site)."""
    made = site.memo.get("tightening")
    if isinstance(made, Tightening):
        return made
    config = site.config
    made = tightening_of(config, frozenset(site.authors()) if config.authors_from_data else None)
    site.memo["tightening"] = made
    return made


def tightening_of(config: SiteConfig, authors: frozenset[str] | None = None) -> Tightening:
    """The :class:`Tightening` of ``config``; ``authors`` are the site's known authors when
    it requires authors among them. With the default configuration: the tightening of every
    site that sets nothing (what `schemas/post.schema.json` carries)."""
    allowed = {"categories": config.categories, "tags": config.tags}
    limits = {"title": config.max_length.title, "excerpt": config.max_length.excerpt}
    return Tightening(
        required=tuple(config.required),
        allowed={key: values for key, values in allowed.items() if values is not None},
        max_length={key: limit for key, limit in limits.items() if limit},
        authors=authors,
        forbid_unknown=config.unknown_fields == "forbid",
        extra_fields=tuple(config.extra_fields),
    )


def _optional(*kinds: type) -> Callable[[Any], bool]:
    return lambda v: v is None or type(v) in kinds


def _list_of(*kinds: type) -> Callable[[Any], bool]:
    return lambda v: type(v) is list and all(type(x) in kinds for x in v)


def _either(*checks: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda v: any(check(v) for check in checks)


def _mapping(required: str, *optional: str) -> Callable[[Any], bool]:
    """A mapping with text under ``required``, text or nothing under ``optional``."""

    def check(v: Any) -> bool:
        return (
            type(v) is dict
            and _text_keys(v)
            and type(v.get(required)) is str
            and all(v.get(key) is None or type(v[key]) is str for key in optional)
        )

    return check


_TEXT = _optional(str)
_TEXTS = _either(_optional(str), _list_of(str))
_SCALARS = _either(_optional(str), _list_of(str, int, float))
_DATE = _optional(str, dt.datetime, dt.date)

_PLAIN_SHAPES: dict[str, Callable[[Any], bool]] = {
    "layout": _TEXT,
    "title": _TEXT,
    "date": _DATE,
    "author": _either(_TEXTS, _mapping("name", "email", "url")),
    "authors": _either(_optional(), _list_of(str)),
    "categories": _SCALARS,
    "category": _either(_optional(str, int, float), _list_of(str, int, float)),
    "tags": _SCALARS,
    "tag": _either(_optional(str, int, float), _list_of(str, int, float)),
    "excerpt": _TEXT,
    "excerpt_separator": _TEXT,
    "description": _TEXT,
    "image": _either(_TEXT, _mapping("path", "alt", "caption")),
    "published": _optional(bool),
    "permalink": _TEXT,
    "render_with_liquid": _optional(bool),
    "regenerate": _optional(bool),
    "slug": _TEXT,
    "id": _optional(str, int),
    "lang": _TEXT,
    "last_modified_at": _DATE,
    "redirect_from": _TEXTS,
    "comments": _optional(bool),
}
"""Shapes that `bot.schema.JekyllPost` certainly accepts, checked with `type()` alone (a
bool is not a number here, as in the model's strict mode). Front matter made only of these needs no
validation run; anything else (mappings, odd values) goes to pydantic, which words the
error. Fields the model does not know are allowed by it, whatever their value."""


def _text_keys(mapping: dict[Any, Any]) -> bool:
    """Every key is text: pydantic refuses a model's mapping with any other key (`2024:`,
    `1:` inside `author:`), and text subclasses (a tag on a key) are left to it too."""
    return all(type(key) is str for key in mapping)


def plainly_valid(data: dict[Any, Any]) -> bool:
    """True only when `JekyllPost.model_validate(data)` would succeed (tests check it)."""
    if not _text_keys(data):
        return False
    for key, value in data.items():
        check = _PLAIN_SHAPES.get(key)
        if check is not None and not check(value):
            return False
    return True


KNOWN_FIELDS: frozenset[str] = frozenset(_PLAIN_SHAPES)
"""The fields of the default schema (`JekyllPost`; a test keeps both the same)."""
