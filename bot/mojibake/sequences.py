"""The sequences one codec finds in a line, decoded back to what UTF-8 said."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from bot.mojibake.codecs import REPLACEMENT
from bot.mojibake.quick_scan import SUSPECT
from bot.mojibake.tables import Codec


@dataclass
class Match:
    """A sequence one codec found in a line: what it decodes to, then the judge's verdict."""

    start: int
    end: int
    text: str  # the decoded replacement
    nbytes: int
    lossy: bool
    score: float = 0.0
    altered: bool = False
    codec: str = ""
    letters: bool = False  # the original characters are all letters
    doubt: str = ""  # why the repair is a guess (`MojibakeSpan.doubt`)


def _decode_match(raw: str, codec: Codec) -> tuple[str, bool] | None:
    """The UTF-8 reading of a regex match, or None when the bytes are not valid UTF-8."""
    if raw == codec.truncated:
        return REPLACEMENT, True  # "â€": the third byte was dropped
    if REPLACEMENT in raw or raw.endswith("?"):
        if (
            raw.endswith("?")
            and REPLACEMENT not in raw
            and bytes(codec.encode[c] for c in raw[:2]) != b"\xe2\x80"
        ):
            return None  # "â€?": only the lossy form of a quotation mark
        cut = raw.index(REPLACEMENT) if REPLACEMENT in raw else len(raw) - 1
        head = bytes(codec.encode[c] for c in raw[:cut])
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.reason != "unexpected end of data":
                return None
        else:
            return None
        return REPLACEMENT, True
    data = bytes(0xA0 if c == " " else codec.encode[c] for c in raw)
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    if data[0] == 0xED and 0xA0 <= data[1] <= 0xBF:  # a CESU-8 surrogate, paired up later
        return data.decode("utf-8", "surrogatepass"), False
    return None


def _altered_doubt(raw: str, value: str) -> str:
    """What a sequence holding a plain space probably was (its no-break space altered)."""
    shown = f'"{raw.rstrip(" ")}" followed by a space' if raw.endswith(" ") else f'"{raw}"'
    if value == "\xa0":
        return f"{shown}: probably a no-break space that became a plain space"
    return f'{shown}: probably "{value}", whose no-break space became a plain space'


def _absorbs_space(text: str, end: int) -> bool:
    """Was the space after "Ã" the NBSP of "à" (Portuguese "às", "àquele"), or another space?"""
    rest = text[end : end + 6]
    return rest[:1] == " " or rest[:2] in ("s", "s ") or rest[:5] in ("quele", "quela", "quilo")


_SPACE = re.compile(" ")


def suspect_regions(text: str) -> list[tuple[int, int]]:
    """Where matches can be: the words around each suspicious pair, with one word either side
    (an NBSP turned into a space splits a garbled word in two)."""
    around = _around_by_search if len(text) <= SHORT_LINE else _around_by_bisection(text)
    spans: list[tuple[int, int]] = []
    for hit in SUSPECT.finditer(text):
        a, b = around(text, hit.start(), hit.end())
        if spans and a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(b, spans[-1][1]))
        else:
            spans.append((a, b))
    return spans


SHORT_LINE = 4096
"""Up to this length, the spaces around a pair are looked for from the pair; beyond, they are
listed once: looking from each pair costs the length of the line per pair on a line without
any."""


def _around_by_search(text: str, start: int, end: int) -> tuple[int, int]:
    """From the space before the word before ``text[start:end]`` to the one after the next."""
    space_before = text.rfind(" ", 0, start)
    a = max(text.rfind(" ", 0, space_before), 0) if space_before > 0 else 0
    space_after = text.find(" ", end)
    b = text.find(" ", space_after + 1) if space_after >= 0 else -1
    return a, len(text) if b < 0 else b


def _around_by_bisection(text: str) -> Callable[[str, int, int], tuple[int, int]]:
    """`_around_by_search` for a long line, its spaces listed once."""
    spaces = [m.start() for m in _SPACE.finditer(text)]

    def around(text: str, start: int, end: int) -> tuple[int, int]:
        i = bisect_left(spaces, start)  # spaces[i - 1]: the last space before the pair
        a = max(spaces[i - 2], 0) if i >= 2 and spaces[i - 1] > 0 else 0
        j = bisect_left(spaces, end)  # spaces[j]: the first space after it
        return a, spaces[j + 1] if j + 1 < len(spaces) else len(text)

    return around


def scan(text: str, codec: Codec, regions: list[tuple[int, int]] | None = None) -> list[Match]:
    out: list[Match] = []
    found = (
        codec.pattern.finditer(text)
        if regions is None
        else (m for a, b in regions for m in codec.pattern.finditer(text, a, b))
    )
    for m in found:
        raw = m.group()
        if codec.truncated and raw[:2] == codec.truncated and raw[2:] == " ":
            raw = codec.truncated  # "â€ ": far likelier a dropped byte than "†" and no space
        decoded = _decode_match(raw, codec)
        if decoded is None:
            continue
        value, lossy = decoded
        end = m.start() + len(raw)
        nbytes = 3 if raw == codec.truncated else len(raw)
        match = Match(m.start(), end, value, nbytes, lossy)
        match.letters = all(c.isalpha() for c in raw)
        if " " in raw:
            match.altered = True
            if text[m.start()] in "ÃГ" and not _absorbs_space(text, end):
                match.text = "à "
            match.doubt = _altered_doubt(raw, value)
        out.append(match)
    if not any("\ud800" <= m.text[0] <= "\udfff" for m in out):
        return out
    # CESU-8: a high surrogate sequence followed at once by a low one is one character.
    merged: list[Match] = []
    for match in out:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.end == match.start
            and len(prev.text) == 1
            and "\ud800" <= prev.text <= "\udbff"
            and "\udc00" <= match.text <= "\udfff"
        ):
            pair = (prev.text + match.text).encode("utf-16", "surrogatepass").decode("utf-16")
            merged[-1] = Match(prev.start, match.end, pair, 6, False)
        else:
            merged.append(match)
    return [m for m in merged if not ("\ud800" <= m.text[0] <= "\udfff")]
