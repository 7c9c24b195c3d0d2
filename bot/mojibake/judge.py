"""Whether a codec's repairs read as real text, and which codec explains a line best.

Sequences of one word are judged together: the oddness a repair removes, plus the evidence of
its sequences, against a threshold. Where a second codec reads a word about as well, the repair
is only a guess.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise

from bot.mojibake.codecs import PRIOR, REPLACEMENT, describe_codec
from bot.mojibake.evidence import base, decodable, foreign_letters, pair_evidence
from bot.mojibake.lost_bytes import lossy_guess, lost_doubt
from bot.mojibake.oddness import SPACES, oddness
from bot.mojibake.quick_scan import C1, SUSPECT
from bot.mojibake.scripts import (
    RANK,
    char_info,
    commonness,
    letters_by_script,
    short_letters_by_script,
)
from bot.mojibake.sequences import SHORT_LINE, Match, scan, suspect_regions
from bot.mojibake.tables import BUILT

THRESHOLD = 2.0
"""Score a word's repair needs on its own (oddness removed plus structural evidence)."""


_LONGEST_WORD = 96
"""Sequences of one word are judged together up to this many characters, with at most
`_CONTEXT` characters of the word either side: beyond, a "word" (a hostile line without
spaces) is judged in pieces, so that the cost stays linear in the length of the line."""
_CONTEXT = 32


def _token_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    a = start
    low = max(start - _CONTEXT, 0)
    while a > low and text[a - 1] not in SPACES and not text[a - 1].isspace():
        a -= 1
    b = end
    high = min(end + _CONTEXT, len(text))
    while b < high and text[b] not in SPACES and not text[b].isspace():
        b += 1
    return a, b


def _apply(text: str, a: int, b: int, matches: list[Match]) -> str:
    out: list[str] = []
    pos = a
    for m in matches:
        out.append(text[pos : m.start])
        out.append(m.text)
        pos = m.end
    out.append(text[pos:b])
    return "".join(out)


def _fix_token(token: str, depth: int) -> str:
    """``token`` with its next layer repaired (tokens are short: see `_LONGEST_WORD`)."""
    if len(token) > 4 * _LONGEST_WORD:
        return _fix_token_uncached(token, depth)
    return _fix_short_token(token, depth)


def _fix_token_uncached(token: str, depth: int) -> str:
    matches = layer(token, depth)
    if not matches:
        return token
    return _apply(token, 0, len(token), matches)


_fix_short_token = lru_cache(maxsize=2048)(_fix_token_uncached)


def _cluster_score(
    text: str,
    cluster: list[Match],
    codec: str,
    depth: int,
    rejected: list[int],
    line_scripts: Callable[[], dict[str, int]],
) -> tuple[float, float]:
    """(score, oddness removed) of repairing ``cluster``, the sequences of one token.

    ``rejected``: where the sequences that decode to no plausible character start (sorted);
    ``line_scripts``: the letters of the line as this codec repairs it, by script (counted on
    first use: most lines never need them).
    """
    a, b = _token_bounds(text, cluster[0].start, cluster[-1].end)
    before = oddness(text[a:b])
    repaired = _apply(text, a, b, cluster)
    if depth < 3 and SUSPECT.search(repaired):
        # A second layer: judge what the token becomes in the end.
        repaired = _fix_token(repaired, depth + 1)
    after = oddness(repaired)
    delta = before - after
    evidence = sum(base(m) for m in cluster)
    evidence += 0.5 * sum(1 for x, y in pairwise(cluster) if x.end == y.start)
    evidence += sum(pair_evidence(text, m) for m in cluster)
    if foreign_letters(repaired, line_scripts):
        evidence -= 2.0
    evidence -= 1.5 * (bisect_left(rejected, b) - bisect_left(rejected, a))
    for m in cluster:
        lead = char_info(text[m.start])
        # "attention Г bien": a one-letter word in a script the repaired line lacks.
        if m.altered and lead[0] == "L" and lead[1] != "LATIN" and lead[1] not in line_scripts():
            evidence += 1.5
    if any(m.lossy for m in cluster) and not all(m.lossy for m in cluster):
        evidence += 1.0
    return delta + evidence + PRIOR.get(codec, 0), delta


