"""`bot.psych_scalars` against Ruby's own Psych (the Ruby that runs Jekyll): generated plain
scalars, each read by both, compared by type and value.

The text is built from the pieces Psych's rules look at (digits, signs, `_` and `,`, dots,
exponents, colons, dates and times with offsets of every shape, the words of its booleans and
null in any letter case, `.inf` and `.nan`), so that every rule of `tokenize` and most of
their edges are reached; Ruby prints what it made of each.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import shutil
import subprocess
from typing import Any

import pytest

from bot.psych_scalars import PsychError, value
from bot.ruby import YamlTimestamp

pytestmark = pytest.mark.usefixtures("jekyll_oracle")

PROBE = r"""
require 'psych'
require 'json'
require 'date'
STDIN.read.split("\x00").each do |s|
  node = begin
    Psych.parse("x: #{s}\n").root.children[1]
  rescue Psych::SyntaxError
    nil
  end
  unless node.is_a?(Psych::Nodes::Scalar) && node.plain && node.tag.nil? && node.value == s
    puts JSON.generate(["skip"])
    next
  end
  begin
    v = Psych.safe_load("x: #{s}\n", permitted_classes: [Date, Time, Symbol])["x"]
    out = case v
      when Time then ["time", v.to_i, v.usec, v.utc_offset, v.utc?]
      when Date then ["date", v.to_s]
      when Float then ["float", v.nan? ? "nan" : (v.infinite? ? (v > 0 ? "inf" : "-inf") : v)]
      when Integer then ["int", v.to_s]
      when String then ["str", v]
      when Symbol then ["sym", v.to_s]
      when nil then ["null"]
      when true, false then ["bool", v]
      else ["other", v.class.to_s]
    end
  rescue Exception => e
    out = ["error", e.class.to_s]
  end
  puts JSON.generate(out)
end
"""

PIECES = [
    "0", "1", "7", "9", "12", "007", "1_0", "1__0", "10_", "1,000", "0,7", "_", ",",
    "-", "+", ".", ".5", "5.", "e+5", "E-3", "e5", "0b", "0b1_0", "0x1F", "0x", "0o7",
    ":", ":30", ":5", ":60", "1:20", "-1:30:15", ".inf", ".iNf", "-.INF", "+.inf", ".nan",
    ".NaN", "true", "True", "TRUE", "yes", "No", "oFF", "on", "y", "n", "null", "Null",
    "NULL", "~", "=", "<<", "a", "x", "abc", " ", "T", "t", "Z",
]  # fmt: skip
OFFSETS = ["", "Z", " Z", "+1", "+01", "+100", "+0100", "+01:00", "-00:30", "-5", "+24",
           "-23:59", "+5:3", " +05:30", "-0000", "+9"]  # fmt: skip


def _time(rng: random.Random) -> str:
    year = rng.choice(["2020", "1999", "2024", "-2020", "0000", "9999"])
    month = rng.choice(["1", "01", "12", "13", "00", "2"])
    day = rng.choice(["1", "05", "29", "30", "31", "32", "0"])
    sep = rng.choice([" ", "T", "t", "  ", "\t"])
    clock = rng.choice(["10:00:00", "0:00:00", "23:59:59", "24:00:00", "24:00:01", "10:60:00",
                        "10:00:60", "1:02:03", "10:00:00.", "10:00:00.5", "10:00:00.1234567"])  # fmt: skip
    return f"{year}-{month}-{day}{sep}{clock}{rng.choice(OFFSETS)}"


def _date(rng: random.Random) -> str:
    year = rng.choice(["2020", "1999", "0001"])
    month = rng.choice(["1", "02", "13", "00", "9"])
    return f"{year}-{month}-{rng.choice(['5', '29', '30', '31', '00', '1'])}"


def _text(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.25:
        return _time(rng)
    if shape < 0.35:
        return _date(rng)
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 4))).strip()


def _ruby(texts: list[str]) -> list[list[Any]]:
    ruby = shutil.which("ruby")
    assert ruby is not None
    done = subprocess.run(
        [ruby, "-e", PROBE],
        input="\x00".join(texts),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={"TZ": "UTC", "PATH": "/usr/bin:/bin"},
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


def _mine(text: str) -> list[Any]:
    try:
        found = value(text)
    except PsychError:
        return ["error", "ArgumentError"]
    if isinstance(found, YamlTimestamp):
        return ["rolled", str(found)]
    if isinstance(found, str):
        return ["sym", text[1:]] if text.startswith(":") and len(text) > 1 else ["str", found]
    if found is None:
        return ["null"]
    if isinstance(found, bool):
        return ["bool", found]
    if isinstance(found, int):
        return ["int", str(found)]
    if isinstance(found, float):
        if math.isnan(found):
            return ["float", "nan"]
        if math.isinf(found):
            return ["float", "inf" if found > 0 else "-inf"]
        return ["float", found]
    if isinstance(found, dt.datetime):
        utc = found.tzinfo is dt.timezone.utc
        offset = found.utcoffset()
        moment = found if found.tzinfo else found.replace(tzinfo=dt.timezone.utc)
        seconds = int(offset.total_seconds()) if offset is not None else 0
        return ["time", int(moment.timestamp()), found.microsecond, seconds, utc]
    if isinstance(found, dt.date):
        return ["date", found.isoformat()]
    return ["other", type(found).__name__]


def _agrees(text: str, ours: list[Any], theirs: list[Any]) -> bool:
    if ours == theirs or ours[0] == theirs[0] == "error":
        return True  # Psych fails (with whichever Ruby error): Jekyll cannot read the file
    if ours[0] == "rolled":
        # a time Ruby rolls over (a day the month lacks, 24:00:00, a 60th second, a year
        # before 1): Ruby makes a time of it, the rules read the text
        return theirs[0] == "time"
    if ours[0] == "time" and theirs[0] == "time":
        # Ruby keeps nanoseconds, Python microseconds; Ruby marks `Z` as UTC only
        return ours[1:4] == theirs[1:4] and ours[4] == theirs[4]
    return False


@pytest.mark.parametrize("seed", range(4))
def test_plain_scalars_read_as_psych_reads_them(seed: int) -> None:
    rng = random.Random(seed)
    texts = sorted({_text(rng) for _ in range(3000)} - {""})
    theirs = _ruby(texts)
    assert len(theirs) == len(texts)
    pairs = [(t, r) for t, r in zip(texts, theirs, strict=True) if r != ["skip"]]
    assert len(pairs) > len(texts) // 2  # most are plain scalars
    differ = [(t, _mine(t), r) for t, r in pairs if not _agrees(t, _mine(t), r)]
    assert differ == [], differ[:20]


def test_the_cases_that_differ_from_yaml_1_1() -> None:
    assert value("1,000") == 1000
    assert value("1__0") == "1__0" and value("10_") == "10_"
    assert value("-.5") == -0.5 and value("+.5") == 0.5
    assert math.isinf(value(".iNf")) and math.isnan(value(".nAn"))
    assert value("2020-1-5") == dt.date(2020, 1, 5)
    assert value("=") == "="
    ten = value("2020-01-12 05:00:00 +100")
    assert ten.utcoffset() == dt.timedelta(hours=10)
    east = value("2020-01-12 23:45:00 -00:30")
    assert east.utcoffset() == dt.timedelta(minutes=30)
    with pytest.raises(PsychError):
        value("0b_")
