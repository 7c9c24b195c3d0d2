"""Every rule family, imported by name, and every rule by id (a grep finds them all)."""

from __future__ import annotations

from types import ModuleType

from bot.rules import assets, encoding, file, frontmatter, hugo, jekyll, mojibake, schema
from bot.rules.base import Rule

FAMILIES: tuple[ModuleType, ...] = (
    file,
    encoding,
    mojibake,
    frontmatter,
    schema,
    jekyll,
    hugo,
    assets,
)
"""In the order their findings are made (ties in the sorted output keep it)."""

RULES: dict[str, Rule] = {rule.id: rule for family in FAMILIES for rule in family.RULES}
