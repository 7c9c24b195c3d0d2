"""Runs the enabled rules over posts; stamps rule severity; sorts; finds duplicate URLs and
ids.

Rules only say what and where. The engine decides which rules run (`--select/--ignore`,
the site's `rules:`), stamps each finding with the configured severity, adds the
cross-file `jekyll/duplicate-url` and `jekyll/duplicate-id` findings and returns everything
sorted. Large runs are spread over the machine's cores with one worker process each.
"""

from __future__ import annotations

import importlib
import os
import re
import stat
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import accumulate
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

from bot.problem import SEVERITIES, Finding, Severity
from bot.rules import FAMILIES

if TYPE_CHECKING:
    from bot.post import Post
    from bot.site import Site

PARALLEL_THRESHOLD = 400
"""Fewer files than this are checked in-process: starting workers would cost more."""


@cache
def rule_modules() -> list[ModuleType]:
    """The rule modules, imported once (before any helper process is forked)."""
    return [importlib.import_module(f"bot.rules.{family}") for family in FAMILIES]


@cache
def registry() -> dict[str, Severity]:
    """Every rule id and its default severity (shared: do not change it)."""
    out: dict[str, Severity] = {}
    for module in rule_modules():
        out.update(module.RULES)
    return out


def _matches(rule: str, prefix: str) -> bool:
    prefix = prefix.strip().rstrip("/")
    return rule == prefix or rule.startswith(prefix + "/")


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()

    def level(self, rule: str, default: Severity) -> Severity | None:
        """The severity for ``rule``, or None when it does not run."""
        if self.select and not any(_matches(rule, p) for p in self.select):
            return None
        if any(_matches(rule, p) for p in self.ignore):
            return None
        best: tuple[int, str] | None = None
        for prefix, configured in self.severity:
            if _matches(rule, prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), configured)
        chosen = best[1] if best else default
        for known in SEVERITIES:
            if chosen == known:
                return known
        return None  # "off"


def selection_for(site: Site, select: list[str] | None, ignore: list[str] | None) -> Selection:
    rules = site.config.rules
    known = registry()
    for prefix in [*(select or []), *(ignore or []), *rules.select, *rules.ignore, *rules.severity]:
        if not any(_matches(rule, prefix) for rule in known):
            from bot.errors import UsageError

            raise UsageError(f"unknown rule or family {prefix!r} (see `pressbot check --help`)")
    return Selection(
        select=tuple(select or rules.select),
        ignore=tuple([*(ignore or []), *rules.ignore]),
        severity=tuple(rules.severity.items()),
    )


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    posts: list[Any] = field(default_factory=list)
    """Per file checked: its `PostInfo` (in bulk runs a `PostUrl`, with the URL only where
    it can collide), or None when it could not be read."""


def _stamp(
    findings: Iterable[Finding], selection: Selection, known: dict[str, Severity]
) -> list[Finding]:
    out = []
    for finding in findings:
        level = selection.level(finding.rule, known.get(finding.rule, "error"))
        if level is not None:
            out.append(replace(finding, severity=level))
    return out


# Characters that are part of a mojibake run are reported once, as mojibake (whose repair
# restores them), not again one by one.
_COVERED_BY_MOJIBAKE = {
    "encoding/control-char",
    "encoding/replacement-char",
    "encoding/invisible-char",
}


def check_post(post: Post, site: Site, modules: list[ModuleType]) -> list[Finding]:
    findings = list(post.parse_findings)
    if post.readable:
        for module in modules:
            findings.extend(module.check(post, site))
    return drop_covered(findings)


def drop_covered(findings: list[Finding]) -> list[Finding]:
    """The findings without those of characters inside a mojibake run (runs looked up by
    line and bisection: a line may hold thousands of each)."""
    runs: dict[int, list[tuple[int, int]]] = {}
    for f in findings:
        if f.rule == "encoding/mojibake":
            runs.setdefault(f.line, []).append((f.column, f.end_column or f.column + 1))
    if not runs:
        return findings
    starts: dict[int, tuple[list[int], list[int]]] = {}
    for line, spans in runs.items():
        spans.sort()
        ends = list(accumulate((b for _, b in spans), max))  # the furthest end so far
        starts[line] = ([a for a, _ in spans], ends)
    return [
        f
        for f in findings
        if f.rule not in _COVERED_BY_MOJIBAKE or not _inside(starts.get(f.line), f.column)
    ]


