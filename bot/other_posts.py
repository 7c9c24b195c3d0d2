"""The site's other posts, as a partial run sees them: the few that could build to a checked
post's URL or hold a checked post's id, found without reading the rest.

A partial run (a pre-commit hook, `--changed-since`, a pull request) checks a few posts of a
site that may hold 50,000, and must report every collision a whole-site run reports for them.

**URLs.** A post's URL follows from its file name and folders (date, slug, categories) and
the site's `permalink` and `defaults`, unless its front matter says otherwise. Whatever the
date and categories, a URL made by a template with `:title`, `:slug`, `:name` or `:path`
holds the post's slug as text: the slug of its file name, or the one the site's `defaults`
give it. So a post whose front matter names neither `permalink` nor `slug` can only build to
a checked URL whose letters and digits hold its slug's (`signature`), which its name alone
tells. The posts whose front matter may name them (the words are in the file, or YAML
escapes, `!!binary` or %-escaped tags could spell them) are read, and so is every post a
template without its slug places (`/:year/:categories/`). Posts collide where Jekyll writes
them (`bot.jekyll.destination`: `/a` and `/a.html` are one file): a slug is in the written
file's path as in the URL, so the letters and digits of both are searched. A site that builds
its drafts (`show_drafts`) has them compared too, named with or without a date.

**Ids.** A post holds one of the checked ids as its path, or as text in its file (see
`bot.site_index.other_ids`).

**Finding the words.** In a Git work tree one ``git grep -L`` lists the files that hold none
of the words of both rules; the others, and every file outside Git, are searched here.

**Listing.** The posts are those the whole-site walk finds (`bot.discover`); in a pull
request, whose checkout is a commit, Git's index lists them (`from_index`), and only the few
posts then read are checked against the walk's rules (`_walk_reaches`). There the listing is
searched as one text (`_IndexPosts`): the posts named like a checked URL are found by one
regular expression and one set intersection, and ``git grep -l`` names the few others, so
that a site of 50,000 posts costs no Python step per post.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_to_bytes

if TYPE_CHECKING:
    from bot.site import Site

SPELLED = (b"\\", b"binary", b"%")
"""Bytes through which front matter spells text in other characters: escapes, base64
`!!binary`, and YAML tags whose %-escapes name `!!binary`."""
KELVIN = "\u212a".encode()
"""The Kelvin sign, which Ruby lowercases to `k`."""
FOLDER_WORDS = (
    *(f".{h}{t}{m}".encode() for h in "hH" for t in "tT" for m in "mM"),
    KELVIN,
)
"""Bytes without which a post's front matter gives its URL no folder named as a file Jekyll
writes for an HTML post (`a.html`, in any case): searched with the others at once, so that
`OtherPosts.inside` needs no search of its own."""
URL_WORDS = (b"permalink", b"slug", *SPELLED)
"""Bytes without which a post's front matter names neither `permalink` nor `slug`: the keys
as written, or spelled otherwise (`SPELLED`)."""

_SLUG_KEYS = frozenset({"title", "slug"})
"""Placeholders that print the post's slug (its front matter's, its defaults', its name's)."""
_NAME_KEYS = frozenset({"name", "path"})
"""Placeholders that print the post's file name, which holds the slug of its name."""
NOT_ALNUM = bytes(c for c in range(256) if not (chr(c).isascii() and chr(c).isalnum()))
"""The bytes `bytes.translate` deletes to leave a text's ASCII letters and digits."""


def signature(text: bytes) -> bytes:
    """The ASCII letters and digits of ``text``, lowercased: what every slug mode keeps of
    an ASCII slug, and what the URL keeps of it once its %-escapes are undone."""
    return text.lower().translate(None, NOT_ALNUM)


def url_signature(url: str) -> bytes:
    """The signature of a URL or written file (whose bytes that are not UTF-8 are kept as
    surrogates, `bot.jekyll.written_key`)."""
    return signature(unquote_to_bytes(url.encode("utf-8", "surrogateescape")))


