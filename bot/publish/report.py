"""What a publish run did, and every way it is told: log lines, `--status`, Markdown.

The log lines are for the job log (one line each, untrusted text cleaned); the Markdown is
for the job summary and the pull-request comment. Titles are the authors' text and
untrusted: in Markdown they are escaped so that they cannot mention anyone, reference an
issue, open HTML, or break the comment's Markdown; URLs are percent-encoded.

A comment stays within GitHub's limit (65,536 characters, counted as GitHub may: the larger
of code points and UTF-16 code units): past it the list ends with "... and N more (see the
job summary)", and the summary holds every line. The summary itself stays within the 1 MiB
GitHub accepts for one step's summary.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.publish.ledger import decide
from bot.publish.states import Action, DeliveryState, Kind, PostStatus
from bot.render.markdown import github_length, inline, safe_url
from bot.render.terminal import clean, inert_json

if TYPE_CHECKING:
    from bot.publish.desired import Desired, Plan
    from bot.publish.ledger import LedgerState
    from bot.publish.ledger_store import Snapshot


@dataclass
class Done:
    target: str
    id: str
    action: Action
    url: str | None
    title: str | None
    path: str
    commit: str | None = None


@dataclass
class Failed:
    target: str
    id: str
    action: Action
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


def past(action: str) -> str:
    """The verb of a report line (published, updated, unpublished)."""
    try:
        return Action(action).past
    except ValueError:
        return action


# -- the job log ---------------------------------------------------------------------------
def run_lines(report: Report) -> list[str]:
    """The end of a run's log: notes, each delivery, each post held back, then the counts."""
    r = report
    lines = [f"note: {clean(note)}" for note in r.notes]
    for d in r.done:
        lines.append(f"{past(d.action)} {clean(d.id)} -> {clean(d.target)}: {clean(d.url or '')}")
    for f in r.failed:
        state = DeliveryState.DEAD if f.dead else DeliveryState.FAILED
        lines.append(
            f"{state}: {clean(f.id)} -> {clean(f.target)} ({f.action}): {clean(f.error, None)}"
        )
    for item in r.blocked:
        lines.append(f"blocked: {clean(item.path)} is not published until its errors are fixed:")
        for finding in item.findings[:20]:
            lines.append(f"  {clean(finding.line_format(), 500)}")
    for item in r.deferred:
        lines.append(f"deferred: {clean(item.path)} is due {item.due}")
    for pid in r.dead:
        lines.append(
            f"dead: {clean(pid)} (run with --retry-dead or --force {clean(pid)} to try again)"
        )
    for busy in r.busy:
        lines.append(f"busy: {clean(busy)} is being published by another run")
    lines.append(
        f"publish: {len(r.done)} delivered, {len(r.failed)} failed, {len(r.blocked)} blocked, "
        f"{len(r.deferred)} deferred, {len(r.held)} held"
    )
    return lines


def covered_line(point: str | None, head: str) -> str:
    """A run on a head the ledger has already gone past."""
    return f"nothing to do: the ledger already covers {(point or '')[:12]}, newer than {head[:12]}"


def diverged_line(point: str, head: str, ref: str) -> str:
    """A run on a head that is neither older nor newer than the ledger's point."""
    return (
        f"HEAD {head[:12]} does not contain the ledger's last published commit {point[:12]} "
        f"({ref}): nothing was published. Publish from the default branch as pushed (`git "
        "pull`); if the default branch was force-pushed, run with --rewritten"
    )


def guard_line(plan: Plan) -> str | None:
    """Why the plan holds its unpublishes back, or None when it does not."""
    if not plan.held:
        return None
    return (
        f"refusing to unpublish {len(plan.held)} posts in one run (publish.max_unpublish is "
        f"{plan.max_unpublish}); run `pressbot publish --allow-unpublish` to confirm"
    )


def busy_line(count: int) -> str:
    return f"{count} deliveries are still claimed by another run; not advancing the point"


def plan_lines(
    plan: Plan, state: LedgerState, targets: Sequence[str], retry_dead: bool
) -> list[str]:
    """`--dry-run`: what each target would be asked to do with each post."""
    base = plan.base[:12] if plan.base else "(empty tree)"
    first = " (first run)" if plan.first_run else ""
    lines = [f"plan {base}..{plan.head[:12]}{first} (dry run: nothing is changed)"]
    lines.extend(f"note: {clean(note)}" for note in plan.notes)
    for item in plan.items:
        for name in targets:
            action, why = decide(item, state.delivery(name, item.id), retry_dead)
            what = action or f"skip ({why if item.kind != Kind.ABSENT else item.reason or why})"
            if item.kind in (Kind.BLOCKED, Kind.DEFERRED):
                what = f"{item.reason if item.kind == Kind.BLOCKED else 'deferred'}"
            lines.append(f"  {what:<10} {clean(item.path)} -> {clean(name)}")
    if not plan.items:
        lines.append("  nothing to publish")
    return lines


