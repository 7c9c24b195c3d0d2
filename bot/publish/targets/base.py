"""What every target is given and answers: one interface for folder, webhook, dev.to, ..."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

Action = Literal["publish", "update", "unpublish"]

EVENT_TYPES: dict[str, str] = {
    "publish": "post.published",
    "update": "post.updated",
    "unpublish": "post.unpublished",
}


@dataclass
class PostPayload:
    """A post as the targets see it. For an unpublish only id, path, url (and commit) are set."""

    id: str
    path: str
    url: str  # site-relative, as Jekyll builds it (e.g. /2024/01/02/hello.html)
    absolute_url: str | None = None  # with the site's `url` and `baseurl`, when configured
    title: str = ""
    date: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    front_matter: dict[str, Any] = field(default_factory=dict)
    markdown: str = ""
    html: str = ""
    commit: str = ""
    hash: str = ""

    def as_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "url": self.absolute_url or self.url,
            "relative_url": self.url,
            "title": self.title,
            "date": self.date,
            "categories": self.categories,
            "tags": self.tags,
            "front_matter": self.front_matter,
            "markdown": self.markdown,
            "html": self.html,
            "commit": self.commit,
            "content_hash": self.hash,
        }


@dataclass
class Previous:
    """What the ledger remembers of this post at this target."""

    remote_id: str | None = None
    url: str | None = None
    published: bool = False
    unsettled: bool = False  # a delivery may have reached the target without being recorded


@dataclass
class Outcome:
    ok: bool
    remote_id: str | None = None
    url: str | None = None
    error: str | None = None
    permanent: bool = False  # retrying will not help (a 4xx other than 429, bad config, ...)


class Target(Protocol):
    name: str
    type: str
    max_attempts: int | None

    def deliver(self, action: Action, post: PostPayload, previous: Previous, key: str) -> Outcome:
        """Bring the target to ``action`` for ``post``; never raises for target failures."""
        ...

    def close(self) -> None: ...
