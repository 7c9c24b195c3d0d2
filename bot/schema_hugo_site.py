"""What the schema rules and the JSON Schema need to know of a Hugo site's front matter,
without pydantic: the fields Hugo gives a meaning (lower-cased, as `bot.hugo.frontmatter`
holds them) and their documented spellings, the site's model and fields, and its authors.

Hugo reads keys whatever their case (`publishDate`, `publishdate`): messages and the JSON
Schema name a field as Hugo's documentation does (`spelled`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import BaseModel

    from bot.site import Site

CANONICAL: dict[str, str] = {
    name: name
    for name in (
        "title",
        "description",
        "summary",
        "date",
        "lastmod",
        "draft",
        "headless",
        "slug",
        "url",
        "aliases",
        "tags",
        "categories",
        "keywords",
        "weight",
        "type",
        "layout",
        "markup",
        "images",
        "audio",
        "videos",
        "series",
        "outputs",
        "params",
        "build",
        "_build",
        "cascade",
        "resources",
        "sitemap",
        "menu",
        "menus",
        "author",
        "authors",
        "image",
        "featured_image",
        "locale",
        "disqus_identifier",
        "disqus_title",
        "disqus_url",
    )
} | {
    "linktitle": "linkTitle",
    "publishdate": "publishDate",
    "expirydate": "expiryDate",
    "iscjklanguage": "isCJKLanguage",
    "translationkey": "translationKey",
}
"""Each field (lower-cased, as the front matter holds it) in Hugo's spelling."""

DATE_ALIASES = ("pubdate", "published", "modified", "unpublishdate")
"""Keys Hugo also reads as dates (`published` also as a bool)."""

KNOWN_FIELDS: frozenset[str] = frozenset(CANONICAL) | frozenset(DATE_ALIASES)
"""The fields Hugo (and common themes) give a meaning, lower-cased."""


def spelled(name: str) -> str:
    """``name`` (lower-cased) as Hugo's documentation writes it."""
    return CANONICAL.get(name, name)


DATE_FIELDS = ("date", "publishdate", "expirydate", "lastmod", *DATE_ALIASES)
"""The keys Hugo reads as dates by default (a site's `frontmatter` setting may add more)."""


def model(site: Site) -> type[BaseModel]:
    """The site's own model (`schema: module:Class`), else Hugo's front matter model."""
    cache = site.memo.setdefault("hugo_models", {})
    spec = site.config.schema_
    if spec not in cache:
        from bot.schema import load_model
        from bot.schema_hugo import HugoFrontMatter

        cache[spec] = load_model(spec, site.root) if spec else HugoFrontMatter
    found: type[BaseModel] = cache[spec]
    return found


AUTHOR_FILES = ("authors.yaml", "authors.yml", "authors.toml", "authors.json")
MAX_DATA_BYTES = 16 << 20


def hugo_authors(site: Site) -> frozenset[str]:
    """The keys of Hugo's `data/authors.*` (the first of them found; read once per site).
    A file that is a link out of the site, too large or not readable gives no authors."""
    found: frozenset[str] | None = site.memo.get("hugo_authors")
    if found is not None:
        return found
    names: set[str] = set()
    for name in AUTHOR_FILES:
        path = Path(site.root) / "data" / name
        if path.is_file():
            names = _author_keys(site.root, path)
            break
    made = site.memo["hugo_authors"] = frozenset(names)
    return made


def _author_keys(root: Path, path: Path) -> set[str]:
    from bot.hugo import frontmatter

    real = os.path.realpath(path)
    if not real.startswith(os.path.realpath(root) + os.sep):
        return set()
    try:
        with open(real, "rb") as handle:
            text = handle.read(MAX_DATA_BYTES + 1).decode("utf-8")
        if len(text) > MAX_DATA_BYTES:
            return set()
        decode = {
            ".toml": frontmatter.decode_toml,
            ".json": frontmatter.decode_json,
        }.get(path.suffix, frontmatter.decode_yaml)
        data = decode(text)
    except (OSError, UnicodeDecodeError, frontmatter.FrontMatterError, RecursionError):
        return set()
    return {str(key) for key in data} if isinstance(data, dict) else set()


def known_fields(site: Site) -> tuple[set[str], list[str]]:
    """The lower-cased fields a Hugo page of the site may have, as a set and as the sorted
    list of their spellings (made once per site)."""
    if "hugo_known_fields" not in site.memo:
        from bot.schema_plain import tightening_of

        rules = tightening_of(site.config)
        known = set(KNOWN_FIELDS)
        known |= {name.lower() for name in (*rules.extra_fields, *rules.required)}
        known |= {name.lower() for name in site.config.assets.fields}
        config = site.hugo.config
        known |= set(config.taxonomies.values())
        known |= config.date_keys.all_keys()
        if site.config.schema_:
            known |= {name.lower() for name in model(site).model_fields}
        site.memo["hugo_known_fields"] = (known, sorted(known))
    fields: tuple[set[str], list[str]] = site.memo["hugo_known_fields"]
    return fields
