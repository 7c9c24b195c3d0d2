"""Hugo's dates: how a value becomes a time (`htime.ToTimeInDefaultLocationE`, then
spf13/cast), and which front-matter keys give `date`, `publishDate`, `lastmod` and
`expiryDate` (the site's `frontmatter` configuration).

Unlike Jekyll, a date without an offset is read in the site's (or language's) `timeZone`,
not in UTC. A value no layout reads is skipped silently (Hugo logs it and tries the next key).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.hugo import gotime
from bot.hugo.values import LocalDate, LocalDateTime, LocalTime, to_string_slice

LAYOUTS: list[tuple[str, bool]] = [
    ("2006-01-02T15:04:05Z07:00", True),
    ("2006-01-02T15:04:05", False),
    ("Mon, 02 Jan 2006 15:04:05 -0700", True),
    ("Mon, 02 Jan 2006 15:04:05 MST", False),
    ("02 Jan 06 15:04 -0700", True),
    ("02 Jan 06 15:04 MST", False),
    ("Monday, 02-Jan-06 15:04:05 MST", False),
    ("2006-01-02 15:04:05.999999999 -0700 MST", True),
    ("2006-01-02T15:04:05-0700", True),
    ("2006-01-02 15:04:05Z0700", True),
    ("2006-01-02 15:04:05", False),
    ("Mon Jan _2 15:04:05 2006", False),
    ("Mon Jan _2 15:04:05 MST 2006", False),
    ("Mon Jan 02 15:04:05 -0700 2006", True),
    ("2006-01-02 15:04:05Z07:00", True),
    ("2006-01-02", False),
    ("02 Jan 2006", False),
    ("2006-01-02 15:04:05 -07:00", True),
    ("2006-01-02 15:04:05 -0700", True),
    ("3:04PM", False),
    ("Jan _2 15:04:05", False),
    ("Jan _2 15:04:05.000", False),
    ("Jan _2 15:04:05.000000", False),
    ("Jan _2 15:04:05.000000000", False),
]
"""cast's layouts in its order; True where the layout's offset is kept (a layout with a
zone name only, or none, is read as wall clock in the default location)."""
_LAYOUT_TEXTS = tuple(layout for layout, _ in LAYOUTS)


class DateError(ValueError):
    """A value Hugo cannot read as a time."""


@functools.lru_cache(maxsize=4096)
def parse_text(text: str, zone: dt.tzinfo) -> dt.datetime:
    """cast.StringToDateInDefaultLocation (pages of one day often share a date)."""
    for layout, keeps_offset in LAYOUTS[gotime.first_fitting(_LAYOUT_TEXTS, text) :]:
        try:
            parsed = gotime.parse(layout, text)
        except gotime.GoParseError:
            continue
        if not keeps_offset:
            parsed = dataclasses.replace(parsed, offset=None)
        try:
            return gotime.to_datetime(parsed, zone)
        except gotime.GoParseError:
            raise DateError(f"{text!r}: a year Hugo's dates cannot be shown in") from None
    raise DateError(f"unable to parse date: {text}")


def to_time(value: Any, zone: dt.tzinfo) -> dt.datetime:
    """`htime.ToTimeInDefaultLocationE(value, zone)`; raises :class:`DateError`."""
    if isinstance(value, LocalDateTime):
        return gotime.in_zone(dt.datetime(*value.timetuple()[:6], value.microsecond), zone)
    if isinstance(value, LocalDate):
        return gotime.in_zone(dt.datetime(value.year, value.month, value.day), zone)
    if isinstance(value, LocalTime):
        raise DateError(f"unable to cast {value} to a time")
    if isinstance(value, dt.datetime):
        # go-toml's offset date-times go through RFC 3339 text: the fraction is lost.
        return value.replace(microsecond=0)
    if isinstance(value, bool):
        raise DateError(f"unable to cast {value} to a time")
    if isinstance(value, int):
        return unix_time(int(value))
    if isinstance(value, str):
        return parse_text(value, zone)
    raise DateError(f"unable to cast {value!r} to a time")


_CYCLE_SECONDS = 146097 * 86400
"""Seconds in 400 years, after which the calendar repeats."""
_YEAR_SECONDS = 31556952
"""Seconds in a year of the Gregorian calendar, on average."""


def unix_time(seconds: int) -> dt.datetime:
    """Go's `time.Unix(seconds, 0)`: in the machine's local zone, whatever the site's; a
    `gotime.FarTime` beyond the years Python holds (a time in milliseconds is one)."""
    try:
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).astimezone()
    except (OverflowError, OSError, ValueError):
        pass
    shift = gotime.cycles_shift(1970 + seconds // _YEAR_SECONDS)
    try:
        near = dt.datetime.fromtimestamp(seconds - shift // 400 * _CYCLE_SECONDS, dt.timezone.utc)
        near = near.astimezone()
    except (OverflowError, OSError, ValueError):
        # past Go's own range too (int64 seconds hold 292 billion years): not worth a port
        raise DateError(f"{seconds}: a time Hugo's dates cannot be shown in") from None
    return gotime.far_time(near.year + shift, near)


def skipped_clock(value: Any, zone: dt.tzinfo, read: dt.datetime) -> dt.datetime | None:
    """The wall clock ``value`` gives (naive), when Hugo's reading of it in ``zone``
    (``read``, `to_time`'s) shows another: a local time that a clock change skips, which Go
    moves by the change, often to the day before. None for any other value.

    A value read at its own offset keeps its wall clock, and one without an offset keeps it
    in UTC, so reading it again in UTC gives the wall clock written; only a time near a
    change in ``zone`` is read again."""
    if isinstance(zone, dt.timezone) or isinstance(value, (int, LocalTime)):
        return None
    try:
        day = dt.timedelta(days=1)
        offsets = {read.utcoffset(), (read - day).utcoffset(), (read + day).utcoffset()}
        if len(offsets) == 1:
            return None  # no clock change within a day of it
        written = to_time(value, dt.timezone.utc).replace(tzinfo=None)
    except (DateError, OverflowError, ValueError):
        return None
    return None if written == read.replace(tzinfo=None) else written


DEFAULTS: dict[str, list[str]] = {
    "date": ["date", "publishdate", "lastmod"],
    "lastmod": [":git", "lastmod", "date", "publishdate"],
    "publishdate": ["publishdate", "date"],
    "expirydate": ["expirydate"],
}
ALIASES: dict[str, list[str]] = {
    "date": [],
    "lastmod": ["modified"],
    "publishdate": ["pubdate", "published"],
    "expirydate": ["unpublishdate"],
}


@dataclass(frozen=True)
class DateKeys:
    """For each of Hugo's four dates, the keys (and `:filename`, ...) tried in order."""

    date: tuple[str, ...]
    lastmod: tuple[str, ...]
    publishdate: tuple[str, ...]
    expirydate: tuple[str, ...]

    def all_keys(self) -> set[str]:
        keys = (*self.date, *self.lastmod, *self.publishdate, *self.expirydate)
        return {k for k in keys if not k.startswith(":")}

    @functools.cached_property
    def keys(self) -> frozenset[str]:
        """:meth:`all_keys`, kept."""
        return frozenset(self.all_keys())

    @functools.cached_property
    def reads_git(self) -> bool:
        """Whether a date that decides the page's URL or publication (`date`,
        `publishDate`, `expiryDate`) may come from Git (`:git`, with `enableGitInfo`).
        `lastmod`'s own `:git` (its default) alone does not make pressbot read the log."""
        return ":git" in (*self.date, *self.publishdate, *self.expirydate)

    @functools.cached_property
    def reads_modtime(self) -> bool:
        """Whether a date may come from the file's modification time."""
        return ":filemodtime" in (*self.date, *self.lastmod, *self.publishdate, *self.expirydate)


def date_keys(frontmatter_config: Any) -> DateKeys:
    """The site's `frontmatter` setting as Hugo expands it (`:default`, then aliases)."""
    chosen = {name: list(keys) for name, keys in DEFAULTS.items()}
    if isinstance(frontmatter_config, dict):
        for key, value in frontmatter_config.items():
            name = str(key).lower()
            if name in chosen:
                chosen[name] = [v.lower() for v in to_string_slice(value)]
    expanded: dict[str, tuple[str, ...]] = {}
    for name, keys in chosen.items():
        out: list[str] = []
        for key in keys:
            out.extend(DEFAULTS[name] if key == ":default" else [key])
        with_aliases: list[str] = []
        for key in out:
            for item in (key, *ALIASES.get(key, [])):
                if item not in with_aliases:
                    with_aliases.append(item)
        expanded[name] = tuple(with_aliases)
    return DateKeys(**expanded)


@dataclass
class PageDates:
    date: dt.datetime | None = None
    lastmod: dt.datetime | None = None
    publishdate: dt.datetime | None = None
    expirydate: dt.datetime | None = None
    filename_slug: str | None = None


def page_dates(
    frontmatter: dict[str, Any],
    keys: DateKeys,
    zone: dt.tzinfo,
    base_filename: str,
    modtime: dt.datetime | None,
    git: Callable[[], dt.datetime | None] | None = None,
) -> PageDates:
    """The four dates of a page, each from the first of its keys that gives one; ``git``
    gives the author date of the file's last commit (`:git`), when Hugo reads it."""
    dates = PageDates()
    read: dict[str, dt.datetime | None] = {}  # `date` is tried for three of the four
    for name in ("date", "lastmod", "publishdate", "expirydate"):
        for key in getattr(keys, name):
            if key in read:
                found = read[key]
            else:
                found = _one(key, frontmatter, zone, base_filename, modtime, dates, git)
                read[key] = found
            if found is not None:
                setattr(dates, name, found)
                break
    return dates


def _one(
    key: str,
    frontmatter: dict[str, Any],
    zone: dt.tzinfo,
    base_filename: str,
    modtime: dt.datetime | None,
    dates: PageDates,
    git: Callable[[], dt.datetime | None] | None,
) -> dt.datetime | None:
    if key == ":filename":
        stem = os.path.splitext(base_filename)[0]
        if len(stem) < 10:
            return None
        try:
            found = to_time(stem[:10], zone)
        except DateError:
            return None
        if "slug" not in frontmatter:
            dates.filename_slug = stem[10:].strip(" -_")
        return found
    if key == ":filemodtime":
        return modtime
    if key == ":git":
        return git() if git is not None else None
    if key.startswith(":"):
        return None
    if key not in frontmatter:
        return None
    try:
        return to_time(frontmatter[key], zone)
    except DateError:
        return None
