"""`pressbot fix` makes exactly the fixes `pressbot check --format json` reports, and
`bot.fixes.apply` applies a fix record as its fields say."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from bot.fixes import apply
from bot.problem import Fix
from tests.conftest import ROOT

BOM = "\ufeff"


def applied_by_hand(text: str, records: list[dict[str, Any]]) -> str:
    """The JSON fix records applied one line at a time, independently of `bot.fixes`
    (single-line fixes only: every fix the rules make today)."""
    bom = BOM if text.startswith(BOM) else ""
    lines = text[len(bom) :].split("\n")
    by_line: dict[int, list[dict[str, Any]]] = {}
    for record in records:
        assert record.get("end_line", record["line"]) == record["line"], record
        by_line.setdefault(record["line"], []).append(record)
    for number, fixes in by_line.items():
        line = lines[number - 1]
        body, cr = (line[:-1], "\r") if line.endswith("\r") else (line, "")
        for record in sorted(fixes, key=lambda r: -r.get("column", 0)):
            if "column" not in record:
                body = record["replacement"]
                bom = "" if number == 1 else bom
            else:
                start, end = record["column"] - 1, record["end_column"] - 1
                body = body[:start] + record["replacement"] + body[end:]
        lines[number - 1] = body + cr
    return bom + "\n".join(lines)


def check_fixes(cli: Any, root: Path) -> dict[str, list[dict[str, Any]]]:
    run = cli("check", "--format", "json", root)
    assert run.code in (0, 1), run
    out: dict[str, list[dict[str, Any]]] = {}
    for finding in json.loads(run.out)["findings"]:
        if "fix" in finding:
            out.setdefault(finding["path"], []).append(finding["fix"])
    return out


def assert_fix_does_what_check_says(cli: Any, root: Path) -> int:
    """Run check, then fix; every file ends as check's fix records make it. Returns how
    many files had fixes."""
    fixes = check_fixes(cli, root)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    run = cli("fix", root)
    assert run.code in (0, 2), run
    for path, data in before.items():
        rel = path.relative_to(root).as_posix()
        after = path.read_bytes()
        if rel not in fixes:
            assert after == data, rel
            continue
        assert after.decode("utf-8") == applied_by_hand(data.decode("utf-8"), fixes[rel]), rel
    assert check_fixes(cli, root) == {}  # nothing left to fix
    return len(fixes)


def test_on_the_example_site(tmp_path: Path, cli: Any) -> None:
    root = tmp_path / "site"
    shutil.copytree(ROOT / "examples" / "site", root)
    assert assert_fix_does_what_check_says(cli, root) >= 1


PIECES = [
    "Hereâ€™s",  # certain: repaired
    "CafÃ©",
    "rÃ©sumÃ© and naÃ¯ve",
    "He said â€œhelloâ€ and left.",  # one repair, one guess
    "plain text",
    "“curly” quotes — fine",
    "Ã",
    "\u200bzero width",
    "tab\there",
]


def generated_post(rng: random.Random) -> str:
    lines = [rng.choice(PIECES) for _ in range(rng.randint(1, 6))]
    title = rng.choice(["CafÃ© news", "Plain", "naÃ¯ve"])
    end = rng.choice(["\n", "\r\n"])
    text = end.join(["---", f"title: {title}", "author: a", "---", *lines]) + rng.choice(["", end])
    return (BOM if rng.random() < 0.4 else "") + text


@pytest.mark.parametrize("seed", range(3))
def test_on_generated_posts(tmp_path: Path, cli: Any, seed: int) -> None:
    rng = random.Random(seed)
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    for i in range(12):
        post = root / "_posts" / f"2026-01-{i + 1:02d}-post-{i}.md"
        post.write_bytes(generated_post(rng).encode("utf-8"))
    assert assert_fix_does_what_check_says(cli, root) >= 1


def test_apply_a_range() -> None:
    fix = Fix(2, "’", column=5, end_line=2, end_column=8)
    assert apply("a\nHereâ€™s\n", [fix]) == "a\nHere’s\n"


def test_apply_keeps_a_cr_and_takes_the_bom_with_line_one() -> None:
    assert apply(BOM + "---\r\nx\r\n", [Fix(1, "---")]) == "---\r\nx\r\n"
    # a range fix on line 1 counts columns after the mark, and keeps it
    assert apply(BOM + "Ã©\n", [Fix(1, "é", column=1, end_line=1, end_column=3)]) == BOM + "é\n"


def test_apply_leaves_out_overlapping_and_out_of_range_fixes() -> None:
    fixes = [
        Fix(1, "X", column=2, end_line=1, end_column=4),
        Fix(1, "Y", column=3, end_line=1, end_column=5),  # overlaps the first
        Fix(1, "Z", column=9, end_line=1, end_column=10),  # past the line's end
        Fix(5, "W"),  # past the text
    ]
    assert apply("abcdef\n", fixes) == "aXdef\n"
