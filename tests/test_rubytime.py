"""bot/rubytime.py against the real Ruby: a table of date strings in five timezones, and
seeded random strings built from date-like tokens (Jekyll reads a post's date with
`Time.parse`, so pressbot must read each string to the same instant and offset)."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import zoneinfo

import pytest

from bot.rubytime import ParsedTime, RubyTimeError, parse_time
from tests.rubytime_oracle import TIMEZONES, agree, now_in, python_answer, ruby_parse_all

DATES = (
    "2020-01-12", "2020/01/12", "2020/1/2", "12/01/2020", "01/12/2020", "13/01/2020", "1/13/2020",
    "12.01.2020", "25.8.2004", "2020.01.12", "12-01-2020", "20200112", "200112", "2020-012",
    "20-01-12", "99-12-31", "68-12-31", "69-01-01", "12 Jan 2020", "Jan 12 2020", "Jan 12, 2020",
    "January 12th, 2020", "12th January 2020", "12-Jan-2020", "Jan-12-2020", "2020-Jan-12",
    "12 JANUARY 2020", "12 jAnUaRy 2020", "1st feb 2021", "2nd Mar 2021", "3rd apr 2021",
    "Sunday, 12 January 2020", "Mon, 13 Jan 2020", "Tue 14 jan 2020", "H32.01.12", "'20 Jan 12",
    "Jan '20", "2020-W02-7", "--01-12", "2020-02-29", "2021-02-29", "2021-02-30", "2020-04-31",
    "2020-13-01", "2020-00-10", "2020-01-00", "2020-01-32", "0001-01-01", "9999-12-31", "Sept 5 2021",
    "5 sept. 2021", "Dec 25", "25 Dec", "the 12th", "2020-366", "2021-366", "2019-365",
)  # fmt: skip
TIMES = (
    "10:11", "10:11:12", "10:11:12.5", "10:11:12,123456789", "10am", "10 pm", "10:30 p.m.",
    "12:00 am", "12pm", "24:00:00", "23:59:60", "10h30m", "00:00", "9:5:3", "23:59:59.999999",
)  # fmt: skip
ZONES = (
    "", "Z", "UTC", "GMT", "+0100", "-05:00", "+5", "EST", "CEST", "JST", "BST", "PST", "A", "M",
    "Y", "J", "+05:30", "-0330", "UT", "utc", "GMT+1", "Eastern Standard Time", "CET", "ACST",
    "EDT", "-00:00", "+09", "z", "pdt", "+1400",
)  # fmt: skip
SPECIAL = (
    "", " ", "   ", "\t", "now", "today", "garbage", "2020", "Jan", "12th", "10:00", "10pm",
    "20200112T101112", "20200112T101112Z", "20200112T101112+0900", "2020-01-12T10:11:12Z",
    "2020-01-12T10:11:12.123+05:30", "2020-01-12 10:11:12 +0100", "2020-01-12 10:11:12 -0800",
    "Sun Jan 12 10:11:12 2020", "Sun, 12 Jan 2020 10:11:12 GMT", "Sunday, 12-Jan-20 10:11:12 GMT",
    "2023-01-29 18:30:22 2023 -0800", "2020-01-12 00:10::00 -03:00", "2020-01-12 24:00:00",
    "2020-01-12 24:30:00", "2020-01-12 23:60:00", "2020-01-12 23:59:61", "2020-01-12 25:00",
    "2020-10-25 02:30:00", "2020-03-29 02:30:00", "2020-11-01 01:30:00", "2020-03-08 02:30:00",
    "2020-04-05 02:30:00", "2020-10-04 02:30:00", "2020-10-25 02:30:60", "2020-10-25 02:59:60",
    "2020-10-25 01:59:60", "2020-03-29 01:59:60", "2020-03-29 02:30:60", "2020-11-01 01:30:60",
    "2020-11-01 01:59:60", "2020-11-01 00:59:60", "2020-03-08 01:59:60", "2020-04-05 02:59:60",
    "2020-04-05 01:59:60", "2020-04-05 02:10:60", "2020-10-04 01:59:60", "2020-10-24 24:00",
    "2020-10-25 24:00", "2020-03-28 24:00", "2020-10-31 24:00:00", "2020-04-04 24:00", "2020-10-25 02:30:00 CEST", "2020-10-25 02:30 CET",
    "2020-01-12 10:00 CEST", "2020-07-12 10:00 CEST", "2020-01-12 10:00 JST", "2020-07-12 10:00 EDT",
    "2020-01-12 10:00 ACDT", "2020-07-12 10:00 ACST", "2020-01-12 10:00 AEDT", "2020-01-12 10:00 EST5EDT",
    "2020-01-12 10:00 [-5:EST]", "20200112 101112 [+9]", "2020-04-31 23:00 -0200", "2021-02-28 23:00 -0200",
    "2020-01-01 00:30 +0100", "2020-12-31 23:30 -0100", "2020-00-31 23:00 -0100", "0001-01-01 00:00 +0100",
    "9999-12-31 23:00 -0200", "10000-01-01", "-2020-01-01", "2020-01-12 bc", "12 Jan 44 BC", "Jan 12 2020 A.D.",
    "1999-12-31", "Sat Jan  1 00:00:00 2000", "Jul 4", "July 4th", "4th of July 2021", "on 2020-01-12 at 10:00",
    "date: 2020-01-12", "2020-01-12 (Sunday)", "[2020-01-12]", "2020-01-12_10-11-12", "2020_01_12",
    "2020‐01‐12", "２０２０-01-12", "2020-01-12\u00a010:00", "12:00 noon", "midnight", "1 pm", "13 pm",
    "0 am", "99999999999 pm", "10:11:12.0000001", "10:11:12.", "x" * 129, "2020-01-12 " + "x" * 117,
    "2020-01-12 " + "é" * 59, "1/2", "1/2/3", "1.2.3", "1-2-3", "01/02/03", "99/12/31", "H31.04.30",
    "R01.05.01", "s64.01.07", "2020W027", "W02", "-w-7", "--0112", "2020012", "20012", "1201", "12",
    "121", "12345", "1234567", "123456789", "12345678901", "1234567890123", "12345678901234",
    "2020-01-12t10:11:12z", "10:11:12 Z 2020-01-12", "2020-01-12 10:11:12 UTC+1", "noon 2020-01-12",
    "2020-01-12T10:11:12.123456789012Z", "Jan 12 2020 10:11:12 PM EST", "12 Jan 2020 10:11 am +0900",
    "2020-1-2 3:4:5", "2020-01-12 10h", "2020-01-12 10h 11m 12s", "2020-01-12 10 h", "20-1-12",
)  # fmt: skip


def _table() -> list[str]:
    texts: list[str] = list(SPECIAL)
    for i, date in enumerate(DATES):
        texts.append(date)
        for j in range(4):
            time = TIMES[(i + j * 5) % len(TIMES)]
            zone = ZONES[(i * 3 + j * 7) % len(ZONES)]
            texts.append(f"{date} {time} {zone}".strip())
        texts.append(f"{TIMES[i % len(TIMES)]} {date}")
    return list(dict.fromkeys(texts))


TABLE = _table()

UNICODE = (
    "2020-01-12 10:00 \u216b", "\u0661\u0662 jan 2020", "12 Jan \u0662\u0660\u0662\u0660",
    "12 \uff2a\uff21\uff2e 2020", "\u017fun 2020-01-12", "10:00 \u212a", "2020-01-12 \u00b2 10:00",
    "Jan 12 2020 10:00 Ea\u017ftern \u017ftandard time", "2020-01-12 10:11:12 Mez",
    "2020-01-12 10:00 \u00df", "\u03a3\u0391\u03a3 2020-01-12 10:00", "10 \uff41\uff4d",
)  # fmt: skip

# Known differences, each a strict xfail below: text -> why Python does not follow Ruby.
KNOWN: dict[str, str] = {
    "1\ufb06": "Onigmo's case-insensitive match folds the ligature \ufb06 to 'st' (an ordinal "
    "suffix); Python's re folds only one character to one character",
}

TABLE = list(dict.fromkeys([*TABLE, *UNICODE, *KNOWN]))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(text, marks=pytest.mark.xfail(strict=True, reason=why))
        for text, why in KNOWN.items()
    ],
)
def test_known_differences(text: str) -> None:
    tz = zoneinfo.ZoneInfo("UTC")
    assert agree(ruby_parse_all([text], "UTC")[text], python_answer(text, tz))


def test_the_table_is_large_enough() -> None:
    assert len(TABLE) >= 300


@pytest.mark.parametrize("tz_name", TIMEZONES)
def test_table_agrees_with_ruby(tz_name: str) -> None:
    ruby = ruby_parse_all(TABLE, tz_name)
    tz = zoneinfo.ZoneInfo(tz_name)
    compared = [text for text in TABLE if text not in KNOWN]
    differences = []
    for text in compared:
        python = python_answer(text, tz)
        if not agree(ruby[text], python):
            differences.append(f"{text!r}: ruby {ruby[text]} python {python}")
    print(f"{tz_name}: {len(compared) - len(differences)}/{len(compared)} agree")
    assert not differences, "\n".join(differences)


_TOKENS = (
    "2020", "20", "1999", "12", "1", "31", "30", "29", "00", "0", "13", "24", "60", "366", "012",
    "20200112", "101112", "Jan", "january", "FEB", "Sept", "mar.", "Dec", "Sun", "monday", "Tue,",
    "st", "nd", "th", "T", "t", "Z", "UTC", "GMT", "EST", "CEST", "JST", "BST", "A", "J", "z",
    "+0100", "-05:00", "+5", "-0330", "am", "pm", "a.m.", "p.m.", "h", "m", "s", "bc", "ad", "W",
    "'", "/", "-", ".", ":", ",", " ", " ", " ", "  ", "@", "[", "]", "x", "é", "_", "10:11",
    "10:11:12", "10:11:12.5", ".123456", "2020-01-12", "12/01/2020", "25.8.2004", "--", "-w-",
    "\u216b", "\u00b2", "\u0663", "\u00a0", "\u017f", "\u00df", "\t",
)  # fmt: skip


def fuzz_strings(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        texts.append("".join(rng.choice(_TOKENS) for _ in range(rng.randint(1, 9))))
    return list(dict.fromkeys(texts))


FUZZ_TZS = ("Europe/Berlin", "America/New_York")


@pytest.mark.parametrize("tz_name", FUZZ_TZS)
def test_random_strings_agree_with_ruby(tz_name: str) -> None:
    texts = fuzz_strings(3000, seed=20200112)
    ruby = ruby_parse_all(texts, tz_name)
    tz = zoneinfo.ZoneInfo(tz_name)
    differences = [
        f"{text!r}: ruby {ruby[text]} python {python_answer(text, tz)}"
        for text in texts
        if not agree(ruby[text], python_answer(text, tz))
    ]
    print(f"fuzz {tz_name}: {len(texts) - len(differences)}/{len(texts)} agree")
    assert not differences, "\n".join(differences[:50])


def test_what_ruby_drops_is_named() -> None:
    tz = zoneinfo.ZoneInfo("Europe/Berlin")
    now = now_in(tz)

    def dropped(text: str) -> tuple[str, ...]:
        return parse_time(text, tz, now).dropped

    assert dropped("2020-01-12 10:11:12 +0100") == ()
    assert dropped("2020-01-12T10:11:12Z") == ()
    assert 'the text "2023 -0800" (Ruby ignores it)' in dropped("2023-01-29 18:30:22 2023 -0800")
    utc = parse_time("2020-01-12 10:00 CEST", zoneinfo.ZoneInfo("UTC"), now)
    assert utc.dropped == ('the zone "CEST" (Ruby does not know it: local time)',)
    assert dropped("Jan 12")[0] == "the year (Ruby takes the current year, 2026)"
    assert any("occurs twice" in note for note in dropped("2020-10-25 02:30"))
    assert any("does not exist that day" in note for note in dropped("2020-03-29 02:30"))
    assert any("rolls it over" in note for note in dropped("2021-02-30"))
    assert dropped("20-01-12") == ('the two-digit year "20" (Ruby reads 2020)',)


def test_a_day_without_a_time_is_a_loss_only_when_a_clock_change_moves_its_day() -> None:
    def read(text: str, zone: str) -> tuple[str, tuple[str, ...]]:
        tz = zoneinfo.ZoneInfo(zone)
        parsed = parse_time(text, tz, now_in(tz))
        return parsed.value.isoformat(), parsed.dropped

    # midnight skipped (Sao Paulo, 2018) or repeated (Havana, 2020): the day stays
    assert read("2018-11-04", "America/Sao_Paulo") == ("2018-11-04T01:00:00-02:00", ())
    assert read("2020-11-01", "America/Havana") == ("2020-11-01T00:00:00-05:00", ())
    # a time written into the gap is said; so is a day that Samoa skipped whole
    assert read("2018-11-04 00:30", "America/Sao_Paulo")[1] == (
        "the local time 00:30:00 (it does not exist that day: Ruby reads 01:30:00)",
    )
    assert read("2011-12-30", "Pacific/Apia") == (
        "2011-12-31T00:00:00+14:00",
        ("the local time 00:00:00 (it does not exist that day: Ruby reads 2011-12-31 00:00:00)",),
    )


def test_the_value_is_in_the_site_zone_or_ruby_offset() -> None:
    tz = zoneinfo.ZoneInfo("Asia/Tokyo")
    now = now_in(tz)
    assert parse_time("2020-01-12 10:00", tz, now).value.tzinfo is tz
    assert parse_time("2020-01-12 10:00 Z", tz, now).value.tzinfo is dt.timezone.utc
    fixed = parse_time("2020-01-12 10:00 -05:00", tz, now).value
    assert fixed.utcoffset() == dt.timedelta(hours=-5)
    assert isinstance(parse_time("2020-01-12", tz, now), ParsedTime)


@pytest.mark.parametrize(
    "text", ["x" * 129, "é" * 65, "10000-01-01", "0000-01-01", "no date here", "", "2020-13-01"]
)
def test_ruby_errors_are_raised(text: str) -> None:
    tz = zoneinfo.ZoneInfo("UTC")
    with pytest.raises(RubyTimeError):
        parse_time(text, tz, now_in(tz))


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_time("2020-01-12", zoneinfo.ZoneInfo("UTC"), dt.datetime(2026, 1, 1))


def test_hostile_input_is_fast() -> None:
    import time

    tz = zoneinfo.ZoneInfo("UTC")
    now = now_in(tz)
    hostile = [
        "1" * 128,
        "1:" * 64,
        "a." * 64,
        "a " * 64,
        "1 " * 64,
        "Jan" * 42,
        "'-1" * 42,
        "-1-" * 42,
    ]
    start = time.perf_counter()
    for text in hostile:
        with contextlib.suppress(RubyTimeError):
            parse_time(text, tz, now)
    assert time.perf_counter() - start < 1.0
