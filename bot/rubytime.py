"""Ruby's `Time.parse`, as Jekyll reads a post's `date` (Ruby 3.1, date 3.2.2).

Jekyll calls `Time.parse(value.to_s)`. That is `Date._parse(text, true)`
(ext/date/date_parse.c) followed by `Time.make_time` (lib/time.rb). `Date._parse` is a
chain of unanchored regular expressions, each of which cuts what it read out of the
text (replacing it with a space) before the next one looks: day names, a clock time
with its zone, then the first of eu, us, iso, jis, vms, sla, dot, iso2, year, mon,
mday and ddd that matches, then era and a lone fragment. Whatever no parser wanted is
silently ignored. `make_time` then fills missing fields from `now`, reads the zone
with `Time.zone_offset` (a short table, `+hh:mm`, or the local zone's own
abbreviation) and builds the time with `Time.utc` or `Time.local`, which roll over
impossible days (31 April is 1 May) and accept second 60 and hour 24.

This module follows that code step by step, in the same order, so that pressbot
reads every date string the way Jekyll does, and reports in `ParsedTime.dropped`
what Ruby ignored or made up. The regular expressions are Ruby's, with `\\d` and
`\\s` spelled as the ASCII classes Ruby gives them. The text is at most 128 bytes
(Ruby refuses longer), which bounds the work on hostile input.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, cast

LIMIT = 128
"""`Date._parse` refuses longer text (in bytes)."""


class RubyTimeError(ValueError):
    """Ruby raises an error for this text (ArgumentError), or Python cannot hold the
    time Ruby would make (a year outside 1..9999)."""


@dataclass(frozen=True)
class ParsedTime:
    """The time Ruby makes of the text, and what it ignored or filled in, in words."""

    value: dt.datetime
    dropped: tuple[str, ...] = ()


# --- Ruby regular expressions in Python syntax -------------------------------------

_SPACE = "\\t\\n\\v\\f\\r "


def _rx(source: str, icase: bool) -> re.Pattern[str]:
    """`_ruby_pattern`, compiled on first use: a check whose dates are all YAML timestamps
    never reads a date as `Time.parse` does, and does not pay for compiling these."""
    return cast("re.Pattern[str]", _LazyPattern(source, icase))


class _LazyPattern:
    def __init__(self, source: str, icase: bool) -> None:
        self._source, self._icase = source, icase

    def __getattr__(self, name: str) -> Any:
        """Called only for what the instance does not hold yet: compile once, and keep the
        compiled pattern's attributes, so that later calls go straight there."""
        compiled = _ruby_pattern(self._source, self._icase)
        self.__dict__.update((n, getattr(compiled, n)) for n in dir(compiled) if n[0] != "_")
        return getattr(compiled, name)


