"""Go's `time.Parse`, for the layouts Hugo tries on a date (spf13/cast's list).

Hugo reads a front-matter date by trying layouts one after the other with Go's parser, whose
rules differ from ISO 8601 readers: the hour may have one digit, a fractional second may
follow the seconds although the layout has none, a space in the layout matches any run of
spaces, month and weekday names match in any case, a day is checked against its month, and a
zone name (`MST`) says nothing of the offset. This module follows `time/format.go`.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

_STD = re.compile(
    r"January|Jan|Monday|Mon|MST|2006|_2|2|002|01|02|03|04|05|06|15|1|3|4|5|PM|pm"
    r"|Z070000|Z0700|Z07:00:00|Z07:00|Z07|-070000|-0700|-07:00:00|-07:00|-07"
    r"|[.,]0+(?!\d)|[.,]9+(?!\d)"
)
"""The layout's elements, longest first where one is a prefix of another."""

_LONG_MONTHS = [calendar.month_name[i] for i in range(1, 13)]
_SHORT_MONTHS = [calendar.month_abbr[i] for i in range(1, 13)]
_LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
_SHORT_DAYS = [d[:3] for d in _LONG_DAYS]


class GoParseError(ValueError):
    """The text does not fit the layout."""


@dataclass(frozen=True)
class GoTime:
    """A parsed time: the wall clock, and the offset when the text gave one (``None``: the
    text named no offset, or only a zone name, which Go cannot turn into one)."""

    year: int
    month: int
    day: int
    hour: int
    minute: int
    second: int
    nanosecond: int
    offset: int | None


@functools.lru_cache(maxsize=256)
def _chunks(layout: str) -> tuple[tuple[str, bool], ...]:
    """The layout as (text, is_element) pieces, as Go's `nextStdChunk` cuts it."""
    out: list[tuple[str, bool]] = []
    pos = 0
    while pos < len(layout):
        match = _find_std(layout, pos)
        if match is None:
            out.append((layout[pos:], False))
            break
        start, end = match
        if start > pos:
            out.append((layout[pos:start], False))
        out.append((layout[start:end], True))
        pos = end
    return tuple(out)


_ELEMENT_SHAPES = {
    "2006": "[0-9]{4}",
    "06": "[0-9]{2}",
    "01": "[0-9]{2}",
    "02": "[0-9]{2}",
    "03": "[0-9]{2}",
    "04": "[0-9]{2}",
    "05": "[0-9]{2}(?:[.,][0-9]+)?",
    "1": "[0-9]{1,2}",
    "2": "[0-9]{1,2}",
    "3": "[0-9]{1,2}",
    "4": "[0-9]{1,2}",
    "5": "[0-9]{1,2}(?:[.,][0-9]+)?",
    "15": "[0-9]{1,2}",
    "_2": " ?[0-9]{1,2}",
    "Jan": ".{3}",
    "January": ".{3,9}",
    "Mon": ".{3}",
    "Monday": ".{6,9}",
    "PM": ".{2}",
    "pm": ".{2}",
    "MST": "(?:[A-Z]{3,5}|ChST|MeST|GMT[+-][0-9]+|[+-][0-9]+)",
    "002": "(?!)",
}


SHAPE_LIMIT = 64
"""Text longer than this is read element by element only (dates are short; the element
reader's time grows with the text's length and no faster, whatever the text)."""


@functools.lru_cache(maxsize=256)
def _shape(layout: str) -> re.Pattern[str]:
    """A pattern every text :func:`parse` reads with ``layout`` matches in full (it may
    match more): most texts are refused by it at once, before the element-by-element
    reading, when a date is tried against each of Hugo's layouts in turn."""
    parts: list[str] = []
    for text, element in _chunks(layout):
        if not element:
            # A space takes every space there (possessively, as Go's parser does).
            parts.append(" *+".join(re.escape(word) for word in re.split(" +", text)))
        elif text in _ELEMENT_SHAPES:
            parts.append(_ELEMENT_SHAPES[text])
        elif text[0] in "Z-":
            width = {"07": 3, "0700": 5, "07:00": 6, "070000": 7, "07:00:00": 9}[text.lstrip("Z-")]
            number = f"[+-].{{{width - 1}}}"
            parts.append(f"(?:Z|{number})" if text[0] == "Z" else number)
        elif text[0] in ".,":
            digits = f"[.,][0-9]{{{len(text) - 1}}}"
            parts.append(digits if text[1] == "0" else "(?:[.,][0-9]+)?")
        else:
            parts.append(".*?")
    return re.compile("".join(parts), re.DOTALL)


