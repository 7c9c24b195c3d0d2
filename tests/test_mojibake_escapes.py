"""`encoding/mojibake` behind escapes: front matter that spells the garbled characters with
YAML's, TOML's or JSON's ``\\u`` escapes ("Here\\u00e2\\u20ac\\u2122s"). No line holds the
characters, but the decoded string does, and the site shows them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.escapekit import JEKYLL, KINDS, encoding_findings, nested_value_sites

GARBLED = "Here\\u00e2\\u20ac\\u2122s"  # as escapes: "Hereâ€™s"
CLEAN = "Here\\u2019s"  # as escapes: "Here’s"


def found(root: Path) -> list[dict[str, object]]:
    return encoding_findings(root, "encoding/mojibake")


@pytest.mark.parametrize("kind", KINDS)
def test_escaped_mojibake_is_found_at_its_key(tmp_path: Path, kind: str) -> None:
    root = write_site(tmp_path, nested_value_sites(GARBLED)[kind])
    findings = found(root)
    assert len(findings) == 1, findings
    finding = findings[0]
    assert finding["line"] == (
        3 if kind == "json" else 4
    ) and "extra.note: its escapes spell mojibake" in str(finding["message"])
    assert 'write "Here’s"' in str(finding["message"]) and finding.get("fix") is None


@pytest.mark.parametrize("kind", KINDS)
def test_clean_escapes_are_not_flagged(tmp_path: Path, kind: str) -> None:
    root = write_site(tmp_path, nested_value_sites(CLEAN)[kind])
    assert found(root) == []


def test_mojibake_written_as_characters_is_reported_once(tmp_path: Path) -> None:
    """The line scan reports it (with its fix); the escape scan leaves it alone."""
    post = '---\ntitle: "Hereâ€™s \\u00e9"\n---\n'
    root = write_site(tmp_path, {**JEKYLL, "_posts/2020-01-01-a.md": post})
    findings = found(root)
    assert len(findings) == 1 and findings[0]["column"] != 1, findings


@pytest.mark.parametrize("kind", KINDS)
def test_escapes_are_found_when_another_key_writes_the_characters(
    tmp_path: Path, kind: str
) -> None:
    """The same garbled characters written out on another key's line do not hide the
    escapes: each value is reported where it is, the written one with its fix, the escaped
    one at its key without."""
    files = nested_value_sites(GARBLED)[kind]
    name = next(n for n in files if n.endswith(".md"))
    written = {"toml": 'other = "Hereâ€™s"\n', "json": '"other": "Hereâ€™s",\n'}
    lines = files[name].splitlines(keepends=True)
    lines.insert(1, written.get(kind, "other: Hereâ€™s\n"))
    root = write_site(tmp_path, {**files, name: "".join(lines)})
    findings = found(root)
    assert len(findings) == 2, findings
    by_line = {f["line"]: f for f in findings}
    assert by_line[2].get("fix") is not None and by_line[2]["column"] != 1
    escaped = by_line[4 if kind == "json" else 5]
    assert "extra.note: its escapes spell mojibake" in str(escaped["message"])


def test_an_alias_of_written_characters_is_not_called_escapes(tmp_path: Path) -> None:
    """A YAML alias repeats its anchor's value: the anchor's line is reported (and fixed),
    the alias holds no escape of its own."""
    post = '---\ntitle: &t "Hereâ€™s \\u00e9"\nagain: *t\n---\n'
    root = write_site(tmp_path, {**JEKYLL, "_posts/2020-01-01-a.md": post})
    findings = found(root)
    assert len(findings) == 1 and findings[0]["line"] == 2, findings
