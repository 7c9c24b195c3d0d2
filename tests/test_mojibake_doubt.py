"""Repairs that are only a guess are reported, never applied by machine.

A byte lost on the way (undefined in the legacy codec, or a no-break space that became a plain
space) leaves more than one reading; so do two codecs that read the same run differently. Such
a span carries a ``doubt``: `pressbot check` still reports it (error), says what the text
probably was, and offers no fix, so `pressbot fix` leaves it and the PR bot suggests nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.linter import check_posts
from bot.mojibake import apply_spans, find_mojibake, fix_text
from bot.problem import Finding
from bot.site import load_site

ATTACK = "He said â€œhelloâ€ and left."
POST = "_posts/2026-01-01-quote.md"


def mojibake(root: Path) -> list[Finding]:
    return check_posts(load_site(root), select=["encoding/mojibake"], jobs=1).findings


def test_lost_closing_quote_is_not_repaired_as_a_dagger() -> None:
    assert "†" not in fix_text(ATTACK)
    assert fix_text(ATTACK) == "He said “helloâ€ and left."
    spans = find_mojibake(ATTACK)
    assert [(s.start, s.end, s.safe) for s in spans] == [(8, 11, True), (16, 18, False)]
    assert spans[1].doubt == (
        '"â€" followed by a space: probably a closing quote ” whose last byte was lost'
    )
    assert apply_spans(ATTACK, spans, guesses=True) == "He said “hello” and left."


def test_the_rule_reports_the_guess_without_a_fix(site) -> None:
    root = site({POST: f"---\ntitle: x\n---\n{ATTACK}\n"})
    findings = mojibake(root)
    assert [(f.line, f.column, f.end_column) for f in findings] == [(4, 9, 12), (4, 17, 19)]
    safe, guess = findings
    assert safe.fix is not None and safe.fix.replacement == "“"
    assert guess.fix is None
    assert guess.severity == "error"
    assert "probably a closing quote ” whose last byte was lost" in guess.message
    assert "check the original" in guess.message
    assert "†" not in guess.message


def test_fix_command_leaves_the_guess_alone(site, cli) -> None:
    root = site({POST: f"---\ntitle: x\n---\n{ATTACK}\n"})
    run = cli("fix", root)
    assert run.code == 0, run
    assert (root / POST).read_text("utf-8") == "---\ntitle: x\n---\nHe said “helloâ€ and left.\n"
    assert cli("fix", "--check", root).code == 0  # what is left needs a human
    run = cli("check", "--format", "json", "--select", "encoding/mojibake", root)
    (finding,) = json.loads(run.out)["findings"]
    assert "fix" not in finding
    assert "closing quote" in finding["message"]


# (text, the span's original characters, what the doubt must say, the best reading)
LOST = [
    ("He said â€œhelloâ€", "â€", "at the end of the line: probably a closing quote ”", "“hello”"),
    ("â€œlossy decodingâ€\ufffd", "â€\ufffd", "probably a closing quote ”", "“lossy decoding”"),
    ("â€œlossyâ€? ok", "â€?", "a byte was lost", "“lossy\ufffd ok"),
    ("SlovenÄ\ufffdina", "Ä\ufffd", "a byte was lost", "Sloven\ufffdina"),
    ("ðŸ‘¨â€\ufffdðŸ‘© family", "â€\ufffd", "zero-width joiner", "👨\u200d👩 family"),
    ("ðŸ‘¨â€ðŸ‘© family", "â€", "zero-width joiner", "👨\u200d👩 family"),
    ("VocÃª estÃ¡ Ã  vontade", "Ã ", 'probably "à"', "Você está à vontade"),
    ("voilÃ le travail", "Ã ", 'probably "à"', "voilà le travail"),
    ("namedÂ â€žscarsÂ´ stonesâ€ś after", "Â ", "no-break space", "named\xa0„scars´ stones“ after"),
    ("Ð¿Ñ€Ð¸Ð²ÐµÑ‚ Ð Ð¾Ð´Ð¸Ð½Ð°", "Ð ", 'probably "Р"', "привет Родина"),
]


@pytest.mark.parametrize("text,raw,says,reading", LOST, ids=[c[0][:24] for c in LOST])
def test_every_lost_byte_is_a_guess(text: str, raw: str, says: str, reading: str | None) -> None:
    spans = find_mojibake(text)
    doubtful = [s for s in spans if not s.safe]
    assert doubtful, spans
    assert any(
        text[s.start : s.end].endswith(raw) or raw in text[s.start : s.end] for s in doubtful
    )
    assert any(says in s.doubt for s in doubtful), [s.doubt for s in doubtful]
    repaired = fix_text(text)
    for s in doubtful:  # the characters in doubt are left as they were
        assert text[s.start : s.end] in repaired
    if reading is not None:
        assert apply_spans(text, spans, guesses=True).endswith(reading)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("I don\x92t know", "I don’t know"),  # an apostrophe, not mac_roman's "í"
        ("parlé\x85 Tu", "parlé… Tu"),
        ("\x93quoted\x94 here", "“quoted” here"),
    ],
)
def test_c1_punctuation_is_windows_1252(text: str, expected: str) -> None:
    spans = find_mojibake(text)
    assert spans and all(s.safe for s in spans)
    assert fix_text(text) == expected


@pytest.mark.parametrize(
    "text,readings",
    [
        ("K\x9aln is big", ("Kšln", "Köln")),  # windows-1252 or mac_roman: both letters
        ("Caf\x8e ouvert", ("CafŽ", "Café")),
    ],
)
def test_c1_letters_with_two_readings_are_guesses(text: str, readings: tuple[str, str]) -> None:
    spans = find_mojibake(text)
    assert spans and not any(s.safe for s in spans)
    assert fix_text(text) == text
    (span,) = spans
    for reading in readings:
        assert reading[-1] in span.doubt or reading[-2] in span.doubt


@pytest.mark.parametrize("text", [c[0] for c in LOST], ids=[c[0][:24] for c in LOST])
def test_certain_repairs_never_hide_a_guess(text: str) -> None:
    """Once the certain repairs are made, every guess is still found: nothing is lost."""
    repaired = fix_text(text)
    assert fix_text(repaired) == repaired
    guesses = [text[s.start : s.end] for s in find_mojibake(text) if s.doubt]
    still = [repaired[s.start : s.end] for s in find_mojibake(repaired) if s.doubt]
    for raw in guesses:
        assert any(raw.strip() in other or other.strip() in raw for other in still), (raw, still)


# (text, the word in doubt, the two readings): ISO-8859-2 and windows-1250 share most letters
# but not their bytes, and each reads these words as real text.
RIVALS = [
    ("PakistÄ\x81nas rĹŤpija", "rĹŤpija", ("rōpija", "rūpija")),
    ("norueguĂŞs bokmĂĽl", "bokmĂĽl", ("bokmül", "bokmål")),
    ("42,00â\x82š", "42,00â\x82š", ("42,00ₚ", "42,00₹")),
]


@pytest.mark.parametrize("text,word,readings", RIVALS, ids=[c[1] for c in RIVALS])
def test_two_codecs_that_disagree_leave_a_guess(
    text: str, word: str, readings: tuple[str, str]
) -> None:
    assert word in fix_text(text)
    (span,) = [s for s in find_mojibake(text) if s.doubt]
    assert word in text[max(span.start - 8, 0) : span.end + 8]
    for reading in readings:
        assert f'"{reading}"' in span.doubt


def test_one_codec_that_reads_the_whole_line_is_certain() -> None:
    """windows-1250 reads "MĂĄm" as "Måm" but cannot read "tĹ\x99etĂ\xadho": ISO-8859-2 can."""
    text = "MĂĄm dost tĹ\x99etĂ\xadho"
    assert all(s.safe for s in find_mojibake(text))
    assert fix_text(text) == "Mám dost třetího"


def test_a_guess_about_a_control_character_is_quoted_safely(site) -> None:
    root = site({POST: "---\ntitle: x\n---\nK\x9aln is big\n"})
    (finding,) = mojibake(root)
    assert finding.fix is None
    assert "\x9a" not in finding.message
    assert '"\\x9a": probably "š"' in finding.message
    assert '"ö" (Mac OS Roman)' in finding.message


def test_a_whole_sequence_of_another_codec_is_no_lost_byte() -> None:
    """ "â€" is a lost byte only if no codec reads what follows as its third byte: "Ź" is 0x8F
    in windows-1250, and "â€Ź" a right-to-left mark."""
    text = "â€Ź1,500,000.00Â\xa0US$"
    assert all(s.safe for s in find_mojibake(text))
    assert fix_text(text) == "\u200f1,500,000.00\xa0US$"


def test_fix_counts_only_the_repairs_it_makes() -> None:
    from bot.commands.fix import fix_text

    text, repairs = fix_text("He said â€œhelloâ€ and left.\nâ€ alone\n")
    assert text == "He said “helloâ€ and left.\nâ€ alone\n"
    assert repairs == 1


def test_a_lost_character_is_not_guessed_as_the_replacement_character(site) -> None:
    """A character lost with its byte leaves no guess: the finding says so, and never
    offers U+FFFD (itself an `encoding/replacement-char` error) as what the text was."""
    lossy = "Ángel Íñigo, nice 👍 thing".encode().decode("cp1252", "replace")
    root = site({POST: f"---\ntitle: x\n---\n{lossy}\n"})
    lost = [f for f in mojibake(root) if f.fix is None]
    assert len(lost) == 3, lost
    for finding in lost:
        assert "most likely" not in finding.message
        assert finding.message.endswith(
            "there is no telling what it was: restore the text from the original "
            "(no automatic repair)"
        )


def test_a_guess_is_the_whole_word_repaired(site) -> None:
    """The guess for one run of a word shows the word with its other runs repaired too,
    not beside mojibake that another finding repairs."""
    root = site({POST: "---\ntitle: x\n---\nrÃ©sumÃ©\x9a\n"})
    (guess,) = [f for f in mojibake(root) if f.fix is None]
    assert 'most likely "résuméš", but check the original' in guess.message
