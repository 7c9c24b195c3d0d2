"""What is known about the site's posts across files: each post's URL and publish id, and
the site's other posts a partial run must compare them with.

The cross-file rules (duplicate URLs and publish ids, see `bot.rules.jekyll.check_site`)
read a `SiteRun`. A partial run (a pre-commit hook,
`--changed-since`, a pull request) checks a few posts of a site that may hold 50,000: the
helpers here (and `bot.other_posts`) find the few other posts that could collide with them
without parsing the rest.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from bot.other_posts import SPELLED

if TYPE_CHECKING:
    from bot.other_posts import OtherPosts
    from bot.post import Post
    from bot.rules.base import Rule
    from bot.site import Site


class PostUrl(NamedTuple):
    """What a bulk run keeps about a post: enough for duplicate URLs. A published post
    whose URL ends in its own slug first gets only that ``tail``; its full URL is computed
    when the tail collides with another post's (`_resolve_tails`)."""

    path: str
    url: str | None
    published: bool
    tail: str | None = None
    aliases: tuple[str, ...] = ()
    """The URLs a Hugo page also writes (redirects): its front matter's `aliases`."""
    lang: str = ""
    """A Hugo page's language."""
    written: str | None = None
    """The file a Jekyll post is written to (`bot.jekyll.destination`)."""


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


Candidates = Callable[[], Iterable[Path]]
"""Posts a pull request names as sharing a URL with the checked ones (read as well); that it
gives any says the site is a commit checked out, whose posts Git's index lists."""


@dataclass
class SiteRun:
    """One run of the engine, as the site-level rules see it."""

    entries: list[Any]
    """Per file checked: its `PostInfo` or `PostUrl` (published, URL), None when unreadable."""
    ids: list[PostId | None]
    """Per file checked: its `PostId` (None outside `_posts`)."""
    enabled: Callable[[Rule], bool] = lambda rule: True
    """Whether a rule runs (the engine's selection): costly comparisons are skipped if not."""
    partial: bool = False
    """Only some of the site's posts were checked: compare them with the others too."""
    checked: set[str] = field(default_factory=set)
    """The site-relative paths of the files checked."""
    named: set[str] = field(default_factory=set)
    """The site-relative paths of the files and folders a partial run was given, posts or
    not (a Hugo section's `_index` file is checked for what stops Hugo)."""
    candidates: Candidates | None = None
    """Given by a pull request, whose checkout is a commit: the other posts are then listed
    from Git's index instead of the site's folders (and the posts named are read too)."""
    built: bool = True
    """The entries are compared as the site's build holds them (`limit_posts` applied);
    publish compares the posts it sends, built or not."""


def resolve_tails(
    site: Site, entries: list[Any], every: bool = False, also: Iterable[str] = ()
) -> None:
    """Compute the full URL of the posts whose tails collide with another post's, or with
    a file ``also`` written (``every`` published post's, when they are compared with posts
    not checked)."""
    from collections import Counter

    from bot.jekyll import describe, folder_tails, tails_of
    from bot.post import read_post

    tailed = [e for e in entries if isinstance(e, PostUrl) and e.tail is not None]
    if not tailed:
        return
    counts = Counter(e.tail for e in tailed)
    wanted = set(counts) if every else {tail for tail, n in counts.items() if n > 1}
    for written in also:
        wanted |= tails_of(written) & counts.keys()
    for entry in entries:
        if isinstance(entry, PostUrl) and entry.published and entry.url:
            written = entry.written or entry.url
            wanted |= (tails_of(written) | folder_tails(written)) & counts.keys()
    for i, entry in enumerate(entries):
        if isinstance(entry, PostUrl) and entry.tail in wanted:
            info = describe(read_post(site, site.root / entry.path), site)
            entries[i] = PostUrl(info.path, info.url, info.published, written=info.written)


def limited(site: Site, run: SiteRun) -> set[str]:
    """The posts that the site's `limit_posts` keeps Jekyll from building (older than the
    latest it keeps; none without the setting). Which ones depends on every post of the
    site: a partial run reads them all (as `pressbot list` does), a whole-site run the
    published ones of its entries."""
    from bot.jekyll import apply_post_limit, post_limit

    if post_limit(site) is None or not run.built:
        return set()
    infos = _dated_posts(site, run)
    apply_post_limit(infos, site)
    return {info.path for info in infos if info.reason == "limit_posts"}


def _dated_posts(site: Site, run: SiteRun) -> list[Any]:
    """`PostInfo` (with dates) of the site's published posts, for `limited`."""
    import dataclasses

    from bot.discover import discover_names
    from bot.jekyll import PostInfo
    from bot.post import read_post
    from bot.reading import describe

    if run.partial:
        names = [Path(name) for name in discover_names(site, None)]
    else:
        published = (e for e in run.entries if e is not None and e.published)
        if all(isinstance(e, PostInfo) for e in run.entries if e is not None):
            return [dataclasses.replace(e) for e in published]  # copies: the run's stay
        names = [site.root / e.path for e in published]
    out = []
    for name in names:
        post = read_post(site, name)
        if post.readable:
            out.append(describe(post, site))
    return out


