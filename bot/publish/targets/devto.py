"""`devto`: Forem articles (dev.to or any Forem), through its documented REST API.

Create: `POST /api/articles`; update and unpublish (`published: false`): `PUT
/api/articles/{id}`; the key goes in the `api-key` header. Each article carries the post's
`canonical_url`, which is also how a delivery that reached Forem without being recorded is
found again (`GET /api/articles/me/all`) instead of being created twice: Forem has no
idempotency keys.
"""

from __future__ import annotations

import os
import re
from typing import Any, Literal

from pydantic import ConfigDict, Field

from bot.publish.targets.base import Action, Outcome, PostPayload, Previous
from bot.publish.targets.http import Reply, RetryPolicy, Sessions, send


class DevtoConfig(RetryPolicy):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    type: Literal["devto", "forem"]
    api_url: str = Field(default="https://dev.to", pattern=r"^https?://")
    api_key_env: str = Field(default="DEVTO_API_KEY")
    published: bool = Field(default=True, description="false: create drafts.")
    max_attempts: int | None = Field(default=None, ge=1)


ACCEPT = "application/vnd.forem.api-v1+json"


def forem_tags(tags: list[str]) -> list[str]:
    """Forem accepts at most four tags, lowercase letters and digits only."""
    out: list[str] = []
    for tag in tags:
        clean = re.sub(r"[^a-z0-9]", "", str(tag).lower())
        if clean and clean not in out:
            out.append(clean)
    return out[:4]


class DevtoTarget:
    type = "devto"

    def __init__(self, config: DevtoConfig) -> None:
        self.name = config.name
        self.config = config
        self.max_attempts = config.max_attempts
        self._sessions = Sessions()
        self._mine: dict[str, dict[str, Any]] | None = None

    def _headers(self, key: str) -> dict[str, str]:
        return {
            "api-key": key,
            "Accept": ACCEPT,
            "Content-Type": "application/json",
            "User-Agent": "pressbot",
        }

    def deliver(self, action: Action, post: PostPayload, previous: Previous, key: str) -> Outcome:
        import json

        api_key = os.environ.get(self.config.api_key_env)
        if not api_key:
            return Outcome(
                False,
                error=f"the environment variable {self.config.api_key_env} is not set",
                permanent=True,
            )
        headers = self._headers(api_key)
        base = self.config.api_url.rstrip("/")
        canonical = post.absolute_url or previous.url or post.url
        article_id = previous.remote_id
        if article_id is None and (previous.unsettled or action != "publish"):
            found = self._find(base, headers, canonical)
            if isinstance(found, Outcome):
                return found
            article_id = found
        if action == "unpublish":
            if article_id is None:
                return Outcome(True)  # nothing there to take down
            article: dict[str, Any] = {"published": False}
        else:
            article = {
                "title": post.title or post.id,
                "body_markdown": post.markdown,
                "published": self.config.published,
                "canonical_url": canonical,
                "tags": forem_tags(post.tags),
            }
            if isinstance(post.front_matter.get("description"), str):
                article["description"] = post.front_matter["description"]
        body = json.dumps({"article": article}, ensure_ascii=False).encode()
        if article_id is not None:
            reply = self._send("PUT", f"{base}/api/articles/{article_id}", headers, body)
            if reply.status == 404:
                if action == "unpublish":
                    return Outcome(True)
                article_id = None
        if article_id is None:
            reply = self._create(base, headers, body, canonical)
            if isinstance(reply, Outcome):
                return reply
        if not reply.ok:
            return Outcome(False, error=reply.error, permanent=reply.permanent)
        data = reply.body if isinstance(reply.body, dict) else {}
        remote = data.get("id", article_id)
        if self._mine is not None and remote is not None:
            self._mine[canonical] = {"id": remote, "url": data.get("url")}
        return Outcome(
            True,
            remote_id=str(remote) if remote is not None else None,
            url=data.get("url") or canonical,
        )

    def _send(self, method: str, url: str, headers: dict[str, str], body: bytes) -> Reply:
        return send(self._sessions.get(), method, url, self.config, headers=headers, data=body)

    def _create(
        self, base: str, headers: dict[str, str], body: bytes, canonical: str
    ) -> Reply | Outcome:
        """POST, never twice blindly: after a try without an answer, look before trying again."""
        reply = Reply(None, error="not sent")
        for _ in range(self.config.retries + 1):
            reply = send(
                self._sessions.get(),
                "POST",
                f"{base}/api/articles",
                self.config,
                headers=headers,
                data=body,
                retry_unanswered=False,
            )
            if reply.status is not None:
                return reply
            self._mine = None  # it may have been created: look again
            found = self._find(base, headers, canonical)
            if isinstance(found, Outcome):
                return found
            if found is not None:
                return self._send("PUT", f"{base}/api/articles/{found}", headers, body)
        return reply

    def _find(self, base: str, headers: dict[str, str], canonical: str) -> str | Outcome | None:
        """The id of our article with this canonical URL, if Forem has one."""
        if self._mine is None:
            mine: dict[str, dict[str, Any]] = {}
            page = 1
            while True:
                reply = send(
                    self._sessions.get(),
                    "GET",
                    f"{base}/api/articles/me/all?page={page}&per_page=1000",
                    self.config,
                    headers=headers,
                )
                if not reply.ok:
                    return Outcome(
                        False,
                        error=f"looking up existing articles: {reply.error}",
                        permanent=reply.permanent,
                    )
                items = reply.body if isinstance(reply.body, list) else []
                for item in items:
                    if isinstance(item, dict) and item.get("canonical_url"):
                        mine.setdefault(str(item["canonical_url"]), item)
                if len(items) < 1000:
                    break
                page += 1
            self._mine = mine
        item = self._mine.get(canonical)
        return str(item["id"]) if item and item.get("id") is not None else None

    def close(self) -> None:
        self._sessions.close()