@functools.lru_cache(maxsize=16)
def _shapes(layouts: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"({_shape(layout).pattern})" for layout in layouts), re.DOTALL)


def first_fitting(layouts: tuple[str, ...], value: str) -> int:
    """The index of the first of ``layouts`` whose shape ``value`` fits (none before it
    can read it), or ``len(layouts)`` (0 for text too long to judge by shape)."""
    if len(value) > SHAPE_LIMIT:
        return 0
    match = _shapes(layouts).fullmatch(value)
    return len(layouts) if match is None or match.lastindex is None else match.lastindex - 1


def _find_std(layout: str, pos: int) -> tuple[int, int] | None:
    for i in range(pos, len(layout)):
        m = _STD.match(layout, i)
        if m is None:
            continue
        text = m.group()
        # Go's rules that keep words from being elements: "Jan"/"Mon" are elements anywhere,
        # but "Monday"/"January" first; "2006" before "2"; fractional seconds need a digit
        # element before them (".000" after "05").
        if text[0] in ".," and not (i > 0 and layout[i - 1].isdigit()):
            continue
        return i, m.end()
    return None


def _cut_spaces(text: str) -> str:
    return text.lstrip(" ")


def _skip(value: str, prefix: str) -> str:
    """``value`` after the literal ``prefix``; a space matches one space or more."""
    while prefix:
        if prefix[0] == " ":
            if value and value[0] != " ":
                raise GoParseError("bad literal")
            prefix, value = _cut_spaces(prefix), _cut_spaces(value)
            continue
        if not value or value[0] != prefix[0]:
            raise GoParseError("bad literal")
        prefix, value = prefix[1:], value[1:]
    return value


def _getnum(value: str, fixed: bool) -> tuple[int, str]:
    if not value or not value[0].isascii() or not value[0].isdigit():
        raise GoParseError("bad number")
    if len(value) < 2 or not value[1].isascii() or not value[1].isdigit():
        if fixed:
            raise GoParseError("bad number")
        return int(value[0]), value[1:]
    return int(value[:2]), value[2:]


def _lookup(names: list[str], value: str) -> tuple[int, str]:
    for index, name in enumerate(names):
        if len(value) >= len(name) and value[: len(name)].lower() == name.lower():
            return index, value[len(name) :]
    raise GoParseError("bad name")


def _digits(value: str, start: int) -> int:
    end = start
    while end < len(value) and value[end].isascii() and value[end].isdigit():
        end += 1
    return end


def _nanos(text: str) -> int:
    """The nanoseconds of a fraction's digits (more than nine are cut)."""
    digits = text[:9]
    return int(digits.ljust(9, "0")) if digits else 0


def _zone_name_length(value: str) -> int:
    """The length of a zone abbreviation at the start of ``value`` (Go's
    `parseTimeZone`), 0 when there is none."""
    if len(value) < 3:
        return 0
    if len(value) >= 4 and value[:4] in ("ChST", "MeST"):
        return 4
    if value[:3] == "GMT":
        rest = value[3:]
        if not rest or rest[0] not in "+-":
            return 3
        end = _digits(rest, 1)
        if end == 1 or int(rest[1:end]) > 23:
            return 3
        return 3 + end
    if value[0] in "+-":
        end = _digits(value, 1)
        return end if end > 1 and int(value[1:end]) <= 23 else 0
    upper = 0
    while upper < len(value) and "A" <= value[upper] <= "Z":
        upper += 1
    if upper == 3:
        return 3
    if upper == 4 and (value[3] == "T" or value[:4] == "WITA"):
        return 4
    if upper == 5 and value[4] == "T":
        return 5
    return 0


