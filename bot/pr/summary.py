"""The Markdown job summary (``$GITHUB_STEP_SUMMARY``): every finding, within GitHub's 1 MiB.

GitHub refuses a step summary over 1024 KiB outright (the whole summary is lost), so the text is
built to a budget in UTF-8 bytes and the rest is counted, not shown.
"""

from __future__ import annotations

from pathlib import Path

from bot.pr.markdown import TABLE_HEAD, by_rule, headline, row, scope, suggestion_block
from bot.pr.results import Results, SuggestionData

LIMIT_BYTES = 1024 * 1024
RESERVE = 4096


def render(
    results: Results,
    *,
    server_url: str,
    suggestions: list[SuggestionData] | None = None,
    limit: int = LIMIT_BYTES,
) -> str:
    checked = scope(results)
    if not results.findings and not results.findings_omitted:
        return f"### ✅ **pressbot**: no problems ({checked})\n"
    out = [
        f"### {headline(results)}",
        "",
        f"{checked[:1].upper()}{checked[1:]}. {by_rule(results.findings)}",
        "",
        TABLE_HEAD,
    ]
    budget = limit - RESERVE - sum(len(x.encode()) + 1 for x in out)
    left = results.findings_omitted
    for i, f in enumerate(results.findings):
        line = row(f, server_url, results)
        size = len(line.encode()) + 1
        if size > budget:
            left += sum(f.count for f in results.findings[i:])
            break
        out.append(line)
        budget -= size
    if left:
        out += ["", f"… and {left} more findings not shown (the summary is limited to 1 MiB)."]
    shown_suggestions = 0
    blocks: list[str] = []
    for s in suggestions or []:
        block = suggestion_block(s, server_url, results)
        size = len(block.encode()) + 1
        if size > budget - 200:
            break
        blocks.append(block)
        budget -= size
        shown_suggestions += 1
    if blocks:
        out += ["", f"<details><summary>Safe fixes ({len(suggestions or [])})</summary>", ""]
        out += blocks
        if shown_suggestions < len(suggestions or []):
            out.append(f"… and {len(suggestions or []) - shown_suggestions} more.")
        out.append("</details>")
    return "\n".join(out) + "\n"


def write(path: str | None, text: str) -> bool:
    """Append to the step summary file; False when there is none (outside Actions)."""
    if not path:
        return False
    try:
        with open(Path(path), "a", encoding="utf-8") as fh:
            fh.write(text)
    except OSError:
        return False
    return True
