"""Front-matter values as Go holds them, and spf13/cast's conversions of them.

The three decoders give Go different types for the same text: YAML's `1` is an `int`,
TOML's an `int64`, JSON's a `float64`; cast turns an `int` into a bool but not an
`int64`. Python's `int` stands for Go's `int`; the subclasses below mark the others.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

GO_SPACE = frozenset("\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | frozenset(
    chr(c) for c in range(0x2000, 0x200B)
)
"""Go's `unicode.IsSpace` (what `strings.TrimSpace` and `strings.Fields` take for white space)."""
GO_SPACE_TEXT = "".join(sorted(GO_SPACE))
"""The same, for `str.strip`."""


class GoInt64(int):
    """An integer Go holds as `int64` (TOML's integers)."""


class LocalDate(dt.date):
    """TOML's local date (go-toml's `LocalDate`)."""


class LocalDateTime(dt.datetime):
    """TOML's local date-time (go-toml's `LocalDateTime`), nanoseconds cut to micro."""


class LocalTime(dt.time):
    """TOML's local time (go-toml's `LocalTime`): no date, so no time for cast."""


def go_float(value: float) -> str:
    """`strconv.FormatFloat(f, 'f', -1, 64)`: the shortest digits, never an exponent."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" and value == 0 and math.copysign(1, value) > 0 else text


def go_time_string(value: dt.datetime) -> str:
    """Go's `Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`."""
    text = value.strftime("%Y-%m-%d %H:%M:%S")
    if value.microsecond:
        text += ("." + f"{value.microsecond:06d}").rstrip("0")
    offset = value.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hhmm = f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    name = "UTC" if value.tzinfo is dt.timezone.utc else hhmm
    return f"{text} {hhmm} {name}"


def to_int(value: Any) -> int:
    """cast.ToInt for a number (a float cut toward zero; ±Inf and NaN become what Go's
    conversion gives on amd64, the smallest int64); 0 for anything else."""
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return int(value) if math.isfinite(value) else -(2**63)
    return 0


def to_string(value: Any) -> str:
    """cast.ToString (errors give the empty string, as Hugo ignores them)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return go_float(value)
    if value is None:
        return ""
    if isinstance(value, LocalDateTime):
        return value.isoformat()
    if isinstance(value, dt.datetime):
        return go_time_string(value)
    if isinstance(value, (LocalDate, LocalTime)):
        return value.isoformat()
    return ""


def to_bool(value: Any) -> bool | None:
    """cast.ToBoolE: None when cast refuses the value."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, GoInt64):
        return None
    if isinstance(value, int):
        return value != 0
    if isinstance(value, str):
        return _parse_bool(value)
    return None


def _parse_bool(text: str) -> bool | None:
    """Go's `strconv.ParseBool`."""
    if text in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if text in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    return None


def to_string_slice(value: Any) -> list[str]:
    """cast.ToStringSlice (cast 1.5): a string is split on white space, a list's items made
    text, another single value (a number, a boolean, a date) one item; a mapping or null
    gives none."""
    if isinstance(value, list):
        return [to_string(item) for item in value]
    if isinstance(value, str):
        return value.split()
    if value is None or isinstance(value, dict):
        return []
    return [to_string(value)]


def to_strings_keep_string(value: Any) -> list[str]:
    """Hugo's `types.ToStringSlicePreserveString`: a string stays one value (taxonomies)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [to_string(item) for item in value]
    return [to_string(value)]


def terms(value: Any) -> list[str]:
    """The terms Hugo makes of a taxonomy's value (`tags`): `to_strings_keep_string`,
    without the empty ones, which make no term (a null item, a list or a mapping inside the
    list: cast gives "" for each; a mapping for the whole value gives none)."""
    return [term for term in to_strings_keep_string(value) if term]
