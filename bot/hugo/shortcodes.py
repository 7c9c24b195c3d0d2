"""The shortcodes of a Hugo page that stop `hugo` 0.111, read as Hugo reads them.

Hugo lexes every content file it builds for `{{< >}}` and `{{% %}}` (`parser/pageparser`),
code blocks and HTML comments included: only `{{</* */>}}` leaves a shortcode as text. It
then pairs the tokens (`hugolib/shortcode.go`, `extractShortcode`): a name without a
template stops the build, and so does a shortcode whose template uses `.Inner` left open, or
one whose template does not given a closing tag (`{{< x />}}` included). `parse` is a
port of both; what the site gives it (its shortcodes, and whether each uses `.Inner`) comes
from `SiteShortcodes`, which says "not known" wherever pressbot cannot see every template
(a module, a theme it cannot read): then nothing is reported.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.site import Site

EMBEDDED: dict[str, bool] = {
    "1__h_simple_assets": False,
    "figure": False,
    "gist": False,
    "highlight": True,
    "instagram": False,
    "instagram_simple": False,
    "param": False,
    "ref": False,
    "relref": False,
    "twitter": False,
    "tweet": False,
    "twitter_simple": False,
    "vimeo": False,
    "vimeo_simple": False,
    "youtube": False,
}
"""Hugo 0.111's own shortcodes (`tpl/tplimpl/embedded/templates/shortcodes`, `tweet` an
alias of `twitter`), and whether each uses `.Inner` (only `highlight` does)."""

UNKNOWN = "unknown"
"""What a lookup answers when it cannot tell whether the site has the shortcode."""
Inner = bool | None
"""Whether a shortcode's template uses `.Inner` (None: pressbot cannot tell)."""
Lookup = Callable[[str], "Inner | str"]
"""A shortcode's name to its `Inner`, "missing" when the site has no template of that name,
`UNKNOWN` when pressbot cannot tell."""
MISSING = "missing"

# --- the lexer (`pagelexer.go`, `pagelexer_shortcode.go`) ----------------------------------

LEFT, RIGHT, CLOSE, NAME, INLINE, PARAM, VALUE, TEXT, ERROR, EOF = range(10)


@dataclass(frozen=True, slots=True)
class Item:
    kind: int
    start: int
    end: int
    text: str = ""
    """A parameter's value, a name, an error's message; the right delimiter's characters."""


@dataclass(frozen=True, slots=True)
class Fault:
    offset: int
    """Where the shortcode Hugo stops on starts, in the body."""
    message: str
    """Hugo's own words."""
    remedy: str = (
        "write the shortcode as Hugo's lexer reads it (quote a value that holds other "
        'characters than letters, digits and hyphens: `url="https://..."`), or as '
        "`{{</* ... */>}}` to show it as text"
    )


def _letter(ch: str) -> bool:
    return ch == "_" or ch.isalpha() or ch.isdecimal()


def _letter_or_hyphen(ch: str) -> bool:
    return ch == "-" or _letter(ch)


def _go_space(ch: str) -> bool:
    """Go's `unicode.IsSpace`."""
    return ch.isspace() and ch not in "\x1c\x1d\x1e\x1f"


