"""What Jekyll keeps of a front-matter date, what it drops or makes up, and what to write
instead.

Jekyll builds a post whose date string it reads only in part (`Time.parse` ignores text it
does not understand, zone names it does not know, a second year) and rolls a day that does
not exist over into the next month. `bot.rubytime` names each such loss; this module turns
them into a verdict: Jekyll's reading, the losses that change it, and a date that says what
the author most likely meant.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.jekyll import DateError, read_date, read_date_string
from bot.ruby import YamlTimestamp
from bot.rubytime import RubyTimeError, parse_time, rollover_notes

if TYPE_CHECKING:
    from bot.site import Site


@dataclass(frozen=True)
class LossyDate:
    """A date Jekyll reads, but not as written."""

    text: str
    """The value as written."""
    when: dt.datetime
    """Jekyll's reading, in the site's timezone."""
    lost: tuple[str, ...]
    """What Jekyll dropped or filled in, in words."""
    instead: str
    """What to write for the date the author most likely meant."""


ZONE_OFFSETS: dict[str, int] = {
    "CEST": 120,
    "EET": 120,
    "EEST": 180,
    "WET": 0,
    "WEST": 60,
    "BST": 60,
    "IST": 330,
    "MSK": 180,
    "JST": 540,
    "KST": 540,
    "HKT": 480,
    "SGT": 480,
    "AWST": 480,
    "ACST": 570,
    "ACDT": 630,
    "AEST": 600,
    "AEDT": 660,
    "NZST": 720,
    "NZDT": 780,
    "CAT": 120,
    "EAT": 180,
    "WAT": 60,
    "SAST": 120,
    "PHT": 480,
    "WIB": 420,
    "ART": -180,
    "BRT": -180,
}
"""Zone names Ruby's `Time.parse` does not know, as their authors mean them (minutes east
of UTC). A name missing here still gets a verdict, with Jekyll's own reading to write."""

_ZONE_NOTE = re.compile(r'^the zone "([^"]*)"')
_TEXT_NOTE = re.compile(r'^the text "([^"]*)"')
_OFFSET = re.compile(r"(?:^|[\s\d:])(?:GMT|UTC)?([-+])(\d{1,2}):?(\d{2})?\s*$", re.IGNORECASE)
_YAML_TIME = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt]|[ \t]+)(\d{1,2}):\d\d:(\d\d)")


def _offset_in(text: str) -> int | None:
    """Minutes east of UTC of an offset (`-0800`, `+01:00`, `GMT+2`) ending ``text``."""
    match = _OFFSET.search(text)
    if match is None:
        return None
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > 23 or minutes > 59:
        return None
    return (-1 if match.group(1) == "-" else 1) * (hours * 60 + minutes)


def _zone_offset(name: str) -> int | None:
    known = ZONE_OFFSETS.get(name.upper())
    return known if known is not None else _offset_in(name)


def _meant_offset(note: str) -> int | None:
    """The offset the author wrote that a note says Jekyll dropped, if it names one."""
    zone = _ZONE_NOTE.match(note)
    if zone:
        return _zone_offset(zone.group(1))
    text = _TEXT_NOTE.match(note)
    return _offset_in(text.group(1)) if text else None


def _only_a_zone(note: str) -> bool:
    """Whether a note drops a zone or offset and nothing else."""
    text = _TEXT_NOTE.match(note)
    return text is None or _OFFSET.fullmatch(text.group(1)) is not None


def offset_text(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _written(when: dt.datetime, text: str, offset: int | None) -> str:
    """``when`` as a date Jekyll reads whole: date only when nothing more was written, else
    with its time and its offset, or ``offset`` minutes (the same wall-clock time)."""
    if offset is not None:
        return f"{when:%Y-%m-%d %H:%M:%S} {offset_text(offset)}"
    if ":" not in text and when.time() == dt.time(0):
        return f"{when:%Y-%m-%d}"
    delta = when.utcoffset() or dt.timedelta(0)
    return f"{when:%Y-%m-%d %H:%M:%S} {offset_text(int(delta.total_seconds()) // 60)}"


def _yaml_notes(text: str) -> tuple[str, ...]:
    """What Psych rolls over in a YAML timestamp PyYAML refuses: a day that does not exist,
    the hour 24."""
    match = _YAML_TIME.match(text)
    if match is None:
        return ()
    year, month, day, hour, second = (int(g) for g in match.groups())
    return tuple(rollover_notes(year, month, day, hour, second))


def lossy_date(value: Any, site: Site, file_day: dt.date | None = None) -> LossyDate | None:
    """Jekyll's reading of a front-matter date ``value`` when it loses or makes up part of
    it; None when the reading is whole, or when Jekyll cannot read it at all. ``file_day``
    is the date of the post's file name: a year Jekyll fills in is meant to be its year."""
    try:
        if isinstance(value, YamlTimestamp):
            text = str(value)
            when, notes = read_date(value, site), _yaml_notes(text)
            clock = when
        elif isinstance(value, str) or (
            isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**20
        ):
            text = str(value)
            when, notes = read_date_string(text, site.tz, site.clock)
            clock = parse_time(text, site.tz, site.clock).value if notes else when
        else:
            return None
    except (DateError, OverflowError, RubyTimeError):
        return None
    offset_now = int((when.utcoffset() or dt.timedelta(0)).total_seconds()) // 60
    lost: list[str] = []
    meant: int | None = None
    for note in notes:
        offset = _meant_offset(note)
        if offset is not None and offset == offset_now and _only_a_zone(note):
            continue  # the zone Jekyll ignored is the one it used: nothing changes
        if offset is not None:
            meant = offset
        lost.append(note.replace("Ruby", "Jekyll"))
    if not lost:
        return None
    year_made_up = any(note.startswith("the year (") for note in notes)
    if year_made_up and file_day and (clock.month, clock.day) == (file_day.month, file_day.day):
        clock = clock.replace(year=file_day.year)
    return LossyDate(text, when, tuple(lost), _written(clock, text, meant))
