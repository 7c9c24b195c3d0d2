"""The one way the test servers run: a real HTTP server on 127.0.0.1, in a thread."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (a deadline, a refused answer) is not an error of the test."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class LocalServer:
    """Serves ``handler`` on a free port of 127.0.0.1 until `close`."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.server = _Server(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def read_json(handler: BaseHTTPRequestHandler) -> Any:
    """The request's JSON body, or None when there is none or it is not JSON."""
    length = int(handler.headers.get("Content-Length") or 0)
    raw = handler.rfile.read(length) if length else b""
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


@dataclass
class Seen:
    """One request as a scripted server received it."""

    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes


Script = Callable[[BaseHTTPRequestHandler, Seen], None]


class Scripted(LocalServer):
    """A server whose answers a test writes itself (raw bytes, trickles, lies); logs requests.

    ``answer(handler, seen)`` writes the whole answer to ``handler.wfile``; the helpers below
    write the common ones. A client that hangs up mid-answer ends the handler quietly.
    """

    def __init__(self, answer: Script) -> None:
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        super().__init__(_scripted_handler(self, answer))

    def record(self, seen: Seen) -> None:
        with self._lock:
            self.requests.append(seen)


def _scripted_handler(server: Scripted, answer: Script) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body leave at once

        def log_message(self, *args: Any) -> None:
            pass

        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            seen = Seen(self.command, self.path, headers, body)
            server.record(seen)
            try:
                answer(self, seen)
            except OSError:  # the client hung up: what a deadline does
                self.close_connection = True

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _any

    return Handler


def write_answer(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes | Any = b"",
    headers: dict[str, str] | None = None,
) -> None:
    """A well-formed answer; ``body`` that is not bytes is sent as JSON."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)
    handler.wfile.flush()


def trickle(handler: BaseHTTPRequestHandler, data: bytes, every: float) -> None:
    """Write ``data`` one byte at a time, ``every`` seconds apart (each read is quick)."""
    for i in range(len(data)):
        handler.wfile.write(data[i : i + 1])
        handler.wfile.flush()
        time.sleep(every)
