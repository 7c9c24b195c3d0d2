"""What the GitHub Actions environment says about the run and its pull request.

Read from the standard variables (``GITHUB_EVENT_NAME``, ``GITHUB_EVENT_PATH``,
``GITHUB_REPOSITORY``, ``GITHUB_API_URL``, ``GITHUB_SERVER_URL``, ``GITHUB_STEP_SUMMARY``,
``GITHUB_TOKEN``), never from the process environment directly, so tests pass their own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

PR_EVENTS = ("pull_request", "pull_request_target")
MAX_EVENT_BYTES = 25 * 1024 * 1024
_SHA = re.compile(r"^[0-9a-f]{40}$")
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


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
    bot_login: str

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Actions:
        repository = env.get("GITHUB_REPOSITORY", "")
        if repository and not _REPO.match(repository):
            raise PrError(f"GITHUB_REPOSITORY is not owner/name: {repository[:100]!r}")
        return cls(
            event_name=env.get("GITHUB_EVENT_NAME", ""),
            event_path=env.get("GITHUB_EVENT_PATH", ""),
            repository=repository,
            api_url=(env.get("GITHUB_API_URL") or "https://api.github.com").rstrip("/"),
            server_url=(env.get("GITHUB_SERVER_URL") or "https://github.com").rstrip("/"),
            step_summary=env.get("GITHUB_STEP_SUMMARY") or None,
            token=env.get("GITHUB_TOKEN") or None,
            bot_login=env.get("PRESSBOT_BOT_LOGIN") or "github-actions[bot]",
        )

    def checks_url(self, number: int) -> str:
        return f"{self.server_url}/{self.repository}/pull/{int(number)}/checks"

    def payload(self) -> dict[str, Any]:
        if not self.event_path:
            raise PrError("pressbot pr runs in a GitHub Actions job: GITHUB_EVENT_PATH is not set")
        try:
            with open(self.event_path, "rb") as fh:
                data = fh.read(MAX_EVENT_BYTES + 1)
        except OSError as exc:
            raise PrError(f"cannot read the event file: {exc.strerror}") from None
        if len(data) > MAX_EVENT_BYTES:
            raise PrError("the event file is too large")
        try:
            payload = json.loads(data)
        except ValueError:
            raise PrError("the event file is not JSON") from None
        if not isinstance(payload, dict):
            raise PrError("the event file is not a JSON object")
        return payload


@dataclass(frozen=True)
class PullRequest:
    number: int
    head_sha: str
    base_sha: str
    head_repo: str
    base_repo: str

    @property
    def is_fork(self) -> bool:
        return self.head_repo.lower() != self.base_repo.lower()


def _get(obj: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def pull_request(actions: Actions, payload: dict[str, Any]) -> PullRequest:
    if actions.event_name not in PR_EVENTS:
        raise PrError(
            f"pressbot pr checks pull_request events, not {actions.event_name or 'no event'!r}"
            " (use --post in the workflow_run job)"
        )
    pr = payload.get("pull_request")
    number = _get(pr, "number")
    head, base = _get(pr, "head", "sha"), _get(pr, "base", "sha")
    if not isinstance(number, int) or not all(
        isinstance(s, str) and _SHA.match(s) for s in (head, base)
    ):
        raise PrError("the event has no pull request with a number and head/base SHAs")
    base_repo = _get(pr, "base", "repo", "full_name") or actions.repository
    head_repo = _get(pr, "head", "repo", "full_name") or ""  # null when the fork was deleted
    return PullRequest(number, head, base, str(head_repo), str(base_repo))


@dataclass(frozen=True)
class WorkflowRun:
    head_sha: str
    event: str
    head_repo: str
    pull_numbers: tuple[int, ...]


def workflow_run(actions: Actions, payload: dict[str, Any]) -> WorkflowRun:
    if actions.event_name != "workflow_run":
        raise PrError(
            f"pressbot pr --post runs in a workflow_run job, not {actions.event_name or 'none'!r}"
        )
    run = payload.get("workflow_run")
    head = _get(run, "head_sha")
    if not isinstance(head, str) or not _SHA.match(head):
        raise PrError("the workflow_run event has no head SHA")
    numbers = tuple(
        p["number"]
        for p in (_get(run, "pull_requests") or [])
        if isinstance(p, dict) and isinstance(p.get("number"), int)
    )
    return WorkflowRun(
        head_sha=head,
        event=str(_get(run, "event") or ""),
        head_repo=str(_get(run, "head_repository", "full_name") or ""),
        pull_numbers=numbers,
    )
