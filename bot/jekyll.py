"""What Jekyll makes of a post: its date, categories, tags, URL and whether it is published.

Follows Jekyll 4 (``Document``, ``UrlDrop``, ``URL``, ``Utils.slugify``, ``Publisher``): a
YAML timestamp without an offset is UTC (Psych), a date-only value or a string without an
offset is local time in the site's ``timezone``; ``published`` false, null or empty
unpublishes; categories from the folders above ``_posts``, then the front matter (a string
split on whitespace), then ``category``; tags likewise with ``tag``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from bot import ruby
from bot.addressable import AddressableError, encode
from bot.ruby import YamlTimestamp

if TYPE_CHECKING:
    from bot.post import Post
    from bot.site import Site

# Jekyll's Document::DATE_FILENAME_MATCHER, on the file name.
JEKYLL_POST_NAME = re.compile(r"^(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^.]+)$", re.DOTALL)
# Jekyll's Document::DATELESS_FILENAME_MATCHER: a draft needs only an extension.
_DATELESS_NAME = re.compile(r"^(.*)(\.[^.]+)$", re.DOTALL)
# What pressbot asks for: four-digit year, two-digit month and day, a slug, an extension.
STRICT_POST_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-([^/]+)(\.[A-Za-z0-9]+)$")

MAX_DATE_LENGTH = 128
"""Ruby's ``Date._parse`` (under ``Time.parse``) refuses longer text, and Jekyll stops."""

_WRITE = "write YYYY-MM-DD HH:MM:SS +ZZZZ"


class DateError(ValueError):
    pass


def _check_year(year: int, text: str) -> None:
    if not 1 <= year <= 9999:
        raise DateError(
            f"{text!r}: the year {year} is outside 1 to 9999, the years pressbot can check; "
            "correct the year"
        )


def rollover(year: int, month: int, day: int) -> dt.date:
    """Ruby's Time.local rolls 2026-02-30 over to March 2; Python refuses. Do as Ruby."""
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        raise DateError(f"{year:04d}-{month:02d}-{day:02d} is not a date ({_WRITE})")
    return dt.date(year, month, 1) + dt.timedelta(days=day - 1)


def real_calendar_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def parse_date_string(text: str, tz: dt.tzinfo, now: dt.datetime | None = None) -> dt.datetime:
    """A date string as Ruby's ``Time.parse`` reads it (`bot.rubytime`), in ``tz``; no
    offset means local time, and what the text leaves out comes from ``now``."""
    return read_date_string(text, tz, now)[0]


def read_date_string(
    text: str, tz: dt.tzinfo, now: dt.datetime | None = None
) -> tuple[dt.datetime, tuple[str, ...]]:
    """`parse_date_string`, and what Ruby ignored or filled in, in words."""
    from bot.rubytime import RubyTimeError, parse_time

    if len(text.encode("utf-8", "surrogatepass")) > MAX_DATE_LENGTH:
        raise DateError(
            f"the date is {len(text)} characters long, and Jekyll reads at most "
            f"{MAX_DATE_LENGTH} ({_WRITE})"
        )
    moment = now if now is not None and now.tzinfo else dt.datetime.now(tz)
    try:
        parsed = parse_time(text, tz, moment)
    except RubyTimeError as exc:
        raise DateError(_ruby_error(text, str(exc))) from None
    try:
        return parsed.value.astimezone(tz), parsed.dropped
    except OverflowError:
        raise DateError(
            f"{text!r} falls outside the years 1 to 9999 in the site's timezone, the years "
            "pressbot can check; correct the year"
        ) from None


def _ruby_error(text: str, error: str) -> str:
    """Ruby's ArgumentError for ``text``, in the author's words."""
    shown = repr(text.strip())
    if "utc_offset" in error:
        return (
            f"{shown} has an offset 24 hours or more from UTC; write an offset from -2359 to "
            "+2359, like +0100 or -05:00"
        )
    if error.startswith(("hour", "min", "sec")):
        return f"{shown} has a time of day that does not exist (write 00:00:00 to 23:59:59)"
    if ("year" in error and "outside" in error) or "years" in error:
        return (
            f"{shown}: the year is outside 1 to 9999, the years pressbot can check; "
            "correct the year"
        )
    if error.startswith(("mon", "mday", "yday", "argument out of range")):
        return f"{shown} is not a date ({_WRITE})"
    return f"{shown} is not a date Jekyll can read ({_WRITE})"


_YAML_TIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt]|[ \t]+)(\d{1,2}):(\d\d):(\d\d)(?:\.(\d*))?"
    r"[ \t]*(Z|[-+]\d{1,2}(?::?\d\d)?)?"
)


def _yaml_time(text: str) -> dt.datetime:
    """A YAML timestamp on a day that does not exist, as Psych makes it: rolled over, in UTC
    unless it names an offset. A month over 12 or a day over 31 makes Psych fail."""
    match = _YAML_TIME.fullmatch(text)
    if match is None:
        raise DateError(f"{text!r} is not a date Jekyll can read ({_WRITE})")
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    _check_year(year, text)
    if (hour > 23 and (hour, minute, second) != (24, 0, 0)) or minute > 59 or second > 60:
        raise DateError(
            f"{text!r} has a time of day that does not exist (write 00:00:00 to 23:59:59)"
        )
    frac, zone = match.group(7), match.group(8)
    zone_info: dt.tzinfo = dt.timezone.utc
    if zone and zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        hours, _, minutes = zone[1:].partition(":")
        if not minutes and len(hours) > 2:
            hours, minutes = hours[:-2], hours[-2:]
        offset = int(hours) * 60 + int(minutes or 0)
        if offset >= 24 * 60:
            raise DateError(
                f"{text!r} has the offset {zone}, 24 hours or more from UTC; write an "
                "offset from -2359 to +2359, like +0100 or -05:00"
            )
        zone_info = dt.timezone(dt.timedelta(minutes=sign * offset))
    on = rollover(year, month, day)
    micro = int(frac[:6].ljust(6, "0")) if frac else 0
    start = dt.datetime(on.year, on.month, on.day, 0, minute, 0, micro, zone_info)
    return start + dt.timedelta(hours=hour, seconds=second)  # Time.utc takes hour 24


