"""How unlike ordinary text a word looks: what a repair must reduce."""

from __future__ import annotations

import unicodedata

from bot.mojibake.scripts import char_info, plausible_char

WORD_PUNCT = set("’'-‐‑·.")

SPACES = set(" \t\xa0\u202f\u2009\u2007\u3000")
_C1_OR_C0 = frozenset(chr(c) for c in [*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)])


def _compatible(a: str, b: str) -> bool:
    return a == b or "COMMON" in (a, b) or "INHERITED" in (a, b)


def _greek_symbol(a: tuple[str, str, str], b: tuple[str, str, str]) -> bool:
    """A lowercase Greek letter next to a Latin one: "IL2Rγc", "μm"."""
    if {a[1], b[1]} != {"GREEK", "LATIN"}:
        return False
    return (a if a[1] == "GREEK" else b)[2] == "l"


def is_alnum(info: tuple[str, str, str]) -> bool:
    return info[0] in ("L", "M") or info[1] == "DIGIT"


_COMMON_SYMBOLS = set("°%‰©®™€$£¥₽¢+=<>~^|#*&@/\\§№،٫٬")
_NO_INFO = ("Z", "", "")
# Marks that sit on digits and symbols too: overlays (strike-through), keycaps, variation selectors.
_OVERLAYS = set("\u0334\u0335\u0336\u0337\u0338\u20e3\ufe0e\ufe0f")


def _mojibake_symbol(c: str) -> bool:
    """Symbols that single-byte codecs have and text seldom puts next to a word."""
    if c in _COMMON_SYMBOLS:
        return False
    if ord(c) < 0x2100:
        return unicodedata.category(c)[0] == "S" or c in "†‡‰‹›‚„"
    return c in "∞√∆≈≠≤≥∂∑∏π∫Ω◊⌐"


def _odd_run(run: str, left: tuple[str, str, str], right: tuple[str, str, str]) -> float:
    """The cost of a run of symbols and punctuation inside a token, between ``left``/``right``."""
    if run.isascii() or all(c in WORD_PUNCT for c in run):
        return 0.0
    glued_left, glued_right = is_alnum(left), is_alnum(right)
    if glued_left and glued_right:
        if len(run) == 1 and run in _COMMON_SYMBOLS and "DIGIT" in (left[1], right[1]):
            return 0.0
        return 2.0
    if not (glued_left or glued_right):
        return 0.0
    cost = 0.0
    for c in run:
        if "\u2500" <= c <= "\u259f":  # box drawing next to a word
            cost = 1.5
        elif len(run) >= 2 and _mojibake_symbol(c):
            cost = max(cost, 1.5)
    return cost


def oddness(token: str) -> float:
    """How unlike ordinary text a whitespace-free run of characters looks.

    Counts what mojibake produces and real words rarely do: control characters, letters no
    orthography uses, letters of two scripts touching, a lowercase letter followed by a capital,
    combining marks on nothing, and symbols wedged into words.
    """
    total = 0.0
    infos = [_NO_INFO if c in SPACES else char_info(c) for c in token]
    run_start = -1
    base = _NO_INFO  # the character the marks since it sit on ("f" of "f\u0329")
    for i, char in enumerate(token):
        info = infos[i]
        kind = info[0]
        prev = infos[i - 1] if i else _NO_INFO
        if prev[0] != "M":
            base = prev
        if kind == "Z":
            pass
        elif char in _C1_OR_C0:
            total += 5.0
        elif kind == "L" and not plausible_char(char):
            total += 2.0
        # letters of two scripts touch across the marks on the first ("f\u0329喝")
        if (
            kind == "L"
            and prev[0] == "M"
            and base[0] == "L"
            and not _compatible(info[1], base[1])
            and not _greek_symbol(info, base)
        ):
            total += 3.0
        if kind == "L" and prev[0] == "L":
            if not _compatible(info[1], prev[1]) and not _greek_symbol(info, prev):
                total += 3.0
            elif prev[2] == "l" and info[2] == "u":
                total += 1.0 if char.isascii() else 2.0
            elif (
                prev[2] == "u"
                and info[2] == "u"
                and not char.isascii()
                and i + 1 < len(token)
                and infos[i + 1][2] == "l"
            ):
                total += 1.5  # "MĂĄrch": a capital inside a lowercase word
        elif kind == "M" and prev[0] not in ("L", "M") and char not in _OVERLAYS:
            total += 2.0
        elif kind == "M" and prev[0] == "L" and "\u0334" <= char <= "\u0338":
            total += 2.0  # a strike-through overlay is for digits and symbols, not letters
        if (
            kind == "L"
            and info[1] not in ("LATIN", "COMMON")
            and prev[1] == "DIGIT"
            and i + 1 < len(token)
            and infos[i + 1][1] == "DIGIT"
        ):
            total += 2.0  # "5ף35"
        if kind == "Z" or is_alnum(info):
            if run_start >= 0:
                left = infos[run_start - 1] if run_start else _NO_INFO
                total += _odd_run(token[run_start:i], left, info)
                run_start = -1
        elif run_start < 0:
            run_start = i
    if run_start >= 0:
        left = infos[run_start - 1] if run_start else _NO_INFO
        total += _odd_run(token[run_start:], left, _NO_INFO)
    return total
