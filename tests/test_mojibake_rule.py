"""`encoding/mojibake` as `pressbot check` reports it: exact positions, message, one-click fix."""

from __future__ import annotations

from pathlib import Path

from bot.linter import check_posts
from bot.problem import Finding
from bot.rules.mojibake import show
from bot.site import load_site
from tests.conftest import REAL_POST


def mojibake(root: Path) -> list[Finding]:
    result = check_posts(load_site(root), select=["encoding/mojibake"], jobs=1)
    return result.findings


def test_real_post_has_exactly_one_finding(site) -> None:
    root = site({"_posts/" + REAL_POST.name: REAL_POST.read_bytes()})
    (finding,) = mojibake(root)
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (12, 5, 12, 8)
    assert finding.severity == "error"
    assert finding.message == (
        'mojibake "Hereâ€™s": text decoded with the wrong codec (UTF-8 read as Windows-1252); '
        'replace with "Here’s"'
    )
    assert finding.fix is not None
    assert finding.fix.as_dict() == {
        "line": 12,
        "column": 5,
        "end_line": 12,
        "end_column": 8,
        "replacement": "’",
    }


def test_front_matter_strings_and_body(site) -> None:
    post = (
        "---\n"
        'title: "CafÃ© culture in ÄŒeÅ¡tina"\n'
        "tags: [news, rÃ©sumÃ©]\n"
        "---\n"
        "\n"
        "Ð¿Ñ€Ð¸Ð²ÐµÑ‚ and “quotes” — fine.\r\n"
        "ASCII only.\n"
    )
    root = site({"_posts/2026-01-01-cafe.md": post})
    found = [(f.line, f.column, f.end_column, f.fix and f.fix.replacement) for f in mojibake(root)]
    assert found == [
        (2, 12, 14, "é"),
        (2, 26, 31, "Češ"),
        (3, 15, 22, "ésumé"),
        (6, 1, 13, "привет"),
    ]
    messages = [f.message for f in mojibake(root)]
    assert messages[1].startswith('mojibake "ÄŒeÅ¡tina": ')
    assert messages[1].endswith('replace with "Čeština"')


def test_bom_and_crlf_do_not_shift_columns(site) -> None:
    root = site({"_posts/2026-01-01-bom.md": "\ufeff---\ntitle: x\n---\r\nNicolÃ¡s\r\n".encode()})
    (finding,) = mojibake(root)
    assert (finding.line, finding.column, finding.end_column) == (4, 6, 8)


def test_clean_post_and_not_utf8_post_have_none(site) -> None:
    root = site(
        {
            "_posts/2026-01-01-clean.md": "---\ntitle: SÃO TOMÉ\n---\n¯\\_(ツ)_/¯ 1\u202f234,50\xa0€\n",
            "_posts/2026-01-02-latin1.md": "---\ntitle: x\n---\ncaf\xe9 Ã©\n".encode("latin-1"),
        }
    )
    assert mojibake(root) == []


def test_message_shows_untrusted_text_safely() -> None:
    assert show("â\x80\x9cquoted\x1b[31m") == "â\\x80\\x9cquoted\\x1b[31m"
    assert show("x" * 100) == "x" * 39 + "…"
    assert show("👨\u200d👩") == "👨\u200d👩"


def test_the_rule_prefilter_lets_through_everything_the_engine_could_match() -> None:
    """The rule skips text without a possible first character; that set must cover every
    character the engine's scan can start on."""
    import re

    from bot.mojibake.codecs import COULD_START
    from bot.mojibake.quick_scan import SUSPECT

    first_class = re.match(r"\[((?:\\.|[^\]])*)\]", SUSPECT.pattern)
    assert first_class is not None
    starts = re.compile(f"[{first_class.group(1)}]")
    every = "".join(chr(c) for c in range(0x80, 0x3000))
    assert {ch for ch in every if starts.match(ch)} <= {ch for ch in every if COULD_START.match(ch)}


def test_loading_the_rule_leaves_the_engine_unloaded() -> None:
    """Clean text costs one search: the rule's prefilter comes without the engine's tables."""
    import json
    import subprocess
    import sys

    script = "import json, sys, bot.rules.mojibake; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    loaded = json.loads(done.stdout)
    assert [m for m in loaded if m.startswith("bot.mojibake.")] == ["bot.mojibake.codecs"]


def test_characters_of_a_mojibake_run_are_reported_once(site) -> None:
    from bot.linter import check_posts
    from bot.site import load_site

    root = site(
        {
            "_posts/2026-01-01-x.md": "---\ntitle: x\n---\nHe said â€œhelloâ€\x9d and a lone \x9d here, caf\ufffd.\n",
        }
    )
    found = [(f.line, f.column, f.rule) for f in check_posts(load_site(root), jobs=1).findings]
    assert [r for r in found if r[2] == "encoding/mojibake"], found
    assert (4, 32, "encoding/control-char") in found  # the lone C1 outside any run stays
    covered = [r for r in found if r[2] != "encoding/mojibake" and 9 <= r[1] < 25]
    assert covered == []


def test_each_c1_control_is_reported_by_exactly_one_rule(site) -> None:
    """A control Windows-1252 leaves undefined (U+0081, U+008D, U+008F, U+0090, U+009D)
    after a letter outside ASCII is no mojibake the rule can repair: `encoding/control-char`
    reports it. One inside a run the mojibake rule repairs (`Ã\\x81` for Á, `don\\x92t`) is
    reported by that rule alone."""
    from bot.linter import check_posts
    from bot.site import load_site

    lines = ["café\x9d", "Â\x9d", "“\x81x", "é\x8f", "Ā\x81", "plain\x90", "Ã\x81ngel", "don\x92t"]
    body = "\n".join(f"L {line} end" for line in lines)
    root = site({"_posts/2026-01-01-x.md": f"---\ntitle: x\n---\n{body}\n"})
    found = sorted((f.line, f.rule) for f in check_posts(load_site(root), jobs=1).findings)
    controls = [(n, "encoding/control-char") for n in range(4, 10)]
    assert found == [*controls, (10, "encoding/mojibake"), (11, "encoding/mojibake")]
