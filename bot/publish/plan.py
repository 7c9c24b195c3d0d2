"""The plan of one run: each candidate post read at the head, as its generator would build it.

The candidates (`bot.publish.candidates`) are read from Git at the head; a post is present
(with the payload the targets get), absent, deferred, or blocked with the check's errors.
The mass-unpublish guard is applied before the plan is returned. With no usable ledger
(first run) the base is the push's ``before`` (or ``--since``), never the start of history.

A post's id is the one `bot.reading.describe` gives (on Jekyll its front-matter ``id``,
else the one derived from its path; on Hugo its page path); once the ledger knows a post
its id follows it through renames (Git's rename detection). On Hugo the posts are the
regular pages of the content folders, judged by the checkout (which is the head).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from bot.git import Change
from bot.problem import Finding
from bot.publish.candidates import gather
from bot.publish.desired import Desired, Plan
from bot.publish.ledger import LedgerState, decide
from bot.publish.payload import build_payload, legacy_hash
from bot.publish.states import Action, Kind, PostStatus, Reason

if TYPE_CHECKING:
    from bot.git import Git
    from bot.linter import Linter
    from bot.post import Post
    from bot.publish.targets.base import PostPayload
    from bot.site import Site


def site_prefix(git: Git, site: Site) -> str:
    """The site's folder inside the repository, as a path prefix ("" at the top)."""
    from bot.git.root import repo_prefix

    rel = repo_prefix(site.root, git.root)
    return rel + "/" if rel else ""


