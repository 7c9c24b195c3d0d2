"""Webhook deliveries against a real receiver: signatures, retries, faults, failing targets."""

from __future__ import annotations

import base64
import hashlib
import hmac
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from bot.publish.targets.http import retry_after_seconds
from bot.publish.targets.webhook import decode_secret, signature
from tests.localserver import Scripted, Seen, write_answer
from tests.publishkit import HANG, STEADY, World
from tests.receiver import SECRET, Receiver


def hook(receiver: Receiver, **kw: object) -> dict[str, object]:
    # A generous deadline: on a busy machine a healthy answer must never look like a timeout.
    return {"name": "hook", "type": "webhook", "url": receiver.url, **STEADY, **kw}


def one_post_world(tmp_path: Path, receiver: Receiver, **kw: object) -> World:
    world = World(tmp_path, targets=[hook(receiver, **kw)])
    world.write("2024-01-02-hello.md", "Hello")
    world.commit("hello")
    world.push()
    return world


def test_signature_is_the_standard_one() -> None:
    # The signed content is "{id}.{timestamp}.{body}", keyed with the decoded secret.
    key = decode_secret(SECRET)
    sig = signature(key, "msg_1", 1700000000, b'{"a":1}')
    expected = hmac.new(key, b'msg_1.1700000000.{"a":1}', hashlib.sha256).digest()
    assert sig == "v1," + base64.b64encode(expected).decode()


def test_publish_once_signed_and_verified(tmp_path: Path, receiver: Receiver) -> None:
    world = one_post_world(tmp_path, receiver)
    code, out = world.publish()
    assert code == 0, out
    assert [i.answer for i in receiver.log] == ["accepted"]
    [event] = receiver.accepted.values()
    assert event.type == "post.published"
    data = event.body["data"]
    assert data["url"] == "https://blog.example.org/2024/01/02/hello.html"
    assert data["title"] == "Hello" and "<p>Hello.</p>" in data["html"]
    world.check(receiver, {"_posts/2024-01-02-hello"})
    sent = len(receiver.log)
    code, out = world.publish()  # nothing changed: nothing sent
    assert code == 0 and len(receiver.log) == sent


def test_a_configuration_change_updates_the_posts_it_reshapes(
    tmp_path: Path, receiver: Receiver
) -> None:
    """`permalink` or `defaults` in `_config.yml` change how posts read though their files
    did not: the posts the ledger knows are read again, and only those that differ are
    sent."""
    world = one_post_world(tmp_path, receiver)
    assert world.publish()[0] == 0
    world.write("2024-01-03-other.md", "Other")
    world.commit("other")
    world.push()
    assert world.publish()[0] == 0
    assert set(receiver.live_posts()) == {"_posts/2024-01-02-hello", "_posts/2024-01-03-other"}
    sent = len(receiver.accepted)
    config = "title: Test site\nurl: https://blog.example.org\ntimezone: UTC\n"
    world.write_raw("_config.yml", config + "description: a new tagline\n")
    world.commit("a setting no post reads")
    world.push()
    code, out = world.publish()
    assert code == 0 and len(receiver.accepted) == sent, out
    world.write_raw(
        "_config.yml",
        config
        + "permalink: /news/:title/\n"
        + "defaults:\n  - scope: {path: _posts/2024-01-03-other.md}\n"
        + "    values: {published: false}\n",
    )
    world.commit("new permalinks; one post withdrawn by its defaults")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    live = receiver.live_posts()
    assert set(live) == {"_posts/2024-01-02-hello"}, out
    assert live["_posts/2024-01-02-hello"].body["data"]["url"] == (
        "https://blog.example.org/news/hello/"
    )


