"""What a target may hand the runner: an `Outcome` the ledger can always store.

The contract lives in `base.py`, so it holds for every target kind: the folder and the
webhook targets are driven here through their public API, the Forem target in
`test_forem_answers.py`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from bot.publish.targets.base import (
    MAX_ERROR,
    MAX_REMOTE_ID,
    MAX_URL,
    Outcome,
    PostPayload,
    Previous,
    remote_id_problem,
)
from bot.publish.targets.folder import FolderConfig, FolderTarget
from bot.publish.targets.webhook import WebhookConfig, WebhookTarget
from tests.localserver import LocalServer
from tests.receiver import SECRET

GOOD = [
    ("42", "https://dev.example/me/hello-42"),
    ("2024/01/02/hello.html", "/2024/01/02/hello.html"),
    (None, None),
    ("x" * MAX_REMOTE_ID, "http://127.0.0.1:8080/a?b=c#d"),
    ("é", "https://blog.example.org/caf%C3%A9/"),
]

BAD = [
    ("", None, "remote id has 0 characters"),
    ("x" * (MAX_REMOTE_ID + 1), None, "remote id has 257 characters"),
    ("x" * 100_000, None, "remote id has 100000 characters"),
    (12345, None, "remote id is a int"),
    (True, None, "remote id is a bool"),
    (float("inf"), None, "remote id is a float"),
    ("a\nb", None, "control character U+000A"),
    ("a\x00b", None, "control character U+0000"),
    ("\ud800", None, "not valid Unicode"),
    ("7", 12345, "URL is a int"),
    ("7", ["https://a.example/"], "URL is a list"),
    ("7", "", "URL has 0 characters"),
    ("7", "https://a.example/" + "a" * MAX_URL, "URL has 4114 characters"),
    ("7", "javascript:alert(1)", "neither http(s)"),
    ("7", "//evil.example/x", "neither http(s)"),
    ("7", "https://", "neither http(s)"),
    ("7", "https://[::1/x", "neither http(s)"),
    ("7", "https://a.example:0/x", "neither http(s)"),
    ("7", "dev.example/me/x", "neither http(s)"),
    ("7", "https://a.example/a b", "holds a space"),
    ("7", "https://a.example/\r\nSet-Cookie: x", "control character U+000D"),
]


@pytest.mark.parametrize(("remote_id", "url"), GOOD)
def test_usable_answers_are_kept(remote_id: str | None, url: str | None) -> None:
    outcome = Outcome(True, remote_id=remote_id, url=url)
    assert (outcome.ok, outcome.remote_id, outcome.url, outcome.error) == (
        True,
        remote_id,
        url,
        None,
    )


@pytest.mark.parametrize(("remote_id", "url", "reason"), BAD)
def test_unusable_answers_are_failures_that_say_why(remote_id: Any, url: Any, reason: str) -> None:
    outcome = Outcome(True, remote_id=remote_id, url=url)
    assert outcome.ok is False and outcome.permanent is False
    assert outcome.error and "cannot be recorded" in outcome.error and reason in outcome.error
    assert outcome.remote_id is None or isinstance(outcome.remote_id, str)
    assert outcome.url is None or isinstance(outcome.url, str)
    json.dumps(dataclasses.asdict(outcome), ensure_ascii=False).encode("utf-8")


def test_outcome_cannot_be_changed_after_the_check() -> None:
    outcome = Outcome(True, remote_id="7")
    with pytest.raises(dataclasses.FrozenInstanceError):
        outcome.remote_id = "x" * 100_000  # type: ignore[misc]


def test_error_text_is_one_bounded_line() -> None:
    outcome = Outcome(False, error="line one\nline two\x1b[31m" + "x" * 10_000, permanent=True)
    assert outcome.error is not None and len(outcome.error) <= MAX_ERROR
    assert outcome.error.isprintable() and outcome.error.startswith("line one line two")
    assert outcome.permanent is True
    assert Outcome(False, error=None).error is None


def test_a_truthy_non_bool_ok_is_not_a_success() -> None:
    outcome = Outcome("yes", remote_id="7")  # type: ignore[arg-type]
    assert outcome.ok is False and outcome.error == "the target gave no clear result"


def payload(**kw: Any) -> PostPayload:
    base: dict[str, Any] = {
        "id": "_posts/2024-01-02-hello",
        "path": "_posts/x.md",
        "url": "/x.html",
    }
    return PostPayload(**{**base, **kw}, title="Hello", markdown="Hi", html="<p>Hi</p>")


def test_folder_target_cannot_hand_on_an_unstorable_url(tmp_path: Path) -> None:
    target = FolderTarget(FolderConfig(path="out"), tmp_path)
    good = target.deliver("publish", payload(), Previous(), "k1")
    assert good.ok and good.url == "/x.html" and good.remote_id == "x.html"
    huge = "https://blog.example.org/" + "a" * MAX_URL
    bad = target.deliver("publish", payload(absolute_url=huge), Previous(), "k2")
    assert bad.ok is False and bad.url is None
    assert bad.error and "URL has" in bad.error


class _Answers:
    """A webhook endpoint on 127.0.0.1 that answers every POST with ``body`` (raw bytes)."""

    def __init__(self) -> None:
        self.body = b"{}"
        self.hits = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.hits += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(outer.body)))
                self.end_headers()
                self.wfile.write(outer.body)

        self.server = LocalServer(Handler)

    @property
    def url(self) -> str:
        return self.server.url + "/hook"


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Answers]:
    monkeypatch.setenv("PRESSBOT_WEBHOOK_SECRET", SECRET)
    server = _Answers()
    yield server
    server.server.close()


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ({"id": "x" * 100_000}, "remote id has 100000 characters"),
        ({"id": "a\u0000b"}, "control character U+0000"),
        ({"id": "\ud800"}, "not valid Unicode"),
    ],
)
def test_webhook_target_cannot_hand_on_an_unstorable_id(
    answers: _Answers, answer: dict[str, Any], reason: str
) -> None:
    target = WebhookTarget(WebhookConfig(name="hook", type="webhook", url=answers.url, retries=0))
    try:
        answers.body = json.dumps(answer).encode()
        outcome = target.deliver("publish", payload(), Previous(), "key-1")
        # the webhook may drop an id it cannot use, or fail: never hand it on
        assert outcome.remote_id is None and remote_id_problem(outcome.remote_id) is None
        assert outcome.ok or (outcome.error and reason in outcome.error)
        answers.body = json.dumps({"id": "evt_1"}).encode()
        assert target.deliver("publish", payload(), Previous(), "key-1").remote_id == "evt_1"
    finally:
        target.close()
