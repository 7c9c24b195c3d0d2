"""A stand-in for a Forem (dev.to) server: a real HTTP server on 127.0.0.1.

It follows the documented Forem API v1 for articles: `POST /api/articles` (201, the
article), `PUT /api/articles/{id}` (200; 404 for an unknown id),
`GET /api/articles/me/all?page=&per_page=` (the key owner's articles, drafts included);
every call needs the `api-key` header (401 without it), and a body is
`{"article": {title, body_markdown, published, canonical_url, tags, ...}}`. Like Forem it
has no idempotency keys: two POSTs make two articles. Faults are queued per request:
``"500"``, ``("429", seconds)``, ``"drop"`` (do the work, then close the connection),
``"made-502"`` (do the work, then answer 502, as a proxy whose backend was slow does); a
fault queued as ``(method, fault)`` waits for the next request of that method.

Like real instances it caps `per_page` (:attr:`FakeForem.per_page_cap`, 1000 on dev.to,
lower elsewhere). A hostile or broken Forem is played with :attr:`FakeForem.answers`:
``(method, answer)`` pairs, each used once by the next request of that method, which is
processed as usual but answered with ``answer`` instead: raw bytes, a JSON value, or a
function of the real answer's JSON value giving either. :attr:`FakeForem.ignore_page`
makes the list answer page 1 whatever page is asked (a list that never ends).
"""

from __future__ import annotations

import contextlib
import copy
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
        self.per_page_cap = 1000
        self.ignore_page = False
        self.answers: list[tuple[str, Any]] = []
        super().__init__(_handler(self))

    def copies(self) -> Counter[str]:
        """How many articles carry each canonical URL (more than 1 is a duplicate)."""
        return Counter(a.get("canonical_url") or "" for a in self.articles.values())

    def _fault_for(self, method: str) -> Any:
        for index, fault in enumerate(self.faults):
            if isinstance(fault, tuple) and fault[0] in ("GET", "POST", "PUT"):
                if fault[0] == method:
                    del self.faults[index]
                    return fault[1]
                continue
            del self.faults[index]
            return fault
        return None

    def answer_for(self, method: str, data: Any) -> Any:
        """The queued answer for this request, if any (see :attr:`answers`), else ``data``."""
        with self._lock:
            for index, (wanted, answer) in enumerate(self.answers):
                if wanted == method:
                    del self.answers[index]
                    return answer(copy.deepcopy(data)) if callable(answer) else answer
        return data

    def handle(self, method: str, raw: str, key: str | None, body: Any) -> tuple[Any, int, Any]:
        with self._lock:
            self.log.append((method, raw))
            fault = self._fault_for(method)
            if fault == "500" or isinstance(fault, tuple):
                return fault, 0, None
            if key != API_KEY:
                return fault, 401, {"error": "unauthorized", "status": 401}
            parts = urlsplit(raw)
            if method == "GET" and parts.path == "/api/articles/me/all":
                query = parse_qs(parts.query)
                page = 1 if self.ignore_page else int(query.get("page", ["1"])[0])
                per_page = min(self.per_page_cap, int(query.get("per_page", ["30"])[0]))
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
            if 200 <= status < 300:
                data = fake.answer_for(self.command, data)
            if fault == "500":
                status, data = 500, {"error": "oops"}
            elif fault == "made-502":
                status, data = 502, {"error": "bad gateway"}
            elif isinstance(fault, tuple):
                status, data, headers = 429, {"error": "slow down"}, {"Retry-After": str(fault[1])}
            payload = data if isinstance(data, bytes) else json.dumps(data).encode()
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = _serve

    return Handler
