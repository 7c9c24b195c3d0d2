"""C1 control characters left over: Windows-1252 (or Mac OS Roman) text read as Latin-1."""

from __future__ import annotations

import re

from bot.mojibake.oddness import oddness
from bot.mojibake.quick_scan import C1
from bot.mojibake.scripts import letter


def fix_c1(work: str, codecs: list[str], doubts: list[str]) -> str:
    """C1 controls left over are windows-1252 (or mac_roman) text read as latin-1.

    Windows-1252 is by far the commoner source, and its punctuation reads well ("don\x92t",
    "parlé\x85"): that is a certain repair. Where mac_roman reads a letter next to a letter,
    and windows-1252 a letter too ("K\x9aln": "Kšln" or "Köln") or a symbol wedged into a word
    ("Coatl\x87n": "Coatl‡n" or "Coatlán"), both readings are possible: the likelier one (the
    line's codec: one wedged symbol makes the whole line mac_roman) is kept, as a guess.
    """
    if not C1.search(work):
        return work
    found: list[tuple[int, str, str]] = []
    for m in C1.finditer(work):
        byte = bytes([ord(m.group())])
        try:
            found.append((m.start(), byte.decode("cp1252"), byte.decode("mac_roman")))
        except UnicodeDecodeError:
            continue  # undefined in windows-1252 too: left for encoding/control-char
    mac_line = any(_wedged(work, i, win) and letter(mac) for i, win, mac in found)
    chars = list(work)
    for i, win, mac in found:
        best, other, label = win, mac, "windows-1252 as latin-1"
        beside_letter = letter(work[i - 1 : i]) or letter(work[i + 1 : i + 2])
        if letter(mac) and beside_letter and (mac_line or letter(win)):
            window = (work[i - 1 : i], work[i + 1 : i + 2])
            if mac_line or oddness(mac.join(window)) < oddness(win.join(window)):
                best, other, label = mac, win, "mac_roman as latin-1"
            names = ("Windows-1252", "Mac OS Roman")[:: 1 if best == win else -1]
            doubts[i] = doubts[i] or (
                f'"{work[i]}": probably "{best}" ({names[0]} read as Latin-1), '
                f'or "{other}" ({names[1]})'
            )
        chars[i] = best
        codecs[i] = codecs[i] or label
    return "".join(chars)


_CONTRACTION = re.compile(r"(?:s|t|d|m|ll|re|ve)(?!\w)", re.IGNORECASE)
_ELIDED = {"l", "d", "j", "n", "m", "s", "t", "c", "o", "qu", "dell", "nell", "all", "sull"}


def _wedged(work: str, i: int, reading: str) -> bool:
    """Is windows-1252's ``reading`` of ``work[i]`` a symbol wedged between two letters?

    An apostrophe is not, where one is usual: "don’t", "it’s", "l’homme", "O’Brien".
    """
    if letter(reading) or not (letter(work[i - 1 : i]) and letter(work[i + 1 : i + 2])):
        return False
    if reading not in "’'":
        return True
    if _CONTRACTION.match(work, i + 1):
        return False
    a = i
    while a > 0 and a > i - 5 and letter(work[a - 1]):
        a -= 1
    return work[a:i].lower() not in _ELIDED or (a > 0 and letter(work[a - 1]))
