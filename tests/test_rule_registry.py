"""Each rule is declared once, in the family module named after its id prefix, and no rule
id is written anywhere else in the code."""

from __future__ import annotations

import re

from bot.rules import registry
from bot.rules.base import Rule
from tests.conftest import ROOT

BOT = ROOT / "bot"


def test_every_rule_is_in_the_module_of_its_prefix() -> None:
    for family in registry.FAMILIES:
        module = family.__name__.rsplit(".", 1)[-1]
        for rule in family.RULES:
            assert isinstance(rule, Rule)
            prefix = "encoding" if module == "mojibake" else module
            assert rule.family == prefix, (module, rule.id)
            if module == "mojibake":
                assert rule.id in ("encoding/mojibake", "encoding/mojibake-in-code")


def test_ids_are_unique_and_summaries_are_one_line() -> None:
    ids = [rule.id for family in registry.FAMILIES for rule in family.RULES]
    assert len(ids) == len(set(ids)) == len(registry.RULES)
    for rule in registry.RULES.values():
        assert re.fullmatch(r"[a-z]+/[a-z0-9-]+", rule.id), rule.id
        assert rule.severity in ("error", "warning", "info"), rule
        assert rule.summary and "\n" not in rule.summary, rule


def test_every_family_module_is_registered() -> None:
    modules = {p.stem for p in (BOT / "rules").glob("*.py")} - {
        "__init__",
        "base",
        "registry",
        "docs",
    }
    assert modules == {f.__name__.rsplit(".", 1)[-1] for f in registry.FAMILIES}


def test_no_rule_id_outside_the_rule_modules() -> None:
    """Other code names rules by their objects (`rules.jekyll.DUPLICATE_URL`); only comments
    and docstrings may quote an id, between backticks."""
    ids = "|".join(re.escape(rule_id) for rule_id in registry.RULES)
    written = re.compile(rf"""["']({ids})["']""")
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted(BOT.rglob("*.py"))
        if path.parent != BOT / "rules"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if written.search(line)
    ]
    assert found == []
