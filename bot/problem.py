"""The one finding record, and its canonical one-line form.

Rules say *what* and *where*; the linter stamps the severity the site configured.
Every output format (text, json, github, sarif, markdown) is a rendering of a list of
these records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Fix:
    """A safe replacement.

    With only ``line``: the whole line (without its line ending) becomes ``replacement``.
    With ``column``/``end_column`` (1-based, end exclusive, Unicode characters): that range of
    ``line`` (through ``end_line`` when given) becomes ``replacement``.
    """

    line: int
    replacement: str
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"line": self.line}
        if self.column is not None:
            out["column"] = self.column
            out["end_line"] = self.end_line if self.end_line is not None else self.line
            out["end_column"] = self.end_column
        out["replacement"] = self.replacement
        return out


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    column: int
    rule: str
    message: str
    severity: Severity = "error"
    end_line: int | None = None
    end_column: int | None = None
    fix: Fix | None = field(default=None, compare=False)
    count: int = field(default=1, compare=False)
    """The findings this record stands for: 1, or for the record that ends a rule's findings
    in a file past `bot.linter.MAX_PER_RULE`, every one of them not listed one by one. Totals
    add these up (`json` and `sarif` give it when it is not 1)."""

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.rule)

    def line_format(self) -> str:
        """``path:line:col: severity rule message``: the canonical form."""
        return f"{self.path}:{self.line}:{self.column}: {self.severity} {self.rule} {self.message}"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
        }
        if self.end_line is not None:
            out["end_line"] = self.end_line
        if self.end_column is not None:
            out["end_column"] = self.end_column
        out.update(rule=self.rule, severity=self.severity, message=self.message)
        if self.fix is not None:
            out["fix"] = self.fix.as_dict()
        if self.count != 1:
            out["count"] = self.count
        return out
