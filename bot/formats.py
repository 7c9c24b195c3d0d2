"""Renderings of one list of findings: text, json, github (workflow commands), sarif."""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from collections.abc import Sequence
from typing import Any

from bot.problem import Finding

FORMATS = ("text", "json", "github", "sarif")

_SURROGATES = re.compile("[\ud800-\udfff]")

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}


def shown(text: str) -> str:
    """``text`` as valid Unicode: a byte that was not UTF-8 (a file name on Linux, kept as a
    lone surrogate by ``surrogateescape``) is written ``\\xff``, any other lone surrogate
    ``\\udXXX``."""
    if text.isascii() or not _SURROGATES.search(text):
        return text
    return _SURROGATES.sub(_escape_surrogate, text)


def _escape_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def clean(text: str) -> str:
    """Untrusted text for one terminal line: no control characters, no escapes."""
    text = shown(text)
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)


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
    if os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def text(findings: Sequence[Finding], files_checked: int, colour: bool = False) -> str:
    lines = []
    for f in findings:
        where = f"{clean(f.path)}:{f.line}:{f.column}:"
        level: str = f.severity
        if colour:
            level = f"{_COLOURS.get(level, '')}{level}\033[0m"
            where = f"\033[1m{where}\033[0m"
        lines.append(f"{where} {level} {f.rule} {clean(f.message)}")
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    infos = len(findings) - errors - warnings
    plural = "s" if files_checked != 1 else ""
    summary = f"{files_checked} file{plural} checked: {errors} error(s), {warnings} warning(s)"
    if infos:
        summary += f", {infos} info"
    lines.append(summary)
    return "\n".join(lines) + "\n"


def as_json(findings: Sequence[Finding], files_checked: int) -> str:
    import json

    doc = {
        "version": 1,
        "files_checked": files_checked,
        "findings": [_shown_all(f.as_dict()) for f in findings],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def escape_data(value: str) -> str:
    """Escape the message part of a workflow command (GitHub's toolkit `escapeData`)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value of a workflow command (toolkit `escapeProperty`)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_command(finding: Finding, title: str | None = None) -> str:
    level = {"error": "error", "warning": "warning"}.get(finding.severity, "notice")
    props = [
        f"file={escape_property(shown(finding.path))}",
        f"line={finding.line}",
        f"col={finding.column}",
    ]
    if finding.end_line is not None:
        props.append(f"endLine={finding.end_line}")
    if finding.end_column is not None and (finding.end_line in (None, finding.line)):
        props.append(f"endColumn={finding.end_column}")
    props.append(f"title={escape_property(title or finding.rule)}")
    return f"::{level} {','.join(props)}::{escape_data(clean_command(finding.message))}"


def clean_command(text: str) -> str:
    """No line may start a workflow command; the message is one line already after escaping."""
    text = shown(text)
    return "".join(ch if ch.isprintable() or ch in "\r\n" else " " for ch in text)


def github(findings: Sequence[Finding], files_checked: int, prefix: str = "") -> str:
    """Workflow commands; ``prefix`` as for `sarif` (GitHub places `file=` from the root)."""
    if prefix:
        findings = [dataclasses.replace(f, path=prefix + f.path) for f in findings]
    return "".join(github_command(f) + "\n" for f in findings)


def sarif(findings: Sequence[Finding], files_checked: int, prefix: str = "") -> str:
    """SARIF 2.1.0; ``prefix`` is the site's folder in the repository (`docs/`), as artifact
    URIs are relative to the repository root."""
    import json

    from bot import __version__
    from bot.linter import registry

    known = registry()
    used = sorted({f.rule for f in findings} | set(known))
    rules = [
        {
            "id": rule,
            "name": rule.replace("/", "-"),
            "shortDescription": {"text": rule},
            "defaultConfiguration": {"level": _sarif_level(known.get(rule, "error"))},
        }
        for rule in used
    ]
    index = {rule: i for i, rule in enumerate(used)}
    results = []
    for f in findings:
        region: dict[str, Any] = {"startLine": f.line, "startColumn": f.column}
        if f.end_line is not None:
            region["endLine"] = f.end_line
        if f.end_column is not None:
            region["endColumn"] = f.end_column
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": _sarif_level(f.severity),
                "message": {"text": shown(f.message)},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {
                                "uri": artifact_uri(prefix + f.path),
                                "uriBaseId": "%SRCROOT%",
                            },
                            "region": region,
                        }
                    }
                ],
                "partialFingerprints": {"pressbot/v1": _fingerprint(f)},
            }
        )
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "pressbot",
                        "version": __version__,
                        "informationUri": "https://github.com/pressbot/pressbot",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _sarif_level(severity: str) -> str:
    return {"error": "error", "warning": "warning"}.get(severity, "note")


def artifact_uri(path: str) -> str:
    """A relative path as a URI reference: its exact bytes, percent-encoded (RFC 3986)."""
    from urllib.parse import quote

    return quote(path.encode("utf-8", "surrogateescape"), safe="/")


def _fingerprint(f: Finding) -> str:
    import hashlib

    key = f"{f.path}\0{f.rule}\0{f.message}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(key).hexdigest()[:32]


RENDERERS = {"json": as_json, "github": github, "sarif": sarif}


def render(
    fmt: str,
    findings: Sequence[Finding],
    files_checked: int,
    colour: bool = False,
    prefix: str = "",
) -> str:
    """``findings`` in ``fmt``; ``prefix`` (the site's folder in the repository, `docs/`)
    goes before the paths of the formats GitHub reads, whose paths are repository-relative."""
    if fmt == "text":
        return text(findings, files_checked, colour)
    if fmt == "github":
        return github(findings, files_checked, prefix)
    if fmt == "sarif":
        return sarif(findings, files_checked, prefix)
    return RENDERERS[fmt](findings, files_checked)
