"""Two posts with one front-matter `id`: publish blocks both rather than guess."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.publishkit import STEADY, World
from tests.receiver import Receiver


@pytest.fixture
def world(tmp_path: Path, receiver: Receiver) -> World:
    return World(
        tmp_path, targets=[{"name": "hook", "type": "webhook", "url": receiver.url, **STEADY}]
    )


def types(receiver: Receiver, post: str) -> list[str]:
    return [e.type or "" for e in receiver.events().get(post, [])]


def test_a_copied_post_does_not_replace_the_original(world: World, receiver: Receiver) -> None:
    world.write("2024-01-02-original.md", "Original", id="welcome")
    world.commit("original")
    world.push()
    assert world.publish()[0] == 0
    world.write("2024-01-05-copy.md", "The copy", id="welcome")
    world.commit("copy the post, id included")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert "blocked: _posts/2024-01-02-original.md" in out
    assert "blocked: _posts/2024-01-05-copy.md" in out
    assert "jekyll/duplicate-id id welcome is also the id of _posts/2024-01-02-original.md" in out
    assert "jekyll/duplicate-id id welcome is also the id of _posts/2024-01-05-copy.md" in out
    assert types(receiver, "welcome") == ["post.published"]  # the original was not overwritten
    assert receiver.live_posts()["welcome"].body["data"]["title"] == "Original"
    # a later run, with neither file changed, still knows both
    world.write("2024-02-01-other.md", "Other")
    world.commit("other")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert out.count("jekyll/duplicate-id") == 2, out
    assert types(receiver, "welcome") == ["post.published"]
    record = world.ledger()["posts"]["welcome"]
    assert record["path"] == "_posts/2024-01-02-original.md"
    assert record["also"] == ["_posts/2024-01-05-copy.md"]
    # the copy gets its own id: both are published, the original untouched
    world.write("2024-01-05-copy.md", "The copy", id="welcome-2")
    world.commit("own id")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert types(receiver, "welcome") == ["post.published"]
    assert types(receiver, "welcome-2") == ["post.published"]
    world.check(receiver, {"welcome", "welcome-2", "_posts/2024-02-01-other"})
    assert "also" not in world.ledger()["posts"]["welcome"]


def test_two_new_posts_with_one_id_are_both_blocked(world: World, receiver: Receiver) -> None:
    world.write("2024-01-02-a.md", "A", id="same")
    world.write("2024-01-03-b.md", "B", id="same")
    world.commit("two posts, one id")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert out.count("jekyll/duplicate-id") == 2
    assert receiver.log == []
    world.write("2024-02-01-c.md", "C")
    world.commit("c")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert out.count("jekyll/duplicate-id") == 2 and receiver.accepted


def test_an_unpublished_copy_does_not_unpublish_the_original(
    world: World, receiver: Receiver
) -> None:
    world.write("2024-01-02-original.md", "Original", id="welcome")
    world.commit("original")
    world.push()
    assert world.publish()[0] == 0
    world.write("2024-01-05-draft-copy.md", "Copy", id="welcome", published=False)
    world.commit("an unpublished copy")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert "welcome" in receiver.live_posts(), out
    assert out.count("jekyll/duplicate-id") == 2


def test_a_renamed_post_is_not_a_duplicate(world: World, receiver: Receiver) -> None:
    world.write("2024-01-02-first.md", "First", id="welcome")
    world.commit("add")
    world.push()
    assert world.publish()[0] == 0
    world.delete("2024-01-02-first.md")
    world.write("2024-01-09-renamed.md", "Renamed and rewritten", id="welcome", body="x" * 400)
    world.commit("rename")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert "duplicate-id" not in out
    assert types(receiver, "welcome") == ["post.published", "post.updated"]


def test_duplicate_id_off_keeps_the_known_post(tmp_path: Path, receiver: Receiver) -> None:
    world = World(
        tmp_path, targets=[{"name": "hook", "type": "webhook", "url": receiver.url, **STEADY}]
    )
    config = world.author / ".pressbot.yml"
    config.write_text(config.read_text() + "rules:\n  ignore: [jekyll]\n")
    world.write("2024-01-02-original.md", "Original", id="welcome")
    world.commit("original")
    world.push()
    assert world.publish()[0] == 0
    world.write("2024-01-05-copy.md", "The copy", id="welcome")
    world.commit("copy")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert "duplicate-id" not in out
    assert types(receiver, "welcome") == ["post.published"]
    assert receiver.live_posts()["welcome"].body["data"]["title"] == "Original"


def _published_and_renamed(world: World) -> None:
    """`_posts/2024-01-02-a.md` published, then renamed to `...-b.md` and published again."""
    world.write("2024-01-02-a.md", "A", body="Alpha body text, long enough to be a rename.")
    world.commit("a")
    world.push()
    assert world.publish()[0] == 0
    world.rename("2024-01-02-a.md", "2024-01-02-b.md")
    world.commit("rename")
    world.push()
    assert world.publish()[0] == 0


def test_a_new_post_at_a_renamed_posts_old_name_is_a_post_of_its_own(
    world: World, receiver: Receiver
) -> None:
    _published_and_renamed(world)
    world.write("2024-01-02-a.md", "A new one", body="Entirely different words")
    world.commit("a new post under the old name")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert "duplicate-id" not in out
    # the renamed post keeps the id the rename carried; the new one gets a fresh id
    assert types(receiver, "_posts/2024-01-02-a") == ["post.published", "post.updated"]
    assert types(receiver, "_posts/2024-01-02-a~2") == ["post.published"]
    posts = world.ledger()["posts"]
    assert posts["_posts/2024-01-02-a"]["path"] == "_posts/2024-01-02-b.md"
    assert posts["_posts/2024-01-02-a~2"]["path"] == "_posts/2024-01-02-a.md"
    keys = [item.key for item in receiver.log]
    assert len(keys) == len(set(keys))
    # re-runs send nothing; an edit of the new post updates it, under its own id
    assert world.publish()[0] == 0
    world.write("2024-01-02-a.md", "A new one", body="Edited words")
    world.commit("edit the new post")
    world.push()
    assert world.publish()[0] == 0
    assert types(receiver, "_posts/2024-01-02-a~2") == ["post.published", "post.updated"]
    assert types(receiver, "_posts/2024-01-02-a") == ["post.published", "post.updated"]
    world.check(receiver, {"_posts/2024-01-02-a", "_posts/2024-01-02-a~2"})


def test_a_draft_at_a_renamed_posts_old_name_deleted_unpublishes_nothing(
    world: World, receiver: Receiver
) -> None:
    _published_and_renamed(world)
    world.write("2024-01-02-a.md", "Draft", published=False)
    world.commit("an unpublished post under the old name")
    world.push()
    assert world.publish()[0] == 0
    world.delete("2024-01-02-a.md")
    world.commit("drop it")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert types(receiver, "_posts/2024-01-02-a") == ["post.published", "post.updated"]
    world.check(receiver, {"_posts/2024-01-02-a"})