class Planner:
    """Builds the plan of one run from Git, the site and the ledger.

    The plan it returns is what the run does: the mass-unpublish guard has been applied.
    """

    def __init__(self, git: Git, site: Site, head: str) -> None:
        self.git = git
        self.site = site
        self.head = head
        self.prefix = site_prefix(git, site)
        self._state = LedgerState()
        self._leaving: set[str] = set()  # ids whose path this run deletes

    def plan(
        self,
        state: LedgerState,
        first_run: bool,
        first_base: str | None,
        forced: list[str] | None = None,
        retry_dead: bool = False,
        targets: Sequence[str] = (),
        allow_unpublish: bool = False,
    ) -> Plan:
        """The plan for ``targets`` (their names): the candidates, read at the head."""
        notes: list[str] = []
        if first_run:
            base = first_base
        else:
            base = state.point
            if base and not self.git.has_commit(base):
                notes.append(f"the ledger's point {base[:12]} is not in this clone; using the push")
                base = first_base
        forced_set = set(forced or [])
        changes: list[Change] = []
        if base != self.head:
            changes = self._changes(base)
            changes += self._reshaped(base, changes, state)
        found = gather(changes, state, forced_set, retry_dead, self._path_id, self.site.now)
        self._state, self._leaving = state, set(found.deleted)
        by_path = state.path_index()
        items = self._read_candidates(found.wanted, by_path, state)
        present_ids = {d.id for d in items}
        for pid, path in found.deleted.items():
            if pid in present_ids:
                continue  # deleted at one path, alive under another (a rename Git did not pair)
            items.append(Desired(pid, path, Kind.ABSENT, "deleted", reason=Reason.DELETED))
        for item in items:
            item.force = item.id in forced_set
        unknown = forced_set - {d.id for d in items}
        for pid in sorted(unknown):
            notes.append(f"--force {pid}: no such post in the ledger or the changes")
        items.sort(key=lambda d: (d.path, d.id))
        plan = Plan(self.head, base, first_run, items, notes)
        self._guard(plan, state, targets, allow_unpublish)
        return plan

    def _guard(
        self, plan: Plan, state: LedgerState, targets: Sequence[str], allow_unpublish: bool
    ) -> None:
        """Unpublish at most ``max_unpublish`` posts in one run unless told otherwise."""
        config = self.site.config.publish
        plan.max_unpublish = config.max_unpublish
        leaving = []
        for item in plan.items:
            if item.kind not in (Kind.ABSENT, Kind.DEFERRED):
                continue  # a deferred post that was published leaves until its date
            if item.reason == Reason.DELETED and not config.unpublish_deleted:
                item.kind, item.reason = Kind.BLOCKED, Reason.KEPT
                continue
            if any(
                decide(item, state.delivery(name, item.id))[0] == Action.UNPUBLISH
                for name in targets
            ):
                leaving.append(item)
        if len(leaving) > config.max_unpublish and not allow_unpublish:
            for item in leaving:
                item.kind, item.reason = Kind.BLOCKED, Reason.HELD
            plan.held = leaving

    def _path_id(self, path: str) -> str:
        from bot.reading import path_id

        return path_id(self.site, path)

    def _new_id(self, pid: str, path: str) -> str:
        """The id of a post the ledger does not know at ``path``, whose id its path gives
        (``pid``): that id, unless the ledger holds it for a post at another path that stays
        (a post renamed away from ``path``, which kept its id): then a fresh one, ``pid~2``
        (``~3``...), so that the new post is a post of its own, and its deliveries' keys are
        never those of the other post's. The ledger then knows the new post by it."""
        candidate, n = pid, 1
        while True:
            rec = self._state.posts.get(candidate)
            held = (
                rec is not None
                and rec.path != path
                and rec.status != PostStatus.DELETED
                and candidate not in self._leaving
            )
            if not held:
                return candidate
            n += 1
            candidate = f"{pid}~{n}"

    def _changes(self, base: str | None) -> list[Change]:
        if self.site.is_hugo:
            return self._page_changes(base)
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

    def _reshaped(
        self, base: str | None, changes: list[Change], state: LedgerState
    ) -> list[Change]:
        """The posts the ledger knows whose reading a change of the site's shape may alter,
        though their files did not change: all of them when the generator's configuration
        changed (permalinks, defaults, time zone, a site-wide cascade), and on a Hugo site
        those below a branch whose `_index` file changed (its `cascade` may make them drafts,
        move their URLs...). Each is read again; one whose payload is the same is up to date.
        Only posts the ledger knows: a page it never saw is not published because its
        section's `_index` changed."""
        shape = [f":(literal){self.prefix}{name}" for name in _config_names(self.site)]
        if self.site.is_hugo:
            shape += [f":(glob){self.prefix}config/**", f":(glob){self.prefix}**/_index.*"]
        folders: set[str] = set()
        for change in self.git.changes(base, self.head, shape):
            for path in (change.path, change.old_path):
                if path is None or not path.startswith(self.prefix):
                    continue
                folder, _, name = path[len(self.prefix) :].rpartition("/")
                folders.add(folder if name.startswith("_index.") else "")
        if not folders:
            return []
        touched = {c.path for c in changes} | {c.old_path for c in changes if c.old_path}
        out = []
        for rec in state.posts.values():
            if rec.status == PostStatus.DELETED or rec.path in touched:
                continue
            if any(not folder or rec.path.startswith(f"{folder}/") for folder in folders):
                touched.add(rec.path)
                out.append(Change("M", rec.path))
        return out

    def _page_changes(self, base: str | None) -> list[Change]:
        """The changes of a Hugo site's regular pages: those of its content folders, each
        file judged as Hugo would read it (a rename out of the pages is a deletion, one into
        them an addition)."""
        from bot.reading import is_post_path, post_folders

        folders = post_folders(self.site)
        if not folders:
            return []
        # literal: a folder's name may hold `*` or `[`; a folder matches all below it
        wanted = [(self.prefix + folder).rstrip("/") for folder in folders]
        specs = [] if "" in wanted else [f":(literal){path}" for path in wanted]
        out = []
        for change in self.git.changes(base, self.head, specs):
            path = change.path[len(self.prefix) :]
            old = change.old_path
            old = old[len(self.prefix) :] if old and old.startswith(self.prefix) else None
            if change.status == "D":
                if is_post_path(self.site, path):
                    out.append(Change("D", path))
                continue
            was = old is not None and is_post_path(self.site, old)
            if not is_post_path(self.site, path):
                if was and old is not None:
                    out.append(Change("D", old))
            elif change.status == "R" and not was:
                out.append(Change("A", path))
            else:
                out.append(Change(change.status, path, old))
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
        from bot.linter import Linter

        lint = Linter(self.site)
        for key, (path, why, old_path) in ordered:
            if path in read:
                continue  # one file is one post
            read.add(path)
            known_id = None if key.startswith("\0") else key
            if not plain_path(path):
                pid = known_id or self._new_id(self._path_id(path), path)
                items.append(_bad_name(pid, path, why))
                continue
            data = blobs.get(path)
            if data is None:
                if known_id is not None:
                    items.append(Desired(known_id, path, Kind.ABSENT, why, reason=Reason.DELETED))
                continue
            items.append(self._read_one(known_id, path, why, old_path, data, lint))
        items.extend(self._other_holders(items, state, read, lint))
        _block_duplicate_ids(lint, items, state)
        _block_duplicate_urls(lint, items, self._checked_out())
        return items

    def _checked_out(self) -> bool:
        """The head is the commit checked out, so the site's other posts are read from the
        checkout, as `pressbot check` reads them (a Jekyll `--ref` to another commit compares
        only the posts of the run)."""
        return self.git.rev_parse("HEAD") == self.head

    def _blobs(self, paths: Iterable[str]) -> dict[str, bytes | None]:
        """The posts' bytes at the head; names `git cat-file --batch` cannot take are left out."""
        wanted = sorted({p for p in paths if plain_path(p)})
        raw = self.git.blobs_at(self.head, [self.prefix + p for p in wanted])
        return {p: raw[self.prefix + p] for p in wanted}

    def _other_holders(
        self, items: list[Desired], state: LedgerState, read: set[str], lint: Linter
    ) -> list[Desired]:
        """The posts outside this run's candidates that hold an id a candidate claims.

        The ledger knows the path of every id it has seen, and the other paths found holding
        it before (``also``); a path that is gone (a rename) holds nothing.
        """
        wanted: dict[str, str] = {}  # path -> the id the ledger knows it by
        for item in items:
            rec = state.posts.get(item.id)
            if rec is None or item.reason == Reason.DELETED:
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
        lint: Linter,
    ) -> Desired:
        """What the generator would build from one post; blocked when pressbot cannot tell."""
        from bot.post import parse_post
        from bot.reading import has_own_id

        fallback = known_id or self._new_id(self._path_id(path), path)
        try:
            post = parse_post(self.site, path, data)
        except Exception as exc:  # any post content: a finding, never a stopped run
            from bot.rules.frontmatter import SYNTAX

            return _unreadable(fallback, path, why, old_path, "read", exc, SYNTAX.id)
        try:
            return self._describe(post, known_id, why, old_path, data, lint)
        except Exception as exc:
            try:
                from bot.jekyll import post_id

                pid = post_id(post) if has_own_id(post, self.site) else fallback
            except Exception:
                pid = fallback
            from bot.rules.schema import VALUE

            return _unreadable(pid, path, why, old_path, "describe", exc, VALUE.id)

    def _describe(
        self,
        post: Post,
        known_id: str | None,
        why: str,
        old_path: str | None,
        data: bytes,
        lint: Linter,
    ) -> Desired:
        from bot.reading import describe, has_own_id

        path = post.path
        info = describe(post, self.site)
        pid = known_id or self._new_id(info.id, path)
        if has_own_id(post, self.site):
            pid = info.id  # an explicit id always wins
        title = _title(post)
        item = Desired(pid, path, Kind.ABSENT, why, old_path=old_path, title=title)
        item.id_line = post.positions.get(("id",), (1, 1))[0]
        if info.reason in ("draft", "not-a-post-name"):
            item.reason = info.reason
            return item
        if info.reason in ("published-false", "expired"):
            item.reason = info.reason  # Hugo's `expiryDate` passed, without `buildExpired`
            return item
        hugo = self.site.is_hugo
        if hugo and not info.writes and info.reason in (Reason.NOT_RENDERED, Reason.FUTURE):
            # `_build.render` `never` or `link`: Hugo writes no file, now or when it is due
            item.reason = Reason.NOT_RENDERED
            return item
        findings = lint.errors(post)
        if findings or info.reason == Reason.INVALID or info.url is None:
            item.kind, item.reason = Kind.BLOCKED, Reason.INVALID
            item.findings = findings or _unbuilt(
                post, (info.date_error if hugo else None) or _UNSAID
            )
            return item
        if info.reason == Reason.FUTURE or (
            not hugo
            and info.date is not None
            and info.date > self.site.now
            and not self.site.future
        ):
            from bot.reading import publish_date

            due = publish_date(post, self.site, info)
            item.kind, item.reason = Kind.DEFERRED, Reason.FUTURE
            item.due = due.isoformat() if due else None
            return item
        from bot.reading import expiry_date

        payload = build_payload(self.site, post, info, pid, title, self.head, data)
        item.kind, item.hash, item.payload = Kind.PRESENT, payload.hash, payload
        item.legacy_hash = legacy_hash(payload.url, data)
        item.written = info.written
        expires = expiry_date(post, self.site)
        item.expires = expires.isoformat() if expires else None
        return item


