"""What a rule is: declared once, in its family module, and found by the registry."""

from __future__ import annotations

from dataclasses import dataclass

from bot.problem import Severity


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: its id (`family/name`), default severity, one-line summary (the README's
    rule table) and documentation.

    Rules report findings naming the id; the engine (`bot.linter`) decides whether the rule
    runs and stamps the severity the site configured.
    """

    id: str
    severity: Severity
    summary: str
    doc: str = ""

    @property
    def family(self) -> str:
        return self.id.partition("/")[0]