def to_datetime(value: Any, tz: dt.tzinfo, now: dt.datetime | None = None) -> dt.datetime:
    """A front-matter ``date`` value (YAML timestamp, date or string) as Jekyll reads it.

    Jekyll parses the value's text, so a number such as 20260105 is a date too.
    """
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    if isinstance(value, dt.date):
        midnight = dt.datetime(value.year, value.month, value.day, tzinfo=tz)
        if midnight.utcoffset() == midnight.replace(fold=1).utcoffset():
            return midnight
        # Jekyll parses the date's text (`Time.parse("2018-11-04")`): a local midnight that
        # a clock change skips or repeats is resolved as Ruby's `Time.local` does it.
        return parse_date_string(value.isoformat(), tz, now)
    if isinstance(value, YamlTimestamp):
        return _yaml_time(value)
    if isinstance(value, str):
        return parse_date_string(value, tz, now)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**20:
        return parse_date_string(str(value), tz, now)
    if isinstance(value, (bool, float, list, dict)):
        # Jekyll parses the value's Ruby text: `[2020-01-12]` holds a date it finds.
        return parse_date_string(ruby.to_s(value, tz), tz, now)
    raise DateError(f"expected a date, got {type_name(value)}")


def read_date(value: Any, site: Site) -> dt.datetime:
    """A front-matter date value in the site's timezone; `DateError` says why it cannot be."""
    try:
        return to_datetime(value, site.tz, site.clock).astimezone(site.tz)
    except OverflowError:
        zone = site.jekyll.get("timezone") or "UTC"
        shown = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else str(value)
        raise DateError(
            f"{shown} falls outside the years 1 to 9999 in the site's timezone ({zone}), "
            "the years pressbot can check; correct the year"
        ) from None


def type_name(value: Any) -> str:
    """What ``value`` is, in a message's "got ...": a number as written (`1.5`), else its kind."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, float) and value != value:
        return "not a number (.nan)"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "an infinite number"
    if isinstance(value, (int, float)):
        return _number_text(value)
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    return type(value).__name__


def _number_text(value: int | float) -> str:
    """``value`` as YAML writes it; a number too long to show is only named."""
    try:
        text = repr(value)
    except ValueError:  # an int past the interpreter's digit limit
        return "a number"
    return text if len(text) <= 40 else "a number"


def _uniq(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _merge_fails(layer: dict[str, Any]) -> bool:
    """Jekyll merges a layer's `categories` into the list it has with Ruby's `|`, which
    raises on a value that is neither text nor a list: Jekyll logs "could not read file"
    and keeps the post with what it had read so far."""
    value = layer.get("categories")
    return value is not None and not isinstance(value, (str, list))


def read_failed(post: Post) -> bool:
    """Jekyll stopped reading the post part way (broken front matter, or a `categories`
    value it cannot merge): it keeps the post, dated at build time, named by its file."""
    if post.front_matter_failed or _merge_fails(post.defaults):
        return True
    return _merge_fails(post.front_matter or {})


def jekyll_data(post: Post) -> dict[str, Any]:
    """The data Jekyll has for the post: the defaults alone when it stopped reading."""
    return post.defaults if read_failed(post) else post.merged


def show_drafts(site: Site) -> bool:
    """The site's `show_drafts`: Jekyll then reads the `_drafts` folders as posts."""
    value = site.jekyll.get("show_drafts")
    return value is not None and value is not False


def relative_path(post: Post, site: Site) -> str:
    """Jekyll's `Document#relative_path`: the path inside the site's `collections_dir`."""
    from bot.collections_dir import collection_relative, collections_dir

    return collection_relative(post.path, collections_dir(site.jekyll))


def outside_collections_dir(post: Post, site: Site) -> bool:
    """Jekyll reads `_posts` (`_drafts`) only in folders whose path starts with the site's
    `collections_dir` (`Reader#outside_configured_directory?`, a text prefix test)."""
    from bot.collections_dir import collections_dir

    folder = collections_dir(site.jekyll)
    if not folder:
        return False
    parts = post.path.split("/")
    at = next((i for i, p in enumerate(parts) if p in ("_posts", "_drafts")), len(parts))
    return not ("/" + "/".join(parts[:at])).startswith("/" + folder)


def _path_categories(post: Post, site: Site) -> list[Any]:
    """Jekyll's `categories_from_path`: the folders before the first `_posts` (`_drafts`)."""
    special = "_drafts" if post.kind == "draft" else "_posts"
    rel = relative_path(post, site)
    if rel.startswith(special):
        return []
    at = rel.find(special)
    before = rel[:at] if at >= 0 else rel
    return [c for c in before.split("/") if c and c != special and c != post.name]


def _plural(value: Any) -> list[Any] | None:
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list):
        return [v for v in value if v is not None]
    return None


def _pluralized(data: dict[str, Any], singular: str, plural: str) -> list[Any]:
    """Jekyll's `Utils.pluralized_array_from_hash`."""
    value = data.get(singular)
    if value is None or value is False:
        value = _plural(data.get(plural))
    return [v for v in ruby.flatten([value]) if v is not None]


