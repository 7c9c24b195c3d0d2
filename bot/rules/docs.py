"""A rule's documentation page, made from its `Rule` object: one source for `pressbot rule`,
`docs/rules/`, the README's rule table, SARIF's `help`/`helpUri` and the PR comment's links."""

from __future__ import annotations

from bot.rules.base import Rule

DOCS_URL = "https://github.com/pressbot/pressbot/blob/main/"
"""Where the project's files are read online (the rule pages are under `docs/rules/`)."""


def doc_path(rule: Rule) -> str:
    """The page's path in the project: `docs/rules/encoding/mojibake.md`."""
    return f"docs/rules/{rule.id}.md"


def help_uri(rule: Rule) -> str:
    return DOCS_URL + doc_path(rule)


def help_markdown(rule: Rule) -> str:
    """The page, in Markdown."""
    parts = [f"# {rule.id}", "", rule.summary[:1].upper() + rule.summary[1:] + ".", ""]
    if rule.doc:
        parts += [rule.doc, ""]
    parts += [f"Default severity: {rule.severity}.", ""]
    return "\n".join(parts)
