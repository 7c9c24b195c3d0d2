"""What the site's generator publishes for a post: one small interface, two implementations.

`bot.jekyll` reads a post as Jekyll does, `bot.hugo.posts` as Hugo does; everything above
them (the rules' cross-file checks, `list`, `pr`, `publish`) asks here, so it works the same
for both. Which files are posts (`bot.discover`) and how a file is parsed (`bot.post`) make
the same choice by `Site.generator`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.jekyll import PostInfo
    from bot.post import Post
    from bot.site import Site


def describe(post: Post, site: Site) -> PostInfo:
    """The post's id, URL, date, taxonomies, and whether it is published (or why not)."""
    if site.is_hugo:
        from bot.hugo.posts import describe as hugo_describe

        return hugo_describe(post, site)
    from bot.jekyll import describe as jekyll_describe

    return jekyll_describe(post, site)


def unpublished_reason(post: Post, site: Site) -> str | None:
    """Why the generator would not publish the post, or None (cheaper than `describe`)."""
    if site.is_hugo:
        from bot.hugo.posts import unpublished_reason as hugo_reason

        return hugo_reason(post, site)
    from bot.jekyll import unpublished_reason as jekyll_reason

    return jekyll_reason(post, site)


def url_tail(post: Post, site: Site) -> str | None:
    """The end of the post's URL when it follows from the file name alone (a bulk run then
    computes the whole URL only where tails collide); None when it does not (always, for
    Hugo, whose URLs come from the page's folder, slug and permalinks)."""
    if site.is_hugo:
        return None
    from bot.jekyll import url_tail as jekyll_tail

    return jekyll_tail(post, site)