def jekyll_categories(post: Post, site: Site) -> list[Any]:
    """`page.categories` as Jekyll 4.3 makes it, values of every type kept: the folders,
    ∪ the defaults', ∪ the front matter's (text split on spaces), then ∪ the text of each
    of these and of `category` (so `[2020]` becomes `[2020, "2020"]`)."""
    cats = _path_categories(post, site)
    for layer in (post.defaults, post.front_matter or {}):
        value = layer.get("categories")
        if value is None:
            continue
        if isinstance(value, str):
            value = value.split()
        if not isinstance(value, list):
            return cats
        cats = ruby.union(cats, value)
    if read_failed(post):
        return cats
    data = {**post.merged, "categories": cats}
    named = [*cats, *_pluralized(data, "category", "categories")]
    return ruby.union(cats, ruby.uniq([ruby.to_s(c, site.tz) for c in named]))


def category_names(values: list[Any], zone: dt.tzinfo) -> list[str]:
    """The names of categories, as Jekyll's URLs and `site.categories` use them."""
    return ruby.uniq([ruby.to_s(c, zone) for c in values])


def jekyll_tags(post: Post) -> Any:
    """`page.tags` as Jekyll 4.3 makes it: `tag`, else `tags` (text split on spaces),
    flattened, without nulls; what the defaults hold when Jekyll stopped reading."""
    if read_failed(post):
        return post.defaults.get("tags")
    return _pluralized(post.merged, "tag", "tags")


def tag_names(values: Any, zone: dt.tzinfo) -> list[str]:
    """The text of each tag (none when Jekyll holds no list)."""
    return [ruby.to_s(t, zone) for t in values] if isinstance(values, list) else []


_SPACES = re.compile(r"\s+")
_NOT_ASCII_ALNUM = re.compile(r"[^A-Za-z0-9]+")
_ASCII_PRETTY = re.compile(r"[^A-Za-z0-9._~!$&'()+,;=@]+")
_EDGE_HYPHEN = re.compile(r"^-|-$", re.MULTILINE)
_SLASHES = re.compile(r"/{2,}")
_PLACEHOLDER = re.compile(r":([a-z_]+)")


def slugify(text: str, mode: str = "default", cased: bool = False) -> str:
    """Jekyll's ``Utils.slugify`` for the modes that need no transliteration."""
    extra = "._~!$&'()+,;=@" if mode == "pretty" else ""
    if mode == "raw":
        slug = _SPACES.sub("-", text)
    elif mode == "ascii":
        slug = _NOT_ASCII_ALNUM.sub("-", text)
    elif text.isascii():
        # For ASCII, "letter, mark or decimal digit" is exactly [A-Za-z0-9].
        slug = (_ASCII_PRETTY if mode == "pretty" else _NOT_ASCII_ALNUM).sub("-", text)
    else:
        out: list[str] = []
        for ch in text:
            cat = unicodedata.category(ch)
            if cat[0] in "LM" or cat == "Nd" or ch in extra:
                out.append(ch)
            elif not out or out[-1] != "-":
                out.append("-")
        slug = "".join(out)
    slug = _EDGE_HYPHEN.sub("", slug)
    return slug if cased else ruby.downcase(slug)


_PLAIN_LINE = re.compile(r"^[a-zA-Z0-9./-]+$", re.MULTILINE)


class UrlError(ValueError):
    """A value Jekyll cannot put in a URL: `Addressable::URI.encode` raises on it, and the
    whole build stops. `key` names the placeholder whose ``value`` it is, when known."""

    def __init__(self, message: str, key: str = "", value: str = "") -> None:
        super().__init__(message)
        self.key, self.value = key, value


def escape_path(value: str) -> str:
    """Jekyll's `URL.escape_path`: `Addressable::URI.encode` of the value read as a URI, so
    a `?` starts a query and stays, and the first `#` becomes `%23`; a value with a line of
    only letters, digits, `.`, `/` and `-` is kept as it is (Ruby's `^` and `$` match at
    each line). `UrlError` when Addressable refuses the value (`Q&A: news`: `Q&A` would be
    its scheme)."""
    if not value or _PLAIN_LINE.search(value):
        return value
    try:
        return encode(value).replace("#", "%23", 1)
    except AddressableError as exc:
        raise UrlError(str(exc)) from None


def _sanitize_url(url: str) -> str:
    url = ("/" + url).replace("..", "/").replace("./", "")
    return _SLASHES.sub("/", url)


