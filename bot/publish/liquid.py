"""Jekyll Liquid in a post's body, converted for targets that must not receive it raw.

Jekyll runs Liquid over a post's body before Markdown. A target that takes Markdown (Forem)
gets the body as Jekyll's Liquid pass would leave it, converted where Jekyll would emit
HTML of its own, and blocked (`LiquidError`, with the reason and the body line) where the
result cannot be known here:

- `{% raw %}...{% endraw %}`: its content, verbatim;
- `{% comment %}...{% endcomment %}`, `{% # note %}`: nothing;
- `{% highlight py %}...{% endhighlight %}`: a fenced code block (`linenos` and other
  options dropped);
- `{% post_url 2020-01-01-x %}`, `{% link path %}`: the absolute URL of that post or file
  (the site's `url` + `baseurl` + Jekyll's URL); blocked when Jekyll would find none;
- `{{ site.X }}`, `{{ page.X }}`, `{{ "text" }}`: the text value (nothing when unset);
  blocked for a list, a mapping, a date, and what Jekyll fills in itself (`site.time`,
  `site.posts`, `page.excerpt`, `page.slug`, ...);
- the filters `relative_url` and `absolute_url`: the absolute URL (a site path in the
  article would point at the target's own host);
- any other tag or filter, and Liquid that does not parse: blocked.

A post with `render_with_liquid: false` is taken as written. Forem itself runs Liquid over
the article (`protect_for_forem`): every `{{` or `{%` left in the text outside what Forem
treats as code is wrapped in `{% raw %}` so that it shows as written, never runs; what
Forem's parser refuses outside code (`src="data:...`) blocks the post.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Protocol

from bot.liquid_syntax import TOKEN

if TYPE_CHECKING:
    from bot.publish.targets.base import PostPayload

_END = {
    # Jekyll's Liquid ends `raw` at `{% endraw %}` or `{% endraw -%}`, never `{%- endraw`
    "raw": re.compile(r"\{%\s*endraw(?!\w)[^%]*?(-?)%\}"),
    "comment": re.compile(r"\{%(-?)\s*(end)?comment\b[^%]*?(-?)%\}"),
}
_LANG = re.compile(r"[a-zA-Z0-9.+#_-]+")
_STRING = re.compile(r"""'([^']*)'|"([^"]*)"\Z""")
_VARIABLE = re.compile(r"(site|page)\.([A-Za-z_][A-Za-z0-9_-]*)\Z")
_URL_FILTERS = ("relative_url", "absolute_url")
_JEKYLL_SETS = {
    "site": frozenset(
        [
            "time",
            "pages",
            "posts",
            "related_posts",
            "static_files",
            "html_pages",
            "html_files",
            "collections",
            "data",
            "documents",
            "categories",
            "tags",
        ]
    ),
    "page": frozenset(
        [
            "content",
            "excerpt",
            "date",
            "id",
            "categories",
            "collection",
            "tags",
            "dir",
            "name",
            "path",
            "next",
            "previous",
            "slug",
            "ext",
            "output",
            "relative_path",
        ]
    ),
}
"""Variables Jekyll fills in itself (a missing one is not simply empty)."""
_ALWAYS_JEKYLLS = frozenset(("time", "content", "excerpt", "date", "next", "previous", "output"))
_DATE = re.compile(r"(\d{1,8}-\d{1,4}-\d{1,4})-")
MAX_ARGUMENT = 1000


class LiquidError(ValueError):
    """Liquid that cannot be converted: the message names it, its body line and the fix."""


class Links(Protocol):
    """Jekyll's URLs of the site's posts and files (site-relative, as Jekyll builds them)."""

    def post_url(self, name: str) -> str | None: ...

    def link(self, path: str) -> str | None: ...


@dataclass
class Context:
    """What the body's Liquid may read."""

    base: str = ""  # the site's `url` + `baseurl`, without a trailing `/` ("" when unknown)
    site: dict[str, Any] = field(default_factory=dict)  # `_config.yml`
    page: dict[str, Any] = field(default_factory=dict)  # front matter, with `url`
    links: Links | None = None


def render(text: str, ctx: Context) -> str:
    """The body as Jekyll's Liquid pass leaves it, converted as the module says."""
    out, _ = _Renderer(text, ctx).run(0, None)
    return out


