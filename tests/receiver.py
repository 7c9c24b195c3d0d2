"""A webhook receiver on 127.0.0.1 that logs every delivery and misbehaves on demand.

Signatures are verified with the `standardwebhooks` package (an implementation independent
of pressbot's). A delivery is *accepted* the first time its key (`webhook-id`) is processed;
a repeat of an accepted key is answered 200 and counted as a repeat, never as a second
post. Faults, queued with :meth:`Receiver.queue` (one per request) or set for every request
with :attr:`Receiver.always`:

- ``"500"``, ``"503"``, ``"400"``: answer that status without processing;
- ``("429", seconds)``: answer 429 with ``Retry-After``;
- ``("sleep", seconds)``: process, then answer only after ``seconds`` (a client timeout);
- ``"hang"``: process, then hold the answer until the receiver stops (a timeout, however
  long the client waits: no race with the client's clock);
- ``"drop"``: read the whole body, process it, close the connection without an answer.

:meth:`stop` / :meth:`start` take the receiver down (connection refused) and back up on the
same port.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook, WebhookVerificationError

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


@dataclass
class Logged:
    key: str
    idempotency_key: str | None
    type: str | None
    post_id: str | None
    content_hash: str | None
    signature_ok: bool
    answer: str  # accepted, repeat, fault:<what>, bad-signature
    body: dict[str, Any] = field(default_factory=dict)


class Receiver:
    def __init__(self, secret: str = SECRET) -> None:
        self.secret = secret
        self.verifier = Webhook(secret)
        self.log: list[Logged] = []
        self.accepted: dict[str, Logged] = {}
        self.faults: list[Any] = []
        self.always: Any = None
        self._lock = threading.Lock()
        self._released = threading.Event()
        self.port = 0
        self._server: ThreadingHTTPServer | None = None
        self.start()

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        self._released.clear()
        server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        server.daemon_threads = True
        self.port = server.server_address[1]
        self._server = server
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()

    def stop(self) -> None:
        self._released.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    close = stop

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/posts"

    def queue(self, *faults: Any) -> None:
        with self._lock:
            self.faults.extend(faults)

    # -- what arrived ----------------------------------------------------------------------
    def events(self) -> dict[str, list[Logged]]:
        """Accepted deliveries by post id, in order of arrival."""
        out: dict[str, list[Logged]] = defaultdict(list)
        for item in self.accepted.values():
            out[item.post_id or ""].append(item)
        return dict(out)

    def live_posts(self) -> dict[str, Logged]:
        """Post id -> last accepted event, for the posts currently published here."""
        live: dict[str, Logged] = {}
        for item in self.accepted.values():
            if item.type == "post.unpublished":
                live.pop(item.post_id or "", None)
            else:
                live[item.post_id or ""] = item
        return live

    def duplicates(self) -> list[tuple[str, str, str]]:
        """(post, type, content hash) accepted under more than one key: a doubled post."""
        seen: dict[tuple[str, str, str], int] = defaultdict(int)
        for item in self.accepted.values():
            seen[(item.post_id or "", item.type or "", item.content_hash or "")] += 1
        return [k for k, n in seen.items() if n > 1]

    def bad_signatures(self) -> list[Logged]:
        return [item for item in self.log if not item.signature_ok]

    # -- handling --------------------------------------------------------------------------
    def _next_fault(self) -> Any:
        with self._lock:
            if self.faults:
                return self.faults.pop(0)
            return self.always

    def handle(self, headers: dict[str, str], body: bytes) -> tuple[Any, Logged]:
        fault = self._next_fault()
        try:
            payload = self.verifier.verify(body, headers)
            ok = True
        except (WebhookVerificationError, ValueError):
            payload, ok = {}, False
        if not isinstance(payload, dict):
            payload = {}
        data = payload.get("data") if isinstance(payload.get("data"), dict) else {}
        key = headers.get("webhook-id", "")
        item = Logged(
            key=key,
            idempotency_key=headers.get("idempotency-key"),
            type=payload.get("type"),
            post_id=data.get("id"),
            content_hash=data.get("content_hash"),
            signature_ok=ok,
            answer="",
            body=payload,
        )
        with self._lock:
            self.log.append(item)
            if not ok:
                item.answer = "bad-signature"
                return 401, item
            if fault in ("500", "503", "400") or (isinstance(fault, tuple) and fault[0] == "429"):
                item.answer = f"fault:{fault}"
                return fault, item
            if key in self.accepted:
                item.answer = "repeat"
            else:
                item.answer = "accepted"
                self.accepted[key] = item
        return fault or "ok", item


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            action, item = receiver.handle(headers, body)
            if action == "drop":
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return
            if isinstance(action, tuple) and action[0] == "sleep":
                time.sleep(float(action[1]))
                action = "ok"
            if action == "hang":
                receiver._released.wait(60)
                action = "ok"
            if action == "ok":
                self._answer(200, {"ok": True, "repeat": item.answer == "repeat"})
            elif isinstance(action, tuple):
                self._answer(429, {"error": "slow down"}, {"Retry-After": str(action[1])})
            elif action == 401:
                self._answer(401, {"error": "bad signature"})
            else:
                self._answer(int(action), {"error": "fault"})

        def _answer(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass

    return Handler
