"""What the site's generator publishes for a post: one small interface, two implementations.

`bot.jekyll` reads a post as Jekyll does, `bot.hugo.posts` as Hugo does; everything above
them (the rules' cross-file checks, `list`, `pr`, `publish`) asks here, so it works the same
for both. Which files are posts (`bot.discover`) and how a file is parsed (`bot.post`) make
the same choice by `Site.generator`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from bot.jekyll import PostInfo
    from bot.post import Post
    from bot.site import Site


def describe(post: Post, site: Site) -> PostInfo:
    """The post's id, URL, date, taxonomies, and whether it is published (or why not)."""
    if site.is_hugo:
        from bot.hugo.posts import describe as hugo_describe

        return hugo_describe(post, site)
    from bot.jekyll import describe as jekyll_describe

    info = jekyll_describe(post, site)
    if info.published and _liquid_stops(post, site):
        info.published, info.reason = False, "invalid"
    return info


def unpublished_reason(post: Post, site: Site) -> str | None:
    """Why the generator would not publish the post, or None (cheaper than `describe`)."""
    if site.is_hugo:
        from bot.hugo.posts import unpublished_reason as hugo_reason

        return hugo_reason(post, site)
    from bot.jekyll import unpublished_reason as jekyll_reason

    reason = jekyll_reason(post, site)
    return "invalid" if reason is None and _liquid_stops(post, site) else reason


def _liquid_stops(post: Post, site: Site) -> bool:
    """Whether the Jekyll post's Liquid stops the whole build (`jekyll/liquid`): Jekyll then
    publishes nothing, and pressbot takes the post as invalid."""
    from bot.jekyll_liquid import liquid_fault

    return liquid_fault(post, site) is not None


def url_tail(post: Post, site: Site) -> str | None:
    """The end of the post's URL when it follows from the file name alone (a bulk run then
    computes the whole URL only where tails collide); None when it does not (always, for
    Hugo, whose URLs come from the page's folder, slug and permalinks)."""
    if site.is_hugo:
        return None
    from bot.jekyll import url_tail as jekyll_tail

    return jekyll_tail(post, site)


# --- which files are posts, and what a file says of itself -----------------------------------


def is_post_path(site: Site, rel: str) -> bool:
    """Whether the site-relative path is a post's file: on Jekyll, a Markdown or HTML file
    under a `_posts` or `_drafts` folder; on Hugo, a regular page (for a file that is gone,
    a content file that could have been one)."""
    if site.is_hugo:
        return _hugo_is_page_path(site, rel)
    return is_jekyll_post_path(rel)


def is_branch_path(site: Site, rel: str) -> bool:
    """Whether the site-relative path is a Hugo section's (or the home page's) `_index`
    file, which `check` reads for what stops Hugo."""
    if not site.is_hugo:
        return False
    found = _hugo_place(site, rel)
    return found is not None and found[2] == "_index"


def is_resource_path(site: Site, rel: str) -> bool:
    """Whether the site-relative path is a Hugo leaf bundle's content resource that Hugo
    reads (`bot.hugo.resources`), which `check` reads for what stops Hugo."""
    if not site.is_hugo:
        return False
    found: set[Path] | None = site.memo.get("hugo_resources")
    if found is None:
        found = {resource.file.path for resource in site.hugo.resources(site.now)}
        site.memo["hugo_resources"] = found
    return site.root / rel in found


def is_jekyll_post_path(rel: str) -> bool:
    """A Markdown or HTML file under a `_posts` or `_drafts` folder, at any depth, whose name
    Jekyll does not skip: decided from the path alone."""
    from pathlib import PurePosixPath

    from bot.post import POST_EXTENSIONS

    path = PurePosixPath(rel)
    if not {"_posts", "_drafts"} & set(path.parts[:-1]):
        return False
    name = path.name
    if name.startswith((".", "_", "#", "~")) or name.endswith("~"):
        return False
    return path.suffix.lower() in POST_EXTENSIONS


