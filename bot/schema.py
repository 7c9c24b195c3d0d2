"""The pydantic model of a Jekyll post's front matter: the source of truth for `schemas/`.

It accepts the shapes Jekyll and its common themes accept (author as a name, a list of
names or a mapping; image as a path or a mapping with `path`; categories and tags as a
string or a list) and nothing looser. A site tightens it through `.pressbot.yml`
(`bot.schema_plain.tightening`): `bot/rules/schema.py` turns that into findings, each at
its line, and `pressbot schema` into the site's JSON Schema. What the schema says that
needs no pydantic (known fields, plainly valid shapes) is in `bot.schema_plain`, so that a
check of plainly valid front matter never makes these models.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

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
    category: Scalar | list[Scalar] | None = Field(
        default=None, description="One category (text not split), or a list."
    )
    tags: str | list[Scalar] | None = Field(
        default=None, description="A list, or a string split on whitespace."
    )
    tag: Scalar | list[Scalar] | None = Field(
        default=None, description="One tag (text not split), or a list; replaces `tags`."
    )
    excerpt: str | None = Field(default=None, description="Summary shown in lists and feeds.")
    excerpt_separator: str | None = Field(
        default=None,
        description="Where the automatic excerpt ends (replaces the site's setting; "
        '`""` turns excerpts off).',
    )
    description: str | None = None
    image: str | ImageInfo | None = Field(
        default=None, description="Site-root path or URL, or a mapping with `path` and `alt`."
    )
    published: bool | None = Field(
        default=None, description="`false` (or empty) keeps the post off the site."
    )
    permalink: str | None = Field(default=None, description="URL template for this post.")
    render_with_liquid: bool | None = Field(
        default=None, description="`false`: the body is not run through Liquid."
    )
    regenerate: bool | None = Field(
        default=None, description="`true`: rebuilt by every incremental build."
    )
    slug: str | None = Field(default=None, description="Replaces the file name's slug in URLs.")
    id: str | int | None = Field(default=None, description="Stable identity used by publish.")
    lang: str | None = None
    last_modified_at: dt.datetime | dt.date | str | None = None
    redirect_from: str | list[str] | None = None
    comments: bool | None = None


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
