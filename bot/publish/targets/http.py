"""HTTP with the retry policy every networked target shares.

Each try goes through the shared transport (`bot.net`): one deadline for the whole request
(`timeout`), a capped answer, no redirect followed, no cookie kept. Retried: connection
errors (including a connection dropped after the request was sent), tries without a
complete answer, 429 and 503 (waiting as `Retry-After` says) and other 5xx, with
exponential backoff and jitter. A 3xx fails (a delivery is never redirected), any other
4xx is permanent. The waits of one run are bounded in sum (:class:`WaitBudget`). The
caller sends the same idempotency key on every try.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass
from typing import Any

from bot.net import retry_after_seconds
from bot.publish.target_config import RetryPolicy

__all__ = ["Reply", "RetryPolicy", "Sessions", "WaitBudget", "retry_after_seconds", "send"]


class Sessions:
    """One `requests.Session` per thread (deliveries of a batch run in parallel).

    Made by the shared transport (`bot.net`): no redirects, no cookies, a deadline per
    request. The sessions of one `Sessions` share one :class:`WaitBudget`: make one per
    target per run.
    """

    def __init__(self) -> None:
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()
        self.waits = WaitBudget()

    def get(self) -> Any:
        session = getattr(self._local, "session", None)
        if session is None:
            from bot.net import new_session

            session = new_session()
            session.pressbot_waits = self.waits
            self._local.session = session
            with self._lock:
                self._all.append(session)
        return session

    def close(self) -> None:
        with self._lock:
            for session in self._all:
                session.close()
            self._all.clear()
        self._local = threading.local()


@dataclass
class Reply:
    status: int | None  # None: no answer (connection error, timeout)
    body: Any = None
    error: str | None = None
    permanent: bool = False

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def send(
    session: Any,
    method: str,
    url: str,
    policy: RetryPolicy,
    *,
    headers: dict[str, str] | None = None,
    data: bytes | None = None,
    sign: Any = None,
    retry_unanswered: bool = True,
    max_bytes: int | None = None,
) -> Reply:
    """Send with retries. ``sign(headers)`` is called before each try (fresh timestamps).

    With ``retry_unanswered=False`` a try that got no complete answer (connection lost,
    deadline passed, an answer too large or malformed) is not repeated: for a request that is
    not idempotent the caller must first find out whether it took effect. A redirect is never
    followed (the credentials in ``headers`` go to ``url`` only) nor retried: it fails.
    An answer over ``max_bytes`` (default: the transport's cap) is no answer.
    """
    from bot.net import MAX_ANSWER_BYTES, NetError, fetch

    budget = _budget(session)
    reply = Reply(None, error="not sent")
    for attempt in range(policy.retries + 1):
        wait = _backoff(policy, attempt)
        try_headers = dict(headers or {})
        if sign is not None:
            sign(try_headers)
        try:
            answer = fetch(
                session,
                method,
                url,
                headers=try_headers,
                data=data,
                timeout=policy.timeout,
                max_bytes=MAX_ANSWER_BYTES if max_bytes is None else max_bytes,
            )
        except NetError as exc:
            reply = Reply(None, error=str(exc))
            if not retry_unanswered:
                return reply
        else:
            reply, asked = _judge(answer, policy)
            if asked is None:
                return reply
            wait = asked if asked >= 0 else wait
        if attempt < policy.retries:
            refused = budget.take(wait, policy)
            if refused:
                reply.error = f"{reply.error}; {refused}"
                return reply
            time.sleep(wait)
    return reply


def _judge(answer: Any, policy: RetryPolicy) -> tuple[Reply, float | None]:
    """The reply to one answer, and whether to try again: None no, -1 after the backoff,
    else after that many seconds (the server's ``Retry-After``)."""
    from bot.net import origin, printable

    status = answer.status
    body = answer.json()
    if 200 <= status < 300:
        return Reply(status, body), None
    reason = f"HTTP {status}"
    if 300 <= status < 400:
        where = answer.location
        shown = f" to {origin(where)}" if where else ""
        reason += f": a redirect{shown}, not followed (point the target at the final URL)"
        return Reply(status, body, error=reason), None
    if status != 429 and not 500 <= status < 600:
        return Reply(status, body, error=reason, permanent=True), None
    reply = Reply(status, body, error=reason)
    if status in (429, 503):
        asked = retry_after_seconds(answer.header("retry-after"))
        if asked is not None:
            if asked > policy.max_wait:
                reply.error = f"{reason}, Retry-After {printable(f'{asked:g}', 30)} s is too long"
                return reply, None
            return reply, asked
    return reply, -1.0


def _backoff(policy: RetryPolicy, attempt: int) -> float:
    step = policy.backoff * 2.0 ** min(attempt, 64)
    return min(policy.max_wait, step) * (0.5 + random.random() / 2)


TOTAL_WAIT_FACTOR = 3
"""A run waits at most this many times ``max_wait`` in all, per target, before failing."""

MAX_TOTAL_WAIT = 900.0
"""And never more than this many seconds in all, whatever ``max_wait`` says."""


class WaitBudget:
    """The seconds one target has spent waiting in this run, shared by its threads."""

    def __init__(self) -> None:
        self.spent = 0.0
        self._lock = threading.Lock()

    def take(self, seconds: float, policy: RetryPolicy) -> str | None:
        """Book a wait; or, when it would pass the run's limit, say why not (nothing booked)."""
        limit = min(TOTAL_WAIT_FACTOR * policy.max_wait, MAX_TOTAL_WAIT)
        with self._lock:
            if self.spent + seconds > limit:
                return f"this run has already waited {self.spent:g} s for this target"
            self.spent += seconds
            return None


def _budget(session: Any) -> WaitBudget:
    budget = getattr(session, "pressbot_waits", None)
    if not isinstance(budget, WaitBudget):
        budget = WaitBudget()
        session.pressbot_waits = budget
    return budget
