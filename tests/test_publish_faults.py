"""Publishing survives crashes and rivals: SIGKILL at each step, concurrent runs, ref races.

Publishers run as real processes; a test holds one at a named point (see
`bot/publish/faults.py`) and SIGKILLs its whole process group there, or lets a rival run
meanwhile. Every scenario ends with each expected post exactly once at the receiver and
the ledger agreeing.
"""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path

import pytest

from tests.publishkit import STEADY, World, git
from tests.receiver import Receiver


def make_world(tmp_path: Path, receiver: Receiver, posts: int = 3) -> tuple[World, set[str]]:
    world = World(
        tmp_path, targets=[{"name": "hook", "type": "webhook", "url": receiver.url, **STEADY}]
    )
    ids = set()
    for n in range(1, posts + 1):
        day = dt.date(2024, 2, 1) + dt.timedelta(days=n - 1)
        world.write(f"{day}-post-{n}.md", f"Post {n}")
        ids.add(f"_posts/{day}-post-{n}")
    world.commit("posts")
    world.push()
    return world, ids


def finish(proc: object) -> str:
    out, _ = proc.communicate(timeout=60)  # type: ignore[attr-defined]
    return out


# Ledger writes of one run: 1 records the plan, 2 claims, 3 records results, 4 the point.
@pytest.mark.parametrize(
    "point",
    [
        "delivery-claimed",
        "delivery-call@2",
        "delivery-sent",
        "ledger-push@3",
        "ledger-pushed@3",
        "ledger-push@2",
    ],
    ids=[
        "before-the-call",
        "between-calls",
        "after-call-before-record",
        "before-result-push",
        "after-result-push",
        "before-claim-push",
    ],
)
def test_sigkill_then_rerun(tmp_path: Path, receiver: Receiver, point: str) -> None:
    world, ids = make_world(tmp_path, receiver)
    proc = world.spawn(pause=point)
    name = point.split("@")[0]
    world.wait_point(name, proc)
    world.kill(proc)
    code, out = world.publish()
    assert code == 0, out
    world.check(receiver, ids)
    # a delivery that reached the receiver before the kill is repeated with the same key
    assert all(item.answer in ("accepted", "repeat") for item in receiver.log)
    assert world.publish()[0] == 0  # and a third run has nothing to do
    world.check(receiver, ids)


def test_sigkill_during_the_ledger_push(tmp_path: Path, receiver: Receiver) -> None:
    """Killed while origin is receiving the results commit (held in its pre-receive hook)."""
    world, ids = make_world(tmp_path, receiver)
    pause = world.pause_dir
    hook = world.origin / "hooks" / "pre-receive"
    hook.write_text(
        "#!/bin/sh\ncat >/dev/null\n"
        f'if [ -f "{pause}/arm" ]; then rm -f "{pause}/arm"; touch "{pause}/pre-receive.reached"\n'
        f'  while [ ! -f "{pause}/pre-receive.go" ]; do sleep 0.01; done\nfi\nexit 0\n'
    )
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    proc = world.spawn(pause="delivery-sent")
    world.wait_point("delivery-sent", proc)
    (pause / "arm").write_text("")
    world.release("delivery-sent")
    world.wait_point("pre-receive", proc)
    world.kill(proc)
    world.release("pre-receive")
    code, out = world.publish()
    assert code == 0, out
    world.check(receiver, ids)


def test_claim_of_a_live_run_is_respected_and_stale_claim_taken_over(
    tmp_path: Path, receiver: Receiver
) -> None:
    world, ids = make_world(tmp_path, receiver, posts=1)
    proc = world.spawn(pause="delivery-claimed")
    world.wait_point("delivery-claimed", proc)
    # the claiming process is alive: another run waits for it, then gives up without sending
    _, out = world.publish("--wait", "0.2")
    assert "busy:" in out and receiver.log == []
    world.release("delivery-claimed")
    assert "published" in finish(proc)
    world.check(receiver, ids)