@dataclass
class PostInfo:
    path: str
    id: str
    url: str | None
    date: dt.datetime | None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    jekyll_categories: list[Any] = field(default_factory=list)
    """As Jekyll holds them, each value of its own type (see `jekyll_categories`)."""
    jekyll_tags: Any = None
    published: bool = False
    reason: str | None = None
    date_error: str | None = None
    aliases: list[str] = field(default_factory=list)
    """Other URLs the generator writes a redirect to the post at (Hugo's `aliases`)."""
    lang: str = ""
    """The language of a Hugo page."""
    writes: bool = True
    """The generator writes the post's file at its URL (not so a Hugo page with
    `_build.render` `never` or `link`)."""
    file: str | None = None
    """The file the generator writes the post to, below its output folder, where the URL
    alone does not say (a Hugo page: its language's folder on a site with a host per
    language; its path unescaped, `?` and `#` kept); None for a Jekyll post."""
    undated: bool = False
    """The post gives no date: Jekyll dates it only when asked (see `apply_post_limit`)."""
    written: str | None = None
    """The file a Jekyll post is written to, below the output folder (`destination`)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "id": self.id,
            "url": self.url,
            "date": self.date.isoformat(timespec="seconds") if self.date else None,
            "categories": _json_value(self.jekyll_categories),
            "tags": _json_value(self.jekyll_tags),
            "published": self.published,
            "reason": self.reason,
        }


MAX_JSON_DEPTH = 64


def _json_value(value: Any) -> Any:
    """A front-matter value as JSON: dates in ISO 8601, numbers that are not finite as text,
    and lists or mappings nested deeper than `MAX_JSON_DEPTH` as Ruby's `inspect` text (a JSON
    encoder recurses; front matter may nest far deeper)."""
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any, int]] = [(value, root, 0, 0)]
    while stack:
        item, parent, slot, depth = stack.pop()
        if isinstance(item, (list, dict)) and depth >= MAX_JSON_DEPTH:
            out: Any = ruby.inspect(item)
        elif isinstance(item, list):
            out = [None] * len(item)
            stack.extend((v, out, i, depth + 1) for i, v in enumerate(item))
        elif isinstance(item, dict):
            out = {}
            for k, v in item.items():
                out[ruby.to_s(k)] = None
                stack.append((v, out, ruby.to_s(k), depth + 1))
        else:
            out = _json_scalar(item)
        parent[slot] = out
    return root[0]


def _json_scalar(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return ruby.to_s(value)
    return value


def post_date(post: Post, site: Site) -> tuple[dt.datetime | None, str | None]:
    """The post's date in the site's timezone, and why it could not be read, if not."""
    if "date" not in post.memo:
        post.memo["date"] = _post_date(post, site)
    found: tuple[dt.datetime | None, str | None] = post.memo["date"]
    return found


def _undated(post: Post, site: Site) -> dt.datetime:
    """Jekyll's date for a post that gives none: the build time, or for a draft the time
    its file was last changed (`Document#date`)."""
    post.memo["undated"] = True  # Jekyll's `data["date"]` is nil until the date is asked for
    tz = site.tz
    when = site.now
    if post.kind == "draft" and post.file_stat is not None:
        when = dt.datetime.fromtimestamp(int(post.file_stat.st_mtime), dt.timezone.utc)
    try:
        return when.astimezone(tz).replace(microsecond=0)
    except OverflowError:
        return when.replace(microsecond=0)


def _post_date(post: Post, site: Site) -> tuple[dt.datetime | None, str | None]:
    data = post.merged
    tz = site.tz
    if read_failed(post):
        # Jekyll stops before the file-name date: the post has the date of the defaults,
        # which it merged first, else it is dated at build time.
        value = None if _merge_fails(post.defaults) else post.defaults.get("date")
        if value is not None:
            try:
                return read_date(value, site), None
            except DateError as exc:
                return None, str(exc)
        return _undated(post, site), None
    match = JEKYLL_POST_NAME.match(post.name)
    if "date" in data and data["date"] is not None:
        try:
            when = read_date(data["date"], site)
        except DateError as exc:
            return None, str(exc)
        # Jekyll's `modify_date`: a date at the build's time, to the second, is taken for
        # one never given, and the file name's date replaces it.
        if match is None or math.floor(when.timestamp()) != math.floor(site.now.timestamp()):
            return when, None
    if match:
        try:
            return parse_date_string(match.group(1), tz, site.clock).astimezone(tz), None
        except DateError as exc:
            return None, str(exc)
    if post.kind == "draft":
        return _undated(post, site), None
    return None, None


def post_id(post: Post) -> str:
    data = post.front_matter or {}
    if data.get("id") not in (None, ""):
        return str(data["id"])
    return post.stem


@dataclass
class _UrlParts:
    """What a permalink template can use, as Jekyll's ``UrlDrop`` offers it."""

    post: Post
    date: dt.datetime
    cats: list[str]
    slug: str
    output_ext: str
    relative_path: str


def _cleaned_relative_path(path: str) -> str:
    """Jekyll's `Document#cleaned_relative_path`: the path (inside `collections_dir`) without
    its extension, its first `_posts` (the collection's folder, for drafts too) and
    trailing dots."""
    ext = PurePosixPath(path).suffix
    bare = path[: len(path) - len(ext)] if ext else path
    return bare.replace("_posts", "", 1).rstrip(".")


_PLACEHOLDERS: dict[str, Callable[[_UrlParts], str]] = {
    "collection": lambda u: "posts",
    "path": lambda u: _cleaned_relative_path(u.relative_path),
    "name": lambda u: slugify(u.post.stem.rsplit("/", 1)[-1]),
    "title": lambda u: slugify(u.slug, "pretty", cased=True),
    "slug": lambda u: slugify(u.slug),
    "categories": lambda u: "/".join(_uniq([ruby.downcase(c) for c in u.cats])),
    "slugified_categories": lambda u: "/".join(_uniq([slugify(c) for c in u.cats])),
    "year": lambda u: f"{u.date.year:04d}",
    "month": lambda u: f"{u.date.month:02d}",
    "day": lambda u: f"{u.date.day:02d}",
    "hour": lambda u: f"{u.date.hour:02d}",
    "minute": lambda u: f"{u.date.minute:02d}",
    "second": lambda u: f"{u.date.second:02d}",
    "i_day": lambda u: str(u.date.day),
    "i_month": lambda u: str(u.date.month),
    "short_month": lambda u: u.date.strftime("%b"),
    "long_month": lambda u: u.date.strftime("%B"),
    "short_year": lambda u: u.date.strftime("%y"),
    "w_year": lambda u: u.date.strftime("%G"),
    "week": lambda u: u.date.strftime("%V"),
    "w_day": lambda u: str(u.date.isoweekday()),
    "short_day": lambda u: u.date.strftime("%a"),
    "long_day": lambda u: u.date.strftime("%A"),
    "y_day": lambda u: u.date.strftime("%j"),
    "output_ext": lambda u: u.output_ext,
}
_EMPTY_NAMES = """chain chunk chunk_while class clone collect collect_concat compact cycle
    define_singleton_method detect display drop drop_while dup each each_cons each_entry
    each_slice each_with_index each_with_object entries enum_for extend filter filter_map find
    find_all find_index flat_map freeze grep grep_v group_by hash inject inspect instance_eval
    instance_exec instance_variable_get instance_variable_set instance_variables invoke_drop
    itself lazy liquid_method_missing map max_by method methods min_by minmax minmax_by
    object_id partition private_methods protected_methods public_method public_methods
    public_send reduce reject remove_instance_variable reverse_each select send singleton_class
    singleton_method singleton_methods slice_after slice_before slice_when sort_by sum taint
    take take_while tally tap then to_a to_enum to_h to_json to_s to_set to_yaml trust uniq
    untaint untrust yield_self zip"""
