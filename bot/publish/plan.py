"""Which posts a run acts on, and what each target should end up with.

Candidates are the posts changed (added, modified, renamed, deleted) between the ledger's
point and the head, plus those the ledger still has open (deferred, blocked, held, failed,
claimed) and those forced by hand. With no usable ledger (first run) the base is the push's
``before`` (or ``--since``), never the start of history.

A post's id is its front-matter ``id``, else the one Jekyll derives from its path; once
the ledger knows a post its id follows it through renames (Git's rename detection).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from bot.git import Change
from bot.post import path_stem
from bot.problem import Finding
from bot.publish.ledger import Delivery, LedgerState
from bot.publish.targets.base import Action, PostPayload

if TYPE_CHECKING:
    from bot.git import Git
    from bot.post import Post
    from bot.site import Site


Kind = Literal["present", "absent", "deferred", "blocked"]


@dataclass
class Desired:
    """What Jekyll would build for one post at the head."""

    id: str
    path: str
    kind: Kind
    why: str  # how it became a candidate: added, changed, renamed, deleted, open, forced
    reason: str | None = None  # for absent/deferred/blocked: why
    payload: PostPayload | None = None
    hash: str | None = None
    due: str | None = None
    old_path: str | None = None
    findings: list[Finding] = field(default_factory=list)
    title: str | None = None
    force: bool = False
    id_line: int = 1  # where the front matter names the id (1 when it does not)
    also: list[str] = field(default_factory=list)  # other paths that hold this id
    secondary: bool = False  # one of those, not the path the ledger keeps for the id


@dataclass
class Plan:
    head: str
    base: str | None
    first_run: bool
    items: list[Desired]
    notes: list[str] = field(default_factory=list)


def content_hash(url: str, data: bytes) -> str:
    return hashlib.sha256(url.encode() + b"\0" + data).hexdigest()[:24]


def delivery_key(target: str, post_id: str, action: str, hash_: str | None, seq: int) -> str:
    """The idempotency key of one delivery: the same for every retry and every re-run."""
    raw = f"{target}\0{post_id}\0{action}\0{hash_ or ''}\0{seq}".encode()
    return "pb_" + hashlib.sha256(raw).hexdigest()[:32]


def decide(
    desired: Desired, entry: Delivery | None, retry_dead: bool = False
) -> tuple[Action | None, str | None]:
    """The action a target needs for ``desired`` given its ledger entry, and why none."""
    force = desired.force
    if desired.kind in ("deferred", "blocked"):
        return None, desired.kind
    pending = entry is not None and entry.state in ("claimed", "failed", "dead")
    if desired.kind == "present":
        if entry is None:
            return "publish", None
        if pending and entry.want == desired.hash and entry.action != "unpublish":
            if entry.state == "dead" and not (retry_dead or force):
                return None, "dead"
            return entry.action, None
        if entry.live and entry.hash == desired.hash and not force:
            return None, "up to date"
        # a publish that was claimed, or failed, without a recorded answer may have reached
        # the target: what follows is an update of what may be there, never a second publish
        maybe_there = entry.live or (pending and entry.action == "publish")
        return ("update" if maybe_there else "publish"), None
    # absent: Jekyll would not build it (deleted, unpublished, renamed out of _posts)
    if entry is None:
        return None, "not published"
    if pending and entry.action == "unpublish":
        if entry.state == "dead" and not (retry_dead or force):
            return None, "dead"
        return "unpublish", None
    if entry.live or (pending and entry.action == "publish"):
        return "unpublish", None
    return None, "not published"


def _json_safe(value: Any) -> Any:
    return json.loads(json.dumps(value, default=_to_text, ensure_ascii=False))


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


def absolute_url(site: Site, url: str) -> str | None:
    base = site.jekyll.get("url")
    if not isinstance(base, str) or not base.startswith(("http://", "https://")):
        return None
    baseurl = site.jekyll.get("baseurl")
    prefix = base.rstrip("/") + (
        "/" + baseurl.strip("/") if isinstance(baseurl, str) and baseurl.strip("/") else ""
    )
    return prefix + url


def site_prefix(git: Git, site: Site) -> str:
    """The site's folder inside the repository, as a path prefix ("" at the top)."""
    rel = site.root.resolve().relative_to(git.root.resolve()).as_posix()
    return "" if rel == "." else rel + "/"


