"""Inline review comments carrying GitHub suggestion blocks, for findings with a safe fix.

A suggestion replaces whole lines, so each one holds the complete new text of the lines it
covers: every fix on those lines applied (right to left, so columns stay valid). Fixes on the same
or overlapping lines are merged into one suggestion, since GitHub applies one suggestion per line.

GitHub rejects the *whole* review with a 422 when one comment is on a line outside the diff, so a
suggestion goes inline only when all its lines are on the new side of one diff hunk; the others
go to the sticky comment. A comment is identified by a fingerprint of the path, rule, old text and
new text (no line numbers: a line that moves does not make a new comment), written as the first
line of its body and read back, from the bot's own comments only, on the next run.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from bot.pr.results import SuggestionData
from bot.render.markdown import code, fence, inline

FP_PREFIX = "<!-- pressbot:fp:"
FP_RE = re.compile(r"^<!-- pressbot:fp:([0-9a-f]{16}) -->")
MAX_INLINE = 50
MAX_SUGGESTION_CHARS = 20_000

Hunks = dict[str, list[tuple[int, int]]]  # path -> [(first_line, last_line)] on the new side


@dataclass(frozen=True)
class _Edit:
    line: int
    column: int | None
    end_line: int
    end_column: int | None
    replacement: str


def fingerprint(path: str, rule: str, old: str, new: str) -> str:
    h = hashlib.sha256("\x00".join((path, rule, old, new)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:16]


def _edit_of(fix: Any) -> _Edit:
    if fix.column is None:
        return _Edit(fix.line, None, fix.line, None, fix.replacement)
    end_line = fix.end_line if fix.end_line is not None else fix.line
    return _Edit(fix.line, fix.column, end_line, fix.end_column, fix.replacement)


def _apply(lines: Sequence[str], start: int, end: int, edits: list[_Edit]) -> str | None:
    """New text of lines ``start..end`` with the edits applied; None if they overlap."""
    text = "\n".join(lines[start - 1 : end])
    offsets = [0]
    for ln in lines[start - 1 : end]:
        offsets.append(offsets[-1] + len(ln) + 1)

    def pos(line: int, column: int | None, at_end: bool) -> int:
        base = offsets[line - start]
        if column is None:
            return base + (len(lines[line - 1]) if at_end else 0)
        return base + min(max(column - 1, 0), len(lines[line - 1]))

    spans = sorted(
        (
            pos(e.line, e.column, False),
            pos(e.end_line, e.end_column, True),
            e.replacement,
        )
        for e in edits
    )
    for (_a1, b1, _), (a2, _b2, _) in pairwise(spans):
        if a2 < b1:
            return None
    for a, b, replacement in reversed(spans):
        text = text[:a] + replacement + text[b:]
    return text


def _unchanged(edit: _Edit, lines: Sequence[str]) -> bool:
    return (
        edit.column is None
        and edit.line == edit.end_line
        and 1 <= edit.line <= len(lines)
        and edit.replacement == lines[edit.line - 1]
    )


def build(
    findings: Iterable[Any], lines_of: Callable[[str], Sequence[str] | None]
) -> list[SuggestionData]:
    """One suggestion per group of lines touched by fixes, in path/line order.

    ``findings`` carry ``path`` (repository-relative), ``rule``, ``message`` and ``fix``;
    ``lines_of(path)`` gives the file's lines as the linter saw them (None if unreadable).
    """
    by_path: dict[str, list[tuple[_Edit, Any]]] = {}
    for f in findings:
        if getattr(f, "fix", None) is not None:
            by_path.setdefault(f.path, []).append((_edit_of(f.fix), f))
    out: list[SuggestionData] = []
    for path in sorted(by_path):
        lines = lines_of(path)
        if lines is None:
            continue
        # a fix that leaves its line as the file shows it (the byte-order mark's, which is
        # not among the lines) changes nothing here, and must not keep a repair of that line
        # out as an overlap
        items = sorted(
            (it for it in by_path[path] if not _unchanged(it[0], lines)),
            key=lambda it: (it[0].line, it[0].column or 0),
        )
        groups: list[list[tuple[_Edit, Any]]] = []
        for item in items:
            if groups and item[0].line <= max(e.end_line for e, _ in groups[-1]):
                groups[-1].append(item)
            else:
                groups.append([item])
        for group in groups:
            start = group[0][0].line
            end = max(e.end_line for e, _ in group)
            if start < 1 or end > len(lines):
                continue
            new = _apply(lines, start, end, [e for e, _ in group])
            old = "\n".join(lines[start - 1 : end])
            if new is None or new == old or len(new) > MAX_SUGGESTION_CHARS:
                continue
            rules = sorted({f.rule for _, f in group})
            message = "; ".join(dict.fromkeys(f.message for _, f in group))
            out.append(
                SuggestionData(
                    path=path,
                    start_line=start,
                    end_line=end,
                    new_text=new,
                    rule=rules[0],
                    message=message[:2000],
                    fingerprint=fingerprint(path, ",".join(rules), old, new),
                )
            )
    return out


def in_diff(s: SuggestionData, hunks: Hunks) -> bool:
    """All of the suggestion's lines on the new side of one hunk."""
    return any(a <= s.start_line and s.end_line <= b for a, b in hunks.get(s.path, ()))


