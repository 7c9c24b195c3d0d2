"""The only HTTP seam to GitHub's REST API.

Follows GitHub's documented rules for clients:

- primary rate limit: a 403/429 with ``x-ratelimit-remaining: 0`` means "wait until
  ``x-ratelimit-reset`` (UTC epoch seconds)";
- secondary rate limit: a 403/429 with ``retry-after`` means "wait that many seconds"; without
  it, wait at least a minute and back off exponentially;
- a 503 with ``retry-after`` is waited out the same way;
- transient failures (connection errors, 5xx) are retried with exponential backoff, but a write
  that may have reached GitHub is never repeated: one that was sent and got no answer, or got
  a 5xx (a proxy answers 502 for a request that went through). Its error says so
  (`GitHubError.unsure`), and the caller may look whether it took effect;
- list endpoints are followed through the ``Link: <...>; rel="next"`` header, at most
  ``max_pages`` pages, never back to a page already read;
- a redirect (a renamed repository answers 301) is followed within the API only;
- writes (POST/PATCH/PUT/DELETE) are made one at a time, never concurrently.

A wait longer than ``max_wait`` is not slept, nor one that would bring this client's waits past
``max_total_wait`` in all: the call fails with :class:`RateLimited` so a CI job does not hang
for an hour. Sleeping goes through the ``sleep`` parameter, so tests pass a recorder instead of
waiting. Every request goes through the shared transport (`bot.net`): one deadline
(``timeout``) for the whole request, a capped answer. The token is sent in the
``Authorization`` header, to the API's origin only, and never appears in ``repr``, messages or
exceptions.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from bot.net import Answer, origin, printable, retry_after_seconds, same_origin

DEFAULT_API_URL = "https://api.github.com"
USER_AGENT = "pressbot"
WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
HEADERS = {
    "Accept": "application/vnd.github+json",
    "X-GitHub-Api-Version": "2022-11-28",
    "User-Agent": USER_AGENT,
}
NOT_REPEATED = "not repeated (it may have been made)"
_LINK_RE = re.compile(r'<([^>]+)>\s*;\s*rel="([^"]+)"')


class GitHubError(Exception):
    """A request that failed for good (after the retries GitHub's rules allow)."""

    def __init__(
        self,
        message: str,
        status: int | None = None,
        errors: list[Any] | None = None,
        *,
        unsure: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.errors = errors or []
        self.unsure = unsure
        """A write that failed this way may still have been made."""


class RateLimited(GitHubError):
    """GitHub asked us to wait longer than this run is willing to."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    data: Any
    url: str = ""

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


def parse_link_header(value: str | None) -> dict[str, str]:
    """``<url>; rel="next", <url>; rel="last"`` -> ``{"next": url, "last": url}``."""
    if not value:
        return {}
    return {rel: url for url, rel in _LINK_RE.findall(value)}


@dataclass
class GitHub:
    """A small GitHub REST client. Create one per run; it is safe to share between threads."""

    token: str | None = field(default=None, repr=False)
    api_url: str = DEFAULT_API_URL
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time
    max_retries: int = 4
    backoff: float = 1.0
    max_wait: float = 300.0
    max_total_wait: float = 900.0
    timeout: float = 30.0
    max_pages: int = 1000
    requests_made: int = 0
    waited: float = 0.0
    _session: Any = field(default=None, repr=False)
    _write_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _count_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.api_url = (self.api_url or DEFAULT_API_URL).rstrip("/")

    # -- public verbs -------------------------------------------------------------------------

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.request("GET", path, params=params).data

    def post(self, path: str, body: Any) -> Any:
        return self.request("POST", path, json=body).data

    def patch(self, path: str, body: Any) -> Any:
        return self.request("PATCH", path, json=body).data

    def delete(self, path: str) -> None:
        self.request("DELETE", path)

    def paginate(
        self, path: str, params: dict[str, Any] | None = None, limit: int | None = None
    ) -> Iterator[Any]:
        """Yield the items of a list endpoint, page after page, following ``Link: rel="next"``.

        Stops after ``limit`` items. A page that is not a JSON list (an HTML error page, a cut
        answer) is an error, never "no items": a list read as empty would have a caller create
        what is there already. A ``next`` link to another host is not followed: the token
        only ever goes to the API the client was made for. An item whose ``id`` came on an
        earlier page is not yielded again: pages are offsets into a list that may change while
        it is read (a comment added moves the next page back by one), and a caller that deletes
        what it sees twice would delete the one it keeps.
        """
        query: dict[str, Any] | None = {"per_page": 100, **(params or {})}
        url: str | None = path
        read: set[str] = set()
        ids: set[int] = set()
        count = pages = 0
        while url:
            pages += 1
            if pages > self.max_pages:
                raise GitHubError(f"GET {_shown(path)}: more than {self.max_pages} pages; stopped")
            response = self.request("GET", url, params=query)
            read.update((url, response.url))
            query = None  # the next link carries its own query
            if not isinstance(response.data, list):
                raise GitHubError(
                    f"GET {_shown(path)}: GitHub's answer is {_kind(response.data)}, not a list;"
                    " stopped",
                    response.status,
                )
            for item in response.data:
                ident = item.get("id") if isinstance(item, dict) else None
                if isinstance(ident, int) and not isinstance(ident, bool):
                    if ident in ids:
                        continue
                    ids.add(ident)
                yield item
                count += 1
                if limit is not None and count >= limit:
                    return
            url = parse_link_header(response.header("link")).get("next")
            if url:
                url = _resolve(response.url, url)
            if url and not self._same_origin(url):
                raise GitHubError("pagination link points outside the GitHub API; not followed")
            if url in read:
                raise GitHubError(
                    f"GET {_shown(path)}: the next page is a page already read; stopped"
                )

    # -- the one request loop -----------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
    ) -> Response:
        method = method.upper()
        if method in WRITE_METHODS:
            with self._write_lock:
                return self._request(method, path, params, json)
        return self._request(method, path, params, json)

    def _request(self, method: str, path: str, params: Any, json: Any) -> Response:
        import json as jsonlib

        from bot.net import NetError, fetch

        url = path if path.startswith(("http://", "https://")) else self.api_url + path
        label = f"{method} {_shown(urlsplit(url).path)}"
        if not self._same_origin(url):
            raise GitHubError(f"{label}: {origin(url)} is not the GitHub API; not sent")
        headers = dict(HEADERS)
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        body = None
        if json is not None:
            body = jsonlib.dumps(json).encode()
            headers["Content-Type"] = "application/json"
        attempt = rate_waits = redirects = 0
        while True:
            attempt += 1
            with self._count_lock:
                self.requests_made += 1
            try:
                answer = fetch(
                    self._get_session(),
                    method,
                    url,
                    params=params,
                    headers=headers,
                    data=body,
                    timeout=self.timeout,
                )
            except NetError as exc:
                if method in WRITE_METHODS and exc.sent:
                    raise GitHubError(f"{label}: {exc}; {NOT_REPEATED}", unsure=True) from None
                if attempt > self.max_retries:
                    raise GitHubError(f"{label}: cannot reach GitHub ({exc})") from None
                self._pause(self.backoff * 2 ** min(attempt - 1, 32), label)
                continue
            if answer.status in REDIRECTS:
                url = self._follow(label, method, answer, redirects)
                redirects += 1
                params = None  # the new location carries its own query
                continue
            response = Response(answer.status, answer.headers, answer.json(), answer.url)
            if response.status < 400:
                return response
            if response.status >= 500 and method in WRITE_METHODS:
                raise _error(label, response, unsure=True)
            wait = self._rate_limit_wait(response, rate_waits)
            if wait is not None:
                rate_waits += 1
                if rate_waits > self.max_retries:
                    raise RateLimited(
                        f"{label}: still rate limited after {rate_waits - 1} waits", 429
                    )
                if wait > self.max_wait:
                    raise RateLimited(
                        f"{label}: GitHub's rate limit resets in {wait:.0f} s, longer than the "
                        f"{self.max_wait:.0f} s this run waits",
                        response.status,
                    )
                self._pause(wait, label)
                continue
            if response.status >= 500 and attempt <= self.max_retries:
                self._pause(self.backoff * 2 ** min(attempt - 1, 32), label)
                continue
            raise _error(label, response)

    def _follow(self, label: str, method: str, answer: Answer, redirects: int) -> str:
        """Where a redirect leads, if it may be followed: within the API, a write unchanged."""
        target = answer.location
        if target is None:
            raise GitHubError(
                f"{label}: {answer.status} redirect without a usable location", answer.status
            )
        if not self._same_origin(target):
            raise GitHubError(f"{label}: redirected to another host; not followed", answer.status)
        if method not in ("GET", "HEAD") and answer.status not in (307, 308):
            raise GitHubError(
                f"{label}: {answer.status} redirect of a write; not followed", answer.status
            )
        if redirects >= MAX_REDIRECTS:
            raise GitHubError(f"{label}: too many redirects", answer.status)
        return target

    def _rate_limit_wait(self, response: Response, previous_waits: int) -> float | None:
        """Seconds to wait before retrying, or None when the response is not a rate limit."""
        retry_after = response.header("retry-after")
        if response.status == 503:  # unavailable: for as long as it says, else the backoff
            return retry_after_seconds(retry_after)
        if response.status not in (403, 429):
            return None
        if retry_after is not None:
            asked = retry_after_seconds(retry_after)
            return asked if asked is not None else 60.0
        if response.header("x-ratelimit-remaining") == "0":
            reset = _number(response.header("x-ratelimit-reset"))
            if reset is not None:
                if reset > 1e11:  # some recordings give milliseconds
                    reset /= 1000.0
                return float(max(0.0, reset - self.clock()) + 1.0)
            return 60.0
        message = response.data.get("message", "") if isinstance(response.data, dict) else ""
        if response.status == 429 or "rate limit" in str(message).lower():
            return 60.0 * 2.0**previous_waits
        return None

    def _pause(self, seconds: float, label: str) -> None:
        """Wait, unless the waits of this client would pass ``max_total_wait`` in all."""
        with self._count_lock:
            if self.waited + seconds > self.max_total_wait:
                raise RateLimited(
                    f"{label}: this run has already waited {self.waited:.0f} s for GitHub; "
                    f"not waiting {seconds:.0f} s more"
                )
            self.waited += seconds
        if seconds > 0:
            self.sleep(seconds)

    def _get_session(self) -> Any:
        with self._count_lock:
            if self._session is None:
                from bot.net import new_session

                self._session = new_session()
            return self._session

    def _same_origin(self, url: str) -> bool:
        return same_origin(url, self.api_url)

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


def _resolve(base: str, link: str) -> str:
    """A link as the page it came from resolves it (RFC 8288: relative to that page)."""
    try:
        return urljoin(base, link.strip())
    except ValueError:
        return link


def _shown(path: str) -> str:
    return printable(path, 200)


def _kind(data: Any) -> str:
    """What an answer that is not the expected JSON is, in a few words."""
    if data is None:
        return "not JSON (or empty)"
    if isinstance(data, dict):
        return "an object"
    if isinstance(data, bool):
        return str(data).lower()
    return "a string" if isinstance(data, str) else "a number"


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _error(label: str, response: Response, unsure: bool = False) -> GitHubError:
    data = response.data if isinstance(response.data, dict) else {}
    message = printable(str(data.get("message") or "request failed"), 300)
    found = data.get("errors")
    errors: list[Any] = found if isinstance(found, list) else []
    details = printable(
        "; ".join(
            str(e.get("message") or e.get("code") or e) if isinstance(e, dict) else str(e)
            for e in errors[:5]
        ),
        500,
    )
    text = f"{label}: {response.status} {message}" + (f" ({details})" if details else "")
    if unsure:
        text += f"; {NOT_REPEATED}"
    return GitHubError(text, response.status, errors, unsure=unsure)
