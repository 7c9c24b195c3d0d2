"""The ledger stays readable whatever a target answers, and an unreadable one stops publishing.

A target's answer is untrusted: a value the ledger cannot store is a failed delivery with
its reason, never a crash that leaves the ledger unreadable. A ledger that pressbot cannot
read is an error (exit 2, one line), never a silent first run that forgets history.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from bot.publish.ledger import LedgerState
from tests.localserver import LocalServer, read_json
from tests.publishkit import STEADY, World, git
from tests.receiver import Receiver

API_KEY = "forem-test-key"


class HostileTarget(LocalServer):
    """Forem's articles API, and a webhook endpoint: every write is answered with `answer`."""

    def __init__(self) -> None:
        self.answer: Any = {"id": 7, "url": 12345}
        self.writes: list[str] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                read_json(self)
                if self.command == "GET":
                    data: Any = []
                else:
                    api.writes.append(self.command + " " + self.path)
                    data = api.answer
                body = json.dumps(data).encode()
                self.send_response(201 if self.command == "POST" else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = _serve

        super().__init__(Handler)


@pytest.fixture
def hostile() -> Iterator[HostileTarget]:
    server = HostileTarget()
    yield server
    server.close()


ENV = {"DEVTO_API_KEY": API_KEY}


def hostile_world(tmp_path: Path, hostile: HostileTarget, kind: str) -> World:
    target = {"name": "dev", "type": kind, **STEADY, "retries": 0}
    target["api_url" if kind == "devto" else "url"] = hostile.url
    world = World(tmp_path, targets=[target])
    world.write("2024-01-02-hello.md", "Hello")
    world.write("2030-01-01-later.md", "Later")  # deferred
    world.write_raw("_posts/2024-01-03-broken.md", "---\ntitle: [unclosed\n---\nBody\n")
    world.commit("posts")
    world.push()
    return world


def test_the_runner_checks_every_outcome_before_the_ledger() -> None:
    """Whatever a target returns, only values the ledger can store reach it."""
    from bot.publish.deliver import checked_outcome
    from bot.publish.targets import Outcome

    good = Outcome(True, remote_id="2024/01/02/é.html", url="https://x.example/é")
    assert checked_outcome(good) is good
    assert checked_outcome(Outcome(True, url="/2024/01/02/a.html")).ok
    for bad in (
        Outcome(True, remote_id=7),  # type: ignore[arg-type]
        Outcome(True, url=12345),  # type: ignore[arg-type]
        Outcome(True, url="ftp://x.example/a"),
        Outcome(True, remote_id="a\x00b"),
        Outcome(True, remote_id=""),
        Outcome(True, url="https://x.example/" + "a" * 9000),
        None,
        "ok",
    ):
        result = checked_outcome(bad)  # type: ignore[arg-type]
        assert isinstance(result, Outcome) and not result.ok, bad
        assert result.error and "answer" in result.error and "\n" not in result.error
    failed = checked_outcome(Outcome(False, error="gone", permanent=True))
    assert not failed.ok and failed.error == "gone" and failed.permanent is True


def readable(world: World) -> LedgerState:
    sha = git(world.origin, "rev-parse", "refs/pressbot/ledger")
    return LedgerState.model_validate_json(
        git(world.origin, "cat-file", "blob", f"{sha}:ledger.json")
    )


def stored_cleanly(value: str | None, limit: int) -> bool:
    return value is None or (0 < len(value) <= limit and value.isprintable())


@pytest.mark.parametrize(
    ("kind", "answer"),
    [
        ("devto", {"id": 7, "url": 12345}),
        ("devto", {"id": 7, "url": ["https://x.example/a"]}),
        ("devto", {"id": 7, "url": "javascript:alert(1)"}),
        ("devto", {"id": 7, "url": "https://x.example/" + "a" * 10_000}),
        ("devto", {"id": 7, "url": "https://x.example/a\nb"}),
        ("webhook", {"id": "7\n::error::forged"}),
        ("webhook", {"id": "x" * 5_000}),
    ],
    ids=["url-number", "url-list", "url-scheme", "url-huge", "url-newline", "id-ctl", "id-huge"],
)
def test_a_bad_target_answer_never_reaches_the_ledger(
    tmp_path: Path, hostile: HostileTarget, kind: str, answer: dict[str, Any]
) -> None:
    """Forem's URL is recorded, so a bad one fails the delivery; a webhook receiver's id is
    only a courtesy, so a bad one is left out. Either way the ledger stays readable."""
    hostile.answer = answer
    world = hostile_world(tmp_path, hostile, kind)
    code, out, err = world.publish_split(env=ENV)
    assert "Traceback" not in out + err and err == ""
    assert not any(line.startswith("::") for line in out.splitlines())
    state = readable(world)
    entry = state.deliveries["dev"]["_posts/2024-01-02-hello"]
    assert stored_cleanly(entry.remote_id, 256) and stored_cleanly(entry.url, 4096)
    assert state.posts["_posts/2030-01-01-later"].status == "deferred"
    assert state.posts["_posts/2024-01-03-broken"].status == "blocked"
    if kind == "webhook":
        assert code == 0, out
        assert entry.state == "published" and entry.remote_id is None
        return
    assert code == 1, out + err
    assert "failed: _posts/2024-01-02-hello -> dev (publish)" in out
    assert entry.state == "failed" and not entry.live and entry.url is None
    # the next run reads the ledger, keeps what it knew, and retries the delivery
    hostile.answer = {"id": 8, "url": "https://blog.example.org/2024/01/02/hello.html"}
    code, out, err = world.publish_split(env=ENV)
    assert code == 0, out + err
    assert "unreadable" not in out + err
    state = readable(world)
    entry = state.deliveries["dev"]["_posts/2024-01-02-hello"]
    assert entry.state == "published" and entry.remote_id == "8"
    assert entry.url == "https://blog.example.org/2024/01/02/hello.html"
    assert state.posts["_posts/2030-01-01-later"].status == "deferred"
    assert state.posts["_posts/2024-01-03-broken"].status == "blocked"


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        '{"version": 2, "posts": {}, "deliveries": {}}',
        '{"version": 1, "posts": {"a": {"status": "active"}}, "deliveries": {}}',
        '{"version": 1, "point": "--output=/tmp/x", "posts": {}, "deliveries": {}}',
        '["a list"]',
    ],
    ids=["not-json", "future-version", "record-without-path", "point-not-a-commit", "a-list"],
)
def test_an_unreadable_ledger_stops_publishing(
    tmp_path: Path, receiver: Receiver, text: str
) -> None:
    world = World(
        tmp_path, targets=[{"name": "hook", "type": "webhook", "url": receiver.url, **STEADY}]
    )
    world.write("2024-01-01-a.md", "A")
    world.commit("a")
    world.push()
    bad = world.set_ledger(text)
    code, out, err = world.publish_split()
    assert code == 2, out + err
    assert "Traceback" not in out + err
    [line] = err.splitlines()
    assert line.startswith("pressbot: ") and "ledger" in line and bad[:12] in line, line
    assert receiver.log == []
    assert git(world.origin, "rev-parse", "refs/pressbot/ledger") == bad  # left as it was
    code, out, err = world.publish_split("--status")
    assert code == 2
    assert "unreadable" in out and bad[:12] in out and "Traceback" not in out + err
    code, out, err = world.publish_split("--status", "--json")
    assert code == 2
    assert json.loads(out)["ledger"] == bad and json.loads(out)["unreadable"]