def split(
    suggestions: list[SuggestionData], hunks: Hunks
) -> tuple[list[SuggestionData], list[SuggestionData]]:
    inside = [s for s in suggestions if in_diff(s, hunks)]
    outside = [s for s in suggestions if not in_diff(s, hunks)]
    return inside, outside


def comment_body(s: SuggestionData) -> str:
    return (
        f"{FP_PREFIX}{s.fingerprint} -->\n"
        f"**pressbot** {code(s.rule)}: {inline(s.message, 400)}\n\n"
        f"{fence(s.new_text, 'suggestion')}\n"
    )


def review_comment(s: SuggestionData) -> dict[str, Any]:
    c: dict[str, Any] = {"path": s.path, "line": s.end_line, "side": "RIGHT"}
    if s.start_line != s.end_line:
        c.update(start_line=s.start_line, start_side="RIGHT")
    c["body"] = comment_body(s)
    return c


def posted_fingerprints(gh: Any, repository: str, number: int, bot_login: str) -> set[str]:
    from bot.pr.remote import Comment, each, same_login

    found: set[str] = set()
    for c in each(Comment, gh.paginate(f"/repos/{repository}/pulls/{int(number)}/comments")):
        if not same_login(c.login, bot_login):
            continue
        m = FP_RE.match(c.body or "")
        if m:
            found.add(m.group(1))
    return found


@dataclass
class ReviewOutcome:
    posted: list[SuggestionData]
    already: int
    rejected: list[SuggestionData]  # GitHub said no anyway: they go to the sticky comment
    would_post: list[SuggestionData]


def post(
    gh: Any,
    repository: str,
    number: int,
    head_sha: str,
    inside: list[SuggestionData],
    *,
    bot_login: str,
    dry_run: bool = False,
) -> ReviewOutcome:
    """One review with the suggestions not posted before (none: no request at all)."""
    from bot.github import GitHubError

    if not inside:
        return ReviewOutcome([], 0, [], [])
    seen = posted_fingerprints(gh, repository, number, bot_login)
    fresh = [s for s in inside if s.fingerprint not in seen]
    already = len(inside) - len(fresh)
    batch, overflow = fresh[:MAX_INLINE], fresh[MAX_INLINE:]
    if not batch:
        return ReviewOutcome([], already, [], [])
    if dry_run:
        return ReviewOutcome([], already, overflow, batch)
    n = len(batch)
    noun, it = ("fix", "it") if n == 1 else ("fixes", "them")
    body = {
        "commit_id": head_sha,
        "event": "COMMENT",
        "body": f"**pressbot** suggests {n} safe {noun}: apply {it} from the diff.",
        "comments": [review_comment(s) for s in batch],
    }
    try:
        gh.post(f"/repos/{repository}/pulls/{int(number)}/reviews", body)
    except GitHubError as exc:
        if exc.status == 422:
            return ReviewOutcome([], already, batch + overflow, [])
        # A review that may have been made is never posted again (its suggestions would be
        # there twice): it was made if its comments are there, else the next run posts them.
        if not exc.unsure or not _landed(gh, repository, number, bot_login, batch):
            raise
    return ReviewOutcome(batch, already, overflow, [])


def _landed(
    gh: Any, repository: str, number: int, bot_login: str, batch: list[SuggestionData]
) -> bool:
    posted = posted_fingerprints(gh, repository, number, bot_login)
    return all(s.fingerprint in posted for s in batch)
