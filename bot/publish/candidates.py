"""Which posts a run looks at: the changes since the ledger's point, and what is still open.

Candidates are the posts changed (added, modified, renamed, deleted) between the ledger's
point and the head (with those a change of the site's configuration or of a Hugo branch's
`_index` may read differently, `bot.publish.plan`), plus those the ledger still has open
(deferred, blocked, held, failed, claimed, or published with an expiry date that has
passed) and those forced by hand. A post the ledger knows is listed under its id, which
follows it through renames (Git's rename detection); a path it does not know is listed as
``"\\0" + path`` until its front matter is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bot.git import Change
from bot.post import path_stem
from bot.publish.ledger import LedgerState
from bot.publish.states import DeliveryState

Candidate = tuple[str, str, str | None]
"""(path, why, old path): why is added, changed, renamed, open or forced."""


@dataclass
class Candidates:
    wanted: dict[str, Candidate] = field(default_factory=dict)  # id (or "\0" + path) ->
    deleted: dict[str, str] = field(default_factory=dict)  # id -> its last known path


def gather(
    changes: Iterable[Change],
    state: LedgerState,
    forced: set[str],
    retry_dead: bool,
    path_id: Callable[[str], str] = path_stem,
    now: dt.datetime | None = None,
) -> Candidates:
    """The candidates of one run from the posts' ``changes`` and the ledger's open posts;
    ``path_id`` gives the id of a deleted post the ledger does not know (by its path)."""
    by_path = state.path_index()
    found = Candidates()
    candidates, deleted = found.wanted, found.deleted
    for change in changes:
        if change.status == "D":
            pid = by_path.get(change.path) or path_id(change.path)
            rec = state.posts.get(pid)
            if change.path not in by_path and rec is not None and rec.path != change.path:
                continue  # never recorded here; its path's id is another post's (renamed away)
            deleted[pid] = change.path
        elif change.status == "R" and change.old_path is not None:
            known = by_path.get(change.old_path)
            if known is not None:
                candidates[known] = (change.path, "renamed", change.old_path)
            else:
                candidates[f"\0{change.path}"] = (change.path, "added", None)
        else:
            why = "added" if change.status == "A" else "changed"
            candidates[by_path.get(change.path) or f"\0{change.path}"] = (change.path, why, None)
    for pid, rec in state.posts.items():
        if (rec.status.open or _expired(rec.expires, now)) and not (
            pid in candidates or pid in deleted
        ):
            candidates[pid] = (rec.path, "open", None)
    for target_entries in state.deliveries.values():
        for pid, entry in target_entries.items():
            open_ = entry.state in (DeliveryState.CLAIMED, DeliveryState.FAILED) or (
                retry_dead and entry.state == DeliveryState.DEAD
            )
            if open_ and pid not in candidates and pid not in deleted:
                path = state.posts[pid].path if pid in state.posts else entry.path
                candidates[pid] = (path, "open", None)
    for rec in state.posts.values():
        for path in rec.also or []:  # copies blocked for holding the id: still open
            candidates.setdefault("\0" + path, (path, "open", None))
    for pid in forced:
        if pid not in candidates and pid in state.posts:
            candidates[pid] = (state.posts[pid].path, "forced", None)
    return found


def _expired(expires: str | None, now: dt.datetime | None) -> bool:
    """The post's expiry date (as the ledger keeps it) has passed, or cannot be read."""
    if expires is None or now is None:
        return False
    try:
        return dt.datetime.fromisoformat(expires) <= now
    except (ValueError, TypeError):  # an offset-less or unreadable date: look again
        return True