def test_stale_claim_after_timeout(tmp_path: Path, receiver: Receiver) -> None:
    world, ids = make_world(tmp_path, receiver, posts=1)
    proc = world.spawn(pause="delivery-claimed")
    world.wait_point("delivery-claimed", proc)
    # a claim from another machine (or a process we cannot see) expires after the timeout
    code, out = world.publish("--claim-timeout", "0", "--wait", "0")
    assert code == 0, out
    assert len(receiver.accepted) == 1
    world.release("delivery-claimed")
    finish(proc)  # the slow run records nothing over the newer result, sends with the same key
    world.check(receiver, ids)


def test_two_publishers_same_head(tmp_path: Path, receiver: Receiver) -> None:
    world, ids = make_world(tmp_path, receiver, posts=40)
    a = world.spawn(name="a")
    b = world.spawn(name="b")
    outs = [finish(a), finish(b)]
    assert a.returncode == 0 and b.returncode == 0, outs
    world.check(receiver, ids)
    assert len(receiver.accepted) == 40


def test_two_publishers_same_clone(tmp_path: Path, receiver: Receiver) -> None:
    world, ids = make_world(tmp_path, receiver, posts=20)
    a = world.spawn(name="a")
    b = world.spawn(name="a", checkout=False)
    outs = [finish(a), finish(b)]
    assert a.returncode == 0 and b.returncode == 0, outs
    world.check(receiver, ids)


def test_two_publishers_different_heads(tmp_path: Path, receiver: Receiver) -> None:
    world, ids = make_world(tmp_path, receiver, posts=5)
    old_head = world.head()
    world.write("2024-02-01-post-1.md", "Post 1, edited")
    world.write("2024-03-01-new.md", "New")
    world.commit("edit and add")
    world.push()
    ids.add("_posts/2024-03-01-new")
    a = world.spawn(name="old", at=old_head)
    b = world.spawn(name="new")
    outs = [finish(a), finish(b)]
    assert a.returncode == 0 and b.returncode == 0, outs
    assert world.publish()[0] == 0
    world.check(receiver, ids)
    assert (
        receiver.live_posts()["_posts/2024-02-01-post-1"].body["data"]["title"] == "Post 1, edited"
    )


def test_older_head_after_newer_does_nothing(tmp_path: Path, receiver: Receiver) -> None:
    world, ids = make_world(tmp_path, receiver, posts=2)
    old_head = world.head()
    assert world.publish()[0] == 0
    world.write("2024-02-01-post-1.md", "Post 1, edited")
    world.commit("edit")
    world.push()
    assert world.publish()[0] == 0
    code, out = world.publish(at=old_head, name="late")
    assert code == 0 and "nothing to do" in out
    world.check(receiver, ids)
    assert (
        receiver.live_posts()["_posts/2024-02-01-post-1"].body["data"]["title"] == "Post 1, edited"
    )


def test_ledger_push_rejected_because_another_run_moved_it(
    tmp_path: Path, receiver: Receiver
) -> None:
    world, ids = make_world(tmp_path, receiver, posts=3)
    slow = world.spawn(name="slow", pause="ledger-push@2")  # its claim, built on the old ledger
    world.wait_point("ledger-push", slow)
    code, out = world.publish(name="fast")
    assert code == 0 and out.count("published") == 3, out
    world.release("ledger-push")
    out = finish(slow)
    assert slow.returncode == 0, out
    assert "publish: 0 delivered" in out  # its lease failed; re-read, nothing left to send
    world.check(receiver, ids)
    assert len(receiver.accepted) == 3
    assert {item.answer for item in receiver.log} <= {"accepted", "repeat"}


def test_local_ledger_without_a_remote(tmp_path: Path, receiver: Receiver) -> None:
    world, _ = make_world(tmp_path, receiver, posts=2)
    assert world.publish("--no-remote")[0] == 0
    assert world.publish("--no-remote")[0] == 0
    where = world.publisher()
    assert git(where, "rev-parse", "--verify", "-q", "refs/pressbot/ledger")
    assert world.ledger() == {}  # nothing pushed
    assert len(receiver.accepted) == 2
    assert {item.answer for item in receiver.log} <= {"accepted", "repeat"}