@dataclass
class _Renderer:
    text: str
    ctx: Context
    out: list[str] = field(default_factory=list)
    strip_next: bool = False
    in_code: bool = False

    def line(self, pos: int) -> int:
        return self.text.count("\n", 0, pos) + 1

    def fail(self, pos: int, what: str) -> LiquidError:
        return LiquidError(f"{what} (body line {self.line(pos)})")

    def emit_text(self, piece: str) -> None:
        """Text between tags; a `-%}` or `-}}` just before strips its leading whitespace."""
        if self.strip_next:
            piece, self.strip_next = piece.lstrip(), False
        self.out.append(piece)

    def rstrip_out(self) -> None:
        while self.out:
            self.out[-1] = self.out[-1].rstrip()
            if self.out[-1]:
                return
            self.out.pop()

    def run(self, pos: int, until: str | None) -> tuple[str, int]:
        """Render from ``pos`` up to the end, or up to the tag ``until`` (consumed)."""
        start = len(self.out)
        while True:
            m = TOKEN.search(self.text, pos)
            if m is None:
                if until is not None:
                    raise self.fail(len(self.text), f"{{% {until[3:]} %}} is never closed")
                self.emit_text(self.text[pos:])
                break
            self.emit_text(self.text[pos : m.start()])
            pos = m.end()
            token = m.group(0)
            if token.startswith("{{"):
                self.output(token, m.start())
                continue
            if not token.endswith("%}") or len(token) < 4:
                raise self.fail(m.start(), f"{token[:40]!r} is not closed")
            left, markup, right = _markup(token, "%}")
            if left:
                self.rstrip_out()
            name, args = ([*markup.split(None, 1), "", ""])[:2]  # Liquid splits at any space
            if until is not None and name == until:
                self.strip_next = right
                body = "".join(self.out[start:])
                del self.out[start:]
                return body, pos
            self.strip_next = right
            pos = self.tag(name, args.strip(), m.start(), pos)
        body = "".join(self.out[start:])
        del self.out[start:]
        return body, pos

    def tag(self, name: str, args: str, at: int, pos: int) -> int:
        """Handle the tag ``name`` that ends at ``pos``; the position after all it takes."""
        if name.startswith("#"):
            return pos
        if name == "raw":
            end = _END["raw"].search(self.text, pos)
            if end is None:
                raise self.fail(at, "{% raw %} is never closed")
            # Jekyll's Liquid keeps the body whole: `{% raw -%}` does not strip into it
            self.out.append(self.text[pos : end.start()])
            self.strip_next = bool(end.group(1))
            return end.end()
        if name == "comment":
            return self.skip_comment(at, pos)
        if name == "highlight":
            return self.highlight(args, at, pos)
        if name in ("post_url", "link"):
            self.out.append(self.url_tag(name, args, at))
            return pos
        if name.startswith("end"):
            raise self.fail(at, f"{{% {name} %}} closes nothing")
        raise self.fail(
            at,
            f"the Liquid tag {{% {name} %}} cannot be converted: write out what it makes, "
            "or keep it from Jekyll with {% raw %}",
        )

    def skip_comment(self, at: int, pos: int) -> int:
        depth = 1
        for m in _END["comment"].finditer(self.text, pos):
            depth += -1 if m.group(2) else 1
            if depth == 0:
                if m.group(1):
                    self.rstrip_out()
                self.strip_next = bool(m.group(3))
                return m.end()
        raise self.fail(at, "{% comment %} is never closed")

    def highlight(self, args: str, at: int, pos: int) -> int:
        lang, _, _options = args.partition(" ")
        if not _LANG.fullmatch(lang):
            raise self.fail(at, f"{{% highlight {args[:40]} %}}: no language Jekyll knows")
        if self.in_code:
            raise self.fail(at, "{% highlight %} inside {% highlight %} cannot be converted")
        inner = _Renderer(self.text, self.ctx, strip_next=self.strip_next, in_code=True)
        code, pos = inner.run(pos, "endhighlight")
        self.strip_next = inner.strip_next
        code = re.sub(r"\A[\r\n]+|[\r\n]+\Z", "", code)
        fence = _fence(code)
        before = next((piece for piece in reversed(self.out) if piece), "\n")
        lead = "" if before.endswith("\n") else "\n"
        self.out.append(f"{lead}{fence}{lang}\n{code}\n{fence}")
        follow = self.text[pos : pos + 1]
        if follow and follow not in "\r\n":
            self.out.append("\n")
        return pos

    def url_tag(self, name: str, args: str, at: int) -> str:
        shown = f"{{% {name} {args} %}}"
        if not args or "{{" in args or "{%" in args:
            raise self.fail(at, f"{shown[:80]}: the argument must be written out")
        if len(args) > MAX_ARGUMENT:
            raise self.fail(at, f"{{% {name} %}}: the argument is longer than {MAX_ARGUMENT}")
        links = self.ctx.links
        try:
            url = None if links is None else getattr(links, name)(args)
        except LiquidError as exc:
            raise self.fail(at, f"{shown}: {exc}") from None
        if url is None:
            what = "published post" if name == "post_url" else "file of the site"
            raise self.fail(at, f"{shown}: no such {what}, so Jekyll would not build the site")
        return self.absolute(url, at)

    def absolute(self, url: str, at: int) -> str:
        if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://", url):
            return url
        if not self.ctx.base:
            raise self.fail(at, f"{url!r} needs the site's `url` in _config.yml")
        return self.ctx.base + ("" if url.startswith("/") else "/") + url

    def output(self, token: str, at: int) -> None:
        end = "}}" if token.endswith("}}") and len(token) >= 4 else "}"
        left, markup, right = _markup(token, end) if token.endswith("}") else (False, "", False)
        if not markup:
            raise self.fail(at, f"{token[:40]!r} is not a complete Liquid output")
        if left:
            self.rstrip_out()
        expr, *filters = (part.strip() for part in markup.split("|"))
        value = self.value(expr, at)
        for name in filters:
            if name not in _URL_FILTERS:
                raise self.fail(at, f"the Liquid filter {name!r} in {token!r} cannot be converted")
            value = self.absolute(value, at)
        self.out.append(value)
        self.strip_next = right

    def value(self, expr: str, at: int) -> str:
        literal = _STRING.match(expr)
        if literal and literal.end() == len(expr):
            return literal.group(1) if literal.group(1) is not None else literal.group(2)
        var = _VARIABLE.match(expr)
        if var is None:
            raise self.fail(at, f"{{{{ {expr} }}}} cannot be converted")
        kind, key = var.group(1), var.group(2)
        scope = self.ctx.site if kind == "site" else self.ctx.page
        value = scope.get(key)
        if key in _JEKYLL_SETS[kind] and (key not in scope or key in _ALWAYS_JEKYLLS):
            value = []  # Jekyll's own value (the build time, the posts, ...): not known here
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str) or (isinstance(value, int) and abs(value) < 10**18):
            return str(value)
        raise self.fail(at, f"{{{{ {expr} }}}} is not plain text; write out its value")


