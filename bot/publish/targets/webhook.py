"""`webhook`: the post as JSON, signed as the Standard Webhooks specification says.

Headers: `webhook-id` (the idempotency key, the same on every retry of one delivery, also
sent as `Idempotency-Key`), `webhook-timestamp` (Unix seconds of this try) and
`webhook-signature` (`v1,` + base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`, keyed with the
base64-decoded part of the `whsec_` secret).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import time
from typing import Any

from bot.publish.target_config import WebhookConfig
from bot.publish.targets.base import EVENT_TYPES, Action, Outcome, PostPayload, Previous
from bot.publish.targets.http import Sessions, send

__all__ = ["WebhookConfig", "WebhookTarget", "decode_secret", "signature"]


class SecretError(ValueError):
    pass


def decode_secret(secret: str) -> bytes:
    raw = secret.strip()
    if raw.startswith("whsec_"):
        raw = raw[len("whsec_") :]
    try:
        key = base64.b64decode(raw + "=" * (-len(raw) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise SecretError("the webhook secret is not base64 (expected whsec_ + base64)") from None
    if not key:
        raise SecretError("the webhook secret is empty")
    return key


def signature(key: bytes, msg_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


class WebhookTarget:
    type = "webhook"

    def __init__(self, config: WebhookConfig) -> None:
        self.name = config.name
        self.config = config
        self.max_attempts = config.max_attempts
        self._sessions = Sessions()

    def _key(self) -> bytes:
        secret = os.environ.get(self.config.secret_env)
        if not secret:
            raise SecretError(f"the environment variable {self.config.secret_env} is not set")
        return decode_secret(secret)

    def deliver(self, action: Action, post: PostPayload, previous: Previous, key: str) -> Outcome:
        try:
            secret = self._key()
        except SecretError as exc:
            return Outcome(False, error=str(exc), permanent=True)
        data = post.as_data() if action != "unpublish" else _unpublish_data(post, previous)
        body = json.dumps(
            {"type": EVENT_TYPES[action], "timestamp": _now(), "data": data},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()

        def sign(headers: dict[str, str]) -> None:
            stamp = int(time.time())
            headers["webhook-timestamp"] = str(stamp)
            headers["webhook-signature"] = signature(secret, key, stamp, body)

        headers = {
            "Content-Type": "application/json",
            "User-Agent": "pressbot",
            "webhook-id": key,
            "Idempotency-Key": key,
        }
        reply = send(
            self._sessions.get(),
            "POST",
            self.config.url,
            self.config,
            headers=headers,
            data=body,
            sign=sign,
        )
        if reply.ok:
            remote = _remote_id(reply.body)
            return Outcome(True, remote_id=remote, url=post.absolute_url or post.url)
        return Outcome(False, error=reply.error, permanent=reply.permanent)

    def close(self) -> None:
        self._sessions.close()


def _remote_id(body: Any) -> str | None:
    """The receiver's id for the delivery, when it gave a short, printable one.

    The answer is the receiver's to shape, and the delivery is done whatever it says: an id
    that cannot be recorded (too long, a list, control characters) is left out, not an error.
    """
    from bot.net import printable

    remote = body.get("id") if isinstance(body, dict) else None
    if isinstance(remote, bool) or not isinstance(remote, (str, int)):
        return None
    text = str(remote)
    return text if 0 < len(text) <= 200 and printable(text, 200) == text else None


def _unpublish_data(post: PostPayload, previous: Previous) -> dict[str, Any]:
    return {
        "id": post.id,
        "path": post.path,
        "url": post.absolute_url or previous.url or post.url,
        "commit": post.commit,
    }


def _now() -> str:
    import datetime as dt

    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
