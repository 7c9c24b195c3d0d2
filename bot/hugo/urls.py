"""A Hugo page's URL: `permalinks` patterns, `slug`, `url`, language prefixes, `uglyURLs`
and the path of `baseURL`, as Hugo 0.111 builds them (`CreateTargetPaths`).

`urlize` and `sanitize` are Hugo's `URLize` and `MakePathSanitized`: letters, digits and
marks of any script stay, a run of spaces becomes one hyphen, other characters go, and
everything is lower-cased unless `disablePathToLower`; then the path is escaped as Go's
`net/url` prints it.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from bot.hugo import gotime
from bot.hugo.values import GO_SPACE

_HEX = frozenset("0123456789abcdefABCDEF")


def _allowed(char: str) -> bool:
    if char in "./\\_#+~-@":
        return True
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def go_lower(text: str) -> str:
    """Go's `strings.ToLower`: one rune for one rune (Python's `lower` may give two)."""
    if text.isascii():
        return text.lower()
    out = []
    for char in text:
        low = char.lower()
        out.append(low if len(low) == 1 else char if char != "\u0130" else "i")
    return "".join(out)


_ALL_ALLOWED = re.compile(r"[A-Za-z0-9./\\_#+~@-]*")
"""ASCII text :func:`unicode_sanitize` keeps as it is (most links)."""


_ASCII_DROPPED = re.compile(r"[^A-Za-z0-9./\\_#+~@\t\n\v\f\r -]+")
_ASCII_HYPHEN = re.compile(r"(?<=[^\t\n\v\f\r -])[\t\n\v\f\r ]+(?=[^\t\n\v\f\r -])")
_ASCII_SPACES = re.compile(r"[\t\n\v\f\r ]+")


def unicode_sanitize(text: str, remove_accents: bool = False) -> str:
    """Hugo's `UnicodeSanitize`."""
    if _ALL_ALLOWED.fullmatch(text):
        return text
    if text.isascii() and "%" not in text:
        # The same, by patterns: other characters go, a run of spaces between two kept
        # characters becomes a hyphen (none next to a hyphen), other spaces go.
        kept = _ASCII_DROPPED.sub("", text)
        return _ASCII_SPACES.sub("", _ASCII_HYPHEN.sub("-", kept))
    if remove_accents:
        decomposed = unicodedata.normalize("NFD", text)
        text = unicodedata.normalize(
            "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
        )
    target: list[str] = []
    prepend_hyphen = was_hyphen = False
    for i, char in enumerate(text):
        allowed = _allowed(char) or (
            char == "%" and i + 2 < len(text) and text[i + 1] in _HEX and text[i + 2] in _HEX
        )
        if allowed:
            was_hyphen = char == "-"
            if prepend_hyphen:
                if not was_hyphen:
                    target.append("-")
                prepend_hyphen = False
            target.append(char)
        elif target and not was_hyphen and char in GO_SPACE:
            prepend_hyphen = True
    return "".join(target)


@dataclass(frozen=True)
class PathRules:
    """The settings that shape paths: lower-casing and accents."""

    to_lower: bool = True
    remove_accents: bool = False

    def sanitize(self, text: str) -> str:
        """`MakePathSanitized`."""
        clean = unicode_sanitize(text, self.remove_accents)
        return go_lower(clean) if self.to_lower else clean

    def urlize(self, text: str) -> str:
        """`URLize`: sanitized, then escaped as `net/url` prints a path."""
        return url_escape(self.sanitize(text))


_UNRESERVED = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~$&+,/:;=@"
)
_VALID_ENCODED_EXTRA = frozenset("!$&'()*+,;=:@[]")


_ALL_UNRESERVED = re.compile(r"[A-Za-z0-9\-_.~$&+,/:;=@]*")


def _escape_path(path: str) -> str:
    if _ALL_UNRESERVED.fullmatch(path):
        return path
    out = []
    for byte in path.encode("utf-8"):
        char = chr(byte)
        out.append(char if char in _UNRESERVED else f"%{byte:02X}")
    return "".join(out)