class _Lexer:
    """Hugo's page lexer, after the front matter: only what concerns shortcodes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.start = 0
        self.items: list[Item] = []
        self.markup = False
        self.inline = False
        self.name = ""
        self.closing = 0
        self.step = 0
        self.params = 0
        self.open: dict[str, bool] = {}

    # helpers
    def next(self) -> str:
        if self.pos >= len(self.text):
            self.pos += 1  # one past the end: `backup` brings it back
            return ""
        self.pos += 1
        return self.text[self.pos - 1]

    def backup(self) -> None:
        self.pos -= 1

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def emit(self, kind: int, text: str = "") -> None:
        self.items.append(Item(kind, self.start, self.pos, text))
        self.start = self.pos

    def error(self, message: str) -> None:
        self.items.append(Item(ERROR, self.start, self.pos, message))

    @property
    def right(self) -> str:
        return "%}}" if self.markup else ">}}"

    def run(self) -> list[Item]:
        state: Callable[[], Any] | None = self.main
        while state is not None:
            state = state()
        return self.items

    def main(self) -> Callable[[], Any] | None:
        text = self.text
        while True:
            found = text.find("{{", self.pos)
            if found == -1:
                self.emit(EOF)
                return None
            self.pos = found
            if text.startswith(("{{<", "{{%"), found):
                break
            self.pos += 1
        if self.inline and not self._inline_close():
            self.error("inline shortcodes do not support nesting")
            return None
        self.markup = text.startswith("{{%", found)
        self.start = self.pos
        self.pos += 3
        if text.startswith("/*", self.pos):
            return self.comment
        self.emit(LEFT)
        self.step = 0
        self.params = 0
        return self.inside

    def _inline_close(self) -> bool:
        rest = self.text[self.pos + 3 :]
        stripped = rest.lstrip()
        if not stripped.startswith("/"):
            return False
        return stripped[1:].strip().startswith(self.name + " ")

    def comment(self) -> Callable[[], Any] | None:
        end = self.text.find("*/" + self.right, self.pos)
        if end == -1 or end - self.pos <= 1:
            self.error("comment must be closed")
            return None
        self.pos = end + 2 + 3
        self.start = self.pos
        return self.main

    def inside(self) -> Callable[[], Any] | None:
        if self.text.startswith(self.right, self.pos):
            return self.right_delim
        ch = self.next()
        if ch == "":
            self.error("unclosed shortcode action")
            return None
        if ch in " \t\r\n":
            self.start = self.pos
        elif ch == "=":
            while _go_space(self.peek()):
                self.pos += 1
            self.start = self.pos
            peek = self.peek()
            if peek in ('"', "\\"):
                return self.quoted(peek != "\\", VALUE)
            if peek == "`":
                return self.raw(VALUE)
            while self.peek() and not _go_space(self.peek()):
                self.pos += 1
            self.emit(VALUE, self.text[self.start : self.pos])
        elif ch == "/":
            if not self.name:
                self.error("got closing shortcode, but none is open")
                return None
            self.closing += 1
            self.inline = False
            self.emit(CLOSE)
        elif ch == "\\":
            self.start = self.pos
            if self.peek() in ('"', "`") and self.peek():
                return self.param(escaped=True)
        elif self.step > 0 and (_letter_or_hyphen(ch) or ch in '"`'):
            self.backup()
            return self.param(escaped=False)
        elif _letter(ch):
            self.backup()
            return self.identifier
        else:
            self.error(
                f"unrecognized character in shortcode action: U+{ord(ch):04X} {ch!r}. Note: "
                "Parameters with non-alphanumeric args must be quoted"
            )
            return None
        return self.inside

    def right_delim(self) -> Callable[[], Any] | None:
        self.closing = 0
        self.pos += 3
        self.emit(RIGHT, self.right)
        return self.main

    def identifier(self) -> Callable[[], Any] | None:
        while True:
            ch = self.next()
            if _letter_or_hyphen(ch) or ch == "/":
                continue
            if ch == ".":
                self.inline = self.text.startswith("inline ", self.pos)
                if not self.inline:
                    self.error("period in shortcode name only allowed for inline identifiers")
                    return None
                continue
            self.backup()
            word = self.text[self.start : self.pos]
            look_for_end = False
            if self.closing > 0 and not self.open.get(word):
                self.error(f"closing tag for shortcode '{word}' does not match start tag")
                return None
            if self.closing > 0:
                look_for_end = True
            self.closing = 0
            self.name = word
            self.open[word] = True
            self.step += 1
            self.emit(INLINE if self.inline else NAME, word)
            return self.end_of_shortcode if look_for_end else self.inside

    def end_of_shortcode(self) -> Callable[[], Any] | None:
        self.inline = False
        while not self.text.startswith(self.right, self.pos):
            ch = self.next()
            if ch not in (" ", "\t"):
                self.error("unclosed shortcode")
                return None
            self.start = self.pos
        return self.right_delim

    def param(self, escaped: bool) -> Callable[[], Any] | None:
        first = True
        named = False
        while True:
            ch = self.next()
            if first:
                if ch == '"' or (ch == "`" and not escaped):
                    if self.params == 2:
                        self.error(
                            "got quoted positional parameter. Cannot mix named and "
                            "positional parameters"
                        )
                        return None
                    self.params = 1
                    self.backup()
                    return self.quoted(not escaped, PARAM) if ch == '"' else self.raw(PARAM)
                if ch == "`":
                    self.error("unrecognized escape character")
                    return None
                first = False
            elif ch == "=":
                self.backup()
                named = True
                break
            if not (_letter_or_hyphen(ch) or ch == "."):
                self.backup()
                break
        word = self.text[self.start : self.pos]
        if self.params == 0:
            self.params = 2 if named else 1
        elif named and self.params == 1:
            self.error(f"got named parameter '{word}'. Cannot mix named and positional parameters")
            return None
        elif not named and self.params == 2:
            self.error(
                f"got positional parameter '{word}'. Cannot mix named and positional parameters"
            )
            return None
        self.emit(PARAM, word)
        return self.inside

    def raw(self, kind: int) -> Callable[[], Any] | None:
        opened = False
        while True:
            ch = self.next()
            if ch == "`":
                if opened:
                    self.backup()
                    break
                opened = True
                self.start = self.pos
            elif ch == "":
                self.error("unterminated raw string in shortcode parameter-argument")
                return None
        self.emit(kind, self.text[self.start : self.pos])
        self.pos += 1
        self.start = self.pos
        return self.inside

    def quoted(self, escapes_allowed: bool, kind: int) -> Callable[[], Any] | None:
        opened = False
        escaped_inner = False
        state = 0
        while True:
            ch = self.next()
            if ch == "\\":
                if self.peek() == '"':
                    if opened and not escapes_allowed:
                        self.backup()
                        break
                    if opened:
                        escaped_inner = True
                        state = 1
                elif self.peek() == "`":
                    self.error("unrecognized escape character")
                    return None
            elif ch in ("", "\n"):
                self.error("unterminated quoted string in shortcode parameter-argument")
                return None
            elif ch == '"':
                if state == 0:
                    if opened:
                        self.backup()
                        break
                    opened = True
                    self.start = self.pos
                else:
                    state = 0
        value = self.text[self.start : self.pos]
        self.emit(kind, value.replace("\\", "") if escaped_inner else value)
        ch = self.next()
        if ch == "\\":
            if self.peek() == '"':
                self.pos += 1
        elif ch != '"':
            self.pos -= 1
        self.start = self.pos
        return self.inside


# --- pairing the tokens (`extractShortcode`) ------------------------------------------------


@dataclass
class Shortcode:
    name: str = ""
    start: int = 0
    params: list[tuple[str | None, str]] = field(default_factory=list)
    """(name or None for a positional one, value) of each parameter."""
    inline: bool = False
    inner: Inner = False
    top: bool = True
    """Not nested in another shortcode."""


_DEPTH = 200
"""Shortcodes nested deeper than this are not judged."""


class _Stop(Exception):
    """Hugo's build stops here, or pressbot cannot tell what follows."""

    def __init__(self, message: str | None, remedy: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.remedy = remedy


class _Parser:
    def __init__(self, items: list[Item], lookup: Lookup) -> None:
        self.items = items
        self.i = 0
        self.lookup = lookup
        self.found: list[Shortcode] = []

    def take(self) -> Item:
        """The next item; the last (the end, or the lexer's error) is never passed."""
        item = self.items[self.i]
        if item.kind not in (ERROR, EOF):
            self.i += 1
        return item

    def peek(self) -> Item:
        return self.items[self.i]

    def extract(self, level: int) -> Shortcode:
        sc = Shortcode(top=level == 0)
        count = 0
        closed = False
        while True:
            item = self.take()
            if item.kind == LEFT:
                nxt = self.peek()
                if nxt.kind == RIGHT:
                    raise _Stop("shortcode has no name", "name the shortcode, or remove it")
                if nxt.kind == CLOSE:
                    continue
                if count > 0:
                    if level >= _DEPTH:
                        raise _Stop(None)  # (Python's stack is shorter than Go's)
                    self.i -= 1
                    self.extract(level + 1)
                else:
                    sc.start = item.start
                count += 1
            elif item.kind == RIGHT:
                if not sc.inline and sc.inner is False:
                    return sc
                if not sc.inline and sc.inner is None:
                    raise _Stop(None)  # pressbot cannot tell where this shortcode ends
            elif item.kind == CLOSE:
                closed = True
                nxt = self.peek()
                if not sc.inline and sc.inner is None:
                    raise _Stop(None)
                if not sc.inline and sc.inner is False:
                    if nxt.kind == ERROR:
                        continue
                    what = nxt.text
                    raise _Stop(
                        f'failed to extract shortcode: shortcode "{what}" does not evaluate '
                        ".Inner or .InnerDeindent, yet a closing tag was provided",
                        "remove the closing tag (or the `/` before `>}}`): the shortcode's "
                        "template takes no content",
                    )
                for _ in range(1 if nxt.kind == RIGHT else 2):
                    self.take()
                return sc
            elif item.kind == NAME:
                sc.name = item.text
                known = self.lookup(sc.name)
                if known == MISSING:
                    raise _Stop(
                        f'failed to extract shortcode: template for shortcode "{sc.name}" '
                        "not found",
                        f"create `layouts/shortcodes/{sc.name}.html`, fix the name, or write "
                        f"`{{{{</* {sc.name} */>}}}}` to show the shortcode as text (Hugo "
                        "runs shortcodes in code blocks too)",
                    )
                if known == UNKNOWN:
                    raise _Stop(None)
                sc.inner = known if isinstance(known, bool) else None
                self.found.append(sc)
            elif item.kind == INLINE:
                sc.name = item.text
                sc.inline = True
            elif item.kind == PARAM:
                if self.peek().kind in (ERROR, EOF):
                    continue
                if self.peek().kind == VALUE:
                    sc.params.append((item.text, self.take().text))
                else:
                    sc.params.append((None, item.text))
            elif item.kind in (ERROR, EOF):
                if item.kind == EOF and not closed and sc.inner is not False and not sc.inline:
                    if sc.inner is None:
                        raise _Stop(None)
                    raise _Stop(
                        f'failed to extract shortcode: shortcode "{sc.name}" must be closed '
                        "or self-closed",
                        f"close it after its content with `{{{{< /{sc.name} >}}}}`, or "
                        "self-close it (`/>}}` for `>}}`)",
                    )
                return sc  # (`take` left the item for the caller)


def parse(body: str, lookup: Lookup) -> tuple[Fault | None, list[Shortcode]]:
    """The first shortcode of the body that stops Hugo (None: none, or none pressbot can
    tell), and the shortcodes read before it."""
    if "{{<" not in body and "{{%" not in body:
        return None, []
    items = _Lexer(body).run()
    parser = _Parser(items, lookup)
    last_left = 0
    while True:
        item = parser.take()
        if item.kind == EOF:
            return None, parser.found
        if item.kind == ERROR:
            return Fault(last_left, item.text), parser.found
        if item.kind != LEFT:
            continue
        last_left = item.start
        parser.i -= 1
        try:
            parser.extract(0)
        except _Stop as stop:
            if stop.message is None:
                return None, parser.found
            if stop.remedy:
                return Fault(item.start, stop.message, stop.remedy), parser.found
            return Fault(item.start, stop.message), parser.found


# --- what the site gives its pages ----------------------------------------------------------

_COMMENT = re.compile(r"{{-?\s*/\*.*?\*/\s*-?}}", re.DOTALL)
_ACTION = re.compile(r"{{(.*?)}}", re.DOTALL)
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`')
_INNER = re.compile(r"(?:\.|\$\.?)(?:[\w]+\.)*Inner(?:Deindent)?\b")


def template_inner(text: str) -> Inner:
    """Whether a shortcode template uses `.Inner` or `.InnerDeindent` (Hugo reads its parse
    tree: a field or variable whose path holds the name); None where a text search cannot
    tell (the name in a string, or the template holds `{{ define }}`)."""
    if "Inner" not in text:
        return False
    bare = _COMMENT.sub("", text)
    if "Inner" not in bare:
        return False
    uses = False
    for action in _ACTION.finditer(bare):
        code = action.group(1)
        if "Inner" not in code:
            continue
        outside = _STRING.sub('""', code)
        if _INNER.search(outside):
            uses = True
        else:
            return None  # a definition, or the name in a string: a text search cannot tell
    return True if uses else None


class SiteShortcodes:
    """The shortcodes of one site: Hugo's own, and those of its `layouts/shortcodes` and its
    themes'; `known` is False where pressbot cannot see every template Hugo has (modules,
    mounts, a theme it cannot find)."""

    def __init__(self, site: Site) -> None:
        self.root = os.path.realpath(site.root)
        self.known = True
        self.templates: dict[str, list[Inner]] = {}
        config = site.hugo.config
        if _has_modules(config.raw) or any(_has_modules(t.settings) for t in config.themes):
            self.known = False
            return
        from bot.hugo.values import to_strings_keep_string

        named = to_strings_keep_string(config.get("theme"))
        if len([t for t in config.themes if t.name in named]) < len(set(named)):
            self.known = False  # a theme that is not in the site: Hugo stops on it anyway
        layouts = str(config.get("layoutdir", "") or "layouts")
        folders = [site.root / layouts / "shortcodes"]
        folders += [site.root / t.folder / "layouts" / "shortcodes" for t in config.themes]
        for folder in folders:
            self._read(folder)

    def _read(self, folder: Path) -> None:
        if not folder.is_dir():
            return
        for top, dirs, files in os.walk(folder, onerror=self._unreadable):
            dirs.sort()
            for name in files:
                path = Path(top, name)
                real = os.path.realpath(path)
                if not real.startswith(f"{self.root}{os.sep}"):
                    self.known = False  # a link out of the site: not read
                    continue
                rel = path.relative_to(folder).as_posix()
                base = rel.rsplit("/", 1)
                stem = base[-1].split(".", 1)[0]
                shortcode = f"{base[0]}/{stem}" if len(base) == 2 else stem
                try:
                    text = path.read_bytes().decode("utf-8", "replace")
                except OSError:
                    self.known = False
                    continue
                self.templates.setdefault(shortcode.lower(), []).append(template_inner(text))

    def _unreadable(self, error: OSError) -> None:
        self.known = False

    def lookup(self, name: str) -> Inner | str:
        """(Names are compared in any case: where Hugo would not, a miss, not a false
        error.)"""
        own = self.templates.get(name.lower())
        if own is None:
            if name in EMBEDDED:
                return EMBEDDED[name]
            return MISSING if self.known else UNKNOWN
        if name in EMBEDDED:
            own = [*own, EMBEDDED[name]]  # which one is first: not told here
        if all(inner is True for inner in own):
            return True
        if all(inner is False for inner in own):
            return False
        return None


def _has_modules(settings: dict[str, Any]) -> bool:
    module = settings.get("module")
    if not isinstance(module, dict):
        return False
    return any(str(k).lower() in ("imports", "mounts") and v for k, v in module.items())


def site_shortcodes(site: Site) -> SiteShortcodes:
    known: SiteShortcodes | None = site.memo.get("hugo_shortcodes")
    if known is None:
        known = site.memo["hugo_shortcodes"] = SiteShortcodes(site)
    return known


# --- `{{< ref >}}` and `{{< relref >}}` (`hugolib/page__ref.go`, `pagecollections.go`) -------


def ref_path(sc: Shortcode) -> str | None:
    """The page a `ref` or `relref` shortcode names, where it names only that (one
    positional parameter, or `path` alone): `url.Parse`'s path, the `#anchor` left out;
    None for what pressbot does not judge (a language, an output format, a full URL)."""
    if len(sc.params) != 1:
        return None
    key, value = sc.params[0]
    if key is not None and key.lower() != "path":
        return None
    if "://" in value or value.startswith("//") or "\\" in value or "%" in value:
        return None
    path = value.partition("#")[0].partition("?")[0].strip()
    return path or None


class RefTargets:
    """What a ref can name on the site, read generously: every content file (drafts too),
    by its path without extension, language or `index`, every folder of the content
    folders, and every page's name (Hugo finds `a.md` wherever the page `a` is). None is
    missing that Hugo finds; `missing` may say a page is there that Hugo does not build."""

    def __init__(self, site: Site) -> None:
        from bot.hugo.content import content_files

        config = site.hugo.config
        self.names: set[str] = {"/"}
        self.bases: set[str] = set()
        self.taxonomies = set(config.taxonomies.values())
        self.langs = {lang.lang for lang in config.languages} | config.disabled_languages
        for item in content_files(site.root, config):
            folder, _, name = item.rel.lower().rpartition("/")
            base = _no_ext(name, self.langs)
            parts = [part for part in folder.split("/") if part]
            for i in range(len(parts) + 1):
                self.names.add("/" + "/".join(parts[:i]))
            if base in ("index", "_index"):
                self.bases.add(parts[-1] if parts else "")
            else:
                self.names.add("/" + "/".join([*parts, base]))
                self.bases.add(base)

    def missing(self, ref: str, page_rel: str) -> bool:
        """Whether Hugo surely finds no page for ``ref`` from the page at ``page_rel`` (its
        path under its content folder)."""
        ref = ref.lower()
        name = _ref_name(ref, self.langs)
        if name is None:
            return False
        folder = "/" + page_rel.lower().rpartition("/")[0]
        tried = {name, _ref_name(posixpath_join("/", ref), self.langs)}
        if not ref.startswith("/"):
            for base in (folder, folder.rpartition("/")[0] or "/"):
                tried.add(_ref_name(posixpath_join(base, ref), self.langs))
        for candidate in tried:
            if candidate is None or candidate in self.names:
                return False
            first = candidate.strip("/").partition("/")[0]
            if first in self.taxonomies:
                return False  # a taxonomy or a term: its pages have no file
        return name.rpartition("/")[2] not in self.bases


def posixpath_join(base: str, ref: str) -> str:
    import posixpath

    return posixpath.normpath(posixpath.join(base, ref))


def _no_ext(name: str, langs: set[str]) -> str:
    stem = name.rpartition(".")[0] if "." in name.lstrip(".") else name
    base, dot, lang = stem.rpartition(".")
    return base if dot and base and lang in langs else stem


def _ref_name(ref: str, langs: set[str]) -> str | None:
    """The page name Hugo looks up: without the extension, a language code, `index`."""
    ref = ref.strip()
    if not ref or ".." in ref.split("/"):
        return None
    folder, _, name = ref.rstrip("/").rpartition("/")
    base = _no_ext(name, langs) if not ref.endswith("/") else name
    if base in ("index", "_index"):
        base = ""
    joined = f"{folder}/{base}".rstrip("/") if base else folder
    if not joined.startswith("/"):
        joined = "/" + joined
    return joined