def _inside(spans: tuple[list[int], list[int]] | None, column: int) -> bool:
    """Whether ``column`` is inside one of the spans (starts sorted, furthest ends so far)."""
    if spans is None:
        return False
    starts, ends = spans
    i = bisect_right(starts, column) - 1
    return i >= 0 and column < ends[i]


_JOB: dict[str, Any] = {}
"""The site and rule selection of the bulk run under way, for `_worker_chunk` (inherited by
the forked helpers)."""


class PostUrl(NamedTuple):
    """What a bulk run keeps about a post: enough for duplicate URLs. A published post
    whose URL ends in its own slug first gets only that ``tail``; its full URL is computed
    when the tail collides with another post's (`_resolve_tails`)."""

    path: str
    url: str | None
    published: bool
    tail: str | None = None


class PostId(NamedTuple):
    """A post's publish identity: its front-matter `id` (``explicit``), else its path
    without the extension; and where the `id` is written (1:1 when it is not)."""

    path: str
    id: str
    line: int = 1
    column: int = 1
    explicit: bool = False


def id_of(post: Post) -> PostId | None:
    """The `PostId` of a file under `_posts` (None for drafts and other files, which
    publish never sends)."""
    if post.kind != "post":
        return None
    from bot.jekyll import post_id

    fm = post.front_matter or {}
    if fm.get("id") in (None, ""):
        return PostId(post.path, post_id(post))
    line, column = post.key_position("id")
    return PostId(post.path, post_id(post), line, column, True)


def _check_one(
    site: Site, path: str, selection: Selection, bulk: bool = False
) -> tuple[list[Finding], Any, PostId | None]:
    """The post's findings, its entry for `CheckResult.posts`, and its id."""
    from bot.jekyll import describe, unpublished_reason, url_tail
    from bot.post import read_post

    post = read_post(site, path)
    findings = _stamp(check_post(post, site, rule_modules()), selection, registry())
    ident = id_of(post)
    if not post.readable:
        return findings, None, ident
    if not bulk:
        return findings, describe(post, site), ident
    if unpublished_reason(post, site) is not None:
        return findings, PostUrl(post.path, None, False), ident
    tail = url_tail(post, site)
    if tail is not None:
        return findings, PostUrl(post.path, None, True, tail), ident
    info = describe(post, site)
    return findings, PostUrl(info.path, info.url, info.published), ident


Sent = tuple[Any, ...] | None


def _worker_chunk(paths: list[str]) -> tuple[list[Finding], list[Sent], list[Sent]]:
    """A chunk's findings, and per post its `PostUrl` and `PostId` as plain tuples (cheaper
    to send)."""
    site, selection = _JOB["job"]
    findings: list[Finding] = []
    entries: list[Sent] = []
    ids: list[Sent] = []
    for path in paths:
        found, entry, ident = _check_one(site, path, selection, bulk=True)
        findings.extend(found)
        entries.append(None if entry is None else tuple(entry))
        ids.append(None if ident is None else tuple(ident))
    return findings, entries, ids