def _whole_word(text: str, cluster: list[Match]) -> bool:
    """Is ``cluster`` a whole word, not a piece of an overlong one (`_LONGEST_WORD`)?"""
    a, b = _token_bounds(text, cluster[0].start, cluster[-1].end)
    before = text[a - 1] if a else " "
    after = text[b] if b < len(text) else " "
    return (before in SPACES or before.isspace()) and (after in SPACES or after.isspace())


def _same_token(text: str, cluster: list[Match], m: Match) -> bool:
    """Does ``m`` belong with ``cluster``: no space between, and the whole no longer than a
    word can be (`_LONGEST_WORD`)?"""
    if m.end - cluster[0].start > _LONGEST_WORD:
        return False
    return not any(ch in SPACES or ch.isspace() for ch in text[cluster[-1].end : m.start])


def _judge_all(
    text: str, matches: list[Match], codec: str, depth: int = 0, proven: bool = False
) -> list[Match]:
    """The matches of one codec worth repairing.

    Sequences of one word are judged together; a word that is weak evidence on its own is
    repaired when another word of the line (or an earlier layer: ``proven``) is strong.
    """
    usable = [m for m in matches if decodable(m)]
    rejected = [m.start for m in matches if not decodable(m)]
    counted: list[dict[str, int]] = []

    def line_scripts() -> dict[str, int]:
        """The letters of the line as this codec repairs it, by script: counted on first use."""
        if not counted:
            line = _apply(text, 0, len(text), usable)
            counted.append(
                letters_by_script(line) if len(line) > SHORT_LINE else short_letters_by_script(line)
            )
        return counted[0]

    for i, m in enumerate(usable):
        if m.lossy:
            before = usable[i - 1] if i else None
            after = usable[i + 1] if i + 1 < len(usable) else None
            m.text = lossy_guess(m, text, codec, before, after)
            m.doubt = lost_doubt(text[m.start : m.end], m.text, text[m.end : m.end + 1])
    clusters: list[list[Match]] = []
    for m in usable:
        if clusters and _same_token(text, clusters[-1], m):
            clusters[-1].append(m)
        else:
            clusters.append([m])
    accepted: list[Match] = []
    weak: list[list[Match]] = []
    strong = False
    for cluster in clusters:
        score, delta = _cluster_score(text, cluster, codec, depth, rejected, line_scripts)
        if (
            (score < THRESHOLD or delta < 0)
            and 1 < len(cluster) <= 12
            and depth == 0
            and _whole_word(text, cluster)
        ):
            # Keep only the sequences that make the token better on their own.
            kept = [
                m
                for m in cluster
                if _cluster_score(text, [m], codec, depth, rejected, line_scripts)[1] >= 0
            ]
            if kept and len(kept) < len(cluster):
                cluster = kept
                score, delta = _cluster_score(text, cluster, codec, depth, rejected, line_scripts)
        if delta < 0:
            continue
        for m in cluster:
            m.score = score / len(cluster)
        if score >= THRESHOLD:
            accepted.extend(cluster)
            strong = True
        elif score >= 0.5:
            weak.append(cluster)
    if strong or proven:
        for cluster in weak:
            accepted.extend(cluster)
    accepted.sort(key=lambda m: m.start)
    return accepted