def _valid_encoded(raw: str) -> bool:
    for i, char in enumerate(raw):
        if char in _VALID_ENCODED_EXTRA or char == "%":
            continue
        if char not in _UNRESERVED or not char.isascii():
            return False
        del i
    return True


def url_escape(uri: str) -> str:
    """`url.Parse(uri).String()` for a path (a `#` starts the fragment, `?` the query)."""
    fragment = None
    if "#" in uri:
        uri, fragment = uri.split("#", 1)
    query = None
    if "?" in uri:
        uri, query = uri.split("?", 1)
    if uri == "//":
        uri = ""  # Go reads an empty host and path, and prints neither
    path = unquote(uri) if "%" in uri else uri
    escaped = _escape_path(path)
    if uri != escaped and _valid_encoded(uri) and unquote(uri) == path:
        escaped = uri
    if path.startswith("//") or (":" in path.split("/", 1)[0] and not path.startswith("/")):
        escaped = "./" + escaped if ":" in path.split("/", 1)[0] else escaped
    out = escaped
    if query is not None:
        out += "?" + query  # Go keeps a `?` with nothing after it (ForceQuery)
    if fragment:
        out += "#" + _escape_fragment(fragment)
    return out


_CONTROL = re.compile("[\x00-\x1f\x7f]")
"""What Go's `url.Parse` refuses anywhere in a URL ("invalid control character")."""


def go_url_problem(text: str) -> str | None:
    """Why Go's `url.Parse` refuses ``text`` (a `baseURL`: Hugo then stops), or None."""
    if _CONTROL.search(text):
        return "it holds a control character"
    rest, _, fragment = text.partition("#")
    scheme = ""
    for i, char in enumerate(rest):
        if char.isascii() and char.isalpha():
            continue
        if char.isascii() and (char.isdigit() or char in "+-.") and i > 0:
            continue
        if char == ":":
            if i == 0:
                return "it has no scheme before its ':'"
            scheme, rest = rest[:i], rest[i + 1 :]
        break
    rest = rest.partition("?")[0]
    if not rest.startswith("/"):
        if scheme:
            return _bad_escape(fragment)  # an opaque URL (`mailto:x`): its text is kept
        if ":" in rest.partition("/")[0]:
            return "its first path segment holds a ':'"
    elif rest.startswith("//") and (scheme or not rest.startswith("///")):
        authority, slash, path = rest[2:].partition("/")
        rest = slash + path
        problem = _authority_problem(authority)
        if problem:
            return problem
    return _bad_escape(rest) or _bad_escape(fragment)


_HOST_CHARS = re.compile(r"[A-Za-z0-9\-_.~!$&'()*+,;=:\[\]<>\"%\x80-\U0010ffff]*")
_USERINFO_CHARS = re.compile(r"[A-Za-z0-9\-._:~!$&'()*+,;=%@]*")


def _authority_problem(authority: str) -> str | None:
    userinfo, at, host = authority.rpartition("@")
    if at and not _USERINFO_CHARS.fullmatch(userinfo):
        return "its user name holds a character a URL cannot"
    if not host.startswith("["):
        port = host.rpartition(":")[2] if ":" in host else ""
        if port and not (port.isascii() and port.isdigit()):
            return f"its port {port!r} is not a number"
    if not _HOST_CHARS.fullmatch(host):
        return "its host name holds a character a URL cannot"
    return _bad_escape(userinfo) or _bad_escape(host)


def _bad_escape(text: str) -> str | None:
    if _BAD_ESCAPE.search(text):
        return "a '%' in it starts no escape such as %20"
    return None


