"""What the GitHub Actions environment says about the run and its pull request.

Read from the standard variables (``GITHUB_EVENT_NAME``, ``GITHUB_EVENT_PATH``,
``GITHUB_REPOSITORY``, ``GITHUB_API_URL``, ``GITHUB_SERVER_URL``, ``GITHUB_STEP_SUMMARY``,
``GITHUB_TOKEN``), never from the process environment directly, so tests pass their own.

The event file is read like the results artifact (`bot.pr.documents`): size-capped, parsed with a
nesting limit, and validated by a strict model of the fields pressbot uses; other fields are
ignored. A bad event is a :class:`PrError` (exit 2) before anything is checked or posted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.pr.documents import (
    Branch,
    DocumentError,
    PrNumber,
    RepoName,
    Sha,
    describe,
    is_repo_name,
    parse_json,
    read_capped,
)

PR_EVENTS = ("pull_request", "pull_request_target")
MAX_EVENT_BYTES = 25 * 1024 * 1024


class PrError(Exception):
    """The environment or the event does not describe a pull request we can check."""


@dataclass(frozen=True)
class Actions:
    event_name: str
    event_path: str
    repository: str
    api_url: str
    server_url: str
    step_summary: str | None
    token: str | None = field(repr=False)
    bot_login: str | None  # PRESSBOT_BOT_LOGIN; None: asked of GitHub (see `flow.own_login`)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Actions:
        repository = env.get("GITHUB_REPOSITORY", "")
        if repository and not is_repo_name(repository):
            raise PrError(f"GITHUB_REPOSITORY is not owner/name: {repository[:100]!r}")
        return cls(
            event_name=env.get("GITHUB_EVENT_NAME", ""),
            event_path=env.get("GITHUB_EVENT_PATH", ""),
            repository=repository,
            api_url=(env.get("GITHUB_API_URL") or "https://api.github.com").rstrip("/"),
            server_url=(env.get("GITHUB_SERVER_URL") or "https://github.com").rstrip("/"),
            step_summary=env.get("GITHUB_STEP_SUMMARY") or None,
            token=env.get("GITHUB_TOKEN") or None,
            bot_login=env.get("PRESSBOT_BOT_LOGIN") or None,
        )

    def checks_url(self, number: int) -> str:
        return f"{self.server_url}/{self.repository}/pull/{int(number)}/checks"

    def payload(self) -> dict[str, Any]:
        if not self.event_path:
            raise PrError("pressbot pr runs in a GitHub Actions job: GITHUB_EVENT_PATH is not set")
        try:
            data = read_capped(self.event_path, MAX_EVENT_BYTES)
        except OSError as exc:
            raise PrError(f"cannot read the event file: {exc.strerror}") from None
        try:
            payload = parse_json(data, "the event file", MAX_EVENT_BYTES)
        except DocumentError as exc:
            raise PrError(str(exc)) from None
        if not isinstance(payload, dict):
            raise PrError("the event file is not a JSON object")
        return payload


# -- the event payloads, as far as pressbot reads them -------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)


class _Repo(_Model):
    full_name: RepoName


class _Ref(_Model):
    sha: Sha
    repo: _Repo | None = None  # null when the fork was deleted


class _Pull(_Model):
    number: PrNumber
    head: _Ref
    base: _Ref
    changed_files: Annotated[int, Field(ge=0, le=10**9)] | None = None


class _PullRequestEvent(_Model):
    pull_request: _Pull


class _RunPull(_Model):
    number: PrNumber


class _Run(_Model):
    head_sha: Sha
    head_branch: Branch | None = None
    event: Annotated[str, Field(max_length=100)] = ""
    head_repository: _Repo | None = None
    pull_requests: Annotated[list[_RunPull], Field(max_length=100)] = []


class _WorkflowRunEvent(_Model):
    workflow_run: _Run


def _validate(model: type[_Model], payload: dict[str, Any], what: str) -> Any:
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise PrError(f"the event file is not a valid {what} event: {describe(exc)}") from None


@dataclass(frozen=True)
class PullRequest:
    number: int
    head_sha: str
    base_sha: str
    head_repo: str
    base_repo: str
    changed_files: int | None = None  # as the event counts them

    @property
    def is_fork(self) -> bool:
        return self.head_repo.lower() != self.base_repo.lower()


def pull_request(actions: Actions, payload: dict[str, Any]) -> PullRequest:
    if actions.event_name not in PR_EVENTS:
        raise PrError(
            f"pressbot pr checks pull_request events, not {actions.event_name or 'no event'!r}"
            " (use --post in the workflow_run job)"
        )
    pr = _validate(_PullRequestEvent, payload, "pull_request").pull_request
    base_repo = pr.base.repo.full_name if pr.base.repo else actions.repository
    head_repo = pr.head.repo.full_name if pr.head.repo else ""
    return PullRequest(pr.number, pr.head.sha, pr.base.sha, head_repo, base_repo, pr.changed_files)


@dataclass(frozen=True)
class WorkflowRun:
    head_sha: str
    event: str
    head_repo: str
    pull_numbers: tuple[int, ...]
    head_branch: str = ""


def workflow_run(actions: Actions, payload: dict[str, Any]) -> WorkflowRun:
    if actions.event_name != "workflow_run":
        raise PrError(
            f"pressbot pr --post runs in a workflow_run job, not {actions.event_name or 'none'!r}"
        )
    run = _validate(_WorkflowRunEvent, payload, "workflow_run").workflow_run
    return WorkflowRun(
        head_sha=run.head_sha,
        event=run.event,
        head_repo=run.head_repository.full_name if run.head_repository else "",
        pull_numbers=tuple(p.number for p in run.pull_requests),
        head_branch=run.head_branch or "",
    )
