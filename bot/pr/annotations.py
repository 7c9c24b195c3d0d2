"""Workflow-command annotations (``::error file=...::message``) for a list of findings.

GitHub shows at most 10 error and 10 warning annotations per step (and 10 notices), so the
findings are ordered by importance: severity first, then one finding per file in turn (every file
gets its first finding shown before any file gets its second), then by line. When some are left
out, a last ``::notice`` says how many and points to the job summary.

Each annotation is written by `bot.render.workflow`, so nothing in a post can start a command
of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from bot.render.workflow import LEVEL, annotation, command

PER_STEP = 10
RANK = {"error": 0, "warning": 1, "info": 2}


def order(findings: Iterable[Any]) -> list[Any]:
    """Severity, then round-robin over files, then line: the most useful first."""
    by_severity: dict[int, dict[str, list[Any]]] = {}
    for f in sorted(findings, key=lambda f: (f.path, f.line, f.column, f.rule)):
        by_severity.setdefault(RANK.get(f.severity, 3), {}).setdefault(f.path, []).append(f)
    out: list[Any] = []
    for rank in sorted(by_severity):
        queues = list(by_severity[rank].values())
        depth = 0
        while True:
            layer = [q[depth] for q in queues if depth < len(q)]
            if not layer:
                break
            out.extend(layer)
            depth += 1
    return out


def render(findings: Sequence[Any], path_of: Any = None) -> list[str]:
    """The annotation lines; ``path_of(finding)`` gives the repository-relative path."""
    shown: dict[str, int] = {}
    lines: list[str] = []
    left_out = 0
    for f in order(findings):
        kind = LEVEL.get(f.severity, "warning")
        if shown.get(kind, 0) >= PER_STEP:
            left_out += 1
            continue
        shown[kind] = shown.get(kind, 0) + 1
        lines.append(annotation(f, path_of(f) if path_of else f.path))
    if left_out:
        # First, so that it is never the 11th notice GitHub drops.
        noun = "finding is" if left_out == 1 else "findings are"
        lines.insert(
            0,
            command(
                "notice",
                {"title": "pressbot"},
                f"{left_out} more {noun} not annotated here "
                "(GitHub shows 10 of each kind per step): see the job summary for all of them.",
            ),
        )
    return lines
