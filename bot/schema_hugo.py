"""The pydantic model of a Hugo page's front matter: the source of truth for
`schemas/hugo-front-matter.schema.json`.

Hugo reads its front-matter keys whatever their case (`publishDate`, `publishdate` and
`PUBLISHDATE` are one field) and `bot.hugo.frontmatter` hands them on lower-cased, so the
model's fields are the lower-cased names; `CANONICAL` gives each the spelling of Hugo's
documentation, which messages and the JSON Schema use. Values come as Go holds them
(`bot.hugo.values`): a TOML integer is an `int` subclass, a TOML date a `date` subclass,
and a JSON number a float, so a whole float (`"weight": 3`) counts as a whole number.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from bot.hugo.values import to_bool


def _whole(value: Any) -> Any:
    """A JSON number that is whole (`3.0`) as the integer Hugo's cast makes of it."""
    if type(value) is float and value.is_integer():
        return int(value)
    return value


def _real(value: Any) -> Any:
    """A whole number where any number will do (`priority = 1`) as the float Hugo reads."""
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _go_bool(value: Any) -> Any:
    """A value Hugo's cast reads as a bool (`"true"`, `"False"`, `"1"`, YAML's `1`) as that
    bool; any other is left for the model to refuse (Hugo would take it as false)."""
    if value is None or isinstance(value, bool):
        return value
    read = to_bool(value)
    return value if read is None else read


GO_BOOL_TEXTS = ["1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"]
"""The strings Go's `strconv.ParseBool` reads."""

GoBool = Annotated[
    bool,
    BeforeValidator(_go_bool),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"enum": GO_BOOL_TEXTS}]}),
]
"""`true`/`false`, or a string Go reads as one: cast gives the same bool."""
Number = Annotated[float, BeforeValidator(_real)]
HugoDate = dt.datetime | dt.date | int | str
"""A TOML date or date-time, a string Hugo's dates read (`bot.hugo.dates`), or a whole
number, which cast reads as seconds since 1970 (a Unix time)."""
Texts = str | list[str]
Terms = Annotated[
    str | int | float | bool | dt.datetime | dt.date | list[Any],
    WithJsonSchema(
        {
            "anyOf": [
                {"type": ["string", "number", "boolean"]},
                {"type": "array"},
            ]
        }
    ),
]
"""A taxonomy's terms: a list, or one value. Hugo makes text of each (`cast.ToString`:
`2026` is the term "2026"); where that text is not what is written (`1.50` is "1.5", `yes`
"true", a null item, a list or a mapping in the list makes no term) `hugo/term-value`
warns. (The JSON Schema of a site's taxonomies accepts any value: `bot.schema_hugo_json`.)"""
GoText = Annotated[str | int | float, WithJsonSchema({"type": ["string", "number"]})]
"""Text, or a number: cast.ToString gives its digits (`slug: 2021` is the slug "2021")."""

_WHOLE_TEXT = r"^[+-]?(0|[1-9][0-9]*)(\.0+)?$"
"""Text cast.ToInt reads as the whole number it shows (`"3"`, `"3.0"`); it also reads
`"0x1f"` and `"010"` (8), which are not what they show."""


def _whole_text(value: Any) -> Any:
    """`weight: "3"`: text that cast.ToInt reads as the number it shows, as that number."""
    if isinstance(value, str) and re.fullmatch(_WHOLE_TEXT, value):
        return int(value.partition(".")[0])
    return _whole(value)


Weight = Annotated[
    int,
    BeforeValidator(_whole_text),
    WithJsonSchema({"anyOf": [{"type": "integer"}, {"type": "string", "pattern": _WHOLE_TEXT}]}),
]
"""A whole number, or text of one (cast.ToInt reads `"3"` as 3)."""


class BuildOptions(BaseModel):
    """`build` (or `_build`): whether and how the page is listed and rendered."""

    model_config = ConfigDict(extra="allow", strict=True, defer_build=True)

    # Hugo decodes both as text (mapstructure's weak decoding: true is "1", a number its
    # digits) and reads "0" as never and "1" as always, the booleans of older versions
    list: str | bool | int | float | None = Field(
        default=None, description="`always`, `local` or `never` (or 1, 0)."
    )
    render: str | bool | int | float | None = Field(
        default=None, description="`always`, `link` or `never` (or 1, 0)."
    )
    publishresources: bool | None = Field(
        default=None, description="Publish the bundle's resources."
    )


