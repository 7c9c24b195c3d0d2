"""One publish run: plan, claim, deliver, record, announce.

Every delivery goes through the ledger twice: a claim (compare-and-swap) before the target
is called, and the result after. A run that dies in between leaves a claim that the next run
takes over (at once when the claiming process is gone from this machine, else after the
claim timeout) and completes with the same idempotency key, so the target sees at most a
repeat of one delivery, which the key (or a lookup at the target) lets it ignore.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import IO

from bot.git import Git
from bot.publish import faults
from bot.publish.deliver import Task, deliver
from bot.publish.desired import Plan
from bot.publish.ledger import Claimed, LedgerState, new_claim, now_iso
from bot.publish.ledger_store import LedgerStore, Snapshot
from bot.publish.options import (
    DEFAULT_REMOTE,
    Options,
    check_options,
    event_before,
    event_forced,
)
from bot.publish.plan import Planner, site_prefix
from bot.publish.report import (
    Done,
    Failed,
    Report,
    busy_line,
    covered_line,
    diverged_line,
    guard_line,
    plan_lines,
    run_lines,
    status_lines,
)
from bot.publish.states import DeliveryState, Kind, PostStatus, Reason
from bot.publish.targets import Outcome, build_targets
from bot.reading import gone_absolute_url
from bot.render.terminal import clean

BATCH = 100
WORKERS = 8  # deliveries of one batch run in parallel


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
        from bot.site import load_site

        check_options(self.opts)
        self.site = load_site(self.opts.site, self.opts.config)
        self.git = Git.at(self.site.root)
        head = self.git.rev_parse(self.opts.ref or "HEAD")
        if head is None:
            raise UsageError(f"{self.opts.ref or 'HEAD'}: no such commit")
        self.head = head
        if self.site.is_hugo and self.opts.ref and head != self.git.rev_parse("HEAD"):
            # which files are pages, and their sections and bundles, are read from the
            # checkout: another commit's pages would be judged by this one's folders
            raise UsageError(
                f"--ref {self.opts.ref}: on a Hugo site pressbot publishes the checked-out"
                " commit; check that commit out instead"
            )
        configured = self.site.config.publish.targets
        if not configured and not self.opts.status:
            self._check_default_target()
        self.targets = build_targets(configured, self.site.root)
        remote = self.opts.remote
        if remote and self.git.remote_url(remote) is None:
            if remote != DEFAULT_REMOTE:  # named on purpose: a ledger kept here would fork
                raise UsageError(f"--remote {remote}: no such remote (see `git remote -v`)")
            remote = None
        self.store = LedgerStore(self.git, remote, site_prefix(self.git, self.site))

    def _check_default_target(self) -> None:
        """The embedded folder target, used when none is configured, is judged as a
        configured one is when the settings are loaded: before anything is written. On
        GitHub Actions it is refused: its folder is in the runner's workspace, thrown away
        after the job, while the ledger would record the posts as published there, so that
        a target configured later would never get them."""
        from bot.errors import UsageError
        from bot.publish.target_checks import DEFAULT_FOLDER, entry_problems

        if os.environ.get("GITHUB_ACTIONS") == "true":
            base = self._first_base()
            since = (
                f" (then `pressbot publish --since {base[:12]}` publishes this push's posts)"
                if base
                else ""
            )
            raise UsageError(
                "no publish target is configured: the default folder target would write"
                f" {DEFAULT_FOLDER}/ in this GitHub Actions runner, whose files are thrown away"
                " after the job, and record the posts as published; nothing was published or"
                " recorded. Configure a target under publish.targets in .pressbot.yml (webhook"
                " or devto; a folder target written out in full if a later step of the workflow"
                f" keeps the folder){since}"
            )
        for _where, problem in entry_problems({}, self.site):
            raise UsageError(f"configuration: the default target (no publish.targets): {problem}")

    def _first_base(self) -> str | None:
        from bot.errors import UsageError

        if self.opts.since is not None:
            base = self.git.rev_parse(self.opts.since)
            if base is None:
                raise UsageError(f"--since {self.opts.since}: no such commit")
            return base
        before = event_before()
        if before and before.strip("0") and self.git.has_commit(before):
            return before
        return self.git.first_parent(self.head)

    @property
    def target_names(self) -> list[str]:
        return [target.name for target in self.targets]

    # -- the run -----------------------------------------------------------------------------
    def run(self) -> int:
        from bot.errors import UsageError
        from bot.publish.ledger_store import LedgerBusy, LedgerUnreachable, LedgerUnreadable

        self._setup()
        try:
            snap = self.store.load()
            if self.opts.status:
                lines, code = status_lines(snap, self.opts.json)
                for line in lines:
                    self.say(line)
                return code
            if snap.error is not None:
                raise LedgerUnreadable(snap)
            if snap.state.covers(self.head, self.git):
                self.say(covered_line(snap.state.point, self.head))
                return 0
            self._refuse_diverged(snap)
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
                targets=self.target_names,
                allow_unpublish=self.opts.allow_unpublish,
            )
            self.report.notes.extend(plan.notes)
            self.report.held.extend(plan.held)
            refusal = guard_line(plan)
            if refusal is not None:
                self.say(refusal)
            if self.opts.dry_run:
                for line in plan_lines(plan, snap.state, self.target_names, self.opts.retry_dead):
                    self.say(line)
                return 0
            self._execute(plan)
        except (LedgerUnreachable, LedgerBusy, LedgerUnreadable) as exc:
            raise UsageError(str(exc)) from None
        finally:
            for target in getattr(self, "targets", []):
                target.close()
        for line in run_lines(self.report):
            self.say(line)
        if self.opts.announce:
            from bot.publish.announce import announce

            for line in announce(self.report, self.git, plan, self.site):
                self.say(line)
        return self.report.exit_code

    def _refuse_diverged(self, snap: Snapshot) -> None:
        """A head whose history does not hold the ledger's point (a local commit on a stale
        branch, another branch) is not the default branch: publishing it would take back
        what the point published and write the head, unpushed, into the shared ledger. A
        force-push of the default branch is the one exception, and says so."""
        from bot.errors import UsageError

        point = snap.state.point
        if point is None or point == self.head or not self.git.has_commit(point):
            return
        if self.git.is_ancestor(point, self.head):
            return
        if self.opts.rewritten or event_forced(self.head):
            self.report.notes.append(
                f"the ledger's point {point[:12]} is not in the history of {self.head[:12]}: "
                "publishing the rewritten default branch"
            )
            return
        raise UsageError(diverged_line(point, self.head, snap.ref))

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

    @contextlib.contextmanager
    def _recording(self, unrecorded: str) -> Iterator[None]:
        """A ledger write that fails (a full disk, a lock file, a remote that does not
        answer) ends the run with exit 2, saying what the ledger does not hold and what the
        next run does about it."""
        from bot.errors import UsageError
        from bot.publish.ledger_store import LedgerBusy, LedgerUnreachable, LedgerUnwritable

        try:
            yield
        except (LedgerUnwritable, LedgerUnreachable, LedgerBusy) as exc:
            raise UsageError(f"{exc}; {unrecorded}") from None

    def _settled(self) -> str:
        """What this run delivered and recorded so far, for the message of a failed write."""
        done, failed = len(self.report.done), len(self.report.failed)
        if not done and not failed:
            return "nothing was sent in this run"
        return f"{done} deliveries made and {failed} failed in this run are recorded"

    def _execute(self, plan: Plan) -> None:
        self._clean_folders()
        with self._recording("nothing was sent; the next run starts from the same point"):
            self.store.update(
                lambda st, _s: st.record_plan(plan, self.target_names, self.git),
                "pressbot: plan",
                self.head,
            )
        for item in plan.items:
            if item.kind == Kind.BLOCKED and item.reason == Reason.INVALID:
                self.report.blocked.append(item)
            elif item.kind == Kind.DEFERRED:
                self.report.deferred.append(item)
        deadline = time.monotonic() + self.opts.wait
        tasks: list[Task] = []
        # what leaves goes first: a post taking over the URL of one deleted in the same push
        # finds its place free (a folder target keeps a page that is another post's)
        # (a published post dated after now again leaves too: its generator builds no page)
        for kinds in ((Kind.ABSENT, Kind.DEFERRED), (Kind.PRESENT,)):
            if Kind.PRESENT in kinds:
                self._keep_pages(self.store.state, plan)
            phase = [
                Task(target, item)
                for target in self.targets
                for item in plan.items
                if item.kind in kinds
            ]
            tasks.extend(self._deliver_all(phase, deadline))
        self.report.busy = sorted({f"{t.desired.id} ({t.target.name})" for t in tasks})
        if not tasks:
            every = "every delivery of this run is recorded, only the point it reached is not"
            with self._recording(f"{every}: the next run finds nothing to send and records it"):
                self.store.update(
                    lambda st, _s: st.advance_point(self.head, self.git),
                    "pressbot: point",
                    self.head,
                )
        else:
            self.say(busy_line(len(tasks)))

    def _keep_pages(self, state: LedgerState, plan: Plan) -> None:
        """Tell each folder target whose pages stay: the posts published there that are
        still in the site (a deleted one, its unpublish held or kept, may give its page up).
        A deferred post's page left before (`decide`); it is still there only when that
        unpublish failed, and then no other post takes it. A post this run writes elsewhere
        gives its page up too (two posts that swap URLs in one push both move)."""
        from bot.publish.targets.folder import FolderTarget

        staying = (PostStatus.ACTIVE, PostStatus.BLOCKED, PostStatus.DEFERRED)
        writes = {
            item.id: item.payload
            for item in plan.items
            if item.kind == Kind.PRESENT and item.payload is not None
        }
        for target in self.targets:
            if isinstance(target, FolderTarget):
                entries = state.deliveries.get(target.name, {})
                target.keep_pages_of(
                    {
                        pid: entry.remote_id
                        for pid, entry in entries.items()
                        if entry.live and pid in state.posts and state.posts[pid].status in staying
                    },
                    writes,
                )

    def _deliver_all(self, tasks: list[Task], deadline: float) -> list[Task]:
        """Deliver ``tasks`` in batches, waiting until ``deadline`` for those another run
        holds; returns those still held."""
        while tasks:
            busy: list[Task] = []
            for start in range(0, len(tasks), BATCH):
                busy.extend(self._run_batch(tasks[start : start + BATCH]))
            if not busy or time.monotonic() >= deadline:
                return busy
            time.sleep(min(1.0, max(0.05, self.opts.wait / 50)))
            self.store.load()  # the other run's results are only seen on a fresh read
            tasks = busy
        return []

    def _run_batch(self, batch: list[Task]) -> list[Task]:
        busy: list[Task] = []

        def claim(state: LedgerState, _snap: Snapshot) -> list[Task]:
            busy.clear()
            mine: list[Task] = []
            claim_rec = new_claim(self.run_id)
            for task in batch:
                item = task.desired
                got = state.claim(
                    task.target.name,
                    item,
                    claim_rec,
                    timeout=self.opts.claim_timeout,
                    retry_dead=self.opts.retry_dead,
                    head=self.head,
                    git=self.git,
                )
                if not isinstance(got, Claimed):
                    if got.busy:
                        busy.append(task)
                    elif got.dead and item.id not in self.report.dead:
                        self.report.dead.append(item.id)
                    continue
                task.action, task.key = got.action, got.key
                task.previous, task.site_url = got.previous, got.site_url
                if item.payload is None and got.site_url:
                    task.site_address = gone_absolute_url(self.site, got.site_url, item.path)
                mine.append(task)
            return mine

        rest = f"{self._settled()}; the rest was not sent, the next run sends it"
        with self._recording(rest):
            mine = self.store.update(claim, "pressbot: claim", self.head)
        if not mine:
            return list(busy)
        faults.point("delivery-claimed")
        with ThreadPoolExecutor(max_workers=min(WORKERS, len(mine))) as pool:
            outcomes = pool.map(lambda task: deliver(task, self.head), mine)
            results = list(zip(mine, outcomes, strict=False))
        with self._recording(f"{self._settled()}; {unrecorded_line(results)}"):
            self.store.update(
                lambda st, _s: self._record_results(st, results), "pressbot: results", self.head
            )
        self._report_results(results, self.store.state)
        return list(busy)

    def _record_results(self, state: LedgerState, results: list[tuple[Task, Outcome]]) -> None:
        when = now_iso()
        max_default = self.site.config.publish.max_attempts
        for task, outcome in results:
            assert task.action is not None
            state.record_result(
                task.target.name,
                task.desired,
                task.action,
                outcome,
                run=self.run_id,
                head=self.head,
                when=when,
                max_attempts=task.target.max_attempts or max_default,
            )

    def _report_results(self, results: list[tuple[Task, Outcome]], state: LedgerState) -> None:
        done_keys = {(d.target, d.id, d.action) for d in self.report.done}
        fail_keys = {(f.target, f.id, f.action) for f in self.report.failed}
        for task, outcome in results:
            assert task.action is not None
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
                        bool(entry and entry.state == DeliveryState.DEAD),
                        task.desired.title,
                    )
                )
                fail_keys.add(key)


def unrecorded_line(results: list[tuple[Task, Outcome]]) -> str:
    """What a run that cannot record ``results`` leaves behind, and how the next run
    completes it: the ledger holds these deliveries as claimed by a run that is gone."""
    made = [f"{task.desired.id} ({task.target.name})" for task, out in results if out.ok]
    failed = len(results) - len(made)
    shown = ", ".join(clean(name, 120) for name in made[:3])
    more = f" and {len(made) - 3} more" if len(made) > 3 else ""
    what = f"{len(made)} deliveries were made but not recorded ({shown}{more})" if made else ""
    if failed:
        what += f"{', and ' if what else ''}{failed} failed deliveries were not recorded"
    return (
        f"{what}: the ledger holds them as claimed by this run, and the next run repeats"
        " them with the same idempotency keys (at once on this machine, else after"
        " --claim-timeout), which each target takes as the same delivery, not a second one"
    )