def plain_path(path: str) -> bool:
    """A repository path pressbot can hand to Git: relative, no `..`, no control characters."""
    if not path or path.startswith("/") or ".." in path.split("/"):
        return False
    return not any(ord(ch) < 32 or ord(ch) == 127 for ch in path)


def _bad_name(pid: str, path: str, why: str) -> Desired:
    from bot.rules.jekyll import FILENAME

    finding = Finding(
        path=path,
        line=1,
        column=1,
        rule=FILENAME.id,
        message="the file name holds a control character (a line break?); rename the file",
    )
    return Desired(pid, path, Kind.BLOCKED, why, reason=Reason.INVALID, findings=[finding])


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
        pid, path, Kind.BLOCKED, why, reason=Reason.INVALID, old_path=old_path, findings=[finding]
    )


_UNSAID = (
    "`pressbot list` shows it as invalid; the rule that says why is set below error in the "
    "site's .pressbot.yml"
)
"""Why a post is blocked that the generator cannot build, when no error of the check says it."""


def _unbuilt(post: Post, why: str) -> list[Finding]:
    """The finding of a post the generator cannot build though the check reports no error
    for it (a Hugo `url` with a protocol, a rule that says why set below error)."""
    from bot.rules.frontmatter import SYNTAX

    message = " ".join(why.split())[:300]
    return [
        Finding(
            path=post.path,
            line=1,
            column=1,
            rule=SYNTAX.id,
            message=f"the site's generator cannot build this post ({message}); "
            "it is not published until then",
        )
    ]


