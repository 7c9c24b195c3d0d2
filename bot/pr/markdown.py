"""Markdown pieces shared by the sticky comment and the job summary, built to a size budget."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from bot.pr.results import FindingData, Results, SuggestionData
from bot.render.markdown import code, fence, github_length, inline
from bot.render.terminal import raw_bytes

ICON = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}


def blob_url(server_url: str, repository: str, sha: str, path: str, line: int) -> str:
    where = quote(raw_bytes(path), safe="/")
    return f"{server_url}/{repository}/blob/{sha}/{where}#L{int(line)}"


def headline(results: Results) -> str:
    errors, warnings = results.errors, results.warnings
    others = results.total - errors - warnings
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    if others:
        parts.append(f"{others} other finding{'s' if others != 1 else ''}")
    files = len({f.path for f in results.findings})
    icon = ICON["error"] if errors else ICON["warning"] if warnings else ICON["info"]
    posts = f"{files} post{'s' if files != 1 else ''}"
    return f"{icon} **pressbot** found {', '.join(parts)} in {posts}"


def scope(results: Results) -> str:
    """What the check covered, as a sentence: the changed posts, or why every post."""
    if results.whole_site:
        n = results.files_checked
        why = WHOLE_SITE[results.whole_site]
        return f"{why}: every post checked ({n} file{'s' if n != 1 else ''})"
    posts, reached = results.posts_changed, results.pages_reached
    checked = f"{posts} changed post{'s' if posts != 1 else ''} checked"
    if reached:
        checked += f", and {reached} page{'s' if reached != 1 else ''} a changed `cascade` reaches"
    links = results.links_checked
    if links:
        checked += (
            f", and {links} other post{'s' if links != 1 else ''} naming"
            " a changed one in `post_url`"
        )
    return checked


WHOLE_SITE = {
    "configuration": "the site's configuration changed",
    "unlisted": "GitHub lists only part of this pull request's changed files (at most 3,000)",
}


def by_rule(findings: Iterable[FindingData]) -> str:
    """The findings counted per rule, most first, each rule linked to its page."""
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.rule] = counts.get(f.rule, 0) + f.count
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "By rule: " + ", ".join(f"{n} {rule_link(rule)}" for rule, n in ranked) + "."


TABLE_HEAD = "| | Where | Rule | What |\n| --- | --- | --- | --- |"


def rule_link(rule_id: str) -> str:
    """The rule id as code, linked to its page when it is one of pressbot's rules (an id from
    an untrusted results file is shown, never linked anywhere it chose)."""
    from bot.rules.docs import help_uri
    from bot.rules.registry import RULES

    rule = RULES.get(rule_id)
    return f"[{code(rule_id)}]({help_uri(rule)})" if rule is not None else code(rule_id)


def row(f: FindingData, server_url: str, results: Results) -> str:
    where = inline(f"{f.path}:{f.line}:{f.column}", 300)
    url = blob_url(server_url, results.repository, results.head_sha, f.path, f.line)
    cells = (
        ICON.get(f.severity, ""),
        f"[{where}]({url})",
        rule_link(f.rule),
        inline(f.message, 400),
    )
    return f"| {' | '.join(cells)} |"


def suggestion_block(s: SuggestionData, server_url: str, results: Results) -> str:
    where = inline(f"{s.path}:{s.start_line}", 300)
    url = blob_url(server_url, results.repository, results.head_sha, s.path, s.start_line)
    lines = "line" if s.start_line == s.end_line else f"lines {s.start_line}–{s.end_line}"
    return f"[{where}]({url}) {rule_link(s.rule)}: replace {lines} with\n\n{fence(s.new_text)}\n"


def take(pieces: Iterable[str], budget: int) -> tuple[list[str], int, int]:
    """As many pieces (each followed by a newline) as fit in ``budget``: (taken, used, left)."""
    out: list[str] = []
    used = 0
    items = list(pieces)
    for i, piece in enumerate(items):
        size = github_length(piece) + 1
        if used + size > budget:
            return out, used, len(items) - i
        out.append(piece)
        used += size
    return out, used, 0
