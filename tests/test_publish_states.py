"""The publish state machine in one place: its words, the ledger's transitions, the plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.publish.desired import Desired
from bot.publish.ledger import (
    Claimed,
    LedgerState,
    NotClaimed,
    decide,
    delivery_key,
    new_claim,
)
from bot.publish.states import Action, DeliveryState, Kind, PostStatus, Reason
from bot.publish.targets import Outcome
from tests.publishkit import World

# written by pressbot before the states were enums: every status, state and action
OLD_LEDGER = """{
 "point": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
 "version": 1,
 "posts": {
  "p0": {"commit":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","path":"_posts/2024-01-01-p0.md","status":"active"},
  "p1": {"commit":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","path":"_posts/2024-01-02-p1.md","reason":"x","status":"deferred"},
  "p2": {"commit":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","path":"_posts/2024-01-03-p2.md","reason":"x","status":"blocked"},
  "p3": {"commit":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","path":"_posts/2024-01-04-p3.md","reason":"x","status":"held"},
  "p4": {"commit":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","path":"_posts/2024-01-05-p4.md","reason":"x","status":"unlisted"},
  "p5": {"commit":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","path":"_posts/2024-01-06-p5.md","reason":"x","status":"deleted"}
 },
 "deliveries": {
  "site": {
   "p0": {"action":"publish","attempts":0,"claim":{"boot":"","host":"h","pid":1,"run":"r","time":"2024-01-01T00:00:00+00:00"},"key":"pb_edba9561caeb0a48cc4642533d976c6f","live":false,"path":"_posts/2024-01-01-p0.md","seq":0,"state":"claimed"},
   "p1": {"action":"update","attempts":1,"key":"pb_6732f6534c3b9f01b7f828ae5e723f32","live":false,"path":"_posts/2024-01-02-p1.md","seq":1,"state":"published"},
   "p2": {"action":"unpublish","attempts":2,"key":"pb_dc555beba5bf16f4ffcfea5d00c37b07","live":false,"path":"_posts/2024-01-03-p2.md","seq":2,"state":"unpublished"},
   "p3": {"action":"publish","attempts":3,"key":"pb_a67fa4bd3a73d324fe0b0801a01eee36","live":false,"path":"_posts/2024-01-04-p3.md","seq":3,"state":"failed"},
   "p4": {"action":"unpublish","attempts":4,"key":"pb_686f8c628c18d93c982727452f31ecae","live":false,"path":"_posts/2024-01-05-p4.md","seq":4,"state":"dead"}
  }
 }
}
"""


def test_an_old_ledger_loads_into_the_enums_and_dumps_byte_for_byte() -> None:
    state = LedgerState.model_validate_json(OLD_LEDGER)
    assert [rec.status for rec in state.posts.values()] == list(PostStatus)
    deliveries = state.deliveries["site"].values()
    assert [entry.state for entry in deliveries] == list(DeliveryState)
    assert all(isinstance(entry.action, Action) for entry in deliveries)
    assert state.dump().decode() == OLD_LEDGER


@pytest.mark.parametrize(
    ("action", "key"),
    [
        (Action.PUBLISH, "pb_1df1bd9a64348cfd20178d68efd1c47c"),
        (Action.UPDATE, "pb_a38f22d3e2f4b987e42a13063470cf97"),
        (Action.UNPUBLISH, "pb_415eadd1c097bb9700288b0195642ef4"),
    ],
)
def test_idempotency_keys_are_those_of_the_string_actions(action: Action, key: str) -> None:
    """A key is a target's only way to recognise a repeat: it must not change with the type."""
    assert delivery_key("site", "p0", action, "abc", 3) == key


def test_a_state_reads_as_its_value_everywhere() -> None:
    for word in [*Kind, *PostStatus, *DeliveryState, *Action, *Reason]:
        value = word.value
        assert word == value and str(word) == value and f"{word}" == value
        assert f"{word:<12}|" == f"{value:<12}|" and json.dumps(word) == json.dumps(value)
    assert [a.past for a in Action] == ["published", "updated", "unpublished"]


class FakeGit:
    """Ancestry for the transitions: ``parents`` maps a commit to its parent."""

    def __init__(self, parents: dict[str, str]) -> None:
        self.parents = parents

    def has_commit(self, sha: str) -> bool:
        return sha in self.parents or sha in self.parents.values()

    def is_ancestor(self, old: str, new: str) -> bool:
        while new != old and new in self.parents:
            new = self.parents[new]
        return new == old


C1, C2 = "1" * 40, "2" * 40
GIT = FakeGit({C2: C1})


def test_the_point_moves_forward_only() -> None:
    state = LedgerState()
    state.advance_point(C2, GIT)
    assert state.point == C2 and state.covers(C1, GIT)
    state.advance_point(C1, GIT)
    assert state.point == C2 and not state.covers(C2, GIT)


def _present(hash_: str = "h1") -> Desired:
    return Desired("p", "_posts/2024-01-01-p.md", Kind.PRESENT, "added", hash=hash_)


def test_claim_result_and_retry_are_ledger_transitions() -> None:
    state = LedgerState()
    item = _present()
    mine, other = new_claim("run-a"), new_claim("run-b")
    opts = {"timeout": 900.0, "retry_dead": False, "head": C1, "git": GIT}
    got = state.claim("site", item, mine, **opts)
    assert isinstance(got, Claimed) and got.action == Action.PUBLISH
    assert state.delivery("site", "p") is not None
    assert state.claim("site", item, other, **opts) == NotClaimed(busy=True)

    failed = Outcome(False, error="down")
    state.record_result(
        "site", item, got.action, failed, run="run-b", head=C1, when="t", max_attempts=1
    )  # another run's result is not this claim's
    entry = state.delivery("site", "p")
    assert entry is not None and entry.state == DeliveryState.CLAIMED
    state.record_result(
        "site", item, got.action, failed, run="run-a", head=C1, when="t", max_attempts=1
    )
    assert entry.state == DeliveryState.DEAD and entry.claim is None
    assert state.claim("site", item, mine, **opts) == NotClaimed(dead=True)

    again = state.claim("site", item, other, **{**opts, "retry_dead": True})
    assert isinstance(again, Claimed) and again.key == got.key  # the same delivery, repeated
    assert again.previous.unsettled
    state.record_result(
        "site", item, again.action, Outcome(True, url="/p.html"), **_settle("run-b")
    )
    assert entry.state == DeliveryState.PUBLISHED and entry.live and entry.seq == 1
    assert decide(item, entry) == (None, "up to date")
    assert decide(_present("h2"), entry) == (Action.UPDATE, None)


def _settle(run: str, head: str = C1) -> dict[str, object]:
    return {"run": run, "head": head, "when": "t", "max_attempts": 5}


def test_a_run_on_an_older_head_leaves_a_newer_runs_entry_alone() -> None:
    state = LedgerState()
    item = _present()
    got = state.claim(
        "site", item, new_claim("new"), timeout=900.0, retry_dead=False, head=C2, git=GIT
    )
    assert isinstance(got, Claimed)
    state.record_result("site", item, got.action, Outcome(True), **_settle("new", C2))
    stale = state.claim(
        "site", _present("h0"), new_claim("old"), timeout=900.0, retry_dead=False, head=C1, git=GIT
    )
    assert stale == NotClaimed()


def test_the_planner_returns_the_plan_with_the_unpublish_guard_applied(tmp_path: Path) -> None:
    from bot.git import Git
    from bot.publish.ledger_store import LedgerStore
    from bot.publish.plan import Planner
    from bot.publish.targets import build_targets
    from bot.site import load_site

    world = World(tmp_path, publish={"max_unpublish": 1})
    names = [world.write(f"2024-01-0{n}-p{n}.md", f"Post {n}") for n in (1, 2, 3)]
    world.commit("posts")
    world.push()
    assert world.publish()[0] == 0
    world.delete("2024-01-01-p1.md")
    world.delete("2024-01-02-p2.md")
    world.commit("two gone")
    world.push()

    where = world.publisher()
    site = load_site(where, None)
    git = Git(where)
    head = git.rev_parse("HEAD")
    assert head is not None
    targets = build_targets(site.config.publish.targets, site.root)
    target_names = [t.name for t in targets]
    snap = LedgerStore(git, "origin").load()

    def plan(allow: bool) -> list[tuple[str, Kind, str | None]]:
        made = Planner(git, site, head).plan(
            snap.state, False, None, targets=target_names, allow_unpublish=allow
        )
        assert [d.path for d in made.held] == [
            d.path for d in made.items if d.reason == Reason.HELD
        ]
        return [(d.path, d.kind, d.reason) for d in made.items]

    assert plan(allow=False) == [(n, Kind.BLOCKED, Reason.HELD) for n in names[:2]]
    assert plan(allow=True) == [(n, Kind.ABSENT, Reason.DELETED) for n in names[:2]]
