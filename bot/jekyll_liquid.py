"""The Liquid of a Jekyll post that stops `jekyll build`, judged with what the site gives it.

`bot.liquid_syntax` reads the body as Liquid reads it; this module tells it what the site
has: the tags of the plugins it loads, its includes, its posts and files. Where the site
loads code pressbot cannot read (a `_plugins` folder, a Gemfile's `jekyll_plugins` group, a
plugin or theme gem whose tags are not listed below) an unknown tag is not judged, and where
a theme may hold includes a missing include is not either.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.liquid_syntax import Environment, Fault
    from bot.post import Post
    from bot.site import Site

PLUGIN_TAGS: dict[str, frozenset[str]] = {
    "jekyll-seo-tag": frozenset(("seo",)),
    "jekyll-feed": frozenset(("feed_meta",)),
    "jekyll-gist": frozenset(("gist",)),
    "jekyll-avatar": frozenset(("avatar",)),
    "jekyll-include-cache": frozenset(("include_cached",)),
    **{
        name: frozenset()
        for name in (
            "jekyll-sitemap",
            "jekyll-redirect-from",
            "jekyll-paginate",
            "jemoji",
            "jekyll-mentions",
            "jekyll-github-metadata",
            "jekyll-relative-links",
            "jekyll-optional-front-matter",
            "jekyll-readme-index",
            "jekyll-default-layout",
            "jekyll-titles-from-headings",
            "jekyll-coffeescript",
            "jekyll-sass-converter",
            "jekyll-commonmark",
            "jekyll-commonmark-ghpages",
            "jekyll-remote-theme",
        )
    },
}
"""Plugin gems and the Liquid tags they register (a gem not named here may register any)."""
THEME_PLUGINS = {"minima": ("jekyll-feed", "jekyll-seo-tag")}
"""Theme gems and the plugins Jekyll loads with them (their gemspec's dependencies)."""
_NOT_RENDERED = (".yml", ".yaml", ".coffee")
_DATE = re.compile(r"\A(\d+)-(\d+)-(\d+)\Z")


def liquid_fault(post: Post, site: Site) -> Fault | None:
    """The Liquid in the post's body that stops the build once Jekyll renders the post
    (computed once per post)."""
    source = post.source
    if "{" not in source or ("{%" not in source and "{{" not in source):
        return None  # most posts: nothing to read (one scan for a character is the cheapest)
    if "liquid" not in post.memo:
        post.memo["liquid"] = _fault(post, site)
    fault: Fault | None = post.memo["liquid"]
    return fault


def _fault(post: Post, site: Site) -> Fault | None:
    if post.text is None or site.is_hugo:
        return None
    body = post.body
    if "{%" not in body and "{{" not in body:
        return None  # Jekyll renders no Liquid then (`Utils.has_liquid_construct?`)
    if PurePosixPath(post.path).suffix.lower() in _NOT_RENDERED:
        return None
    if post.merged.get("render_with_liquid") is False:
        return None
    from bot.liquid_syntax import first_fault  # its patterns: only for a post with Liquid

    return first_fault(body, _environment(post, site))


def position(post: Post, fault: Fault) -> tuple[int, int]:
    """The fault's line and column in the post's file."""
    body = post.body
    line_start = body.rfind("\n", 0, fault.offset) + 1
    return post.body_start_line + body.count("\n", 0, fault.offset), fault.offset - line_start + 1


def _environment(post: Post, site: Site) -> Environment:
    known: _SiteLiquid | None = site.memo.get("liquid")
    if known is None:
        known = site.memo["liquid"] = _SiteLiquid(site)
    from bot.liquid_syntax import Environment

    folder = (site.root / post.path).parent
    return Environment(
        plugin_tags=known.plugin_tags,
        include=known.include,
        include_relative=lambda name: _file_in(folder, name),
        post_url=known.post_url,
        link=known.link,
    )


def _file_in(folder: Path, name: str) -> bool | None:
    """Whether Jekyll finds the include ``name`` in ``folder`` (None: a link, whose target
    safe mode may refuse)."""
    path = folder / name.lstrip("/")
    if path.is_symlink():
        return None
    return path.is_file()


class _SiteLiquid:
    """What one site gives its posts' Liquid, read on first use."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.plugin_tags = plugin_tags(site)
        self.include_dir = _include_dir(site)
        self._names: list[str] | None = None
        self._posts: list[tuple[str, dt.date]] | None = None  # (slug, day) of each post read
        self._found: dict[str, bool | None] = {}

    def include(self, name: str) -> bool | None:
        if self.include_dir is None:
            return None
        return _file_in(self.include_dir, name)

    def link(self, name: str) -> bool | None:
        """Whether the site has a file at ``name`` (False only where no file is: whether
        Jekyll writes the one there is not judged); a page a plugin makes may have no file,
        so on a site with plugins only a missing Markdown file counts."""
        rel = PurePosixPath(name.lstrip("/"))
        if not rel.parts or any(part in ("..", ".") for part in rel.parts) or "\0" in name:
            return None
        if os.path.lexists(self.site.root.joinpath(*rel.parts)):
            return True
        if self.plugin_tags != frozenset() and rel.suffix.lower() not in (".md", ".markdown"):
            return None
        return False

    def post_url(self, name: str) -> bool | None:
        if name not in self._found:
            self._found[name] = self._post_url(name)
        return self._found[name]

    def _post_url(self, name: str) -> bool | None:
        """Jekyll's `post_url`: a post Jekyll reads whose path matches the name (as
        `PostComparer` matches it), else one with its slug and day (its deprecated way)."""
        from bot.liquid_syntax import POST_NAME

        if _reads_drafts(self.site):
            return None
        m = POST_NAME.search(name)
        if m is None:
            return None
        folder, date, slug = m.group(1) or "", m.group(2), m.group(3)
        tail = f"{date}-{re.escape(slug)}\\.[^.]+"
        try:  # Jekyll puts the folder into its expression unescaped
            pattern = re.compile(f"^_posts/{folder}{tail}|^{folder}_posts/?{tail}", re.M)
        except re.error:
            return None
        unknown = False
        for rel in self.names():
            if pattern.search(rel):
                reason = self.reason(rel)
                if reason is None:
                    return True
                unknown = unknown or reason == "invalid"
        day = _day(date)
        if unknown or day is None:
            return None
        return any(s == slug and d == day for s, d in self.posts())

    def names(self) -> list[str]:
        """Every post file's path as Jekyll's `relative_path` gives it."""
        if self._names is None:
            from bot.collections_dir import collection_relative, collections_dir
            from bot.discover import discover_names

            folder = collections_dir(self.site.jekyll)
            self._names = [
                collection_relative(self.site.relpath(path), folder)
                for path in discover_names(self.site, None)
            ]
        return self._names

    def reason(self, rel: str) -> str | None:
        from bot.collections_dir import collections_dir
        from bot.jekyll import unpublished_reason
        from bot.post import read_post

        folder = collections_dir(self.site.jekyll)
        post = read_post(self.site, self.site.root / folder / rel)
        return unpublished_reason(post, self.site) if post.readable else "invalid"

    def posts(self) -> list[tuple[str, dt.date]]:
        """The slug and day of every post Jekyll reads (for `post_url`'s deprecated way)."""
        if self._posts is None:
            from bot.discover import discover_names
            from bot.jekyll import JEKYLL_POST_NAME, post_date, unpublished_reason
            from bot.post import read_post

            found = []
            for path in discover_names(self.site, None):
                post = read_post(self.site, path)
                if not post.readable or unpublished_reason(post, self.site):
                    continue
                slug = post.merged.get("slug")
                named = JEKYLL_POST_NAME.match(post.name)
                if "slug" not in post.merged and named is not None:
                    slug = named.group(2)
                when = post_date(post, self.site)[0]
                if isinstance(slug, str) and when is not None:
                    found.append((slug, when.date()))
            self._posts = found
        return self._posts


def _day(text: str) -> dt.date | None:
    m = _DATE.match(text)
    try:
        return dt.date(*(int(part) for part in m.groups())) if m else None
    except ValueError:
        return None


def _reads_drafts(site: Site) -> bool:
    from bot.jekyll import show_drafts

    return show_drafts(site)


def plugin_tags(site: Site) -> frozenset[str] | None:
    """The tags the site's plugins register; None when it loads plugins not known here."""
    jekyll = site.jekyll
    names: list[Any] = []
    for key in ("plugins", "gems"):
        value = jekyll.get(key)
        if isinstance(value, list):
            names.extend(value)
        elif value is not None:
            names.append(value)
    theme = jekyll.get("theme")
    if theme is not None:
        if theme not in THEME_PLUGINS:
            return None
        names.extend(THEME_PLUGINS[theme])
    if _loads_ruby(site) or not all(name in PLUGIN_TAGS for name in names):
        return None
    return frozenset(tag for name in names for tag in PLUGIN_TAGS[name])


def _loads_ruby(site: Site) -> bool:
    """Whether the site loads plugins from its own Ruby files or its Gemfile."""
    for gemfile in ("Gemfile", "gems.rb"):
        try:
            if "jekyll_plugins" in (site.root / gemfile).read_text("utf-8", "replace"):
                return True
        except OSError:
            pass
    safe = site.jekyll.get("safe")
    if safe is not None and safe is not False:
        return False
    folders = site.jekyll.get("plugins_dir", "_plugins")
    for folder in folders if isinstance(folders, list) else [folders]:
        if not isinstance(folder, str):
            return True
        for _, _, files in os.walk(site.root / folder.lstrip("/")):
            if any(name.endswith(".rb") for name in files):
                return True
    return False


def _include_dir(site: Site) -> Path | None:
    """The site's includes folder, None when a theme may hold includes too (or the setting
    is not a plain folder of the site)."""
    jekyll = site.jekyll
    if jekyll.get("theme") is not None or jekyll.get("remote_theme") is not None:
        return None
    folder = jekyll.get("includes_dir", "_includes")
    if not isinstance(folder, str) or ".." in folder.split("/"):
        return None
    return site.root / folder.strip("/")


_LIQUID_TAG = re.compile(r"{%-?\s*(\w+)\s*.*?-?%}", re.DOTALL | re.ASCII)
"""Jekyll's `Excerpt::LIQUID_TAG_REGEX`: the name of each tag of the excerpt."""
_LINK_DEFINITION = re.compile(r"^ {0,3}(?:(\[[^\]]+\])(:.+))$", re.MULTILINE)
"""Jekyll's `Excerpt::MKDWN_LINK_REF_REGEX`: a Markdown link reference definition."""
DEFAULT_EXCERPT_SEPARATOR = "\n\n"


def excerpt_source(post: Post, site: Site) -> str | None:
    """The text Jekyll renders as the post's excerpt (`Excerpt#extract_excerpt`), when it
    makes one and it is not the whole body: the body up to the `excerpt_separator` (the
    post's, else the site's, a blank line by default), with an end tag added for each block
    whose name has no end tag in it, and the Markdown link definitions after it that it
    uses. None when the post has its own `excerpt`, an empty separator, or none in it."""
    from bot import ruby
    from bot.liquid_syntax import BLOCKS

    data = post.merged
    own = data.get("excerpt")
    if own is not None and own is not False:
        return None  # `data["excerpt"] ||= Excerpt.new(self)`
    separator = data.get("excerpt_separator")
    if separator is None or separator is False:
        separator = site.jekyll.get("excerpt_separator", DEFAULT_EXCERPT_SEPARATOR)
    separator = ruby.to_s(separator)
    body = post.body
    if not separator or body is None:
        return None
    head, _, tail = body.partition(separator)
    if not tail:
        return None  # the whole body: read as the body is
    if "{%" in head:
        for name in reversed(_LIQUID_TAG.findall(head)):
            end = re.compile(r"{%-?\s*end" + re.escape(name) + r".*?\s*-?%}", re.DOTALL)
            if name in BLOCKS and end.search(head) is None:
                head += f"\n{{% end{name} %}}"
    definitions = [m[1] + m[2] for m in _LINK_DEFINITION.finditer(tail) if m[1] in head]
    return head + "\n\n" + "\n".join(definitions) if definitions else head


def excerpt_fault(post: Post, site: Site) -> Fault | None:
    """The Liquid of the post's excerpt (`excerpt_source`) that stops the build wherever the
    excerpt is rendered, when the body's own Liquid does not (its offset is in the body:
    the excerpt's text is the body's first part)."""
    source = post.source
    if "{" not in source or ("{%" not in source and "{{" not in source):
        return None
    if site.is_hugo or post.text is None or liquid_fault(post, site) is not None:
        return None
    if PurePosixPath(post.path).suffix.lower() in _NOT_RENDERED:
        return None
    if post.merged.get("render_with_liquid") is False:
        return None
    excerpt = excerpt_source(post, site)
    if excerpt is None or ("{%" not in excerpt and "{{" not in excerpt):
        return None
    from bot.liquid_syntax import Fault, first_fault

    fault = first_fault(excerpt, _environment(post, site))
    if fault is None:
        return None
    return Fault(min(fault.offset, len(post.body or "") - 1), fault.message)