@pytest.mark.parametrize(
    ("faults", "answers"),
    [
        (["500", "503"], ["fault:500", "fault:503", "accepted"]),
        ([("429", 1)], ["fault:('429', 1)", "accepted"]),
        (["hang"], ["accepted", "repeat"]),  # processed, the answer never comes in time
        (["drop"], ["accepted", "repeat"]),  # body received and processed, connection dropped
        (["drop", "hang", "500"], ["accepted", "repeat", "fault:500", "repeat"]),
    ],
    ids=["5xx", "429-retry-after", "timeout", "dropped", "mixed"],
)
def test_transient_faults_are_retried_with_the_same_key(
    tmp_path: Path, receiver: Receiver, faults: list[object], answers: list[str]
) -> None:
    # Each request takes the next fault, so the log's order is the faults' whatever the timing;
    # only "hang" needs the client to give up, which it does after its (short) deadline; a
    # healthy answer slower than that deadline only adds a repeat at the end.
    settings = HANG if "hang" in faults else {"retries": 6}
    world = one_post_world(tmp_path, receiver, **settings)
    receiver.queue(*faults)
    code, out = world.publish()
    assert code == 0, out
    assert len({item.key for item in receiver.log}) == 1  # every try was the same delivery
    assert [item.answer for item in receiver.log][: len(answers)] == answers
    assert all(item.answer == "repeat" for item in receiver.log[len(answers) :])
    world.check(receiver, {"_posts/2024-01-02-hello"})


def test_retry_after_is_read(tmp_path: Path, receiver: Receiver) -> None:
    # A Retry-After beyond the longest wait (2 s here) is not slept: the delivery fails for
    # this run and is tried again by the next one, under the same key.
    world = one_post_world(tmp_path, receiver)
    receiver.queue(("429", 30))
    code, out = world.publish()
    assert code == 1 and "Retry-After 30 s is too long" in out
    assert len(receiver.log) == 1
    assert world.publish()[0] == 0
    assert len({item.key for item in receiver.log}) == 1
    world.check(receiver, {"_posts/2024-01-02-hello"})


def test_retry_after_forms() -> None:
    import email.utils
    import time

    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("soon") is None
    later = email.utils.formatdate(time.time() + 120, usegmt=True)
    assert 100 < (retry_after_seconds(later) or 0) <= 120


def test_4xx_is_permanent_and_reported(tmp_path: Path, receiver: Receiver) -> None:
    world = one_post_world(tmp_path, receiver)
    receiver.queue("400")
    code, out = world.publish()
    assert code == 1
    assert "dead: _posts/2024-01-02-hello -> hook (publish): HTTP 400" in out
    assert [i.answer for i in receiver.log] == ["fault:400"]  # not retried
    assert world.ledger()["deliveries"]["hook"]["_posts/2024-01-02-hello"]["state"] == "dead"
    code, out = world.publish()  # dead stays dead until asked
    assert code == 0 and len(receiver.log) == 1
    code, out = world.publish("--retry-dead")
    assert code == 0, out
    world.check(receiver, {"_posts/2024-01-02-hello"})


def test_target_down_two_runs_then_back(tmp_path: Path, receiver: Receiver) -> None:
    world = one_post_world(tmp_path, receiver)
    receiver.stop()
    for attempt in (1, 2):
        code, out = world.publish()
        assert code == 1
        assert "failed: _posts/2024-01-02-hello -> hook (publish): connection failed" in out
        entry = world.ledger()["deliveries"]["hook"]["_posts/2024-01-02-hello"]
        assert entry["state"] == "failed" and entry["attempts"] == attempt
    world.write("2024-01-05-later.md", "Later")  # pushed while the target is down
    world.commit("later")
    world.push()
    receiver.start()
    code, out = world.publish()
    assert code == 0, out
    world.check(receiver, {"_posts/2024-01-02-hello", "_posts/2024-01-05-later"})


def test_dead_after_max_attempts(tmp_path: Path, receiver: Receiver) -> None:
    world = one_post_world(tmp_path, receiver, max_attempts=2)
    receiver.always = "500"
    assert world.publish()[0] == 1
    code, out = world.publish()
    assert code == 1 and "dead: _posts/2024-01-02-hello" in out
    receiver.always = None
    assert world.publish()[0] == 0
    assert world.ledger()["deliveries"]["hook"]["_posts/2024-01-02-hello"]["state"] == "dead"
    assert world.publish("--force", "_posts/2024-01-02-hello")[0] == 0
    world.check(receiver, {"_posts/2024-01-02-hello"})


