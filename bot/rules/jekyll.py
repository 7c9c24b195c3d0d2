"""Jekyll's conventions, which a build does not report.

`jekyll/duplicate-url` and `jekyll/duplicate-id` compare posts with each other: they are
found by `check_site`, which the engine runs after every post has been checked, on what
`bot.site_index` gathered.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from bot.date_reading import DATE_FIELDS, lossy_date
from bot.jekyll import (
    STRICT_POST_NAME,
    DateError,
    post_date,
    read_failed,
    real_calendar_date,
    rollover,
)
from bot.problem import Finding
from bot.rules.base import Rule

if TYPE_CHECKING:
    from bot.post import Post
    from bot.site import Site
    from bot.site_index import PostId, SiteRun

FILENAME = Rule(
    "jekyll/filename",
    "error",
    "a post file name that is not `YYYY-MM-DD-slug.ext` with a real calendar date",
    "Jekyll skips other names silently, and turns 2026-02-30 into March 2.",
)
DATE_MISMATCH = Rule(
    "jekyll/date-mismatch",
    "error",
    "front-matter date, in the site's timezone, on another day than the file name",
    "The URL then carries the front-matter day.",
)
DATE_LOSSY = Rule(
    "jekyll/date-lossy",
    "warning",
    "a date Jekyll reads only in part (text, a zone name or offset it ignores, a two-digit "
    "or missing year) or on a day that does not exist (it rolls over)",
    "Jekyll builds the post with its own reading of the date: the message says what it "
    "publishes, what it drops or fills in, and the date to write instead. A date Jekyll "
    "cannot read at all is a `schema/value` error.",
)
NUMBER_CATEGORY = Rule(
    "jekyll/number-category",
    "warning",
    "a category or tag written as a number (`categories: [2021]`): Jekyll keeps the number",
    "Jekyll keeps a number in `categories` and adds its text after the others, so the post "
    'lists the category twice (`[2021, news, "2021"]`); in `tags` it stays a number, which '
    'Liquid\'s `contains "2021"` does not find. A decimal is written back as Ruby writes it '
    "(`1.50` becomes `1.5`). Quote the name.",
)
CATEGORIES_STRING = Rule(
    "jekyll/categories-string",
    "warning",
    "`categories: news, foundation` (Jekyll splits on spaces: the comma stays)",
    "Jekyll splits a string on whitespace, so the comma stays part of a category (`tags` "
    "likewise).",
)
DUPLICATE_URL = Rule(
    "jekyll/duplicate-url",
    "error",
    "two published posts that build to the same URL",
    "Jekyll writes only one of them. A partial run also compares the checked posts with the "
    "site's other posts that could collide (same slug).",
)
DUPLICATE_ID = Rule(
    "jekyll/duplicate-id",
    "error",
    "two posts under `_posts` with one publish id (the front-matter `id`, else the path "
    "without the extension): publishing one would replace the other, so publish blocks both",
    "Publishing one would replace the other at every target. A partial run also compares the "
    "checked posts with every other post under `_posts`.",
)
RULES = (
    FILENAME,
    DATE_MISMATCH,
    DATE_LOSSY,
    NUMBER_CATEGORY,
    CATEGORIES_STRING,
    DUPLICATE_URL,
    DUPLICATE_ID,
)


def _filename(post: Post) -> Iterator[Finding]:
    match = STRICT_POST_NAME.match(post.name)
    if match is None:
        yield post.finding(
            FILENAME,
            1,
            1,
            f'"{post.name}" is not a post name Jekyll publishes; name it YYYY-MM-DD-slug.md',
        )
        return
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    if year == 0:
        yield post.finding(
            FILENAME,
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
            FILENAME,
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
        lossy = lossy_date(data["date"], site) is not None
        fix = "write the date in full" if lossy else "give the date an explicit offset"
        yield post.finding(
            DATE_MISMATCH,
            line,
            column,
            f"date is {when:%Y-%m-%d %H:%M} in the site's timezone ({zone}), not "
            f"{name_day:%Y-%m-%d} as the file name says; the URL will use {when:%Y-%m-%d} "
            f"({fix}, or rename the file)",
        )


def _file_day(match: re.Match[str]) -> dt.date | None:
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    return dt.date(year, month, day) if real_calendar_date(year, month, day) else None


def _date_lossy(post: Post, site: Site) -> Iterator[Finding]:
    """Dates Jekyll reads, but not as written: what it publishes, drops, and what to write."""
    from bot.rules.schema import value_position

    if read_failed(post):
        return  # Jekyll dates the post at build time; frontmatter/* says why
    data = post.merged
    own = post.front_matter or {}
    match = STRICT_POST_NAME.match(post.name)
    file_day = _file_day(match) if match else None
    for name in DATE_FIELDS:
        lossy = lossy_date(data.get(name), site, file_day)
        if lossy is None:
            continue
        line, column = value_position(post, name) if name in own else (1, 1)
        zone = site.jekyll.get("timezone") or "UTC"
        shown = lossy.text if len(lossy.text) <= 60 else lossy.text[:57] + "..."
        where = "" if name in own else " (from the site's defaults)"
        yield post.finding(
            DATE_LOSSY,
            line,
            column,
            f'{name}: Jekyll reads "{shown}"{where} as {lossy.when:%Y-%m-%d %H:%M:%S} {zone}, '
            f'not as written: {"; ".join(lossy.lost)}; write "{lossy.instead}"',
        )


def _string_lists(post: Post) -> Iterator[Finding]:
    fm = post.front_matter or {}
    for key in ("categories", "tags"):
        value = fm.get(key)
        if isinstance(value, str) and "," in value:
            parts = [p.strip() for p in value.split(",") if p.strip()]
            line, column = post.key_position(key)
            yield post.finding(
                CATEGORIES_STRING,
                line,
                column,
                f"{key}: Jekyll splits this text on spaces, keeping the commas "
                f"({value.split()!r}); write a list: [{', '.join(parts)}]",
            )


_TOKEN = re.compile(r"[^\s,\]\}#]+")


def _numbers(post: Post) -> Iterator[Finding]:
    """Numbers in the front matter's `categories` and `tags` lists."""
    from bot import ruby

    fm = post.front_matter or {}
    for key in ("categories", "tags"):
        value = fm.get(key)
        if not isinstance(value, list):
            continue
        for index, item in enumerate(value):
            if not isinstance(item, (int, float)) or isinstance(item, bool):
                continue
            line, column = post.key_position(key, index)
            token = (
                _TOKEN.match(post.lines[line - 1], column - 1) if line <= len(post.lines) else None
            )
            written = _shown(token.group() if token else "")
            try:
                text = _shown(ruby.to_s(item))
            except ValueError:  # an int past the interpreter's digit limit
                text = written
            becomes = f" ({written} becomes {text})" if written and written != text else ""
            if key == "categories":
                what = f'Jekyll keeps the number {text} and adds the text "{text}"{becomes}, so '
                what += "the post lists the category twice"
            else:
                name = written or text
                what = f'Jekyll keeps {name} as the number {text}, not the text "{name}" (a '
                what += f'Liquid `contains "{name}"` does not find it)'
            yield post.finding(
                NUMBER_CATEGORY,
                line,
                column,
                f'{key}[{index}]: {what}; write "{written or text}" in quotes',
            )


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def check(post: Post, site: Site) -> Iterable[Finding]:
    if not post.readable:
        return
    if post.kind == "post":
        yield from _filename(post)
        yield from _date_mismatch(post, site)
    if post.front_matter is not None:
        yield from _date_lossy(post, site)
        yield from _numbers(post)
    yield from _string_lists(post)


