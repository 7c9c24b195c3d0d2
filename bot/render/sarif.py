"""Findings as SARIF 2.1.0, in the shape GitHub code scanning reads.

- Artifact URIs are relative to the repository root (code scanning resolves them there), so a
  site in a folder (`docs/`) gets that folder before its paths; each is the file name's exact
  bytes, percent-encoded (RFC 3986), so a space, `#`, `?`, `%` or a byte that is not UTF-8
  still makes a valid `uri-reference` naming that one file.
- Each result's `partialFingerprints` is unique in the run and survives lines inserted above it:
  a hash of the path, rule, message, the text of the finding's line and its rank among findings
  alike in all four.
- Each rule carries its summary, its page (`bot.rules.docs`) as help and a link to the page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from bot.problem import Finding
from bot.render.terminal import raw_bytes, shown

if TYPE_CHECKING:
    from bot.rules.base import Rule

LineText = Callable[[str, int], bytes]
"""(site-relative path, 1-based line) -> that line's bytes, b"" when it cannot be read."""

FINGERPRINT = "pressbot/v2"
"""The name of pressbot's fingerprint in `partialFingerprints` (v1 hashed no line text)."""

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/pressbot/pressbot"


def document(
    findings: Sequence[Finding], prefix: str = "", line_text: LineText | None = None
) -> dict[str, Any]:
    """The SARIF log of ``findings``. ``prefix`` is the site's folder in the repository
    (`docs/`, or "" at the top); ``line_text`` gives the text a fingerprint hashes."""
    from bot import __version__
    from bot.linter import all_rules

    known = all_rules()
    used = sorted({f.rule for f in findings} | set(known))
    index = {rule: i for i, rule in enumerate(used)}
    prints = fingerprints(findings, line_text or _no_text)
    results = [
        _result(f, index[f.rule], prefix, fp) for f, fp in zip(findings, prints, strict=True)
    ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "pressbot",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_descriptor(rule, known.get(rule)) for rule in used],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def level(severity: str) -> str:
    return {"error": "error", "warning": "warning"}.get(severity, "note")


def _descriptor(rule_id: str, rule: Rule | None) -> dict[str, Any]:
    """A rule's `reportingDescriptor`: its summary, its page as help, the page's link."""
    if rule is None:  # a finding of a rule no family declares: its id is all there is
        return {
            "id": rule_id,
            "name": rule_id.replace("/", "-"),
            "shortDescription": {"text": rule_id},
            "defaultConfiguration": {"level": "error"},
        }
    from bot.rules.docs import help_markdown, help_uri

    page = help_markdown(rule)
    return {
        "id": rule.id,
        "name": rule.id.replace("/", "-"),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc or rule.summary},
        "help": {"text": _plain(page), "markdown": page},
        "helpUri": help_uri(rule),
        "defaultConfiguration": {"level": level(rule.severity)},
    }


def _plain(markdown: str) -> str:
    """The page as plain text: its heading line (the rule id, already the title) dropped."""
    lines = markdown.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines).strip() + "\n"


def _result(f: Finding, rule_index: int, prefix: str, fingerprint: str) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": f.line, "startColumn": f.column}
    if f.end_line is not None:
        region["endLine"] = f.end_line
    if f.end_column is not None:
        region["endColumn"] = f.end_column
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": {"text": shown(f.message)},
        "locations": [
            {"physicalLocation": {"artifactLocation": _artifact(f.path, prefix), "region": region}}
        ],
        "partialFingerprints": {FINGERPRINT: fingerprint},
    }
    if f.count != 1:  # the findings of a rule past the cap of one file, counted
        result["properties"] = {"count": f.count}
    return result


def _artifact(path: str, prefix: str) -> dict[str, str]:
    """Where the file is: from the repository root (`%SRCROOT%`); a file outside the site,
    named by its absolute path, as a `file:` URI."""
    if path.startswith("/"):
        return {"uri": "file://" + artifact_uri(path)}
    return {"uri": artifact_uri(path, prefix), "uriBaseId": "%SRCROOT%"}


def artifact_uri(path: str, prefix: str = "") -> str:
    """A site-relative ``path`` as a URI reference from the repository root: ``prefix`` and
    the path's exact bytes, percent-encoded (RFC 3986: every byte but unreserved ones and `/`),
    so `#`, `?`, `%`, `:`, a backslash or a byte that is not UTF-8 names the file, not a
    fragment, query or scheme. Names are not normalized (NFC and NFD are two files)."""
    return quote(raw_bytes(prefix + path), safe="/")


def fingerprints(findings: Sequence[Finding], line_text: LineText) -> list[str]:
    """One fingerprint per finding, unique among ``findings``, that holds while lines are
    inserted or removed above the finding: the hash of its path, rule, message and line text
    (spaces around it ignored), with its rank among the findings alike in these, in order of
    position, so that identical findings on identical lines still differ."""
    keyed: list[tuple[bytes, tuple[int, int, int]]] = []
    for number, f in enumerate(findings):
        text = line_text(f.path, f.line).strip()
        key = b"\0".join((raw_bytes(f.path), f.rule.encode(), raw_bytes(f.message), text))
        keyed.append((key, (f.line, f.column, number)))
    rank: dict[bytes, int] = {}
    out = [""] * len(findings)
    for key, (_, _, number) in sorted(keyed, key=lambda item: item[1]):
        seen = rank.get(key, 0)
        rank[key] = seen + 1
        digest = hashlib.sha256(key + b"\0" + str(seen).encode()).hexdigest()
        out[number] = digest[:32]
    return out


def _no_text(path: str, line: int) -> bytes:
    return b""


def repository_prefix(root: Path) -> str:
    """The site folder ``root`` inside its Git repository, as a path prefix (`docs/`; "" at
    the top, or outside any repository)."""
    from bot.git.root import find_root, repo_prefix

    top = find_root(root)
    if top is None:
        return ""
    try:
        rel = repo_prefix(root, top)
    except ValueError:
        return ""
    return rel + "/" if rel else ""


MAX_READ = 64 << 20
"""Files larger than this are not read again for fingerprints (their lines hash as empty)."""


def file_lines(root: Path) -> LineText:
    """Line text of the site's files under ``root``, each file read once, as bytes (a file
    that is not UTF-8 is hashed as it is)."""
    cache: dict[str, list[bytes]] = {}

    def line_text(path: str, line: int) -> bytes:
        if path not in cache:
            cache[path] = _read_lines(root / path)
        lines = cache[path]
        return lines[line - 1] if 0 < line <= len(lines) else b""

    return line_text


def _read_lines(path: Path) -> list[bytes]:
    try:
        with path.open("rb") as f:
            data = f.read(MAX_READ + 1)
    except OSError:
        return []
    if len(data) > MAX_READ:
        return []
    return data.split(b"\n")  # numbered as `bot.post` numbers them (a lone CR ends no line)
