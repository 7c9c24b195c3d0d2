"""Plain YAML scalars as Psych types them: Ruby's YAML, through which Jekyll reads front
matter and `_config.yml`.

YAML 1.1's rules (PyYAML's) and Psych's `ScalarScanner#tokenize` disagree on much plain text:
Psych reads `1,000` as 1000 and `2020-1-5` as a date, keeps `1__0` and `=` as text, reads
`.iNf` as infinity and `-.5` as a number, and its timestamps take offsets PyYAML has no rule
for (`+100` is ten hours, `-00:30` is half an hour *east*). `tokenize` is followed here rule
for rule, in its order (Psych 4, Ruby 3.1); `tests/test_psych_scalars.py` compares it with
Ruby's own on generated text.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from bot.ruby import YamlTimestamp

MAX_NUMBER_TEXT = 4000
"""Longer numbers stay text: Python cannot print an int of more than 4,300 digits, and
building a sexagesimal one (`1:2:3:...`) costs time quadratic in its length."""
MAX_INT_BITS = 14_000
"""About 4,200 decimal digits (a short hexadecimal number can exceed the printable limit)."""

_SPACE = " \t\n\v\f\r"  # Ruby's \s
_STRINGY = re.compile(r"[^0-9.:\-]?(?:[^\W\d]|[" + _SPACE + r"!@#$%^&*(){}<>|/\\~;=])+")
_NOT_WORD_START = re.compile(r"^[^ytonf~]", re.IGNORECASE | re.MULTILINE)
_NULL = re.compile(r"^null$", re.IGNORECASE | re.MULTILINE)
_TRUE = re.compile(r"^(?:yes|true|on)$", re.IGNORECASE | re.MULTILINE)
_FALSE = re.compile(r"^(?:no|false|off)$", re.IGNORECASE | re.MULTILINE)
_TIME = re.compile(
    r"-?[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[" + _SPACE + r"]+)[0-9]{1,2}:[0-9][0-9]:[0-9][0-9]"
    r"(?:\.[0-9]*)?(?:[" + _SPACE + r"]*(?:Z|[-+][0-9]{1,2}:?(?:[0-9][0-9])?))?"
)
_DATE = re.compile(r"[0-9]{4}-(?:1[012]|0[0-9]|[0-9])-(?:[12][0-9]|3[01]|0[0-9]|[0-9])")
_INF = re.compile(r"\+?\.inf", re.IGNORECASE)
_MINUS_INF = re.compile(r"-\.inf", re.IGNORECASE)
_NAN = re.compile(r"\.nan", re.IGNORECASE)
_BASE60_INT = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}")
_BASE60_FLOAT = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}\.[0-9_]*")
_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_,]*)?\.[0-9]*(?:[eE][-+][0-9]+)?")
_INTEGER = re.compile(
    r"[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+"
)
_FLOAT_CLEAN = re.compile(r"[,_]|\.([Ee]|$)")
_RUBY_INT = re.compile(r"[-+]?[0-9]+(?:_[0-9]+)*")
_RUBY_FLOAT = re.compile(r"[-+]?[0-9]+(?:_[0-9]+)*(?:\.[0-9]+(?:_[0-9]+)*)?")
_TIME_PART = re.compile(
    r"([0-9]+:[0-9]+:[0-9]+)(?:\.([0-9]*))?[" + _SPACE + r"]*(Z|[-+][0-9]+(:[0-9][0-9])?)?"
)
_DAY = re.compile(r"^(-?[0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_OFFSET = re.compile(r"([+\-]?[0-9]{1,2}):?([0-9]{1,2})?")


class PsychError(ValueError):
    """Psych itself fails on the text (`0b_`, `.e+5`): Jekyll then cannot read the file."""


def is_text(text: str) -> bool:
    """Whether Psych keeps the plain scalar as the text itself (a symbol, `:x`, included:
    the caller decides what to do with those). Text Psych fails on is not: `value` says
    why."""
    try:
        return _typed(text) is _AS_TEXT
    except PsychError:
        return False


def value(text: str) -> Any:
    """The value of a plain scalar as Psych makes it: text, None, a bool, an int, a float,
    a date, a datetime (naive: local time, Psych's `Time.at`), or a `YamlTimestamp` for a
    time of day that Ruby rolls over (`2020-02-30 10:00:00`, `24:00:00`). Raises
    `PsychError` where Psych raises."""
    found = _typed(text)
    return text if found is _AS_TEXT else found


_AS_TEXT: Any = object()


@functools.lru_cache(maxsize=32768)
def _typed(text: str) -> Any:
    if not text:
        return None
    if len(text) > MAX_NUMBER_TEXT:
        return _AS_TEXT  # longer than any time; a number that long stays text
    if _STRINGY.match(text) or "\n" in text:
        if len(text) > 5 or _NOT_WORD_START.search(text):
            return _AS_TEXT
        if text == "~" or _NULL.search(text):
            return None
        if _TRUE.search(text):
            return True
        if _FALSE.search(text):
            return False
        return _AS_TEXT
    if _TIME.fullmatch(text):
        return _time(text)
    if _DATE.fullmatch(text):
        year, month, day = (int(n) for n in text.split("-"))
        try:
            return dt.date(year, month, day)
        except ValueError:
            return _AS_TEXT
    if _INF.fullmatch(text):
        return float("inf")
    if _MINUS_INF.fullmatch(text):
        return float("-inf")
    if _NAN.fullmatch(text):
        return float("nan")
    if text.startswith(":") and len(text) > 1:
        return _AS_TEXT  # a Ruby symbol
    sexagesimal = base60(text)
    if sexagesimal is not None:
        return sexagesimal
    if _FLOAT.fullmatch(text):
        if text.lstrip("+-") == ".":
            return _AS_TEXT
        try:
            return float(_FLOAT_CLEAN.sub(r"\1", text))
        except ValueError:
            raise PsychError(f"{text!r} is not a number Ruby can read") from None
    if _INTEGER.fullmatch(text):
        number = _ruby_integer(text.replace(",", "").replace("_", ""))
        return _AS_TEXT if number.bit_length() > MAX_INT_BITS else number
    return _AS_TEXT


def base60(text: str) -> int | float | None:
    """Psych's sexagesimal numbers, which differ from YAML 1.1's: one or two `:` groups, each
    part weighted by 60 ** |i - 2| (`1:30` is 5400, `-1:30` is -1800); None otherwise."""
    whole = _BASE60_INT.fullmatch(text) is not None
    if not whole and _BASE60_FLOAT.fullmatch(text) is None:
        return None
    parts = text.split(":")
    total = sum(_ruby_number(n, whole) * 60 ** abs(i - 2) for i, n in enumerate(parts))
    return int(total) if whole else float(total)


def _ruby_number(part: str, whole: bool) -> float:
    """Ruby's `to_i` / `to_f` of one part of a sexagesimal number: the longest number at its
    start, one `_` at a time between digits (`1__0` is 1); 0 when there is none."""
    found = (_RUBY_INT if whole else _RUBY_FLOAT).match(part)
    if found is None:
        return 0
    digits = found.group(0).replace("_", "")
    return int(digits) if whole else float(digits)


def _ruby_integer(text: str) -> int:
    """Ruby's `Integer()` of text the integer rule matched: `0b`, `0x` and `0` prefixes."""
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    try:
        if digits[:2] in ("0b", "0x"):
            return sign * int(digits[2:], 2 if digits[1] == "b" else 16)
        if len(digits) > 1 and digits[0] == "0":
            return sign * int(digits[1:], 8)
        return sign * int(digits)
    except ValueError:
        raise PsychError(f"{text!r} is not a number Ruby can read") from None


def _time(text: str) -> Any:
    """Psych's `parse_time`: `Time.utc` of the fields (which rolls a day over, up to the
    31st, and an hour of 24), then the offset as it reads it (`[+-]H{1,2}:?M{0,2}`, its sign
    taken from the hours)."""
    split = re.split(r"[ tT]", text, maxsplit=1)
    if len(split) < 2:
        raise PsychError(f"{text!r} is a time Psych cannot read")
    date, clock = split
    year, month, day = (int(n) for n in _DAY.split(date)[1:4])
    found = _TIME_PART.search(clock)
    if found is None:
        raise PsychError(f"{text!r} is a time Psych cannot read")
    hour, minute, second = (int(n) for n in found.group(1).split(":"))
    micro = int((found.group(2) or "").ljust(6, "0")[:6] or 0)
    zone = found.group(3)
    if not (1 <= month <= 12 and 1 <= day <= 31 and minute <= 59 and second <= 60):
        return _AS_TEXT
    if hour > 24 or (hour == 24 and (minute or second or micro)):
        return _AS_TEXT
    offset: dt.tzinfo | None = None
    if zone == "Z":
        offset = dt.timezone.utc
    elif zone:
        parsed = _OFFSET.fullmatch(zone)
        if parsed is None:
            raise PsychError(f"{text!r} has an offset Psych cannot read")
        hours = int(parsed.group(1))
        seconds = hours * 3600
        minutes = int(parsed.group(2) or 0) * 60
        seconds = seconds - minutes if seconds < 0 else seconds + minutes
        if abs(seconds) >= 86400:
            return _AS_TEXT
        # named, so that an offset of zero is not UTC itself: Ruby prints `+0000`, not `UTC`
        offset = dt.timezone(dt.timedelta(seconds=seconds), zone.strip())
    if year < 1 or second == 60 or hour == 24:
        return YamlTimestamp(text)  # Ruby rolls it over; the rules read the text
    try:
        return dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=offset)
    except ValueError:
        return YamlTimestamp(text)  # a day the month does not have: rolled over
