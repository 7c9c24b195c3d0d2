"""The results of a PR check: what the unprivileged job hands to the privileged one.

``pressbot pr --results FILE`` writes it; ``pressbot pr --post FILE`` reads it in a
``workflow_run`` job that has write access. The pull request's code produced the file, so the
reader treats it as hostile: size-capped before parsing, validated field by field (types,
lengths, counts, path shape, SHA and rule-id patterns, no unknown fields), and every string is
still sanitised when rendered. Errors name the field, never echo its value.

Paths in this file are relative to the repository root (what GitHub's API speaks), not to the
site root.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

VERSION = 1
MAX_BYTES = 20 * 1024 * 1024
MAX_FINDINGS = 20_000
MAX_SUGGESTIONS = 1_000
SHA = r"^[0-9a-f]{40}$"
RULE = r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)+$"

Line = Annotated[int, Field(ge=1, le=10_000_000)]
Column = Annotated[int, Field(ge=0, le=100_000_000)]


class ResultsError(ValueError):
    """The results file cannot be trusted or read."""


def _check_path(value: str) -> str:
    parts = value.split("/")
    # Any name Git can hold is allowed (every output escapes it); what could reach outside
    # the repository is not.
    if (
        not value
        or value.startswith("/")
        or "\x00" in value
        or any(p in ("", ".", "..") for p in parts)
    ):
        raise ValueError("not a relative POSIX path inside the repository")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FixData(_Strict):
    line: Line
    replacement: Annotated[str, Field(max_length=200_000)]
    column: Column | None = None
    end_line: Line | None = None
    end_column: Column | None = None


class FindingData(_Strict):
    path: Annotated[str, Field(min_length=1, max_length=1024)]
    line: Line
    column: Column = 0
    end_line: Line | None = None
    end_column: Column | None = None
    rule: Annotated[str, Field(max_length=100, pattern=RULE)]
    severity: Literal["error", "warning", "info"]
    message: Annotated[str, Field(max_length=2000)]
    fix: FixData | None = None

    _path = field_validator("path")(_check_path)


class SuggestionData(_Strict):
    """Whole new lines for ``start_line..end_line`` of ``path`` (a suggestion replaces lines)."""

    path: Annotated[str, Field(min_length=1, max_length=1024)]
    start_line: Line
    end_line: Line
    new_text: Annotated[str, Field(max_length=20_000)]
    rule: Annotated[str, Field(max_length=100, pattern=RULE)]
    message: Annotated[str, Field(max_length=2000)]
    fingerprint: Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]

    _path = field_validator("path")(_check_path)


class Results(_Strict):
    version: Literal[1] = VERSION
    repository: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", max_length=200)]
    pull_request: Annotated[int, Field(ge=1, le=10**9)]
    head_sha: Annotated[str, Field(pattern=SHA)]
    base_sha: Annotated[str, Field(pattern=SHA)]
    files_checked: Annotated[int, Field(ge=0, le=10**7)]
    posts_changed: Annotated[int, Field(ge=0, le=10**7)] = 0
    findings: Annotated[list[FindingData], Field(max_length=MAX_FINDINGS)] = []
    findings_omitted: Annotated[int, Field(ge=0, le=10**9)] = 0
    suggestions: Annotated[list[SuggestionData], Field(max_length=MAX_SUGGESTIONS)] = []

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def dumps(self) -> str:
        return self.model_dump_json(indent=1) + "\n"


def parse(data: bytes) -> Results:
    if len(data) > MAX_BYTES:
        raise ResultsError(f"results file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        raw: Any = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ResultsError("results file is not UTF-8 JSON") from None
    if not isinstance(raw, dict) or raw.get("version") != VERSION:
        raise ResultsError(f"results file is not pressbot results version {VERSION}")
    try:
        return Results.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "(top)"
        raise ResultsError(
            f"results file is not valid: {where}: {first.get('msg', 'invalid')}"[:300]
        ) from None


def load(path: Path) -> Results:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ResultsError(f"cannot read results file {path}: {exc.strerror}") from None
    return parse(data)
