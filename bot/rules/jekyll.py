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

from bot.date_reading import lossy_date
from bot.file_names import too_long
from bot.jekyll import (
    JEKYLL_POST_NAME,
    STRICT_POST_NAME,
    DateError,
    folders_of,
    name_not_utf8,
    post_date,
    read_failed,
    real_calendar_date,
    rollover,
    show_drafts,
    type_name,
    unpublished_reason,
)
from bot.jekyll_liquid import excerpt_fault, liquid_fault, position
from bot.post import config_position
from bot.problem import Finding
from bot.rules.base import Rule, quoted
from bot.schema_plain import DATE_FIELDS

if TYPE_CHECKING:
    from bot.post import Post
    from bot.site import Site
    from bot.site_index import PostId, SiteRun

FILENAME = Rule(
    "jekyll/filename",
    "error",
    "a post file name that is not `YYYY-MM-DD-slug.ext` with a real calendar date",
    "Jekyll skips names without a date silently, publishes `2026-1-5-x.md` and "
    "`2026-01-05-.md` under names no one meant, and turns 2026-02-30 into March 2. A draft "
    "needs no date in its name, but with `show_drafts` one whose name holds a date Jekyll "
    "cannot read (`2026-13-01-x.md`, and no `date:`) stops the build.",
    why=(
        "Jekyll publishes only files named `YYYY-MM-DD-slug.ext` from `_posts/`: any other name "
        "is skipped without a word, and an impossible date such as 2026-02-30 is rolled over to "
        "March 2."
    ),
    fix="Rename the file `YYYY-MM-DD-slug.md` with the real publication day (`git mv`).",
    example="`2026-02-30-x.md` (Jekyll dates it March 2)",
    flags="`_posts/2026-02-30-launch.md` (February has no 30th) or `_posts/launch.md`",
    passes="`_posts/2026-03-02-launch.md`",
)
DEFAULTS = Rule(
    "jekyll/defaults",
    "error",
    "`defaults` in `_config.yml` that Jekyll's own code fails on for the post: it skips it",
    "A set without `scope` after a scoped one that also matches, or a scope `path` that is "
    'not text once two sets match: Jekyll logs "could not read file" and builds the site '
    "without the post. A set's `values.date` that is not text or a date with a time of day "
    "(`date: 2024-02-03` is a day alone) fails on every post, whatever the set's scope; "
    "text Jekyll cannot read as a date stops its build. "
    "(A `scope` that is not a mapping, or a `type` that is not text, fails on every post: "
    "pressbot refuses that configuration.)",
    why=(
        "Jekyll applies `defaults` with Ruby code that expects each set's `scope` to be a "
        "mapping of text: on anything else it fails for every post the sets match, logs "
        '"could not read file", and leaves the post out of the site, exit code 0.'
    ),
    fix=(
        "Give every `defaults` set a `scope` mapping whose `path` and `type` are text; write "
        'a default `date` in quotes (`"2024-02-03"`) or with a time (`2024-02-03 00:00:00`).'
    ),
    example='a set `- values: {author: Ann}` after `- scope: {path: ""}`',
    flags='`defaults: [{scope: {path: ""}, values: {layout: post}}, {values: {author: x}}]`',
    passes='`defaults: [{scope: {path: ""}, values: {layout: post, author: x}}]`',
)
DATE_MISMATCH = Rule(
    "jekyll/date-mismatch",
    "error",
    "front-matter date, in the site's timezone, on another day than the file name",
    "The URL then carries the front-matter day.",
    why=(
        "Jekyll takes the post's date (and so its URL, `/2026/01/04/...`) from the front matter "
        "when it has one, read in the site's `timezone`: a date that falls on another day than "
        "the file name moves the post to another URL than the one the file name promises."
    ),
    fix=(
        "Make the front-matter date fall on the file name's day in the site's timezone (give it "
        "an offset, `2026-01-05 09:00:00 -0500`), or rename the file."
    ),
    example="`date: 2026-01-05T00:13:58` (UTC) in New York is Jan 4",
    flags=(
        "```markdown\n---\ntitle: Notice\ndate: 2026-01-06 10:00:00\n---\n```\n\n(in "
        "`_posts/2026-01-05-example.md`)"
    ),
    passes=(
        "```markdown\n---\ntitle: Notice\ndate: 2026-01-05 10:00:00\n---\n```\n\n(in "
        "`_posts/2026-01-05-example.md`)"
    ),
    settings="`timezone:` in Jekyll's `_config.yml` (a date without an offset is read in it).",
)
DATE_LOSSY = Rule(
    "jekyll/date-lossy",
    "warning",
    "a date Jekyll reads only in part (text, a zone name or offset it ignores, a two-digit "
    "or missing year) or on a day that does not exist (it rolls over)",
    "Jekyll builds the post with its own reading of the date: the message says what it "
    "publishes, what it drops or fills in, and the date to write instead. A date Jekyll "
    "cannot read at all is a `schema/value` error.",
    why=(
        "Jekyll reads a date string with Ruby's `Time.parse`, which keeps what it recognises and "
        "silently drops the rest: a zone name it does not know (`CEST`), an offset after a "
        "malformed time, a second year. A day that does not exist (`2026-02-30`) rolls over to "
        "the next month. The post is built, but at another instant, and often another URL, than "
        "the author wrote."
    ),
    fix=(
        "Write the date as `YYYY-MM-DD HH:MM:SS +HHMM` (the message gives the one that keeps "
        "what the author meant), or the day Jekyll would use if that is what was meant."
    ),
    example="`date: 2020-01-01 00:10::00 -03:00` (Jekyll drops the offset)",
    flags=(
        "```markdown\n---\ntitle: Notice\ndate: 2026-01-05 10:00:00 CEST\n---\n```\n\n"
        "(Ruby does not know `CEST`: Jekyll reads 10:00 in the site's timezone)"
    ),
    passes="```markdown\n---\ntitle: Notice\ndate: 2026-01-05 10:00:00 +0200\n---\n```",
    settings="`timezone:` in Jekyll's `_config.yml` (a date without an offset is read in it).",
)
NUMBER_CATEGORY = Rule(
    "jekyll/number-category",
    "warning",
    "a category or tag written as a number (`categories: [2021]`): Jekyll keeps the number",
    "Jekyll keeps a number in `categories` and adds its text after the others, so the post "
    'lists the category twice (`[2021, news, "2021"]`); in `tags` it stays a number, which '
    'Liquid\'s `contains "2021"` does not find. A decimal is written back as Ruby writes it '
    "(`1.50` becomes `1.5`). Quote the name.",
    why=(
        "Category pages, feeds and Liquid filters compare names as text; a number makes the "
        "post appear twice in one category, or not at all where a theme looks for the text."
    ),
    fix='Quote the name: `categories: ["2021", news]`.',
    example='`categories: [2021, news]` is `2021, news, "2021"`',
    flags="```markdown\n---\ntitle: Notice\ncategories: [2021, news]\n---\n```",
    passes='```markdown\n---\ntitle: Notice\ncategories: ["2021", news]\n---\n```',
)
CATEGORIES_STRING = Rule(
    "jekyll/categories-string",
    "warning",
    "`categories: news, foundation` (Jekyll splits on spaces: the comma stays)",
    "Jekyll splits a string on whitespace, so the comma stays part of a category (`tags` "
    "likewise).",
    why=(
        "Jekyll splits a `categories` (or `tags`) string on whitespace only, so `news, "
        "foundation` makes the categories `news,` and `foundation`, and the post's URL gets "
        "`/news,/`."
    ),
    fix="Write a YAML list: `categories: [news, foundation]`.",
    example="the category `news,`",
    flags="```markdown\n---\ntitle: Notice\ncategories: news, foundation\n---\n```",
    passes="```markdown\n---\ntitle: Notice\ncategories: [news, foundation]\n---\n```",
)
DUPLICATE_URL = Rule(
    "jekyll/duplicate-url",
    "error",
    "two published posts that Jekyll writes to one file (one URL, or `/a` and `/a.html`), "
    "or a post written over the site's home page, or a post written inside another's file "
    "as if it were a folder",
    "Jekyll writes only one of them. Posts collide where Jekyll writes them, its output "
    "file: `/a` and `/a.html` are both `a.html`, `/c/` and `/c/index.html` both "
    "`c/index.html`, `/e f/` and `/e%20f/` both `e f/index.html`; drafts count when the "
    "site builds them (`show_drafts`), posts that `limit_posts` leaves out do not. A post "
    "at `/` (`permalink: ''`, which Jekyll takes as a template, or `/:categories/` for a "
    "post without categories) or `/index.html` is written over the home page "
    "(`index.html`, `index.md`). A post whose file another post needs as a folder "
    "(`/a.html` and `/a.html/b/`, or a category `a.html`) stops `jekyll build` with "
    '"File exists" or "Is a directory". A partial run also compares the checked posts with '
    "every "
    "other post of the site that could build to their files, through its name, "
    "`permalink`, `slug`, `defaults`, categories or date.",
    why=(
        "When two posts build to one URL, Jekyll writes one file over the other without an "
        "error: one post is silently missing from the site."
    ),
    fix="Give one of the posts another `permalink`, slug or date.",
    example="two posts with `permalink: /notice/`",
    flags=(
        "`_posts/2026-04-06-closure.md` and `_posts/2026-04-07-reopening.md`, both with "
        "`permalink: /notice/`"
    ),
    passes="the same posts with `permalink: /notice/closure/` and `permalink: /notice/reopening/`",
)
DUPLICATE_ID = Rule(
    "jekyll/duplicate-id",
    "error",
    "two posts under `_posts` with one publish id (the front-matter `id`, else the path "
    "without the extension): publishing one would replace the other, so publish blocks both",
    "Publishing one would replace the other at every target. A partial run also compares the "
    "checked posts with every other post under `_posts`.",
    why=(
        "pressbot publishes each post under its id (the front-matter `id`, else the path "
        "without the extension): two posts with one id would overwrite each other at every "
        "target, so publish blocks both."
    ),
    fix="Give the copied post its own `id` (or remove the copied `id`).",
    example="a post copied with its `id: notice-7`",
    flags=(
        "`_posts/2026-04-06-closure.md` and `_posts/2026-04-07-reopening.md`, both with `id: "
        "notice-7`"
    ),
    passes="the same posts with `id: notice-7` and `id: notice-8`",
)
URL_TOO_LONG = Rule(
    "jekyll/url-too-long",
    "error",
    "a URL with a part longer than a file name may be (255 bytes): `jekyll build` stops",
    'Jekyll reads the post, then fails to write it with "File name too long", and the whole '
    "build stops: a long `slug:`, category or permalink.",
    why=(
        "Jekyll writes each post at its URL, %-escapes undone: a part of the URL longer than "
        "255 bytes (a long `slug:`, a category, a permalink, a template that repeats `:title`) "
        'cannot be a file name, and `jekyll build` stops with "File name too long" — the '
        "whole site is not built."
    ),
    fix="Shorten the slug, category or permalink (the message names the part too long).",
    example="`slug:` of 300 letters",
    flags="```markdown\n---\ntitle: Notice\nslug: " + "a" * 300 + "\n---\n```",
    passes="```markdown\n---\ntitle: Notice\nslug: notice\n---\n```",
)
LIQUID = Rule(
    "jekyll/liquid",
    "error",
    "Liquid in a post's body that stops `jekyll build`: an unknown tag (template code quoted "
    "without `{% raw %}`), a block never closed, an include or post that is not there",
    "Jekyll runs Liquid over the body of every post it publishes (unless the post says "
    "`render_with_liquid: false`), code blocks included, and stops the whole build on the "
    "first Liquid error. Flagged: a tag Liquid does not know (`{% extends %}` and `{% block "
    "%}` quoted from Jinja or Django), a stray `{% endif %}` or `{% else %}`, an end tag "
    "that closes another block, a block or `{% raw %}` never closed, a `{%` or `{{` never "
    "closed, a tag whose arguments Liquid's parser refuses (`{% for %}`, `{% if %}`, "
    "`{% highlight %}` without a language); and, where the tag is rendered for sure (not "
    "inside `if`, `for`, `case`...), `{% include %}` of a file missing from the includes "
    "folder, `{% post_url %}` of no post Jekyll publishes, `{% link %}` of no file, "
    "`{% render %}`, a condition of `{% if %}`, `{% elsif %}` or `{% unless %}` that Liquid "
    "evaluates for sure (the first, or one the literals before it lead to: `{% if false or "
    "x = 1 %}`, an `elsif` after `{% if false %}`) with an operator it does not know "
    "(`{% if x = 1 %}`, `is`, `in`, `{% if not x %}`), a filter of Liquid or Jekyll given "
    "too few or too many arguments (`{{ x | append }}`, `| date:` with nothing after the "
    "colon, `| split`, in `{% assign %}` and `{% echo %}` too), and an integer literal "
    "`divided_by` or `modulo` "
    "a literal 0. The lines of `{% liquid %}` are read as the tags they are. Jekyll's "
    "`liquid:` settings are not read: with `error_mode: strict`, `strict_filters` or "
    "`strict_variables`, Jekyll also stops on what its strict parser refuses "
    "(`{{ page.title.. }}`), on an unknown filter, or on an undefined variable, which this "
    "rule does not report. The tags of Liquid, Jekyll and the plugins the site loads are known "
    "(`plugins:` with jekyll-seo-tag, jekyll-feed, jekyll-gist...); on a site that loads "
    "code pressbot cannot read (a `_plugins` folder, a Gemfile `jekyll_plugins` group, "
    "another plugin or theme gem) an unknown tag is not reported, nor is a missing include "
    "on a site with a theme. `pressbot list` shows such a post as not published (invalid).",
    why=(
        'Jekyll stops with "Liquid syntax error ... YOUR SITE COULD NOT BE BUILT": not '
        "only that post, the whole site is not built. Template code quoted in a tutorial "
        "(Jinja, Django, Handlebars, Go templates) is the usual cause: Liquid reads it inside "
        "a fenced code block too."
    ),
    fix=(
        "Wrap example code in `{% raw %}` ... `{% endraw %}`; close the block the message "
        "names; create the include or fix the post's name; or set `render_with_liquid: false` "
        "in the front matter when the post uses no Liquid at all."
    ),
    example='`{% extends "base.html" %}` in a code block',
    flags=(
        '```markdown\n---\ntitle: Jinja tips\n---\nIn Jinja:\n\n    {% extends "base.html" %}\n```'
    ),
    passes=(
        "```markdown\n---\ntitle: Jinja tips\n---\nIn Jinja:\n\n"
        '    {% raw %}{% extends "base.html" %}{% endraw %}\n```'
    ),
    settings=(
        "`render_with_liquid: false` (front matter or `defaults`); `plugins:`, `theme:`, "
        "`includes_dir`, `plugins_dir` and `safe` in Jekyll's `_config.yml`."
    ),
)
EXCERPT_LIQUID = Rule(
    "jekyll/excerpt-liquid",
    "warning",
    "a post whose excerpt (its text up to the first blank line, or `excerpt_separator`) "
    "holds Liquid that stops `jekyll build` wherever the excerpt is shown, though the "
    "whole body's Liquid does not",
    "Jekyll makes each post's excerpt (`post.excerpt`) from its body up to the "
    "`excerpt_separator` (the post's, else the site's; a blank line by default) and renders "
    "it as a template of its own. A block split by the separator is closed only when no "
    "end tag of its name is in the excerpt: `{% if a %}{% if b %}x{% endif %}`, a blank "
    "line, then `y{% endif %}` leaves an `if` open (\"'if' tag was never closed in "
    '..._posts/...md/#excerpt"). The excerpt is rendered only where something shows it: a '
    "layout or page using `post.excerpt` or `page.excerpt`, jekyll-feed, jekyll-seo-tag, "
    "most themes; a site that shows none builds, hence a warning. Not flagged: a post with "
    "its own `excerpt`, an empty `excerpt_separator`, a body without the separator (the "
    "excerpt is the whole body, which `jekyll/liquid` reads).",
    why=(
        "Where the excerpt is shown, the build stops on it: the whole site is not built, "
        "though the post's body on its own is fine."
    ),
    fix=(
        "Close the block before the first blank line (or the separator), set "
        "`excerpt_separator` in the post's front matter to a marker such as `<!--more-->` "
        "after the block, or give the post its own `excerpt`."
    ),
    example="a blank line inside two nested `{% if %}` blocks",
    flags=(
        "```markdown\n---\ntitle: Notice\n---\n{% if a %}{% if b %}x{% endif %}\n\n"
        "y{% endif %}\n```"
    ),
    passes=(
        "```markdown\n---\ntitle: Notice\nexcerpt_separator: <!--more-->\n---\n"
        "{% if a %}{% if b %}x{% endif %}\n\ny{% endif %}\n<!--more-->\n```"
    ),
    settings="`excerpt_separator` (the post's front matter, `defaults` or `_config.yml`).",
)
PERMALINK = Rule(
    "jekyll/permalink",
    "error",
    "a post URL Jekyll cannot build: a `permalink` placeholder its posts do not have "
    "(`:basename`, `:tags`), or a value Addressable refuses in it (a category `Q&A: news`): "
    "`jekyll build` stops",
    "Jekyll knows `:year`, `:month`, `:day`, `:title`, `:slug`, `:name`, `:categories`, "
    "`:path`, `:output_ext` and the other date parts; on any other `:word` it stops the "
    'whole build ("The URL template doesn\'t have tags keys"). It then escapes each value '
    "with `Addressable::URI.encode`, which reads the value as a whole URI: text before a "
    "`:` is its scheme, which must be a letter and then letters, digits, `+`, `-` or `.` "
    "(a category `Q&A: news`, `Part 2: x` or `1:60`, a folder `1:x/_posts`, a time, "
    "`permalink: /:title.:output_ext` whose extension is `.:output_ext`), and a value "
    "starting with `//` names a host: Addressable raises and the build stops. A post it "
    "does not publish (a draft, future, `published: false`) is not flagged. A site-wide "
    "`permalink` with an unknown placeholder is refused with the configuration. A URL "
    "whose `%`-escapes Jekyll undoes into a NUL byte or bytes that are not UTF-8 (`%00`, "
    "`%FF` in a permalink, a NUL in a category) stops the build when it writes the file.",
    why=(
        "Jekyll builds a published post's URL from its `permalink` template and raises on a "
        "placeholder its posts do not have, or on a value Addressable cannot read as a URI: "
        "the build stops and no page of the site is written. (A few names of Ruby methods, "
        "such as `:hash`, print nothing instead.)"
    ),
    fix=(
        "Use a placeholder Jekyll has (`:title`, `:slug`, `:year`, ...) or write the text; "
        "take the `:` out of the category, folder or file name the message names."
    ),
    example='`permalink: /:year/:basename/`; `categories: ["Q&A: news"]`',
    flags="```markdown\n---\ntitle: Notice\npermalink: /news/:tags/:title/\n---\n```",
    passes="```markdown\n---\ntitle: Notice\npermalink: /news/:categories/:title/\n---\n```",
)
RULES = (
    FILENAME,
    DEFAULTS,
    DATE_MISMATCH,
    DATE_LOSSY,
    NUMBER_CATEGORY,
    CATEGORIES_STRING,
    DUPLICATE_URL,
    DUPLICATE_ID,
    EXCERPT_LIQUID,
    URL_TOO_LONG,
    LIQUID,
    PERMALINK,
)