def _ruby_pattern(source: str, icase: bool) -> re.Pattern[str]:
    """Compile a Ruby (Onigmo) pattern: `\\d`, `\\D`, `\\s`, `\\S` are ASCII in Ruby,
    `\\z` is Python's `\\Z`, `@ALPHA@` stands for `[[:alpha:]]` (Unicode letters); the
    rest of the syntax used here is the same."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(source):
        c = source[i]
        if c == "\\" and i + 1 < len(source):
            e = source[i + 1]
            i += 2
            if e == "d":
                out.append("0-9" if in_class else "[0-9]")
            elif e == "D":
                out.append("[^0-9]")
            elif e == "s":
                out.append(_SPACE if in_class else f"[{_SPACE}]")
            elif e == "S":
                out.append(f"[^{_SPACE}]")
            elif e == "z":
                out.append("\\Z")
            else:
                out.append("\\" + e)
            continue
        if c == "[" and not in_class:
            in_class = True
            out.append(c)
            if source[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if source[i + 1 : i + 2] in ("-", "]"):
                out.append("\\" + source[i + 1])
                i += 1
        elif c == "]" and in_class:
            in_class = False
            out.append(c)
        else:
            out.append(c)
        i += 1
    python = "".join(out).replace("@ALPHA@", r"[^\W\d_]")
    return re.compile(python, re.IGNORECASE if icase else 0)


_ABBR_DAYS = "sun|mon|tue|wed|thu|fri|sat"
_ABBR_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_DAYS = "sunday|monday|tuesday|wednesday|thursday|friday|saturday"
_ERA = r"(c(?:e|\.e\.)|b(?:ce|\.c\.e\.)|a(?:d|\.d\.)|b(?:c|\.c\.))?"

_DAY_RE = _rx(rf"\b({_ABBR_DAYS})[^-/\d\s]*", True)
_TIME_RE = _rx(
    r"("
    r"(?:\d+\s*:\s*\d+(?:\s*:\s*\d+(?:[,.]\d*)?)?|\d+\s*h(?:\s*\d+m?(?:\s*\d+s?)?)?)"
    r"(?:\s*[ap](?:m\b|\.m\.))?"
    r"|\d+\s*[ap](?:m\b|\.m\.)"
    r")"
    r"(?:\s*("
    r"(?:gmt|utc?)?[-+]\d+(?:[,.:]\d+(?::\d+)?)?"
    r"|(?:@ALPHA@|[.\s])+(?:standard|daylight)\stime\b"
    r"|@ALPHA@+(?:\sdst)?\b"
    r"))?",
    True,
)
_TIME_PARTS_RE = _rx(
    r"\A(\d+)h?(?:\s*:?\s*(\d+)m?(?:\s*:?\s*(\d+)(?:[,.](\d+))?s?)?)?"
    r"(?:\s*([ap])(?:m\b|\.m\.))?",
    True,
)
_EU_RE = _rx(
    rf"('?\d+)[^-\d\s]*\s*({_ABBR_MONTHS})[^-\d\s']*"
    rf"(?:\s*{_ERA}\s*('?-?\d+(?:(?:st|nd|rd|th)\b)?))?",
    True,
)
_US_RE = _rx(
    rf"\b({_ABBR_MONTHS})[^-\d\s']*\s*('?\d+)[^-\d\s']*(?:\s*,?\s*{_ERA}\s*('?-?\d+))?",
    True,
)
_ISO_RE = _rx(r"('?[-+]?\d+)-(\d+)-('?-?\d+)", False)
_ISO21_RE = _rx(r"\b(\d{2}|\d{4})?-?w(\d{2})(?:-?(\d))?\b", True)
_ISO22_RE = _rx(r"-w-(\d)\b", True)
_ISO23_RE = _rx(r"--(\d{2})?-(\d{2})\b", False)
_ISO24_RE = _rx(r"--(\d{2})(\d{2})?\b", False)
_ISO25_GUARD_RE = _rx(r"[,.](\d{2}|\d{4})-\d{3}\b", False)
_ISO25_RE = _rx(r"\b(\d{2}|\d{4})-(\d{3})\b", False)
_ISO26_GUARD_RE = _rx(r"\d-\d{3}\b", False)
_ISO26_RE = _rx(r"\b-(\d{3})\b", False)
_JIS_RE = _rx(r"\b([mtshr])(\d+)\.(\d+)\.(\d+)", True)
_VMS11_RE = _rx(rf"('?-?\d+)-({_ABBR_MONTHS})[^-/.]*-('?-?\d+)", True)
_VMS12_RE = _rx(rf"\b({_ABBR_MONTHS})[^-/.]*-('?-?\d+)(?:-('?-?\d+))?", True)
_SLA_RE = _rx(r"('?-?\d+)/\s*('?\d+)(?:\D\s*('?-?\d+))?", True)
_DOT_RE = _rx(r"('?-?\d+)\.\s*('?\d+)\.\s*('?-?\d+)", True)
_YEAR_RE = _rx(r"'(\d+)\b", False)
_MON_RE = _rx(rf"\b({_ABBR_MONTHS})\S*", True)
_MDAY_RE = _rx(r"(\d+)(st|nd|rd|th)\b", True)
_DDD_RE = _rx(
    r"([-+]?)(\d{2,14})(?:\s*t?\s*(\d{2,6})?(?:[,.](\d*))?)?"
    r"(?:\s*(z\b|[-+]\d{1,4}\b|\[[-+]?\d[^\]]*\]))?",
    True,
)
_BC_RE = _rx(r"\b(bc\b|bce\b|b\.c\.|b\.c\.e\.)", True)
_FRAG_RE = _rx(r"\A\s*(\d{1,2})\s*\z", True)

_KEPT_PUNCTUATION = frozenset("-+',./:@[]")


# --- Date._parse ------------------------------------------------------------------


@dataclass
class _Hash:
    """The hash `Date._parse` returns (the keys `Time.parse` reads, and the rest)."""

    text: str
    comp: bool | None = True
    bc: bool = False
    year: int | None = None
    mon: int | None = None
    mday: int | None = None
    yday: int | None = None
    hour: int | None = None
    min: int | None = None
    sec: int | None = None
    sec_fraction: Fraction | None = None
    zone: str | None = None
    wday: int | None = None
    cwyear: int | None = None
    week_date: bool = False
    year_text: str | None = None
    """The year as written, when Ruby completed two digits."""


def _subs(
    h: _Hash, pattern: re.Pattern[str], callback: Callable[[re.Match[str], _Hash], None]
) -> bool:
    """Ruby's SUBS: on a match, replace the matched text with one space, then read it."""
    m = pattern.search(h.text)
    if m is None:
        return False
    h.text = h.text[: m.start()] + " " + h.text[m.end() :]
    callback(m, h)
    return True


def _leading_number(text: str, signed: bool) -> tuple[int, int, int]:
    """Skip to the first sign or digit, as s3e does; (begin, end of digits, value)."""
    i = 0
    while (
        i < len(text)
        and not (text[i].isascii() and text[i].isdigit())
        and not (signed and text[i] in "+-")
    ):
        i += 1
    begin = i
    if signed and i < len(text) and text[i] in "+-":
        i += 1
    start = i
    while i < len(text) and "0" <= text[i] <= "9":
        i += 1
    digits = text[begin:i]
    value = int(digits) if i > start else 0
    return begin, i, value


