"""The mojibake engine against data: hard cases both ways, ftfy's labelled cases, a corpus sample."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.mojibake import MojibakeSpan, apply_spans, describe_codec, find_mojibake, fix_text
from tests.conftest import FIXTURES

DATA = FIXTURES / "mojibake"
FTFY = FIXTURES / "ftfy-test-cases"
FTFY_FILES = ("in-the-wild", "synthetic", "language-names", "negative", "known-failures")
# Mojibake that ftfy deliberately leaves alone (its README): flagged is right, no repair expected.
FTFY_AMBIGUOUS = {"An absolutely hopeless garble", "HTML entity on top of UTF-8 / Latin-1"}


def load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


MUST_FLAG = load("must-flag.json")
MUST_NOT_FLAG = load("must-not-flag.json")


@pytest.mark.parametrize("case", MUST_FLAG, ids=[c["note"][:40] for c in MUST_FLAG])
def test_must_flag(case: dict[str, Any]) -> None:
    """``repair`` is the likeliest reading; a ``guess`` (a lost byte) is reported, not made."""
    spans = find_mojibake(case["text"])
    assert spans
    assert apply_spans(case["text"], spans, guesses=True) == case["repair"]
    assert any(s.doubt for s in spans) == case.get("guess", False)
    if not case.get("guess"):
        assert fix_text(case["text"]) == case["repair"]
    else:
        assert fix_text(case["text"]) == apply_spans(case["text"], [s for s in spans if s.safe])


@pytest.mark.parametrize("case", MUST_NOT_FLAG, ids=[c["note"][:40] for c in MUST_NOT_FLAG])
def test_must_not_flag(case: dict[str, str]) -> None:
    assert find_mojibake(case["text"]) == []
    assert fix_text(case["text"]) == case["text"]


def test_real_post_line() -> None:
    line = "Hereâ€™s what you need to know: South Korea's President"
    assert find_mojibake(line) == [MojibakeSpan(4, 7, "’", "windows-1252")]


def test_spans_of_one_word_are_one_span() -> None:
    text = "rÃ©gime Ã©quilibrÃ© et lÃ©ger"
    spans = find_mojibake(text)
    assert [(s.start, s.end, s.replacement) for s in spans] == [
        (1, 3, "é"),
        (8, 19, "équilibré"),
        (24, 26, "é"),
    ]
    assert fix_text(text) == "régime équilibré et léger"


def test_layers_are_named_in_the_order_they_happened() -> None:
    (span,) = find_mojibake("doesnÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢t")
    assert span.replacement == "’"
    assert describe_codec(span.codec) == "UTF-8 read as Windows-1252, three times"
    (span,) = find_mojibake("a Г‚ВЈ5.8bn issue")
    assert describe_codec(span.codec) == "UTF-8 read as Windows-1252, then as Windows-1251"
    (span,) = find_mojibake("parlé\x85 Tu")
    assert describe_codec(span.codec) == "Windows-1252 read as Latin-1"


def test_ascii_and_curly_quotes_take_the_fast_path() -> None:
    assert find_mojibake("“It’s fine” — really… 100% – ok") == []
    assert find_mojibake("") == []


def reading(text: str) -> str:
    """The likeliest reading of ``text``: every repair made, guesses included."""
    return apply_spans(text, find_mojibake(text), guesses=True)


def wrong_fix(text: str, expected: str) -> bool:
    """Does a certain repair write a character that ``expected`` does not have there?

    What the repairs leave as it was (a guess, an incomplete repair) does not count.
    """
    import difflib

    fixed = fix_text(text)

    def touched(a: str, b: str) -> set[int]:
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        out: set[int] = set()
        for tag, _, _, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                out.update(range(j1, max(j2, j1 + 1)))
        return out

    return fixed not in (text, expected) and bool(touched(text, fixed) & touched(expected, fixed))


def ftfy_cases() -> list[tuple[str, str, str | None]]:
    out = []
    for name in FTFY_FILES:
        for case in json.loads((FTFY / f"{name}.json").read_text(encoding="utf-8")):
            expected = case.get("fixed-encoding", case["fixed"])
            ambiguous = case["label"] in FTFY_AMBIGUOUS or "DrÃ¥ber" in case["original"]
            out.append((case["label"], case["original"], None if ambiguous else expected))
    return out


def test_ftfy_cases_figures() -> None:
    cases = ftfy_cases()
    mojibake = [c for c in cases if c[2] is None or c[2] != c[1]]
    clean = [c for c in cases if c[2] is not None and c[2] == c[1]]
    assert (len(cases), len(mojibake), len(clean)) == (161, 115, 46)
    caught = [c for c in mojibake if find_mojibake(c[1])]
    assert len(caught) / len(mojibake) >= 0.97
    assert sum(1 for c in clean if find_mojibake(c[1])) <= 1
    repairable = [c for c in caught if c[2] is not None]
    repaired = [c for c in repairable if reading(c[1]) == c[2]]
    assert len(repaired) / len(repairable) >= 0.95
    wrong = [c[0] for c in repairable if wrong_fix(c[1], c[2])]
    assert len(wrong) <= 2, wrong  # 3 when every repair was made


def test_ftfy_negative_cases_stay_unchanged() -> None:
    for case in json.loads((FTFY / "negative.json").read_text(encoding="utf-8")):
        expected = case.get("fixed-encoding", case["fixed"])
        if expected == case["original"] and "DrÃ¥ber" not in expected:  # mojibake, per README
            assert fix_text(case["original"]) == case["original"], case["label"]


def test_corpus_sample_figures() -> None:
    sample = load("corpus-sample.json")
    assert [t for t in sample["clean"] if find_mojibake(t)] == []
    mojibake = sample["mojibake"]
    caught = sum(1 for s in mojibake if find_mojibake(s["text"]))
    exact = sum(1 for s in mojibake if reading(s["text"]) == s["expected"])
    assert caught / len(mojibake) >= 0.97
    assert exact / len(mojibake) >= 0.95
    assert sum(1 for s in mojibake if wrong_fix(s["text"], s["expected"])) <= 2  # 3 before


def test_candidate_offsets_find_a_place_wherever_the_exact_scan_does() -> None:
    """`candidate_offsets` is a quicker, looser scan: wherever the engine's own scan finds a
    place to look, it must find one too (checked on pairs of every class, and on the cases)."""
    import itertools

    from bot.mojibake.quick_scan import SUSPECT, candidate_offsets
    from bot.mojibake.tables import classes

    l2, l34, c = classes()
    samples = set(l2[::3] + l34[::3] + c[::3] + "\ufffd\x81\x9d ?aЖ")
    for a, b in itertools.product(samples, repeat=2):
        text = f"x{a}{b}y"
        if SUSPECT.search(text):
            assert candidate_offsets(text), repr(text)
    for case in MUST_FLAG:
        text = case["text"]
        if SUSPECT.search(text):
            assert candidate_offsets(text), repr(text)
