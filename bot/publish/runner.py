"""One publish run: plan, claim, deliver, record, announce.

Every delivery goes through the ledger twice: a claim (compare-and-swap) before the target
is called, and the result after. A run that dies in between leaves a claim that the next run
takes over (at once when the claiming process is gone from this machine, else after the
claim timeout) and completes with the same idempotency key, so the target sees at most a
repeat of one delivery, which the key (or a lookup at the target) lets it ignore.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from bot.git import Git
from bot.publish import faults
from bot.publish.ledger import (
    Delivery,
    LedgerState,
    LedgerStore,
    PostRecord,
    Snapshot,
    claim_is_stale,
    new_claim,
    now_iso,
)
from bot.publish.plan import Desired, Plan, Planner, decide, delivery_key
from bot.publish.targets import Outcome, PostPayload, Previous, Target, build_targets

BATCH = 100
WORKERS = 8  # deliveries of one batch run in parallel
DEFAULT_REMOTE = "origin"
"""The ledger's remote when none is named; a clone without it keeps the ledger locally."""
PAST = {"publish": "published", "update": "updated", "unpublish": "unpublished"}


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
    remote: str | None = DEFAULT_REMOTE
    claim_timeout: float = 900.0
    wait: float = 120.0
    announce: bool = True
    json: bool = False


@dataclass
class Done:
    target: str
    id: str
    action: str
    url: str | None
    title: str | None
    path: str
    commit: str | None = None


@dataclass
class Failed:
    target: str
    id: str
    action: str
    error: str
    dead: bool
    title: str | None = None


@dataclass
class Report:
    done: list[Done] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)
    blocked: list[Desired] = field(default_factory=list)
    deferred: list[Desired] = field(default_factory=list)
    held: list[Desired] = field(default_factory=list)
    busy: list[str] = field(default_factory=list)
    dead: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.held else 0


def clean(text: object, limit: int = 300) -> str:
    """Untrusted text made safe for one line of log output (no control chars, bounded)."""
    out = "".join(ch if ch.isprintable() else " " for ch in str(text))
    return out if len(out) <= limit else out[: limit - 1] + "…"


def outcome_problem(outcome: object) -> str | None:
    """Why a target's outcome cannot be recorded as it is, or None when it can.

    The remote id and URL of a success are stored in the ledger and shown in reports and
    comments: the limits are those of `bot.publish.targets.base`, checked again here
    whatever a target returned (an object that is not an `Outcome`, or one changed after
    it was made).
    """
    from bot.publish.targets.base import remote_id_problem, url_problem

    if not isinstance(outcome, Outcome):
        return f"the target returned {type(outcome).__name__}, not an outcome"
    if not outcome.ok:
        return None
    return remote_id_problem(outcome.remote_id) or url_problem(outcome.url)


def checked_outcome(outcome: object) -> Outcome:
    """The outcome, or a failed one saying why the target's answer cannot be recorded."""
    problem = outcome_problem(outcome)
    if problem is not None:
        return Outcome(False, error=f"the target's answer cannot be recorded: {problem}")
    assert isinstance(outcome, Outcome)
    if outcome.ok:
        return outcome
    error = clean(outcome.error, 300) if outcome.error is not None else "failed"
    return Outcome(False, error=error, permanent=bool(outcome.permanent))


@dataclass
class _Task:
    target: Target
    desired: Desired
    action: str = ""
    key: str = ""
    previous: Previous = field(default_factory=Previous)
    site_url: str | None = None  # the post's site-relative URL, as the ledger last knew it