def test_killed_after_the_call_then_edited_sends_an_update(
    tmp_path: Path, receiver: Receiver
) -> None:
    """The killed run's delivery may have arrived: the edit goes out as an update of it."""
    world, ids = make_world(tmp_path, receiver, posts=1)
    [post] = ids
    proc = world.spawn(pause="delivery-sent")
    world.wait_point("delivery-sent", proc)
    world.kill(proc)
    assert world.ledger()["deliveries"]["hook"][post]["state"] == "claimed"
    world.write("2024-02-01-post-1.md", "Post 1, edited")
    world.commit("edit before the rerun")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert [e.type for e in receiver.events()[post]] == ["post.published", "post.updated"]
    assert receiver.live_posts()[post].body["data"]["title"] == "Post 1, edited"
    world.check(receiver, ids)


def test_unanswered_delivery_then_edited_sends_an_update(
    tmp_path: Path, receiver: Receiver
) -> None:
    """A delivery that failed without an answer may have been processed: same rule."""
    world, ids = make_world(tmp_path, receiver, posts=1)
    [post] = ids
    receiver.always = "drop"  # processed, then the connection closes without an answer
    code, out = world.publish()
    assert code == 1, out
    assert world.ledger()["deliveries"]["hook"][post]["state"] in ("failed", "dead")
    receiver.always = None
    world.write("2024-02-01-post-1.md", "Post 1, edited")
    world.commit("edit before the rerun")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert [e.type for e in receiver.events()[post]] == ["post.published", "post.updated"]
    world.check(receiver, ids)


@pytest.mark.parametrize("round_", range(3))
def test_local_compare_and_swap_one_winner(tmp_path: Path, receiver: Receiver, round_: int) -> None:
    """Two processes, one clone, no remote: both hold a claim built on the same ledger
    commit, then race on `git update-ref <ref> <new> <old>`. Exactly one claim lands; the
    other run re-reads, waits for the winner and sends nothing."""
    world, ids = make_world(tmp_path, receiver, posts=4 + round_)
    dirs = [tmp_path / "pause-a", tmp_path / "pause-b"]
    for folder in dirs:
        folder.mkdir()
    procs = [
        world.spawn("--no-remote", name="one", pause="ledger-push@2", pause_dir=dirs[0]),
        world.spawn(
            "--no-remote", name="one", pause="ledger-push@2", pause_dir=dirs[1], checkout=False
        ),
    ]
    for proc, folder in zip(procs, dirs, strict=True):
        world.wait_point("ledger-push", proc, pause_dir=folder)
    for folder in dirs:
        world.release("ledger-push", pause_dir=folder)
    outs = [finish(proc) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], outs
    delivered = sorted(
        line.split()[1] for out in outs for line in out.splitlines() if line.startswith("publish:")
    )
    assert delivered == ["0", str(len(ids))], outs
    assert {item.post_id for item in receiver.accepted.values()} == ids
    assert len(receiver.accepted) == len(ids) and receiver.duplicates() == []
    where = world.publisher("one")
    ledger = json.loads(git(where, "cat-file", "blob", "refs/pressbot/ledger:ledger.json"))
    entries = ledger["deliveries"]["hook"]
    assert set(entries) == ids and {e["state"] for e in entries.values()} == {"published"}
    claims = git(where, "log", "--first-parent", "--format=%s", "refs/pressbot/ledger")
    assert claims.splitlines().count("pressbot: claim") == 1, claims


def test_a_malformed_pause_spec_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.publish import faults

    monkeypatch.setenv("PRESSBOT_TEST_PAUSE_AT", "delivery-call@x,delivery-call@")
    monkeypatch.setenv("PRESSBOT_TEST_PAUSE_DIR", str(tmp_path))
    (tmp_path / "delivery-call.go").write_text("go")  # a hold, were there one, ends at once
    faults.point("delivery-call")
    assert (tmp_path / "delivery-call.reached").exists()  # "@" alone: every time
    (tmp_path / "delivery-call.reached").unlink()
    monkeypatch.setenv("PRESSBOT_TEST_PAUSE_AT", "delivery-call@x")
    faults.point("delivery-call")
    assert not (tmp_path / "delivery-call.reached").exists()
