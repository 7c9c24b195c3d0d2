"""Jekyll's conventions, which a build does not report.

- `jekyll/filename`: a post's name must be `YYYY-MM-DD-slug.ext` with a real calendar date
  (Jekyll skips other names silently, and turns 2026-02-30 into March 2).
- `jekyll/date-mismatch`: the front-matter date, in the site's timezone, falls on another
  day than the file name says (the URL then carries the front-matter day).
- `jekyll/categories-string`: `categories: news, foundation` — Jekyll splits a string on
  whitespace, so the comma stays part of a category (`tags` likewise).
- `jekyll/duplicate-url`: two posts that build to the same URL (cross-file, see the linter).
- `jekyll/duplicate-id`: two posts under `_posts` with one publish id (the front-matter `id`,
  else the path without the extension); publishing one would replace the other at every
  target (cross-file, see the linter).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from bot.jekyll import STRICT_POST_NAME, DateError, post_date, real_calendar_date, rollover
from bot.problem import Finding, Severity

if TYPE_CHECKING:
    from bot.post import Post
    from bot.site import Site

RULES: dict[str, Severity] = {
    "jekyll/filename": "error",
    "jekyll/date-mismatch": "error",
    "jekyll/categories-string": "warning",
    "jekyll/duplicate-url": "error",
    "jekyll/duplicate-id": "error",
}


def _filename(post: Post) -> Iterator[Finding]:
    match = STRICT_POST_NAME.match(post.name)
    if match is None:
        yield post.finding(
            "jekyll/filename",
            1,
            1,
            f'"{post.name}" is not a post name Jekyll publishes; name it YYYY-MM-DD-slug.md',
        )
        return
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    if year == 0:
        yield post.finding(
            "jekyll/filename",
            1,
            1,
            "the year 0000 in the file name is outside 1 to 9999, the years pressbot can "
            "check; rename the file",
        )
        return
    if not real_calendar_date(year, month, day):
        try:
            rolled: dt.date | None = rollover(year, month, day)
        except DateError:
            rolled = None
        extra = f" (Jekyll would silently date it {rolled:%Y-%m-%d})" if rolled else ""
        yield post.finding(
            "jekyll/filename",
            1,
            1,
            f"{year:04d}-{month:02d}-{day:02d} in the file name is not a calendar date{extra}; "
            "rename the file",
        )


def _date_mismatch(post: Post, site: Site) -> Iterator[Finding]:
    match = STRICT_POST_NAME.match(post.name)
    data = post.merged
    if match is None or data.get("date") is None:
        return
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    if not real_calendar_date(year, month, day):
        return
    when, error = post_date(post, site)
    if when is None or error:
        return
    name_day = dt.date(year, month, day)
    if when.date() != name_day:
        line, column = post.key_position("date")
        zone = site.jekyll.get("timezone") or "UTC"
        yield post.finding(
            "jekyll/date-mismatch",
            line,
            column,
            f"date is {when:%Y-%m-%d %H:%M} in the site's timezone ({zone}), not "
            f"{name_day:%Y-%m-%d} as the file name says; the URL will use {when:%Y-%m-%d} "
            "(give the date an explicit offset, or rename the file)",
        )


def _string_lists(post: Post) -> Iterator[Finding]:
    fm = post.front_matter or {}
    for key in ("categories", "tags"):
        value = fm.get(key)
        if isinstance(value, str) and "," in value:
            parts = [p.strip() for p in value.split(",") if p.strip()]
            line, column = post.key_position(key)
            yield post.finding(
                "jekyll/categories-string",
                line,
                column,
                f"{key}: Jekyll splits this text on spaces, keeping the commas "
                f"({value.split()!r}); write a list: [{', '.join(parts)}]",
            )


def check(post: Post, site: Site) -> Iterable[Finding]:
    if post.kind == "post":
        yield from _filename(post)
        yield from _date_mismatch(post, site)
    yield from _string_lists(post)