def test_an_absent_ledger_is_a_first_run(tmp_path: Path, receiver: Receiver) -> None:
    world = World(
        tmp_path, targets=[{"name": "hook", "type": "webhook", "url": receiver.url, **STEADY}]
    )
    world.write("2024-01-01-a.md", "A")
    world.commit("a")
    world.push()
    code, out = world.publish("--status")
    assert code == 0 and "no ledger yet" in out
    code, out = world.publish()
    assert code == 0, out
    world.check(receiver, {"_posts/2024-01-01-a"})


@pytest.mark.parametrize(
    "claim",
    [
        {"run": "other", "host": "elsewhere", "pid": 1, "time": "2020-01-01T00:00:00"},
        {"run": "other", "host": "HERE", "boot": "BOOT", "pid": 2**70, "time": "2020-01-01"},
        {"run": "other", "host": "HERE", "boot": "BOOT", "pid": 1, "time": "not a time"},
        # dated years ahead (a clock far ahead, a hand-made ledger): it held the post for ever
        {"run": "other", "host": "elsewhere", "pid": 1, "time": "2999-01-01T00:00:00+00:00"},
    ],
    ids=["time-without-offset", "pid-out-of-range", "time-unreadable", "time-far-ahead"],
)
def test_a_stored_claim_pressbot_would_not_write_is_read(
    tmp_path: Path, receiver: Receiver, claim: dict[str, Any]
) -> None:
    """Odd values in a stored claim (hand-edited) are not a crash of every later run."""
    import socket

    from bot.publish.ledger import _boot_id

    claim = {**claim, "host": claim["host"].replace("HERE", socket.gethostname())}
    if claim.get("boot") == "BOOT":
        claim["boot"] = _boot_id()
    world = World(
        tmp_path, targets=[{"name": "hook", "type": "webhook", "url": receiver.url, **STEADY}]
    )
    world.write("2024-01-01-a.md", "A")
    head = world.commit("a")
    world.push()
    entry = {
        "state": "claimed",
        "path": "_posts/2024-01-01-a.md",
        "action": "publish",
        "want": "x",
        "key": "pb_" + "0" * 32,
        "claim": claim,
    }
    ledger = {
        "version": 1,
        "point": head,
        "posts": {"_posts/2024-01-01-a": {"path": "_posts/2024-01-01-a.md", "due": "soon"}},
        "deliveries": {"hook": {"_posts/2024-01-01-a": entry}},
    }
    world.set_ledger(json.dumps(ledger))
    code, out = world.publish()
    assert code == 0, out
    world.check(receiver, {"_posts/2024-01-01-a"})