def front_matter_url_problem(url: str) -> str | None:
    """Why Hugo 0.111 stops on a page whose front matter gives it this `url`, or None: a
    protocol (refused), or what Go's `url.Parse` refuses in the link it makes of it (Hugo
    panics): a control character, or a `%` that starts no escape outside the query."""
    if url.startswith(("http://", "https://")):
        return "Hugo does not take URLs with a protocol; give the path from the site root"
    if _CONTROL.search(url):
        return "Hugo crashes on a control character in a URL; remove it"
    rest, _, fragment = url.partition("#")
    if _BAD_ESCAPE.search(rest.partition("?")[0]) or _BAD_ESCAPE.search(fragment):
        return "Hugo crashes on a '%' that starts no escape such as %20; write %25 for '%'"
    return None


def escaped_path(url: str) -> str:
    """The path of ``url`` as Go's `URL.EscapedPath` gives it (how Hugo prints a page's
    permalink under a `baseURL` such as `https://example.org/café/`)."""
    return url_escape(urlsplit(url).path)


def _escape_fragment(fragment: str) -> str:
    keep = _UNRESERVED | frozenset("!()*?'")
    return "".join(chr(b) if chr(b) in keep else f"%{b:02X}" for b in fragment.encode("utf-8"))


def pjoin(*parts: str) -> str:
    """Hugo's `pjoin`: `path.Join`, keeping the last part's trailing slash."""
    joined = go_join(*parts)
    if parts[-1].endswith("/") and not joined.endswith("/"):
        return joined + "/"
    return joined


def go_join(*parts: str) -> str:
    """Go's `path.Join`: empty parts dropped, the result cleaned ('' when all are empty)."""
    kept = [p for p in parts if p]
    if not kept:
        return ""
    return go_clean("/".join(kept))


def go_clean(path: str) -> str:
    """Go's `path.Clean`."""
    if not path:
        return "."
    cleaned = posixpath.normpath(path)
    if cleaned.startswith("//"):
        cleaned = "/" + cleaned.lstrip("/")
    return cleaned


ATTRIBUTE = re.compile(r":\w+(\[.+?\])?", re.ASCII)
"""An `:attribute` of a permalink pattern."""


class PermalinkError(ValueError):
    """A `permalinks` pattern Hugo refuses."""


DATE_ATTRIBUTES = ("year", "month", "monthname", "day", "weekday", "weekdayname", "yearday")
KNOWN_ATTRIBUTES = (
    *DATE_ATTRIBUTES,
    "section",
    "sections",
    "title",
    "slug",
    "slugorfilename",
    "filename",
)


@dataclass
class PageFacts:
    """What a permalink pattern may use of a page."""

    date: dt.datetime | None
    title: str
    slug: str
    filename: str
    """The file's name without language and extension; a bundle's folder name for
    `index`."""
    section: str
    sections: list[str]
    """The page's current section, as its path from the content root."""


def check_pattern(pattern: str) -> None:
    """Hugo's `validate`: no empty path part before another, known attributes only."""
    # Go's `pp[1:]` cuts a byte, not a character: a pattern that starts with `é` keeps
    # the rest of its letter as a first part
    fragments = pattern.encode("utf-8", "surrogateescape")[1:].decode("utf-8", "replace").split("/")
    bail = False
    for fragment in fragments:
        if bail:
            raise PermalinkError(f"permalink {pattern!r} is ill-formed")
        if not fragment:
            bail = True
            continue
        for match in ATTRIBUTE.finditer(fragment):
            name = match.group()[1:]
            if not _known(name):
                raise PermalinkError(f"permalink {pattern!r}: attribute :{name} is unknown")


def _known(name: str) -> bool:
    return (
        name in KNOWN_ATTRIBUTES
        or name.startswith("sections[")
        or gotime.format_time(name, _REFERENCE) != name
    )


_REFERENCE = dt.datetime(2019, 11, 9, 23, 1, 42, tzinfo=dt.timezone.utc)
"""Hugo's test of a date-format attribute: one that formats this moment differently."""


