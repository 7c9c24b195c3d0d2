"""The only HTTP seam to GitHub's REST API.

Follows GitHub's documented rules for clients:

- primary rate limit: a 403/429 with ``x-ratelimit-remaining: 0`` means "wait until
  ``x-ratelimit-reset`` (UTC epoch seconds)";
- secondary rate limit: a 403/429 with ``retry-after`` means "wait that many seconds"; without
  it, wait at least a minute and back off exponentially;
- transient failures (connection errors, 5xx) are retried with exponential backoff;
- list endpoints are followed through the ``Link: <...>; rel="next"`` header;
- writes (POST/PATCH/PUT/DELETE) are made one at a time, never concurrently.

A wait longer than ``max_wait`` is not slept: the call fails with :class:`RateLimited` so a CI
job does not hang for an hour. Sleeping goes through the ``sleep`` parameter, so tests pass a
recorder instead of waiting. The token is sent in the ``Authorization`` header only and never
appears in ``repr``, messages or exceptions.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

DEFAULT_API_URL = "https://api.github.com"
USER_AGENT = "pressbot"
WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})
_LINK_RE = re.compile(r'<([^>]+)>\s*;\s*rel="([^"]+)"')


class GitHubError(Exception):
    """A request that failed for good (after the retries GitHub's rules allow)."""

    def __init__(
        self, message: str, status: int | None = None, errors: list[Any] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.errors = errors or []


class RateLimited(GitHubError):
    """GitHub asked us to wait longer than this run is willing to."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    data: Any

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
    timeout: float = 30.0
    requests_made: int = 0
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

        Stops after ``limit`` items. A ``next`` link to another host is not followed: the token
        only ever goes to the API the client was made for.
        """
        query = {"per_page": 100, **(params or {})}
        url: str | None = path
        count = 0
        while url:
            response = self.request("GET", url, params=query)
            query = None  # the next link carries its own query
            items = response.data if isinstance(response.data, list) else []
            for item in items:
                yield item
                count += 1
                if limit is not None and count >= limit:
                    return
            url = parse_link_header(response.header("link")).get("next")
            if url and not self._same_origin(url):
                raise GitHubError("pagination link points outside the GitHub API; not followed")

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
        import requests

        url = path if path.startswith(("http://", "https://")) else self.api_url + path
        label = f"{method} {urlsplit(url).path}"
        attempt = 0
        rate_waits = 0
        while True:
            attempt += 1
            try:
                with self._count_lock:
                    self.requests_made += 1
                raw = self._get_session().request(
                    method, url, params=params, json=json, timeout=self.timeout
                )
            except (requests.ConnectionError, requests.Timeout) as exc:
                if attempt > self.max_retries:
                    raise GitHubError(
                        f"{label}: cannot reach GitHub ({type(exc).__name__})"
                    ) from None
                self._pause(self.backoff * 2 ** (attempt - 1), label)
                continue
            response = Response(
                raw.status_code, {k.lower(): v for k, v in raw.headers.items()}, _json(raw)
            )
            if response.status < 400:
                return response
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
                self._pause(self.backoff * 2 ** (attempt - 1), label)
                continue
            raise _error(label, response)

    def _rate_limit_wait(self, response: Response, previous_waits: int) -> float | None:
        """Seconds to wait before retrying, or None when the response is not a rate limit."""
        if response.status not in (403, 429):
            return None
        retry_after = response.header("retry-after")
        if retry_after is not None:
            try:
                return max(0.0, float(retry_after))
            except ValueError:
                return 60.0
        if response.header("x-ratelimit-remaining") == "0":
            reset = _number(response.header("x-ratelimit-reset"))
            if reset is not None:
                if reset > 1e11:  # some recordings give milliseconds
                    reset /= 1000.0
                return max(0.0, reset - self.clock()) + 1.0
            return 60.0
        message = response.data.get("message", "") if isinstance(response.data, dict) else ""
        if response.status == 429 or "rate limit" in str(message).lower():
            return 60.0 * 2**previous_waits
        return None

    def _pause(self, seconds: float, label: str) -> None:
        if seconds > 0:
            self.sleep(seconds)

    def _get_session(self) -> Any:
        if self._session is None:
            import requests

            session = requests.Session()
            session.headers.update(
                {
                    "Accept": "application/vnd.github+json",
                    "X-GitHub-Api-Version": "2022-11-28",
                    "User-Agent": USER_AGENT,
                }
            )
            if self.token:
                session.headers["Authorization"] = f"Bearer {self.token}"
            self._session = session
        return self._session

    def _same_origin(self, url: str) -> bool:
        a, b = urlsplit(url), urlsplit(self.api_url)
        return (a.scheme, a.netloc) == (b.scheme, b.netloc)

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


def _json(raw: Any) -> Any:
    if not raw.content:
        return None
    try:
        return raw.json()
    except ValueError:
        return None


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _error(label: str, response: Response) -> GitHubError:
    data = response.data if isinstance(response.data, dict) else {}
    message = str(data.get("message") or "request failed")[:300]
    errors = data.get("errors") if isinstance(data.get("errors"), list) else []
    details = "; ".join(
        str(e.get("message") or e.get("code") or e) if isinstance(e, dict) else str(e)
        for e in errors[:5]
    )[:500]
    text = f"{label}: {response.status} {message}" + (f" ({details})" if details else "")
    return GitHubError(text, response.status, errors)