class Sitemap(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True, defer_build=True)

    changefreq: str | None = None
    priority: Number | None = None
    filename: str | None = None
    disable: bool | None = None


class Resource(BaseModel):
    """One item of `resources`: metadata for the bundle's files matching `src`."""

    model_config = ConfigDict(extra="allow", strict=True, defer_build=True)

    src: str = Field(description="A glob of the bundle's files.")
    name: str | None = None
    title: str | None = None
    params: dict[str, Any] | None = None


class HugoFrontMatter(BaseModel):
    """Front matter of a Hugo page (keys lower-cased, as Hugo reads them)."""

    model_config = ConfigDict(
        extra="allow", strict=True, title="Hugo page front matter", defer_build=True
    )

    title: GoText | None = Field(default=None, description="The page's title.")
    linktitle: GoText | None = Field(default=None, description="A shorter title for links.")
    description: GoText | None = None
    summary: GoText | None = Field(default=None, description="Replaces the automatic summary.")
    date: HugoDate | None = Field(
        default=None,
        description="`2026-01-05T09:00:00+01:00`, a TOML date, or another layout Hugo "
        "reads; without an offset it is in the site's `timeZone`.",
    )
    publishdate: HugoDate | None = Field(
        default=None, description="Not built before this date (unless `buildFuture`)."
    )
    expirydate: HugoDate | None = Field(
        default=None, description="Not built after this date (unless `buildExpired`)."
    )
    lastmod: HugoDate | None = Field(default=None, description="Last modified.")
    draft: GoBool | None = Field(
        default=None, description="`true` keeps the page off the site (unless `buildDrafts`)."
    )
    headless: GoBool | None = Field(default=None, description="A bundle without its own page.")
    iscjklanguage: GoBool | None = None
    slug: GoText | None = Field(default=None, description="Replaces the file name in the URL.")
    url: GoText | None = Field(default=None, description="The page's path from the site root.")
    aliases: Texts | None = Field(
        default=None, description="Old paths that redirect here (text is split on spaces)."
    )
    tags: Terms | None = Field(default=None, description="A list; a string is one tag.")
    categories: Terms | None = Field(default=None, description="A list; a string is one category.")
    keywords: Texts | None = None
    weight: Weight | None = Field(default=None, description="Order in lists (a number).")
    type: GoText | None = Field(default=None, description="The content type (templates).")
    layout: GoText | None = Field(default=None, description="The template's name.")
    markup: GoText | None = Field(default=None, description="`markdown`, `html`...")
    translationkey: GoText | None = None
    images: list[str] | None = Field(default=None, description="Images for social cards.")
    audio: list[str] | None = None
    videos: list[str] | None = None
    series: Texts | None = None
    outputs: Texts | None = Field(default=None, description="Output formats (`html`, `rss`).")
    params: dict[str, Any] | None = Field(default=None, description="The page's own values.")
    build: BuildOptions | None = None
    build_: BuildOptions | None = Field(default=None, alias="_build")
    cascade: dict[str, Any] | list[dict[str, Any]] | None = Field(
        default=None, description="Front matter handed down to the pages below."
    )
    resources: list[Resource] | None = None
    sitemap: Sitemap | None = None
    menu: str | list[str] | dict[str, Any] | None = None
    menus: str | list[str] | dict[str, Any] | None = None
    author: str | list[str] | dict[str, Any] | None = Field(
        default=None, description="A name, a list of names, or a mapping (themes' field)."
    )
    authors: Texts | None = None
    locale: str | None = Field(default=None, description="`og:locale` (Hugo's Open Graph).")
    disqus_identifier: str | None = Field(default=None, description="Hugo's Disqus template.")
    disqus_title: str | None = None
    disqus_url: str | None = None
    image: str | None = Field(default=None, description="A theme's page image.")
    featured_image: str | None = None