def _s3e(h: _Hash, y: str | None, m: str | None, d: str | None, bc: bool) -> None:
    """date_parse.c s3e: decide which of three numbers is the year, month and day."""
    c: bool | None = None
    if y is not None and m is not None and d is None:
        y, m, d = d, y, m
    if y is None:
        if d is not None and len(d.encode()) > 2:
            y, d = d, None
        if d is not None and d[:1] == "'":
            y, d = d, None
    if y is not None:
        begin, end, _ = _leading_number(y, signed=True)
        if end < len(y):
            number = y[begin:end]
            y, d = d, number
    if m is not None and (m[:1] == "'" or len(m.encode()) > 2):
        y, m, d = m, d, y
    if d is not None and (d[:1] == "'" or len(d.encode()) > 2):
        y, d = d, y
    if y is not None:
        begin, end, value = _leading_number(y, signed=True)
        digits = y[begin:end].lstrip("+-")
        if y[begin : begin + 1] in ("+", "-"):
            c = False
        if len(digits) > 2:
            c = False
        h.year = value
        h.year_text = y[begin:end]
    if bc:
        h.bc = True
    if m is not None:
        h.mon = _leading_number(m, signed=False)[2]
    if d is not None:
        h.mday = _leading_number(d, signed=False)[2]
    if c is not None:
        h.comp = c


def _day_num(text: str) -> int:
    for i, name in enumerate(_ABBR_DAYS.split("|")):
        if text[:3].lower() == name:
            return i
    return 7


def _mon_num(text: str) -> int:
    for i, name in enumerate(_ABBR_MONTHS.split("|")):
        if text[:3].lower() == name:
            return i + 1
    return 13


def _is_era_bc(b: str | None) -> bool:
    return b is not None and b[:1] in ("B", "b")


def _fraction(digits: str) -> Fraction:
    return Fraction(int(digits) if digits else 0, 10 ** len(digits))


def _day_cb(m: re.Match[str], h: _Hash) -> None:
    h.wday = _day_num(m.group(1))


def _time_cb(m: re.Match[str], h: _Hash) -> None:
    if m.group(2) is not None:
        h.zone = m.group(2)
    parts = _TIME_PARTS_RE.match(m.group(1))
    if parts is None:
        return
    hour = int(parts.group(1))
    if parts.group(5) is not None:
        if hour > 2**31 - 1:  # NUM2INT raises RangeError
            raise RubyTimeError(f"integer {hour} too big to convert to 'int'")
        hour = hour % 12 + (12 if parts.group(5) in ("P", "p") else 0)
    h.hour = hour
    if parts.group(2) is not None:
        h.min = int(parts.group(2))
    if parts.group(3) is not None:
        h.sec = int(parts.group(3))
    if parts.group(4) is not None:
        h.sec_fraction = _fraction(parts.group(4))


def _eu_cb(m: re.Match[str], h: _Hash) -> None:
    _s3e(h, m.group(4), str(_mon_num(m.group(2))), m.group(1), _is_era_bc(m.group(3)))


def _us_cb(m: re.Match[str], h: _Hash) -> None:
    _s3e(h, m.group(4), str(_mon_num(m.group(1))), m.group(2), _is_era_bc(m.group(3)))


def _ymd_cb(m: re.Match[str], h: _Hash) -> None:
    _s3e(h, m.group(1), m.group(2), m.group(3), False)


def _iso21_cb(m: re.Match[str], h: _Hash) -> None:
    if m.group(1) is not None:
        h.cwyear = int(m.group(1))
    h.week_date = True


def _iso22_cb(m: re.Match[str], h: _Hash) -> None:
    h.week_date = True


def _iso23_cb(m: re.Match[str], h: _Hash) -> None:
    if m.group(1) is not None:
        h.mon = int(m.group(1))
    h.mday = int(m.group(2))


def _iso24_cb(m: re.Match[str], h: _Hash) -> None:
    h.mon = int(m.group(1))
    if m.group(2) is not None:
        h.mday = int(m.group(2))


def _iso25_cb(m: re.Match[str], h: _Hash) -> None:
    h.year = int(m.group(1))
    h.year_text = m.group(1)
    h.yday = int(m.group(2))


def _iso26_cb(m: re.Match[str], h: _Hash) -> None:
    h.yday = int(m.group(1))


_GENGO = {"m": 1867, "t": 1911, "s": 1925, "h": 1988, "r": 2018}


def _jis_cb(m: re.Match[str], h: _Hash) -> None:
    h.year = int(m.group(2)) + _GENGO.get(m.group(1).lower(), 0)
    h.year_text = None
    h.mon = int(m.group(3))
    h.mday = int(m.group(4))


def _vms11_cb(m: re.Match[str], h: _Hash) -> None:
    _s3e(h, m.group(3), str(_mon_num(m.group(2))), m.group(1), False)


def _vms12_cb(m: re.Match[str], h: _Hash) -> None:
    _s3e(h, m.group(3), str(_mon_num(m.group(1))), m.group(2), False)


def _year_cb(m: re.Match[str], h: _Hash) -> None:
    h.year = int(m.group(1))
    h.year_text = m.group(1)


def _mon_cb(m: re.Match[str], h: _Hash) -> None:
    h.mon = _mon_num(m.group(1))


def _mday_cb(m: re.Match[str], h: _Hash) -> None:
    h.mday = int(m.group(1))