def _markup(token: str, end: str) -> tuple[bool, str, bool]:
    """A tag's or output's inner text, and whether it strips whitespace left and right."""
    inner = token[2 : len(token) - len(end)]
    left = inner.startswith("-")
    right = inner.endswith("-") and len(inner) > int(left)
    inner = inner[int(left) : len(inner) - int(right)]
    return left, inner.strip(), right


def _fence(code: str) -> str:
    if "```" not in code:
        return "```"
    if "~~~" not in code:
        return "~~~"
    longest = max(len(run) for run in re.findall(r"`+", code))
    return "`" * (longest + 1)


FOREM_CODE = re.compile(r"~{3}.*?~{3}|`{3}.*?`{3}|`{2}.+?`{2}|`{1}.+?`{1}", re.S)
"""What Forem treats as code (and keeps from its Liquid): its expression, without the
leading `[[:space:]]*` it also takes (whitespace holds no Liquid; and that prefix makes the
search quadratic on a long run of spaces)."""
_OPENER = re.compile(r"\{[{%]")
_CODE_LINE = re.compile(r"^<code>$", re.M)
_CODE_LINE_ANY = re.compile(r"^</?code>$", re.M)
_FOREM_XSS = re.compile(r"src=[\"'](?:data|&)|data:text/html[,;]", re.I)
"""What Forem's parser refuses outside code (`BAD_XSS_REGEX`)."""
_ENDRAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")