def _title(post: Post) -> str | None:
    title = (post.merged or {}).get("title")
    return str(title) if title not in (None, "") else None


def _block_duplicate_urls(lint: Linter, items: list[Desired], whole_site: bool) -> None:
    """Posts that `check` reports as building to the file of another post are blocked: a
    target would keep only one (when the site runs the generator's duplicate-URL rule as an
    error). The posts of the run are compared with each other and, when the head is checked
    out (``whole_site``), with the site's other posts and its home page, as a partial
    `pressbot check` of them compares them: a new post at the URL of a published one that
    stays is blocked (never refused by a target run after run), and goes out once the
    other has left."""
    from bot.rules import hugo, jekyll
    from bot.site_index import PostUrl, SiteRun

    hugo_site = lint.site.is_hugo
    DUPLICATE_URL = hugo.DUPLICATE_URL if hugo_site else jekyll.DUPLICATE_URL
    if lint.level(DUPLICATE_URL) != "error":
        return
    present = {item.path: item for item in items if item.kind == "present" and item.payload}
    if not present:
        return
    entries: list[Any] = [
        PostUrl(p, item.payload.url, True, written=item.written)
        for p, item in present.items()
        if item.payload
    ]
    run = SiteRun(entries=entries, ids=[], built=False, partial=whole_site)
    if whole_site:
        run.checked, run.named = set(present), set(present)
    found: list[Finding] = []
    if hugo_site:  # the payloads' URLs are the pages' own (aliases are checked by `check`)
        payloads = [item.payload for item in present.values() if item.payload]
        found += lint.stamp(_same_place(payloads, DUPLICATE_URL.id))
    if whole_site or not hugo_site:
        found += lint.check_site(run)
    blocked: set[str] = set()
    for finding in found:
        item = present.get(finding.path)
        if item is None or finding.severity != "error" or finding.path in blocked:
            continue
        blocked.add(finding.path)
        item.kind, item.reason = Kind.BLOCKED, Reason.INVALID
        item.findings = [finding]
        item.payload = item.hash = None