def layer(
    text: str, depth: int = 0, changed: list[bool] | None = None, proven: bool = False
) -> list[Match] | None:
    """The accepted repairs of one layer, from the codec that explains the text best.

    Where a codec that explains the text almost as well reads a word differently, the repair
    of that word is a guess (`_rival_readings`).
    """
    results: list[tuple[float, int, list[Match]]] = []
    regions = suspect_regions(text) if len(text) > 64 else None
    if regions == []:
        return None
    for rank, codec in enumerate(BUILT):
        matches = scan(text, codec, regions)
        if depth or changed:
            # A lost byte is lost once: U+FFFD next to repaired characters is no new evidence.
            matches = [
                m
                for m in matches
                if not m.lossy
                or m.end - m.start >= 3
                or (changed is not None and not any(changed[m.start : m.end]))
            ]
        if not matches:
            continue
        accepted = _judge_all(text, matches, codec.name, depth, proven)
        if not accepted:
            continue
        total = sum(m.score for m in accepted)
        total += 0.25 * sum(commonness(m.text) for m in accepted)
        for m in accepted:
            m.codec = codec.name
        results.append((total, -rank, accepted))
    if not results:
        return None
    results.sort(key=lambda r: (r[0], r[1]), reverse=True)
    best = results[0]
    if depth == 0:
        for total, _, accepted in results[1:]:
            if total >= _RIVAL * best[0]:
                _rival_readings(text, best[2], accepted)
    return best[2]


_RIVAL = 0.9
"""A codec whose score is this close to the best one's explains the text about as well."""


def _rival_readings(text: str, best: list[Match], rival: list[Match]) -> None:
    """Mark the words that ``rival`` reads differently from ``best``, and as plausibly, as
    guesses: "rĹŤpija" is "rōpija" in windows-1250 and "rūpija" in ISO-8859-2.

    The rival must read every word ``best`` repairs: a codec that explains only some of them
    explains the line worse ("MĂĄm dost tĹ\x99etĂ\xadho" is ISO-8859-2 throughout).
    """
    starts = [m.start for m in rival]
    words: list[tuple[int, int, list[Match], list[Match]]] = []
    i = 0
    while i < len(best):
        a, b = _token_bounds(text, best[i].start, best[i].end)
        j = i
        while j < len(best) and best[j].start < b:
            j += 1
        theirs = rival[bisect_left(starts, a) : bisect_left(starts, b)]
        if not theirs:
            return
        words.append((a, b, best[i:j], theirs))
        i = j
    one_layer = [
        (_apply(text, a, b, word), _apply(text, a, b, theirs)) for a, b, word, theirs in words
    ]
    if any(_leftovers(other) > _leftovers(mine) for mine, other in one_layer):
        return  # the rival leaves more mojibake behind: it does not read the whole line
    readings = [(_final_reading(mine), _final_reading(other)) for mine, other in one_layer]
    for (a, b, word, theirs), (mine, other) in zip(words, readings, strict=True):
        if any(m.doubt for m in word) or mine == other or not _plausible_reading(other, mine):
            continue
        doubt = (
            f'"{text[a:b]}": probably "{mine}" ({describe_codec(word[0].codec)}), '
            f'or "{other}" ({describe_codec(theirs[0].codec)})'
        )
        for m in word:
            m.doubt = doubt


def _plausible_reading(other: str, mine: str) -> bool:
    """Does ``other`` read as well as ``mine``: nothing left to repair, no odder, and any letter
    or mark it has that ``mine`` lacks a common one ("franc̩s" is not "francés")?"""
    if SUSPECT.search(other) or C1.search(other) or REPLACEMENT in other:
        return False
    if oddness(other) > oddness(mine):
        return False
    extra = set(other) - set(mine)
    return all(c.isascii() or c in RANK or unicodedata.category(c)[0] not in "LM" for c in extra)


def _leftovers(token: str) -> int:
    """How much mojibake a one-layer reading still holds."""
    return len(SUSPECT.findall(token)) + len(C1.findall(token)) + token.count(REPLACEMENT)


def _final_reading(token: str) -> str:
    return _fix_token(token, 1) if SUSPECT.search(token) else token
