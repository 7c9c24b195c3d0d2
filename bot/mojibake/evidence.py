"""Evidence beyond oddness that a sequence is mojibake, or that it is what it seems."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from bot.mojibake.codecs import REPLACEMENT
from bot.mojibake.oddness import WORD_PUNCT, is_alnum
from bot.mojibake.scripts import RANK, char_info, plausible_char
from bot.mojibake.sequences import Match


def base(match: Match) -> float:
    if match.altered:
        return 0.0 if match.nbytes == 2 else 1.0
    if match.lossy:
        return 1.0 if match.nbytes >= 3 else 0.0
    if match.nbytes >= 3 and match.letters and match.text not in RANK:
        return 0.0  # "zvlášť" reads as "zvlṻ" in windows-1250: letters making a rare letter
    return {2: 0.5, 3: 2.0, 4: 3.0, 6: 4.0}.get(match.nbytes, 0.5)


def decodable(match: Match) -> bool:
    value = match.text[0]
    if match.lossy:
        return True
    if "\x80" <= value <= "\x9f":
        return True  # the first of two layers; judged by oddness like the rest
    if value == REPLACEMENT:
        return True  # "ï¿½": a replacement character, itself garbled
    return plausible_char(value) or unicodedata.category(value) == "Mn"


def pair_evidence(text: str, match: Match) -> float:
    """Two-character sequences that are mojibake far more often than text.

    "namedÂ\xa0", "Â£5", "¬∞C": a Latin-1 symbol (its UTF-8 lead byte shows as Â, В, ¬ or ┬)
    glued to a word; "CÃ\xa0nan" ("Ã\xa0" is "à"). Not between two all-caps words, where the
    lead letter and the NBSP are more likely what they seem ("MISUTÂ\xa0AJIKKO").
    """
    if match.nbytes == 3 and text[match.start + 1] == "\xa0":
        before = text[match.start - 1] if match.start > 0 else " "
        return -2.0 if before.isspace() else 0.0  # "á\xa0•": a one-letter word, a space
    if match.nbytes != 2:
        return 0.0
    if match.lossy:
        inside = match.start > 0 and match.end < len(text)
        if inside and text[match.start - 1].isalpha() and text[match.end].isalpha():
            return 1.0  # "WÄ�rihi": a lost character inside a word
        return 0.0
    before = text[match.start - 1] if match.start > 0 else ""
    after = text[match.end] if match.end < len(text) else ""
    lead = char_info(text[match.start])
    if before and after and char_info(before)[2] == "u" and char_info(after)[2] == "u":
        return -1.5
    second = text[match.end - 1]
    if (
        text[match.start] == "Ã"
        and not match.altered
        and second not in WORD_PUNCT
        and second != "\xa0"
        and (unicodedata.category(second)[0] == "S" or (after and is_alnum(char_info(after))))
    ):
        return 1.0  # the commonest lead of all: à-ÿ and À-ß in windows-1252
    word_start = not before or before.isspace()
    if second == "\xa0":
        if after.isspace():
            return 1.5  # "Ã\xa0 l'office": a no-break space before a space
        if word_start:
            return -1.0  # "В\xa0Москве": a one-letter word and a no-break space
        two_before = text[match.start - 2] if match.start > 1 else ""
        if (
            after
            and char_info(after)[2] == "l"
            and lead[2] == "u"
            and lead[1] == "LATIN"
            and char_info(two_before or " ")[2] != "u"
        ):
            return 1.5  # "CÃ\xa0nan": inside a capitalised word, not after capitals
    both_letters = lead[0] == "L" and char_info(text[match.end - 1])[0] == "L"
    if (
        "\xa0" <= match.text <= "\xbf"
        and not both_letters
        and not match.altered
        and ((before and is_alnum(char_info(before))) or (after and is_alnum(char_info(after))))
    ):
        return 2.0
    return 0.0


def foreign_letters(repaired: str, line_scripts: Callable[[], dict[str, int]]) -> bool:
    """Does the repair put a lone letter of a script found nowhere else (``line_scripts``:
    the letters of the repaired line, by script, counted on first use) into the line?"""
    for c in repaired:
        kind, script, case = char_info(c)
        if kind == "L" and script not in ("LATIN", "COMMON"):
            if script == "GREEK" and case == "l":
                continue  # μ, γ, α: Greek letters as symbols in Latin text
            counts = line_scripts()
            if counts.get(script, 0) <= 1 and (sum(counts.values()) >= 4 or c not in RANK):
                return True
    return False