def _same_place(payloads: list[PostPayload], rule: str) -> list[Finding]:
    """Pages of one run that Hugo builds to one URL (its host too: on a site with a host per
    language, a page and its translation share the path, not the URL) or writes to one file
    (`/a/` and `url: /a/index.html`): it writes one of them, silently."""
    groups: dict[tuple[str, str], list[PostPayload]] = defaultdict(list)
    for payload in payloads:
        groups[("url", payload.absolute_url or payload.url)].append(payload)
        groups[("file", payload.file or payload.url)].append(payload)
    out: dict[str, Finding] = {}
    for (kind, _place), group in groups.items():
        for payload in group if len(group) > 1 else []:
            if payload.path in out:
                continue
            others = ", ".join(sorted(p.path for p in group if p is not payload))
            where = f"builds to {payload.url}"
            if kind == "file":
                where += f", which Hugo writes to {payload.file}"
            message = (
                f"{where}, as {others} does; Hugo writes only one of them (change"
                " the slug, url or permalinks); neither is published until then"
            )
            out[payload.path] = Finding(
                path=payload.path, line=1, column=1, rule=rule, message=message
            )
    return list(out.values())


def _block_duplicate_ids(lint: Linter, items: list[Desired], state: LedgerState) -> None:
    """Posts that hold one id are all blocked: a target would keep only one of them.

    Publishing one would update (or unpublish) the other's copy at every target, so
    neither goes out until each has its own id. With `rules.jekyll.DUPLICATE_ID` not at error
    level, the path the ledger knows keeps the id (else the first in path order).
    """
    from bot.rules.jekyll import DUPLICATE_ID

    groups: dict[str, list[Desired]] = defaultdict(list)
    for item in items:
        if item.reason != "deleted":  # a file that is gone holds no id
            groups[item.id].append(item)
    level = lint.level(DUPLICATE_ID)
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
                rule=DUPLICATE_ID.id,
                message=f"id {pid} is also the id of {', '.join(others)}; give each post "
                "its own `id` (neither is published until then)",
            )
            item.kind, item.reason = Kind.BLOCKED, Reason.INVALID
            item.payload = item.hash = item.due = None
            item.findings = [finding, *item.findings]
            item.also = others
            item.secondary = item is not group[0]


def _config_names(site: Site) -> tuple[str, ...]:
    """The files at the site's root whose change may change how every post reads."""
    if site.is_hugo:
        from bot.hugo.config import CONFIG_NAMES, EXTENSIONS

        return tuple(f"{name}.{ext}" for name in CONFIG_NAMES for ext in EXTENSIONS)
    from bot.generator import JEKYLL_CONFIG_NAMES

    return JEKYLL_CONFIG_NAMES
