"""The real `Time.parse` as an oracle: one `ruby` process reads a whole table of strings.

Each line sent is a JSON string; each line back is the time Ruby made (epoch seconds,
microseconds, UTC offset, local and UTC year) or the error it raised. `now` is fixed so
that the fields a text lacks come from the same instant in Ruby and in Python.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from dataclasses import dataclass

import pytest

NOW_EPOCH = 1_781_526_896  # 2026-06-15 12:34:56 UTC
NOW_MICROSECONDS = 789_012
TIMEZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Adelaide")

_SCRIPT = """
require "time"
require "json"
now = Time.at(Integer(ARGV[0]), Integer(ARGV[1]))
STDIN.each_line do |line|
  text = JSON.parse(line)
  begin
    t = Time.parse(text, now)
    u = t.getutc
    puts JSON.generate("ok" => [t.to_i, t.usec, t.utc_offset, t.year, u.year])
  rescue => e
    puts JSON.generate("error" => "#{e.class}: #{e.message}")
  end
end
"""


@dataclass(frozen=True)
class RubyAnswer:
    """What `Time.parse` gave: `time` (epoch seconds, usec, offset) or `error`."""

    time: tuple[int, int, int] | None
    error: str | None


def ruby_or_skip() -> str:
    ruby = shutil.which("ruby")
    if ruby is None:
        if os.environ.get("PRESSBOT_REQUIRE_ORACLES") == "1":
            pytest.fail("ruby is not installed, and PRESSBOT_REQUIRE_ORACLES=1 requires it")
        pytest.skip("ruby is not installed")
    return ruby


def ruby_parse_all(
    texts: list[str], tz_name: str, now: tuple[int, int] = (NOW_EPOCH, NOW_MICROSECONDS)
) -> dict[str, RubyAnswer]:
    """`Time.parse(text, now)` for every text, in one Ruby process with TZ=tz_name;
    `now` is epoch seconds and microseconds."""
    ruby = ruby_or_skip()
    env = dict(os.environ, TZ=tz_name, LANG="C.UTF-8", LC_ALL="C.UTF-8")
    lines = "".join(json.dumps(text) + "\n" for text in texts)
    done = subprocess.run(
        [ruby, "-e", _SCRIPT, str(now[0]), str(now[1])],
        input=lines,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    answers: dict[str, RubyAnswer] = {}
    for text, line in zip(texts, done.stdout.splitlines(), strict=True):
        reply = json.loads(line)
        if "error" in reply:
            answers[text] = RubyAnswer(None, reply["error"])
            continue
        seconds, usec, offset, year, utc_year = reply["ok"]
        if not (1 <= year <= 9999 and 1 <= utc_year <= 9999):
            answers[text] = RubyAnswer(None, f"year {year} (UTC {utc_year}) outside 1..9999")
        else:
            answers[text] = RubyAnswer((seconds, usec, offset), None)
    return answers


def now_in(tz: dt.tzinfo, now: tuple[int, int] = (NOW_EPOCH, NOW_MICROSECONDS)) -> dt.datetime:
    return dt.datetime.fromtimestamp(now[0], tz).replace(microsecond=now[1])


def python_answer(
    text: str, tz: dt.tzinfo, now: tuple[int, int] = (NOW_EPOCH, NOW_MICROSECONDS)
) -> RubyAnswer:
    from bot.rubytime import RubyTimeError, parse_time

    try:
        value = parse_time(text, tz, now_in(tz, now)).value
    except RubyTimeError as error:
        return RubyAnswer(None, str(error))
    delta = value - dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    offset = value.utcoffset()
    assert offset is not None
    return RubyAnswer(
        (delta.days * 86400 + delta.seconds, delta.microseconds, int(offset.total_seconds())), None
    )


def agree(ruby: RubyAnswer, python: RubyAnswer) -> bool:
    """The same instant and offset, or an error on both sides."""
    if ruby.error is not None or python.error is not None:
        return ruby.error is not None and python.error is not None
    return ruby.time == python.time
