"""A stand-in for a Forem (dev.to) server: a real HTTP server on 127.0.0.1.

It follows the documented Forem API v1 for articles: `POST /api/articles` (201, the
article), `PUT /api/articles/{id}` (200; 404 for an unknown id),
`GET /api/articles/me/all?page=&per_page=` (the key owner's articles, drafts included);
every call needs the `api-key` header (401 without it), and a body is
`{"article": {title, body_markdown, published, canonical_url, tags, ...}}`. Like Forem it
has no idempotency keys: two POSTs make two articles. Faults are queued per request:
``"500"``, ``("429", seconds)``, ``"drop"`` (do the work, then close the connection).
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.localserver import LocalServer, read_json

API_KEY = "forem-test-key"


class FakeForem(LocalServer):
    def __init__(self) -> None:
        self.articles: dict[int, dict[str, Any]] = {}
        self.log: list[tuple[str, str]] = []
        self.faults: list[Any] = []
        self._lock = threading.Lock()
        self._next = 1000
        super().__init__(_handler(self))

    def copies(self) -> Counter[str]:
        """How many articles carry each canonical URL (more than 1 is a duplicate)."""
        return Counter(a.get("canonical_url") or "" for a in self.articles.values())

    def handle(self, method: str, raw: str, key: str | None, body: Any) -> tuple[Any, int, Any]:
        with self._lock:
            self.log.append((method, raw))
            fault = self.faults.pop(0) if self.faults else None
            if fault == "500" or isinstance(fault, tuple):
                return fault, 0, None
            if key != API_KEY:
                return fault, 401, {"error": "unauthorized", "status": 401}
            parts = urlsplit(raw)
            if method == "GET" and parts.path == "/api/articles/me/all":
                query = parse_qs(parts.query)
                page = int(query.get("page", ["1"])[0])
                per_page = min(1000, int(query.get("per_page", ["30"])[0]))
                items = sorted(self.articles.values(), key=lambda a: a["id"])
                return fault, 200, items[(page - 1) * per_page : page * per_page]
            article = body.get("article") if isinstance(body, dict) else None
            if method == "POST" and parts.path == "/api/articles":
                if not isinstance(article, dict) or not article.get("title"):
                    return fault, 422, {"error": "title can't be blank", "status": 422}
                self._next += 1
                slug = re.sub(r"[^a-z0-9]+", "-", str(article["title"]).lower()).strip("-")
                record = {
                    "id": self._next,
                    "type_of": "article",
                    "url": f"https://dev.example/me/{slug}-{self._next}",
                    "published": bool(article.get("published", False)),
                    **{k: v for k, v in article.items() if k != "published"},
                }
                self.articles[self._next] = record
                return fault, 201, record
            m = re.fullmatch(r"/api/articles/(\d+)", parts.path)
            if method == "PUT" and m:
                record = self.articles.get(int(m.group(1)))
                if record is None:
                    return fault, 404, {"error": "not found", "status": 404}
                record.update(article or {})
                return fault, 200, record
            return fault, 404, {"error": "not found", "status": 404}


def _handler(fake: FakeForem) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, *args: Any) -> None:
            pass

        def _serve(self) -> None:
            body = read_json(self)
            fault, status, data = fake.handle(
                self.command, self.path, self.headers.get("api-key"), body
            )
            if fault == "drop":
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return
            headers = {}
            if fault == "500":
                status, data = 500, {"error": "oops"}
            elif isinstance(fault, tuple):
                status, data, headers = 429, {"error": "slow down"}, {"Retry-After": str(fault[1])}
            payload = json.dumps(data).encode()
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = _serve

    return Handler