@functools.lru_cache(maxsize=256)
def _attributes(pattern: str) -> tuple[str, ...]:
    """The pattern's `:attribute`s in order, once it is checked."""
    check_pattern(pattern)
    return tuple(match.group() for match in ATTRIBUTE.finditer(pattern))


def expand(pattern: str, page: PageFacts, rules: PathRules) -> str:
    """The pattern with each `:attribute` replaced, as Hugo's `PermalinkExpander`."""
    out = pattern
    for attribute in _attributes(pattern):
        out = out.replace(attribute, _attribute(attribute[1:], page, rules), 1)
    return out


def _attribute(name: str, page: PageFacts, rules: PathRules) -> str:
    date = page.date or dt.datetime(1, 1, 1, tzinfo=dt.timezone.utc)
    year = date.year
    if isinstance(date, gotime.FarTime) and date.shown is not None:
        year, date = date.far_year, date.shown  # the same calendar, 400 years apart
    if name == "year":
        return str(year)
    if name == "month":
        return f"{date.month:02d}"
    if name == "monthname":
        return date.strftime("%B")
    if name == "day":
        return f"{date.day:02d}"
    if name == "weekday":
        return str((date.weekday() + 1) % 7)
    if name == "weekdayname":
        return ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][
            date.weekday()
        ]
    if name == "yearday":
        return str(date.timetuple().tm_yday)
    if name == "section":
        return page.section
    if name == "sections":
        return go_join(*page.sections)
    if name.startswith("sections["):
        return go_join(*_slice(name[len("sections") :], page.sections))
    if name == "title":
        return rules.urlize(page.title)
    if name == "slug":
        return rules.urlize(page.slug) if page.slug else rules.urlize(page.title)
    if name == "slugorfilename":
        return rules.urlize(page.slug) if page.slug else rules.urlize(page.filename)
    if name == "filename":
        return rules.urlize(page.filename)
    if gotime.format_time(name, _REFERENCE) != name:
        return gotime.format_time(name, date, year)
    raise PermalinkError(f"attribute :{name} is unknown")


def _slice(cut: str, items: list[str]) -> list[str]:
    """Hugo's `toSliceFunc` for `:sections[...]`."""
    cut = cut.strip().lower()
    if not cut:
        return items
    if len(cut) < 3 or cut[0] != "[" or cut[-1] != "]":
        return []
    inner = cut[1:-1]

    def index(text: str, low: bool) -> int:
        if text == "":
            return 0 if low else len(items)
        if text == "last":
            return len(items) - 1
        try:
            n = int(text)
        except ValueError:
            n = 0
        return min(max(n, 0), len(items))

    if not items:
        return []
    if ":" not in inner:
        i = index(inner, True)
        if i < 0 or i >= len(items) or not items[i]:
            return []
        return [items[i]]
    low_text, high_text = inner.split(":", 1)[0], inner.split(":")[1]
    return items[index(low_text, True) : index(high_text, False)]


@dataclass(frozen=True)
class OutputFormat:
    """An output format as Hugo 0.111 has it: what `CreateTargetPaths` needs (the file's base
    name and suffix, a folder put before the page's path (`amp`), whether `uglyURLs` is
    ignored), and what decides which of a page's formats gives its permalink (its name and
    weight, by which Hugo orders formats, and whether it is `permalinkable`)."""

    base_name: str = "index"
    suffix: str = ".html"
    path: str = ""
    no_ugly: bool = False
    name: str = "HTML"
    weight: int = 10
    permalinkable: bool = True

    @property
    def order(self) -> tuple[bool, int, str]:
        """Where Hugo sorts the format (`output.Formats.Less`): formats with a weight first,
        lightest first, then the others by name (as written: `HTML` before `amp`)."""
        return (self.weight == 0, self.weight, self.name)


def _own(name: str, base_name: str = "index", suffix: str = ".html", **kw: Any) -> OutputFormat:
    return OutputFormat(base_name, suffix, name=name, weight=0, permalinkable=False, **kw)