_EMPTY_KEYS = frozenset(_EMPTY_NAMES.split())
"""Placeholders that print nothing: Jekyll asks its `UrlDrop` whether it has the key with
Ruby's `respond_to?`, which every Ruby object (and Enumerable, and Liquid's drop) answers for
these method names, but Liquid never calls them, so the drop gives nil (Jekyll 4.3.1 on Ruby
3.1: `/:hash/:title/` builds as `/:title/`). Other names `[a-z_]+` stop the build."""
_TEMPLATES: dict[str, tuple[list[tuple[str, str | None]], str | None]] = {}


def _parse_template(template: str) -> list[tuple[str, str | None]]:
    """Literal text and placeholder names, once per template (Jekyll's ``URL`` rules: a
    name ending in `_` stands for the name without it, the `_` staying as text)."""
    return _read_template(template)[0]


def template_error(template: str) -> str | None:
    """The placeholder of ``template`` that Jekyll's posts do not have, as written (`:tags`),
    or None: `jekyll build` stops on the first post built with it ("The URL template doesn't
    have tags keys")."""
    return _read_template(template)[1]


def _read_template(template: str) -> tuple[list[tuple[str, str | None]], str | None]:
    found = _TEMPLATES.get(template)
    if found is None:
        parts: list[tuple[str, str | None]] = []
        error = None
        last = 0
        for m in _PLACEHOLDER.finditer(template):
            name = m.group(1)
            # Jekyll's pool is `[name, name.chomp!("_")]`: `chomp!` changes the one string
            # both entries are, so a name ending in `_` is looked up only without it
            key = name[:-1] if name.endswith("_") else name
            if key in _EMPTY_KEYS:
                parts.append((template[last : m.start()], None))
                last = m.start() + 1 + len(key)
            elif key in _PLACEHOLDERS:
                parts.append((template[last : m.start()], key))
                last = m.start() + 1 + len(key)
            elif error is None:
                error = m.group()
        parts.append((template[last:], None))
        found = _TEMPLATES[template] = (parts, error)
    return found


def _url_parts(post: Post, site: Site, date: dt.datetime, cats: list[str]) -> _UrlParts:
    data = jekyll_data(post)
    slug_source, ext = _name_parts(post)
    slug = data.get("slug")
    # Jekyll's `data["slug"] ||= ...`: only nil and false give way; "" stays "".
    slug_value = ruby.to_s(slug_source.rstrip(".") if slug is None or slug is False else slug)
    rel = relative_path(post, site)
    own = permalink_ext(data.get("permalink"))
    return _UrlParts(post, date, cats, slug_value, own or output_ext(ext, site), rel)


def _name_parts(post: Post) -> tuple[str, str]:
    """The slug and the extension the post's file name gives Jekyll."""
    match = None if read_failed(post) else JEKYLL_POST_NAME.match(post.name)
    if match:
        return match.group(2), match.group(3)
    stem = PurePosixPath(post.name)
    return stem.stem, stem.suffix


def permalink_ext(permalink: Any) -> str:
    """Jekyll's `Renderer#permalink_ext`: a post's own permalink that does not end in `/`
    gives the page its extension (Ruby's `File.extname`), `:output_ext` included."""
    if not isinstance(permalink, str) or permalink.endswith("/"):
        return ""
    name = permalink.rsplit("/", 1)[-1].lstrip(".")
    at = name.rfind(".")
    return name[at:] if at >= 0 else ""


def _template(post: Post, site: Site) -> str:
    permalink = jekyll_data(post).get("permalink")
    # "" is true in Ruby: Jekyll takes it, and the post's URL is `/`
    return permalink if isinstance(permalink, str) else site.permalink


def url_for(post: Post, site: Site, date: dt.datetime, cats: list[str]) -> str:
    """The post's URL; `UrlError` (naming the placeholder) when a value stops the build."""
    parts = _url_parts(post, site, date, cats)
    out = []
    for literal, key in _parse_template(_template(post, site)):
        out.append(literal)
        if key is not None:
            value = _PLACEHOLDERS[key](parts)
            try:
                out.append(escape_path(value))
            except UrlError as exc:
                raise UrlError(str(exc), key, value) from None
    return _sanitize_url("".join(out))


_UNSAFE_KEYS = frozenset({"categories", "path", "output_ext"})
"""The placeholders whose value can hold a `:` or start with `//`, as Addressable may refuse
(the slugs, dates and `:slugified_categories` cannot)."""


_EMPTY_PLACEHOLDERS = frozenset({"categories", "slugified_categories", None})


def may_build_home_page(post: Post, site: Site) -> bool:
    """Whether the post's URL can be `/`: its template is only slashes and placeholders
    that may be empty (`""`, `/:categories/`)."""
    parts = _parse_template(_template(post, site))
    return all(key in _EMPTY_PLACEHOLDERS and not literal.strip("/") for literal, key in parts)


def url_error(post: Post, site: Site, date: dt.datetime | None) -> UrlError | None:
    """Why Jekyll cannot build the URL of the post (a value Addressable refuses), or None.

    Looked at only when one of the values could be refused (a `:`, or a `/` in a category),
    so that a bulk run does not build every post's URL."""
    if date is None or not _may_be_refused(post, site):
        return None
    if "url_error" not in post.memo:
        cats = category_names(jekyll_categories(post, site), site.tz)
        try:
            url_for(post, site, date, cats)
            post.memo["url_error"] = None
        except UrlError as exc:
            post.memo["url_error"] = exc
    found: UrlError | None = post.memo["url_error"]
    return found


