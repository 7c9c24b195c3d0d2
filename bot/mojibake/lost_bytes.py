"""Sequences that lost a byte on the way: what they most likely were, and why that is only
a guess."""

from __future__ import annotations

from bot.mojibake.codecs import REPLACEMENT
from bot.mojibake.scripts import char_info
from bot.mojibake.sequences import Match
from bot.mojibake.tables import BY_NAME


def lost_doubt(raw: str, guess: str, after: str) -> str:
    """What a sequence with a lost byte probably was (``after``: the character that follows)."""
    if raw.endswith((REPLACEMENT, "?")):
        shown = f'"{raw}"'
    elif not after:
        shown = f'"{raw}" at the end of the line'
    elif after.isspace():
        shown = f'"{raw}" followed by a space'
    else:
        shown = f'"{raw}"'
    what = {
        "\u201d": "a closing quote ”",
        "\u2018": "an opening quote ‘",
        "\u200d": "a zero-width joiner (U+200D)",
    }.get(guess)
    if what is None:
        return f"{shown}: a byte was lost, and with it the character"
    return f"{shown}: probably {what} whose last byte was lost"


def _pictographic(char: str) -> bool:
    code = ord(char) if char else 0
    return code >= 0x1F000 or 0x2600 <= code <= 0x27BF


def lossy_guess(
    match: Match, text: str, codec: str, before: Match | None, after: Match | None
) -> str:
    """What a lost sequence most likely was (always a guess: the repair is left to a human),
    or U+FFFD when there is no guess (the rule says so rather than offer it).

    Only ``â€�`` (E2 80 and a byte the codec leaves undefined; "â€" when the byte was dropped)
    has a likely reading ("â€?" has none: the question mark may be the text's own). In
    windows-1252, of the characters it can be (U+2001, U+200D, U+200F, U+2010, U+201D), the
    right double quotation mark, or the zero-width joiner between two emoji; in windows-1251
    and windows-1250 the left single quotation mark. Inside a run of sequences (a second layer
    of mojibake) nothing is guessed.
    """
    raw = text[match.start : match.end]
    spec = BY_NAME[codec]
    if not spec.lost_quote or raw[:2] != spec.truncated or raw[2:] not in ("", REPLACEMENT):
        return REPLACEMENT
    joined_before = before is not None and before.end == match.start
    joined_after = after is not None and after.start == match.end
    left = (
        before.text[-1:]
        if before is not None and joined_before
        else text[match.start - 1 : match.start]
    )
    right = (
        after.text[:1] if after is not None and joined_after else text[match.end : match.end + 1]
    )
    if spec.lost_quote == "\u201d" and _pictographic(left) and _pictographic(right):
        return "\u200d"
    if joined_after:
        if spec.lost_quote != "\u201d":
            return REPLACEMENT
        if left and right and char_info(left)[1] == char_info(right)[1] not in ("LATIN", "COMMON"):
            return "\u200d"  # inside a word of a script that joins: Sinhala "්‍ය"
        return REPLACEMENT
    if joined_before and not _pictographic(left):
        return REPLACEMENT
    if spec.lost_quote != "\u201d":
        return spec.lost_quote
    if match.start == 0 or text[match.start - 1].isspace():
        return REPLACEMENT  # a closing quotation mark follows something
    return "\u201d"