def _run(
    site: Site, names: list[str], selection: Selection, jobs: int | None
) -> tuple[list[Finding], list[Any], list[PostId | None]]:
    """All findings, and per file its entry for `CheckResult.posts` and its id."""
    jobs = jobs or os.cpu_count() or 1
    bulk = len(names) >= PARALLEL_THRESHOLD
    findings: list[Finding] = []
    infos: list[Any] = []
    ids: list[PostId | None] = []
    if jobs <= 1 or not bulk:
        for name in names:
            found, info, ident = _check_one(site, name, selection, bulk)
            findings.extend(found)
            infos.append(info)
            ids.append(ident)
        return findings, infos, ids
    from bot.parallel import share

    rule_modules(), registry()  # imported once, before the helpers are forked
    size = max(32, len(names) // (jobs * 64))  # small chunks: every process ends at once
    chunks = [names[i : i + size] for i in range(0, len(names), size)]
    _JOB["job"] = (site, selection)
    try:
        for found, entries, sent in share(chunks, _worker_chunk, jobs):
            findings.extend(found)
            infos.extend(None if e is None else PostUrl._make(e) for e in entries)
            ids.extend(None if i is None else PostId._make(i) for i in sent)
    finally:
        _JOB.clear()
    return findings, infos, ids


def _resolve_tails(site: Site, entries: list[Any]) -> None:
    """Compute the full URL of the posts whose tails collide with another post's."""
    from collections import Counter

    from bot.jekyll import describe, tails_of
    from bot.post import read_post

    tailed = [e for e in entries if isinstance(e, PostUrl) and e.tail is not None]
    if not tailed:
        return
    counts = Counter(e.tail for e in tailed)
    wanted = {tail for tail, n in counts.items() if n > 1}
    for entry in entries:
        if isinstance(entry, PostUrl) and entry.published and entry.url:
            wanted |= tails_of(entry.url) & counts.keys()
    for i, entry in enumerate(entries):
        if isinstance(entry, PostUrl) and entry.tail in wanted:
            info = describe(read_post(site, site.root / entry.path), site)
            entries[i] = PostUrl(info.path, info.url, info.published)


def duplicate_urls(infos: list[Any], known_urls: dict[str, str] | None = None) -> list[Finding]:
    """Published posts that build to one URL: each one names the other."""
    by_url: dict[str, list[str]] = {}
    for info in infos:
        if info is not None and info.published and info.url:
            by_url.setdefault(info.url, []).append(info.path)
    for url, path in (known_urls or {}).items():
        if url in by_url and path not in by_url[url]:
            by_url[url].append(path)
    checked = {info.path for info in infos if info is not None}
    out = []
    for url, owners in by_url.items():
        if len(owners) < 2:
            continue
        ordered = sorted(owners)
        for owner in owners:
            if owner not in checked:
                continue
            out.append(
                Finding(
                    path=owner,
                    line=1,
                    column=1,
                    rule="jekyll/duplicate-url",
                    message=f"builds to {url}, as {name_others(ordered, owner)} does; Jekyll "
                    "writes only one of them (change the slug, date or permalink)",
                )
            )
    return out


MAX_NAMED = 3
"""How many of the other posts a cross-file finding names (the rest are counted)."""


def name_others(ordered: list[str], owner: str) -> str:
    """The first few of ``ordered`` (which holds ``owner``) other than ``owner``, and how
    many more there are."""
    named = [o for o in ordered[: MAX_NAMED + 1] if o != owner][:MAX_NAMED]
    more = len(ordered) - 1 - len(named)
    return ", ".join(named) + (f" and {more} more" if more else "")


Candidates = Callable[[], Iterable[Path]]
"""The site's posts that may share a URL with the checked ones (see `_other_urls`)."""


def check_posts(
    site: Site,
    paths: list[Path] | None = None,
    *,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    jobs: int | None = None,
    candidates: Candidates | None = None,
) -> CheckResult:
    """Check ``paths`` (files or folders; default: the site's posts and drafts).

    When only some posts are checked, `jekyll/duplicate-url` also compares them with the
    site's other posts that could collide; ``candidates`` lists those (default: the posts
    under the site's `_posts` folders, found by name). `jekyll/duplicate-id` compares them
    with every other post under `_posts` (see `other_ids`).
    """
    from bot.discover import discover_names

    selection = selection_for(site, select, ignore)
    if paths and any(os.path.abspath(p) == str(site.root) for p in paths):
        paths = None  # the whole site: nothing else to compare URLs with
    files = discover_names(site, paths)
    findings, infos, ids = _run(site, files, selection, jobs)
    result = CheckResult(findings=findings, files_checked=len(files), posts=infos)
    _resolve_tails(site, result.posts)
    if selection.level("jekyll/duplicate-url", "error"):
        known = _other_urls(site, result.posts, candidates) if paths else None
        result.findings.extend(_stamp(duplicate_urls(result.posts, known), selection, registry()))
    if selection.level("jekyll/duplicate-id", "error"):
        others = other_ids(site, ids, {site.relpath(f) for f in files}) if paths else []
        result.findings.extend(_stamp(duplicate_ids(ids, others), selection, registry()))
    result.findings.sort(key=Finding.sort_key)
    return result


def _slug_of(path: str) -> str | None:
    from bot.jekyll import JEKYLL_POST_NAME

    match = JEKYLL_POST_NAME.match(path.rsplit("/", 1)[-1])
    return match.group(2) if match else None


def _other_urls(site: Site, infos: list[Any], candidates: Candidates | None) -> dict[str, str]:
    """URLs of the site's other posts that could collide with the checked ones.

    A URL collision needs the same slug (the `:title` of every built-in permalink), so only
    posts whose file name carries one of the checked slugs are read: checking three posts
    of a 50,000-post site reads a handful of files, not the site.
    """
    from bot.discover import discover_names
    from bot.jekyll import describe
    from bot.post import read_post

    checked = {info.path for info in infos if info is not None}
    slugs = {slug for slug in map(_slug_of, checked) if slug is not None}
    if not slugs:
        return {}
    if candidates is None:
        names: Iterable[Path | str] = discover_names(site, None)
    else:
        names = candidates()
    out: dict[str, str] = {}
    for name in names:
        rel = site.relpath(name)
        if _slug_of(rel) not in slugs or rel in checked or "_posts" not in rel.split("/")[:-1]:
            continue
        if not os.path.isfile(name):
            continue
        post = read_post(site, name)
        if not post.readable:
            continue
        info = describe(post, site)
        if info.published and info.url:
            out[info.url] = post.path
    return out


def duplicate_ids(records: Iterable[PostId | None], known: Iterable[PostId] = ()) -> list[Finding]:
    """A `jekyll/duplicate-id` finding on each of ``records`` whose id another post holds,
    naming the others. ``known`` are posts not reported on (the rest of the site in a
    partial run); publish can pass the posts it read as ``records``."""
    mine = [r for r in records if r is not None]
    by_id: dict[str, list[str]] = {}
    for record in mine:
        by_id.setdefault(record.id, []).append(record.path)
    for record in known:
        if record.id in by_id:
            by_id[record.id].append(record.path)
    ordered: dict[str, list[str]] = {}
    out = []
    for record in mine:
        if len(by_id[record.id]) < 2:
            continue
        if record.id not in ordered:
            ordered[record.id] = sorted(set(by_id[record.id]))
        others = name_others(ordered[record.id], record.path)
        shown = record.id if len(record.id) <= 80 else record.id[:77] + "..."
        whose = (
            f'id "{shown}"'
            if record.explicit
            else (f'this post\'s id "{shown}" (its path without the extension)')
        )
        out.append(
            Finding(
                path=record.path,
                line=record.line,
                column=record.column,
                rule="jekyll/duplicate-id",
                message=f"{whose} is also the id of {others}, so publishing would replace one "
                "with the other; give each post its own id",
            )
        )
    return out


FIRST_READ = 1 << 16
"""Bytes of each other post read to find its front matter (longer ones are parsed)."""


def other_ids(site: Site, mine: list[PostId | None], checked: set[str]) -> list[PostId]:
    """The posts under `_posts` outside ``checked`` whose id is one of ``mine``.

    A partial run (a pre-commit hook, `--changed-since`, a pull request) checks a few posts
    of a site that may hold 50,000. A post can only hold one of the checked ids as written
    text, as its path, or through YAML that spells text otherwise (escapes, tags, numbers,
    folded lines): the front matter of each other post is searched for those (`_could_hold`)
    and only the few that could hold one are parsed.
    """
    from bot.discover import discover_names
    from bot.post import path_stem

    wanted = {r.id for r in mine if r is not None}
    if not wanted:
        return []
    plain = all(_plain(i) for i in wanted)
    needles = [i.encode("utf-8") for i in wanted] if plain else None
    prefix = str(site.root) + os.sep
    out = []
    for name in discover_names(site, None):
        rel = name[len(prefix) :] if name.startswith(prefix) else site.relpath(name)
        if rel in checked or "/_posts/" not in f"/{rel}":
            continue
        stem = path_stem(rel)
        head = _head(name)
        if head is not None and stem not in wanted and _cannot_hold(head, needles):
            continue
        text = _front_matter_of(head) if head is not None else None
        if text is not None and not _could_hold(text, wanted, plain, stem):
            continue
        found = _parsed_id(site, name, text, wanted, stem)
        if found is not None and found.id in wanted:
            out.append(found)
    return out


_STARTS = (b"---", b"\xef\xbb\xbf---")


def _cannot_hold(head: bytes, needles: list[bytes] | None) -> bool:
    """Whether the first bytes of a post (all of it, when shorter than `FIRST_READ`) show
    that no wanted id is in it: no front matter, no `id` at all, or (for ids written as
    text) none of the ids and neither an escape nor base64. At C speed, before decoding."""
    if len(head) >= FIRST_READ:
        return False
    if not head.startswith(_STARTS) or b"id" not in head:
        return True
    if needles is None or b"\\" in head or b"binary" in head:
        return False
    return not any(needle in head for needle in needles)


_NOT_TEXT = {"True", "False", "None", "inf", "nan"}


def _plain(ident: str) -> bool:
    """Whether YAML can give ``ident`` only from its own characters: text without blanks,
    quotes, backslashes or U+FFFD, that no number, date or boolean prints as. An id with a
    lone surrogate (from a file name that is not UTF-8, or a YAML escape) is not: it has no
    UTF-8 spelling to search for."""
    return (
        bool(ident)
        and ident.isprintable()
        and (ident[0].isalpha() or ident[0] in "_/")
        and ident not in _NOT_TEXT
        and not any(ch.isspace() or ch in "'\"\\\ufffd" for ch in ident)
    )


def _could_hold(text: str, wanted: set[str], plain: bool, stem: str) -> bool:
    """Whether front matter ``text`` (empty: none) may give the post one of the ``wanted``
    ids, the post's path without extension being ``stem``."""
    if "\\" in text or "binary" in text:
        return True  # escapes and base64 spell text in other characters
    if stem in wanted:
        return True
    if "id" not in text:
        return False  # no `id` key: the path is the id
    return not plain or any(ident in text for ident in wanted)


def _head(name: str) -> bytes | None:
    """The first `FIRST_READ` bytes of a regular file; None for anything else (a link, a
    folder, a FIFO: the parser decides, safely)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(name, flags)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            return os.read(fd, FIRST_READ)
        finally:
            os.close(fd)
    except OSError:
        return None


def _front_matter_of(head: bytes) -> str | None:
    """The front matter in a post's first bytes: "" when it has none, None when that cannot
    be told from them (a long front matter, bytes that are not UTF-8)."""
    from bot.post import front_matter_text

    text = head.decode("utf-8", errors="replace").removeprefix("\ufeff")
    if "\ufffd" in text:
        return None  # not UTF-8, or cut inside a character: the parser decides
    found = front_matter_text(text)
    if found is None:
        return None if len(head) >= FIRST_READ or text.startswith("---") else ""
    return found


def _parsed_id(
    site: Site, name: str, text: str | None, wanted: set[str], stem: str
) -> PostId | None:
    """The other post's id, parsed, unless its one `id:` line shows that it is not wanted."""
    if text is not None and stem not in wanted:
        quick = _id_line(text)
        if quick is not None and quick not in wanted:
            return None  # (a front matter that does not parse has the path as id: not wanted)
    from bot.post import read_post

    return id_of(read_post(site, name))


_ID_KEY = re.compile(r"""id["']?[ \t]*:""")
_ID_LINE = re.compile(r"^id[ \t]*:([^\n]*)\n(?![ \t])", re.MULTILINE)


_DECIMAL = re.compile(r"[1-9][0-9]{0,17}")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}
"""Words YAML 1.1 may read as booleans or null (PyYAML: yes/no/on/off/true/false/null)."""
_COMPLEX_KEY = re.compile(r"^[ \t]*\?(?:[ \t]|$)", re.MULTILINE)


def _id_line(text: str) -> str | None:
    """The id a front matter's `id: value` line gives (the value as text; "" for none), when
    that line at the margin is its only `id` key (no quoted or nested key, no `? id`, no
    merge key, no anchor, no continuation line); None when that is not so."""
    from bot import yamlread

    if len(_ID_KEY.findall(text)) != 1 or "<<" in text or "&" in text:
        return None
    match = _ID_LINE.search(text)
    if match is None or _COMPLEX_KEY.search(text):
        return None
    raw = match.group(1).strip(" \t")
    if _DECIMAL.fullmatch(raw) or (_WORD.fullmatch(raw) and raw.lower() not in _YAML_WORDS):
        return raw  # what YAML makes of it prints as written
    try:
        data = yamlread.load("id:" + match.group(1) + "\n").data
    except yamlread.YamlProblem:
        return None
    value = data.get("id") if isinstance(data, dict) else None
    if value in (None, ""):
        return ""
    if isinstance(value, (dict, list)):
        return None
    try:
        return str(value)
    except ValueError:
        return None
