"""The dev.to / Forem target against a local server that follows Forem's articles API."""

from __future__ import annotations

from pathlib import Path

from tests.fakeforem import API_KEY, FakeForem
from tests.publishkit import World

ENV = {"DEVTO_API_KEY": API_KEY}
CANONICAL = "https://blog.example.org/2024/01/02/hello.html"
# A generous timeout: the fake answers at once and every fault is queued explicitly, so a
# slow machine never turns into an unplanned "no answer" (and an extra lookup or retry).
FOREM = {"timeout": 30, "retries": 3, "backoff": 0.01, "max_wait": 2}


def forem_world(tmp_path: Path, forem: FakeForem) -> World:
    world = World(
        tmp_path, targets=[{"name": "dev", "type": "devto", "api_url": forem.url, **FOREM}]
    )
    world.write("2024-01-02-hello.md", "Hello", tags=["Python", "github", "a", "b"])
    world.commit("hello")
    world.push()
    return world


def test_create_update_unpublish(tmp_path: Path, forem: FakeForem) -> None:
    world = forem_world(tmp_path, forem)
    code, out = world.publish(env=ENV)
    assert code == 0, out
    [article] = forem.articles.values()
    assert article["canonical_url"] == CANONICAL
    assert article["published"] is True and article["tags"] == ["python", "github", "a", "b"]
    entry = world.ledger()["deliveries"]["dev"]["_posts/2024-01-02-hello"]
    assert entry["remote_id"] == str(article["id"]) and entry["url"] == article["url"]
    world.write("2024-01-02-hello.md", "Hello again")
    world.commit("edit")
    world.push()
    assert world.publish(env=ENV)[0] == 0
    assert len(forem.articles) == 1 and article["title"] == "Hello again"
    assert ("PUT", f"/api/articles/{article['id']}") in forem.log
    world.delete("2024-01-02-hello.md")
    world.commit("delete")
    world.push()
    assert world.publish(env=ENV)[0] == 0
    assert article["published"] is False and len(forem.articles) == 1


def test_dropped_create_is_found_not_duplicated(tmp_path: Path, forem: FakeForem) -> None:
    world = forem_world(tmp_path, forem)
    forem.faults.append(("POST", "drop"))  # created, but the answer is lost
    code, out = world.publish(env=ENV)
    assert code == 0, out
    assert forem.copies()[CANONICAL] == 1
    assert [m for m, _ in forem.log].count("POST") == 1  # found by the lookup, then updated


def test_crash_between_create_and_ledger_write(tmp_path: Path, forem: FakeForem) -> None:
    world = forem_world(tmp_path, forem)
    proc = world.spawn(pause="delivery-sent", env=ENV)
    world.wait_point("delivery-sent", proc, timeout=180)  # a busy machine starts slowly
    world.kill(proc)
    assert len(forem.articles) == 1
    code, out = world.publish(env=ENV)
    assert code == 0, out
    assert forem.copies()[CANONICAL] == 1  # looked up by canonical_url, not created again
    [article] = forem.articles.values()
    entry = world.ledger()["deliveries"]["dev"]["_posts/2024-01-02-hello"]
    assert entry["state"] == "published" and entry["remote_id"] == str(article["id"])


def test_rate_limit_and_errors(tmp_path: Path, forem: FakeForem) -> None:
    world = forem_world(tmp_path, forem)
    forem.faults.extend([("429", 0), "500"])
    assert world.publish(env=ENV)[0] == 0
    assert forem.copies()[CANONICAL] == 1
    assert world.publish(env={"DEVTO_API_KEY": ""})[0] == 0  # nothing to do: no key needed


def test_wrong_key_is_permanent(tmp_path: Path, forem: FakeForem) -> None:
    world = forem_world(tmp_path, forem)
    code, out = world.publish(env={"DEVTO_API_KEY": "wrong"})
    assert code == 1 and "HTTP 401" in out and "dead" in out
    assert forem.articles == {}
