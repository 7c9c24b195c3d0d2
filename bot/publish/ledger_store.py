"""The ledger kept in the repository under a dedicated ref, changed by compare-and-swap.

Each site has its own ledger: a site at the repository's top in `refs/pressbot/ledger`, a
site in a folder in `refs/pressbot/ledgers/<folder>` (two sites of one repository, such as
`blog/` and `docs/`, know their posts by the same ids). The ref points at a commit whose
tree holds one file, `ledger.json`, which names its site. Every change is a new commit
whose first parent is the previous ledger commit and whose second parent is the head the
run publishes (so that head stays reachable for later diffs, even after a force-push of the
branch). Changes are compare-and-swap: the new commit is pushed to `origin` with
`--force-with-lease=<ref>:<old>` (or, without a remote, `git update-ref <ref> <new> <old>`);
when another run moved the ref first the change is re-applied to the newer ledger and tried
again.

A missing ledger ref is a first run (only the current push). A site in a folder whose ref is
missing takes over the ledger `refs/pressbot/ledger` holds when that one was written before
ledgers were kept per site (it names no site), the repository's top is no site, and the
posts it knows are in this folder: its own ledger, under the old name. A ledger ref that
exists but cannot be read (not JSON, another version, values pressbot would not have
written, another site's) is an error that stops publishing: acting as on a first run would
forget every deferred, blocked and failed post, and a run never writes over it.
"""

from __future__ import annotations

import hashlib
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from pydantic import ValidationError

from bot.git import Git, GitError, PushRefused
from bot.publish import faults
from bot.publish.ledger import LedgerState

REF = "refs/pressbot/ledger"
"""The ledger of a site at the repository's top (and, before ledgers were kept per site,
of any site)."""
FILE = "ledger.json"
_SAFE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")