def _may_be_refused(post: Post, site: Site) -> bool:
    keys = {key for _, key in _parse_template(_template(post, site)) if key in _UNSAFE_KEYS}
    if not keys:
        return False
    if ":" in post.path:  # folders (categories, `:path`) and the extension
        return True
    if "output_ext" in keys and ":" in permalink_ext(jekyll_data(post).get("permalink")):
        return True
    if "categories" not in keys:
        return False
    values = [post.defaults.get("categories"), post.merged.get("categories")]
    values.append(post.merged.get("category"))
    return not all(_plain_category(v) for v in ruby.flatten(values))


def _plain_category(value: Any) -> bool:
    """A category whose text holds no `:` or `/` (a time's text has a `:`)."""
    if isinstance(value, str):
        return ":" not in value and "/" not in value
    if isinstance(value, dt.datetime):
        return False
    return value is None or isinstance(value, bool | int | float | dt.date)


_ENDS_WITH_SLUG = re.compile(r":(title|slug|name)(?::output_ext|/)?$")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
"""A stand-in date: the slug placeholders read neither the date nor the categories."""


def url_tail(post: Post, site: Site) -> str | None:
    """The post's own slug as the end of the file Jekyll writes it to (`tail_key`).

    Two posts can only be written to one file when their tails match, so a site-wide
    duplicate check computes full URLs only for posts whose tails collide (and for posts
    with their own `permalink`, or whose slug `_sanitize_url` may change, for which this
    returns None).
    """
    if "permalink" in post.merged:
        return None
    template = site.permalink
    match = _ENDS_WITH_SLUG.search(template)
    before = template[: match.start()] if match is not None else ""
    if match is None or (before and not before.endswith("/")):
        return None  # `/:year-:title/`: the file's last part holds more than the slug
    if _may_place_dotted_folder(post, before):
        return None  # its file may be in another's (`folder_tails`): its folders count
    value = _PLACEHOLDERS[match.group(1)](_url_parts(post, site, _EPOCH, []))
    if value in ("", ".") or ".." in value or "./" in value or "/" in value:
        return None
    try:
        escape_path(value)
    except UrlError:  # cannot be: a slug holds no `:`; the full URL says
        return None
    return tail_key(value)


def tail_key(part: str) -> str:
    """What a tail is compared by: a part of a written path, lowercased, up to its first
    dot (`/a` and `/a.html` are both `a.html`)."""
    return part.lower().split(".", 1)[0]


def _may_place_dotted_folder(post: Post, before: str) -> bool:
    """Whether the part of the post's URL before its slug (the template ``before``) may hold
    a folder with a dot, as another post's file has (`/a.html/:title/`, the category
    `a.html`): without one, its file cannot be in another post's file."""
    for literal, key in _parse_template(before):
        if "." in literal or key in _DOTTED_KEYS:
            return True
        if key == "categories":
            if "." in post.path.rpartition("/")[0]:
                return True
            values = [post.defaults.get("categories"), post.merged.get("categories")]
            values.append(post.merged.get("category"))
            if not all(_undotted(v) for v in ruby.flatten(values)):
                return True
    return False


_DOTTED_KEYS = frozenset({"path", "name", "title", "slug", "output_ext"})
"""Placeholders that may print a dot (their value is looked at only as the last part)."""


def _undotted(value: Any) -> bool:
    if isinstance(value, str):
        return "." not in value
    return value is None or isinstance(value, bool | int)


def folder_tails(written: str) -> set[str]:
    """The tails (`tail_key`) of the posts whose file may be a folder of ``written``: a
    post's file has an extension, so the folders with a dot (and the folder before one,
    for `title/index.html`)."""
    parts = written.split("/")[:-1]
    out: set[str] = set()
    for i, part in enumerate(parts):
        if "." in part:
            out.add(tail_key(part))
            if i:
                out.add(tail_key(parts[i - 1]))
    return out


def folders_of(written: str) -> list[str]:
    """The folders of ``written`` that may be another post's file (`folder_tails`): those
    whose last part has a dot."""
    parts = written.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts) - 1) if "." in parts[i]]


def tails_of(written: str) -> set[str]:
    """What `url_tail` gives for any post written to ``written`` (`destination`): its last
    part's, or its folder's (`/:title/` writes `title/index.html`)."""
    parts = written.rstrip("/").split("/")
    return {tail_key(part) for part in parts[-2:]}


_LONG_KEYS = frozenset({"path", "name", "title", "slug", "categories", "slugified_categories"})
"""Placeholders whose text comes from the post (its name, slug, categories, folders)."""
URL_KEYS = ("slug", "permalink", "categories", "category")
"""The front-matter keys whose values may shape a post's URL (besides its name)."""
NAME_BOUND = 1000
"""What `_longest` counts for a value it does not measure (nested too deep, of another
kind): enough to have the URL built and measured."""


def written_file(post: Post, site: Site, url: str) -> bytes:
    """The path below the site's output folder that Jekyll writes the post at ``url`` to
    (`destination`)."""
    return destination(url, _output_ext_of(post, site))


def destination(url: str, ext: str) -> bytes:
    """Jekyll's `Document#destination` below the output folder, for a document at ``url``
    whose output extension is ``ext``: the URL's %-escapes undone, its path made plain as
    Ruby's `File.expand_path` makes it (no empty, `.` or `..` parts), then `index.html` in
    a folder URL, else ``ext`` added unless the path ends with it. Two documents with one
    destination are Jekyll's "Conflict: The following destination is shared by multiple
    files" (`/a` and `/a.html`, `/c/` and `/c/index.html`, `/e f/` and `/e%20f/`)."""
    from bot.file_names import written_path

    raw = written_path(url) if "%" in url else url.encode("utf-8", "surrogateescape")
    parts: list[bytes] = []
    for part in raw.split(b"/"):
        if part == b"..":
            if parts:
                parts.pop()
        elif part not in (b"", b"."):
            parts.append(part)
    path = b"/".join(parts)
    if url.endswith("/"):
        return path + b"/index.html" if path else b"index.html"
    suffix = ext.encode("utf-8", "surrogateescape")
    return path if path.endswith(suffix) else path + suffix