def post_folders(site: Site) -> list[str]:
    """The site-relative folders that hold the site's posts, for a search of Git's changes:
    Hugo's content folders (each language's); on Jekyll, none (its posts are found by the
    `_posts` folders at any depth)."""
    if not site.is_hugo:
        return []
    out: list[str] = []
    for language in site.hugo.config.languages:
        folder = _site_folder(language.content_dir)
        if folder is not None and folder not in out:
            out.append(folder)
    return out


def path_id(site: Site, rel: str) -> str:
    """The id of the post at ``rel`` when nothing but its path is known (the file is gone or
    unreadable): Jekyll's path without the extension; Hugo's page path in its content folder
    (a leaf bundle's folder), with the language on a multilingual site."""
    from bot.post import path_stem

    if site.is_hugo:
        found = _hugo_place(site, rel)
        if found is not None:
            from bot.hugo.content import page_id

            lang, folder, base = found
            bundle = base == "index" and bool(folder)
            return page_id(lang, folder, base, bundle, site.hugo.config.multilingual)
    return path_stem(rel)


def has_own_id(post: Post, site: Site) -> bool:
    """The front matter names the post's id (Jekyll's `id`), which then wins over the one the
    publish ledger knows it by. Hugo has no such key: a page's id is its path."""
    if site.is_hugo:
        return False
    front = post.front_matter or {}
    return front.get("id") not in (None, "")


def publish_date(post: Post, site: Site, info: PostInfo) -> dt.datetime | None:
    """When the generator starts to publish a post held back as future: Jekyll's post date,
    Hugo's `publishDate` (which the site's `frontmatter` configuration may draw from `date`),
    or a later one of a section above the page (Hugo builds none of a section before it)."""
    if site.is_hugo:
        dates = _hugo_dates(post, site)
        return dates[0] if dates is not None else None
    return info.date


def expiry_date(post: Post, site: Site) -> dt.datetime | None:
    """When the generator stops publishing a post it publishes now: Hugo's `expiryDate`, or
    an earlier one of a section above the page (Hugo drops the section with all below it),
    unless the site builds expired pages; Jekyll has none."""
    if not site.is_hugo:
        return None
    dates = _hugo_dates(post, site)
    if dates is None or dates[1] is None:
        return None
    from bot.hugo.posts import hugo_page

    page = hugo_page(post, site)
    if page is None or site.hugo.config.build("buildExpired", page.lang):
        return None
    return dates[1]


def absolute_url(post: Post, site: Site, url: str) -> str | None:
    """The post's URL with the site's address (None when the configuration gives no
    absolute one): Jekyll's `url` and `baseurl`; Hugo's `baseURL` (the language's own on a
    multihost site), whose path the URL already carries."""
    if site.is_hugo:
        return _hugo_absolute_url(post, site, url)
    return _jekyll_absolute_url(site, url)


def gone_absolute_url(site: Site, url: str, path: str) -> str | None:
    """As `absolute_url`, for a post that is no longer in the checkout (deleted, or never
    read in this run): ``url`` is its site-relative URL as the ledger knows it, ``path`` its
    site-relative file; on a multihost Hugo site the path names its language."""
    if not url.startswith("/") or url.startswith("//"):
        return None
    if not site.is_hugo:
        return _jekyll_absolute_url(site, url)
    config = site.hugo.config
    place = _hugo_place(site, path) if config.multihost else None
    return _hugo_address(site, place[0] if place else config.default_language, url)


def _jekyll_absolute_url(site: Site, url: str) -> str | None:
    base = site.jekyll.get("url")
    if not isinstance(base, str) or not base.startswith(("http://", "https://")):
        return None
    baseurl = site.jekyll.get("baseurl")
    prefix = base.rstrip("/") + (
        "/" + baseurl.strip("/") if isinstance(baseurl, str) and baseurl.strip("/") else ""
    )
    return prefix + url