def _ddd_cb(m: re.Match[str], h: _Hash) -> None:
    s1, s2, s3, s4, s5 = m.groups()
    negative = s1 == "-"

    def n2i(text: str, start: int, width: int) -> int:
        return int(text[start : start + width])

    def signed(value: int) -> int:
        return -value if negative else value

    seconds_only = s3 is None and s4 is not None
    n = len(s2)
    if n == 2:
        if seconds_only:
            h.sec = n2i(s2, 0, 2)
        else:
            h.mday = n2i(s2, 0, 2)
    elif n == 4:
        if seconds_only:
            h.sec, h.min = n2i(s2, 2, 2), n2i(s2, 0, 2)
        else:
            h.mon, h.mday = n2i(s2, 0, 2), n2i(s2, 2, 2)
    elif n == 6:
        if seconds_only:
            h.sec, h.min, h.hour = n2i(s2, 4, 2), n2i(s2, 2, 2), n2i(s2, 0, 2)
        else:
            h.year = signed(n2i(s2, 0, 2))
            h.year_text = s2[:2]
            h.mon, h.mday = n2i(s2, 2, 2), n2i(s2, 4, 2)
    elif n in (8, 10, 12, 14):
        if seconds_only:
            h.sec, h.min = n2i(s2, n - 2, 2), n2i(s2, n - 4, 2)
            h.hour, h.mday = n2i(s2, n - 6, 2), n2i(s2, n - 8, 2)
            if n >= 10:
                h.mon = n2i(s2, n - 10, 2)
            if n == 12:
                h.year = signed(n2i(s2, 0, 2))
                h.year_text = s2[:2]
            if n == 14:
                h.year = signed(n2i(s2, 0, 4))
                h.comp = False
        else:
            h.year = signed(n2i(s2, 0, 4))
            h.mon, h.mday = n2i(s2, 4, 2), n2i(s2, 6, 2)
            if n >= 10:
                h.hour = n2i(s2, 8, 2)
            if n >= 12:
                h.min = n2i(s2, 10, 2)
            if n >= 14:
                h.sec = n2i(s2, 12, 2)
            h.comp = False
    elif n == 3:
        if seconds_only:
            h.sec, h.min = n2i(s2, 1, 2), n2i(s2, 0, 1)
        else:
            h.yday = n2i(s2, 0, 3)
    elif n == 5:
        if seconds_only:
            h.sec, h.min, h.hour = n2i(s2, 3, 2), n2i(s2, 1, 2), n2i(s2, 0, 1)
        else:
            h.year = signed(n2i(s2, 0, 2))
            h.year_text = s2[:2]
            h.yday = n2i(s2, 2, 3)
    elif n == 7:
        if seconds_only:
            h.sec, h.min = n2i(s2, 5, 2), n2i(s2, 3, 2)
            h.hour, h.mday = n2i(s2, 1, 2), n2i(s2, 0, 1)
        else:
            h.year = signed(n2i(s2, 0, 4))
            h.yday = n2i(s2, 4, 3)
    if s3 is not None:
        n3 = len(s3)
        if n3 in (2, 4, 6):
            if s4 is not None:
                h.sec = n2i(s3, n3 - 2, 2)
                if n3 >= 4:
                    h.min = n2i(s3, n3 - 4, 2)
                if n3 >= 6:
                    h.hour = n2i(s3, n3 - 6, 2)
            else:
                h.hour = n2i(s3, 0, 2)
                if n3 >= 4:
                    h.min = n2i(s3, 2, 2)
                if n3 >= 6:
                    h.sec = n2i(s3, 4, 2)
    if s4 is not None:
        h.sec_fraction = _fraction(s4)
    if s5 is not None:
        h.zone = s5
        if s5.startswith("["):
            inner = s5[1:-1]
            h.zone = inner.split(":", 1)[1] if ":" in inner else inner


def _bc_cb(m: re.Match[str], h: _Hash) -> None:
    h.bc = True


def _frag_cb(m: re.Match[str], h: _Hash) -> None:
    n = int(m.group(1))
    if h.hour is not None and h.mday is None and 1 <= n <= 31:
        h.mday = n
    if h.mday is not None and h.hour is None and 0 <= n <= 24:
        h.hour = n


_ALPHA_BIT, _DIGIT_BIT, _DASH_BIT, _DOT_BIT, _SLASH_BIT = 1, 2, 4, 8, 16


_ASCII_LETTER_RE = re.compile("[A-Za-z]")
_DIGIT_RE = re.compile("[0-9]")


def _classes(text: str) -> int:
    """check_class: C's isalpha/isdigit on the bytes, so ASCII only."""
    flags = 0
    if _ASCII_LETTER_RE.search(text):
        flags |= _ALPHA_BIT
    if _DIGIT_RE.search(text):
        flags |= _DIGIT_BIT
    if "-" in text:
        flags |= _DASH_BIT
    if "." in text:
        flags |= _DOT_BIT
    if "/" in text:
        flags |= _SLASH_BIT
    return flags


def _has(h: _Hash, bits: int) -> bool:
    return _classes(h.text) & bits == bits


def _kept(c: str) -> bool:
    """Onigmo's [[:alnum:]] (letters and decimal digits) or punctuation date_parse keeps."""
    if c in _KEPT_PUNCTUATION or c.isalpha() or c.isdecimal():
        return True
    return not c.isascii() and unicodedata.category(c) == "Nl"  # letter numbers: Ⅻ


_ASCII_OTHERS_RE = re.compile(r"[^-+',./:@A-Za-z0-9\[\]]+")


def _blank_others(text: str) -> str:
    """`str.gsub(/[^-+',./:@[:alnum:]\\[\\]]+/, " ")`."""
    if text.isascii():
        return _ASCII_OTHERS_RE.sub(" ", text)
    out: list[str] = []
    for c in text:
        if _kept(c):
            out.append(c)
        elif not out or out[-1] != "\0":
            out.append("\0")
    return "".join(out).replace("\0", " ")


