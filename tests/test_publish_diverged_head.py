"""A head whose history does not hold the ledger's point is refused: a clone whose branch is
behind the default branch, with a commit of its own, would otherwise take back what the
point published (unpublish a live post, send an older body as an update) and push its
unpushed commit to the remote as a parent of the shared ledger. A force-push of the default
branch is the one rewrite that is published: `--rewritten`, or a push event that says
`forced`.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.publishkit import STEADY, World, git
from tests.receiver import Receiver

LEDGER = "refs/pressbot/ledger"
P1, P2 = "_posts/2024-02-01-post-1", "_posts/2024-02-02-post-2"


def published_twice(tmp_path: Path, receiver: Receiver) -> tuple[World, str]:
    """A world whose first post was published, then edited and joined by a second post,
    both published; returns the head of the first publish."""
    world = World(
        tmp_path, targets=[{"name": "hook", "type": "webhook", "url": receiver.url, **STEADY}]
    )
    world.write("2024-02-01-post-1.md", "Post 1")
    first = world.commit("post 1")
    world.push()
    assert world.publish("--since", "HEAD~1")[0] == 0
    world.write("2024-02-01-post-1.md", "Post 1, edited")
    world.write("2024-02-02-post-2.md", "Post 2")
    world.commit("edit and add")
    world.push()
    assert world.publish()[0] == 0
    world.check(receiver, {P1, P2})
    return world, first


def test_a_local_commit_on_a_stale_branch_is_refused(tmp_path: Path, receiver: Receiver) -> None:
    world, first = published_twice(tmp_path, receiver)
    point = world.ledger()["point"]
    ledger_before = git(world.origin, "rev-parse", LEDGER)
    sent = len(receiver.log)
    stale = world.publisher("stale", at=first)
    (stale / "notes.txt").write_text("a draft never pushed\n")
    git(stale, "add", "-A")
    git(stale, "commit", "-q", "-m", "local only")
    local = git(stale, "rev-parse", "HEAD")

    code, out, err = world.publish_split(name="stale", at="HEAD")
    assert code == 2, out + err
    assert "Traceback" not in err
    [line] = err.splitlines()
    assert line.startswith(
        f"pressbot: HEAD {local[:12]} does not contain the ledger's last published commit "
        f"{point[:12]} ({LEDGER}): nothing was published."
    ), line
    assert "--rewritten" in line
    assert len(receiver.log) == sent  # nothing unpublished, no older body sent
    assert git(world.origin, "rev-parse", LEDGER) == ledger_before
    assert git(world.origin, "rev-list", "--all").count(local) == 0  # never pushed
    world.check(receiver, {P1, P2})
    title = receiver.live_posts()[P1].body["data"]["title"]
    assert title == "Post 1, edited"

    code, out, err = world.publish_split("--dry-run", name="stale", at="HEAD")
    assert code == 2 and "does not contain" in err, out + err


def test_a_force_pushed_default_branch_is_published_when_said(
    tmp_path: Path, receiver: Receiver
) -> None:
    world, first = published_twice(tmp_path, receiver)
    git(world.author, "reset", "-q", "--hard", first)  # history rewritten: post 2 never was
    world.write("2024-02-03-post-3.md", "Post 3")
    new = world.commit("post 3 instead")
    git(world.author, "push", "-q", "--force", "origin", "main")
    sent = len(receiver.log)

    code, out = world.publish()
    assert code == 2 and "does not contain the ledger's last published commit" in out, out
    assert len(receiver.log) == sent

    code, out = world.publish("--rewritten")
    assert code == 0, out
    assert "publishing the rewritten default branch" in out
    world.check(receiver, {P1, "_posts/2024-02-03-post-3"})
    assert receiver.live_posts()[P1].body["data"]["title"] == "Post 1"
    assert world.ledger()["point"] == new


def test_a_forced_push_event_needs_no_option(tmp_path: Path, receiver: Receiver) -> None:
    world, first = published_twice(tmp_path, receiver)
    git(world.author, "reset", "-q", "--hard", first)
    new = world.commit("rewritten")
    git(world.author, "push", "-q", "--force", "origin", "main")
    event = tmp_path / "event.json"
    env = {"GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": str(event)}
    event.write_text(json.dumps({"before": "1" * 40, "after": new, "forced": False}))
    assert world.publish(env=env)[0] == 2  # an ordinary push of a diverged head
    event.write_text(json.dumps({"before": "1" * 40, "after": new, "forced": True}))
    code, out = world.publish(env=env)
    assert code == 0, out
    world.check(receiver, {P1})