def written_key(post: Post, site: Site, url: str) -> str:
    """`written_file` as text (bytes that are not UTF-8 kept as surrogates): what posts
    that collide share (`jekyll/duplicate-url`)."""
    return written_file(post, site, url).decode("utf-8", "surrogateescape")


def _output_ext_of(post: Post, site: Site) -> str:
    own = permalink_ext(jekyll_data(post).get("permalink"))
    return own or output_ext(_name_parts(post)[1], site)


def may_unescape_badly(post: Post, site: Site) -> bool:
    """Whether the post's URL may hold an escape of a NUL or of a byte that is not UTF-8,
    without building the URL: its permalink template has a `%`, or a value that shapes its
    URL has a NUL (Jekyll escapes it as `%00`); every other character of a value is
    slugified away or escaped as itself (a `%` as `%25`)."""
    data = jekyll_data(post)
    permalink = data.get("permalink")
    if "%" in (permalink if isinstance(permalink, str) else site.permalink):
        return True
    return any(_has_nul(data.get(key)) for key in URL_KEYS)


def _has_nul(value: Any) -> bool:
    """Whether text in ``value`` (or in its lists, however deep) holds a NUL."""
    stack, seen = [value], set()
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\0" in item:
                return True
        elif isinstance(item, list) and id(item) not in seen:
            seen.add(id(item))  # a list holding itself (a YAML alias) is walked once
            stack.extend(item)
    return False


def may_write_long_name(post: Post, site: Site) -> bool:
    """Whether the file Jekyll writes for the post could have a part longer than a file
    name may be (`bot.file_names`), bounded from the post's path and the values that shape
    its URL, without building the URL (which costs a bulk run 75 µs a post): each part of
    the template is its text plus, per placeholder, at most 10 bytes for a date's, the
    output extension's length, and half as much again as the longest of those values for
    the others (lower-casing can lengthen text by half); the whole path likewise."""
    from bot.file_names import NAME_MAX, PATH_MAX

    data = jekyll_data(post)
    longest = len(post.path.encode("utf-8", "surrogateescape"))
    for key in URL_KEYS:
        value = data.get(key)
        if value is not None:
            longest = max(longest, _longest(value))
    permalink = data.get("permalink")
    own = permalink if isinstance(permalink, str) else None
    name = post.name
    suffix = len(name) - name.rfind(".") if "." in name else 0
    ext = max(5, suffix, len(own) if own else 0)  # the output extension's length, at most
    long = 3 * longest // 2 + 1
    whole = len(str(site.root)) + 16  # the output folder's path, "/_site/", "index.html"
    for text, n_long, n_date, n_ext in _part_counts(site.permalink if own is None else own):
        part = text + n_long * long + n_date * 10 + (n_ext + 1) * ext
        if part > NAME_MAX:
            return True
        whole += part + 1
    return whole >= PATH_MAX


_PART_COUNTS: dict[str, list[tuple[int, int, int, int]]] = {}


def _part_counts(template: str) -> list[tuple[int, int, int, int]]:
    """Per part of ``template``'s path (between slashes): the bytes of its text, and its
    placeholders that print the post's text, a date, and the output extension."""
    counts = _PART_COUNTS.get(template)
    if counts is None:
        counts = []
        text = n_long = n_date = n_ext = 0
        for literal, key in _parse_template(template):
            pieces = literal.split("/")
            for piece in pieces[:-1]:
                counts.append(
                    (text + len(piece.encode("utf-8", "surrogateescape")), n_long, n_date, n_ext)
                )
                text = n_long = n_date = n_ext = 0
            text += len(pieces[-1].encode("utf-8", "surrogateescape"))
            if key == "output_ext":
                n_ext += 1
            elif key in _LONG_KEYS or key == "collection":
                n_long += 1
            elif key is not None:
                n_date += 1
        counts.append((text, n_long, n_date, n_ext))
        _PART_COUNTS[template] = counts
    return counts


def _longest(value: Any, depth: int = 0) -> int:
    """The most bytes any text in ``value`` has (lists searched a few levels down)."""
    if isinstance(value, str):
        return len(value.encode("utf-8", "surrogateescape"))
    if isinstance(value, (list, dict)) and depth < 8:
        items = value.values() if isinstance(value, dict) else value
        return max((_longest(item, depth + 1) for item in items), default=0)
    if isinstance(value, int):  # str() of a 5,000-digit number raises: count its digits
        return value.bit_length() // 3 + 2
    return 40 if isinstance(value, (float, dt.date)) else NAME_BOUND


MARKDOWN_EXT = "markdown,mkdown,mkdn,mkd,md"
"""Jekyll's default `markdown_ext`."""


def output_ext(ext: str, site: Site) -> str:
    """The extension Jekyll gives the page: `.html` for Markdown (the site's `markdown_ext`,
    any letter case), `.css` for Sass, the file's own for everything else (`.htm`, `.txt`)."""
    configured = site.jekyll.get("markdown_ext")
    names = configured if isinstance(configured, str) else MARKDOWN_EXT
    if ext[1:].lower() in {n.lower() for n in names.split(",")}:  # Jekyll strips no spaces
        return ".html"
    if ext.lower() in (".scss", ".sass"):
        return ".css"  # Jekyll's built-in Sass converter
    return ext