HTML = OutputFormat()
OUTPUT_FORMATS = {
    "html": HTML,
    "amp": OutputFormat(path="amp", name="AMP", weight=0),
    "calendar": _own("Calendar", suffix=".ics"),
    "css": _own("CSS", "styles", ".css"),
    "csv": _own("CSV", suffix=".csv"),
    "json": _own("JSON", suffix=".json"),
    "markdown": _own("MARKDOWN", suffix=".md"),
    "robots": _own("ROBOTS", "robots", ".txt"),
    "rss": _own("RSS", suffix=".xml", no_ugly=True),
    "sitemap": _own("Sitemap", "sitemap", ".xml", no_ugly=True),
    "webappmanifest": _own("WebAppManifest", "manifest", ".webmanifest"),
}
"""Hugo 0.111's own output formats (`output.DefaultFormats`), by name in lower case."""
MEDIA_SUFFIXES = {
    "text/html": ".html",
    "text/calendar": ".ics",
    "text/css": ".css",
    "text/csv": ".csv",
    "application/json": ".json",
    "text/markdown": ".md",
    "text/plain": ".txt",
    "application/rss+xml": ".xml",
    "application/xml": ".xml",
    "application/manifest+json": ".webmanifest",
}
"""The first suffix of Hugo's own media types, for formats the site defines."""


@dataclass
class Target:
    """What `CreateTargetPaths` needs of a regular page."""

    dir: str
    """The file's folder under the content folder, with a trailing slash ('' at the root)."""
    base_name: str
    url: str
    expanded: str
    ugly: bool
    prefix: str
    """The language prefix of links ('' for none)."""
    output: OutputFormat = HTML
    """The page's first output format: its permalink is that format's."""


def target_path(target: Target, rules: PathRules) -> str:
    """The page's link (before the `baseURL` path), as `CreateTargetPaths` makes it, not yet
    escaped (`url_escape` gives the link): the path Hugo writes the page's file at
    (`url: /café/` is written to `café/index.html`, `url: /caf%C3%A9/` to `caf%C3%A9/...`;
    both are linked as `/caf%C3%A9/`), the language's prefix included."""
    output = target.output
    index = output.base_name + output.suffix
    base_same_as_type = target.base_name == output.base_name
    ugly = (target.ugly and not output.no_ugly) or (target.expanded == "" and base_same_as_type)
    start = pjoin("/", output.path) if output.path else "/"
    if target.url:
        url = target.url
        force_prefix = not url.startswith("/")
        page_path = pjoin(start, url)
        link = page_path
        has_dot = "." in url
        has_slash = url.endswith("/")
        if has_slash or not has_dot:
            page_path = pjoin(page_path, index)
        if not page_path.endswith("/index.html"):
            link = page_path
        elif not has_slash:
            link += "/"
        if force_prefix and target.prefix and not url.startswith("/" + target.prefix):
            link = pjoin(target.prefix, link)
    else:
        if target.expanded:
            page_path = pjoin(start, target.expanded)
        else:
            page_path = start
            if target.dir:
                page_path = pjoin(page_path, target.dir)
            if target.base_name:
                page_path = pjoin(page_path, target.base_name)
        link = page_path
        if base_same_as_type and link.endswith(target.base_name):
            link = link[: -len(target.base_name)]
        link = link + "/"
        if ugly:
            page_path = page_path.strip("/") + output.suffix
        else:
            page_path = pjoin(page_path, index)
        if not page_path.endswith("/index.html"):
            link = page_path
        if target.prefix:
            link = pjoin(target.prefix, link)
    had_slash = link.endswith("/")
    link = link.strip("/")
    if had_slash:
        link += "/"
    if not link.startswith("/"):
        link = "/" + link
    if not target.url:
        link = rules.sanitize(link)
    return link