def _offset(element: str, value: str) -> tuple[int | None, str]:
    """A numeric zone offset (seconds east of UTC, None for `Z`) and the rest."""
    if element.startswith("Z") and value.startswith("Z"):
        return 0, value[1:]
    shape = element.lstrip("Z-")  # 07, 0700, 07:00, 070000, 07:00:00
    colon = ":" in shape
    width = {"07": 3, "0700": 5, "07:00": 6, "070000": 7, "07:00:00": 9}[shape]
    if len(value) < width or value[0] not in "+-":
        raise GoParseError("bad zone")
    body = value[1:width]
    if colon and (body[2] != ":" or (width == 9 and body[5] != ":")):
        raise GoParseError("bad zone")
    parts = body.split(":") if colon else [body[i : i + 2] for i in range(0, len(body), 2)]
    if not all(len(p) == 2 and p.isascii() and p.isdigit() for p in parts):
        raise GoParseError("bad zone")
    hours, minutes, seconds = (int(p) for p in (*parts, "00", "00")[:3])
    if hours > 24 or minutes > 60 or seconds > 60:
        raise GoParseError("zone out of range")
    total = hours * 3600 + minutes * 60 + seconds
    return (-total if value[0] == "-" else total), value[width:]


def parse(layout: str, value: str) -> GoTime:
    """``value`` read with the Go ``layout``; raises :class:`GoParseError`."""
    year, month, day = 0, -1, -1
    hour = minute = second = nanos = 0
    pm = am = False
    offset: int | None = None
    if len(value) <= SHAPE_LIMIT and _shape(layout).fullmatch(value) is None:
        raise GoParseError("not the layout's shape")
    chunks = _chunks(layout)
    for index, (text, element) in enumerate(chunks):
        if not element:
            value = _skip(value, text)
            continue
        if text == "2006":
            if len(value) < 4 or not value[:4].isascii() or not value[:4].isdigit():
                raise GoParseError("bad year")
            year, value = int(value[:4]), value[4:]
        elif text == "06":
            number, value = _getnum(value, True)
            year = number + (1900 if number >= 69 else 2000)
        elif text in ("January", "Jan"):
            found, value = _lookup(_LONG_MONTHS if text == "January" else _SHORT_MONTHS, value)
            month = found + 1
        elif text in ("01", "1"):
            month, value = _getnum(value, text == "01")
            if not 1 <= month <= 12:
                raise GoParseError("month out of range")
        elif text in ("Monday", "Mon"):
            _, value = _lookup(_LONG_DAYS if text == "Monday" else _SHORT_DAYS, value)
        elif text in ("02", "2", "_2"):
            if text == "_2" and value.startswith(" "):
                value = value[1:]
            day, value = _getnum(value, text == "02")
        elif text == "002":
            raise GoParseError("year day not supported")
        elif text == "15":
            hour, value = _getnum(value, False)
            if hour >= 24:
                raise GoParseError("hour out of range")
        elif text in ("3", "03"):
            hour, value = _getnum(value, text == "03")
            if hour > 12:
                raise GoParseError("hour out of range")
        elif text in ("4", "04"):
            minute, value = _getnum(value, text == "04")
            if minute >= 60:
                raise GoParseError("minute out of range")
        elif text in ("5", "05"):
            second, value = _getnum(value, text == "05")
            if second >= 60:
                raise GoParseError("second out of range")
            following = chunks[index + 1] if index + 1 < len(chunks) else None
            frac_next = following is not None and following[1] and following[0][0] in ".,"
            if len(value) >= 2 and value[0] in ".," and value[1].isdigit() and not frac_next:
                end = _digits(value, 1)
                if not value[1].isascii():
                    raise GoParseError("bad fraction")
                nanos, value = _nanos(value[1:end]), value[end:]
        elif text in ("PM", "pm"):
            if len(value) < 2:
                raise GoParseError("bad AM/PM")
            mark = value[:2]
            if mark == ("PM" if text == "PM" else "pm"):
                pm = True
            elif mark == ("AM" if text == "PM" else "am"):
                am = True
            else:
                raise GoParseError("bad AM/PM")
            value = value[2:]
        elif text[0] in "Z-":
            offset, value = _offset(text, value)
            if offset is None:
                offset = 0
        elif text == "MST":
            length = _zone_name_length(value)
            if length == 0:
                raise GoParseError("bad zone name")
            value = value[length:]
        elif text[0] in ".,":
            if text[1] == "0":
                if len(value) < len(text) or value[0] not in ".,":
                    raise GoParseError("bad fraction")
                part = value[1 : len(text)]
                if not (part.isascii() and part.isdigit()):
                    raise GoParseError("bad fraction")
                nanos, value = _nanos(part), value[len(text) :]
            elif len(value) >= 2 and value[0] in ".," and "0" <= value[1] <= "9":
                end = _digits(value, 1)
                nanos, value = _nanos(value[1:end]), value[end:]
    if value:
        raise GoParseError("extra text")
    if pm and hour < 12:
        hour += 12
    elif am and hour == 12:
        hour = 0
    if month < 0:
        month = 1
    if day < 0:
        day = 1
    if day < 1 or day > _days_in(month, year):
        raise GoParseError("day out of range")
    return GoTime(year, month, day, hour, minute, second, nanos, offset)


