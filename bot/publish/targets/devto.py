"""`devto`: Forem articles (dev.to or any Forem), through its documented REST API.

Create: `POST /api/articles`; update and unpublish (`published: false`): `PUT
/api/articles/{id}`; the key goes in the `api-key` header. Each article carries the post's
`canonical_url`, which is also how a delivery that reached Forem without being recorded is
found again (`GET /api/articles/me/all`, paged with `page=` until a short or empty page, at
most `MAX_PAGES` pages, always on the configured `api_url`) instead of being created twice:
Forem has no idempotency keys. So a create is never repeated blindly: after a try without an
answer, or with a 5xx (a proxy's 502 may hide a create that went through), the article is
looked up first; only a 429 is retried as it is. A removed post whose id was never recorded
is found by its canonical URL (the site's `url` + its path) or by Forem's URL of it. An id
from the ledger that is not Forem's kind of id (digits) is never put into a request path.

What is sent is checked first; a post Forem would refuse or show wrongly is blocked (a
permanent failure that says why and what to change), never altered behind the author's back:

- the canonical URL is the post's absolute URL, so the site's `url` in `_config.yml` must be
  an absolute http(s) address: without it the configuration is refused (exit 2), before
  anything is sent;
- the title (Forem allows at most `MAX_TITLE` characters) is sent as it is, or blocked;
- tags: Forem takes at most four, each of letters and digits only, at most 30 characters.
  Tags are lowercased (Forem does so itself) and a repeat is dropped; any other tag that
  does not fit (`web-dev`, `C++`, `café`, a fifth tag) blocks the post, naming the tag:
  merging `web-dev` into `webdev` or dropping a fifth tag would change what the author
  chose, silently;
- the body's Jekyll Liquid is converted (`bot.publish.liquid`); Liquid that cannot be
  converted blocks the post, since Forem would show its syntax error as the article;
- text that is not valid Unicode (a lone surrogate from a YAML escape) blocks the post.

Every answer is checked before it is used (`ForemArticle`, `ForemListed`): an article id is
a positive integer, a URL an absolute http(s) URL of bounded length. A 2xx answer that does
not say so is a failed delivery with the reason; it is retried (after a lookup, for a
create), never recorded.
"""

from __future__ import annotations

import os
import re
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
)

from bot.publish.target_config import DevtoConfig
from bot.publish.targets.base import (
    MAX_URL,
    Action,
    Outcome,
    PostPayload,
    Previous,
    is_http_url,
    url_problem,
)
from bot.publish.targets.http import Reply, Sessions, send

ACCEPT = "application/vnd.forem.api-v1+json"
MAX_TITLE = 128
MAX_TAGS = 4
MAX_TAG_LENGTH = 30
PER_PAGE = 100
"""Asked for on every page of the lookup; instances may give fewer (the cap is theirs). Each
listed article carries its Markdown: a page of 1000 could pass the transport's answer cap."""
MAX_PAGES = 500
MAX_ID = 2**63 - 1
_TAG = re.compile(r"[a-z0-9]+")


class ArticleError(ValueError):
    """A post Forem would refuse or show wrongly: the message says what to change."""


class ForemArticle(BaseModel):
    """The parts of Forem's answer to a create or an update that are used."""

    model_config = ConfigDict(extra="ignore")

    id: StrictInt = Field(ge=1, le=MAX_ID)
    url: StrictStr = Field(max_length=MAX_URL)


class ForemListed(BaseModel):
    """The parts of an article of `GET /api/articles/me/all` that are used."""

    model_config = ConfigDict(extra="ignore")

    id: StrictInt = Field(ge=1, le=MAX_ID)
    canonical_url: StrictStr | None = None  # compared, never stored: any length will do
    url: StrictStr | None = None


def _invalid(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "the answer"
    return f"{where}: {err['msg']}"


def parse_article(body: Any) -> ForemArticle | str:
    """Forem's article, or why the answer is not one."""
    if not isinstance(body, dict):
        return f"expected an article (a JSON object), got {_kind(body)}"
    try:
        article = ForemArticle.model_validate(body)
    except ValidationError as exc:
        return _invalid(exc)
    if not is_http_url(article.url) or url_problem(article.url):
        return "url: not an absolute http(s) URL"
    return article


def parse_listed(body: Any) -> list[ForemListed] | str:
    """One page of the article list, or why the answer is not one."""
    if not isinstance(body, list):
        return f"expected a list of articles, got {_kind(body)}"
    out = []
    for index, item in enumerate(body):
        if not isinstance(item, dict):
            return f"item {index}: expected an article (a JSON object), got {_kind(item)}"
        try:
            out.append(ForemListed.model_validate(item))
        except ValidationError as exc:
            return f"item {index}: {_invalid(exc)}"
    return out


def _kind(value: Any) -> str:
    if value is None:
        return "no JSON (an empty or unreadable answer)"
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false"}.get(
        type(value), "a number"
    )


