"""HTTP with the retry policy every networked target shares.

Retried: connection errors (including a connection dropped after the request was sent),
timeouts, 429 (waiting as `Retry-After` says) and 5xx, with exponential backoff and jitter.
Any other 4xx is permanent. The caller sends the same idempotency key on every try.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
import threading
import time
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class RetryPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    timeout: float = Field(default=10.0, gt=0, description="Seconds to wait for an answer.")
    retries: int = Field(default=4, ge=0, description="Tries after the first, within one run.")
    backoff: float = Field(default=1.0, ge=0, description="First wait between tries (doubles).")
    max_wait: float = Field(default=60.0, ge=0, description="Longest wait, Retry-After included.")


class Sessions:
    """One `requests.Session` per thread (deliveries of a batch run in parallel)."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()

    def get(self) -> Any:
        session = getattr(self._local, "session", None)
        if session is None:
            import requests

            session = requests.Session()
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


def retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


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
) -> Reply:
    """Send with retries. ``sign(headers)`` is called before each try (fresh timestamps).

    With ``retry_unanswered=False`` a try that got no answer (connection lost, timeout) is
    not repeated: for a request that is not idempotent the caller must first find out
    whether it took effect.
    """
    import requests

    reply = Reply(None, error="not sent")
    for attempt in range(policy.retries + 1):
        wait = min(policy.max_wait, policy.backoff * (2**attempt)) * (0.5 + random.random() / 2)
        try_headers = dict(headers or {})
        if sign is not None:
            sign(try_headers)
        try:
            resp = session.request(
                method, url, headers=try_headers, data=data, timeout=policy.timeout
            )
        except requests.Timeout:
            reply = Reply(None, error=f"no answer within {policy.timeout:g} s")
            if not retry_unanswered:
                return reply
        except requests.RequestException as exc:
            reply = Reply(None, error=f"connection failed: {type(exc).__name__}")
            if not retry_unanswered:
                return reply
        else:
            body: Any = None
            try:
                body = resp.json() if resp.content else None
            except ValueError:
                body = None
            if 200 <= resp.status_code < 300:
                return Reply(resp.status_code, body)
            reason = f"HTTP {resp.status_code}"
            if resp.status_code == 429 or resp.status_code >= 500:
                reply = Reply(resp.status_code, body, error=reason)
                if resp.status_code == 429:
                    asked = retry_after_seconds(resp.headers.get("Retry-After"))
                    if asked is not None:
                        if asked > policy.max_wait:
                            reply.error = f"{reason}, Retry-After {asked:g} s is too long"
                            return reply
                        wait = asked
            else:
                return Reply(resp.status_code, body, error=reason, permanent=True)
        if attempt < policy.retries:
            time.sleep(wait)
    return reply