class Planner:
    """Builds the plan of one run from Git, the site and the ledger."""

    def __init__(self, git: Git, site: Site, head: str) -> None:
        self.git = git
        self.site = site
        self.head = head
        self.prefix = site_prefix(git, site)

    def plan(
        self,
        state: LedgerState,
        first_run: bool,
        first_base: str | None,
        forced: list[str] | None = None,
        retry_dead: bool = False,
    ) -> Plan:
        notes: list[str] = []
        if first_run:
            base = first_base
        else:
            base = state.point
            if base and not self.git.has_commit(base):
                notes.append(f"the ledger's point {base[:12]} is not in this clone; using the push")
                base = first_base
        by_path = state.path_index()
        candidates: dict[str, tuple[str, str, str | None]] = {}  # id -> (path, why, old_path)
        deleted: dict[str, str] = {}  # id -> last known path
        if base != self.head:
            for change in self._changes(base):
                if change.status == "D":
                    pid = by_path.get(change.path) or path_stem(change.path)
                    deleted[pid] = change.path
                elif change.status == "R" and change.old_path is not None:
                    known = by_path.get(change.old_path)
                    if known is not None:
                        candidates[known] = (change.path, "renamed", change.old_path)
                    else:
                        candidates[f"\0{change.path}"] = (change.path, "added", None)
                else:
                    why = "added" if change.status == "A" else "changed"
                    candidates[by_path.get(change.path) or f"\0{change.path}"] = (
                        change.path,
                        why,
                        None,
                    )
        for pid, rec in state.posts.items():
            if rec.status in ("deferred", "blocked", "held") and not (
                pid in candidates or pid in deleted
            ):
                candidates[pid] = (rec.path, "open", None)
        for target_entries in state.deliveries.values():
            for pid, entry in target_entries.items():
                open_ = entry.state in ("claimed", "failed") or (
                    retry_dead and entry.state == "dead"
                )
                if open_ and pid not in candidates and pid not in deleted:
                    path = state.posts[pid].path if pid in state.posts else entry.path
                    candidates[pid] = (path, "open", None)
        for rec in state.posts.values():
            for path in rec.also or []:  # copies blocked for holding the id: still open
                candidates.setdefault("\0" + path, (path, "open", None))
        forced_set = set(forced or [])
        for pid in forced_set:
            if pid not in candidates and pid in state.posts:
                candidates[pid] = (state.posts[pid].path, "forced", None)

        items = self._read_candidates(candidates, by_path, state)
        present_ids = {d.id for d in items}
        for pid, path in deleted.items():
            if pid in present_ids:
                continue  # deleted at one path, alive under another (a rename Git did not pair)
            items.append(Desired(pid, path, "absent", "deleted", reason="deleted"))
        for item in items:
            item.force = item.id in forced_set
        unknown = forced_set - {d.id for d in items}
        for pid in sorted(unknown):
            notes.append(f"--force {pid}: no such post in the ledger or the changes")
        items.sort(key=lambda d: (d.path, d.id))
        return Plan(self.head, base, first_run, items, notes)

    def _changes(self, base: str | None) -> list[Change]:
        spec = f":(glob){self.prefix}**/_posts/**"
        out = []
        for change in self.git.changes(base, self.head, [spec]):
            old = change.old_path
            out.append(
                Change(
                    change.status,
                    change.path[len(self.prefix) :],
                    old[len(self.prefix) :] if old and old.startswith(self.prefix) else None,
                )
            )
        return out

    def _read_candidates(
        self,
        candidates: dict[str, tuple[str, str, str | None]],
        by_path: dict[str, str],
        state: LedgerState,
    ) -> list[Desired]:
        # known ids first: a path listed under its id and as a bare path is read as the id's
        ordered = sorted(candidates.items(), key=lambda kv: kv[0].startswith("\0"))
        blobs = self._blobs(path for _key, (path, _w, _o) in ordered)
        items: list[Desired] = []
        read: set[str] = set()
        lint = _Linter(self.site)
        for key, (path, why, old_path) in ordered:
            if path in read:
                continue  # one file is one post
            read.add(path)
            known_id = None if key.startswith("\0") else key
            if not plain_path(path):
                items.append(_bad_name(known_id or path_stem(path), path, why))
                continue
            data = blobs.get(path)
            if data is None:
                if known_id is not None:
                    items.append(Desired(known_id, path, "absent", why, reason="deleted"))
                continue
            items.append(self._read_one(known_id, path, why, old_path, data, lint))
        items.extend(self._other_holders(items, state, read, lint))
        lint.block_duplicate_ids(items, state)
        lint.block_duplicate_urls(items)
        return items

    def _blobs(self, paths: Iterable[str]) -> dict[str, bytes | None]:
        """The posts' bytes at the head; names `git cat-file --batch` cannot take are left out."""
        wanted = sorted({p for p in paths if plain_path(p)})
        raw = self.git.blobs_at(self.head, [self.prefix + p for p in wanted])
        return {p: raw[self.prefix + p] for p in wanted}

    def _other_holders(
        self, items: list[Desired], state: LedgerState, read: set[str], lint: _Linter
    ) -> list[Desired]:
        """The posts outside this run's candidates that hold an id a candidate claims.

        The ledger knows the path of every id it has seen, and the other paths found holding
        it before (``also``); a path that is gone (a rename) holds nothing.
        """
        wanted: dict[str, str] = {}  # path -> the id the ledger knows it by
        for item in items:
            rec = state.posts.get(item.id)
            if rec is None or item.reason == "deleted":
                continue
            for path in [rec.path, *(rec.also or [])]:
                if path not in read and path != item.path and plain_path(path):
                    wanted.setdefault(path, item.id)
        blobs = self._blobs(wanted)
        out = []
        for path, known in sorted(wanted.items()):
            data = blobs.get(path)
            if data is None:
                continue
            read.add(path)
            other = self._read_one(known, path, "open", None, data, lint)
            if other.id == known:
                out.append(other)
        return out

    def _read_one(
        self,
        known_id: str | None,
        path: str,
        why: str,
        old_path: str | None,
        data: bytes,
        lint: _Linter,
    ) -> Desired:
        """What Jekyll would build from one post; blocked when pressbot cannot tell."""
        from bot.post import parse_post

        fallback = known_id or path_stem(path)
        try:
            post = parse_post(self.site, path, data)
        except Exception as exc:  # any post content: a finding, never a stopped run
            return _unreadable(fallback, path, why, old_path, "read", exc, "frontmatter/syntax")
        try:
            return self._describe(post, known_id, why, old_path, data, lint)
        except Exception as exc:
            try:
                from bot.jekyll import post_id

                explicit = post.front_matter and post.front_matter.get("id") not in (None, "")
                pid = post_id(post) if explicit else fallback
            except Exception:
                pid = fallback
            return _unreadable(pid, path, why, old_path, "describe", exc, "schema/value")

    def _describe(
        self,
        post: Post,
        known_id: str | None,
        why: str,
        old_path: str | None,
        data: bytes,
        lint: _Linter,
    ) -> Desired:
        from bot.jekyll import describe

        path = post.path
        info = describe(post, self.site)
        pid = known_id or info.id
        if post.front_matter and post.front_matter.get("id") not in (None, ""):
            pid = info.id  # an explicit id always wins
        title = _title(post)
        item = Desired(pid, path, "absent", why, old_path=old_path, title=title)
        item.id_line = post.positions.get(("id",), (1, 1))[0]
        if info.reason in ("draft", "not-a-post-name"):
            item.reason = info.reason
            return item
        if info.reason == "published-false":
            item.reason = "published-false"
            return item
        findings = lint.errors(post)
        if findings or info.reason == "invalid" or info.url is None:
            item.kind, item.reason = "blocked", "invalid"
            item.findings = findings
            return item
        if info.reason == "future" or (
            info.date is not None and info.date > self.site.now and not self.site.future
        ):
            item.kind, item.reason = "deferred", "future"
            item.due = info.date.isoformat() if info.date else None
            return item
        payload = PostPayload(
            id=pid,
            path=path,
            url=info.url,
            absolute_url=absolute_url(self.site, info.url),
            title=title or "",
            date=info.date.isoformat() if info.date else None,
            categories=list(info.categories),
            tags=[str(t) for t in info.tags],
            front_matter=_json_safe(post.merged),
            markdown=post.body,
            html=render_html(post),
            commit=self.head,
            hash=content_hash(info.url, data),
        )
        item.kind, item.hash, item.payload = "present", payload.hash, payload
        return item


