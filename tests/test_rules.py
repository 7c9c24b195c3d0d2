"""Every rule has fixture files that must flag and files that must not.

Layout: tests/fixtures/rules/<family>-<name>/{flag,clean}/ is a small site each, one
behaviour per post, the post named after it; flag/expected.txt lists the canonical lines
`path:line:col: severity rule message` (so severity and wording are pinned too), one
finding a line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.linter import check_posts, registry
from bot.site import load_site
from tests.conftest import FIXTURES

RULES_DIR = FIXTURES / "rules"
CONFIG = RULES_DIR / "pressbot.yml"
CASES = sorted(p.name for p in RULES_DIR.iterdir() if p.is_dir())
# Rules whose fixtures live elsewhere: file/* need a link or permissions that Git cannot
# carry (tests/test_bad_input.py); encoding/mojibake has its own corpus.
ELSEWHERE = {"file/unreadable", "file/outside-site", "encoding/mojibake"}


def rule_of(case: str) -> str:
    family, _, name = case.partition("-")
    return f"{family}/{name}"


def findings(root: Path, rule: str) -> list[str]:
    site = load_site(root, CONFIG)
    result = check_posts(site, select=[rule], jobs=1)
    return [f.line_format() for f in result.findings]


@pytest.mark.parametrize("case", CASES)
def test_flags(case: str) -> None:
    root = RULES_DIR / case / "flag"
    expected = (root / "expected.txt").read_text(encoding="utf-8").split("\n")
    assert findings(root, rule_of(case)) == [line for line in expected if line]


@pytest.mark.parametrize("case", CASES)
def test_clean(case: str) -> None:
    assert findings(RULES_DIR / case / "clean", rule_of(case)) == []


def test_every_rule_has_fixtures() -> None:
    covered = {rule_of(case) for case in CASES}
    assert set(registry()) - covered - ELSEWHERE == set()