def describe(post: Post, site: Site) -> PostInfo:
    """What Jekyll would publish for this post, and if not, why."""
    info = PostInfo(path=post.path, id=post_id(post), url=None, date=None)
    info.jekyll_categories = jekyll_categories(post, site)
    info.categories = category_names(info.jekyll_categories, site.tz)
    info.jekyll_tags = jekyll_tags(post)
    info.tags = tag_names(info.jekyll_tags, site.tz)
    info.date, info.date_error = post_date(post, site)
    info.undated = bool(post.memo.get("undated"))
    if info.date is not None and template_error(_template(post, site)) is None:
        try:
            info.url = url_for(post, site, info.date, info.categories)
        except UrlError:
            info.url = None
        if info.url is not None:
            info.written = written_key(post, site, info.url)
    info.reason = _unpublished_reason(post, site, info.date)
    if info.reason is None and info.url is not None and unwritable_url(info.url):
        info.reason = "invalid"  # Jekyll stops when it writes the post
    info.published = info.reason is None
    return info


def unwritable_url(url: str) -> tuple[str, str] | None:
    """(what, Ruby's error) for a URL whose %-escapes Jekyll undoes into a file name Ruby
    refuses (`URL.unescape_path`, then `File.expand_path`): a NUL byte ("path name contains
    null byte"), or bytes that are not UTF-8 ("invalid byte sequence in UTF-8")."""
    from bot.file_names import written_path

    if "%" not in url:
        return None
    path = written_path(url)
    if b"\0" in path:
        return "a NUL byte", "path name contains null byte"
    try:
        path.decode("utf-8")
    except UnicodeDecodeError:
        return "bytes that are not UTF-8", "invalid byte sequence in UTF-8"
    return None


def post_limit(site: Site) -> int | None:
    """How many posts the site's `limit_posts` lets Jekyll keep, or None for all (a float
    is cut to a whole number, as Ruby's `Array#[]` takes it)."""
    value = site.jekyll.get("limit_posts")
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return int(value) if math.isfinite(value) else None  # `.inf` keeps every post
    return None


def apply_post_limit(infos: list[PostInfo], site: Site) -> None:
    """Jekyll's `limit_posts`: of the posts it reads (those it would publish), it keeps the
    last ones of its sort (`bot.jekyll_order`: the latest, by date and then path, while all
    have dates); the others are not built. Needs every post of the site in ``infos``."""
    from bot.collections_dir import collections_dir
    from bot.jekyll_order import document_compare, merge_sort, read_key

    limit = post_limit(site)
    if limit is None:
        return
    folder = collections_dir(site.jekyll)
    read = sorted(
        (i for i in infos if i.published), key=lambda i: read_key(site.root, i.path, folder)
    )
    prefix = str(site.root).encode("utf-8", "surrogateescape") + b"/"

    # A post that gives no date has none while Jekyll sorts, unless the check for future
    # posts (made only without `future`) asked for it, which dates it then.
    dateless_while_sorting = site.future

    def item(info: PostInfo) -> tuple[dt.datetime | None, bytes, PostInfo]:
        path = prefix + info.path.encode("utf-8", "surrogateescape")
        date = None if info.undated and dateless_while_sorting else info.date
        return date, path, info

    ordered = merge_sort([item(i) for i in read], lambda a, b: document_compare(a[:2], b[:2]))
    for _, _, info in ordered[: max(len(ordered) - limit, 0)]:
        info.published, info.reason = False, "limit_posts"


def name_not_utf8(name: str) -> bool:
    """A file name with bytes that are not UTF-8 (read as surrogates): Jekyll's entry
    filter raises on it ("invalid byte sequence in UTF-8"), and the whole build stops."""
    return any("\udc80" <= ch <= "\udcff" for ch in name)


def unpublished_reason(post: Post, site: Site) -> str | None:
    """Why Jekyll would not publish the post (see `describe`), or None."""
    return _unpublished_reason(post, site, post_date(post, site)[0])


def _unpublished_reason(post: Post, site: Site, date: dt.datetime | None) -> str | None:
    reason = _skipped_reason(post, site, date)
    if reason is not None:
        return reason
    if template_error(_template(post, site)) is not None or url_error(post, site, date):
        return "invalid"  # Jekyll builds the URL of a post it publishes, and stops there
    return None


def bad_template(post: Post, site: Site) -> str | None:
    """The placeholder Jekyll stops the build on when it builds this post's URL (only a post
    it publishes has one built), or None."""
    error = template_error(_template(post, site))
    if error is None or _skipped_reason(post, site, post_date(post, site)[0]) is not None:
        return None
    return error


def bad_url(post: Post, site: Site) -> UrlError | None:
    """The value Jekyll stops the build on when it builds this post's URL (a post it
    publishes, with a template it has every placeholder of), or None."""
    date = post_date(post, site)[0]
    if template_error(_template(post, site)) is not None:
        return None
    if _skipped_reason(post, site, date) is not None:
        return None
    return url_error(post, site, date)


def _skipped_reason(post: Post, site: Site, date: dt.datetime | None) -> str | None:
    if post.kind == "draft" and not show_drafts(site):
        return "draft"
    if outside_collections_dir(post, site):
        return "outside-collections-dir"
    if post.kind == "draft":
        if not _DATELESS_NAME.match(post.name):
            return "not-a-post-name"
    elif post.kind != "post" or not JEKYLL_POST_NAME.match(post.name):
        return "not-a-post-name"
    if not post.readable:
        return post.unread_reason
    if post.decode_error is not None or post.refused_encoding:
        return "invalid"
    if name_not_utf8(post.name) or post.defaults_error is not None:
        return "invalid"  # the whole build stops; Jekyll skips the post
    if date is None:
        return "invalid"
    if site.jekyll.get("strict_front_matter") not in (None, False) and read_failed(post):
        return "invalid"  # with `strict_front_matter`, what Jekyll cannot read stops the build
    data = jekyll_data(post)
    value = data.get("published", True)
    unpublished = value is False or value is None  # 0 and "false" publish (Ruby truthiness)
    if unpublished and not site.jekyll.get("unpublished"):
        return "published-false"
    if not site.future and date > site.now:
        return "future"
    return None
