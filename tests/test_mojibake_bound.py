"""A file of nothing but mojibake costs bounded time and memory: `encoding/mojibake` examines
at most `EXAMINED_RUNS` garbled runs of a file and says where it stopped, long lines are
read in pieces, and `fix` repairs what was examined, so that runs of `fix` finish the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.mojibake import find_mojibake
from bot.post import read_post
from bot.problem import Finding
from bot.rules import mojibake as rule
from bot.rules.mojibake import EXAMINED_RUNS, PIECE
from bot.site import load_site
from tests.inputkit import pressbot

NAME = "_posts/2024-01-05-big.md"
HEAD = "---\ntitle: Big\n---\n"


def mojibake(root: Path) -> list[Finding]:
    """Every finding of the rule (a check lists 2,000 of a file's and counts the rest)."""
    site = load_site(root)
    return list(rule.check(read_post(site, root / NAME), site))


def test_a_file_of_nothing_but_mojibake_is_examined_up_to_the_bound(
    site: Callable[[dict[str, str | bytes]], Path],
) -> None:
    extra = 50
    root = site({NAME: HEAD + "Ã© " * (EXAMINED_RUNS + extra) + "\n"})
    found = mojibake(root)
    fixable = [f for f in found if f.fix is not None]
    assert len(fixable) == EXAMINED_RUNS
    (stop,) = [f for f in found if f.fix is None]
    assert (stop.line, stop.column) == (4, 3 * EXAMINED_RUNS + 1)  # the first run left
    assert f"more than {EXAMINED_RUNS:,} garbled runs" in stop.message
    assert stop.severity == "error"


def test_runs_of_fix_finish_the_file(site: Callable[[dict[str, str | bytes]], Path]) -> None:
    root = site({NAME: HEAD + "Ã© " * (EXAMINED_RUNS + 500) + "\n"})
    first = pressbot("fix", cwd=root)
    assert f"{EXAMINED_RUNS} mojibake repairs" in first.out, first.out + first.err
    second = pressbot("fix", cwd=root)
    assert "500 mojibake repairs" in second.out, second.out + second.err
    text = (root / NAME).read_text(encoding="utf-8")
    assert text == HEAD + "é " * (EXAMINED_RUNS + 500) + "\n"
    assert pressbot("check", cwd=root).code == 0


def test_a_long_line_is_read_in_pieces_at_the_same_places(
    site: Callable[[dict[str, str | bytes]], Path],
) -> None:
    """Runs on either side of each cut, and a word of no space longer than a piece."""
    words = ["cafÃ©", "naÃ¯ve", "Hereâ€™s", "rÃ©sumÃ©"]
    line = " ".join(words[i % len(words)] for i in range(3 * PIECE // 6))
    line += " " + "x" * PIECE + "Ã©" + "y" * 10
    root = site({NAME: HEAD + line + "\n"})
    found = [(f.column, f.end_column, f.fix.replacement if f.fix else None) for f in mojibake(root)]
    whole = [(s.start + 1, s.end + 1, s.replacement) for s in find_mojibake(line)]
    assert len(line) > 2 * PIECE and len(whole) > 1000
    assert found == whole


def test_references_and_escapes_are_examined_up_to_the_bound(
    site: Callable[[dict[str, str | bytes]], Path],
) -> None:
    """HTML references and front-matter escapes that spell mojibake have the same bound:
    a title of 20,050 escaped runs was once three minutes of work (each run looked for in
    the whole text), and is one finding per run up to the bound, and where it stopped."""
    runs = EXAMINED_RUNS + 50
    escaped = "caf\\u00c3\\u00a9 " * runs
    referenced = "caf&Atilde;&copy; " * runs
    root = site({NAME: f'---\ntitle: "{escaped}"\n---\n{referenced}\n'})
    found = mojibake(root)
    stops = [f for f in found if "garbled runs: the file is not examined" in f.message]
    assert [(f.line, f.column) for f in stops] == [(4, 1), (2, 1)]  # references, then escapes
    at_title = [f for f in found if f.line == 2 and f not in stops]
    in_body = [f for f in found if f.line == 4 and f not in stops]
    assert len(at_title) == len(in_body) == EXAMINED_RUNS
    assert all(f.fix is not None for f in in_body)