# --- the Hugo side of the above --------------------------------------------------------------


def _site_folder(content_dir: str) -> str | None:
    """A content folder as a site-relative path ('' for the site root; None for one outside
    the site, which a search of the site's changes cannot reach)."""
    import posixpath

    folder = posixpath.normpath(content_dir.replace("\\", "/")).strip("/")
    if content_dir.startswith("/") or folder == ".." or folder.startswith("../"):
        return None
    return "" if folder == "." else folder


def _hugo_place(site: Site, rel: str) -> tuple[str, str, str] | None:
    """(language, folder under the content folder, base name) of a content file at ``rel``
    as Hugo names it from the path alone, or None when it is no content file."""
    from bot.hugo.content import split_name

    config = site.hugo.config
    codes = {language.lang for language in config.languages} | config.disabled_languages
    parts = rel.split("/")
    split = split_name(parts[-1], codes)
    if split is None or any(part.startswith(".") for part in parts[:-1]):
        return None
    base, named, _ = split
    if base != "index" and parts[-1].startswith("index."):
        base = "index"  # a leaf bundle's page (`index.old.md`), as `content_files` reads it
    for language in config.languages:
        folder = _site_folder(language.content_dir)
        if folder is None:
            continue
        if folder and not rel.startswith(folder + "/"):
            continue
        if named is not None and named != language.lang:
            continue
        shared = [la for la in config.languages if _site_folder(la.content_dir) == folder]
        if named is None and len(shared) > 1:
            default = next((la for la in shared if la.lang == config.default_language), shared[0])
            if language is not default:
                continue
        under = rel[len(folder) + 1 :] if folder else rel
        return language.lang, under.rpartition("/")[0], base
    return None


def _hugo_is_page_path(site: Site, rel: str) -> bool:
    import os

    from bot.hugo.posts import page_of

    file = os.path.join(str(site.root), rel)
    if os.path.lexists(file):
        return page_of(site, file) is not None
    found = _hugo_place(site, rel)
    return found is not None and found[2] != "_index"


def _hugo_dates(post: Post, site: Site) -> tuple[dt.datetime | None, dt.datetime | None] | None:
    """(publish, expiry) that govern the Hugo page (`HugoSite.governing_dates`), or None
    when the file is not a regular page."""
    from bot.hugo.posts import hugo_page, page_of

    info = hugo_page(post, site)
    page = page_of(site, post.file)
    if info is None or page is None:
        return None
    return site.hugo.governing_dates(page, info)


def _hugo_absolute_url(post: Post, site: Site, url: str) -> str | None:
    from bot.hugo.posts import hugo_page

    config = site.hugo.config
    page = hugo_page(post, site) if config.multihost else None
    return _hugo_address(site, page.lang if page is not None else config.default_language, url)


def _hugo_address(site: Site, lang: str, url: str) -> str | None:
    """``url`` at the `baseURL` of ``lang`` (its own on a multihost site)."""
    from urllib.parse import urlsplit

    from bot.hugo.values import to_string

    config = site.hugo.config
    base = to_string(config.get("baseurl", ""))
    if config.multihost:
        base = next((la.base_url or "" for la in config.languages if la.lang == lang), base)
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}{url}"


_OPENING = re.compile(r"\A---[ \t\r\f\v]*\n")
"""The line that opens front matter, as Jekyll's reader matches it."""


def without_front_matter(post: Post) -> bool:
    """Whether the Jekyll post has no front matter, and no sign of one it was meant to have
    (an opening `---`, a `---` line among its first lines, a byte-order mark Jekyll keeps):
    Jekyll 4 reads a `_posts` file without front matter as a post all the same
    (`PostReader#read_content` makes every dated file a `Document`)."""
    text = post.source
    return (
        post.shape == "missing"
        and not post.bom_kept
        and bool(text.strip())
        and _OPENING.match(text) is None
        and not any(line.strip() == "---" for line in post.lines[:50])
    )