def _date_parse(text: str) -> _Hash:
    """`Date._parse(text, true)`."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > LIMIT:
        raise RubyTimeError(f"string length ({size}) exceeds the limit {LIMIT}")
    h = _Hash(_blank_others(text))
    if _has(h, _ALPHA_BIT):
        _subs(h, _DAY_RE, _day_cb)
    if _has(h, _DIGIT_BIT):
        _subs(h, _TIME_RE, _time_cb)
    _date_parts(h)
    if _has(h, _ALPHA_BIT):
        _subs(h, _BC_RE, _bc_cb)
    if _has(h, _DIGIT_BIT):
        _subs(h, _FRAG_RE, _frag_cb)
    if h.bc:
        if h.cwyear is not None:
            h.cwyear = -h.cwyear + 1
        if h.year is not None:
            h.year = -h.year + 1
            h.year_text = None
    if h.comp and h.year is not None and 0 <= h.year <= 99:
        h.year += 1900 if h.year >= 69 else 2000
    else:
        h.year_text = None
    return h


_Callback = Callable[[re.Match[str], _Hash], None]
_A, _D = _ALPHA_BIT, _DIGIT_BIT
_DATE_PARSERS: tuple[tuple[int, re.Pattern[str], _Callback], ...] = (
    (_A | _D, _EU_RE, _eu_cb),
    (_A | _D, _US_RE, _us_cb),
    (_D | _DASH_BIT, _ISO_RE, _ymd_cb),
    (_D | _DOT_BIT, _JIS_RE, _jis_cb),
    (_A | _D | _DASH_BIT, _VMS11_RE, _vms11_cb),
    (_A | _D | _DASH_BIT, _VMS12_RE, _vms12_cb),
    (_D | _SLASH_BIT, _SLA_RE, _ymd_cb),
    (_D | _DOT_BIT, _DOT_RE, _ymd_cb),
    (_D, _ISO21_RE, _iso21_cb),
    (_D, _ISO22_RE, _iso22_cb),
    (_D, _ISO23_RE, _iso23_cb),
    (_D, _ISO24_RE, _iso24_cb),
)
"""eu, us, iso, jis, vms, sla, dot and the first iso2 forms, each with the character
classes the text must hold for date_parse.c to try it."""


def _date_parts(h: _Hash) -> None:
    """The first of the date parsers that matches, in date_parse.c's order."""
    a, d = _A, _D
    for bits, pattern, callback in _DATE_PARSERS:
        if _has(h, bits) and _subs(h, pattern, callback):
            return
    if _has(h, d):
        if _ISO25_GUARD_RE.search(h.text) is None and _subs(h, _ISO25_RE, _iso25_cb):
            return
        if _ISO26_GUARD_RE.search(h.text) is None and _subs(h, _ISO26_RE, _iso26_cb):
            return
        if _subs(h, _YEAR_RE, _year_cb):
            return
    if _has(h, a) and _subs(h, _MON_RE, _mon_cb):
        return
    if _has(h, d) and _subs(h, _MDAY_RE, _mday_cb):
        return
    if _has(h, d):
        _subs(h, _DDD_RE, _ddd_cb)


# --- Time.make_time ----------------------------------------------------------------

_ZONE_OFFSET_HOURS = {
    "UTC": 0, "Z": 0, "UT": 0, "GMT": 0,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "H": 8, "I": 9, "K": 10, "L": 11,
    "M": 12, "N": -1, "O": -2, "P": -3, "Q": -4, "R": -5, "S": -6, "T": -7, "U": -8, "V": -9,
    "W": -10, "X": -11, "Y": -12,
}  # fmt: skip
_NUMERIC_ZONE_RE = re.compile(r"\A([+-])([0-9][0-9])(:?)([0-9][0-9])(?:\3([0-9][0-9]))?\Z")
_HOURS_ZONE_RE = re.compile(r"\A[+-][0-9][0-9]\Z")
_UTC_ZONE_RE = re.compile(r"\A(?:-00:00|-0000|-00|UTC|Z|UT)\Z", re.IGNORECASE)
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTH_NAMES = calendar.month_name
_Fields = tuple[int, int, int, int, int, int]
"""year, month, day, hour, minute, second"""


@dataclass
class _Notes:
    items: list[str] = field(default_factory=list)

    def add(self, note: str) -> None:
        if note not in self.items:
            self.items.append(note)


def _month_days(year: int, mon: int) -> int | None:
    """`month_days` indexes a Ruby array: -12..11 are valid, others give nil."""
    index = mon - 1
    if not -12 <= index < 12:
        return None
    days = list(_MONTH_DAYS)
    if calendar.isleap(year):
        days[1] = 29
    return days[index]


def _local_zone_name(tz: dt.tzinfo, year: int, month: int) -> str | None:
    try:
        value = _resolve_local(dt.datetime(year, month, 1), tz, _Notes())
    except (ValueError, OverflowError):
        return None
    return value.tzname()


def _zone_offset(zone: str, year: int, tz: dt.tzinfo) -> int | None:
    """`Time.zone_offset`: seconds east of UTC, or None when Ruby does not know the zone."""
    zone = zone.upper()
    m = _NUMERIC_ZONE_RE.match(zone)
    if m:
        sign = -1 if m.group(1) == "-" else 1
        return sign * ((int(m.group(2)) * 60 + int(m.group(4))) * 60 + int(m.group(5) or 0))
    if _HOURS_ZONE_RE.match(zone):
        return int(zone) * 3600
    if zone in _ZONE_OFFSET_HOURS:
        return _ZONE_OFFSET_HOURS[zone] * 3600
    for month in (1, 7):
        name = _local_zone_name(tz, year, month)
        if name is not None and name.upper() == zone:
            offset = _resolve_local(dt.datetime(year, month, 1), tz, _Notes()).utcoffset()
            return None if offset is None else int(offset.total_seconds())
    return None


