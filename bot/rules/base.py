"""What a rule is: declared once, in its family module, and found by the registry."""

from __future__ import annotations

from dataclasses import dataclass

from bot.problem import Severity


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: its id (`family/name`), default severity, one-line summary (the README's
    rule table) and its documentation page's parts (`bot.rules.docs` makes the page).

    Rules report findings naming the id; the engine (`bot.linter`) decides whether the rule
    runs and stamps the severity the site configured.

    The documentation fields are Markdown: ``doc`` what the rule catches beyond the summary,
    ``why`` what the generator really does with such a post, ``fix`` how to repair it,
    ``example`` a few words for the rule table, ``flags`` and ``passes`` a post (its file
    content) that the rule flags and a close sibling it does not, and ``settings`` the
    configuration keys that change what the rule finds (every rule's severity is set the same
    way, which the page says without being told).
    """

    id: str
    severity: Severity
    summary: str
    doc: str = ""
    why: str = ""
    fix: str = ""
    example: str = ""
    flags: str = ""
    passes: str = ""
    settings: str = ""

    @property
    def family(self) -> str:
        return self.id.partition("/")[0]

    @property
    def name(self) -> str:
        return self.id.partition("/")[2]


def quoted(text: str, limit: int) -> str:
    """A value as a finding's message quotes it: at most ``limit`` characters, the last three
    of them "..." when it is cut."""
    return text if len(text) <= limit else text[: limit - 3] + "..."