def output_file(url: str, *, names_file: bool = True) -> str:
    """The file Hugo writes for a page's link (below the publish folder): `/a/b/` is
    `a/b/index.html`; a link without a trailing slash is the file itself (`/a/b.html`, and
    `/v1.2/notes` of `url: /v1.2/notes`: `CreateTargetPaths` takes a `url` holding a dot
    anywhere for a file's name, and links the page at that file). A link ending in
    `index.html/` is ambiguous: `url: /a/index.html` (``names_file``, a `url` without a
    trailing slash) is written to `a/index.html`, `url: /a/index.html/` (or a slug
    `index.html`) one folder deeper, to `a/index.html/index.html`."""
    path = posixpath.normpath("/" + url.strip()).lstrip("/")
    if path in ("", "."):
        return "index.html"
    if names_file and path.rpartition("/")[2] == "index.html":
        return path
    if url.rstrip().endswith("/"):
        return path + "/index.html"
    return path


def names_publish_folder(url: str, link: str) -> bool:
    """A page's `url` (holding a dot, without a trailing slash: a file's name) that resolves
    to the site's root (`/x/..`, `/.`): Hugo opens its publish folder itself as the page's
    file, and its build fails (`open public: is a directory`)."""
    return "." in url and not url.endswith("/") and link == "/"


def resource_dir(target: Target, rules: PathRules) -> str:
    """The folder a page's bundled files are published in (`SubResourceBaseLink`), before
    the `baseURL` path, without a trailing slash ('' at the site's root): the page's link
    as a folder, `/posts/trip` for `/posts/trip/` and for the ugly `/posts/trip.html`, the
    folder of a `url` that names a file (`/x` for `url: /x/y.html`)."""
    output = target.output
    start = pjoin("/", output.path) if output.path else "/"
    if target.url:
        url = target.url
        folder = pjoin(start, url)
        if "." in url and not url.endswith("/"):
            folder = posixpath.dirname(folder)
        if not url.startswith("/") and target.prefix and not url.startswith("/" + target.prefix):
            folder = pjoin(target.prefix, folder)
        return go_join("/", folder).rstrip("/")  # a page's own `url` is not sanitized
    if target.expanded:
        folder = pjoin(start, target.expanded)
    else:
        folder = go_join(start, target.dir, target.base_name)
    if target.base_name == output.base_name and folder.endswith(target.base_name):
        folder = folder[: -len(target.base_name)]
    folder = go_join("/", target.prefix, folder)
    return rules.sanitize(folder.rstrip("/"))


def branch_resource_dir(folder: str, url: str, prefix: str, rules: PathRules) -> str:
    """The folder a branch's (a section's, the home page's at '') own files are published
    in, as `resource_dir`: its folder's path in lower case (`Blog/` is `/blog`), or the
    `url` of its `_index` file (not the home page's), below the language's ``prefix``;
    sanitized, `url` too."""
    if url and folder:
        path = pjoin("/", url)
        if "." in url and not url.endswith("/"):
            path = posixpath.dirname(path)
        if not url.startswith("/") and prefix and not url.startswith("/" + prefix):
            path = pjoin(prefix, path)
    else:
        sections = [go_lower(rules.sanitize(part)) for part in folder.split("/") if part]
        path = go_join("/", prefix, *sections)
    return rules.sanitize(go_join("/", path).rstrip("/"))


def with_base_path(link: str, base_path: str) -> str:
    """Hugo's `PrependBasePath`: the link under the path of `baseURL`."""
    if not base_path:
        return link
    joined = go_join(base_path, link)
    return joined + "/" if link.endswith("/") and not joined.endswith("/") else joined


def expanded_for(pattern: str | None, page: PageFacts, rules: PathRules) -> str:
    """The permalink pattern expanded and query-unescaped, or '' without a pattern."""
    if not pattern:
        return ""
    expanded = expand(pattern, page, rules)
    if _BAD_ESCAPE.search(expanded):
        return ""  # Go's QueryUnescape fails, and Hugo keeps its empty result
    return unquote(expanded.replace("+", " "), errors="surrogateescape")


_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