def _apply_offset(
    year: int, mon: int, day: int | None, hour: int, minute: int, sec: int, off: int
) -> tuple[int, int, int | None, int, int, int]:
    """lib/time.rb `apply_offset`, quirks included (it does not roll over a day that is
    already past the month's end)."""
    if off < 0:
        off = -off
        off, o = divmod(off, 60)
        if o != 0:
            sec += o
            o, sec = divmod(sec, 60)
            off += o
        off, o = divmod(off, 60)
        if o != 0:
            minute += o
            o, minute = divmod(minute, 60)
            off += o
        off, o = divmod(off, 24)
        if o != 0:
            hour += o
            o, hour = divmod(hour, 24)
            off += o
        if off != 0:
            assert day is not None
            day += off
            days = _month_days(year, mon)
            if days is not None and days < day:
                mon += 1
                if mon > 12:
                    mon = 1
                    year += 1
                day = 1
    elif off > 0:
        off, o = divmod(off, 60)
        if o != 0:
            sec -= o
            o, sec = divmod(sec, 60)
            off -= o
        off, o = divmod(off, 60)
        if o != 0:
            minute -= o
            o, minute = divmod(minute, 60)
            off -= o
        off, o = divmod(off, 24)
        if o != 0:
            hour -= o
            o, hour = divmod(hour, 24)
            off -= o
        if off != 0:
            assert day is not None
            day -= off
            if day < 1:
                mon -= 1
                if mon < 1:
                    year -= 1
                    mon = 12
                day = _month_days(year, mon)
    return year, mon, day, hour, minute, sec


def _check_year(year: int) -> None:
    if not 1 <= year <= 9999:
        raise RubyTimeError(f"the year {year} is outside 1..9999 (Python cannot represent it)")


def rollover_notes(year: int, mon: int, day: int, hour: int, sec: int) -> list[str]:
    """Name the fields `Time.utc` and `Time.local` roll over instead of refusing (Psych's
    YAML timestamps make their times with them too)."""
    notes = []
    days = _month_days(year, mon)
    if 1 <= mon <= 12 and days is not None and days < day <= 31:
        notes.append(
            f"the day {day} {_MONTH_NAMES[mon]} {year} (it does not exist: "
            "Ruby rolls it over into the next month)"
        )
    if hour == 24:
        notes.append("the hour 24 (Ruby reads midnight of the next day)")
    if sec == 60:
        notes.append("the second 60 (Ruby reads the next minute)")
    return notes


def _note_rollover(year: int, mon: int, day: int, hour: int, sec: int, notes: _Notes) -> None:
    for note in rollover_notes(year, mon, day, hour, sec):
        notes.add(note)


def _time_arg(year: int, mon: int, day: int | None, hour: int, minute: int, sec: int) -> _Fields:
    """`time_arg` and `validate_vtm` of time.c: the fields `Time.utc` and `Time.local`
    accept, with Ruby's rollover of impossible days (second 60 and hour 24 stay)."""
    mday = 1 if day is None else day
    if not 0 <= mon <= 15 or not 0 <= mday <= 31 or not 0 <= hour <= 31:
        raise RubyTimeError("argument out of range")
    if not 0 <= minute <= 63 or not 0 <= sec <= 63:
        raise RubyTimeError("argument out of range")
    if mon == 2:
        last = 29 if calendar.isleap(year) else 28
        if mday > last:
            mday -= last
            mon += 1
    elif mon in (4, 6, 9, 11) and mday == 31:
        mon += 1
        mday = 1
    if not 1 <= mon <= 12:
        raise RubyTimeError("mon out of range")
    if not 1 <= mday <= 31:
        raise RubyTimeError("mday out of range")
    if hour > 24:
        raise RubyTimeError("hour out of range")
    if minute > (0 if hour == 24 else 59):
        raise RubyTimeError("min out of range")
    if sec > (0 if hour == 24 else 60):
        raise RubyTimeError("sec out of range")
    _check_year(year)
    return (year, mon, mday, hour, minute, sec)


def _wall_clock(fields: _Fields) -> dt.datetime:
    """The fields as a naive time, second 60 and hour 24 carried forward."""
    year, mon, mday, hour, minute, sec = fields
    try:
        return dt.datetime(year, mon, mday) + dt.timedelta(hours=hour, minutes=minute, seconds=sec)
    except OverflowError as error:
        message = f"the year is outside 1..9999 (Python cannot hold it): {error}"
        raise RubyTimeError(message) from None


def _resolve_local(
    naive: dt.datetime, tz: dt.tzinfo, notes: _Notes, later: bool = True
) -> dt.datetime:
    """`Time.local`: a wall-clock time that occurs twice is the later instant (time.c's
    find_time_t when isdst is unknown), or the earlier one when `later` is false; one
    that does not exist is read with the offset in force before the change, so it lands
    after the gap."""
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    off0, off1 = first.utcoffset(), second.utcoffset()
    if off0 is None or off1 is None:
        raise RubyTimeError(f"the timezone {tz!r} gives no UTC offset")
    try:
        return _resolve(naive, tz, first, off0, off1, notes, later)
    except OverflowError:
        raise RubyTimeError("the time is outside the years 1..9999 Python can represent") from None


