"""Each codec's table (character -> byte) and the regular expression of a UTF-8 sequence
as it reads in that codec: whole, with a lost byte, or with its no-break space turned into a
plain space."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from bot.mojibake.codecs import CODECS, REPLACEMENT, byte_table


def char_class(chars: str) -> str:
    return "".join(re.escape(c) for c in sorted(set(chars)))


@dataclass(frozen=True)
class Codec:
    """One legacy codec: its table (character -> byte) and the pattern of a sequence in it."""

    name: str
    encode: dict[str, int]
    source: str
    truncated: str = ""
    """What E2 80 (the lead of the General Punctuation block) looks like in a codec that
    leaves bytes undefined: its third byte may have been dropped ("â€" for "”")."""
    lost_quote: str = ""
    """The likeliest character E2 80 + a byte this codec leaves undefined stood for."""

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Compiled on first use: clean text never needs it."""
        return re.compile(self.source)


# Lead bytes whose NBSP continuation (0xA0) is often found turned into a plain space: "Ã " for
# "à", "Å " for "Š", "Ð " for "Р", "Â " for an NBSP.
_ALTERED_LEADS = {0xC2, 0xC3, 0xC5, 0xCE, 0xD0, 0xD9}


def _build_codec(name: str, codec: str, sloppy: bool) -> Codec:
    table = byte_table(codec, sloppy)
    by_range: dict[str, str] = {"c": "", "l2": "", "l3": "", "l4": "", "a2": "", "a3": "", "b3": ""}
    for char, byte in table.items():
        if 0x80 <= byte <= 0xBF:
            by_range["c"] += char
        elif 0xC2 <= byte <= 0xDF:
            by_range["l2"] += char
            if byte in _ALTERED_LEADS:
                by_range["a2"] += char
        elif 0xE0 <= byte <= 0xEF:
            by_range["l3"] += char
        elif 0xF0 <= byte <= 0xF4:
            by_range["l4"] += char
        if 0xE0 <= byte <= 0xE3:
            by_range["a3"] += char
        if 0xE2 <= byte <= 0xE3:
            by_range["b3"] += char
    c, l2, l3, l4, a2, a3, b3 = (
        char_class(by_range[k]) for k in ("c", "l2", "l3", "l4", "a2", "a3", "b3")
    )
    # A lost byte shows as U+FFFD (or "?" after a second lossy pass); the valid forms come first.
    lost = f"[{c}\ufffd]"
    pattern = (
        f"[{l2}][{c}]|[{l3}][{c}]{{2}}|[{l4}][{c}]{{3}}"
        f"|[{l4}]{lost}{{3}}|[{l3}]{lost}[{c}\ufffd?]|[{l2}]\ufffd"
        f"|[{l3}][{c}]?\ufffd|[{l4}][{c}]{{0,2}}\ufffd"
        f"|[{a2}] |[{a3}][{c}] |[{b3}] [{c}]"
    )
    undefined = [b for b in range(0x80, 0xC0) if bytes([b]).decode(codec, "replace") == REPLACEMENT]
    if not undefined:
        return Codec(name, table, pattern)
    # E2 80 and an undefined byte: the third byte may be dropped altogether ("â€" then a space,
    # the end of the line, or whatever followed the character), unless what follows is a
    # continuation in another codec ("â€Ź" is U+200F in windows-1250).
    truncated = bytes([0xE2, 0x80]).decode(codec)
    lost_quote = "\u201d" if 0x9D in undefined else "\u2018"
    alone = f"{re.escape(truncated)}(?![{char_class(_any_continuation())}])"
    return Codec(name, table, f"{pattern}|{alone}", truncated, lost_quote)


@lru_cache(maxsize=1)
def _any_continuation() -> str:
    """Every character that stands for a continuation byte (0x80-0xBF) in one of the codecs."""
    return "".join(
        sorted({c for spec in CODECS for c, b in byte_table(spec[1], spec[2]).items() if b < 0xC0})
    )


def truncated_chars() -> tuple[str, str]:
    """(E2, 80) of every codec that may drop a byte, as character classes."""
    leads = {codec.truncated[0] for codec in BUILT if codec.truncated}
    seconds = {codec.truncated[1] for codec in BUILT if codec.truncated}
    return char_class("".join(leads)), char_class("".join(seconds))


BUILT: list[Codec] = [_build_codec(*spec) for spec in CODECS]
BY_NAME = {codec.name: codec for codec in BUILT}


def classes() -> tuple[str, str, str]:
    """(2-byte leads, 3- and 4-byte leads, continuations) of every codec."""
    lead2: set[str] = set()
    lead34: set[str] = set()
    conts: set[str] = set()
    for codec in BUILT:
        for char, byte in codec.encode.items():
            if byte < 0xC0:
                conts.add(char)
            elif 0xC2 <= byte <= 0xDF:
                lead2.add(char)
            elif byte >= 0xE0:
                lead34.add(char)
    return "".join(sorted(lead2)), "".join(sorted(lead34)), "".join(sorted(conts))
