"""What a run publishes, from Git history and the ledger: pushes, merges, edits, dates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.publishkit import STEADY, World, git
from tests.receiver import Receiver


@pytest.fixture
def world(tmp_path: Path, receiver: Receiver) -> World:
    return World(
        tmp_path,
        targets=[
            {"name": "outbox", "type": "folder", "path": "_outbox"},
            {"name": "hook", "type": "webhook", "url": receiver.url, **STEADY},
        ],
        publish={"max_unpublish": 2},
    )


def pid(name: str) -> str:
    return "_posts/" + name.rsplit(".", 1)[0]


def add(world: World, *names: str) -> set[str]:
    for name in names:
        world.write(name, f"Title of {name}")
    world.commit("add " + " ".join(names))
    world.push()
    return {pid(n) for n in names}


def types(receiver: Receiver, post: str) -> list[str]:
    return [e.type or "" for e in receiver.events().get(post, [])]


def test_first_run_publishes_only_the_push(world: World, receiver: Receiver) -> None:
    add(world, "2024-01-01-old.md")
    add(world, "2024-01-02-older.md")
    before = world.head()
    new = add(world, "2024-01-03-a.md") | add(world, "2024-01-04-b.md")
    event = world.tmp / "event.json"
    event.write_text(json.dumps({"before": before, "after": world.head()}))
    env = {"GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": str(event)}
    code, out = world.publish("--dry-run", env=env)
    assert code == 0 and "(first run)" in out and "older" not in out
    assert receiver.log == [] and world.ledger() == {}  # the dry run touched nothing
    code, out = world.publish(env=env)
    assert code == 0, out
    world.check(receiver, new)


def test_first_run_since(world: World, receiver: Receiver) -> None:
    add(world, "2024-01-01-old.md")
    base = world.head()
    new = add(world, "2024-01-03-a.md") | add(world, "2024-01-04-b.md")
    assert world.publish("--since", base)[0] == 0
    world.check(receiver, new)


def test_dropped_middle_run_loses_nothing(world: World, receiver: Receiver) -> None:
    first = add(world, "2024-01-01-one.md")
    assert world.publish()[0] == 0
    second = add(world, "2024-01-02-two.md")  # its run is dropped (concurrency group)
    third = add(world, "2024-01-03-three.md")
    assert world.publish()[0] == 0
    world.check(receiver, first | second | third)


def test_merge_of_200_posts(world: World, receiver: Receiver) -> None:
    assert world.publish()[0] == 0
    git(world.author, "checkout", "-q", "-b", "feature")
    ids = set()
    for n in range(200):
        day = dt.date(2023, 1, 1) + dt.timedelta(days=n)
        world.write(f"{day}-bulk-{n}.md", f"Bulk {n}")
        ids.add(f"_posts/{day}-bulk-{n}")
        if n % 50 == 49:
            world.commit(f"bulk {n}")
    git(world.author, "checkout", "-q", "main")
    git(world.author, "merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #7")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    world.check(receiver, ids)
    assert len(receiver.accepted) == 200
    assert {item.answer for item in receiver.log} <= {"accepted", "repeat"}
    assert len(list((world.publisher() / "_outbox").rglob("*.html"))) == 200


def test_edit_rename_delete(world: World, receiver: Receiver) -> None:
    ids = add(world, "2024-01-01-edit.md", "2024-01-02-move.md", "2024-01-03-gone.md")
    assert world.publish()[0] == 0
    world.write("2024-01-01-edit.md", "Edited title")
    world.rename("2024-01-02-move.md", "2024-01-02-moved-here.md")
    world.delete("2024-01-03-gone.md")
    world.commit("edit, rename, delete")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert types(receiver, pid("2024-01-01-edit.md")) == ["post.published", "post.updated"]
    moved = receiver.events()[pid("2024-01-02-move.md")]
    assert [e.type for e in moved] == ["post.published", "post.updated"]  # same id: no copy
    assert moved[-1].body["data"]["url"].endswith("/2024/01/02/moved-here.html")
    assert types(receiver, pid("2024-01-03-gone.md")) == ["post.published", "post.unpublished"]
    world.check(receiver, ids - {pid("2024-01-03-gone.md")})
    out_dir = world.publisher() / "_outbox" / "2024" / "01"
    assert (out_dir / "02" / "moved-here.html").is_file()
    assert not (out_dir / "02" / "move.html").exists()
    assert not (out_dir / "03").exists()
    assert "Edited title" in (out_dir / "01" / "edit.html").read_text()


def test_front_matter_id_survives_a_rename_git_cannot_pair(
    world: World, receiver: Receiver
) -> None:
    world.write("2024-01-01-first.md", "First", id="welcome")
    world.commit("add")
    world.push()
    assert world.publish()[0] == 0
    world.delete("2024-01-01-first.md")
    world.write("2024-01-05-other-name.md", "Completely rewritten", id="welcome", body="x" * 500)
    world.commit("rewrite")
    world.push()
    assert world.publish()[0] == 0
    assert types(receiver, "welcome") == ["post.published", "post.updated"]
    world.check(receiver, {"welcome"})


def test_mass_deletion_guard(world: World, receiver: Receiver) -> None:
    names = ["2024-01-01-a.md", "2024-01-02-b.md", "2024-01-03-c.md", "2024-01-04-d.md"]
    ids = add(world, *names)
    assert world.publish()[0] == 0
    for name in names[:3]:
        world.delete(name)
    world.commit("oops")
    world.push()
    code, out = world.publish()
    assert code == 1
    assert "refusing to unpublish 3 posts" in out and "--allow-unpublish" in out
    world.check(receiver, ids)  # nothing unpublished
    code, out = world.publish()  # still held, not forgotten
    assert code == 1 and "refusing to unpublish 3 posts" in out
    code, out = world.publish("--allow-unpublish")
    assert code == 0, out
    world.check(receiver, {pid(names[3])})


def test_unpublished_in_front_matter(world: World, receiver: Receiver) -> None:
    world.write("2024-01-02-hidden.md", "Hidden", published=False)
    world.commit("hidden")
    world.push()
    assert world.publish()[0] == 0
    world.check(receiver, set())  # never published
    live = add(world, "2024-01-01-a.md")
    assert world.publish()[0] == 0
    world.check(receiver, live)
    assert (world.publisher() / "_outbox/2024/01/01/a.html").is_file()
    world.write("2024-01-01-a.md", "A", published=False)  # a live post set to false
    world.commit("unpublish a")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert types(receiver, pid("2024-01-01-a.md")) == ["post.published", "post.unpublished"]
    world.check(receiver, set())
    assert not (world.publisher() / "_outbox/2024/01/01/a.html").exists()
    assert world.ledger()["posts"][pid("2024-01-01-a.md")]["status"] == "unlisted"


def test_future_post_across_its_date(world: World, receiver: Receiver) -> None:
    assert world.publish()[0] == 0
    world.write("2030-01-01-future.md", "From the future")
    world.commit("future")
    world.push()
    before = {"PRESSBOT_NOW": "2029-12-31T23:00:00+00:00"}
    code, out = world.publish(env=before)
    assert code == 0 and "deferred: _posts/2030-01-01-future.md is due 2030-01-01" in out
    assert world.ledger()["posts"][pid("2030-01-01-future.md")]["status"] == "deferred"
    assert world.publish(env=before)[0] == 0  # the cron, still early
    assert receiver.log == []
    code, out = world.publish(env={"PRESSBOT_NOW": "2030-01-01T10:00:01+00:00"})  # due now
    assert code == 0 and "published _posts/2030-01-01-future" in out
    world.check(receiver, {pid("2030-01-01-future.md")})
    assert world.ledger()["posts"][pid("2030-01-01-future.md")]["status"] == "active"


def test_invalid_post_then_fixed(world: World, receiver: Receiver) -> None:
    assert world.publish()[0] == 0
    world.write_raw("_posts/2024-01-01-broken.md", "---\ntitle: [unclosed\n---\nBody\n")
    world.commit("broken")
    world.push()
    code, out = world.publish()
    assert code == 0
    assert "blocked: _posts/2024-01-01-broken.md" in out and "frontmatter/syntax" in out
    assert world.ledger()["posts"]["_posts/2024-01-01-broken"]["status"] == "blocked"
    add(world, "2024-01-02-other.md")  # a later push does not forget the blocked post
    assert world.publish()[0] == 0
    assert "_posts/2024-01-01-broken" not in receiver.live_posts()
    world.write("2024-01-01-broken.md", "Fixed")
    world.commit("fix")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    world.check(receiver, {"_posts/2024-01-01-broken", pid("2024-01-02-other.md")})


def test_posts_building_to_one_url_are_blocked(world: World, receiver: Receiver) -> None:
    assert world.publish()[0] == 0
    from tests.publishkit import post_text

    for name in ("2024-01-02-closed.md", "2024-01-02-reopened.md"):
        world.write_raw(f"_posts/{name}", post_text(name, permalink="/notice/"))
    world.commit("two notices")
    world.push()
    code, out = world.publish()
    assert code == 0
    assert out.count("jekyll/duplicate-url") == 2
    assert not receiver.live_posts()
    world.write_raw("_posts/2024-01-02-reopened.md", post_text("reopened"))
    world.commit("one notice")
    world.push()
    assert world.publish()[0] == 0
    world.check(receiver, {"_posts/2024-01-02-closed", "_posts/2024-01-02-reopened"})


def test_force_push_of_the_branch(world: World, receiver: Receiver) -> None:
    ids = add(world, "2024-01-01-a.md")
    assert world.publish()[0] == 0
    world.write("2024-01-01-a.md", "A rewritten")
    world.write("2024-01-02-b.md", "B")
    git(world.author, "add", "-A")
    git(world.author, "commit", "-q", "--amend", "-m", "rewritten history")
    git(world.author, "push", "-q", "--force", "origin", "main")
    event = world.tmp / "event.json"  # the workflow's run of the force-push says so
    event.write_text(json.dumps({"before": "1" * 40, "after": world.head(), "forced": True}))
    code, out = world.publish(env={"GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": str(event)})
    assert code == 0, out
    assert types(receiver, pid("2024-01-01-a.md")) == ["post.published", "post.updated"]
    world.check(receiver, ids | {pid("2024-01-02-b.md")})


def test_an_unreadable_ledger_stops_publishing(world: World, receiver: Receiver) -> None:
    add(world, "2024-01-01-a.md", "2024-01-02-b.md")
    assert world.publish()[0] == 0
    bad = world.set_ledger("{not json")  # a ledger commit whose ledger.json is not JSON
    add(world, "2024-01-03-c.md")
    code, out, err = world.publish_split()
    assert code == 2, out + err
    assert err.startswith("pressbot: the ledger refs/pressbot/ledger") and "unreadable" in err
    assert len(err.splitlines()) == 1
    assert len(receiver.accepted) == 2  # a and b, once; nothing sent without the history
    assert git(world.origin, "rev-parse", "refs/pressbot/ledger") == bad
    code, out = world.publish("--status")
    assert code == 2 and f"ledger {bad[:12]} (unreadable): ledger.json" in out


def test_status_and_force(world: World, receiver: Receiver) -> None:
    ids = add(world, "2024-01-01-a.md")
    assert world.publish()[0] == 0
    code, out = world.publish("--status")
    assert code == 0
    assert "_posts/2024-01-01-a  active" in out and "hook: published" in out
    code, out = world.publish("--status", "--json")
    assert json.loads(out)["deliveries"]["hook"]["_posts/2024-01-01-a"]["state"] == "published"
    code, out = world.publish("--force", "_posts/2024-01-01-a")
    assert code == 0 and "updated _posts/2024-01-01-a -> hook" in out
    assert len({e.key for e in receiver.log}) == 2  # a new delivery, not a repeat
    world.check(receiver, ids)
    code, out = world.publish("--force", "nope")
    assert "--force nope: no such post" in out


def test_a_new_site_url_updates_every_post_and_nothing_else(
    world: World, receiver: Receiver
) -> None:
    ids = add(world, "2024-01-02-a.md", "2024-01-03-b.md")
    assert world.publish()[0] == 0
    config = world.author / "_config.yml"
    config.write_text(config.read_text() + "description: A site\n")
    world.commit("a setting no post reads")
    world.push()
    assert world.publish()[0] == 0
    assert {p: types(receiver, p) for p in ids} == {p: ["post.published"] for p in ids}
    config.write_text(config.read_text().replace("blog.example.org", "www.example.com"))
    world.commit("the site moves")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert {p: types(receiver, p) for p in ids} == {
        p: ["post.published", "post.updated"] for p in ids
    }
    assert {e["data"]["url"] for e in world_events(receiver)} >= {
        "https://www.example.com/2024/01/02/a.html"
    }
    world.check(receiver, ids)


def world_events(receiver: Receiver) -> list[dict[str, object]]:
    return [item.body for events in receiver.events().values() for item in events]


def test_a_ledger_of_an_earlier_pressbot_sends_no_unchanged_post(
    world: World, receiver: Receiver
) -> None:
    """Hashes recorded by the formula of an earlier pressbot (the relative URL and the bytes)
    are the same content while the recorded URL is the post's: no mass update."""
    import hashlib

    ids = add(world, "2024-01-02-a.md", "2024-01-03-b.md")
    assert world.publish()[0] == 0
    ledger = world.ledger()
    for name in ("2024-01-02-a.md", "2024-01-03-b.md"):
        data = (world.author / "_posts" / name).read_bytes()
        url = f"/2024/01/0{name[9]}/{name[11]}.html"
        old = hashlib.sha256(url.encode() + b"\0" + data).hexdigest()[:24]
        for target in ("outbox", "hook"):
            ledger["deliveries"][target][pid(name)]["hash"] = old
    world.set_ledger(json.dumps(ledger))
    config = world.author / "_config.yml"
    config.write_text(config.read_text() + "description: A site\n")
    world.commit("a setting no post reads")
    world.push()
    code, out = world.publish()
    assert code == 0 and "0 delivered" in out, out
    assert {p: types(receiver, p) for p in ids} == {p: ["post.published"] for p in ids}
    config.write_text(config.read_text().replace("blog.example.org", "www.example.com"))
    world.commit("the site moves")
    world.push()
    code, out = world.publish()
    assert code == 0 and "4 delivered" in out, out
