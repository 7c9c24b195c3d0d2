"""Deterministic corpora for the mojibake engine: clean multilingual text, and mojibake of it.

Clean strings come from CLDR (via babel: language, territory, month, day and currency names,
formatted amounts, units and dates in every locale) and from Faker's locales (names, addresses,
companies, sentences). Mojibake is made by the real mix-ups: UTF-8 bytes decoded with a legacy
codec (one layer or two), the browser's windows-1252 (undefined bytes become C1 controls), and the
lossy form where undefined bytes became U+FFFD.

Strings are split into a development part and a held-out part by a stable hash, so that tuning on
one never sees the other.

    python bench/mojibake_corpus.py [dev|held-out]        # counts and a few samples
    python bench/mojibake_corpus.py --sample FILE         # the sample the tests pin
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

SEED = 20260105

CODECS = (
    "cp1252",
    "windows-1252",  # the browser's: undefined bytes decode to C1 controls
    "latin-1",
    "mac_roman",
    "cp437",
    "cp1250",
    "cp1251",
    "iso-8859-2",
)
LOSSY_CODECS = ("cp1252", "cp1250", "cp1251")


@dataclass(frozen=True)
class Sample:
    text: str
    expected: str  # the repair expected; equal to text for clean samples
    kind: str  # "clean", or how the mojibake was made


def _sloppy_decode(data: bytes, codec: str) -> str:
    """Decode as a browser would: bytes the codec leaves undefined become C1 controls."""
    out = []
    for byte in data:
        try:
            out.append(bytes([byte]).decode(codec))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def garble(text: str, codec: str) -> str | None:
    """One layer: ``text`` written as UTF-8, read as ``codec``; None when that cannot happen."""
    data = text.encode("utf-8")
    if codec == "windows-1252":
        return _sloppy_decode(data, "cp1252")
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def garble_lossy(text: str, codec: str) -> tuple[str, str] | None:
    """The lossy form (undefined bytes became U+FFFD) and the repair we can expect from it.

    A character whose UTF-8 bytes included an undefined one cannot be recovered; the expected repair
    keeps U+FFFD in its place, except for the right double quote, the likely reading of ``â€�``,
    and the zero-width joiner between emoji.
    """
    data = text.encode("utf-8")
    garbled = data.decode(codec, errors="replace")
    if "\ufffd" not in garbled:
        return None
    expected = []
    for ch in text:
        try:
            ch.encode("utf-8").decode(codec)
            expected.append(ch)
        except UnicodeDecodeError:
            expected.append(ch if ch in "\u201d\u200d" else "\ufffd")
    return garbled, "".join(expected)


def _babel_strings(rng: random.Random) -> Iterator[str]:
    from babel import Locale
    from babel.dates import format_date
    from babel.localedata import locale_identifiers
    from babel.numbers import format_currency, format_decimal, format_percent
    from babel.units import format_unit

    ids = sorted(i for i in locale_identifiers() if "_" not in i or i.count("_") == 1)
    for ident in ids:
        try:
            loc = Locale.parse(ident)
        except Exception:
            continue
        picks: list[str] = []
        for table, k in ((loc.languages, 3), (loc.territories, 3), (loc.currencies, 2)):
            keys = sorted(table)
            picks += [table[key] for key in rng.sample(keys, min(k, len(keys)))]
        months = list(loc.months.get("format", {}).get("wide", {}).values())
        days = list(loc.days.get("format", {}).get("wide", {}).values())
        picks += rng.sample(months, min(2, len(months))) + rng.sample(days, min(1, len(days)))
        amount = rng.choice([1234.5, 99.99, 1500000, 0.75, 42])
        currency = rng.choice(["EUR", "USD", "JPY", "RUB", "GBP", "INR", "CHF", "UAH"])
        unit = rng.choice(
            [
                "length-kilometer",
                "mass-kilogram",
                "temperature-celsius",
                "speed-kilometer-per-hour",
                "volume-liter",
                "duration-hour",
            ]
        )
        date = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(3000))
        formats: list[tuple[Callable[..., str], tuple[object, ...], dict[str, object]]] = [
            (format_currency, (amount, currency), {}),
            (format_decimal, (amount * 1000,), {}),
            (format_percent, (amount / 100,), {}),
            (format_unit, (amount, unit), {}),
            (format_date, (date,), {"format": "full"}),
            (format_date, (date,), {"format": "long"}),
        ]
        for make, args, kwargs in formats:
            with contextlib.suppress(Exception):  # not every locale has every pattern
                picks.append(make(*args, locale=loc, **kwargs))
        yield from picks


def _faker_strings(rng: random.Random) -> Iterator[str]:
    from faker import Faker
    from faker.config import AVAILABLE_LOCALES

    Faker.seed(rng.randrange(1 << 30))  # some providers draw from the shared generator
    for ident in sorted(AVAILABLE_LOCALES):
        fake = Faker(ident)
        fake.seed_instance(rng.randrange(1 << 30))
        for method in (
            "name",
            "name",
            "name",
            "address",
            "city",
            "company",
            "sentence",
            "sentence",
            "catch_phrase",
            "job",
            "street_address",
            "text",
        ):
            try:
                value = getattr(fake, method)()
            except Exception:
                continue
            yield from (part.strip() for part in str(value).splitlines() if part.strip())


def ensure_stable_hashing() -> None:
    """Re-run this process with PYTHONHASHSEED=0: some Faker providers iterate over sets."""
    import os
    import sys

    if os.environ.get("PYTHONHASHSEED") != "0":
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, *sys.argv])


def held_out(text: str) -> bool:
    return zlib.crc32(text.encode("utf-8")) % 4 == 0


def clean_strings(split: str = "dev", seed: int = SEED) -> list[str]:
    """Unique clean strings of one split ("dev" or "held-out"), in a stable order."""
    import warnings

    warnings.filterwarnings("ignore", category=UserWarning)  # Faker's deprecated locales
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []
    for text in [*_babel_strings(rng), *_faker_strings(rng)]:
        if text in seen or not text:
            continue
        seen.add(text)
        if held_out(text) == (split == "held-out"):
            out.append(text)
    return out


def mojibake_samples(clean: list[str], seed: int = SEED, per_string: int = 3) -> list[Sample]:
    """Mojibake made from the non-ASCII clean strings: single, double, lossy and embedded."""
    rng = random.Random(seed + 1)
    english = [t for t in clean if t.isascii() and " " in t]
    out: list[Sample] = []
    for text in clean:
        if text.isascii():
            continue
        for _ in range(per_string):
            roll = rng.random()
            if roll < 0.55:
                codec = rng.choice(CODECS)
                bad, kind, want = garble(text, codec), codec, text
            elif roll < 0.8:
                first = rng.choice(CODECS)
                second = first if rng.random() < 0.6 else rng.choice(CODECS)
                mid = garble(text, first)
                bad = garble(mid, second) if mid is not None else None
                kind, want = f"{first}+{second}", text
            elif roll < 0.9:
                lossy = garble_lossy(text, rng.choice(LOSSY_CODECS))
                if lossy is None:
                    continue
                bad, want = lossy
                kind = "lossy"
            else:
                words = text.split()
                i = rng.randrange(len(words))
                codec = rng.choice(CODECS)
                bad_word = garble(words[i], codec)
                if bad_word is None or bad_word == words[i]:
                    continue
                ctx = rng.choice(english) if english else ""
                bad = f"{ctx} {' '.join([*words[:i], bad_word, *words[i + 1 :]])}"
                want = f"{ctx} {text}"
                kind = f"embedded-{codec}"
            if bad is None or bad == want:
                continue
            out.append(Sample(bad, want, kind))
    return out


def write_sample(path: str) -> None:
    """The sample pinned in tests/fixtures/mojibake/corpus-sample.json (every 15th/20th string)."""
    import json

    clean = clean_strings("dev")
    samples = mojibake_samples(clean)
    data = {
        "clean": clean[::15],
        "mojibake": [
            {"text": s.text, "expected": s.expected, "kind": s.kind} for s in samples[::20]
        ],
    }
    text = json.dumps(data, ensure_ascii=False, indent=1)
    for byte in range(0x80, 0xA0):  # C1 controls escaped, so that the file stays readable
        text = text.replace(chr(byte), f"\\u{byte:04x}")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")


if __name__ == "__main__":
    import sys

    ensure_stable_hashing()
    if sys.argv[1:2] == ["--sample"]:
        write_sample(sys.argv[2])
        raise SystemExit(0)
    split = sys.argv[1] if len(sys.argv) > 1 else "dev"
    texts = clean_strings(split)
    samples = mojibake_samples(texts)
    print(f"{len(texts)} clean, {len(samples)} mojibake ({split})")
    for s in random.Random(1).sample(samples, 15):
        print(s.kind, repr(s.text[:70]), "->", repr(s.expected[:50]))