def protect_for_forem(text: str) -> str:
    """``text`` with every Liquid opener shown as written, never run, by Forem.

    Inside what Forem treats as code it wraps the code in `{% raw %}` itself, after
    neutralising an exact `{% endraw %}`; any other spelling of `endraw` there would end
    its wrapping early, so it is refused.
    """
    if _CODE_LINE.search(text) and not ("<code>" in text and "<pre>" in text):
        text = _CODE_LINE_ANY.sub("\n```\n", text)  # as Forem does first, for its code spans
    out: list[str] = []
    pos = 0
    for m in FOREM_CODE.finditer(text):
        out.append(_outside_code(text, pos, m.start()))
        code = m.group(0)
        for end in _ENDRAW.finditer(code):
            if end.group(0) != "{% endraw %}":
                line = text.count("\n", 0, m.start() + end.start()) + 1
                raise LiquidError(
                    f"code holds {end.group(0)!r}, which Forem cannot show; write it as "
                    f"{{% endraw %}} (body line {line})"
                )
        out.append(code)
        pos = m.end()
    out.append(_outside_code(text, pos, len(text)))
    return "".join(out)


def _outside_code(text: str, start: int, end: int) -> str:
    """Text outside code: refused where Forem refuses it, its Liquid openers wrapped."""
    part = text[start:end]
    bad = _FOREM_XSS.search(part)
    if bad:
        line = text.count("\n", 0, start + bad.start()) + 1
        raise LiquidError(
            f"Forem refuses an article with {bad.group(0)[:30]!r} outside code (body line {line})"
        )
    return _OPENER.sub(lambda m: "{% raw %}" + m.group(0) + "{% endraw %}", part)


def for_forem(post: PostPayload, links: SiteLinks | None) -> str:
    """The post's body for Forem: Jekyll's Liquid converted, the rest kept from Forem's."""
    text = post.markdown
    if post.front_matter.get("render_with_liquid") is not False:
        text = render(text, context_for(post, links))
    return protect_for_forem(text)


def context_for(post: PostPayload, links: SiteLinks | None) -> Context:
    """What the post's Liquid reads: the site's `_config.yml`, its front matter and URL."""
    site = links.jekyll if links is not None else {}
    page = {**post.front_matter, "url": post.url, "title": post.title or post.id}
    return Context(base=site_base(site) or "", site=site, page=page, links=links)


def site_base(jekyll: dict[str, Any]) -> str | None:
    """The site's `url` + `baseurl`, without a trailing `/`; None without an http(s) `url`."""
    base = jekyll.get("url")
    if not isinstance(base, str) or not re.match(r"https?://[^/\s]", base):
        return None
    baseurl = jekyll.get("baseurl")
    path = baseurl.strip("/") if isinstance(baseurl, str) else ""
    return base.rstrip("/") + ("/" + path if path else "")


def _post_name(name: str) -> tuple[str, str, str] | None:
    """Folder, date and slug of a `post_url` name, as Jekyll's ``(.+/)*(date)-(slug)`` splits
    it: the date starts after the last `/` that a date follows."""
    starts = [0] + [i + 1 for i, ch in enumerate(name) if ch == "/"]
    for start in reversed(starts):
        m = _DATE.match(name, start)
        if m:
            return name[:start], m.group(1), name[m.end() :]
    return None


