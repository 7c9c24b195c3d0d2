"""The ledger: what was published where, and every change a run makes to it.

`LedgerState` is the whole ledger (one JSON file, `ledger.json`); its methods are the
transitions of the publish state machine: record what the plan found, claim a delivery,
record its result, advance the point. How it is kept under a Git ref, and changed by
compare-and-swap, is `bot.publish.ledger_store`'s. The models validate on construction and
on assignment, so a value the ledger could not read back is refused before it is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bot.publish.states import Action, DeliveryState, Kind, PostStatus, Reason
from bot.publish.targets.base import Outcome, Previous
from bot.render.terminal import clean

if TYPE_CHECKING:
    from bot.git import Git
    from bot.publish.desired import Desired, Plan

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
    status: PostStatus = PostStatus.ACTIVE
    reason: str | None = None
    due: str | None = None  # deferred: when it becomes due (ISO 8601; shown, never parsed)
    expires: str | None = None  # published until then (ISO 8601): looked at again after it
    title: str | None = None
    url: str | None = None
    commit: Sha | None = None
    also: list[Path_] | None = None  # other paths that hold this id (blocked as duplicates)


class LedgerState(_Model):
    version: Literal[1] = 1
    site: Annotated[str, Field(max_length=4096)] | None = None
    """The site's folder in the repository (`blog/`; '' at the top): whose ledger it is.
    A ledger written before pressbot kept one per site does not say."""
    point: Sha | None = None  # the head all changes up to which have been acted on
    posts: dict[str, PostRecord] = Field(default_factory=dict)
    deliveries: dict[str, dict[str, Delivery]] = Field(default_factory=dict)

    def delivery(self, target: str, post_id: str) -> Delivery | None:
        return self.deliveries.get(target, {}).get(post_id)

    def path_index(self) -> dict[str, str]:
        """Post path -> post id, for the posts the ledger knows (live records win)."""
        index: dict[str, str] = {}
        for pid, rec in sorted(
            self.posts.items(), key=lambda kv: kv[1].status != PostStatus.DELETED
        ):
            index[rec.path] = pid
        return index

    # -- transitions: every change a run makes to the ledger --------------------------------
    def covers(self, head: str, git: Git) -> bool:
        """The point is a strict descendant of ``head``: a run on a newer head got here first."""
        return descends_from(git, self.point, head)

    def advance_point(self, head: str, git: Git) -> None:
        """Everything up to ``head`` is acted on (unless a newer run's point is kept)."""
        if not self.covers(head, git):
            self.point = head

    def record_plan(self, plan: Plan, targets: Iterable[str], git: Git) -> None:
        """Remember what ``plan`` found for each post, before anything is delivered."""
        names = list(targets)
        for item in plan.items:
            if item.secondary:
                continue  # the id's record keeps the path the ledger knows, and lists this one
            rec = self.posts.get(item.id)
            if rec is not None and descends_from(git, rec.commit, plan.head):
                continue
            if (
                rec is None
                and item.kind == Kind.ABSENT
                and not any(self.delivery(name, item.id) for name in names)
            ):
                continue  # never published, nothing to remember
            new = PostRecord(
                path=item.path,
                status=post_status(item),
                reason=item.reason,
                due=item.due,
                expires=item.expires,
                title=clean(item.title) if item.title is not None else (rec.title if rec else None),
                url=item.payload.url if item.payload else (rec.url if rec else None),
                commit=plan.head,
                also=item.also or None,
            )
            if rec is None or rec.model_dump(exclude={"commit"}) != new.model_dump(
                exclude={"commit"}
            ):
                self.posts[item.id] = new

    def claim(
        self,
        target: str,
        item: Desired,
        claim: Claim,
        *,
        timeout: float,
        retry_dead: bool,
        head: str,
        git: Git,
    ) -> Claimed | NotClaimed:
        """Claim the delivery of ``item`` to ``target`` for the run of ``claim``.

        Refused while another run's claim is live, when a run on a newer head wrote the
        entry, and when there is nothing to do. A delivery that was started and not settled
        keeps its idempotency key, so a repeat reaches the target as the same delivery.
        """
        entry = self.delivery(target, item.id)
        current = entry.claim if entry is not None else None
        if current and not claim_is_stale(current, claim.run, timeout):
            return NotClaimed(busy=True)
        if entry is not None and descends_from(git, entry.commit, head):
            return NotClaimed()  # a run on a newer head owns this post
        action, why = decide(item, entry, retry_dead)
        if action is None:
            return NotClaimed(dead=entry is not None and why == DeliveryState.DEAD)
        if entry is None:
            entry = Delivery(state=DeliveryState.CLAIMED, path=item.path)
            self.deliveries.setdefault(target, {})[item.id] = entry
        unsettled = entry.state.pending
        same_pending = (
            unsettled
            and entry.action == action
            and (action == Action.UNPUBLISH or same_content(entry.want, entry, item))
        )
        if not (same_pending and entry.key):
            content = entry.hash if action == Action.UNPUBLISH else item.hash
            entry.key = delivery_key(target, item.id, action, content, entry.seq)
            entry.attempts = 0
        if action != Action.UNPUBLISH:
            entry.want = item.hash
        entry.action = action
        entry.state = DeliveryState.CLAIMED
        entry.claim = claim
        entry.path = item.path
        entry.commit = head
        entry.time = claim.time
        rec = self.posts.get(item.id)
        previous = Previous(
            remote_id=entry.remote_id,
            url=entry.url,
            published=entry.live,
            unsettled=unsettled and action == Action.PUBLISH,
        )
        assert entry.key is not None
        return Claimed(action, entry.key, previous, rec.url if rec is not None else None)

    def record_result(
        self,
        target: str,
        item: Desired,
        action: Action,
        outcome: Outcome,
        *,
        run: str,
        head: str,
        when: str,
        max_attempts: int,
    ) -> None:
        """Settle the delivery ``run`` claimed: done, or failed (dead after ``max_attempts``)."""
        entry = self.delivery(target, item.id)
        if entry is None or entry.claim is None or entry.claim.run != run:
            return  # taken over meanwhile; that run records its own delivery
        entry.claim = None
        entry.time = when
        entry.commit = head
        if outcome.ok:
            unpublish = action == Action.UNPUBLISH
            entry.state = DeliveryState.UNPUBLISHED if unpublish else DeliveryState.PUBLISHED
            entry.live = not unpublish
            entry.hash = item.hash if entry.live else None
            entry.seq += 1
            entry.attempts = 0
            entry.error = None
            if outcome.remote_id is not None or not unpublish:
                entry.remote_id = outcome.remote_id or entry.remote_id
            entry.url = outcome.url or entry.url
        else:
            entry.attempts += 1
            entry.error = clean(outcome.error or "failed", 300)
            dead = outcome.permanent or entry.attempts >= max_attempts
            entry.state = DeliveryState.DEAD if dead else DeliveryState.FAILED

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


@dataclass(frozen=True)
class Claimed:
    """A delivery this run now holds: what to ask the target, and what it may already have."""

    action: Action
    key: str
    previous: Previous
    site_url: str | None  # the post's site-relative URL, as the ledger last knew it


@dataclass(frozen=True)
class NotClaimed:
    """A delivery this run does not make."""

    busy: bool = False  # another run holds it: wait for that run
    dead: bool = False  # given up on: only --retry-dead or --force tries again


def post_status(item: Desired) -> PostStatus:
    """The status the ledger keeps for a post the plan found as ``item``."""
    if item.kind == Kind.BLOCKED:
        if item.reason == Reason.HELD:
            return PostStatus.HELD
        return PostStatus.BLOCKED if item.reason == Reason.INVALID else PostStatus.DELETED
    if item.kind == Kind.ABSENT:
        return PostStatus.DELETED if item.reason == Reason.DELETED else PostStatus.UNLISTED
    return PostStatus.ACTIVE if item.kind == Kind.PRESENT else PostStatus.DEFERRED


def decide(
    desired: Desired, entry: Delivery | None, retry_dead: bool = False
) -> tuple[Action | None, str | None]:
    """The action a target needs for ``desired`` given its ledger entry, and why none."""
    force = desired.force
    pending = entry is not None and entry.state.pending
    if desired.kind == Kind.DEFERRED and entry is not None:
        # dated after now again: the generator builds no page for it until its date, so the
        # page it had leaves (and comes back, published afresh, when it is due)
        leaving = entry.live or (pending and entry.action == Action.PUBLISH)
        if leaving or (pending and entry.action == Action.UNPUBLISH):
            if entry.state == DeliveryState.DEAD and not (retry_dead or force):
                return None, DeliveryState.DEAD
            return Action.UNPUBLISH, None
    if desired.kind in (Kind.DEFERRED, Kind.BLOCKED):
        return None, desired.kind.value
    if desired.kind == Kind.PRESENT:
        if entry is None:
            return Action.PUBLISH, None
        if (
            pending
            and same_content(entry.want, entry, desired)
            and entry.action != Action.UNPUBLISH
        ):
            if entry.state == DeliveryState.DEAD and not (retry_dead or force):
                return None, DeliveryState.DEAD
            return entry.action, None
        if entry.live and same_content(entry.hash, entry, desired) and not force:
            return None, "up to date"
        # a publish that was claimed, or failed, without a recorded answer may have reached
        # the target: what follows is an update of what may be there, never a second publish
        maybe_there = entry.live or (pending and entry.action == Action.PUBLISH)
        return (Action.UPDATE if maybe_there else Action.PUBLISH), None
    # absent: Jekyll would not build it (deleted, unpublished, renamed out of _posts)
    if entry is None:
        return None, "not published"
    if pending and entry.action == Action.UNPUBLISH:
        if entry.state == DeliveryState.DEAD and not (retry_dead or force):
            return None, DeliveryState.DEAD
        return Action.UNPUBLISH, None
    if entry.live or (pending and entry.action == Action.PUBLISH):
        return Action.UNPUBLISH, None
    return None, "not published"


def same_content(recorded: str | None, entry: Delivery, desired: Desired) -> bool:
    """``recorded``, a hash the ledger holds in ``entry``, is that of ``desired``'s content.

    A hash an earlier pressbot recorded (`bot.publish.payload.legacy_hash`: the relative URL
    and the file's bytes, not the site's address nor the file the page is written to) is
    taken as the same content while the URL the target recorded is still the post's, so an
    upgrade does not send every post that is read again; a changed address is an update.
    """
    if recorded is None:
        return False
    if recorded == desired.hash:
        return True
    payload = desired.payload
    if payload is None or recorded != desired.legacy_hash or entry.url is None:
        return False
    from bot.publish.targets.folder import recorded_url

    shown = payload.absolute_url or payload.url
    return entry.url in (payload.url, shown, recorded_url(shown))


def delivery_key(target: str, post_id: str, action: str, hash_: str | None, seq: int) -> str:
    """The idempotency key of one delivery: the same for every retry and every re-run."""
    raw = f"{target}\0{post_id}\0{action}\0{hash_ or ''}\0{seq}".encode()
    return "pb_" + hashlib.sha256(raw).hexdigest()[:32]


def descends_from(git: Git, commit: str | None, head: str) -> bool:
    """True when ``commit`` (from the ledger) is a strict descendant of ``head``."""
    if not commit or commit == head or not git.has_commit(commit):
        return False
    return git.is_ancestor(head, commit)


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
    # a claim dated later than now by the timeout or more (a clock far ahead, a ledger
    # written by hand) would otherwise hold its post for ever
    return abs(age) >= timeout
