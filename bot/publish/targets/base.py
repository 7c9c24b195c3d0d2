"""What every target is given and answers: one interface for folder, webhook, dev.to, ..."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.publish.states import Action as Action  # the targets take it from here

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
    file: str | None = None
    """Where the generator writes the post, below its output folder, when the URL alone
    does not say (`PostInfo.file`): the folder target writes there. Not sent."""

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


MAX_REMOTE_ID = 256
"""Longest remote id an outcome may carry (a Forem id, a file path in the folder, ...)."""
MAX_URL = 4096
"""Longest URL an outcome may carry."""
MAX_ERROR = 500
"""Longest error text an outcome keeps (longer texts are cut, not refused)."""


def _unstorable(text: str) -> str | None:
    """Why ``text`` cannot go into the ledger and onto one report line, or None."""
    for ch in text:
        if 0xD800 <= ord(ch) <= 0xDFFF:
            return "it is not valid Unicode"
        if not ch.isprintable():
            return f"it holds the control character U+{ord(ch):04X}"
    return None


def remote_id_problem(value: object) -> str | None:
    """Why ``value`` is not a remote id the ledger can store, or None when it is."""
    if value is None:
        return None
    if not isinstance(value, str):
        return f"the remote id is a {type(value).__name__}, not text"
    if not value or len(value) > MAX_REMOTE_ID:
        return f"the remote id has {len(value)} characters (1 to {MAX_REMOTE_ID} allowed)"
    problem = _unstorable(value)
    return f"the remote id is unusable: {problem}" if problem else None


def url_problem(value: object) -> str | None:
    """Why ``value`` is not a URL the ledger can store, or None: an absolute http(s) URL with
    a host, or a site-relative path (starting with one `/`), without spaces."""
    if value is None:
        return None
    if not isinstance(value, str):
        return f"the URL is a {type(value).__name__}, not text"
    if not value or len(value) > MAX_URL:
        return f"the URL has {len(value)} characters (1 to {MAX_URL} allowed)"
    problem = _unstorable(value) or (" " in value and "it holds a space") or None
    if problem:
        return f"the URL is unusable: {problem}"
    if value.startswith("/") and not value.startswith("//"):
        return None
    if not is_http_url(value):
        return "the URL is neither http(s)://host/... nor a site path starting with /"
    return None


def is_http_url(value: str) -> bool:
    """An absolute http or https URL with a host (and nothing Python cannot split)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and port_ok


def _error_text(value: object) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    text = "".join(
        ch if ch.isprintable() and not 0xD800 <= ord(ch) <= 0xDFFF else " " for ch in text
    )
    return text if len(text) <= MAX_ERROR else text[: MAX_ERROR - 3] + "..."


@dataclass(frozen=True)
class Outcome:
    """What a target answers for one delivery: all a runner may record in the ledger.

    Checked when made, whatever the target: a success whose remote id or URL the ledger
    could not store (see `remote_id_problem`, `url_problem`) becomes a failure (not
    permanent: the next try may get a usable answer) that says why, so no target hands on
    an unchecked remote answer. Error texts are made one printable line, cut at `MAX_ERROR`.
    """

    ok: bool
    remote_id: str | None = None
    url: str | None = None
    error: str | None = None
    permanent: bool = False  # retrying will not help (a 4xx other than 429, bad config, ...)

    def __post_init__(self) -> None:
        ok, permanent, error = self.ok is True, self.permanent is True, self.error
        problem = remote_id_problem(self.remote_id) or url_problem(self.url)
        if ok and problem:
            ok, permanent = False, False
            error = f"the target's answer cannot be recorded: {problem}"
        elif not ok and self.ok is not False:
            error = error or "the target gave no clear result"
        set_ = object.__setattr__
        set_(self, "ok", ok)
        set_(self, "permanent", permanent and not ok)
        set_(self, "error", _error_text(error))
        if remote_id_problem(self.remote_id):
            set_(self, "remote_id", None)
        if url_problem(self.url):
            set_(self, "url", None)


class Target(Protocol):
    name: str
    type: str
    max_attempts: int | None

    def deliver(self, action: Action, post: PostPayload, previous: Previous, key: str) -> Outcome:
        """Bring the target to ``action`` for ``post``; never raises for target failures."""
        ...

    def close(self) -> None: ...
