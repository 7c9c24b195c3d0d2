"""What a site already has, read from its posts, so that the first configuration fits it.

One `Surveyor` per generator, in `SURVEYORS` (detection first, the survey of its posts
second): Jekyll's and Hugo's; `init` does the rest.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.site import Site


@dataclass
class Survey:
    """What the posts of a site hold."""

    generator: str
    posts: int = 0
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    """The author names the posts give."""
    authors_data: list[str] | None = None
    """The keys of `_data/authors.yml`, when the site has one."""
    required: list[str] = field(default_factory=list)
    """The fields every post fills."""
    missing_title: int = 0
    extra_fields: list[str] = field(default_factory=list)
    """Fields outside pressbot's schema that the posts use."""
    likely_typos: dict[str, str] = field(default_factory=dict)
    """Fields used once, close to a known one (`tittle` -> `title`): left unknown."""
    timezone: str | None = None

    @property
    def unknown_authors(self) -> list[str]:
        known = set(self.authors_data or [])
        return [a for a in self.authors if a not in known]


@dataclass(frozen=True)
class Surveyor:
    generator: str
    detect: Callable[[Site], bool]
    survey: Callable[[Site], Survey]


REQUIRABLE = ("title", "date", "author", "categories", "tags", "layout", "excerpt", "image")
"""The fields `init` makes required when every post already fills them."""


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


def _names(value: Any, split: bool = True) -> list[str]:
    """Category or tag names as the schema rule compares them (strings split on whitespace,
    except in the singular `category`/`tag`; numbers as text)."""
    if isinstance(value, str):
        items = value.split() if split else [value]
    else:
        items = value if isinstance(value, list) else []
    out: list[str] = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            continue
        try:
            out.append(item if isinstance(item, str) else str(item))
        except ValueError:  # an integer too long to write as text
            continue
    return out


def _author_names(data: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for key in ("author", "authors"):
        value = data.get(key)
        if isinstance(value, dict):
            value = value.get("name")
        names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        out += [n for n in names if isinstance(n, str)]
    return out


@dataclass(frozen=True)
class Reading:
    """How a generator's posts are surveyed: what `init` may require, the fields it knows
    (and their spellings, for did-you-mean), and a post's categories and tags."""

    requirable: tuple[str, ...]
    known: frozenset[str]
    spellings: list[str]
    taxonomies: Callable[[dict[str, Any]], tuple[list[str], list[str]]]


def _survey(site: Site, found: Survey, reading: Reading) -> Survey:
    """Tally the posts of ``site`` into ``found``."""
    from bot.discover import discover_names
    from bot.post import read_post

    categories: set[str] = set()
    tags: set[str] = set()
    authors: set[str] = set()
    filled: Counter[str] = Counter()
    fields: Counter[str] = Counter()
    for path in discover_names(site, None):
        post = read_post(site, path)
        if post.front_matter is None:
            continue
        found.posts += 1
        data = post.merged
        cats, tag_names = reading.taxonomies(data)
        categories.update(cats)
        tags.update(tag_names)
        authors.update(_author_names(data))
        filled.update(name for name in reading.requirable if not _is_empty(data.get(name)))
        fields.update(k for k in post.front_matter if isinstance(k, str) and k not in reading.known)
    found.categories = sorted(categories)
    found.tags = sorted(tags)
    found.authors = sorted(authors)
    found.required = [n for n in reading.requirable if found.posts and filled[n] == found.posts]
    found.missing_title = found.posts - filled["title"]
    for name, count in sorted(fields.items()):
        close = difflib.get_close_matches(name, reading.spellings, n=1, cutoff=0.8)
        if count == 1 and close:
            found.likely_typos[name] = close[0]
        else:
            found.extra_fields.append(name)
    return found


def _jekyll_taxonomies(data: dict[str, Any]) -> tuple[list[str], list[str]]:
    categories = _names(data.get("categories")) + _names(data.get("category"), split=False)
    return categories, _names(data.get("tags")) + _names(data.get("tag"), split=False)


def survey_jekyll(site: Site) -> Survey:
    from bot.schema_plain import KNOWN_FIELDS

    found = Survey("jekyll", timezone=_text(site.jekyll.get("timezone")))
    reading = Reading(REQUIRABLE, frozenset(KNOWN_FIELDS), sorted(KNOWN_FIELDS), _jekyll_taxonomies)
    _survey(site, found, reading)
    if site.authors_file() is not None:
        found.authors_data = sorted(site.authors())
    return found


HUGO_REQUIRABLE = ("title", "date", "author", "categories", "tags", "description", "summary")
"""The fields `init` makes required on a Hugo site when every page already fills them."""


def _hugo_taxonomies(data: dict[str, Any]) -> tuple[list[str], list[str]]:
    from bot.hugo.values import terms

    return terms(data.get("categories")), terms(data.get("tags"))


def survey_hugo(site: Site) -> Survey:
    """The survey of a Hugo site's regular pages, read as Hugo reads them: keys in any case,
    a category or tag written as text one value, authors from `data/authors.*`."""
    from bot.schema_hugo_site import hugo_authors, known_fields

    found = Survey("hugo", timezone=_text(site.hugo.config.get("timezone")))
    known, spellings = known_fields(site)
    _survey(site, found, Reading(HUGO_REQUIRABLE, frozenset(known), spellings, _hugo_taxonomies))
    if any((site.root / "data").glob("authors.*")):
        found.authors_data = sorted(hugo_authors(site))
    return found


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _is_jekyll(site: Site) -> bool:
    from bot.generator import jekyll_config

    return jekyll_config(site.root) is not None or (site.root / "_posts").is_dir()


def _is_hugo(site: Site) -> bool:
    return site.is_hugo


SURVEYORS: tuple[Surveyor, ...] = (
    Surveyor("hugo", _is_hugo, survey_hugo),
    Surveyor("jekyll", _is_jekyll, survey_jekyll),
)


def surveyor_for(site: Site) -> Surveyor | None:
    return next((s for s in SURVEYORS if s.detect(site)), None)
