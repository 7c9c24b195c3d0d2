"""The ledger kept in the repository under a dedicated ref, changed by compare-and-swap.

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
and failed post, and a run never writes over it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from pydantic import ValidationError

from bot.git import Git, GitError
from bot.publish import faults
from bot.publish.ledger import LedgerState

REF = "refs/pressbot/ledger"
FILE = "ledger.json"

T = TypeVar("T")


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
