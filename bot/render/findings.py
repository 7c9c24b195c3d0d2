"""Renderings of one list of findings: text, json, github (workflow commands), sarif.

Each writes untrusted text (paths, messages) through `bot.render`: the text format through
`terminal.clean`, github through `workflow`, json and sarif as valid Unicode (`terminal.shown`)
and let JSON escape the rest."""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.problem import Finding
from bot.render.terminal import clean, inert_json, shown
from bot.render.workflow import annotation

FORMATS = ("text", "json", "github", "sarif")

MAX_PATH = 4096
MAX_MESSAGE = 4000  # a rule's message quotes at most a short snippet: this is a backstop
_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}


def _shown_all(value: Any) -> Any:
    """Every string of a JSON document made valid Unicode (see `shown`)."""
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, dict):
        return {shown(k) if isinstance(k, str) else k: _shown_all(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_shown_all(v) for v in value]
    return value


def use_colour(stream: Any = None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False  # a dumb terminal shows escape sequences as they are
    return bool(getattr(stream, "isatty", lambda: False)())


def finding_line(f: Finding, colour: bool = False) -> str:
    """The canonical ``path:line:col: severity rule message`` for a terminal: untrusted parts
    cleaned (see `terminal.clean`) and bounded, colours only when asked for."""
    where = f"{clean(f.path, MAX_PATH)}:{f.line}:{f.column}:"
    level: str = f.severity
    if colour:
        level = f"{_COLOURS.get(level, '')}{level}\033[0m"
        where = f"\033[1m{where}\033[0m"
    return f"{where} {level} {f.rule} {clean(f.message, MAX_MESSAGE)}"


def text(
    findings: Sequence[Finding],
    files_checked: int,
    colour: bool = False,
    fix_command: str | None = None,
) -> str:
    """One line per finding; then, when there are findings, their count per rule (the fixable
    ones marked) and the command that repairs them (``fix_command``, when given); the summary
    line last, naming where to read about a rule."""
    lines = [finding_line(f, colour) for f in findings]
    lines += by_rule(findings, fix_command)
    errors = sum(f.count for f in findings if f.severity == "error")
    warnings = sum(f.count for f in findings if f.severity == "warning")
    total = sum(f.count for f in findings)
    infos = total - errors - warnings
    plural = "s" if files_checked != 1 else ""
    summary = f"{files_checked} file{plural} checked: {errors} error(s), {warnings} warning(s)"
    if infos:
        summary += f", {infos} info"
    listed = sum(1 for f in findings if f.count == 1)
    if listed < total:
        summary += f" ({listed} of them listed one by one, the rest counted per file and rule)"
    if findings:
        summary += "; `pressbot rule RULE` explains a rule and how to fix it"
    lines.append(summary)
    return "\n".join(lines) + "\n"


def by_rule(findings: Sequence[Finding], fix_command: str | None = None) -> list[str]:
    """The findings counted per rule, most first (`  12  encoding/mojibake (12 fixable)`),
    after a blank line; and the command that makes the safe fixes, when some are fixable."""
    if not findings:
        return []
    counts: dict[str, int] = {}
    fixable: dict[str, int] = {}
    for f in findings:
        counts[f.rule] = counts.get(f.rule, 0) + f.count
        if f.fix is not None:
            fixable[f.rule] = fixable.get(f.rule, 0) + 1
    width = len(str(max(counts.values())))
    out = [""]
    for rule, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        mark = f" ({fixable[rule]} fixable)" if rule in fixable else ""
        out.append(f"  {count:>{width}}  {clean(rule, 200)}{mark}")
    total = sum(fixable.values())
    if total and fix_command:
        these = "it" if total == 1 else f"these {total}"
        out.append(
            f"`{clean(fix_command, 1000)}` repairs {these} (add `--diff` to see the changes first)"
        )
    return out


def as_json(findings: Sequence[Finding], files_checked: int) -> str:
    doc = {
        "version": 1,
        "files_checked": files_checked,
        "findings": [_shown_all(f.as_dict()) for f in findings],
    }
    return dumps(doc)


def dumps(doc: Any) -> str:
    """``doc`` as indented JSON, readable (``ensure_ascii=False``) but with no raw control,
    format or bidirectional character: JSON escapes C0 controls, and every other character
    that is not printable is written ``\\uXXXX`` here, and no workflow command (see
    `inert_json`), so that the document parses to the same data and is still safe to print."""
    import json

    out = inert_json(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    if out.isascii() and "\x7f" not in out:
        return out
    return _UNPRINTABLE.sub(_json_escape, out)


_UNPRINTABLE = re.compile(r"[^\x20-\x7e\n]")


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    if char.isprintable():
        return char
    code = ord(char)
    if code > 0xFFFF:  # as a UTF-16 surrogate pair, as JSON spells it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def github(findings: Sequence[Finding], files_checked: int, prefix: str = "") -> str:
    """Workflow commands; ``prefix`` as for `sarif` (GitHub places `file=` from the root)."""
    if prefix:
        findings = [dataclasses.replace(f, path=prefix + f.path) for f in findings]
    return "".join(annotation(f) + "\n" for f in findings)


def sarif(
    findings: Sequence[Finding],
    files_checked: int,
    prefix: str = "",
    root: Path | None = None,
) -> str:
    """SARIF 2.1.0 for code scanning (see `bot.render.sarif`): ``prefix`` is the site's
    folder in the repository (`docs/`), as artifact URIs are relative to the repository root;
    ``root`` is the site's folder, whose files give the fingerprints their line text."""
    from bot.render import sarif as sarif_log

    line_text = sarif_log.file_lines(root) if root is not None else None
    return dumps(sarif_log.document(findings, prefix, line_text))


RENDERERS = {"json": as_json, "github": github, "sarif": sarif}


def render(
    fmt: str,
    findings: Sequence[Finding],
    files_checked: int,
    colour: bool = False,
    prefix: str = "",
    root: Path | None = None,
) -> str:
    """``findings`` in ``fmt``; ``prefix`` (the site's folder in the repository, `docs/`)
    goes before the paths of the formats GitHub reads, whose paths are repository-relative.
    Given the site's folder ``root`` instead, the prefix is found from it (its Git
    repository), and SARIF reads the findings' lines for its fingerprints."""
    if fmt == "text":
        return text(findings, files_checked, colour)
    if root is not None and not prefix and fmt in ("github", "sarif"):
        from bot.render.sarif import repository_prefix

        prefix = repository_prefix(root)
    if fmt == "github":
        return github(findings, files_checked, prefix)
    if fmt == "sarif":
        return sarif(findings, files_checked, prefix, root)
    return RENDERERS[fmt](findings, files_checked)