def _resolve(
    naive: dt.datetime,
    tz: dt.tzinfo,
    first: dt.datetime,
    off0: dt.timedelta,
    off1: dt.timedelta,
    notes: _Notes,
    later: bool,
) -> dt.datetime:
    if off0 == off1:
        return first.astimezone(dt.timezone.utc).astimezone(tz)
    candidates = []
    for off in (off0, off1):
        instant = (naive - off).replace(tzinfo=dt.timezone.utc)
        if instant.astimezone(tz).replace(tzinfo=None) == naive:
            candidates.append(instant)
    clock = naive.strftime("%H:%M:%S")
    if len(candidates) > 1:
        notes.add(f"the local time {clock} (it occurs twice that day: Ruby takes the later one)")
        return (max(candidates) if later else min(candidates)).astimezone(tz)
    if candidates:
        return candidates[0].astimezone(tz)
    result = first.astimezone(dt.timezone.utc).astimezone(tz)
    moved = result.strftime("%H:%M:%S" if result.date() == naive.date() else "%Y-%m-%d %H:%M:%S")
    notes.add(f"the local time {clock} (it does not exist that day: Ruby reads {moved})")
    return result


def _in_zone(now: dt.datetime, off: int | None, tz: dt.tzinfo) -> dt.datetime:
    if off is None:
        return now.astimezone(tz)
    if now.utcoffset() == dt.timedelta(seconds=off):
        return now
    if not -86400 < off < 86400:
        raise RubyTimeError("utc_offset out of range")
    return now.astimezone(dt.timezone(dt.timedelta(seconds=off)))


def _make_time(
    text: str,
    h: _Hash,
    year: int | None,
    yday: int | None,
    mon: int | None,
    day: int | None,
    now: dt.datetime,
    tz: dt.tzinfo,
    notes: _Notes,
) -> dt.datetime:
    """lib/time.rb `make_time`."""
    hour, minute, sec, sec_fraction, zone = h.hour, h.min, h.sec, h.sec_fraction, h.zone
    given = (year, yday, mon, day, hour, minute, sec, sec_fraction)
    if all(value is None for value in given):
        raise RubyTimeError(f"no time information in {text!r}")
    off_year = year if year is not None else now.year
    off = None if zone is None else _zone_offset(zone, off_year, tz)
    if yday is not None:
        if not 1 <= yday <= 366:
            raise RubyTimeError(f"yday {yday} out of range")
        mon, day = divmod(yday - 1, 31)
        mon += 1
        day += 1
        first = _make_time(text, h, year, None, mon, day, now, tz, _Notes())
        diff = yday - first.timetuple().tm_yday
        if diff == 0:
            return _make_time(text, h, year, None, mon, day, now, tz, notes)
        day += diff
        mday = _month_days(off_year, mon)
        if day > 28 and mday is not None and day > mday:
            mon += 1
            if mon > 12:
                raise RubyTimeError(f"yday {yday} out of range")
            day -= mday
        return _make_time(text, h, year, None, mon, day, now, tz, notes)
    now = _in_zone(now, off, tz)
    microsecond: int | None = None
    if sec_fraction is not None:
        microsecond = int(sec_fraction * 1_000_000)
    if year is None:
        year = now.year
        notes.add(f"the year (Ruby takes the current year, {year})")
        if mon is None:
            mon = now.month
            notes.add(f"the month (Ruby takes the current month, {_MONTH_NAMES[mon]})")
            if day is None:
                day = now.day
                notes.add(f"the day (Ruby takes today's, {day})")
                if hour is None:
                    hour = now.hour
                    if minute is None:
                        minute = now.minute
                        if sec is None:
                            sec = now.second
                            if sec_fraction is None:
                                microsecond = now.microsecond
    if mon is None:
        mon = 1
        notes.add("the month (Ruby takes January)")
        if day is None:
            notes.add("the day (Ruby takes the 1st)")
    elif day is None:
        notes.add("the day (Ruby takes the 1st)")
    day = 1 if day is None else day
    timed = hour is not None
    hour = 0 if hour is None else hour
    minute = 0 if minute is None else minute
    sec = 0 if sec is None else sec
    microsecond = 0 if microsecond is None else microsecond
    _note_rollover(year, mon, day, hour, sec, notes)
    if year != off_year:
        off = None if zone is None else _zone_offset(zone, year, tz)
    if off is not None:
        assert zone is not None
        y, mo, d, hr, mi, se = _apply_offset(year, mon, day, hour, minute, sec, off)
        wall = _wall_clock(_time_arg(y, mo, d, hr, mi, se)).replace(microsecond=microsecond)
        instant = wall.replace(tzinfo=dt.timezone.utc)
        if _UTC_ZONE_RE.match(zone):
            return instant
        try:
            local: dt.datetime | None = instant.astimezone(tz)
        except OverflowError:  # past 9999 in the site's zone: not its offset anyway
            local = None
        if local is not None and local.utcoffset() == dt.timedelta(seconds=off):
            _check_year(local.year)
            return local
        return _shift(instant, dt.timezone(dt.timedelta(seconds=off)))
    if zone is not None:
        notes.add(f'the zone "{zone}" (Ruby does not know it: local time)')
    fields = _time_arg(year, mon, day, hour, minute, sec)
    wall = _wall_clock(fields).replace(microsecond=microsecond)
    if sec == 60 or hour == 24:
        try:
            epoch = _extrapolated_local(fields, tz)
        except (OverflowError, ValueError, OSError):
            raise RubyTimeError(
                "the time is outside the years 1..9999 Python can represent"
            ) from None
        instant = _EPOCH + dt.timedelta(seconds=epoch, microseconds=microsecond)
        return _shift(instant, tz)
    if timed:
        return _resolve_local(wall, tz, notes)
    # A day without a time: a clock change at midnight moves it within that day, which is
    # no loss; only a change that moves it to another day is said.
    quiet = _Notes()
    local = _resolve_local(wall, tz, quiet)
    if local.date() != wall.date():
        for note in quiet.items:
            notes.add(note)
    return local


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def _as_utc_seconds(tm: _Fields) -> int:
    """timegm_noleapsecond: the fields read as UTC, second 60 and hour 24 included."""
    year, mon, day, hour, minute, sec = tm
    days = dt.date(year, mon, day).toordinal() - _EPOCH.date().toordinal()
    return days * 86400 + hour * 3600 + minute * 60 + sec


