"""The results of a PR check: what the unprivileged job hands to the privileged one.

``pressbot pr --results FILE`` writes it; ``pressbot pr --post FILE`` reads it in a
``workflow_run`` job that has write access. The pull request's code produced the file, so the
reader treats it as hostile: size-capped and depth-limited while parsing, validated field by field
with a strict model (types without coercion, lengths, counts, line ranges, path shape, SHA and
rule-id patterns, no unknown fields), and every string is still sanitised when rendered. Errors
name the field, never echo its value (see `bot.pr.documents`).

Paths in this file are relative to the repository root (what GitHub's API speaks), not to the
site root.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.pr.documents import (
    DocumentError,
    PrNumber,
    RepoName,
    Sha,
    describe,
    parse_json,
    read_capped,
)

VERSION: Final = 1
MAX_BYTES = 20 * 1024 * 1024
MAX_FINDINGS = 20_000
MAX_SUGGESTIONS = 1_000
MAX_REPLACEMENT = 200_000
MAX_CONTENT_FOLDERS = 100
"""Characters of one suggested replacement; a longer fix is not suggested."""
RULE = r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)+$"

Line = Annotated[int, Field(ge=1, le=10_000_000)]
Column = Annotated[int, Field(ge=0, le=100_000_000)]
Count = Annotated[int, Field(ge=0, le=10**7)]


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


def _check_paths(values: list[str]) -> list[str]:
    return [_check_path(v) for v in values]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def _ends_after(start: int, end: int | None, what: str) -> None:
    if end is not None and end < start:
        raise ValueError(f"{what} is before the first line")


class FixData(_Strict):
    line: Line
    replacement: Annotated[str, Field(max_length=MAX_REPLACEMENT)]
    column: Column | None = None
    end_line: Line | None = None
    end_column: Column | None = None

    @model_validator(mode="after")
    def _range(self) -> FixData:
        _ends_after(self.line, self.end_line, "end_line")
        return self


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
    count: Annotated[int, Field(ge=1, le=10**7)] = 1
    """The findings this record stands for (`bot.problem.Finding.count`)."""

    _path = field_validator("path")(_check_path)

    @model_validator(mode="after")
    def _range(self) -> FindingData:
        _ends_after(self.line, self.end_line, "end_line")
        return self


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

    @model_validator(mode="after")
    def _range(self) -> SuggestionData:
        _ends_after(self.start_line, self.end_line, "end_line")
        return self


class Results(_Strict):
    version: Literal[1] = VERSION
    repository: RepoName
    pull_request: PrNumber
    head_sha: Sha
    base_sha: Sha
    files_checked: Count
    posts_changed: Count = 0
    pages_reached: Count = 0
    """Pages the pull request does not change, checked because a `cascade` it changes reaches
    them (a Hugo section's `_index` file)."""
    links_checked: Count = 0
    """Posts the pull request does not change, checked because they name one it removes,
    renames or changes in a `post_url` tag."""
    whole_site: Literal["", "configuration", "unlisted"] = ""
    """Why every post of the site was checked, not only the changed ones: the pull request
    changes the site's configuration, or GitHub did not list all of its changed files."""
    content_folders: Annotated[
        list[Annotated[str, Field(max_length=1024)]], Field(max_length=MAX_CONTENT_FOLDERS)
    ] = []
    """A Hugo site's content folders (repository paths; each language's), for the posting
    job, which has no checkout to read them from. As untrusted as the rest: a folder where
    no page can be (hidden, or one of Hugo's own such as `layouts`) is never taken (see
    `bot.pr.flow.is_post_file`)."""
    findings: Annotated[list[FindingData], Field(max_length=MAX_FINDINGS)] = []
    findings_omitted: Annotated[int, Field(ge=0, le=10**9)] = 0
    suggestions: Annotated[list[SuggestionData], Field(max_length=MAX_SUGGESTIONS)] = []

    _folders = field_validator("content_folders")(_check_paths)

    @property
    def errors(self) -> int:
        return sum(f.count for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(f.count for f in self.findings if f.severity == "warning")

    @property
    def total(self) -> int:
        """Every finding: those listed, those a capped record stands for, and those omitted."""
        return sum(f.count for f in self.findings) + self.findings_omitted

    def dumps(self) -> str:
        return self.model_dump_json(indent=1) + "\n"


def parse(data: bytes) -> Results:
    try:
        raw: Any = parse_json(data, "results file", MAX_BYTES)
    except DocumentError as exc:
        raise ResultsError(str(exc)) from None
    version = raw.get("version") if isinstance(raw, dict) else None
    if type(version) is not int or version != VERSION:  # true == 1 in Python
        raise ResultsError(f"results file is not pressbot results version {VERSION}")
    try:
        return Results.model_validate(raw)
    except ValidationError as exc:
        raise ResultsError(f"results file is not valid: {describe(exc)}"[:300]) from None


def load(path: Path) -> Results:
    try:
        data = read_capped(path, MAX_BYTES)
    except OSError as exc:
        raise ResultsError(f"cannot read results file {path}: {exc.strerror}") from None
    return parse(data)
