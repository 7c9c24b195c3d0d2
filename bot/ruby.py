"""Ruby's text forms and equality for the values front matter holds, as Jekyll uses them.

Jekyll turns categories into text with Ruby's `to_s` (`nil` is "", a list is its
`inspect`, `["a", "b"]`), makes lists unique with Ruby's `eql?` (1 and "1" differ, 1 and
1.0 too) and lowercases with Ruby's `downcase` (no final sigma). Python's `str`, `==` and
`lower` differ on each, so the URLs and names pressbot computes use these instead.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Hashable, Iterable
from typing import Any

_JULIAN_DAY_OF_ORDINAL_0 = 1_721_425
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x1b": "\\e",
    "\x07": "\\a",
    "\x08": "\\b",
    "\x0b": "\\v",
    "\x0c": "\\f",
}
_HASH_SIGIL = re.compile(r"#(?=[{$@])")
_UNPRINTABLE = ("Cc", "Zl", "Zp", "Cn")
"""What Ruby's `String#inspect` escapes in UTF-8 text (`\\u0001`, `\\u2028`), the named
escapes aside; its `print` class keeps U+0085, format and private-use characters as they
are."""


class YamlTimestamp(str):
    """A plain YAML timestamp with a time of day on a day that does not exist
    (`2020-04-31 10:00:00`): PyYAML refuses it; Psych makes it with `Time.utc`/`Time.new`,
    which roll it over (to May 1), in UTC when it names no offset. Kept as its text."""


def float_text(value: float) -> str:
    """Ruby's `Float#to_s`: `1.0`, `1.5`, `1.0e+20`, `Infinity`, `NaN`."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        if "." not in mantissa:
            mantissa += ".0"
        sign = exponent[0] if exponent[0] in "+-" else "+"
        digits = exponent.lstrip("+-").rjust(2, "0")
        return f"{mantissa}e{sign}{digits}"
    return text


def time_text(value: dt.datetime, zone: dt.tzinfo) -> str:
    """Ruby's `Time#to_s`; a time without an offset is the site's local time, as Psych
    makes it (`Time.at`) in a Jekyll process whose TZ is the site's timezone."""
    if value.tzinfo is None:
        local = value.replace(tzinfo=dt.timezone.utc).astimezone(zone)
        return local.strftime("%Y-%m-%d %H:%M:%S %z")
    if value.utcoffset() == dt.timedelta(0) and value.tzinfo is dt.timezone.utc:
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    return value.strftime("%Y-%m-%d %H:%M:%S %z")


def to_s(value: Any, zone: dt.tzinfo = dt.timezone.utc) -> str:
    """Ruby's `to_s` of a front-matter value."""
    if isinstance(value, str):
        return value
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    if isinstance(value, float):
        return float_text(value)
    if isinstance(value, dt.datetime):
        return time_text(value, zone)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return inspect(value, zone)
    return str(value)


def inspect(value: Any, zone: dt.tzinfo = dt.timezone.utc) -> str:
    """Ruby's `inspect` (Ruby 3.1, as Debian's Jekyll runs it), iteratively: nesting
    in front matter has no limit."""
    out: list[str] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Text):
            out.append(item)
        elif isinstance(item, list):
            stack.append(_Text("]"))
            for i, part in enumerate(reversed(item)):
                stack.append(part)
                if i < len(item) - 1:
                    stack.append(_Text(", "))
            stack.append(_Text("["))
        elif isinstance(item, dict):
            stack.append(_Text("}"))
            pairs = list(item.items())
            for i, (key, part) in enumerate(reversed(pairs)):
                stack.append(part)
                stack.append(_Text("=>"))
                stack.append(key)
                if i < len(pairs) - 1:
                    stack.append(_Text(", "))
            stack.append(_Text("{"))
        else:
            out.append(_scalar_inspect(item, zone))
    return "".join(out)


class _Text(str):
    """Punctuation of `inspect` (not a value to quote)."""


def _scalar_inspect(value: Any, zone: dt.tzinfo) -> str:
    if isinstance(value, str):
        # `#` before `{`, `$` or `@` would start an interpolation: Ruby escapes it
        return '"' + _HASH_SIGIL.sub(r"\\#", "".join(map(_char_inspect, value))) + '"'
    if value is None:
        return "nil"
    if isinstance(value, dt.datetime):
        return time_text(value, zone)
    if isinstance(value, dt.date):
        jd = value.toordinal() + _JULIAN_DAY_OF_ORDINAL_0
        return f"#<Date: {value.isoformat()} (({jd}j,0s,0n),+0s,2299161j)>"
    return to_s(value, zone)


def _char_inspect(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if ch.isprintable() or ch == "\x85" or unicodedata.category(ch) not in _UNPRINTABLE:
        return ch
    code = ord(ch)
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\u{{{code:X}}}"


def downcase(text: str) -> str:
    """Ruby's `String#downcase`: full Unicode case mapping without Greek final sigma."""
    return text.replace("Σ", "σ").lower()


def key(value: Any) -> Hashable:
    """A key equal for two values exactly when Ruby's `eql?` holds (as `uniq` and `|` use it)."""
    if isinstance(value, bool) or value is None:
        return (type(value).__name__, value)
    if isinstance(value, (int, float, str)):
        return (type(value).__name__, value)
    if isinstance(value, (list, dict)):
        # `inspect` tells apart exactly what `eql?` does (1, 1.0, "1", true) and, unlike a
        # recursive key, has no depth limit
        return (type(value).__name__, inspect(value))
    return (type(value).__name__, repr(value))


def uniq(items: Iterable[Any]) -> list[Any]:
    """Ruby's `Array#uniq`."""
    seen: set[Hashable] = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def union(first: list[Any], second: list[Any]) -> list[Any]:
    """Ruby's `Array#|`."""
    return uniq([*first, *second])


def flatten(items: list[Any]) -> list[Any]:
    """Ruby's `Array#flatten`, without recursion (nesting has no limit here)."""
    out: list[Any] = []
    stack = [iter(items)]
    while stack:
        for item in stack[-1]:
            if isinstance(item, list):
                stack.append(iter(item))
                break
            out.append(item)
        else:
            stack.pop()
    return out