def ledger_ref(prefix: str) -> str:
    """The ref of the ledger of the site at ``prefix`` ('' at the top, else `blog/`): the
    folder's own name where Git takes each of its parts for a ref's, else a digest of it."""
    folder = prefix.strip("/")
    if not folder:
        return REF
    parts = folder.split("/")
    if not all(_SAFE.fullmatch(part) and not part.endswith((".", ".lock")) for part in parts):
        folder = "_" + hashlib.sha256(folder.encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return f"refs/pressbot/ledgers/{folder}"


T = TypeVar("T")


@dataclass
class Snapshot:
    state: LedgerState
    sha: str | None  # the ledger commit read (None: no ledger yet)
    error: str | None = None  # why the ledger at ``sha`` cannot be read (then state is empty)
    raw: bytes | None = None  # ``state.dump()``, once known
    ref: str = REF
    adopted: str | None = None
    """The commit of a ledger written before ledgers were kept per site, taken over as this
    site's (its ref is not written: the site's own is created)."""

    @property
    def first_run(self) -> bool:
        return self.state.point is None


class LedgerUnreadable(Exception):
    """The ledger ref exists but pressbot cannot read what it holds."""

    def __init__(self, snap: Snapshot) -> None:
        sha = (snap.sha or "")[:12]
        super().__init__(
            f"the ledger {snap.ref} ({sha}) is unreadable: {snap.error}; nothing was "
            "published. Repair it, or delete the ref to start again as a first run"
        )


class LedgerBusy(Exception):
    """The ledger kept moving under us (too many concurrent writers)."""


class LedgerUnreachable(Exception):
    """The remote holding the ledger could not be read or written."""


class LedgerRefused(LedgerUnreachable):
    """The remote refused the ledger's ref (a pre-receive hook, a protected ref, a ruleset):
    no other run will make it accept the change, so this is no race to try again."""

    def __init__(self, remote: str, ref: str, exc: PushRefused) -> None:
        said = _untrusted("; ".join(exc.remote_said[:8]))
        why = _untrusted(exc.reason or "no reason given") + (f": {said}" if said else "")
        super().__init__(
            f"{remote} refused the ledger {ref} ({why}); let this job push {ref} (a protected "
            "ref or a ruleset must allow it)"
        )


class LedgerUnwritable(Exception):
    """This clone's git could not write the ledger's commit or ref: the change is not
    recorded (the ledger still holds what it held before)."""

    def __init__(self, ref: str, exc: GitError) -> None:
        super().__init__(f"cannot record the ledger {ref} in this clone: {_why(exc)}")


class LedgerStore:
    """Reads and compare-and-swaps the ledger ref, locally and on the remote."""

    def __init__(self, git: Git, remote: str | None, prefix: str = "") -> None:
        self.git = git
        self.remote = remote
        self.prefix = prefix
        self.ref = ledger_ref(prefix)
        self._cached: Snapshot | None = None

    @property
    def state(self) -> LedgerState:
        """The ledger as last read or written by this store."""
        return (self._cached or self.load()).state

    # -- reading ---------------------------------------------------------------------------
    def load(self) -> Snapshot:
        snap = self._read(self._current_sha(self.ref), self.ref)
        if snap.sha is None and self.ref != REF:
            snap = self._adopted() or snap
        self._cached = snap
        return snap

    def _adopted(self) -> Snapshot | None:
        """The ledger written before ledgers were kept per site, when it is this site's."""
        old = self._read(self._current_sha(REF), REF)
        if old.sha is None or old.error is not None or old.state.site is not None:
            return None
        point = old.state.point
        if point is None or self._top_is_a_site(point):
            return None
        paths = [rec.path for rec in old.state.posts.values()][:50]
        if paths and not any(self.git.blobs_at(point, [self.prefix + p for p in paths]).values()):
            return None
        return Snapshot(old.state, None, ref=self.ref, adopted=old.sha)

    def _top_is_a_site(self, commit: str) -> bool:
        from bot.generator import HUGO_CONFIG_NAMES, JEKYLL_CONFIG_NAMES

        names = [".pressbot.yml", *JEKYLL_CONFIG_NAMES, *HUGO_CONFIG_NAMES]
        return any(self.git.blobs_at(commit, names).values())

    def _current_sha(self, ref: str) -> str | None:
        if self.remote is None:
            return self.git.ref_value(ref)
        try:
            sha = self.git.ls_remote(self.remote, ref)
            if sha and not self.git.has_commit(sha):
                self.git.fetch(self.remote, ref)
        except GitError as exc:
            why = _why(exc)
            raise LedgerUnreachable(f"cannot read the ledger from {self.remote}: {why}") from None
        if sha and self.git.ref_value(ref) != sha:
            self.git.run("update-ref", ref, sha, check=False)  # a local mirror, best effort
        return sha

    def _read(self, sha: str | None, ref: str) -> Snapshot:
        if sha is None:
            return Snapshot(LedgerState(), None, ref=ref)
        data = self.git.blob_at(sha, FILE)
        if data is None:
            return Snapshot(LedgerState(), sha, error=f"its commit holds no {FILE}", ref=ref)
        try:
            state = LedgerState.model_validate_json(data)
        except ValidationError as exc:
            return Snapshot(LedgerState(), sha, error=_problem(exc), ref=ref)
        except ValueError as exc:
            return Snapshot(LedgerState(), sha, error=_one_line(f"{FILE}: {exc}"), ref=ref)
        if state.site is not None and state.site != self.prefix:
            # a site moved to another folder, or a ref copied by hand: not this site's posts
            problem = f"it is the ledger of the site in {state.site or 'the top folder'!r}"
            return Snapshot(LedgerState(), sha, error=problem, ref=ref)
        return Snapshot(state, sha, ref=ref)

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
            state.site = self.prefix
            raw = state.dump()
            if raw == snap.raw:
                return result
            parents = [sha for sha in (snap.sha or snap.adopted,) if sha]
            if head and head not in parents:
                parents.append(head)
            try:
                new = self.git.make_commit({FILE: raw}, parents, message)
                faults.point("ledger-push")
                swapped = self._swap(new, snap.sha)
            except GitError as exc:
                raise LedgerUnwritable(self.ref, exc) from None
            if swapped:
                faults.point("ledger-pushed")
                self._cached = Snapshot(state, new, raw=raw)
                return result
            time.sleep(min(0.5, 0.01 * (attempt + 1)) * random.random())
            snap = self.load()
        raise LedgerBusy(f"the ledger ref {self.ref} kept changing; gave up after {attempts} tries")

    def _swap(self, new: str, old: str | None) -> bool:
        if self.remote is None:
            return self.git.update_ref(self.ref, new, old)
        try:
            ok = self.git.push_with_lease(self.remote, new, self.ref, old)
        except PushRefused as exc:
            raise LedgerRefused(self.remote, self.ref, exc) from None
        except GitError as exc:
            raise LedgerUnreachable(f"cannot write the ledger to {self.remote}: {exc}") from None
        if ok:
            self.git.run("update-ref", self.ref, new, check=False)
        return ok


def _why(exc: GitError) -> str:
    """Why git failed: the cause in the machine with git's words, else git's message."""
    return f"{exc.cause} ({exc.said})" if exc.cause else str(exc)


def _problem(exc: ValidationError) -> str:
    """The first validation error of the stored ledger, as one line."""
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "(top)"
    return _one_line(f"{FILE}: {where}: {err['msg']}")


_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-_])")


def _untrusted(text: str, limit: int = 300) -> str:
    """What a remote said, for one line of a log: its colours and other terminal sequences
    dropped, the rest made inert (no control character, no workflow command), bounded."""
    from bot.render.terminal import clean

    return clean(" ".join(_ANSI.sub("", text).split()), limit)


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