class OtherPosts:
    """The site's posts under `_posts` outside ``checked`` (site-relative paths), and its
    drafts when it builds them (`show_drafts`)."""

    def __init__(
        self,
        site: Site,
        checked: set[str],
        from_index: bool = False,
        listing: StartedListing | None = None,
    ) -> None:
        from bot.jekyll import show_drafts

        self.site = site
        self.checked = checked
        self.drafts = show_drafts(site)
        """The site builds its drafts: they are other posts too (for URLs, not ids)."""
        self.prefix: str | None = None
        """The site's folder in its Git repository ("" at the top); None outside Git."""
        self.top: Path | None = None
        self.walk: Any = None
        """Set when the posts come from Git's index: the walk's rules, for `_walk_reaches`."""
        self.from_index = from_index
        self._search: StartedSearch | None = None
        self._held = False
        self._memo: dict[str, set[str]] = {}
        self._repository()
        self._listing = listing

    @functools.cached_property
    def posts(self) -> list[tuple[str, str]]:
        """Pairs of (path as the walk names it, site-relative path), listed on first use
        (after `search` has set Git to work)."""
        return self._list(self.from_index)

    def _repository(self) -> None:
        from bot.git.root import find_root, repo_prefix

        top = find_root(self.site.root)
        if top is None:
            return
        try:
            self.prefix = repo_prefix(self.site.root, top)
        except (OSError, ValueError):
            return
        self.top = top

    @functools.cached_property
    def _index(self) -> _IndexPosts | None:
        """The posts as Git's index lists them, when they come from it (and it can)."""
        if not self.from_index or self.top is None or self.prefix is None:
            return None
        from bot.git import index_listing

        started = self._listing
        if started is not None and (started.top, started.prefix) == (self.top, self.prefix):
            raw = started.result()
        else:
            raw = index_listing(self.top, self.prefix)
        if raw is None:
            return None
        from bot.discover import _Walk

        self.walk = _Walk(self.site)
        return _IndexPosts(raw, self.prefix, str(self.site.root), self.checked, self.drafts)

    def _list(self, from_index: bool) -> list[tuple[str, str]]:
        root = str(self.site.root)
        if from_index and self._index is not None:
            return self._index.posts()
        from bot.discover import discover_names

        start = root + os.sep
        out = []
        for name in discover_names(self.site, None):
            rel = name[len(start) :] if name.startswith(start) else self.site.relpath(name)
            if rel not in self.checked and self.listed(rel):
                out.append((name, rel))
        return out

    def listed(self, rel: str) -> bool:
        """Whether the file at ``rel`` (in a posts folder) is one of the posts compared."""
        return in_posts(rel) or (self.drafts and _in_drafts(rel))

    # -- searching -------------------------------------------------------------------------
    def search(self, words: Iterable[bytes], started: StartedSearch | None = None) -> None:
        """Start listing, in Git, the posts that hold none of ``words`` (the words of every
        rule that will ask: one search serves them all). A search ``started`` earlier for
        the same folder serves when it searched every one of the words (more words only
        rule fewer posts out)."""
        wanted = set(words)
        if self.top is None or self.prefix is None or not wanted:
            return
        # Posts listed from the index are the files Git searches: the few that hold a word
        # are the shorter answer. Otherwise the posts Git searched and found none in.
        self._held = self.from_index
        if started is not None and started.serves(self.top, self.prefix, wanted, self._held):
            self._search = started
            return
        self._search = StartedSearch(self.top, self.prefix, wanted, self._held)

    def cleared(self) -> set[str]:
        """Site-relative paths of the posts Git found none of the searched words in."""
        if self._search is None:
            return set()
        if "cleared" not in self._memo:
            self._memo["cleared"] = self._cleared_now()
        return self._memo["cleared"]

    def _found(self) -> set[str] | None:
        """Site-relative paths of the files Git's search named; None without an answer."""
        if "found" not in self._memo:
            found = self._search.result() if self._search is not None else None
            if found is None:
                return None
            # the search may have been of a folder holding the site's (`StartedSearch.serves`)
            start = self.prefix + "/" if self.prefix else ""
            cut = len(start)
            self._memo["found"] = {name[cut:] for name in found if name.startswith(start)}
        return self._memo["found"]

    def _cleared_now(self) -> set[str]:
        named = self._found()
        if named is None:
            return set()
        if not self._held:
            return named
        if self.walk is None:
            return set()  # listed by the walk after all: Git did not search every post
        return {rel for _, rel in self.posts if rel not in named}

    def finish(self) -> None:
        """Wait for Git's search (a rule that asks nothing of it lets it end)."""
        self._found()

    def _holding(self) -> list[tuple[str, str]] | None:
        """The other posts Git found a searched word in, all others holding none, when
        that is known without listing every post (Git's index lists them, and its search
        named the files holding a word); None otherwise."""
        if not self._held or self._index is None or not self._index.plain:
            return None
        named = self._found()
        if named is None:
            return None
        return self._index.among(named)

    def may_hold(self, name: str, rel: str, words: tuple[bytes, ...], cleared: set[str]) -> bool:
        """Whether the post may hold one of ``words`` (read here unless Git ruled it out)."""
        if rel in cleared:
            return False
        data = _read(name)
        return data is None or any(word in data for word in words)

    def reached(self, rel: str) -> bool:
        """Whether the whole-site walk finds this post (always, when it listed them)."""
        return self.walk is None or _walk_reaches(self.walk, rel)

    # -- URLs ------------------------------------------------------------------------------
    def urls(self, checked: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
        """The other published posts written to one of the ``checked`` files (each with its
        post's URL; `bot.jekyll.destination`), by file, each with its site-relative path
        and its URL. A post's slug is in its file's path, whose letters and digits hold
        those of the URL's: both are searched."""
        if not checked:
            self.finish()
            return {}
        wanted = {url_signature(text) for pair in checked.items() for text in pair}
        guess = _SlugGuess(self.site)
        chosen = self._chosen_quickly(wanted, guess)
        if chosen is None:
            chosen = self._chosen(wanted, guess)
        out: dict[str, list[tuple[str, str]]] = {}
        for name, rel in chosen:
            found = self.published(name, rel)
            if found is not None and found[2] in checked:
                path, url, key = found
                out.setdefault(key, []).append((path, url))
        return out

    def inside(self, files: set[str], extra: Iterable[Path] = ()) -> list[tuple[str, str, str]]:
        """The other published posts written inside one of the checked ``files`` as if it
        were a folder (`/a.html/b/` inside `/a.html`), each as (path, URL, file); the posts
        ``extra`` are looked at too.

        Such a post's URL has a folder named as the file is (`a.html`): its template gives
        it from the post's front matter (`permalink`, `slug`, categories, whose text holds
        the name, lowercased or not, or spells it otherwise: `SPELLED`), its path (folders
        as categories, its name), the site's `defaults`, or a template's text. Only the
        posts that hold the name or a spelling are read, unless a template or `defaults`
        could give any post that folder."""

        names = {f.rpartition("/")[2].lower() for f in files}
        everywhere = not all(n.isascii() for n in names) or self._places_any(names)
        words = [n.encode("ascii") for n in names] if not everywhere else []
        if any("k" in n for n in names):
            words.append(KELVIN)
        words += SPELLED
        pairs = None if everywhere else self._inside_candidates(names, extra)
        if pairs is not None:
            cleared: set[str] = set()  # each candidate holds a searched word, or a name
        else:
            pairs = [*self.posts, *self._extra(extra)]
            cleared = set() if everywhere else self._cleared_of(names, words)
        out = []
        for name, rel in pairs:
            if not everywhere and not any(n in rel.lower() for n in names):
                if rel in cleared:
                    continue
                data = _read(name)
                if data is not None and not any(w in _front(data).lower() for w in words):
                    continue
            found = self.published(name, rel)
            if found is not None and any(found[2].startswith(f + "/") for f in files):
                out.append(found)
        return out

    def published(self, name: str, rel: str) -> tuple[str, str, str] | None:
        """(path, URL, written file) of the other post at ``name`` when the whole-site walk
        reaches it, it can be read, and Jekyll publishes it; else None."""
        from bot.post import read_post
        from bot.reading import describe

        if not self.reached(rel):
            return None
        post = read_post(self.site, name)
        if not post.readable:
            return None
        info = describe(post, self.site)
        if not info.published or not info.url:
            return None
        return post.path, info.url, info.written or info.url

    def _places_any(self, names: set[str]) -> bool:
        """Whether a template or the site's `defaults` could give a post a folder with a
        dot (or one of ``names``) whatever the post holds."""
        templates = [self.site.permalink]
        defaults = self.site.jekyll.get("defaults")
        if defaults:
            if any(n in repr(defaults).lower() for n in names):
                return True
            for entry in defaults if isinstance(defaults, list) else []:
                values = entry.get("values") if isinstance(entry, dict) else None
                permalink = values.get("permalink") if isinstance(values, dict) else None
                if permalink is not None:
                    templates.append(str(permalink))
        return any("." in t.rpartition("/")[0] for t in templates)

    def _extra(self, extra: Iterable[Path]) -> list[tuple[str, str]]:
        out = []
        for path in extra:
            rel = self.site.relpath(path)
            if rel not in self.checked and self.listed(rel) and os.path.isfile(path):
                out.append((str(path), rel))
        return out

    def _inside_candidates(
        self, names: set[str], extra: Iterable[Path]
    ) -> list[tuple[str, str]] | None:
        """The only posts `inside` must look at, found without a step per post of the site:
        those Git's search (made already) named, those whose path holds one of ``names``
        (one search of the index's listing) and the ``extra``; None when that is not known
        so (then every post is listed, and `_cleared_of` rules out what it can)."""
        if not self._search_serves_inside(names) or self._index is None:
            return None
        holding = self._holding()
        named = self._index.with_text(names)
        if holding is None or named is None:
            return None
        return sorted({*holding, *named, *self._extra(extra)})

    def _search_serves_inside(self, names: set[str]) -> bool:
        """Whether the search already made answers `inside` for ``names``: each is an HTML
        file's (so holds one of `FOLDER_WORDS`), and it searched those and `SPELLED`."""
        search = self._search
        return (
            all(".htm" in n for n in names)
            and search is not None
            and self.top is not None
            and self.prefix is not None
            and search.serves(self.top, self.prefix, {*FOLDER_WORDS, *SPELLED}, self._held)
        )

    def _cleared_of(self, names: set[str], words: list[bytes]) -> set[str]:
        """The posts that hold none of ``words`` (ASCII case ignored), as far as Git tells:
        the search already made serves when each name is an HTML file's (it searched
        `FOLDER_WORDS`, held by each name, and the `SPELLED` bytes), else one more."""
        if self._search_serves_inside(names):
            return self.cleared()
        return self._lacking(words)

    def _lacking(self, words: list[bytes]) -> set[str]:
        """Site-relative paths of the posts Git searched and found none of ``words`` in,
        ASCII case ignored (none outside Git)."""
        if self.top is None or self.prefix is None:
            return set()
        from bot.git.search import _grep

        found = _grep(self.top, words, self.prefix, "-L", ("-i",))
        if found is None:
            return set()
        start = self.prefix + "/" if self.prefix else ""
        return {name[len(start) :] for name in found if name.startswith(start)}

    def _chosen(self, wanted: set[bytes], guess: _SlugGuess) -> list[tuple[str, str]]:
        """The other posts that may build to a URL whose signature is one of ``wanted``,
        each tested."""
        # One text of every signature, apart: a slug's signature (letters and digits only)
        # is in it exactly when it is in one of them.
        chosen, unsure = self._by_name(self.posts, wanted, guess)
        cleared = self.cleared()
        unsure = [(n, r) for n, r in unsure if r not in cleared]
        chosen += [(n, r) for n, r in unsure if self.may_hold(n, r, URL_WORDS, cleared)]
        return chosen

    def _by_name(
        self, posts: list[tuple[str, str]], wanted: set[bytes], guess: _SlugGuess
    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """Of ``posts``, those whose name may give them a URL whose signature is one of
        ``wanted``, and those that only their front matter could give one (names that are
        not a post's left out: never published)."""
        # One text of every signature, apart: a slug's signature (letters and digits only)
        # is in it exactly when it is in one of them.
        signatures = b"\n".join(wanted)
        chosen: list[tuple[str, str]] = []
        unsure: list[tuple[str, str]] = []
        for name, rel in posts:
            slug = self._name_slug(rel)
            if slug is None:
                continue
            text = guess(rel, slug)
            if text is None or not text.isascii() or signature(text.encode("ascii")) in signatures:
                chosen.append((name, rel))
            else:
                unsure.append((name, rel))
        return chosen, unsure

    def _name_slug(self, rel: str) -> str | None:
        """The slug the post's file name gives it (a draft's needs no date), or None for a
        name Jekyll does not publish."""
        from bot.jekyll import _DATELESS_NAME, JEKYLL_POST_NAME

        name = rel.rpartition("/")[2]
        match = JEKYLL_POST_NAME.match(name)
        if match is not None:
            return match.group(2)
        if self.drafts and _in_drafts(rel):
            match = _DATELESS_NAME.match(name)
            return None if match is None else match.group(1)
        return None

    def _chosen_quickly(
        self, wanted: set[bytes], guess: _SlugGuess
    ) -> list[tuple[str, str]] | None:
        """What `_chosen` chooses, found without a Python step per post: when the site has
        no `defaults` and its permalink prints the slug of each post's name, Git's index
        gives the names whose slug's signature is in a wanted URL's (`_IndexPosts.near`),
        and Git's search the posts that may name a URL of their own. None when that cannot
        be told so."""
        if guess.has_defaults or guess.plain is None or guess.plain[1] is not None:
            return None
        if self._index is None or not self._index.plain or not self._held:
            return None
        signatures = wanted
        if sum(len(s) ** 2 for s in signatures) > 2 * MAX_PIECES:
            return None
        chosen = self._index.near(signatures)  # while Git searches
        seen = {rel for _, rel in chosen}
        if self.drafts:  # few, each tested (those their front matter moves: `holding`)
            drafts = self._by_name(self._index.drafts_listed(), signatures, guess)[0]
            chosen += [(name, rel) for name, rel in drafts if rel not in seen]
            seen.update(rel for _, rel in drafts)
        holding = self._holding()
        if holding is None:
            return None
        for name, rel in holding:
            if rel in seen or self._name_slug(rel) is None:
                continue
            if self.may_hold(name, rel, URL_WORDS, set()):
                chosen.append((name, rel))
        return chosen

    def id_candidates(self, wanted: set[str]) -> list[tuple[str, str]]:
        """The other posts that may hold one of the ``wanted`` ids: those Git did not rule
        out, and those whose path (without its extension) is one."""
        holding = self._holding()
        if holding is not None and self._index is not None:
            found = self._index.named_like(wanted)
            if found is not None:
                seen = {rel for _, rel in found}
                return found + [(n, r) for n, r in holding if r not in seen and in_posts(r)]
        cleared = self.cleared()
        # A post Git ruled out holds none of the ids, unless its path is one: its path
        # without the extension (`path_stem`) is the text before its last dot, or the path.
        # Drafts hold no id (publish never sends them).
        return [
            (name, rel)
            for name, rel in self.posts
            if in_posts(rel)
            and (rel not in cleared or rel in wanted or rel.rpartition(".")[0] in wanted)
        ]


def in_posts(rel: str) -> bool:
    """Whether the site-relative path is in a `_posts` folder."""
    return "/_posts/" in f"/{rel}"


def _in_drafts(rel: str) -> bool:
    from bot.discover import _in_drafts as first_is_drafts

    return first_is_drafts(rel)


MAX_PIECES = 200_000
"""Pieces of the checked URLs' signatures (about half the square of their lengths) beyond
which they are not listed (`_pieces`): the posts are then tested one by one."""


def _pieces(signatures: set[bytes]) -> set[bytes]:
    """Every piece (substring) of each signature, the empty one too: the signatures a slug
    may have to be found in one of them."""
    return {s[i:j] for s in signatures for i in range(len(s) + 1) for j in range(i, len(s) + 1)}


_KEEP_ALNUM = NOT_ALNUM.replace(b"\0", b"")
"""The bytes `bytes.translate` deletes to leave a text's ASCII letters and digits (and NULs)."""


_DRAFT_ENTRY = re.compile(rb"\t((?:[^\t\0]*/)?_drafts/[^\0]*)\0")
"""An entry of the listing in a `_drafts` folder: its path."""
_NAMED_POST = rb"[^\0]*/[0-9]{2,4}-[0-9]{1,2}-[0-9]{1,2}-([^/\0]*)\.[^./\0]+"
"""A path in the listing that names a post by its file name; its group is the slug."""
_POST_NAME = re.compile(rb"\t(" + _NAMED_POST + rb")")
"""An entry of the listing (from its tab) that names a post, and its slug."""
_SLUG_OF_NAME = re.compile(rb"\t" + _NAMED_POST + rb"\0")
"""The slug of each such entry (of the whole listing: which of them are the site's is
told by the few that are near)."""


class _IndexPosts:
    """The posts of ``git ls-files -z -s`` (`bot.git.index_listing`) under the site's
    folder ``prefix``, outside ``checked``: searched as one text, at C speed, where the
    listing is ``plain`` (ASCII names without tabs, as nearly every site's are)."""

    def __init__(
        self, raw: bytes, prefix: str, root: str, checked: set[str], drafts: bool = False
    ) -> None:
        self.raw = raw
        self.drafts = drafts
        """Drafts are listed too (`OtherPosts.drafts`)."""
        self.cut = len(prefix) + 1 if prefix else 0
        self.root = root
        self.checked = checked
        self.plain = raw.isascii() and raw.count(b"\t") == raw.count(b"\0")
        """Every entry's path is ASCII and holds no tab: each tab starts a path."""
        self._lead = b"\t" + f"{prefix}/".encode() if prefix else b"\t"

    def _pair(self, rel: str) -> tuple[str, str] | None:
        if rel in self.checked or not (in_posts(rel) or (self.drafts and _in_drafts(rel))):
            return None
        return f"{self.root}/{rel}", rel

    def drafts_listed(self) -> list[tuple[str, str]]:
        """The other drafts (when they are listed): the entries with a `_drafts` folder,
        found by one regular expression."""
        if not self.drafts:
            return []
        out = []
        for match in _DRAFT_ENTRY.finditer(self.raw):
            path = match[1].decode("utf-8", "surrogateescape")
            if self.cut and not path.startswith(self._lead[1:].decode("utf-8", "surrogateescape")):
                continue
            pair = self._pair(path[self.cut :])
            if pair is not None:
                out.append(pair)
        return out

    def posts(self) -> list[tuple[str, str]]:
        """Every other post: (its path as the walk names it, its site-relative path)."""
        out = []
        for entry in self.raw.split(b"\0")[:-1]:
            path = entry.partition(b"\t")[2].decode("utf-8", "surrogateescape")
            pair = self._pair(path[self.cut :])
            if pair is not None:
                out.append(pair)
        return out

    def among(self, rels: set[str]) -> list[tuple[str, str]]:
        """The other posts at ``rels`` (site-relative paths of files in the index)."""
        pairs = (self._pair(rel) for rel in sorted(rels))
        return [pair for pair in pairs if pair is not None]

    def near(self, signatures: set[bytes]) -> list[tuple[str, str]]:
        """The other posts whose names are post names whose slug's signature is in one of
        ``signatures`` (`signature`). One pass of a regular expression over the listing
        gives every post name's slug; their signatures are made and compared all at once;
        the entries holding a slug that is near are then found by `bytes.find` and tested
        one by one, so that no Python step is taken per post of the site."""
        slugs = _SLUG_OF_NAME.findall(self.raw)
        sigs = b"\0".join(slugs).lower().translate(None, _KEEP_ALNUM).split(b"\0")
        hits = set(sigs) & _pieces(signatures)
        if not hits:
            return []
        near = {slug for slug, sig in zip(slugs, sigs, strict=True) if sig in hits}
        raw, lead = self.raw, self._lead
        entries: set[tuple[int, int]] = set()
        for slug in near:
            needle = b"-" + slug + b"."
            at = raw.find(needle)
            while at >= 0:
                start = raw.rfind(b"\t", 0, at)
                entries.add((start, raw.find(b"\0", at)))
                at = raw.find(needle, at + 1)
        out = []
        for start, end in sorted(entries):
            entry = raw[start:end]
            match = _POST_NAME.fullmatch(entry)
            if match is None or not entry.startswith(lead) or signature(match[2]) not in hits:
                continue
            pair = self._pair(entry[len(lead) :].decode("ascii"))
            if pair is not None:
                out.append(pair)
        return out

    def with_text(self, names: set[str]) -> list[tuple[str, str]] | None:
        """The other posts whose site-relative path holds one of ``names`` (lower-case
        ASCII), ASCII case ignored, found by `bytes.find` in the listing; None where the
        listing is not ``plain``."""
        if not self.plain or not all(n.isascii() for n in names):
            return None
        raw, lead = self.raw.lower(), self._lead.lower()
        entries: set[tuple[int, int]] = set()
        for name in names:
            needle = name.encode("ascii")
            at = raw.find(needle)
            while at >= 0:
                entries.add((raw.rfind(b"\t", 0, at), raw.find(b"\0", at)))
                at = raw.find(needle, at + 1)
        out = []
        for start, end in sorted(entries):
            entry = self.raw[start:end]
            if not entry.lower().startswith(lead):
                continue
            pair = self._pair(entry[len(lead) :].decode("ascii"))
            if pair is not None and any(n in pair[1].lower() for n in names):
                out.append(pair)
        return out

    def named_like(self, ids: set[str]) -> list[tuple[str, str]] | None:
        """The other posts whose site-relative path is one of ``ids``, or one of them, a
        dot and an extension (the text after its last dot); None for an id that is empty
        or not ASCII (which the listing is not searched for)."""
        out = []
        raw = self.raw
        for ident in sorted(ids):
            if not ident or not ident.isascii():
                return None
            # each path starts after a tab: the entries starting with the id, found by
            # `bytes.find`, which skips through the listing far faster than a pattern
            needle = self._lead + ident.encode()
            at = raw.find(needle)
            while at >= 0:
                end = raw.find(b"\0", at)
                rest = raw[at + len(needle) : end]
                if not rest or (rest[:1] == b"." and b"." not in rest[1:]):
                    pair = self._pair(raw[at + 1 : end].decode("ascii")[self.cut :])
                    if pair is not None and pair not in out:  # `a` and `a.md` name `a.md`
                        out.append(pair)
                at = raw.find(needle, at + 1)
        return out


class StartedSearch:
    """A ``git grep`` of a repository folder's files for some ``words``, started at once
    (`bot.git.search.start_search`). A pull request's check starts it as soon as it knows
    the repository (`bot.pr.urls`), so that Git reads the site's files while the changed
    posts are read and checked. A check that ends early (an error, no post changed) does
    not wait for Git."""

    def __init__(self, top: Path, prefix: str, words: set[bytes], held: bool) -> None:
        from bot.git.search import start_search

        self.top, self.prefix, self.words, self.held = top, prefix, words, held
        self._answer = start_search(top, sorted(words), prefix, held)

    def serves(self, top: Path, prefix: str, words: set[bytes], held: bool) -> bool:
        """Whether this search answers for ``words`` in that folder: it searched the folder
        or one holding it, and each of the words holds one of the words searched (a file
        holding it holds that one too)."""
        if (top, held) != (self.top, self.held):
            return False
        if self.prefix and prefix != self.prefix and not prefix.startswith(self.prefix + "/"):
            return False  # a search of a folder serves the folders in it
        return all(any(mine in word for mine in self.words) for word in words)

    def result(self) -> set[str] | None:
        """The repository paths Git named (see `bot.git.files_with`); None without an answer."""
        return self._answer()


class StartedListing:
    """Git's listing of a repository folder's files (`bot.git.index_listing`), started at
    once (`bot.git.search.start_listing`), as `StartedSearch` is."""

    def __init__(self, top: Path, prefix: str) -> None:
        from bot.git.search import start_listing

        self.top, self.prefix = top, prefix
        self.result = start_listing(top, prefix)


class _SlugGuess:
    """Text that the URL of a post without `permalink` or `slug` in its front matter is
    sure to hold, from its path alone; None when there is none to count on."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.has_defaults = bool(site.jekyll.get("defaults"))
        self.plain = self._plan({}) if not self.has_defaults else None

    def _plan(self, defaults: dict[str, Any]) -> tuple[bool, str | None] | None:
        """(prints a slug, the defaults' slug), or None when the URL may not hold one."""
        from bot import ruby
        from bot.jekyll import _parse_template

        permalink = defaults.get("permalink")
        template = permalink if isinstance(permalink, str) else self.site.permalink
        parts = _parse_template(template)
        if any("%" in literal for literal, _ in parts):
            return None  # a literal % could join an escape of a placeholder's text
        keys = {key for _, key in parts if key is not None}
        slug = defaults.get("slug")
        if keys & _SLUG_KEYS:
            return True, ruby.to_s(slug) if slug else None
        if keys & _NAME_KEYS:
            return True, None
        return None

    def __call__(self, rel: str, name_slug: str) -> str | None:
        if self.has_defaults:
            from bot.post import DefaultsError, defaults_for

            try:
                plan = self._plan(defaults_for(self.site, rel))
            except (DefaultsError, TypeError, ValueError, RecursionError):
                return None
        else:
            plan = self.plain
        if plan is None:
            return None
        return plan[1] if plan[1] is not None else name_slug


def _walk_reaches(walk: Any, rel: str) -> bool:
    """Whether `bot.discover`'s walk of the site finds the file at ``rel`` (its folders are
    not skipped, it is in a posts folder, and Jekyll reads it there)."""
    from bot.discover import SKIP_DIRS, _hidden, _jekyll_reads

    parts = rel.split("/")
    inside = False
    for i, folder in enumerate(parts[:-1]):
        if inside:
            if folder.startswith("."):
                return False
            continue
        child = "/".join(parts[: i + 1])
        if folder in SKIP_DIRS or walk.excluded(child, True):
            return False
        if folder in ("_posts", "_drafts"):
            inside = True
        elif _hidden(folder) and not walk.excluded.included(child):
            return False
    name = parts[-1]
    return inside and walk.post_file(rel, name) and _jekyll_reads(walk, rel, name)


MAX_READ = 64 << 20
"""A larger file is not searched here: the parser decides about it (it refuses it)."""


_FRONT = re.compile(rb"---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*\r?$", re.S | re.M)
"""A post's front matter, as Jekyll finds it (`Document::YAML_FRONT_MATTER_REGEXP`)."""


def _front(data: bytes) -> bytes:
    """The front matter of a post's bytes: what alone can give its URL a folder of its own
    (a `%` or `\\` in the body, as any Liquid tag has, says nothing of it); the whole file
    when no front matter is found as Jekyll finds it."""
    found = _FRONT.match(data)
    return found.group() if found else data


def _read(name: str) -> bytes | None:
    """The bytes of a regular file; None for anything else (a link, a folder, a FIFO, a
    file too large or unreadable: the parser decides about it, safely)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(name, flags)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_READ:
                return None
            chunks = []
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
            return b"".join(chunks)
        finally:
            os.close(fd)
    except OSError:
        return None