def other_posts(site: Site, run: SiteRun, urls: bool, ids: bool) -> OtherPosts:
    """The site's posts outside those checked, searched once for the words of the rules
    that compare with them (``urls``: duplicate URLs, ``ids``: duplicate ids); a pull
    request's ``candidates`` may hold that search, started early (`bot.pr.urls`)."""
    from bot.other_posts import FOLDER_WORDS, URL_WORDS, OtherPosts

    listing = getattr(run.candidates, "listing", None)
    others = OtherPosts(site, run.checked, from_index=run.candidates is not None, listing=listing)
    words: list[bytes] = []
    if urls and checked_urls(run.entries):
        words += [*URL_WORDS, *FOLDER_WORDS]
    if ids:
        words += id_words({r.id for r in run.ids if r is not None})
    others.search(words, getattr(run.candidates, "search", None))
    return others


def checked_urls(infos: list[Any]) -> dict[str, str]:
    """The files the published posts checked are written to, each with its post's URL."""
    return {i.written or i.url: i.url for i in infos if i is not None and i.published and i.url}


def other_urls(
    site: Site, infos: list[Any], others: OtherPosts, candidates: Candidates | None = None
) -> dict[str, list[tuple[str, str]]]:
    """The site's other published posts written to a checked post's file, by file, each
    with its path and URL (see `bot.other_posts`): checking three posts of a 50,000-post
    site reads a handful of files, not the site. ``candidates`` are read too. The folders
    of a checked file that may be another post's file (`bot.jekyll.folders_of`) are
    looked for as files too: a post written there stops the build."""
    from bot.jekyll import folders_of

    wanted = checked_urls(infos)
    for written, url in list(wanted.items()):
        for folder in folders_of(written):
            wanted.setdefault(folder, url)
    found = others.urls(wanted)
    if candidates is None:
        return found
    for name in candidates():
        rel = site.relpath(name)
        if rel in others.checked or not others.listed(rel) or not os.path.isfile(name):
            continue
        other = others.published(str(name), rel)
        if other is not None and other[2] in wanted:
            path, url, key = other
            owners = found.setdefault(key, [])
            if all(owner != path for owner, _ in owners):
                owners.append((path, url))
    return found


def other_inside(
    infos: list[Any], others: OtherPosts, candidates: Candidates | None = None
) -> list[tuple[str, str, str]]:
    """The site's other published posts written inside a checked post's file, as if it
    were a folder (`/a.html/b/` inside `/a.html`), each as (path, URL, file): see
    `bot.other_posts.OtherPosts.inside`. ``candidates`` are read too."""
    files = set(checked_urls(infos))
    if not files:
        return []
    extra = [] if candidates is None else list(candidates())
    return others.inside(files, extra)


FIRST_READ = 1 << 16
"""Bytes of each other post read to find its front matter (longer ones are parsed)."""


def id_words(wanted: set[str]) -> list[bytes]:
    """Bytes without which a post cannot hold one of the ``wanted`` ids in its front matter:
    the ids themselves when YAML can give them only from their own characters (`_plain`),
    else the key `id`."""
    if not wanted:
        return []
    if all(_plain(i) for i in wanted):
        return [i.encode("utf-8") for i in wanted] + list(SPELLED)
    return [b"id"]


def other_ids(site: Site, mine: list[PostId | None], others: OtherPosts) -> list[PostId]:
    """The posts under `_posts` outside those checked whose id is one of ``mine``.

    A partial run (a pre-commit hook, `--changed-since`, a pull request) checks a few posts
    of a site that may hold 50,000. A post can only hold one of the checked ids as written
    text, as its path, or through YAML that spells text otherwise (escapes, tags, numbers,
    folded lines): Git rules out the posts without any of those bytes (`id_words`), the
    front matter of each other post is searched for them (`_could_hold`), and only the few
    that could hold one are parsed.
    """
    from bot.post import path_stem

    wanted = {r.id for r in mine if r is not None}
    if not wanted:
        others.finish()
        return []
    plain = all(_plain(i) for i in wanted)
    needles = [i.encode("utf-8") for i in wanted] if plain else None
    out = []
    for name, rel in others.id_candidates(wanted):
        stem = path_stem(rel)
        head = _head(name)
        if head is not None and stem not in wanted and _cannot_hold(head, needles):
            continue
        text = _front_matter_of(head) if head is not None else None
        if text is not None and not _could_hold(text, wanted, plain, stem):
            continue
        if not others.reached(rel):
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
    if needles is None or any(spelled in head for spelled in SPELLED):
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
    if "\\" in text or "binary" in text or "%" in text:
        return True  # escapes, base64 and %-escaped tags spell text in other characters
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
