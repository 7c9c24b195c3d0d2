"""The mojibake engine against data: hard cases both ways, ftfy's labelled cases, a corpus sample."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import pytest

from bot.mojibake import MojibakeSpan, apply_spans, describe_codec, find_mojibake, fix_text
from tests.conftest import FIXTURES

DATA = FIXTURES / "mojibake"
FTFY_DIR = FIXTURES / "ftfy-test-cases"
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


def ftfy_cases() -> list[tuple[str, str, str, str | None]]:
    """(where: file and index, label, text, expected repair or None for an ambiguous case);
    expected == text for clean text."""
    out = []
    for name in FTFY_FILES:
        cases = json.loads((FTFY_DIR / f"{name}.json").read_text(encoding="utf-8"))
        for i, case in enumerate(cases):
            expected = case.get("fixed-encoding", case["fixed"])
            ambiguous = case["label"] in FTFY_AMBIGUOUS or "DrÃ¥ber" in case["original"]
            where = f"{name}[{i}]"
            out.append((where, case["label"], case["original"], None if ambiguous else expected))
    return out


FTFY = ftfy_cases()

# ftfy's cases the engine reads otherwise than ftfy expects, each with why.
FTFY_MISREAD = {
    "For goodness' sake. We can come close to fixing this, but fail in the last step": (
        'two layers, each with lost bytes shown as "?": "Â¢â" is read as "墉" where ftfy '
        "recovers only U+FFFD"
    ),
    "HTML entity on top of UTF-8 / Latin-1": (
        '"&frac14;" stands for the second byte of "Î¼" (μ): the engine does not read HTML '
        "entities, so the text is not flagged"
    ),
    "Lithuanian UTF-8 / Windows-1257 mojibake": (
        'Windows-1257 is not among the codecs undone: "Å " is repaired, "ÄÆ" (į) is left'
    ),
    "Synthetic: lossy decoding in sloppy-windows-1252": (
        'the final "â€\ufffd" is read as a closing quote ” whose last byte was lost (a guess, '
        "not repaired); ftfy keeps U+FFFD"
    ),
    "Misleading mix-up in Spanish": (
        "the C1 controls are Windows-1252 curly quotes, and the engine restores them; ftfy's "
        "expected text also straightens quotes"
    ),
}
# ... and those where a certain repair writes a character ftfy's text does not have there.
FTFY_WRONG_FIX = {
    label: FTFY_MISREAD[label]
    for label in (
        "For goodness' sake. We can come close to fixing this, but fail in the last step",
        "Misleading mix-up in Spanish",
    )
}


def ftfy_params(known: dict[str, str], cases: list[tuple[str, str, str, str | None]]) -> list[Any]:
    """One test case each, a known failure (``known``: label -> why) as a strict xfail."""
    params = []
    for where, label, text, expected in cases:
        marks = [pytest.mark.xfail(strict=True, reason=known[label])] if label in known else []
        params.append(pytest.param(text, expected, id=f"{where} {label}", marks=marks))
    return params


def test_ftfy_case_counts() -> None:
    mojibake = [c for c in FTFY if c[3] is None or c[3] != c[2]]
    assert (len(FTFY), len(mojibake)) == (161, 115)
    assert set(FTFY_MISREAD) <= {c[1] for c in FTFY}  # each known failure is a case


@pytest.mark.parametrize(("text", "expected"), ftfy_params(FTFY_MISREAD, FTFY))
def test_ftfy_case(text: str, expected: str | None) -> None:
    """Clean text is not flagged; mojibake is, and reads as ftfy repairs it (every repair made,
    guesses included); a case ftfy leaves ambiguous only has to be flagged."""
    if expected is None:
        assert find_mojibake(text)
    elif expected == text:
        assert find_mojibake(text) == []
    else:
        assert reading(text) == expected


REPAIRABLE = [c for c in FTFY if c[3] is not None and c[3] != c[2]]


@pytest.mark.parametrize(("text", "expected"), ftfy_params(FTFY_WRONG_FIX, REPAIRABLE))
def test_ftfy_case_has_no_wrong_certain_repair(text: str, expected: str) -> None:
    assert not wrong_fix(text, expected)


def test_ftfy_negative_cases_stay_unchanged() -> None:
    for case in json.loads((FTFY_DIR / "negative.json").read_text(encoding="utf-8")):
        expected = case.get("fixed-encoding", case["fixed"])
        if expected == case["original"] and "DrÃ¥ber" not in expected:  # mojibake, per README
            assert fix_text(case["original"]) == case["original"], case["label"]


SAMPLE = load("corpus-sample.json")

CHAKMA_TWICE = (
    "ďŁżĂŤĂ\x91ĂĄďŁżĂŤĂ\x91ÂŽďŁżĂŤĂ\x91Â˘ďŁżĂŤĂ\x91ÂŽďŁżĂŤĂ\x91ĂšďŁżĂŤĂ\x91ĂąďŁżĂŤĂ\x91ÂŽ"
)
NBSP_TWICE = "Ä¹Â\xa0iili"
# Samples of the generated corpus the engine reads otherwise than expected, each with why.
SAMPLE_MISREAD = {
    "dzsibuti frank 1ШЊ500ШЊ000ШЊ000": (
        'Arabic thousands separators "،" read as Windows-1251 ("ШЊ"): Cyrillic letters '
        "between digits, not flagged"
    ),
    "Ð½Ñ\ufffdÐ³Ñ\ufffdÐ´Ò¯Ð³Ñ\ufffdÑ\ufffdÑ€ Ò»Ð°Ñ€Ð°": (
        '"Ð³Ñ\ufffdÑ\ufffd" (г and two lost letters) is read as one lost letter'
    ),
    CHAKMA_TWICE: (
        "Chakma (four bytes a letter) read as Mac OS Roman, then as ISO-8859-2: only the "
        "second layer is undone, and wrongly"
    ),
    "Michael Sanders ‚ÄéUAH 99.99": (
        "the expected no-break space after UAH is a plain space in the text: nothing shows it"
    ),
    NBSP_TWICE: (
        'two layers, the inner one with a no-break space: only the outer is undone ("Ĺ\xa0")'
    ),
    "yekÄšÂ\x9fem": 'ISO-8859-2 twice: read as a combining mark ("̟") instead of "ş"',
    "Rosalva Portero-Cueto Rujulaʼj ik\xa0º": (
        'the modifier letter apostrophe "ʼ" in Mac OS Roman is a no-break space and "º": '
        "ordinary text, not flagged"
    ),
}
if unicodedata.category("\U00011bc0") == "Cn":  # Sunuwar came with Unicode 16 (Python 3.14)
    SAMPLE_MISREAD["≡æ»ç≡æ»û≡æ»ä≡æ»î"] = (
        "Sunuwar letters, unassigned in this Python's Unicode database: no repair reads as text"
    )
SAMPLE_WRONG_FIX = {text: SAMPLE_MISREAD[text] for text in (CHAKMA_TWICE, NBSP_TWICE)}


def sample_params(known: dict[str, str]) -> list[Any]:
    """One test case per mojibake sample, a known failure (``known``: text -> why) as a
    strict xfail."""
    params = []
    for i, sample in enumerate(SAMPLE["mojibake"]):
        text, kind = sample["text"], sample["kind"]
        marks = [pytest.mark.xfail(strict=True, reason=known[text])] if text in known else []
        params.append(pytest.param(text, sample["expected"], id=f"{i}-{kind}", marks=marks))
    return params


def test_corpus_sample_clean_text_is_not_flagged() -> None:
    assert [t for t in SAMPLE["clean"] if find_mojibake(t)] == []


def test_each_known_sample_failure_is_a_sample() -> None:
    assert set(SAMPLE_MISREAD) <= {s["text"] for s in SAMPLE["mojibake"]}


@pytest.mark.parametrize(("text", "expected"), sample_params(SAMPLE_MISREAD))
def test_corpus_sample(text: str, expected: str) -> None:
    assert reading(text) == expected


@pytest.mark.parametrize(("text", "expected"), sample_params(SAMPLE_WRONG_FIX))
def test_corpus_sample_has_no_wrong_certain_repair(text: str, expected: str) -> None:
    assert not wrong_fix(text, expected)


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
