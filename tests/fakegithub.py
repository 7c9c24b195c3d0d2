"""A stand-in for GitHub's REST API: a real HTTP server on 127.0.0.1, threaded.

It follows GitHub's documented behaviour for the endpoints pressbot uses:

- ``GET/POST /repos/{o}/{r}/issues/{n}/comments``, ``PATCH/DELETE .../issues/comments/{id}``:
  comments carry ``user.login``/``user.type``; bodies over 65,536 characters are a 422;
- ``GET /repos/{o}/{r}/pulls/{n}``, ``GET .../pulls/{n}/files`` (at most 3,000 files);
- ``GET /repos/{o}/{r}/pulls?state=&head=user:ref-name`` lists pull requests (``state`` open by
  default; ``head`` matches the head repository's owner and the branch, as GitHub's filter does);
- ``POST .../pulls/{n}/reviews``: the whole review is rejected with a 422 when one comment is on a
  line outside the diff hunks ("line must be part of the diff"), or a multi-line comment spans two
  hunks; ``GET .../pulls/{n}/comments`` lists the review comments;
- lists page with ``per_page`` (default 30, at most 100) and ``page``, with a ``Link`` header
  (``next``, ``last``, ``first``, ``prev``) like GitHub's;
- every response carries ``x-ratelimit-*`` headers; rate-limit (primary and secondary) and 5xx
  responses can be queued on demand;
- a token is a write token, a read-only token (a fork PR's ``GITHUB_TOKEN``: writes get 403
  "Resource not accessible by integration"), or unknown (401 "Bad credentials").

Every request is logged (method, path, login) so tests can count writes.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.localserver import LocalServer, read_json

BOT = {"login": "github-actions[bot]", "id": 41898282, "type": "Bot"}
MAX_BODY = 65536
MAX_FILES = 3000
_HUNK_RE = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def user(login: str, type_: str = "User", id_: int = 1000) -> dict[str, Any]:
    return {"login": login, "id": id_, "type": type_}


@dataclass
class Logged:
    method: str
    path: str
    login: str | None
    body: Any = None

    @property
    def is_write(self) -> bool:
        return self.method in ("POST", "PATCH", "PUT", "DELETE")


@dataclass
class Injected:
    status: int
    headers: dict[str, str]
    body: Any
    method: str | None
    path_contains: str | None
    made: bool = False
    """The request is carried out first, and only its answer replaced (a proxy's 502 after
    GitHub did the work)."""


@dataclass
class PullRequest:
    repo: str
    number: int
    head_sha: str
    base_sha: str
    head_repo: str
    title: str = "A pull request"
    body: str = ""
    files: list[dict[str, Any]] = field(default_factory=list)
    head_ref: str = "topic"
    state: str = "open"

    def as_json(self, base_url: str) -> dict[str, Any]:
        owner = self.repo.split("/")[0]
        return {
            "url": f"{base_url}/repos/{self.repo}/pulls/{self.number}",
            "number": self.number,
            "state": self.state,
            "title": self.title,
            "body": self.body,
            "user": user("contributor"),
            "head": {
                "sha": self.head_sha,
                "ref": self.head_ref,
                "label": f"{self.head_repo.split('/')[0]}:{self.head_ref}",
                "user": user(self.head_repo.split("/")[0]),
                "repo": {"full_name": self.head_repo, "fork": self.head_repo != self.repo},
            },
            "base": {
                "sha": self.base_sha,
                "ref": "main",
                "repo": {"full_name": self.repo, "owner": {"login": owner}},
            },
            "changed_files": len(self.files),
        }


def hunks(patch: str | None) -> list[tuple[int, int, int, int]]:
    """``(old_start, old_count, new_start, new_count)`` of each hunk of a unified diff."""
    out = []
    for line in (patch or "").splitlines():
        m = _HUNK_RE.match(line)
        if m:
            out.append(
                (
                    int(m.group(1)),
                    int(m.group(2) if m.group(2) is not None else 1),
                    int(m.group(3)),
                    int(m.group(4) if m.group(4) is not None else 1),
                )
            )
    return out


class FakeGitHub(LocalServer):
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.tokens: dict[str, tuple[dict[str, Any], bool]] = {}
        self.pulls: dict[tuple[str, int], PullRequest] = {}
        self.comments: dict[tuple[str, int], list[dict[str, Any]]] = {}
        self.review_comments: dict[tuple[str, int], list[dict[str, Any]]] = {}
        self.reviews: dict[tuple[str, int], list[dict[str, Any]]] = {}
        self.log: list[Logged] = []
        self.injected: list[Injected] = []
        self.list_barrier: threading.Barrier | None = None
        self.rate_remaining = 5000
        self.write_delay = 0.0
        self.in_flight_writes = 0
        self.max_in_flight_writes = 0
        self._next_id = 1000
        super().__init__(_handler_for(self))

    # -- set-up --------------------------------------------------------------------------------

    def add_token(self, token: str, who: dict[str, Any] = BOT, write: bool = True) -> None:
        self.tokens[token] = (who, write)

    def add_pull(self, pr: PullRequest) -> PullRequest:
        self.pulls[(pr.repo, pr.number)] = pr
        return pr

    def add_comment(self, repo: str, number: int, body: str, who: dict[str, Any]) -> dict:
        with self.lock:
            return self._create_comment(repo, number, body, who)

    def inject(
        self,
        status: int,
        *,
        headers: dict[str, str] | None = None,
        body: Any = None,
        method: str | None = None,
        path_contains: str | None = None,
        times: int = 1,
        made: bool = False,
    ) -> None:
        """Answer the next matching request(s) with this response instead of the real one
        (``made``: after carrying the request out)."""
        for _ in range(times):
            self.injected.append(Injected(status, headers or {}, body, method, path_contains, made))

    def rate_limit_primary(self, reset_in: int = 2, **match: Any) -> None:
        reset = int(time.time()) + reset_in
        self.inject(
            403,
            headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)},
            body={"message": "API rate limit exceeded for installation ID 1."},
            **match,
        )

    def rate_limit_secondary(self, retry_after: int = 1, **match: Any) -> None:
        self.inject(
            429,
            headers={"retry-after": str(retry_after)},
            body={"message": "You have exceeded a secondary rate limit."},
            **match,
        )

    # -- views for assertions ------------------------------------------------------------------

    def writes(self) -> list[Logged]:
        with self.lock:
            return [e for e in self.log if e.is_write]

    def bot_comments(self, repo: str, number: int) -> list[dict[str, Any]]:
        with self.lock:
            return [
                c
                for c in self.comments.get((repo, number), [])
                if isinstance(c, dict)
                and isinstance(c.get("user"), dict)
                and c["user"].get("login") == BOT["login"]
            ]

    # -- behaviour -----------------------------------------------------------------------------

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _create_comment(self, repo: str, number: int, body: str, who: dict[str, Any]) -> dict:
        cid = self._new_id()
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        comment = {
            "id": cid,
            "node_id": f"IC_{cid}",
            "url": f"{self.url}/repos/{repo}/issues/comments/{cid}",
            "html_url": f"https://github.com/{repo}/pull/{number}#issuecomment-{cid}",
            "issue_url": f"{self.url}/repos/{repo}/issues/{number}",
            "body": body,
            "user": dict(who),
            "created_at": now,
            "updated_at": now,
            "author_association": "NONE",
        }
        self.comments.setdefault((repo, number), []).append(comment)
        return comment

    def handle(self, method: str, raw_path: str, auth: str | None, body: Any) -> tuple:
        parts = urlsplit(raw_path)
        path = parts.path
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        who: dict[str, Any] | None = None
        write_ok = False
        if auth:
            token = auth.split(" ", 1)[-1]
            if token not in self.tokens:
                return 401, {}, {"message": "Bad credentials"}
            who, write_ok = self.tokens[token]
        with self.lock:
            self.log.append(Logged(method, raw_path, who["login"] if who else None, body))
            for i, inj in enumerate(self.injected):
                if (inj.method is None or inj.method == method) and (
                    inj.path_contains is None or inj.path_contains in path
                ):
                    del self.injected[i]
                    if inj.made:
                        self._route(method, path, query, who, body)
                    return inj.status, inj.headers, inj.body
        if method in ("POST", "PATCH", "PUT", "DELETE"):
            if who is None:
                return 401, {}, {"message": "Requires authentication"}
            if not write_ok:
                return 403, {}, {"message": "Resource not accessible by integration"}
        return self._route(method, path, query, who, body)

    def _list_pulls(self, repo: str, query: dict[str, str], path: str) -> tuple:
        state = query.get("state", "open")
        head = query.get("head")
        with self.lock:
            pulls = [p for (r, _n), p in sorted(self.pulls.items()) if r == repo]
        if state != "all":
            pulls = [p for p in pulls if p.state == state]
        if head is not None:
            owner, _, ref = head.partition(":")
            pulls = [
                p
                for p in pulls
                if p.head_repo.split("/")[0].lower() == owner.lower() and p.head_ref == ref
            ]
        return self._page(path, query, [p.as_json(self.url) for p in pulls], default=30)

    def _route(self, method: str, path: str, query: dict[str, str], who: Any, body: Any) -> tuple:
        m = re.fullmatch(r"/repos/([^/]+/[^/]+)/pulls", path)
        if m and method == "GET":
            return self._list_pulls(m.group(1), query, path)
        m = re.fullmatch(r"/repos/([^/]+/[^/]+)/(issues|pulls)/(\d+)(/[a-z]+)?", path)
        if m:
            repo, kind, number, tail = m.group(1), m.group(2), int(m.group(3)), m.group(4)
            pr = self.pulls.get((repo, number))
            if pr is None:
                return 404, {}, {"message": "Not Found"}
            if kind == "pulls" and tail is None and method == "GET":
                return 200, {}, pr.as_json(self.url)
            if kind == "pulls" and tail == "/files" and method == "GET":
                return self._page(path, query, pr.files[:MAX_FILES], default=30)
            if kind == "issues" and tail == "/comments":
                if method == "GET":
                    with self.lock:
                        items = [
                            dict(c) if isinstance(c, dict) else c
                            for c in self.comments.get((repo, number), [])
                        ]
                    if self.list_barrier is not None:
                        with contextlib.suppress(threading.BrokenBarrierError):
                            self.list_barrier.wait(timeout=5)
                    return self._page(path, query, items, default=30)
                if method == "POST":
                    text = (body or {}).get("body")
                    if not isinstance(text, str) or not text:
                        return 422, {}, _validation("IssueComment", "body", "missing_field")
                    if len(text) > MAX_BODY:
                        return 422, {}, _too_long("IssueComment")
                    with self.lock:
                        return 201, {}, self._create_comment(repo, number, text, who)
            if kind == "pulls" and tail == "/comments" and method == "GET":
                with self.lock:
                    items = [
                        dict(c) if isinstance(c, dict) else c
                        for c in self.review_comments.get((repo, number), [])
                    ]
                return self._page(path, query, items, default=30)
            if kind == "pulls" and tail == "/reviews" and method == "POST":
                return self._create_review(pr, body or {}, who)
            return 404, {}, {"message": "Not Found"}
        m = re.fullmatch(r"/repos/([^/]+/[^/]+)/issues/comments/(\d+)", path)
        if m:
            repo, cid = m.group(1), int(m.group(2))
            with self.lock:
                for (r, _n), items in self.comments.items():
                    for c in items:
                        # the items are what a test put there, malformed ones included
                        if r == repo and isinstance(c, dict) and c.get("id") == cid:
                            if method == "PATCH":
                                text = (body or {}).get("body")
                                if not isinstance(text, str) or not text:
                                    return 422, {}, _validation("IssueComment", "body", "missing")
                                if len(text) > MAX_BODY:
                                    return 422, {}, _too_long("IssueComment")
                                c["body"] = text
                                c["updated_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
                                return 200, {}, dict(c)
                            if method == "DELETE":
                                items.remove(c)
                                return 204, {}, None
                            if method == "GET":
                                return 200, {}, dict(c)
            return 404, {}, {"message": "Not Found"}
        if path == "/user" and method == "GET":
            if who is None:
                return 401, {}, {"message": "Requires authentication"}
            if who.get("type") == "Bot":
                return 403, {}, {"message": "Resource not accessible by integration"}
            return 200, {}, dict(who)
        return 404, {}, {"message": "Not Found"}

    def _create_review(self, pr: PullRequest, body: dict[str, Any], who: Any) -> tuple:
        files = {f["filename"]: hunks(f.get("patch")) for f in pr.files}
        comments = body.get("comments") or []
        errors: list[str] = []
        for c in comments:
            path, line = c.get("path"), c.get("line")
            side = c.get("side", "RIGHT")
            start = c.get("start_line")
            if path not in files:
                errors.append("Path could not be resolved")
                continue
            if not isinstance(line, int):
                errors.append("Pull request review thread line must be part of the diff")
                continue
            hunk = _hunk_of(files[path], line, side)
            if hunk is None:
                errors.append("Pull request review thread line must be part of the diff")
            elif (
                start is not None
                and _hunk_of(files[path], start, c.get("start_side", side)) != hunk
            ):
                errors.append(
                    "Pull request review thread start line must be part of the same hunk"
                    " as the line."
                )
            elif start is not None and start >= line:
                errors.append("start_line must precede line")
        if errors:
            return (
                422,
                {},
                {
                    "message": "Unprocessable Entity",
                    "errors": errors,
                    "documentation_url": "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
                    "status": "422",
                },
            )
        if body.get("commit_id") not in (None, pr.head_sha):
            return (
                422,
                {},
                {
                    "message": "Unprocessable Entity",
                    "errors": ["commit_id is not part of the pull request"],
                },
            )
        with self.lock:
            rid = self._new_id()
            review = {
                "id": rid,
                "user": dict(who),
                "body": body.get("body", ""),
                "state": "COMMENTED",
                "commit_id": pr.head_sha,
            }
            self.reviews.setdefault((pr.repo, pr.number), []).append(review)
            for c in comments:
                cid = self._new_id()
                self.review_comments.setdefault((pr.repo, pr.number), []).append(
                    {
                        "id": cid,
                        "pull_request_review_id": rid,
                        "path": c["path"],
                        "line": c["line"],
                        "original_line": c["line"],
                        "side": c.get("side", "RIGHT"),
                        "start_line": c.get("start_line"),
                        "start_side": c.get("start_side"),
                        "commit_id": pr.head_sha,
                        "body": c.get("body", ""),
                        "user": dict(who),
                    }
                )
        return 200, {}, review

    def _page(self, path: str, query: dict[str, str], items: list, default: int) -> tuple:
        try:
            per_page = max(1, min(100, int(query.get("per_page", default))))
            page = max(1, int(query.get("page", 1)))
        except ValueError:
            return 422, {}, {"message": "Invalid pagination"}
        last = max(1, -(-len(items) // per_page))
        chunk = items[(page - 1) * per_page : page * per_page]

        def link(p: int) -> str:
            return f"<{self.url}{path}?per_page={per_page}&page={p}>"

        rels = []
        if page > 1:
            rels.append(f'{link(page - 1)}; rel="prev"')
        if page < last:
            rels.append(f'{link(page + 1)}; rel="next"')
            rels.append(f'{link(last)}; rel="last"')
        if page > 1:
            rels.append(f'{link(1)}; rel="first"')
        headers = {"link": ", ".join(rels)} if rels else {}
        return 200, headers, chunk


def _hunk_of(file_hunks: list[tuple[int, int, int, int]], line: int, side: str) -> int | None:
    for i, (os_, oc, ns, nc) in enumerate(file_hunks):
        start, count = (ns, nc) if side == "RIGHT" else (os_, oc)
        if start <= line < start + count:
            return i
    return None


def _validation(resource: str, field_: str, code: str) -> dict[str, Any]:
    return {
        "message": "Validation Failed",
        "errors": [{"resource": resource, "code": code, "field": field_}],
        "documentation_url": "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
    }


def _too_long(resource: str) -> dict[str, Any]:
    return {
        "message": "Validation Failed",
        "errors": [
            {
                "resource": resource,
                "code": "unprocessable",
                "field": "data",
                "message": "Body is too long (maximum is 65536 characters)",
            }
        ],
        "documentation_url": "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
    }


def _handler_for(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def _serve(self) -> None:
            body = read_json(self)
            is_write = self.command in ("POST", "PATCH", "PUT", "DELETE")
            if is_write:
                with fake.lock:
                    fake.in_flight_writes += 1
                    fake.max_in_flight_writes = max(
                        fake.max_in_flight_writes, fake.in_flight_writes
                    )
                time.sleep(fake.write_delay)
            try:
                status, headers, payload = fake.handle(
                    self.command, self.path, self.headers.get("Authorization"), body
                )
            finally:
                if is_write:
                    with fake.lock:
                        fake.in_flight_writes -= 1
            raw = payload is None or isinstance(payload, bytes)  # bytes: sent as they are
            data = (payload or b"") if raw else json.dumps(payload).encode()
            self.send_response(status)
            with fake.lock:
                remaining = fake.rate_remaining
            base = {
                "content-type": "application/json; charset=utf-8",
                "x-ratelimit-limit": "5000",
                "x-ratelimit-remaining": str(remaining),
                "x-ratelimit-reset": str(int(time.time()) + 3600),
                "x-ratelimit-used": str(5000 - remaining),
                "x-ratelimit-resource": "core",
            }
            base.update(headers)
            for k, v in base.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if data:
                self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

    return Handler