def test_one_of_two_targets_failing(tmp_path: Path, receiver: Receiver) -> None:
    other = Receiver()
    try:
        world = World(
            tmp_path,
            targets=[hook(receiver), {**hook(other), "name": "mirror"}],
        )
        world.write("2024-01-02-hello.md", "Hello")
        world.commit("hello")
        world.push()
        other.always = "503"
        code, out = world.publish()
        assert code == 1
        assert "published _posts/2024-01-02-hello -> hook" in out
        assert "failed: _posts/2024-01-02-hello -> mirror" in out
        world.check(receiver, {"_posts/2024-01-02-hello"})
        other.always = None
        code, out = world.publish()
        assert code == 0, out
        assert "-> hook" not in out  # the healthy target is not sent it again
        world.check(receiver, {"_posts/2024-01-02-hello"})
        world.check(other, {"_posts/2024-01-02-hello"}, target="mirror")
    finally:
        other.stop()


def test_missing_secret_is_reported_not_a_traceback(tmp_path: Path, receiver: Receiver) -> None:
    world = one_post_world(tmp_path, receiver)
    code, out = world.publish(env={"PRESSBOT_WEBHOOK_SECRET": ""})
    assert code == 1
    assert "PRESSBOT_WEBHOOK_SECRET is not set" in out
    assert receiver.log == []


def test_bad_target_configuration_is_exit_2(tmp_path: Path, receiver: Receiver) -> None:
    world = World(tmp_path, targets=[{"name": "hook", "type": "webhook", "url": "ftp://x"}])
    code, out = world.publish()
    assert code == 2
    assert "publish.targets[0]" in out and "Traceback" not in out


def test_a_redirect_is_a_failed_delivery_not_a_login_page(tmp_path: Path) -> None:
    # A POST answered 302 used to become a GET, which a login page answered 200: "published".
    def login(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        if seen.method == "POST":
            write_answer(handler, 302, b"", {"Location": "/login?next=/hooks"})
        else:
            write_answer(handler, 200, b"<html>Sign in</html>", {"Content-Type": "text/html"})

    server = Scripted(login)
    try:
        world = World(tmp_path, targets=[{"name": "hook", "type": "webhook", "url": server.url}])
        world.write("2024-01-02-hello.md", "Hello")
        world.commit("hello")
        world.push()
        code, out = world.publish()
        assert code == 1
        assert "-> hook (publish): HTTP 302: a redirect to " + server.url in out
        assert "not followed" in out
        assert [r.method for r in server.requests] == ["POST"]
        entry = world.ledger()["deliveries"]["hook"]["_posts/2024-01-02-hello"]
        assert entry["state"] == "failed" and not entry.get("live")
    finally:
        server.close()


def test_a_redirect_elsewhere_never_gets_the_signature(tmp_path: Path, receiver: Receiver) -> None:
    other = Scripted(lambda h, s: write_answer(h, 200, {"ok": True}))
    server = Scripted(lambda h, s: write_answer(h, 307, b"", {"Location": other.url + "/x"}))
    try:
        world = World(tmp_path, targets=[{"name": "hook", "type": "webhook", "url": server.url}])
        world.write("2024-01-02-hello.md", "Hello")
        world.commit("hello")
        world.push()
        code, out = world.publish()
        assert code == 1 and "HTTP 307" in out
        assert other.requests == []
        assert "webhook-signature" in server.requests[0].headers
    finally:
        server.close()
        other.close()


@pytest.mark.parametrize("remote", ["x" * 100_000, "a\nb\x1b[31m", ["list"], True])
def test_an_unusable_remote_id_is_not_recorded(tmp_path: Path, remote: object) -> None:
    server = Scripted(lambda h, s: write_answer(h, 200, {"id": remote}))
    try:
        world = World(tmp_path, targets=[{"name": "hook", "type": "webhook", "url": server.url}])
        world.write("2024-01-02-hello.md", "Hello")
        world.commit("hello")
        world.push()
        code, out = world.publish()
        assert code == 0, out
        entry = world.ledger()["deliveries"]["hook"]["_posts/2024-01-02-hello"]
        assert entry["state"] == "published" and entry.get("remote_id") is None
    finally:
        server.close()


def test_a_short_remote_id_is_recorded(tmp_path: Path) -> None:
    server = Scripted(lambda h, s: write_answer(h, 200, {"id": 12345}))
    try:
        world = World(tmp_path, targets=[{"name": "hook", "type": "webhook", "url": server.url}])
        world.write("2024-01-02-hello.md", "Hello")
        world.commit("hello")
        world.push()
        assert world.publish()[0] == 0
        entry = world.ledger()["deliveries"]["hook"]["_posts/2024-01-02-hello"]
        assert entry["remote_id"] == "12345"
    finally:
        server.close()
