"""One delivery to one target: the call, and the check of its answer before the ledger."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.publish import faults
from bot.publish.desired import Desired
from bot.publish.states import Action
from bot.publish.targets import Outcome, PostPayload, Previous, Target
from bot.render.terminal import clean


@dataclass
class Task:
    """One post for one target; action and key are set once the run holds its claim."""

    target: Target
    desired: Desired
    action: Action | None = None
    key: str = ""
    previous: Previous = field(default_factory=Previous)
    site_url: str | None = None  # the post's site-relative URL, as the ledger last knew it
    site_address: str | None = None  # ``site_url`` at the site's address, when it has one


def deliver(task: Task, head: str) -> Outcome:
    """Call the target; whatever it does or returns ends as an outcome the ledger can store."""
    assert task.action is not None, "delivered before it was claimed"
    previous_url = task.previous.url
    payload = task.desired.payload or PostPayload(
        id=task.desired.id,
        path=task.desired.path,
        url=task.site_url or previous_url or "",
        # the URL the target recorded, else the ledger's at the site's address: a claim
        # left by a killed run records no URL
        absolute_url=previous_url if previous_url and "://" in previous_url else task.site_address,
        commit=head,
    )
    faults.point("delivery-call")
    try:
        outcome = task.target.deliver(task.action, payload, task.previous, task.key)
    except Exception as exc:  # a target bug must not lose the record of the others
        outcome = Outcome(False, error=f"{type(exc).__name__}: {clean(exc, 200)}")
    faults.point("delivery-sent")
    return checked_outcome(outcome)


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
