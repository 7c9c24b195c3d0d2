"""The scans that find where mojibake could stand, so that clean text costs one search."""

from __future__ import annotations

import re

from bot.mojibake.tables import BUILT, char_class, classes, truncated_chars


def _fast_pattern() -> re.Pattern[str]:
    """One scan for what could start a match of any codec.

    The pattern starts with a single character class so that the regular expression engine can
    skip ahead quickly; lookbehinds then sort out which kind of character it found: a 2-byte lead
    followed by a continuation, a 3- or 4-byte lead followed by two, a lost byte (U+FFFD), "â€"
    (whose third byte may have been dropped), a C1 control, or "Ã "/"Å " (an NBSP turned into a
    space).
    """
    l2, l34, c = (char_class(x) for x in classes())
    _, x80 = truncated_chars()
    # "â€" alone: a continuation that may be the last one left, tried only once one is found.
    return re.compile(
        f"[{l2}{l34}\\x80-\\x9f]"
        f"(?:(?<=[{l2}])[{c}\\ufffd]|(?<=[{l34}])(?:[{c}](?:[{c}\\ufffd?]|(?<=[{x80}]))|\\ufffd)"
        f"|(?<=[\\x80-\\x9f])|(?<=[ÃÅâ]) )"
    )


SUSPECT = _fast_pattern()
"""Where a sequence of some codec could start: in a line, and again between layers."""
C1 = re.compile("[\x80-\x9f]")


def _second_char_pattern() -> re.Pattern[str]:
    """A looser, quicker first pass than `SUSPECT`, for whole posts.

    Every match of SUSPECT is a lead followed by a continuation (or U+FFFD), a C1 control, or
    "Ã "/"Å "/"â " (an NBSP turned into a space). This pattern looks for the second character
    of such a pair (or the lead before a space), one character class first so the scan runs
    at full speed: continuations are rare in clean text of any script (Cyrillic, Greek and
    Central European letters are leads), so it seldom has to look back.
    """
    l2, l34, c = (char_class(x) for x in classes())
    second = f"{c}\ufffd\x80-\x9f"
    return re.compile(
        f"[{second}ÃÅâ](?:(?<=[{l2}{l34}][{second}])|(?<=[\x80-\x9f])|(?<=[ÃÅâ])(?= ))"
    )


_SECOND = _second_char_pattern()


def candidate_offsets(text: str) -> list[int]:
    """Offsets in ``text`` near which mojibake may stand (wherever `SUSPECT` matches, this
    finds a place too): a long text is then examined only around these places, a line at a
    time."""
    return [m.start() for m in _SECOND.finditer(text)]


def suspicious(text: str) -> bool:
    """Could ``text`` contain mojibake at all? Costs next to nothing for clean text.

    One scan (`SUSPECT`) finds the places where a match of some codec could start; each is
    confirmed with the exact patterns of the codecs, anchored where it stands.
    """
    hit = SUSPECT.search(text)
    while hit is not None:
        start = hit.start()
        if text[start] <= "\x9f" or hit.group()[-1] in "\ufffd ":
            return True
        for codec in BUILT:
            if codec.pattern.match(text, start):
                return True
        hit = SUSPECT.search(text, start + 1)
    return False