def plain_path(path: str) -> bool:
    """A repository path pressbot can hand to Git: relative, no `..`, no control characters."""
    if not path or path.startswith("/") or ".." in path.split("/"):
        return False
    return not any(ord(ch) < 32 or ord(ch) == 127 for ch in path)


def _bad_name(pid: str, path: str, why: str) -> Desired:
    finding = Finding(
        path=path,
        line=1,
        column=1,
        rule="jekyll/filename",
        message="the file name holds a control character (a line break?); rename the file",
    )
    return Desired(pid, path, "blocked", why, reason="invalid", findings=[finding])


def _unreadable(
    pid: str, path: str, why: str, old_path: str | None, doing: str, exc: Exception, rule: str
) -> Desired:
    """A post pressbot failed to read or describe: blocked, with a finding that says so."""
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())
    if len(detail) > 200:
        detail = detail[:199] + "…"
    finding = Finding(
        path=path,
        line=1,
        column=1,
        rule=rule,
        message=f"pressbot cannot {doing} this post ({detail}); it is not published until "
        f"its front matter is fixed (see `pressbot check {path}`)",
    )
    return Desired(
        pid, path, "blocked", why, reason="invalid", old_path=old_path, findings=[finding]
    )


def _title(post: Post) -> str | None:
    title = (post.merged or {}).get("title")
    return str(title) if title not in (None, "") else None