class Runner:
    def __init__(self, opts: Options, out: IO[str] | None = None) -> None:
        self.opts = opts
        self.out = out or sys.stdout
        self.run_id = uuid.uuid4().hex[:12]
        self.report = Report()
        self.started_ns = time.time_ns()  # temporary files older than this are a dead run's

    def say(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    # -- set-up ------------------------------------------------------------------------------
    def _setup(self) -> None:
        from bot.errors import UsageError
        from bot.publish.targets import TargetConfigError
        from bot.site import load_site

        _check_options(self.opts)
        self.site = load_site(self.opts.site, self.opts.config)
        self.git = Git.at(self.site.root)
        head = self.git.rev_parse(self.opts.ref or "HEAD")
        if head is None:
            raise UsageError(f"{self.opts.ref or 'HEAD'}: no such commit")
        self.head = head
        try:
            self.targets = build_targets(
                self.site.config.publish.targets, self.site.root, self.site.jekyll
            )
        except TargetConfigError as exc:
            raise UsageError(f"configuration: {exc}") from None
        self._check_folders()
        remote = self.opts.remote
        if remote and self.git.remote_url(remote) is None:
            if remote != DEFAULT_REMOTE:  # named on purpose: a ledger kept here would fork
                raise UsageError(f"--remote {remote}: no such remote (see `git remote -v`)")
            remote = None
        self.store = LedgerStore(self.git, remote)

    def _check_folders(self) -> None:
        """Folder targets write only where nothing is read: refused before anything is written."""
        from bot.errors import UsageError
        from bot.publish.targets.folder import FolderTarget

        for index, target in enumerate(self.targets):
            if isinstance(target, FolderTarget):
                problem = target.place_problem(self.site.root, self.git.root, self.site.jekyll)
                if problem:
                    raise UsageError(f"configuration: publish.targets[{index}]: {problem}")

    def _first_base(self) -> str | None:
        from bot.errors import UsageError

        if self.opts.since is not None:
            base = self.git.rev_parse(self.opts.since)
            if base is None:
                raise UsageError(f"--since {self.opts.since}: no such commit")
            return base
        before = _event_before()
        if before and before.strip("0") and self.git.has_commit(before):
            return before
        return self.git.first_parent(self.head)

    # -- the run -----------------------------------------------------------------------------
    def run(self) -> int:
        from bot.errors import UsageError
        from bot.publish.ledger import LedgerBusy, LedgerUnreachable, LedgerUnreadable

        self._setup()
        try:
            snap = self.store.load()
            if self.opts.status:
                return self._status(snap)
            if snap.error is not None:
                raise LedgerUnreadable(snap)
            if self._stale(snap):
                self.say(
                    f"nothing to do: the ledger already covers {(snap.state.point or '')[:12]}, "
                    f"newer than {self.head[:12]}"
                )
                return 0
            if self.opts.since is not None and not snap.first_run:
                self.report.notes.append(
                    f"--since {self.opts.since}: not used, the ledger says what was published"
                )
            planner = Planner(self.git, self.site, self.head)
            plan = planner.plan(
                snap.state,
                snap.first_run,
                self._first_base() if snap.first_run else None,
                forced=self.opts.force,
                retry_dead=self.opts.retry_dead,
            )
            self.report.notes.extend(plan.notes)
            self._guard(plan, snap.state)
            if self.opts.dry_run:
                return self._show_plan(plan, snap.state)
            self._execute(plan)
        except (LedgerUnreachable, LedgerBusy, LedgerUnreadable) as exc:
            raise UsageError(str(exc)) from None
        finally:
            for target in getattr(self, "targets", []):
                target.close()
        self._print_report()
        if self.opts.announce:
            from bot.publish.announce import announce

            for line in announce(self.report, self.git, plan, self.site):
                self.say(line)
        return self.report.exit_code

    def _stale(self, snap: Snapshot) -> bool:
        point = snap.state.point
        if snap.first_run or not point or point == self.head or not self.git.has_commit(point):
            return False
        return self.git.is_ancestor(self.head, point)

    def _newer(self, commit: str | None) -> bool:
        """True when ``commit`` (from the ledger) is a strict descendant of our head."""
        if not commit or commit == self.head or not self.git.has_commit(commit):
            return False
        return self.git.is_ancestor(self.head, commit)

    def _guard(self, plan: Plan, state: LedgerState) -> None:
        """Unpublish at most ``max_unpublish`` posts in one run unless told otherwise."""
        config = self.site.config.publish
        leaving = []
        for item in plan.items:
            if item.kind != "absent":
                continue
            if item.reason == "deleted" and not config.unpublish_deleted:
                item.kind, item.reason = "blocked", "kept"
                continue
            if any(
                decide(item, state.delivery(t.name, item.id))[0] == "unpublish"
                for t in self.targets
            ):
                leaving.append(item)
        if len(leaving) > config.max_unpublish and not self.opts.allow_unpublish:
            for item in leaving:
                item.kind, item.reason = "blocked", "held"
                self.report.held.append(item)
            self.say(
                f"refusing to unpublish {len(leaving)} posts in one run (publish.max_unpublish is "
                f"{config.max_unpublish}); run `pressbot publish --allow-unpublish` to confirm"
            )

    # -- execution ---------------------------------------------------------------------------
    def _clean_folders(self) -> None:
        """Remove the temporary files a killed run left in the output folders."""
        from bot.publish.targets.folder import FolderTarget

        for target in self.targets:
            if isinstance(target, FolderTarget):
                removed = target.start(self.started_ns)
                if removed:
                    self.report.notes.append(
                        f"{target.name}: removed {len(removed)} temporary files left by an "
                        f"interrupted run (e.g. {removed[0]})"
                    )

    def _execute(self, plan: Plan) -> None:
        self._clean_folders()
        self.store.update(lambda st, _s: self._record_posts(st, plan), "pressbot: plan", self.head)
        for item in plan.items:
            if item.kind == "blocked" and item.reason == "invalid":
                self.report.blocked.append(item)
            elif item.kind == "deferred":
                self.report.deferred.append(item)
        deadline = time.monotonic() + self.opts.wait
        tasks: list[_Task] = []
        # what leaves goes first: a post taking over the URL of one deleted in the same push
        # finds its place free (a folder target keeps a page that is another post's)
        for kind in ("absent", "present"):
            phase = [
                _Task(target, item)
                for target in self.targets
                for item in plan.items
                if item.kind == kind
            ]
            tasks.extend(self._deliver_all(phase, deadline))
        self.report.busy = sorted({f"{t.desired.id} ({t.target.name})" for t in tasks})
        if not tasks:
            self.store.update(self._advance_point, "pressbot: point", self.head)
        else:
            self.say(
                f"{len(tasks)} deliveries are still claimed by another run; not advancing the point"
            )

    def _deliver_all(self, tasks: list[_Task], deadline: float) -> list[_Task]:
        """Deliver ``tasks`` in batches, waiting until ``deadline`` for those another run
        holds; returns those still held."""
        while tasks:
            busy: list[_Task] = []
            for start in range(0, len(tasks), BATCH):
                busy.extend(self._run_batch(tasks[start : start + BATCH]))
            if not busy or time.monotonic() >= deadline:
                return busy
            time.sleep(min(1.0, max(0.05, self.opts.wait / 50)))
            self.store.load()  # the other run's results are only seen on a fresh read
            tasks = busy
        return []

    def _record_posts(self, state: LedgerState, plan: Plan) -> None:
        status_of = {"present": "active", "absent": "deleted", "deferred": "deferred"}
        for item in plan.items:
            if item.secondary:
                continue  # the id's record keeps the path the ledger knows, and lists this one
            rec = state.posts.get(item.id)
            if rec is not None and self._newer(rec.commit):
                continue
            if item.kind == "blocked":
                status = (
                    "held"
                    if item.reason == "held"
                    else ("blocked" if item.reason == "invalid" else "deleted")
                )
            elif item.kind == "absent" and item.reason != "deleted":
                status = "unlisted"
            else:
                status = status_of[item.kind]
            if (
                rec is None
                and item.kind == "absent"
                and not any(state.delivery(t.name, item.id) for t in self.targets)
            ):
                continue  # never published, nothing to remember
            new = PostRecord(
                path=item.path,
                status=status,  # type: ignore[arg-type]
                reason=item.reason,
                due=item.due,
                title=clean(item.title) if item.title is not None else (rec.title if rec else None),
                url=item.payload.url if item.payload else (rec.url if rec else None),
                commit=self.head,
                also=item.also or None,
            )
            if rec is None or rec.model_dump(exclude={"commit"}) != new.model_dump(
                exclude={"commit"}
            ):
                state.posts[item.id] = new

    def _advance_point(self, state: LedgerState, _snap: Snapshot) -> None:
        point = state.point
        if (
            point
            and point != self.head
            and self.git.has_commit(point)
            and self.git.is_ancestor(self.head, point)
        ):
            return
        state.point = self.head

    def _run_batch(self, batch: list[_Task]) -> list[_Task]:
        busy: list[_Task] = []

        def claim(state: LedgerState, _snap: Snapshot) -> list[_Task]:
            busy.clear()
            mine: list[_Task] = []
            claim_rec = new_claim(self.run_id)
            for task in batch:
                name, item = task.target.name, task.desired
                entry = state.delivery(name, item.id)
                claim_ = entry.claim if entry is not None else None
                if claim_ and not claim_is_stale(claim_, self.run_id, self.opts.claim_timeout):
                    busy.append(task)
                    continue
                if entry is not None and self._newer(entry.commit):
                    continue  # a run on a newer head owns this post
                action, _why = decide(item, entry, self.opts.retry_dead)
                if action is None:
                    if entry is not None and _why == "dead" and item.id not in self.report.dead:
                        self.report.dead.append(item.id)
                    continue
                if entry is None:
                    entry = Delivery(state="claimed", path=item.path)
                    state.deliveries.setdefault(name, {})[item.id] = entry
                unsettled = entry.state in ("claimed", "failed", "dead")
                same_pending = (
                    unsettled
                    and entry.action == action
                    and (action == "unpublish" or entry.want == item.hash)
                )
                if not (same_pending and entry.key):
                    content = entry.hash if action == "unpublish" else item.hash
                    entry.key = delivery_key(name, item.id, action, content, entry.seq)
                    entry.attempts = 0
                if action != "unpublish":
                    entry.want = item.hash
                entry.action = action
                entry.state = "claimed"
                entry.claim = claim_rec
                entry.path = item.path
                entry.commit = self.head
                entry.time = claim_rec.time
                task.action = action
                task.key = entry.key
                rec = state.posts.get(item.id)
                task.site_url = rec.url if rec is not None else None
                task.previous = Previous(
                    remote_id=entry.remote_id,
                    url=entry.url,
                    published=entry.live,
                    unsettled=unsettled and action == "publish",
                )
                mine.append(task)
            return mine

        mine = self.store.update(claim, "pressbot: claim", self.head)
        if not mine:
            return list(busy)
        faults.point("delivery-claimed")
        with ThreadPoolExecutor(max_workers=min(WORKERS, len(mine))) as pool:
            results = list(zip(mine, pool.map(self._deliver, mine), strict=False))
        self.store.update(
            lambda st, _s: self._record_results(st, results), "pressbot: results", self.head
        )
        self._report_results(results, self.store.state)
        return list(busy)

    def _deliver(self, task: _Task) -> Outcome:
        previous_url = task.previous.url
        payload = task.desired.payload or PostPayload(
            id=task.desired.id,
            path=task.desired.path,
            url=task.site_url or previous_url or "",
            absolute_url=previous_url if previous_url and "://" in previous_url else None,
            commit=self.head,
        )
        faults.point("delivery-call")
        try:
            outcome = task.target.deliver(task.action, payload, task.previous, task.key)  # type: ignore[arg-type]
        except Exception as exc:  # a target bug must not lose the record of the others
            outcome = Outcome(False, error=f"{type(exc).__name__}: {clean(exc, 200)}")
        faults.point("delivery-sent")
        return checked_outcome(outcome)

    def _record_results(self, state: LedgerState, results: list[tuple[_Task, Outcome]]) -> None:
        when = now_iso()
        max_default = self.site.config.publish.max_attempts
        for task, outcome in results:
            name, item = task.target.name, task.desired
            entry = state.delivery(name, item.id)
            if entry is None or entry.claim is None or entry.claim.run != self.run_id:
                continue  # taken over meanwhile; that run records its own delivery
            entry.claim = None
            entry.time = when
            entry.commit = self.head
            if outcome.ok:
                entry.state = "unpublished" if task.action == "unpublish" else "published"
                entry.live = task.action != "unpublish"
                entry.hash = item.hash if entry.live else None
                entry.seq += 1
                entry.attempts = 0
                entry.error = None
                if outcome.remote_id is not None or task.action != "unpublish":
                    entry.remote_id = outcome.remote_id or entry.remote_id
                entry.url = outcome.url or entry.url
            else:
                entry.attempts += 1
                entry.error = clean(outcome.error or "failed", 300)
                limit = task.target.max_attempts or max_default
                entry.state = "dead" if outcome.permanent or entry.attempts >= limit else "failed"

    def _report_results(self, results: list[tuple[_Task, Outcome]], state: LedgerState) -> None:
        done_keys = {(d.target, d.id, d.action) for d in self.report.done}
        fail_keys = {(f.target, f.id, f.action) for f in self.report.failed}
        for task, outcome in results:
            key = (task.target.name, task.desired.id, task.action)
            entry = state.delivery(task.target.name, task.desired.id)
            if outcome.ok and key not in done_keys:
                self.report.done.append(
                    Done(
                        task.target.name,
                        task.desired.id,
                        task.action,
                        outcome.url,
                        task.desired.title,
                        task.desired.path,
                        self.head,
                    )
                )
                done_keys.add(key)
            elif not outcome.ok and key not in fail_keys:
                self.report.failed.append(
                    Failed(
                        task.target.name,
                        task.desired.id,
                        task.action,
                        clean(outcome.error or "failed"),
                        bool(entry and entry.state == "dead"),
                        task.desired.title,
                    )
                )
                fail_keys.add(key)

    # -- output ------------------------------------------------------------------------------
    def _print_report(self) -> None:
        r = self.report
        for note in r.notes:
            self.say(f"note: {clean(note)}")
        for d in r.done:
            self.say(f"{PAST[d.action]} {clean(d.id)} -> {d.target}: {clean(d.url or '')}")
        for f in r.failed:
            state = "dead" if f.dead else "failed"
            self.say(f"{state}: {clean(f.id)} -> {f.target} ({f.action}): {f.error}")
        for item in r.blocked:
            self.say(f"blocked: {clean(item.path)} is not published until its errors are fixed:")
            for finding in item.findings[:20]:
                self.say(f"  {clean(finding.line_format(), 500)}")
        for item in r.deferred:
            self.say(f"deferred: {clean(item.path)} is due {item.due}")
        for pid in r.dead:
            self.say(
                f"dead: {clean(pid)} (run with --retry-dead or --force {clean(pid)} to try again)"
            )
        for busy in r.busy:
            self.say(f"busy: {clean(busy)} is being published by another run")
        self.say(
            f"publish: {len(r.done)} delivered, {len(r.failed)} failed, {len(r.blocked)} blocked, "
            f"{len(r.deferred)} deferred, {len(r.held)} held"
        )

    def _show_plan(self, plan: Plan, state: LedgerState) -> int:
        base = plan.base[:12] if plan.base else "(empty tree)"
        first = " (first run)" if plan.first_run else ""
        self.say(f"plan {base}..{plan.head[:12]}{first} (dry run: nothing is changed)")
        for note in plan.notes:
            self.say(f"note: {clean(note)}")
        for item in plan.items:
            for target in self.targets:
                action, why = decide(
                    item, state.delivery(target.name, item.id), self.opts.retry_dead
                )
                what = action or f"skip ({why if item.kind != 'absent' else item.reason or why})"
                if item.kind in ("blocked", "deferred"):
                    what = f"{item.reason if item.kind == 'blocked' else 'deferred'}"
                self.say(f"  {what:<10} {clean(item.path)} -> {target.name}")
        if not plan.items:
            self.say("  nothing to publish")
        return 0

    def _status(self, snap: Snapshot) -> int:
        state = snap.state
        if snap.error is not None:
            if self.opts.json:
                self.say(json.dumps({"ledger": snap.sha, "unreadable": snap.error}, indent=1))
                return 2
            self.say(f"ledger {(snap.sha or '')[:12]} (unreadable): {clean(snap.error, 400)}")
            self.say(
                "publishing is stopped until it is repaired, or the ref deleted "
                "(the next run is then a first run)"
            )
            return 2
        if self.opts.json:
            self.say(json.dumps(json.loads(state.dump()), indent=1))
            return 0
        if snap.sha is None:
            self.say("no ledger yet: the first run will publish only the commits of its push")
            return 0
        self.say(f"ledger {snap.sha[:12]}; point {(state.point or '-')[:12]}")
        for pid in sorted(state.posts):
            rec = state.posts[pid]
            why = f" ({clean(rec.reason)})" if rec.reason and rec.status != "active" else ""
            self.say(f"{clean(pid)}  {rec.status}{why}  {clean(rec.path)}")
            for name in sorted(state.deliveries):
                entry = state.deliveries[name].get(pid)
                if entry is None:
                    continue
                extra = f" attempts={entry.attempts}" if entry.attempts else ""
                err = f" error: {clean(entry.error)}" if entry.error else ""
                self.say(f"    {clean(name)}: {entry.state} {clean(entry.url or '')}{extra}{err}")
        return 0


def _check_options(opts: Options) -> None:
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


def _event_before() -> str | None:
    path = os.environ.get("GITHUB_EVENT_PATH")
    if not path or os.environ.get("GITHUB_EVENT_NAME") != "push":
        return None
    try:
        event: Any = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    before = event.get("before") if isinstance(event, dict) else None
    return before if isinstance(before, str) and len(before) == 40 else None