def forem_tags(tags: list[str]) -> list[str]:
    """The post's tags as Forem takes them, lowercased; `ArticleError` when one does not fit."""
    out: list[str] = []
    for raw in tags:
        tag = str(raw).lower()
        if not _TAG.fullmatch(tag) or len(tag) > MAX_TAG_LENGTH:
            shown = str(raw) if len(str(raw)) <= 40 else str(raw)[:40] + "..."
            raise ArticleError(
                f"tag {shown!r} does not fit Forem: tags are letters and digits only, at most "
                f"{MAX_TAG_LENGTH} characters (change the tag or remove it)"
            )
        if tag not in out:
            out.append(tag)
    if len(out) > MAX_TAGS:
        raise ArticleError(
            f"{len(out)} tags ({', '.join(out)}); Forem takes at most {MAX_TAGS}: remove some"
        )
    return out


def forem_title(title: str) -> str:
    if len(title) > MAX_TITLE:
        raise ArticleError(
            f"the title has {len(title)} characters; Forem allows at most {MAX_TITLE}: shorten it"
        )
    return title


class DevtoTarget:
    type = "devto"

    def __init__(self, config: DevtoConfig, site_root: Path | None = None) -> None:
        self.name = config.name
        self.config = config
        self.max_attempts = config.max_attempts
        self.site_root = site_root
        self._sessions = Sessions()
        self._mine: dict[str, str] | None = None  # canonical URL -> article id
        self._lock = threading.Lock()
        self._links: Any = None

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
        canonical = post.absolute_url or ""
        if action == "unpublish":
            article: dict[str, Any] = {"published": False}
            canonical = self._canonical_of_gone(post) or canonical
        else:
            if (
                not post.absolute_url
                or url_problem(post.absolute_url)
                or not is_http_url(post.absolute_url)
            ):
                return Outcome(
                    False,
                    error="the post has no absolute URL for Forem's canonical_url: "
                    "set `url` in _config.yml",
                    permanent=True,
                )
            try:
                article = self._article(post)
            except ValueError as exc:  # ArticleError, LiquidError
                return Outcome(False, error=f"not sent to Forem: {exc}", permanent=True)
        headers = self._headers(api_key)
        base = self.config.api_url.rstrip("/")
        try:
            body = json.dumps({"article": article}, ensure_ascii=False).encode()
        except UnicodeEncodeError:  # a YAML escape such as "\ud800" in the front matter
            return Outcome(
                False,
                error="not sent to Forem: the post holds text that is not valid Unicode "
                "(a lone surrogate, from an escape such as \\ud800 in its front matter)",
                permanent=True,
            )
        known = [u for u in (canonical, post.absolute_url, previous.url) if u]
        return self._put_or_create(action, base, headers, body, known, previous)

    def _canonical_of_gone(self, post: PostPayload) -> str | None:
        """A removed post's canonical URL: the site's `url` + its site path, when known."""
        from bot.publish import liquid

        links = self._site_links()
        base = liquid.site_base(links.jekyll) if links is not None else None
        if base and post.url.startswith("/") and not post.url.startswith("//"):
            return base + post.url
        return None

    def _article(self, post: PostPayload) -> dict[str, Any]:
        from bot.publish import liquid

        article: dict[str, Any] = {
            "title": forem_title(post.title or post.id),
            "body_markdown": liquid.for_forem(post, self._site_links()),
            "published": self.config.published,
            "canonical_url": post.absolute_url,
            "tags": forem_tags(post.tags),
        }
        if isinstance(post.front_matter.get("description"), str):
            article["description"] = post.front_matter["description"]
        return article

    def _site_links(self) -> Any:
        """The site's post and file URLs, for `post_url` and `link` (one index per run)."""
        from bot.publish import liquid

        with self._lock:
            if self._links is None and self.site_root is not None:
                self._links = liquid.SiteLinks(self.site_root)
            return self._links

    def _put_or_create(
        self,
        action: Action,
        base: str,
        headers: dict[str, str],
        body: bytes,
        known: list[str],
        previous: Previous,
    ) -> Outcome:
        """Update the article we know or find, else create it; ``known``: the URLs the post
        is known by (its canonical URL first, then Forem's URL of it)."""
        canonical = known[0] if known else ""
        article_id = previous.remote_id
        if article_id is not None and not re.fullmatch(r"[0-9]{1,19}", article_id):
            article_id = None  # not an id Forem gave: look it up instead
        if article_id is None and (previous.unsettled or action != "publish"):
            found = self._find(base, headers, known)
            if isinstance(found, Outcome):
                return found
            article_id = found
        if action == "unpublish" and article_id is None:
            return Outcome(True)  # nothing there to take down
        reply: Reply | None = None
        if article_id is not None:
            reply = self._send("PUT", f"{base}/api/articles/{article_id}", headers, body)
            if reply.status == 404:
                if action == "unpublish":
                    return Outcome(True)
                article_id, reply = None, None
        if reply is None:
            created = self._create(base, headers, body, canonical)
            if isinstance(created, Outcome):
                return created
            reply = created
        return self._result(reply, article_id, canonical)

    def _result(self, reply: Reply, article_id: str | None, canonical: str) -> Outcome:
        if not reply.ok:
            return Outcome(False, error=_reason(reply), permanent=reply.permanent)
        article = parse_article(reply.body)
        if isinstance(article, ForemArticle) and article_id and str(article.id) != article_id:
            article = f"id: {article.id}, not the article {article_id} that was updated"
        if isinstance(article, str):
            self._forget()  # an article may have been made: look again before a create
            return Outcome(
                False, error=f"Forem's answer (HTTP {reply.status}) is unusable: {article}"
            )
        with self._lock:
            if self._mine is not None:
                self._mine[canonical] = str(article.id)
        return Outcome(True, remote_id=str(article.id), url=article.url)

    def _forget(self) -> None:
        with self._lock:
            self._mine = None

    def _send(self, method: str, url: str, headers: dict[str, str], body: bytes) -> Reply:
        return send(self._sessions.get(), method, url, self.config, headers=headers, data=body)

    def _create(
        self, base: str, headers: dict[str, str], body: bytes, canonical: str
    ) -> Reply | Outcome:
        """POST, never twice blindly. Forem has no idempotency keys: after a try that may
        have made the article (no answer, or a 5xx, which a proxy gives for a request that
        went through) look for it before trying again; only a 429 is retried as it is."""
        once = replace(self.config, retries=0)
        reply = Reply(None, error="not sent")
        for attempt in range(self.config.retries + 1):
            if attempt:
                time.sleep(min(self.config.max_wait, self.config.backoff * 2 ** (attempt - 1)))
            reply = send(
                self._sessions.get(),
                "POST",
                f"{base}/api/articles",
                once,
                headers=headers,
                data=body,
                retry_unanswered=False,
            )
            status = reply.status
            if status is not None and status != 429 and not 500 <= status < 600:
                return reply
            if status == 429:
                continue  # refused before anything was made
            self._forget()  # it may have been made: look again
            found = self._find(base, headers, [canonical])
            if isinstance(found, Outcome):
                return found
            if found is not None:
                return self._send("PUT", f"{base}/api/articles/{found}", headers, body)
        return reply

    def _find(self, base: str, headers: dict[str, str], known: list[str]) -> str | Outcome | None:
        """The id of our article with one of these canonical (or Forem) URLs, if any."""
        with self._lock:
            mine = self._mine
        if mine is None:
            listed = self._list_mine(base, headers)
            if isinstance(listed, Outcome):
                return listed
            with self._lock:
                self._mine = mine = listed
        return next((mine[url] for url in known if url in mine), None)

    def _list_mine(self, base: str, headers: dict[str, str]) -> dict[str, str] | Outcome:
        """Canonical URL (and Forem's URL) -> id of every article of the key's owner, drafts
        included.

        Paged until an empty page, or one shorter than a page before it (instances cap
        `per_page` below what is asked, so a short first page proves nothing). A page of
        nothing new (an instance that ignores `page=`) or more than `MAX_PAGES` pages fail
        the lookup: a partial list could make a duplicate article.
        """
        mine: dict[str, str] = {}
        seen: set[int] = set()
        longest = 0
        for page in range(1, MAX_PAGES + 1):
            reply = send(
                self._sessions.get(),
                "GET",
                f"{base}/api/articles/me/all?page={page}&per_page={PER_PAGE}",
                self.config,
                headers=headers,
            )
            if not reply.ok:
                return _lookup_failed(_reason(reply), reply.permanent)
            items = parse_listed(reply.body)
            if isinstance(items, str):
                return _lookup_failed(f"page {page} is unusable: {items}")
            if not items:
                return mine
            if all(item.id in seen for item in items):
                return _lookup_failed(f"page {page} repeats earlier articles: the list has no end")
            for item in items:
                seen.add(item.id)
                for url in (item.canonical_url, item.url):
                    if url:
                        mine.setdefault(url, str(item.id))
            if len(items) < longest:
                return mine
            longest = max(longest, len(items))
        return _lookup_failed(f"more than {MAX_PAGES} pages of articles")

    def close(self) -> None:
        self._sessions.close()


def _lookup_failed(why: str, permanent: bool = False) -> Outcome:
    return Outcome(False, error=f"looking up existing articles: {why}", permanent=permanent)


def _reason(reply: Reply) -> str:
    """The transport's reason, with Forem's own `error` text when it gave one."""
    reason = reply.error or f"HTTP {reply.status}"
    said = reply.body.get("error") if isinstance(reply.body, dict) else None
    if isinstance(said, str) and said.strip():
        reason += f": {said.strip()[:200]!r}"
    return reason