def _filename(post: Post) -> Iterator[Finding]:
    if name_not_utf8(post.name):
        yield post.finding(
            FILENAME,
            1,
            1,
            "the file name is not UTF-8, and Jekyll's whole build stops on it (invalid byte "
            "sequence in UTF-8); rename the file with UTF-8 text",
        )
        return
    match = STRICT_POST_NAME.match(post.name)
    if match is None:
        if JEKYLL_POST_NAME.match(post.name):  # `999-1-3-x.md`, `2020-01-12-.md`
            what = (
                f'"{post.name}" is published by Jekyll, but is not named YYYY-MM-DD-slug '
                "(a four-digit year, two-digit month and day, a slug); rename it"
            )
        else:
            what = f'"{post.name}" is not a post name Jekyll publishes; name it YYYY-MM-DD-slug.md'
        yield post.finding(FILENAME, 1, 1, what)
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


def _draft_name(post: Post, site: Site) -> Iterator[Finding]:
    """A draft needs no date in its name, but with `show_drafts` Jekyll reads one that it
    has when the front matter gives none, and a date it cannot read (`2020-13-01`) stops
    the whole build."""
    match = JEKYLL_POST_NAME.match(post.name)
    if match is None or read_failed(post) or post.merged.get("date") is not None:
        return
    _, error = post_date(post, site)
    if error is not None:
        yield post.finding(
            FILENAME,
            1,
            1,
            f"{match.group(1)} in the draft's name is not a date: with `show_drafts` Jekyll "
            "reads it and stops the build (Invalid date); rename the file or give the draft "
            "a `date:`",
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
        shown = quoted(lossy.text, 60)
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
            written = quoted(token.group() if token else "", 40)
            try:
                text = quoted(ruby.to_s(item), 40)
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


def check(post: Post, site: Site) -> Iterable[Finding]:
    if not post.readable or site.is_hugo:
        return
    if post.defaults_date is not None:
        yield post.finding(DEFAULTS, 1, 1, _defaults_date_message(post, site))
    elif post.defaults_error is not None:
        yield post.finding(
            DEFAULTS,
            1,
            1,
            f"Jekyll cannot read the post: the site's `defaults` have {post.defaults_error}, "
            "so Jekyll fails on it and leaves it out; give every set a `scope` mapping whose "
            "`path` and `type` are text",
        )
    if post.kind == "post":
        yield from _filename(post)
        yield from _date_mismatch(post, site)
    elif post.kind == "draft" and show_drafts(site):
        yield from _draft_name(post, site)
    if post.front_matter is not None:
        yield from _date_lossy(post, site)
        yield from _numbers(post)
    yield from _string_lists(post)
    yield from _permalink(post, site)
    yield from _url_value(post, site)
    yield from _url_escape(post, site)
    yield from _home_page(post, site)
    yield from _url_too_long(post, site)
    yield from _liquid(post, site)
    if post.kind in ("post", "draft"):
        yield from _excerpt_liquid(post, site)


def _excerpt_liquid(post: Post, site: Site) -> Iterator[Finding]:
    """The Liquid of the post's excerpt that stops the build where the excerpt is shown."""
    fault = excerpt_fault(post, site)
    if fault is None or unpublished_reason(post, site) is not None:
        return
    yield post.finding(
        EXCERPT_LIQUID,
        *position(post, fault),
        f"in the post's excerpt (its text up to the excerpt separator, rendered on its own "
        f"where `post.excerpt` is shown): {fault.message}",
    )


def _defaults_date_message(post: Post, site: Site) -> str:
    """A `defaults` set's `values.date` that Jekyll's `Time.parse` cannot take (see
    `bot.post._check_dates`), where it is in the configuration, and what to write."""
    assert post.defaults_date is not None
    index, value = post.defaults_date
    key = f"defaults[{index}].values.date"
    where = site.jekyll_file
    found = config_position(site, ("defaults", index, "values", "date"))
    if found is not None:
        where = f"{where}:{found[0]}:{found[1]}"
    if isinstance(value, str):
        return (
            f"Jekyll cannot read the post: `{key}` ({where}): {post.defaults_error}; "
            "Jekyll parses it whatever the set's scope, and its build stops on the first post "
            "or page it reads"
        )
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value.isoformat()
        what = f"is a day without a time of day ({day}): YAML makes it a date object"
        remedy = f'write it in quotes ("{day}") or give a time ({day} 00:00:00)'
    else:
        what = f"is {type_name(value)}, not a date or text"
        remedy = 'write a date in quotes ("YYYY-MM-DD HH:MM:SS +ZZZZ"), or remove the key'
    return (
        f"Jekyll cannot read the post: `{key}` ({where}) {what}, which Jekyll's `defaults` "
        "code cannot parse whatever the set's scope: it leaves out every post, and a page "
        f"with front matter stops the build; {remedy}"
    )


def _liquid(post: Post, site: Site) -> Iterator[Finding]:
    """The Liquid that stops the build, in a post Jekyll publishes."""
    if post.kind == "other":
        return
    fault = liquid_fault(post, site)
    if fault is None or unpublished_reason(post, site) is not None:
        return
    yield post.finding(LIQUID, *position(post, fault), fault.message)


def _permalink(post: Post, site: Site) -> Iterator[Finding]:
    from bot.jekyll import bad_template
    from bot.rules.schema import value_position

    if post.kind == "other":
        return
    error = bad_template(post, site)
    if error is None:
        return
    own = post.front_matter or {}
    line, column = value_position(post, "permalink") if "permalink" in own else (1, 1)
    where = "" if "permalink" in own else " (from the site's defaults)"
    yield post.finding(
        PERMALINK,
        line,
        column,
        f"permalink{where} has {error}, a placeholder Jekyll's posts do not have: "
        "`jekyll build` stops on this post (use :title, :slug, :year, :categories, ... "
        "or plain text)",
    )


_URL_ADVICE = {
    "categories": "write the category without `:` (and not starting with `/`)",
    "path": "rename the file or its folders without `:`",
    "output_ext": (
        "write `:output_ext` right after the name (`/:title:output_ext`) or a plain "
        "extension (`/:title.html`)"
    ),
}


def _url_value(post: Post, site: Site) -> Iterator[Finding]:
    """A value Jekyll puts in the post's URL that Addressable refuses (`Q&A: news` as a
    category reads as a URI with the scheme `Q&A`): the build stops."""
    from bot.jekyll import bad_url
    from bot.ruby import inspect
    from bot.rules.schema import value_position

    if post.kind == "other":
        return
    error = bad_url(post, site)
    if error is None:
        return
    own = post.front_matter or {}
    if error.key == "output_ext":
        where = value_position(post, "permalink") if "permalink" in own else (1, 1)
    elif error.key == "categories":
        where = post.first_key_position(("categories", "category"))
    else:
        where = (1, 1)
    advice = _URL_ADVICE.get(error.key, "take the `:` out")
    if error.key == "categories" and ":" in post.path.rpartition("/")[0]:
        advice = "rename the folder without `:` (Jekyll makes it a category)"
    yield post.finding(
        PERMALINK,
        *where,
        f"the URL's :{error.key} is {inspect(quoted(error.value, 60))}, which Jekyll cannot "
        f"put in a URL (Addressable: {inspect(quoted(str(error), 80))}): `jekyll build` "
        f"stops on this post; {advice}",
    )


def _url_escape(post: Post, site: Site) -> Iterator[Finding]:
    """A URL whose %-escapes give a file name Ruby refuses (`bot.jekyll.unwritable_url`):
    Jekyll stops when it writes the post."""
    from bot.jekyll import describe, jekyll_data, may_unescape_badly, unwritable_url
    from bot.rules.schema import value_position

    if post.kind == "other" or not may_unescape_badly(post, site):
        return
    info = describe(post, site)
    if info.reason != "invalid" or info.url is None or unpublished_reason(post, site):
        return
    bad = unwritable_url(info.url)
    if bad is None:
        return
    own = post.front_matter or {}
    permalink = jekyll_data(post).get("permalink")
    if "%" in (permalink if isinstance(permalink, str) else site.permalink):
        where = value_position(post, "permalink") if "permalink" in own else (1, 1)
        how = "write the permalink without that escape"
    else:
        where = post.first_key_position(("categories", "category"))
        how = "take the NUL out of the category"
    yield post.finding(
        PERMALINK,
        *where,
        f"builds to {quoted(info.url, 60)}, whose %-escapes Jekyll undoes into {bad[0]} to "
        f'write the file: `jekyll build` stops ("{bad[1]}"); {how}',
    )


def _home_page(post: Post, site: Site) -> Iterator[Finding]:
    """A published post whose URL is `/`: Jekyll writes it last, over the site's home page."""
    from bot.jekyll import describe, may_build_home_page
    from bot.rules.schema import value_position

    if post.kind == "other" or not may_build_home_page(post, site):
        return
    home = home_page(site)
    if home is None:
        return
    info = describe(post, site)
    if not info.published or info.url != "/":
        return
    own = post.front_matter or {}
    permalink = own.get("permalink", post.defaults.get("permalink"))
    where = value_position(post, "permalink") if "permalink" in own else (1, 1)
    if permalink == "":
        how = "`permalink: ''` is a template that is empty, not no permalink: remove the line"
    else:
        how = "give the post another `permalink`"
    yield post.finding(
        DUPLICATE_URL,
        *where,
        f"builds to /, the site's home page ({home}): Jekyll writes the post over it; {how}",
    )


HOME_PAGES = ("index.html", "index.htm", "index.xhtml")
"""Home pages that build to `/` (besides `index.` with a Markdown extension)."""


def home_page(site: Site) -> str | None:
    """The file at the site's root that builds to `/`: `index.html` (a page, or a file
    Jekyll copies as it is), or an `index` page in Markdown or `.htm` (with front matter)."""
    from bot.jekyll import output_ext

    try:
        names = sorted(p.name for p in site.root.iterdir() if p.name.startswith("index."))
    except OSError:
        return None
    for name in names:
        if name == "index.html":
            return name
        ext = "." + name.split(".", 1)[1]
        if name in HOME_PAGES or output_ext(ext, site) == ".html":
            try:
                with (site.root / name).open("rb") as handle:
                    if re.match(rb"---[ \t]*\r?\n", handle.read(8)):
                        return name
            except OSError:
                continue
    return None


def _url_too_long(post: Post, site: Site) -> Iterator[Finding]:
    from bot.jekyll import URL_KEYS, describe, may_write_long_name, written_file

    if post.kind == "other" or not may_write_long_name(post, site):
        return
    info = describe(post, site)
    if not info.published or not info.url:
        return
    why = too_long(written_file(post, site, info.url), str(site.root / "_site"))
    if why is not None:
        yield post.finding(
            URL_TOO_LONG,
            *post.first_key_position(URL_KEYS),
            f"builds to {quoted(info.url, 40)}, whose file has {why}: `jekyll build` stops with "
            '"File name too long" (shorten the slug, categories or permalink)',
        )


def check_site(run: SiteRun, site: Site) -> Iterator[Finding]:
    """Posts that build to one file, and posts under `_posts` that hold one publish id; in a
    partial run the checked posts are also compared with the site's others that could
    collide with them (`bot.site_index.other_posts`)."""
    from bot import site_index

    if site.is_hugo:
        return
    urls, ids = run.enabled(DUPLICATE_URL), run.enabled(DUPLICATE_ID)
    home = home_page(site) if urls else None
    if urls:
        also = {HOME_FILE} if home is not None else set()
        site_index.resolve_tails(site, run.entries, every=run.partial, also=also)
    others = site_index.other_posts(site, run, urls, ids) if run.partial else None
    if urls:
        known: dict[str, list[tuple[str, str]]] = {}
        if others is not None:
            known = site_index.other_urls(site, run.entries, others, run.candidates)
        dropped = site_index.limited(site, run)
        yield from duplicate_urls(run.entries, known, dropped, home)
        inside: list[tuple[str, str, str]] = []
        if others is not None:
            inside = site_index.other_inside(run.entries, others, run.candidates)
            inside += [(p, url, key) for key, owners in known.items() for p, url in owners]
        yield from folder_conflicts(run.entries, inside, dropped, home)
    if ids:
        found = site_index.other_ids(site, run.ids, others) if others is not None else []
        yield from duplicate_ids(run.ids, found)


HOME_FILE = "index.html"
"""The file the site's home page is written to (`home_page`)."""


def duplicate_urls(
    infos: list[Any],
    known: dict[str, list[tuple[str, str]]] | None = None,
    dropped: set[str] | frozenset[str] = frozenset(),
    home: str | None = None,
) -> list[Finding]:
    """Published posts that Jekyll writes to one file (`bot.jekyll.destination`: `/a` and
    `/a.html` are one file), each naming the others. ``known`` are the files of other
    posts, not reported on (the rest of the site in a partial run), with their paths and
    URLs; ``dropped`` are posts that `limit_posts` keeps Jekyll from
    building; ``home`` is the site's home page (`home_page`), written to `index.html`. A
    post at `/` is not told again about the home page (`_home_page` does)."""
    by_file: dict[str, list[tuple[str, str]]] = {}
    if home is not None:
        by_file[HOME_FILE] = [(home, "/")]
    for info in infos:
        if info is None or not info.published or not info.url or info.path in dropped:
            continue
        by_file.setdefault(info.written or info.url, []).append((info.path, info.url))
    for key, owners in (known or {}).items():
        if key in by_file:
            seen = {path for path, _ in by_file[key]}
            by_file[key].extend(o for o in owners if o[0] not in seen and o[0] not in dropped)
    checked = {info.path for info in infos if info is not None}
    out = []
    for key, owners in by_file.items():
        if len(owners) < 2:
            continue
        urls = {url for _, url in owners}
        paths = [p for p, _ in owners]
        named = sorted(f"{p} (the home page)" if p == home else p for p in paths)
        without_home = sorted(p for p in paths if p != home)
        for owner, url in owners:
            if owner not in checked:
                continue
            ordered = without_home if url == "/" and home is not None else named
            if len(ordered) < 2:
                continue  # a post at `/` and the home page only: `_home_page` says it
            where = url if len(urls) == 1 else f"{url} (the file {quoted(key, 80)})"
            out.append(
                Finding(
                    path=owner,
                    line=1,
                    column=1,
                    rule=DUPLICATE_URL.id,
                    message=f"builds to {where}, as {name_others(ordered, owner)} does; "
                    "Jekyll writes only one of them (change the slug, date or permalink)",
                )
            )
    return out


def folder_conflicts(
    infos: list[Any],
    known: Iterable[tuple[str, str, str]] = (),
    dropped: set[str] | frozenset[str] = frozenset(),
    home: str | None = None,
) -> list[Finding]:
    """Published posts whose file another post's file is inside, as if it were a folder
    (`/a.html` and `/a.html/b/`): `jekyll build` stops at the second one it writes. The
    checked posts are ``infos``; ``known`` are other posts (path, URL, file), not
    reported on; ``home`` is the site's home page, written to `index.html`."""
    posts: dict[str, tuple[str, str]] = {}
    for info in infos:
        if info is not None and info.published and info.url and info.path not in dropped:
            posts[info.path] = (info.url, info.written or info.url)
    for path, url, written in known:
        if path not in dropped:
            posts.setdefault(path, (url, written))
    by_file: dict[str, list[str]] = {HOME_FILE: [home]} if home is not None else {}
    for path, (_, written) in posts.items():
        by_file.setdefault(written, []).append(path)
    inside: dict[str, list[str]] = {}
    for path, (_, written) in posts.items():
        for folder in folders_of(written):
            if folder in by_file:
                inside.setdefault(folder, []).append(path)
    checked = {info.path for info in infos if info is not None}
    out = []
    for folder, paths in sorted(inside.items()):
        owners = by_file[folder]
        for path in (p for p in paths if p in checked):
            where = f"inside {quoted(folder, 80)}, the file {_named(owners, home)} is written to"
            out.append(_inside_finding(path, f"builds to {posts[path][0]}, {where}"))
        for owner in (o for o in owners if o in checked and o != home):
            needs = f"which {_named(paths, home)} needs as a folder"
            what = f"builds to {posts[owner][0]}, the file {quoted(folder, 80)}, {needs}"
            out.append(_inside_finding(owner, what))
    return out


def _named(paths: list[str], home: str | None) -> str:
    """The first few of ``paths``, sorted (the home page said), and how many more."""
    ordered = sorted(f"{p} (the home page)" if p == home else p for p in paths)
    more = len(ordered) - MAX_NAMED
    return ", ".join(ordered[:MAX_NAMED]) + (f" and {more} more" if more > 0 else "")


def _inside_finding(path: str, what: str) -> Finding:
    return Finding(
        path=path,
        line=1,
        column=1,
        rule=DUPLICATE_URL.id,
        message=f'{what}: `jekyll build` stops with "File exists" when the file is written '
        'first, else with "Is a directory" (change the slug, date or permalink)',
    )


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
        shown = quoted(record.id, 80)
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
