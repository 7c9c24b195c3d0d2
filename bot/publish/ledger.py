"""The ledger: what was published where, kept in the repository under a dedicated ref.

The ref (`refs/pressbot/ledger`) points at a commit whose tree holds one file,
`ledger.json`. Every change is a new commit whose first parent is the previous ledger
commit and whose second parent is the head the run publishes (so that head stays reachable
for later diffs, even after a force-push of the branch). Changes are compare-and-swap: the
new commit is pushed to `origin` with `--force-with-lease=<ref>:<old>` (or, without a
remote, `git update-ref <ref> <new> <old>`); when another run moved the ref first the
change is re-applied to the newer ledger and tried again.

A missing ledger ref is a first run (only the current push). A ledger ref that exists but
cannot be read (not JSON, another version, values pressbot would not have written) is an
error that stops publishing: acting as on a first run would forget every deferred, blocked
and failed post, and a run never writes over it. The models validate on construction and
on assignment, so a value the ledger could not read back is refused before it is stored.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from bot.git import Git, GitError
from bot.publish import faults

REF = "refs/pressbot/ledger"
FILE = "ledger.json"

T = TypeVar("T")

DeliveryState = Literal["claimed", "published", "unpublished", "failed", "dead"]
Action = Literal["publish", "update", "unpublish"]
PostStatus = Literal["active", "deferred", "blocked", "held", "unlisted", "deleted"]


Sha = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")]
"""A commit id (SHA-1 or SHA-256): the only text from the ledger that reaches git's arguments."""
Key = Annotated[str, StringConstraints(pattern=r"^pb_[0-9a-f]{32}$")]
Path_ = Annotated[str, StringConstraints(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)


class Claim(_Model):
    """Who is delivering right now; taken over when stale."""

    run: str
    host: str
    boot: str = ""
    pid: int
    time: str


class Delivery(_Model):
    """The state of one post at one target."""

    state: DeliveryState
    path: Path_
    action: Action | None = None  # pending (claimed/failed) or last completed
    hash: str | None = None  # content live at the target (last success)
    want: str | None = None  # content being delivered, or that failed
    key: Key | None = None  # idempotency key of the pending or last delivery
    seq: int = Field(default=0, ge=0)  # completed deliveries; part of the key
    live: bool = False  # the post is at the target (as of the last completed delivery)
    remote_id: str | None = None
    url: str | None = None
    commit: Sha | None = None  # head of the run that last wrote this entry
    time: str | None = None
    attempts: int = Field(default=0, ge=0)
    error: str | None = None
    claim: Claim | None = None


class PostRecord(_Model):
    """What the ledger knows of a post apart from its targets."""

    path: Path_
    status: PostStatus = "active"
    reason: str | None = None
    due: str | None = None  # deferred: when it becomes due (ISO 8601; shown, never parsed)
    title: str | None = None
    url: str | None = None
    commit: Sha | None = None
    also: list[Path_] | None = None  # other paths that hold this id (blocked as duplicates)


class LedgerState(_Model):
    version: Literal[1] = 1
    point: Sha | None = None  # the head all changes up to which have been acted on
    posts: dict[str, PostRecord] = Field(default_factory=dict)
    deliveries: dict[str, dict[str, Delivery]] = Field(default_factory=dict)

    def delivery(self, target: str, post_id: str) -> Delivery | None:
        return self.deliveries.get(target, {}).get(post_id)

    def path_index(self) -> dict[str, str]:
        """Post path -> post id, for the posts the ledger knows (live records win)."""
        index: dict[str, str] = {}
        for pid, rec in sorted(self.posts.items(), key=lambda kv: kv[1].status != "deleted"):
            index[rec.path] = pid
        return index

    def dump(self) -> bytes:
        """JSON with one line per post and per delivery: small diffs between ledger commits."""
        data = self.model_dump(mode="json", exclude_none=True)

        def compact(value: object) -> str:
            return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

        def mapping(items: dict[str, object], indent: str) -> str:
            if not items:
                return "{}"
            rows = [f"{indent} {compact(k)}: {compact(v)}" for k, v in sorted(items.items())]
            return "{\n" + ",\n".join(rows) + f"\n{indent}}}"

        targets = ",\n".join(
            f"  {compact(name)}: {mapping(entries, '  ')}"
            for name, entries in sorted(data["deliveries"].items())
        )
        head = {k: v for k, v in data.items() if k not in ("posts", "deliveries")}
        lines = [f" {compact(k)}: {compact(v)}," for k, v in sorted(head.items())]
        lines.append(f' "posts": {mapping(data["posts"], " ")},')
        lines.append(' "deliveries": {' + (f"\n{targets}\n }}" if targets else "}"))
        return ("{\n" + "\n".join(lines) + "\n}\n").encode()


@dataclass
class Snapshot:
    state: LedgerState
    sha: str | None  # the ledger commit read (None: no ledger yet)
    error: str | None = None  # why the ledger at ``sha`` cannot be read (then state is empty)
    raw: bytes | None = None  # ``state.dump()``, once known

    @property
    def first_run(self) -> bool:
        return self.sha is None or self.state.point is None


class LedgerUnreadable(Exception):
    """The ledger ref exists but pressbot cannot read what it holds."""

    def __init__(self, snap: Snapshot) -> None:
        sha = (snap.sha or "")[:12]
        super().__init__(
            f"the ledger {REF} ({sha}) is unreadable: {snap.error}; nothing was published. "
            f"Repair it, or delete the ref to start again as a first run"
        )


class LedgerBusy(Exception):
    """The ledger kept moving under us (too many concurrent writers)."""


class LedgerUnreachable(Exception):
    """The remote holding the ledger could not be read or written."""


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def new_claim(run_id: str) -> Claim:
    return Claim(
        run=run_id, host=socket.gethostname(), boot=_boot_id(), pid=os.getpid(), time=now_iso()
    )


def claim_is_stale(claim: Claim, run_id: str, timeout: float) -> bool:
    """A claim of another run is stale when its process is gone (same machine) or it timed out."""
    if claim.run == run_id:
        return False
    if claim.host == socket.gethostname() and claim.boot == _boot_id() and claim.pid > 0:
        try:
            os.kill(claim.pid, 0)
        except ProcessLookupError:
            return True
        except (PermissionError, OverflowError, ValueError, OSError):
            pass  # alive under another user, or a pid no process can have: the time decides
    try:
        taken = dt.datetime.fromisoformat(claim.time)
        if taken.tzinfo is None:
            taken = taken.replace(tzinfo=dt.timezone.utc)
        age = (dt.datetime.now(dt.timezone.utc) - taken).total_seconds()
    except (ValueError, TypeError, OverflowError):
        return True  # a claim time nobody can read protects nothing
    return age >= timeout


class LedgerStore:
    """Reads and compare-and-swaps the ledger ref, locally and on the remote."""

    def __init__(self, git: Git, remote: str | None) -> None:
        self.git = git
        self.remote = remote
        self._cached: Snapshot | None = None

    @property
    def state(self) -> LedgerState:
        """The ledger as last read or written by this store."""
        return (self._cached or self.load()).state

    # -- reading ---------------------------------------------------------------------------
    def load(self) -> Snapshot:
        sha = self._current_sha()
        snap = self._read(sha)
        self._cached = snap
        return snap

    def _current_sha(self) -> str | None:
        if self.remote is None:
            return self.git.ref_value(REF)
        try:
            sha = self.git.ls_remote(self.remote, REF)
            if sha and not self.git.has_commit(sha):
                self.git.fetch(self.remote, REF)
        except GitError as exc:
            raise LedgerUnreachable(f"cannot read the ledger from {self.remote}: {exc}") from None
        if sha and self.git.ref_value(REF) != sha:
            self.git.run("update-ref", REF, sha, check=False)  # a local mirror, best effort
        return sha

    def _read(self, sha: str | None) -> Snapshot:
        if sha is None:
            return Snapshot(LedgerState(), None)
        data = self.git.blob_at(sha, FILE)
        if data is None:
            return Snapshot(LedgerState(), sha, error=f"its commit holds no {FILE}")
        try:
            state = LedgerState.model_validate_json(data)
        except ValidationError as exc:
            return Snapshot(LedgerState(), sha, error=_problem(exc))
        except ValueError as exc:
            return Snapshot(LedgerState(), sha, error=_one_line(f"{FILE}: {exc}"))
        return Snapshot(state, sha)

    # -- writing ---------------------------------------------------------------------------
    def update(
        self,
        mutate: Callable[[LedgerState, Snapshot], T],
        message: str,
        head: str | None = None,
        attempts: int = 50,
    ) -> T:
        """Apply ``mutate`` to the newest ledger and store it with compare-and-swap.

        ``mutate`` changes the state in place and returns a result; it is called again on
        a fresh copy whenever another run moved the ref first, so it must decide from the
        state it is given. When it changes nothing, nothing is written.
        """
        snap = self._cached or self.load()
        for attempt in range(attempts):
            if snap.error is not None:
                raise LedgerUnreadable(snap)
            if snap.raw is None:
                snap.raw = snap.state.dump()
            state = LedgerState.model_validate_json(snap.raw)  # a deep copy, fast
            result = mutate(state, snap)
            raw = state.dump()
            if raw == snap.raw:
                return result
            parents = [snap.sha] if snap.sha else []
            if head and head not in parents:
                parents.append(head)
            new = self.git.make_commit({FILE: raw}, parents, message)
            faults.point("ledger-push")
            if self._swap(new, snap.sha):
                faults.point("ledger-pushed")
                self._cached = Snapshot(state, new, raw=raw)
                return result
            time.sleep(min(0.5, 0.01 * (attempt + 1)) * random.random())
            snap = self.load()
        raise LedgerBusy(f"the ledger ref {REF} kept changing; gave up after {attempts} tries")

    def _swap(self, new: str, old: str | None) -> bool:
        if self.remote is None:
            return self.git.update_ref(REF, new, old)
        try:
            ok = self.git.push_with_lease(self.remote, new, REF, old)
        except GitError as exc:
            raise LedgerUnreachable(f"cannot write the ledger to {self.remote}: {exc}") from None
        if ok:
            self.git.run("update-ref", REF, new, check=False)
        return ok


def _problem(exc: ValidationError) -> str:
    """The first validation error of the stored ledger, as one line."""
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "(top)"
    return _one_line(f"{FILE}: {where}: {err['msg']}")


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