def _days_in(month: int, year: int) -> int:
    if month == 2:
        return 29 if calendar.isleap(year) else 28
    return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]


def in_zone(wall: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """The wall clock ``wall`` in ``zone`` as Go's `time.Date` places it: a time that a
    clock change skips or repeats gets one definite offset (through UTC and back), so
    that it compares and prints as Go's does."""
    try:
        as_utc = wall.replace(tzinfo=dt.timezone.utc)
        offset = as_utc.astimezone(zone).utcoffset() or dt.timedelta(0)
        utc = as_utc - offset
        # Go looks the offset up at the wall clock read as UTC, then again at the
        # instant that gives when that instant falls in another period.
        other = utc.astimezone(zone).utcoffset() or dt.timedelta(0)
        if other != offset:
            utc = as_utc - other
        return utc.astimezone(zone)
    except (OverflowError, ValueError):
        return wall.replace(tzinfo=zone)


class FarTime(dt.datetime):
    """An instant Go holds and Python's datetime cannot: in a year before 1 or after 9999
    (a time in milliseconds read as seconds is in the year 55973).

    As a datetime it is the nearest instant Python holds (the first of year 1, or the last
    of 9999, in UTC), so that it compares with every other date as Go's does: after all
    of them, or before. ``shown`` is the time Hugo shows, with its offset, moved by a
    multiple of 400 years into years Python holds (the calendar repeats every 400 years,
    weekdays included), and ``far_year`` its own year: what URLs and messages show."""

    shown: dt.datetime | None = None
    far_year: int = 0

    def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
        if self.shown is None:
            return super().isoformat(sep, timespec)
        text = self.shown.isoformat(sep, timespec)
        return year_text(self.far_year) + text[4:]

    def __str__(self) -> str:
        return self.isoformat(" ")

    def __format__(self, spec: str) -> str:
        if self.shown is None:
            return super().__format__(spec)
        if not spec:
            return str(self)
        return self.shown.strftime(spec.replace("%Y", year_text(self.far_year)))

    def astimezone(self, tz: dt.tzinfo | None = None) -> FarTime:
        """Itself: Python cannot move it to another zone; Hugo shows it at its offset."""
        return self if self.shown is not None else super().astimezone(tz)

    def __reduce_ex__(self, protocol: Any) -> Any:
        return (far_time, (self.far_year, self.shown))


def year_text(year: int) -> str:
    """A year as Go's `2006` writes it: four digits at least, `-` before a year before 0."""
    return f"{year:04d}" if year >= 0 else f"-{-year:04d}"


def far_time(year: int, shown: dt.datetime | None) -> FarTime:
    """The `FarTime` of ``shown`` (a time in the years Python holds) moved to ``year``."""
    edge = dt.datetime.max if year > 9999 else dt.datetime.min
    made = FarTime(*edge.timetuple()[:6], edge.microsecond, tzinfo=dt.timezone.utc)
    made.shown, made.far_year = shown, year
    return made


def cycles_shift(year: int) -> int:
    """The multiple of 400 years that takes ``year`` (outside 1..9999) to 9000..9399 (after
    9999) or 400..799 (before 1): years Python holds, with margin for an estimate's error
    and a zone's offset, in which zones follow their lasting rule or their first offset,
    as Go's do for years beyond their tables."""
    return ((year - 9000) // 400) * 400 if year > 9999 else ((year - 400) // 400) * 400


def to_datetime(parsed: GoTime, zone: dt.tzinfo) -> dt.datetime:
    """The instant: at the parsed offset, else the wall clock in ``zone``; a `FarTime` for a
    year Python cannot hold."""
    if not 1 <= parsed.year <= 9999:
        shift = cycles_shift(parsed.year)
        near = to_datetime(dataclasses.replace(parsed, year=parsed.year - shift), zone)
        return far_time(near.year + shift, near)
    wall = dt.datetime(
        parsed.year,
        parsed.month,
        parsed.day,
        parsed.hour,
        parsed.minute,
        parsed.second,
        parsed.nanosecond // 1000,
    )
    if parsed.offset is None:
        return in_zone(wall, zone)
    if abs(parsed.offset) >= 86400:
        # Go takes `+24:00`; Python's offsets stop below a day: the same instant in UTC.
        try:
            utc = wall - dt.timedelta(seconds=parsed.offset)
        except OverflowError:  # past year 9999 or before 1 in UTC: 400 years nearer
            shift = 400 if parsed.year > 5000 else -400
            near = to_datetime(dataclasses.replace(parsed, year=parsed.year - shift), zone)
            return far_time(near.year + shift, near)
        return utc.replace(tzinfo=dt.timezone.utc)
    return wall.replace(tzinfo=dt.timezone(dt.timedelta(seconds=parsed.offset)))


def _zone_text(element: str, value: dt.datetime) -> str:
    offset = int((value.utcoffset() or dt.timedelta(0)).total_seconds())
    if element.startswith("Z") and offset == 0:
        return "Z"
    sign = "-" if offset < 0 else "+"
    hours, rest = divmod(abs(offset), 3600)
    minutes, seconds = divmod(rest, 60)
    shape = element.lstrip("Z-")
    if shape == "07":
        return f"{sign}{hours:02d}"
    if shape == "0700":
        return f"{sign}{hours:02d}{minutes:02d}"
    if shape == "07:00":
        return f"{sign}{hours:02d}:{minutes:02d}"
    if shape == "070000":
        return f"{sign}{hours:02d}{minutes:02d}{seconds:02d}"
    return f"{sign}{hours:02d}:{minutes:02d}:{seconds:02d}"


def format_time(layout: str, value: dt.datetime, year: int | None = None) -> str:
    """Go's `Time.Format(layout)` (the elements Hugo's permalinks may use); ``year``, when
    given, is shown instead of the value's (a `FarTime`'s own, its calendar ``value``'s)."""
    year = value.year if year is None else year
    out: list[str] = []
    for text, element in _chunks(layout):
        if not element:
            out.append(text)
            continue
        hour12 = value.hour % 12 or 12
        simple = {
            "2006": year_text(year),
            "06": f"{abs(year) % 100:02d}",
            "January": _LONG_MONTHS[value.month - 1],
            "Jan": _SHORT_MONTHS[value.month - 1],
            "01": f"{value.month:02d}",
            "1": str(value.month),
            "Monday": _LONG_DAYS[(value.weekday() + 1) % 7],
            "Mon": _SHORT_DAYS[(value.weekday() + 1) % 7],
            "02": f"{value.day:02d}",
            "2": str(value.day),
            "_2": f"{value.day:2d}",
            "002": f"{value.timetuple().tm_yday:03d}",
            "15": f"{value.hour:02d}",
            "3": str(hour12),
            "03": f"{hour12:02d}",
            "04": f"{value.minute:02d}",
            "4": str(value.minute),
            "05": f"{value.second:02d}",
            "5": str(value.second),
            "PM": "PM" if value.hour >= 12 else "AM",
            "pm": "pm" if value.hour >= 12 else "am",
        }
        if text in simple:
            out.append(simple[text])
        elif text == "MST":
            name = value.tzname() or ""
            out.append(name if name and name[0].isalpha() else _zone_text("-0700", value))
        elif text[0] in "Z-":
            out.append(_zone_text(text, value))
        elif text[0] in ".,":
            digits = f"{value.microsecond:06d}000"[: len(text) - 1]
            if text[1] == "9":
                digits = digits.rstrip("0")
                out.append(text[0] + digits if digits else "")
            else:
                out.append(text[0] + digits)
    return "".join(out)