class _Linter:
    """The check's verdict on one post: its error-level findings (a post with any is blocked).

    The same rules, selection and severities as `pressbot check`, applied to the post as it
    is in the published commit.
    """

    def __init__(self, site: Site) -> None:
        from bot import linter

        self.site = site
        self.modules = linter.rule_modules()
        self.known = linter.registry()
        self.selection = linter.selection_for(site, None, None)

    def block_duplicate_urls(self, items: list[Desired]) -> None:
        """Posts of one run that build to one URL are blocked: a target would keep only one."""
        from bot import linter

        rule = "jekyll/duplicate-url"
        if self.selection.level(rule, self.known.get(rule, "error")) != "error":
            return
        present = {item.path: item for item in items if item.kind == "present" and item.payload}
        entries = [
            linter.PostUrl(p, item.payload.url, True)
            for p, item in present.items()
            if item.payload is not None
        ]
        for finding in linter.duplicate_urls(entries):
            item = present[finding.path]
            item.kind, item.reason = "blocked", "invalid"
            item.findings = [replace(finding, severity="error")]
            item.payload = item.hash = None

    def block_duplicate_ids(self, items: list[Desired], state: LedgerState) -> None:
        """Posts that hold one id are all blocked: a target would keep only one of them.

        Publishing one would update (or unpublish) the other's copy at every target, so
        neither goes out until each has its own id. With `jekyll/duplicate-id` not at error
        level, the path the ledger knows keeps the id (else the first in path order).
        """
        rule = "jekyll/duplicate-id"
        groups: dict[str, list[Desired]] = defaultdict(list)
        for item in items:
            if item.reason != "deleted":  # a file that is gone holds no id
                groups[item.id].append(item)
        level = self.selection.level(rule, self.known.get(rule, "error"))
        for pid, group in groups.items():
            if len(group) < 2:
                continue
            rec = state.posts.get(pid)
            group.sort(key=lambda d: (rec is None or d.path != rec.path, d.path))
            if level != "error":
                for other in group[1:]:
                    items.remove(other)
                continue
            paths = [d.path for d in group]
            for item in group:
                others = [p for p in paths if p != item.path]
                finding = Finding(
                    path=item.path,
                    line=item.id_line,
                    column=1,
                    rule=rule,
                    message=f"id {pid} is also the id of {', '.join(others)}; give each post "
                    "its own `id` (neither is published until then)",
                )
                item.kind, item.reason = "blocked", "invalid"
                item.payload = item.hash = item.due = None
                item.findings = [finding, *item.findings]
                item.also = others
                item.secondary = item is not group[0]

    def errors(self, post: Post) -> list[Finding]:
        from bot import linter

        out = []
        for finding in linter.check_post(post, self.site, self.modules):
            level = self.selection.level(finding.rule, self.known.get(finding.rule, "error"))
            if level == "error":
                out.append(finding)
        return sorted(out, key=lambda f: f.sort_key())