def check_site(run: SiteRun, site: Site) -> Iterator[Finding]:
    """Posts that build to one URL, and posts under `_posts` that hold one publish id."""
    from bot import site_index

    if run.enabled(DUPLICATE_URL):
        site_index.resolve_tails(site, run.entries)
        known = site_index.other_urls(site, run.entries, run.candidates) if run.partial else None
        yield from duplicate_urls(run.entries, known)
    if run.enabled(DUPLICATE_ID):
        others = site_index.other_ids(site, run.ids, run.checked) if run.partial else []
        yield from duplicate_ids(run.ids, others)


def duplicate_urls(infos: list[Any], known_urls: dict[str, str] | None = None) -> list[Finding]:
    """Published posts that build to one URL: each one names the other."""
    by_url: dict[str, list[str]] = {}
    for info in infos:
        if info is not None and info.published and info.url:
            by_url.setdefault(info.url, []).append(info.path)
    for url, path in (known_urls or {}).items():
        if url in by_url and path not in by_url[url]:
            by_url[url].append(path)
    checked = {info.path for info in infos if info is not None}
    out = []
    for url, owners in by_url.items():
        if len(owners) < 2:
            continue
        ordered = sorted(owners)
        for owner in owners:
            if owner not in checked:
                continue
            out.append(
                Finding(
                    path=owner,
                    line=1,
                    column=1,
                    rule=DUPLICATE_URL.id,
                    message=f"builds to {url}, as {name_others(ordered, owner)} does; Jekyll "
                    "writes only one of them (change the slug, date or permalink)",
                )
            )
    return out


MAX_NAMED = 3
"""How many of the other posts a cross-file finding names (the rest are counted)."""


def name_others(ordered: list[str], owner: str) -> str:
    """The first few of ``ordered`` (which holds ``owner``) other than ``owner``, and how
    many more there are."""
    named = [o for o in ordered[: MAX_NAMED + 1] if o != owner][:MAX_NAMED]
    more = len(ordered) - 1 - len(named)
    return ", ".join(named) + (f" and {more} more" if more else "")


def duplicate_ids(records: Iterable[PostId | None], known: Iterable[PostId] = ()) -> list[Finding]:
    """A `jekyll/duplicate-id` finding on each of ``records`` whose id another post holds,
    naming the others. ``known`` are posts not reported on (the rest of the site in a
    partial run); publish can pass the posts it read as ``records``."""
    mine = [r for r in records if r is not None]
    by_id: dict[str, list[str]] = {}
    for record in mine:
        by_id.setdefault(record.id, []).append(record.path)
    for record in known:
        if record.id in by_id:
            by_id[record.id].append(record.path)
    ordered: dict[str, list[str]] = {}
    out = []
    for record in mine:
        if len(by_id[record.id]) < 2:
            continue
        if record.id not in ordered:
            ordered[record.id] = sorted(set(by_id[record.id]))
        others = name_others(ordered[record.id], record.path)
        shown = record.id if len(record.id) <= 80 else record.id[:77] + "..."
        whose = (
            f'id "{shown}"'
            if record.explicit
            else (f'this post\'s id "{shown}" (its path without the extension)')
        )
        out.append(
            Finding(
                path=record.path,
                line=record.line,
                column=record.column,
                rule=DUPLICATE_ID.id,
                message=f"{whose} is also the id of {others}, so publishing would replace one "
                "with the other; give each post its own id",
            )
        )
    return out
