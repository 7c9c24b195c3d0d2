"""The pages of a Hugo site that may write one of the checked pages' files, found without
decoding the others' front matter.

A partial run (a pre-commit hook, `--changed-since`, a pull request) checks a few pages of a
site that may hold 20,000, and must report every duplicate URL a whole-site run reports for
them. Describing every page as Hugo reads it takes seconds; this finds the few that need it
by reading a little of each file.

**Why a page can be passed over.** Each part of a page's URL (between two `/`) is written
by one thing: its `url` or an alias (front matter or a branch's `cascade`), a permalink
pattern's text (the configuration), one `:attribute` of the pattern (`:slug` and `:title`
from the front matter or a cascade, `:filename` and `:section` from the file's path, a date),
a folder of the file's path, the file's name or its `slug`, a language's prefix or an
output format's folder (the configuration, or a format the front matter names). Hugo makes
the part from that text by dropping characters, turning spaces into hyphens, lower-casing,
and %-escaping, so the part's ASCII letters and digits, lower-cased (its *key*, see
`bot.other_posts.url_signature`), are a run of those of the text it comes from. So a page can
write the file of a checked page only if that file's last part's key is a run of the letters
and digits of the page's path, of its front matter's text, or of the site's shared sources
(the configuration, the branches' cascades), which are searched once. The exceptions make the
search give up (every page is described, as before):

- a pattern with a part of two attributes, or of an attribute and letters (`:year-:slug`,
  `post-:slug`): the part comes from two places; or an attribute in one of Go's date
  layouts (`:Jan`), which prints words no file holds;
- a key that is empty or that Hugo may have printed from a value that is not text (a
  number, a date, a time, `true`), or only digits and month or weekday names where a
  pattern prints dates;
- front matter that may spell text in other characters (a backslash escape, a base64
  `!!binary`, a %-escaped YAML tag): the page is described, whatever its key.

Text that is not ASCII is also searched as Hugo may shape it (Go's lower-casing, which makes
`K` (Kelvin) a `k`; `removePathAccents`, which makes `é` an `e`).
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.hugo import frontmatter, urls
from bot.other_posts import NOT_ALNUM, SPELLED, signature, url_signature

if TYPE_CHECKING:
    from bot.hugo.config import HugoConfig
    from bot.hugo.content import Page
    from bot.hugo.describe import HugoSite

_NOT_TEXT = frozenset({b"", b"true", b"false", b"inf", b"nan"})
"""Keys of values that are not text, as Hugo prints them (and of nothing at all)."""
_PRINTED = re.compile(rb"[0-9]+(?:t[0-9]+)?|[0-9]{14,}[a-z]{1,6}")
"""Keys of numbers, dates and times as Hugo prints them (`bot.hugo.values.to_string`:
`1.5`, `2024-01-02T10:00:00`, `2024-01-02 10:00:00 +0000 UTC`)."""
_DATE_WORDS = re.compile(
    rb"january|february|march|april|may|june|july|august|september|october|november|december"
    rb"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|[0-9]"
)
"""What `:monthname`, `:weekdayname` and the numeric date attributes print."""
_SITE_ONLY = frozenset({"params", "menu", "menus", "title", "copyright", "languagename"})
"""Settings of the configuration (and of a language) that never reach a page's URL."""
MAX_KEYS = 64
"""Checked files beyond which each page's texts are not searched for every key (describing
every page then costs less)."""
HEAD = 8192
"""Bytes first read of each page: its front matter, in nearly every page."""
_START = re.compile(rb"[ \t\r\n]*(?:\xef\xbb\xbf[ \t\r\n]*)?(---|\+\+\+)")
"""A file that opens with YAML or TOML front matter (as `bot.hugo.frontmatter.split` reads
one, after white space and a byte-order mark)."""
_CLOSE = {d.encode(): re.compile(p.pattern.encode()) for d, p in frontmatter.CLOSING.items()}
"""The line that closes the front matter, as `bot.hugo.frontmatter` finds it (in bytes)."""


def signatures(text: bytes) -> tuple[bytes, ...]:
    """The keys ``text`` may give a URL: its ASCII letters and digits, lower-cased; for text
    that is not ASCII, also as Go lower-cases it (`K`, the Kelvin sign, is a `k`; Python's
    lower-casing differs from Go's only in giving `İ` a combining dot, which goes) and as
    `removePathAccents` then strips it (`é` is an `e`)."""
    plain = signature(text)
    if text.isascii():
        return (plain,)
    lowered = text.decode("utf-8", "replace").lower()
    stripped = unicodedata.normalize("NFD", lowered)
    out = [plain]
    for form in (lowered, stripped):
        out.append(form.encode("ascii", "ignore").translate(None, NOT_ALNUM))
    return tuple(dict.fromkeys(out))


