"""The options of one publish run, and the checks that refuse a contradictory set."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_REMOTE = "origin"
"""The ledger's remote when none is named; a clone without it keeps the ledger locally."""


@dataclass
class Options:
    site: Path | None = None
    config: Path | None = None
    ref: str | None = None
    since: str | None = None
    dry_run: bool = False
    status: bool = False
    force: list[str] = field(default_factory=list)
    retry_dead: bool = False
    allow_unpublish: bool = False
    rewritten: bool = False
    remote: str | None = DEFAULT_REMOTE
    claim_timeout: float = 900.0
    wait: float = 120.0
    announce: bool = True
    json: bool = False


def check_options(opts: Options) -> None:
    """An option given with an empty value, or one that only works with another, is a usage
    error rather than silently ignored (`--since ''` used to mean no `--since` at all)."""
    import math

    from bot.errors import UsageError

    for option, value, meaning in (
        ("--since", opts.since, "a commit (leave the option out for the push's changes)"),
        ("--ref", opts.ref, "a commit (leave the option out for HEAD)"),
        ("--remote", opts.remote, "a remote (--no-remote keeps the ledger in this clone)"),
    ):
        if value is not None and not value.strip():
            raise UsageError(f"{option}: the value is empty; it must name {meaning}")
    for pid in opts.force:
        if not pid.strip():
            raise UsageError("--force: the value is empty; it must be a post id (see --status)")
    for option, number in (("--claim-timeout", opts.claim_timeout), ("--wait", opts.wait)):
        if math.isnan(number) or number < 0:
            raise UsageError(f"{option}: {number} is not a number of seconds (0 or more)")
    if opts.json and not opts.status:
        raise UsageError("--json goes with --status (the ledger as JSON)")


def _push_event() -> dict[str, Any]:
    """The GitHub push event of this run; empty when it is none."""
    path = os.environ.get("GITHUB_EVENT_PATH")
    if not path or os.environ.get("GITHUB_EVENT_NAME") != "push":
        return {}
    try:
        event: Any = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return event if isinstance(event, dict) else {}


def event_before() -> str | None:
    """The commit a GitHub push event started from (`before`), when this run is one."""
    before = _push_event().get("before")
    return before if isinstance(before, str) and len(before) == 40 else None


def event_forced(head: str) -> bool:
    """This run is that of a force-push (GitHub's push event says ``forced``) of ``head``."""
    event = _push_event()
    return event.get("forced") is True and event.get("after") == head