def status_lines(snap: Snapshot, as_json: bool) -> tuple[list[str], int]:
    """`--status`: the ledger as text (or JSON), and the exit code (2: unreadable)."""
    state = snap.state
    if snap.error is not None:
        if as_json:
            doc = {"ledger": snap.sha, "unreadable": snap.error}
            return [inert_json(json.dumps(doc, indent=1))], 2
        return [
            f"ledger {(snap.sha or '')[:12]} (unreadable): {clean(snap.error, 400)}",
            "publishing is stopped until it is repaired, or the ref deleted "
            "(the next run is then a first run)",
        ], 2
    if as_json:
        return [inert_json(json.dumps(json.loads(state.dump()), indent=1))], 0
    sha = snap.sha or snap.adopted
    if sha is None:
        return ["no ledger yet: the first run will publish only the commits of its push"], 0
    lines = [f"ledger {snap.ref} {sha[:12]}; point {(state.point or '-')[:12]}"]
    for pid in sorted(state.posts):
        rec = state.posts[pid]
        why = f" ({clean(rec.reason)})" if rec.reason and rec.status != PostStatus.ACTIVE else ""
        lines.append(f"{clean(pid)}  {rec.status}{why}  {clean(rec.path)}")
        for name in sorted(state.deliveries):
            entry = state.deliveries[name].get(pid)
            if entry is None:
                continue
            extra = f" attempts={entry.attempts}" if entry.attempts else ""
            err = f" error: {clean(entry.error)}" if entry.error else ""
            lines.append(f"    {clean(name)}: {entry.state} {clean(entry.url or '')}{extra}{err}")
    return lines, 0


# -- Markdown: the job summary and the pull-request comment --------------------------------
MARKER = "<!-- pressbot:publish -->"
COMMENT_LIMIT = 65_536
SUMMARY_LIMIT = 1024 * 1024  # bytes of one step's summary


def md_text(value: object, limit: int = 200) -> str:
    """Untrusted text as inert Markdown (see `bot.render.markdown.inline`), shorter."""
    return inline(value, limit)


def line_for(done: Done) -> str:
    title = md_text(done.title or done.id)
    url = safe_url(done.url)
    verb = past(done.action)
    if done.action == Action.UNPUBLISH:
        return f"- {verb}: {title} ({md_text(done.target)})"
    if url:
        return f"- {verb}: [{title}]({url}) ({md_text(done.target)})"
    where = md_text(done.url or done.path)
    return f"- {verb}: {title}, {where} ({md_text(done.target)})"


def summary_markdown(report: Report, limit: int = SUMMARY_LIMIT) -> str:
    lines = ["### pressbot publish", ""]
    for done in report.done:
        lines.append(line_for(done))
    for failed in report.failed:
        state = DeliveryState.DEAD if failed.dead else DeliveryState.FAILED
        lines.append(
            f"- **{state}**: {md_text(failed.title or failed.id)} ({md_text(failed.target)}, "
            f"{md_text(failed.action)}): {md_text(failed.error)}"
        )
    for item in report.blocked:
        lines.append(f"- **blocked** (fix the errors to publish): {md_text(item.path)}")
        for finding in item.findings[:10]:
            lines.append(
                f"  - line {finding.line}: {md_text(finding.rule)} {md_text(finding.message)}"
            )
    for item in report.deferred:
        lines.append(f"- deferred until {md_text(item.due)}: {md_text(item.path)}")
    for item in report.held:
        lines.append(f"- **held** (mass unpublish guard): {md_text(item.path)}")
    if len(lines) == 2:
        lines.append("Nothing to publish.")
    return _bounded(lines[:2], lines[2:], limit, _utf8_length, "see the job log")


def comment_markdown(done: list[Done], limit: int = COMMENT_LIMIT) -> str:
    head = [MARKER, "**Published by pressbot**", ""]
    return _bounded(head, [line_for(d) for d in done], limit, github_length, "see the job summary")


def _utf8_length(text: str) -> int:
    return len(text.encode("utf-8"))


def _bounded(
    head: list[str], lines: list[str], limit: int, measure: Callable[[str], int], where: str
) -> str:
    """``head`` and as many of ``lines`` as fit in ``limit``, then how many were left out."""
    text = "\n".join([*head, *lines]) + "\n"
    if measure(text) <= limit:
        return text
    tail = f"- ... and {len(lines)} more ({where})"
    budget = limit - measure("\n".join(head) + "\n") - measure(tail + "\n")
    kept: list[str] = []
    for line in lines:
        size = measure(line + "\n")
        if size > budget:
            break
        kept.append(line)
        budget -= size
    tail = f"- ... and {len(lines) - len(kept)} more ({where})"
    return "\n".join([*head, *kept, tail]) + "\n"
