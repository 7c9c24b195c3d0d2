"""What one run means to do: each post as the site's generator would build it at the head,
and the plan."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.problem import Finding
from bot.publish.states import Kind
from bot.publish.targets.base import PostPayload


@dataclass
class Desired:
    """What the generator (Jekyll or Hugo) would build for one post at the head."""

    id: str
    path: str
    kind: Kind
    why: str  # how it became a candidate: added, changed, renamed, deleted, open, forced
    reason: str | None = None  # absent/deferred/blocked: why (a `Reason`, or the generator's)
    payload: PostPayload | None = None
    hash: str | None = None
    legacy_hash: str | None = None  # the hash an earlier pressbot gave it (`legacy_hash`)
    due: str | None = None
    expires: str | None = None  # published until then (Hugo's `expiryDate`), then unpublished
    old_path: str | None = None
    findings: list[Finding] = field(default_factory=list)
    title: str | None = None
    force: bool = False
    id_line: int = 1  # where the front matter names the id (1 when it does not)
    also: list[str] = field(default_factory=list)  # other paths that hold this id
    secondary: bool = False  # one of those, not the path the ledger keeps for the id
    written: str | None = None  # the file Jekyll writes the post to (`PostInfo.written`)


@dataclass
class Plan:
    """Everything one run will do, final when the planner returns it."""

    head: str
    base: str | None
    first_run: bool
    items: list[Desired]
    notes: list[str] = field(default_factory=list)
    held: list[Desired] = field(default_factory=list)
    """Posts the mass-unpublish guard keeps: more than ``max_unpublish`` would leave."""
    max_unpublish: int = 0