def _local_fields(epoch: int, tz: dt.tzinfo) -> _Fields:
    t = (_EPOCH + dt.timedelta(seconds=epoch)).astimezone(tz)
    return (t.year, t.month, t.day, t.hour, t.minute, t.second)


def _extrapolated_local(target: _Fields, tz: dt.tzinfo) -> int:
    """time.c find_time_t for a wall clock no local time shows (hh:mm:60, 24:00): its
    search for the last local second before the target, in the same order of guesses
    (so a repeated hour is resolved as Ruby resolves it), then the distance added."""
    year, mon, day, hour = target[:4]
    tm0 = (year, mon, day, 23, 59, 60) if hour > 23 else target
    guess0 = guess = _as_utc_seconds(tm0)
    lo: tuple[int, _Fields] | None = None
    hi: tuple[int, _Fields] | None = None
    for _ in range(2):
        tm = _local_fields(guess, tz)
        if target < tm:
            hi = (guess, tm)
            guess -= 86400
        else:
            lo = (guess, tm)
            guess += 86400
        if lo is not None and hi is not None:
            break
    if lo is None or hi is None:
        raise OverflowError("no local time brackets the target")
    (guess_lo, tm_lo), (guess_hi, tm_hi) = lo, hi
    status = 1
    while guess_lo + 1 < guess_hi:
        if status == 1:  # where the target would be with the offset at the high end
            guess = guess_hi - (_as_utc_seconds(tm_hi) - guess0)
            if guess == guess_hi:
                guess -= 1
            status = 2
            bisect = not guess_lo < guess < guess_hi
        elif status == 2:  # ... and with the offset at the low end
            guess = guess_lo + (guess0 - _as_utc_seconds(tm_lo))
            if guess == guess_lo:
                guess += 1
            status = 0
            bisect = not guess_lo < guess < guess_hi
        else:
            bisect = True
        if bisect:
            guess = _c_half(guess_lo) + _c_half(guess_hi)
            if guess <= guess_lo:
                guess = guess_lo + 1
            elif guess >= guess_hi:
                guess = guess_hi - 1
            status = 1
        tm = _local_fields(guess, tz)
        if target < tm:
            guess_hi, tm_hi = guess, tm
        else:
            guess_lo, tm_lo = guess, tm
    return guess_lo + _as_utc_seconds(target) - _as_utc_seconds((*tm_lo[:5], min(tm_lo[5], 59)))


def _c_half(value: int) -> int:
    """C's `value / 2` (rounds toward zero)."""
    return -(-value // 2) if value < 0 else value // 2


def _shift(instant: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    try:
        value = instant.astimezone(tz)
    except OverflowError:
        raise RubyTimeError("the time is outside the years 1..9999 Python can represent") from None
    _check_year(value.year)
    return value


_HARMLESS_LEFTOVER = re.compile(r"\A(?:[-+,./:@'\[\]]+|t|at|on|the|of|um|le|den)\Z", re.IGNORECASE)


def _leftover(text: str) -> str:
    words = [word for word in text.split() if not _HARMLESS_LEFTOVER.match(word)]
    return " ".join(words)


def parse_time(text: str, tz: dt.tzinfo, now: dt.datetime) -> ParsedTime:
    """`Time.parse(text, now)` in a Ruby whose local zone is `tz`.

    `now` (aware) gives the fields the text lacks, as Ruby's second argument does.
    Raises RubyTimeError where Ruby raises, and for years Python cannot represent.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    h = _date_parse(text)
    notes = _Notes()
    if h.year_text is not None:
        notes.add(f'the two-digit year "{h.year_text}" (Ruby reads {h.year})')
    value = _make_time(text, h, h.year, h.yday, h.mon, h.mday, now, tz, notes)
    _check_year(value.year)
    if h.wday is not None and h.wday != (value.weekday() + 1) % 7:
        notes.add(f"the weekday (Ruby ignores it: the date is a {value.strftime('%A')})")
    if h.week_date:
        notes.add("the week date (Ruby ignores it)")
    rest = _leftover(h.text)
    if rest:
        notes.add(f'the text "{rest}" (Ruby ignores it)')
    return ParsedTime(value, tuple(notes.items))