def keys(file: str) -> set[bytes]:
    """The keys of a written file's last part (its folder for `index.html` or another
    `index` file of an output format, else its name without extension): as written, and
    with its %-escapes undone (Hugo escapes the characters of a title it keeps; a `url`
    keeps the escapes it is written with)."""
    parts = [part for part in file.split("/") if part]
    if parts and parts[-1].startswith("index."):
        parts.pop()
    if not parts:
        return {b""}
    last = parts[-1]
    stem = last.rpartition(".")[0] if "." in last else last
    return {signature(stem.encode("utf-8", "surrogateescape")), url_signature(stem)}


def _uncertain(found: bytes, dated: bool) -> bool:
    """Whether Hugo may have printed the key from something no file holds as it is."""
    if found in _NOT_TEXT or _PRINTED.fullmatch(found):
        return True
    return dated and not _DATE_WORDS.sub(b"", found)


def _patterns_allow(config: HugoConfig) -> tuple[bool, bool]:
    """(whether every permalink pattern's part comes from one place, whether one prints a
    date)."""
    dated = False
    for _section, pattern in config.every_permalink():
        for part in pattern.split("/"):
            found = [m.group() for m in urls.ATTRIBUTE.finditer(part)]
            if len(found) > 1:
                return False, dated
            if not found:
                continue
            name = found[0][1:]
            rest = part.replace(found[0], "", 1)
            if re.search(r"[A-Za-z0-9]", rest):
                return False, dated
            if name in urls.DATE_ATTRIBUTES:
                dated = True
            elif name not in urls.KNOWN_ATTRIBUTES and not name.startswith("sections["):
                return False, dated  # a Go date layout (`:Jan`, `:Monday`, `:MST`)
    return True, dated


def _shared(hugo: HugoSite, branches: Iterable[Path]) -> list[bytes] | None:
    """The signatures of what every page shares: the values of the configuration (but for
    settings that never reach a URL) and the languages' names, and each branch's `cascade`,
    as decoded; None when one holds a `%` (then every page is described)."""
    config = hugo.config.raw
    values = [v for k, v in config.items() if k not in _SITE_ONLY and k != "languages"]
    languages = config.get("languages")
    if isinstance(languages, dict):
        values.append(list(languages))
        for language in languages.values():
            if isinstance(language, dict):
                values += [v for k, v in language.items() if k not in _SITE_ONLY]
            else:
                values.append(language)
    texts = list(_texts(values))
    for path in branches:
        found = hugo.front_matter(path)
        data = getattr(found, "data", None)
        if isinstance(data, dict) and "cascade" in data:
            texts += _texts(data["cascade"])
    if any("%" in text for text in texts):
        return None  # a `url` with %-escapes: its file may hold none of its text's letters
    return [sig for text in texts for sig in signatures(text.encode("utf-8", "replace"))]


def _texts(value: Any) -> list[str]:
    """The text of every value (not key) in ``value``, as Python prints it."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return [str(value)]


def _head(name: str) -> bytes | None:
    """The file's front matter as written (YAML or TOML, up to its closing line), or its
    whole text for other front matter; None for a file that is not a regular file, cannot
    be read, or spells text in other characters (it is then described)."""
    try:
        handle = os.open(name, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            return None
        text = os.read(handle, HEAD)
        opened = _START.match(text)
        closed = opened and _CLOSE[opened[1]].search(text, opened.end())
        if not closed:
            from bot.post import MAX_POST_BYTES

            while len(text) < info.st_size and len(text) <= MAX_POST_BYTES:
                more = os.read(handle, 1 << 20)
                if not more:
                    break
                text += more
            closed = opened and _CLOSE[opened[1]].search(text, opened.end())
    except OSError:
        return None
    finally:
        os.close(handle)
    if closed:
        text = text[: closed.start()]
    if any(word in text for word in SPELLED):
        return None
    return text


def may_collide(
    hugo: HugoSite,
    files: Iterable[str],
    pages: dict[str, Page],
    branches: Iterable[Path],
) -> set[str] | None:
    """The paths (keys of ``pages``) of the pages that may write one of ``files`` (the
    checked pages' own and their aliases', below the publish folder), or None when the
    search gives up and every page must be described."""
    wanted = {found for file in files for found in keys(file)}
    if not wanted:
        return set()
    if len(wanted) > MAX_KEYS:
        return None
    allowed, dated = _patterns_allow(hugo.config)
    if not allowed or any(_uncertain(found, dated) for found in wanted):
        return None
    shared = _shared(hugo, branches)
    if shared is None or any(found in sig for found in wanted for sig in shared):
        return None
    root = len(str(hugo.root)) + 1
    out: set[str] = set()
    for name in pages:
        head = _head(name)
        if head is None:
            out.add(name)
            continue
        texts = signatures(name[root:].encode("utf-8", "surrogateescape"))
        texts += signatures(head)
        if any(found in sig for found in wanted for sig in texts):
            out.add(name)
    return out
