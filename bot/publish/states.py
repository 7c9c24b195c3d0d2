"""The words of the publish state machine, each spelled once.

A post's fate in one run (`Kind`), what the ledger remembers of a post (`PostStatus`) and of
one delivery to one target (`DeliveryState`), and what a target is asked to do (`Action`).
They are `str` enums: each member equals, hashes and serialises as its value, so the
ledger's JSON is the same text it has always been and old ledgers load unchanged.
"""

from __future__ import annotations

from enum import Enum


class _Word(str, Enum):
    """A `str` enum whose text is its value in every Python (no `enum.StrEnum` in 3.10)."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class Kind(_Word):
    """What the generator would make of a post at the head, as the plan of one run sees it."""

    PRESENT = "present"  # built: to publish or update
    ABSENT = "absent"  # not built (deleted, draft, published: false, ...): to unpublish
    DEFERRED = "deferred"  # dated in the future: later
    BLOCKED = "blocked"  # not acted on (errors, held by the unpublish guard, kept)


class PostStatus(_Word):
    """What the ledger remembers of a post apart from its targets."""

    ACTIVE = "active"
    DEFERRED = "deferred"
    BLOCKED = "blocked"
    HELD = "held"
    UNLISTED = "unlisted"
    DELETED = "deleted"

    @property
    def open(self) -> bool:
        """A post in this status is looked at again by every run until it changes."""
        return self in (PostStatus.DEFERRED, PostStatus.BLOCKED, PostStatus.HELD)


class DeliveryState(_Word):
    """The state of one post at one target."""

    CLAIMED = "claimed"
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"
    FAILED = "failed"
    DEAD = "dead"

    @property
    def pending(self) -> bool:
        """A delivery was started and has not succeeded (it may have reached the target)."""
        return self in (DeliveryState.CLAIMED, DeliveryState.FAILED, DeliveryState.DEAD)


class Action(_Word):
    """What a target is asked to do with a post."""

    PUBLISH = "publish"
    UPDATE = "update"
    UNPUBLISH = "unpublish"

    @property
    def past(self) -> str:
        """The verb of a report line: published, updated, unpublished."""
        return _PAST[self]


class Reason(_Word):
    """Why a post the plan holds back is held back, as the publish run itself decides it.

    The generator's own reasons (`draft`, `future`, `published-false`, Hugo's `expired`,
    ...) come from `bot.reading.describe` and are kept as its text.
    """

    DELETED = "deleted"  # the file is gone
    INVALID = "invalid"  # the check reports errors for it
    HELD = "held"  # one of more unpublishes than `publish.max_unpublish` allows
    KEPT = "kept"  # deleted, but `publish.unpublish_deleted` is off
    FUTURE = "future"  # dated after now
    NOT_RENDERED = "not-rendered"  # Hugo's `_build.render` `never` or `link`: no file written


_PAST = {Action.PUBLISH: "published", Action.UPDATE: "updated", Action.UNPUBLISH: "unpublished"}
