"""The pydantic model of a Jekyll post's front matter: the source of truth for `schemas/`.

It accepts the shapes Jekyll and its common themes accept (author as a name, a list of
names or a mapping; image as a path or a mapping with `path`; categories and tags as a
string or a list) and nothing looser. A site tightens it through `.pressbot.yml`
(:func:`tightening`): `bot/rules/schema.py` turns that into findings, each at its line, and
`pressbot schema` into the site's JSON Schema.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from bot.site import Site

Scalar = str | int | float


class AuthorInfo(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True, defer_build=True)

    name: str = Field(description="The author's display name.")
    email: str | None = None
    url: str | None = None


class ImageInfo(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True, defer_build=True)

    path: str = Field(description="Site-root path (`/assets/...`) or an absolute URL.")
    alt: str | None = Field(default=None, description="Alternative text.")
    caption: str | None = None


class JekyllPost(BaseModel):
    """Front matter of a Jekyll post."""

    # Built on first use: front matter of plainly valid shapes never needs the validator.
    model_config = ConfigDict(
        extra="allow", strict=True, title="Jekyll post front matter", defer_build=True
    )

    layout: str | None = Field(default=None, description="Layout in `_layouts/`.")
    title: str | None = Field(default=None, description="The post's title.")
    date: dt.datetime | dt.date | str | None = Field(
        default=None,
        description="`YYYY-MM-DD HH:MM:SS +/-TTTT`; without an offset a YAML timestamp is UTC "
        "and a quoted string is in the site's timezone.",
    )
    author: str | list[str] | AuthorInfo | None = Field(
        default=None, description="A name, a list of names, or a mapping with `name`."
    )
    authors: list[str] | None = Field(default=None, description="Several authors.")
    categories: str | list[Scalar] | None = Field(
        default=None, description="A list, or a string split on whitespace."
    )
    category: Scalar | None = Field(default=None, description="One category (not split).")
    tags: str | list[Scalar] | None = Field(
        default=None, description="A list, or a string split on whitespace."
    )
    tag: Scalar | None = Field(default=None, description="One tag (not split).")
    excerpt: str | None = Field(default=None, description="Summary shown in lists and feeds.")
    description: str | None = None
    image: str | ImageInfo | None = Field(
        default=None, description="Site-root path or URL, or a mapping with `path` and `alt`."
    )
    published: bool | None = Field(
        default=None, description="`false` (or empty) keeps the post off the site."
    )
    permalink: str | None = Field(default=None, description="URL template for this post.")
    slug: str | None = Field(default=None, description="Replaces the file name's slug in URLs.")
    id: str | int | None = Field(default=None, description="Stable identity used by publish.")
    lang: str | None = None
    last_modified_at: dt.datetime | dt.date | str | None = None
    redirect_from: str | list[str] | None = None
    comments: bool | None = None


KNOWN_FIELDS: frozenset[str] = frozenset(JekyllPost.model_fields)


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
    allowed = {"categories": config.categories, "tags": config.tags}
    limits = {"title": config.max_length.title, "excerpt": config.max_length.excerpt}
    made = Tightening(
        required=tuple(config.required),
        allowed={key: values for key, values in allowed.items() if values is not None},
        max_length={key: limit for key, limit in limits.items() if limit},
        authors=frozenset(site.authors()) if config.authors_from_data else None,
        forbid_unknown=config.unknown_fields == "forbid",
        extra_fields=tuple(config.extra_fields),
    )
    site.memo["tightening"] = made
    return made


def load_model(spec: str | None, root: Any = None) -> type[BaseModel]:
    """The model the site names as ``module:Class`` (importable from the site root).

    The module is the site's own code, run on import: whatever it raises (`SystemExit`
    included) is a configuration error naming the setting, never a silent exit.
    """
    if not spec:
        return JekyllPost
    from bot.errors import UsageError

    module_name, _, class_name = spec.partition(":")
    if not _dotted_name(module_name) or not class_name.isidentifier():
        raise UsageError(
            f"setting 'schema': {spec!r} must look like module:Class (e.g. schema_post:Post)"
        )
    if module_name.partition(".")[0] == "pydantic":
        raise UsageError(f"setting 'schema': {spec!r} is pydantic itself; name your own model")
    model = _import_attribute(spec, module_name, class_name, root)
    if not (isinstance(model, type) and issubclass(model, BaseModel)) or model is BaseModel:
        raise UsageError(f"setting 'schema': {spec!r} is not a pydantic model class")
    return model


def _dotted_name(name: str) -> bool:
    return bool(name) and all(part.isidentifier() for part in name.split("."))


def _import_attribute(spec: str, module_name: str, class_name: str, root: Any) -> Any:
    """``module_name.class_name``, the site root on the import path only meanwhile (a
    `yaml.py` of the site must not replace the library pressbot imports later)."""
    import contextlib
    import importlib
    import sys

    from bot.errors import UsageError

    folder = str(root) if root is not None else None
    added = folder is not None and folder not in sys.path
    if folder is not None and added:
        sys.path.insert(0, folder)
    try:
        with contextlib.redirect_stdout(sys.stderr):  # stdout carries the findings
            module = importlib.import_module(module_name)
        return getattr(module, class_name)
    except AttributeError:
        raise UsageError(f"setting 'schema': {module_name} has no {class_name!r}") from None
    except ImportError as exc:
        raise UsageError(f"setting 'schema': cannot import {spec!r}: {exc}") from None
    except SystemExit as exc:
        raise UsageError(
            f"setting 'schema': importing {spec!r} called exit({exc.code!r})"
        ) from None
    except Exception as exc:
        detail = str(exc).splitlines()[0] if str(exc) else ""
        raise UsageError(
            f"setting 'schema': importing {spec!r} failed: {type(exc).__name__}: {detail}"[:500]
        ) from None
    finally:
        if added and folder in sys.path:
            sys.path.remove(folder)


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
    "category": _optional(str, int, float),
    "tags": _SCALARS,
    "tag": _optional(str, int, float),
    "excerpt": _TEXT,
    "description": _TEXT,
    "image": _either(_TEXT, _mapping("path", "alt", "caption")),
    "published": _optional(bool),
    "permalink": _TEXT,
    "slug": _TEXT,
    "id": _optional(str, int),
    "lang": _TEXT,
    "last_modified_at": _DATE,
    "redirect_from": _TEXTS,
    "comments": _optional(bool),
}
"""Shapes that `JekyllPost` certainly accepts, checked with `type()` alone (a bool is not a
number here, as in the model's strict mode). Front matter made only of these needs no
validation run; anything else (mappings, odd values) goes to pydantic, which words the
error. Fields the model does not know are allowed by it, whatever their value."""


def plainly_valid(data: dict[str, Any]) -> bool:
    """True only when `JekyllPost.model_validate(data)` would succeed (tests check it)."""
    for key, value in data.items():
        check = _PLAIN_SHAPES.get(key)
        if check is not None and not check(value):
            return False
    return True