class SiteLinks:
    """Jekyll's URLs of the posts and files of the site at ``root`` (its work tree), read
    the first time a body asks for one."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._site: Any = None
        self._posts: dict[str, Any] | None = None
        self._by_name: dict[str, list[str]] = {}  # a post file's name up to its first "."
        self._lock = threading.RLock()  # deliveries run in threads: one index, built once

    @property
    def site(self) -> Any:
        from bot.errors import UsageError
        from bot.site import load_site

        with self._lock:
            if self._site is None:
                try:
                    self._site = load_site(self.root)
                except UsageError as exc:
                    raise LiquidError(f"the site cannot be read: {exc}") from None
            return self._site

    @property
    def jekyll(self) -> dict[str, Any]:
        try:
            return dict(self.site.jekyll)
        except LiquidError:
            return {}

    def posts(self) -> dict[str, Any]:
        """Relative path -> Jekyll's description, for every file under a `_posts` folder."""
        from bot.discover import discover
        from bot.post import read_post
        from bot.reading import describe

        with self._lock:
            if self._posts is None:
                site = self.site
                posts = {}
                for path in discover(site, None):
                    post = read_post(site, path)
                    if post.kind == "post":
                        posts[site.relpath(path)] = describe(post, site)
                by_name: dict[str, list[str]] = {}
                for rel in posts:
                    by_name.setdefault(rel.rsplit("/", 1)[-1].split(".", 1)[0], []).append(rel)
                self._by_name = by_name
                self._posts = posts
            return self._posts

    def post_url(self, name: str) -> str | None:
        """Jekyll's `post_url`: the name is `[folder/]YYYY-MM-DD-slug`, without extension."""
        parts = _post_name(name.lstrip("/"))
        if parts is None:
            raise LiquidError("expected a post's name such as 2020-01-01-hello")
        posts = self.posts()
        key = f"{parts[1]}-{parts[2]}".split(".", 1)[0]  # what the file name starts with
        folder, date, slug = (re.escape(p) for p in parts)
        tail = f"{date}-{slug}\\.[^.]+"
        pattern = re.compile(f"_posts/{folder}{tail}|{folder}_posts/?{tail}")
        candidates = self._by_name.get(key, [])
        found = [posts[rel] for rel in candidates if pattern.match(rel)]
        if len(found) > 1:
            raise LiquidError(f"{len(found)} posts have this name")
        if not found or not found[0].published or not found[0].url:
            return None
        url: str = found[0].url
        return url

    def link(self, path: str) -> str | None:
        """Jekyll's `link`: the URL of the post, page or static file at ``path``."""
        from bot.jekyll import UrlError, escape_path

        rel = PurePosixPath(path.strip().lstrip("/"))
        if not rel.parts or any(p in ("..", ".") or "\\" in p or "\0" in p for p in rel.parts):
            return None
        posts = self.posts()
        if str(rel) in posts:
            info = posts[str(rel)]
            return info.url if info.published else None
        if any(p.startswith(("_", ".")) for p in rel.parts):
            return None  # collections, data, includes: not resolved here
        file = self.root.joinpath(*rel.parts)
        try:
            file.resolve().relative_to(self.root.resolve())
            if not file.is_file():
                return None
            with file.open("rb") as handle:
                head = handle.read(4096)
        except (OSError, ValueError):
            return None
        try:
            if not re.match(rb"---[ \t]*\r?\n", head):
                return escape_path("/" + str(rel))
            return self._page_url(rel, file)
        except UrlError:
            return None  # a path Addressable refuses: Jekyll stops

    def _page_url(self, rel: PurePosixPath, file: Path) -> str | None:
        from bot import yamlread
        from bot.jekyll import escape_path
        from bot.post import front_matter_text

        ext = rel.suffix.lower()
        if ext not in (".md", ".markdown", ".mkd", ".mkdn", ".mdown", ".html", ".htm"):
            return None
        try:
            fm_text = front_matter_text(file.read_text(encoding="utf-8-sig"))
            data = yamlread.load_plain(fm_text) if fm_text else None
        except (OSError, UnicodeDecodeError, yamlread.YamlProblem):
            return None
        permalink = data.get("permalink") if isinstance(data, dict) else None
        if isinstance(permalink, str):  # "" is true in Ruby: the page is at /
            if ":" in permalink:
                return None
            return escape_path("/" + permalink.lstrip("/"))
        out_ext = ".htm" if ext == ".htm" else ".html"
        folder = "/".join(rel.parts[:-1])
        prefix = f"/{folder}/" if folder else "/"
        if rel.stem == "index":
            return escape_path(prefix)
        style = self.site.jekyll.get("permalink", "date")
        style = style if isinstance(style, str) else "date"
        if style == "pretty" or (style not in ("date", "ordinal", "none") and style.endswith("/")):
            suffix = "/"
        elif style in ("date", "ordinal", "none", "weekdate") or style.endswith(":output_ext"):
            suffix = out_ext
        else:
            suffix = ""
        return escape_path(prefix + rel.stem + suffix)
