"""What a target receives for a post the site builds: its URLs, HTML, front matter and hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from typing import TYPE_CHECKING, Any

from bot.publish.targets.base import PostPayload

if TYPE_CHECKING:
    from bot.jekyll import PostInfo
    from bot.post import Post
    from bot.site import Site


def build_payload(
    site: Site, post: Post, info: PostInfo, pid: str, title: str | None, head: str, data: bytes
) -> PostPayload:
    """The payload of a post the site builds at ``info.url`` from ``data`` (its bytes): the
    body is what follows the front matter, YAML, TOML or JSON."""
    assert info.url is not None
    payload = PostPayload(
        id=pid,
        path=post.path,
        url=info.url,
        absolute_url=absolute_url(site, info.url, post),
        title=title or "",
        date=info.date.isoformat() if info.date else None,
        categories=list(info.categories),
        tags=[str(t) for t in info.tags],
        front_matter=_json_safe(post.merged),
        markdown=post.body,
        html=render_html(post),
        commit=head,
        file=info.file,
    )
    payload.hash = content_hash(payload)
    return payload


HASH_LENGTH = 32
"""Hex digits of a `content_hash`; a hash of `legacy_hash`'s length is one an earlier
pressbot recorded."""


def content_hash(payload: PostPayload) -> str:
    """The hash of what a target receives for a post: its URLs (the site's address too),
    the file it is written to, title, date, categories, tags, front matter (the site's
    defaults and cascades included), Markdown and HTML. A change of any of them (a new
    `baseURL`, a page moved to another language) is an update; the post's path in the
    repository and the commit are not content: a rename that builds the same page sends
    nothing."""
    data = payload.as_data()
    for key in ("path", "commit", "content_hash"):
        data.pop(key, None)
    data["file"] = payload.file
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_LENGTH]


def legacy_hash(url: str, data: bytes) -> str:
    """The hash an earlier pressbot recorded: the site-relative URL and the file's bytes
    only (`bot.publish.ledger.same_content` reads ledgers that hold it)."""
    return hashlib.sha256(url.encode() + b"\0" + data).hexdigest()[:24]


def _json_safe(value: Any) -> Any:
    """Front matter as JSON (RFC 8259) holds it: keys as text (`2024-01-05:` is a date to
    YAML, `1:` a number), dates as ISO 8601 text, a number that is not finite (`.nan`,
    `.inf`) as null, anything else JSON has no type for as its text."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {_key_text(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(item) for item in value]
    return _to_text(value)


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, (bool, int, float)):
        return json.dumps(key)  # as JSON writes a key: `1`, `true`, `null`
    return _to_text(key)


def _to_text(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def render_html(post: Post) -> str:
    body = post.body
    if post.path.lower().endswith((".html", ".htm")):
        return body
    from markdown_it import MarkdownIt

    html: str = MarkdownIt("commonmark", {"html": True}).enable("table").render(body)
    return html


def absolute_url(site: Site, url: str, post: Post) -> str | None:
    """``url`` with the site's address (see `bot.reading.absolute_url`)."""
    from bot.reading import absolute_url as site_address

    return site_address(post, site, url)
