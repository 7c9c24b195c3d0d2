"""Hugo's traps, as Hugo 0.111 reads a page: booleans written as text, dates it cannot read
(and drops without a word), pages it does not build yet or any more, and pages that build
to one URL (their `url`, slug or permalink, and every `aliases` entry).

`hugo/duplicate-url` compares pages with each other: it is found by `check_site`, which the
engine runs after every page has been checked. The family finds nothing on a Jekyll site.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from bot.problem import Finding
from bot.rules.base import Rule, quoted
from bot.schema_hugo_site import model as hugo_model

if TYPE_CHECKING:
    from bot.hugo.describe import HugoPage
    from bot.hugo.shortcodes import Shortcode, SiteShortcodes
    from bot.post import Post
    from bot.site import Site
    from bot.site_index import SiteRun

STRING_BOOL = Rule(
    "hugo/string-bool",
    "warning",
    '`draft`, `published` or `headless` written as text or a number (`draft = "true"`): '
    'Hugo casts it, and reads `"yes"` as false; a `_build` value Hugo ignores',
    "The message says what Hugo reads: Go's `strconv.ParseBool` takes `1`, `t`, `T`, "
    "`TRUE`, `true`, `True` and their false twins; any other text (`yes`, `on`, `no`) is "
    "false for `draft` and `headless`, and ignored for `published`. `_build`'s `list` "
    "(`always`, `never`, `local`) and `render` (`always`, `never`, `link`) are taken as "
    'written, with 0 and 1 (or false and true) for never and always: `render: "false"` '
    "or `render: Never` is ignored, and the page is rendered and listed.",
    why=(
        'Hugo reads `draft: "yes"` as false, so a page its author marked as a draft is '
        'published; `draft = "true"` happens to work, but a CMS or another tool that reads '
        "the front matter may see text where a boolean belongs."
    ),
    fix="Write a boolean without quotes: `draft: true` (YAML), `draft = true` (TOML), "
    '`"draft": true` (JSON).',
    example='`draft: "yes"` (Hugo publishes the page)',
    flags='```md\n---\ntitle: Notice\ndraft: "yes"\n---\n```',
    passes="```md\n---\ntitle: Notice\ndraft: true\n---\n```",
)
INVALID_DATE = Rule(
    "hugo/invalid-date",
    "error",
    "a `date`, `publishDate`, `expiryDate` or `lastmod` (or a key the site's `frontmatter` "
    "dates name) that Hugo cannot read: it drops it without a word",
    "Hugo tries the next key for that date (`date` falls back to `publishDate`, then "
    "`lastmod`); the message says what the page is dated instead.",
    why=(
        "Hugo 0.111 builds the page as if the date were not there, and says nothing: a page "
        "whose `publishDate` it cannot read is published at once, one whose `expiryDate` it "
        "cannot read never expires, and a page without a date sorts as 0001-01-01 and gets "
        "`/0001/` in a `:year` permalink."
    ),
    fix=(
        "Write the date as `2026-01-05T09:00:00+01:00` (or `2026-01-05` for the day in the "
        "site's `timeZone`)."
    ),
    example='`date: "2026-13-05"` (no 13th month)',
    flags='```md\n---\ntitle: Notice\npublishDate: "next tuesday"\n---\n```',
    passes="```md\n---\ntitle: Notice\npublishDate: 2026-01-06T09:00:00+01:00\n---\n```",
    settings="`frontmatter` (the keys each date is read from) and `timeZone` in Hugo's "
    "configuration.",
)
DATE_LOSSY = Rule(
    "hugo/date-lossy",
    "warning",
    "a date without an offset at a local time that a clock change skips: Hugo moves it, "
    "often to the day before; a date Hugo reads in a year before 1 or after 9999 (a time in "
    "milliseconds, read as seconds)",
    "Hugo reads a date without an offset in the site's (or the language's) `timeZone`; a "
    "time that does not exist there, because the clocks jump forward at it, is moved by the "
    "jump, as Go's `time.Date` does. Hugo reads a whole number as seconds since 1970, so a "
    "time in milliseconds (`1704189600000`) is in the year 55973, and it takes the year 0 "
    "(`0000-06-01`) as written: the page is not built for thousands of years, or its URL "
    "holds `/55973/` or `/0/`. The message says what Hugo reads and the date to write "
    "instead.",
    why=(
        "Where the clocks change at midnight (Chile, Paraguay, Cuba, Lebanon, Brazil until "
        "2019), a page dated with the day alone on the day of the change is read as 23:00 the "
        "day before: it is listed under that day, and a `:year/:month/:day` permalink gives it "
        "that day's URL."
    ),
    fix="Write the date with its offset, as the message suggests (the local time after the "
    "jump), or with a time of day the change does not skip.",
    example="`date: 2018-11-04` with `timeZone = 'America/Sao_Paulo'` (Hugo reads 3 November)",
    flags=(
        "```md\n---\ntitle: Notice\ndate: 2018-11-04\n---\n```\n\n(with `timeZone = "
        "'America/Sao_Paulo'`, whose clocks jumped from 00:00 to 01:00 that day)"
    ),
    passes="```md\n---\ntitle: Notice\ndate: 2018-11-04T01:00:00-02:00\n---\n```",
    settings="`timeZone` in Hugo's configuration (and in each language's).",
)
EXPIRED = Rule(
    "hugo/expired",
    "warning",
    "a page whose `expiryDate` has passed: Hugo no longer builds it",
    "The message says since when (in the site's `timeZone`); `--now` sets the moment "
    "compared with.",
    why=(
        "Without `buildExpired`, Hugo leaves an expired page out of the site without a word: "
        "its URL disappears, and links to it break."
    ),
    fix=(
        "Remove the `expiryDate` (or move it later) to keep the page; delete the page, or "
        "redirect its URL with another page's `aliases`, if it is meant to be gone."
    ),
    example="`expiryDate: 2020-01-01` (not built since then)",
    flags="```md\n---\ntitle: Notice\nexpiryDate: 2020-01-01\n---\n```",
    passes="```md\n---\ntitle: Notice\nexpiryDate: 2999-01-01\n---\n```",
    settings="`buildExpired` in Hugo's configuration (then expired pages are built).",
)
FUTURE = Rule(
    "hugo/future",
    "info",
    "a page dated after now (`date` or `publishDate`): Hugo does not build it until then",
    "A scheduled page is often meant; the message says when it appears, so a date put in "
    "the future by mistake (a wrong year, a zone) is seen. `pressbot publish` waits for it "
    "too.",
    why=(
        "Without `buildFuture`, Hugo leaves a page whose publish date is after the build "
        "out of the site: it appears only with the first build after that moment."
    ),
    fix="Nothing, when the page is scheduled; otherwise correct its `date` or `publishDate`.",
    example="`date: 2099-01-01` (built from then on)",
    flags="```md\n---\ntitle: Notice\ndate: 2999-01-01\n---\n```",
    passes="```md\n---\ntitle: Notice\ndate: 2020-01-01\n---\n```",
    settings="`buildFuture` in Hugo's configuration (then future pages are built).",
)
DUPLICATE_URL = Rule(
    "hugo/duplicate-url",
    "error",
    "two built pages that write one URL: their `url`, slug or permalink, or an `aliases` entry;"
    " or a page at the URL of a list page (the home page, a section, a taxonomy or a term) "
    "where Hugo puts it by default (a term of a taxonomy `permalinks` shapes is not compared);"
    " or a page's file that is a folder another page is written in",
    "An alias is a page too (a redirect): an alias that is another page's URL, or two "
    "pages with one alias, collide as well: Hugo writes the redirects first and the pages "
    "over them, so such an alias leads to the other page (`/index.html` to the home page). An "
    "alias that resolves to the site's root (`/`) stops Hugo's build. A page at a list "
    "page's URL (`url: /posts/` where `posts/` is a section, `url: /tags/go/` where a "
    "page has the tag `go`) is lost: Hugo writes the list "
    "page there (a list page that is not where Hugo puts it by default, with a `url` or "
    "`_build` of its own or a `permalinks` pattern, is not compared). A `url` that holds a "
    "dot anywhere and does not end in `/` names a file (`url: /v1.2/notes` is the file "
    "`v1.2/notes`): a page at `/v1.2/notes/more/` is written in a folder of that name, and "
    "Hugo's build fails (is a directory), as it does for `url: /j/` beside "
    "`url: /j/index.html/` (written to `j/index.html/index.html`). A partial run (a "
    "pre-commit hook, a pull request) compares the checked "
    "pages with every other page of the site, reading in full only those whose front matter "
    "or path could give one of their URLs.",
    why=(
        "Hugo writes one file per URL: when two pages (or a page and another's alias) build "
        "to one URL, one of them silently replaces the other, and a page is missing from the "
        "site."
    ),
    fix="Give one of the pages another `url` or `slug`, or remove the alias.",
    example="`aliases: [/notice/]` where another page is `/notice/`",
    flags=(
        "`content/posts/closure.md` with `url: /notice/` and `content/posts/reopening.md` with "
        "`aliases: [/notice/]`"
    ),
    passes="the same pages with `url: /notice/closure/` and `aliases: [/notice/reopening/]`",
)
URL_TOO_LONG = Rule(
    "hugo/url-too-long",
    "error",
    "a URL or alias with a part longer than a file name may be (255 bytes): Hugo's build stops",
    'Hugo reads the page (`hugo list all` lists it), then fails to write it with "file name '
    'too long", and the whole build stops: a long title where the permalink uses `:slug` or '
    "`:title`, a long `slug`, `url` or alias, or a long tag or other taxonomy term (Hugo "
    "builds a page for each term, at `/tags/TERM/`).",
    why=(
        "Hugo writes each page, and a redirect for each alias, at its URL with %-escapes "
        "undone: a part longer than 255 bytes cannot be a file name, and the build stops. A "
        "title becomes the URL wherever the permalink uses `:slug` (without a `slug`) or "
        "`:title`, so a long headline is enough."
    ),
    fix="Give the page a shorter `slug` (or `url`, or alias).",
    example="a 300-letter title under `posts = '/:slug/'`",
    flags=(
        '```toml\n+++\ntitle = "' + "word " * 60 + '"\n+++\n```\n\n(with `[permalinks] '
        "posts = '/:slug/'`)"
    ),
    passes=('```toml\n+++\ntitle = "' + "word " * 60 + '"\nslug = "words"\n+++\n```'),
)
INVALID_URL = Rule(
    "hugo/invalid-url",
    "error",
    "a `url` or alias that stops Hugo's build: with a protocol (`https://...`), a control "
    "character, a `%` that starts no escape, or a file's name that is the site's root",
    "Hugo refuses a `url` or an `aliases` entry with a protocol (each is a path from the "
    "site root), "
    "and crashes on a link Go's `net/url` cannot parse: a control character anywhere, or a "
    "`%` not followed by two hex digits outside the query (`?`). A `url` that holds a dot "
    "and does not end in `/` names a file; one that resolves to the site's root (`/x/..`) "
    "names the publish folder itself, which Hugo cannot write.",
    why=(
        "One such page stops the whole build (Hugo 0.111 panics on the bad link), so "
        "nothing of the site is published until it is fixed."
    ),
    fix="Give the path from the site root (`/notice/`); write a percent sign as `%25`.",
    example="`url: https://news.example.org/notice/`",
    flags='```md\n---\ntitle: Notice\nurl: "/100%/"\n---\n```',
    passes='```md\n---\ntitle: Notice\nurl: "/100%25/"\n---\n```',
)
UNKNOWN_OUTPUT = Rule(
    "hugo/unknown-output",
    "error",
    "an `outputs` entry that names no output format Hugo knows: its build stops",
    "Hugo knows `html`, `amp`, `calendar`, `css`, `csv`, `json`, `markdown`, `robots`, `rss`, "
    "`sitemap` and `webappmanifest` (in any case), and the formats the site's "
    "`outputFormats` defines; an entry is taken as written (a space in it is part of the "
    "name), and a text value is split on white space.",
    why=(
        'Hugo stops the whole build on a page with an output format it cannot find ("Failed '
        'to resolve output formats"), so nothing of the site is published.'
    ),
    fix="Name a known format (`outputs: [html, json]`), or define the format in `outputFormats`.",
    example="`outputs: [html, jsn]`",
    flags="```md\n---\ntitle: Notice\noutputs: [html, jsn]\n---\n```",
    passes="```md\n---\ntitle: Notice\noutputs: [html, json]\n---\n```",
    settings="`outputFormats` in Hugo's configuration (the formats it adds).",
)
TERM_VALUE = Rule(
    "hugo/term-value",
    "warning",
    "a taxonomy term (`tags`, `categories`, the site's own) that Hugo reads as other text "
    'than written, or drops: `1.50` is the term "1.5", `yes` "true", null makes none',
    "Hugo makes text of each item of a taxonomy (Go's `cast.ToString`): a number its "
    "shortest digits (`1.50` is `1.5`, `1e3` `1000`, `0x1F` `31`), a boolean `true` or "
    "`false` (YAML's `yes`, `on` and `y` are booleans), a date with a time Go's long form; an "
    "empty item (`~`, `null`) and a list or mapping inside the list make no term, nor does a "
    "mapping for the whole value. A number written as the digits Hugo makes (`2026`, `1.5`) "
    "is the term it shows, and is fine. In TOML and JSON front matter, where a list item's "
    "own text cannot be seen, only the items that make no term (or a date's long form) are "
    "flagged. The build goes on.",
    why=(
        "The page is listed under a term its author did not write (`/tags/1.5/` for `1.50`, "
        "`/tags/true/` for `yes`), or under none, and Hugo says nothing."
    ),
    fix='Quote the term (`tags: ["1.50", "yes"]`), and remove an empty item.',
    example='`tags: [yes, 1.50]` is the terms "true" and "1.5"',
    flags="```md\n---\ntitle: Notice\ntags: [news, 1.50, ~]\n---\n```",
    passes='```md\n---\ntitle: Notice\ntags: [news, 2026, "1.50"]\n---\n```',
    settings="`taxonomies` in Hugo's configuration (which keys are taxonomies).",
)
SHORTCODE = Rule(
    "hugo/shortcode",
    "error",
    "a shortcode in a page's body that stops `hugo`: one with no template (`{{< mywidget >}}`), "
    "one whose template uses `.Inner` left open, a closing tag for one that takes no content, "
    "one Hugo's lexer cannot read, or a `ref` or `relref` to no page",
    "Hugo reads `{{< >}}` and `{{% %}}` in every content file it builds, in code blocks and "
    "HTML comments too; only `{{</* name */>}}` is left as text (shown as `{{< name >}}`). "
    "Known shortcodes are Hugo's own (`figure`, `highlight`, `ref`, `youtube`...) and the "
    "templates in the site's `layouts/shortcodes/` and its themes' (a subfolder names "
    "`folder/name`). A shortcode whose template uses `.Inner` must be closed "
    "(`{{< /name >}}`) or self-closed (`/>}}`); one whose template does not may be neither. "
    "Also flagged: what Hugo's lexer refuses, such as a value with `:` or `/` not in quotes "
    "(`{{< x https://e.org >}}`), named and positional parameters mixed, a quote or the "
    "shortcode itself never closed, an end tag of another shortcode; and Hugo's `ref` or "
    "`relref` (not nested in another shortcode, in a page Hugo renders) to a path no content "
    "file or folder of the site has, from the content folder or the page's folder, with or "
    "without its extension, nor by its name alone (Hugo logs REF_NOT_FOUND as an error); "
    "a ref to a draft, to a taxonomy's page, with `lang` or an output format, or on a site "
    'whose `refLinksErrorLevel` is "warning" is not judged. A draft, a future or an '
    "expired page is not read (Hugo does not read its body either). On a site with Hugo "
    "modules (`module.imports` or `module.mounts`) or a theme pressbot cannot find, a "
    "shortcode without a template is not reported, and one whose template names `.Inner` "
    "in a way a text search cannot tell is not judged.",
    why=(
        'Hugo stops with "failed to extract shortcode" (or the lexer\'s message): not only '
        "that page, the whole site is not built. A shortcode quoted in a tutorial, inside a "
        "code block, is the usual cause: Hugo runs it there too."
    ),
    fix=(
        "Create the template (`layouts/shortcodes/NAME.html`) or fix the name; close the "
        "shortcode; or write `{{</* NAME */>}}` to show it as text."
    ),
    example="`{{< mywidget >}}` with no `layouts/shortcodes/mywidget.html`",
    flags="```md\n---\ntitle: Notice\n---\nCode: {{< highlight go >}} x := 1\n```",
    passes=(
        "```md\n---\ntitle: Notice\n---\nCode: {{< highlight go >}} x := 1 {{< /highlight >}}\n```"
    ),
    settings=(
        "`theme`, `themesDir`, `layoutDir`, `module` and `refLinksErrorLevel` in Hugo's "
        "configuration."
    ),
)
RULES = (
    STRING_BOOL,
    INVALID_DATE,
    DATE_LOSSY,
    EXPIRED,
    FUTURE,
    DUPLICATE_URL,
    URL_TOO_LONG,
    INVALID_URL,
    UNKNOWN_OUTPUT,
    TERM_VALUE,
    SHORTCODE,
)


# --- booleans -------------------------------------------------------------------------

_BOOLEANS = ("draft", "published", "headless")


def _written(value: Any, form: str | None) -> str:
    """The value as the author wrote it, in words: its kind, and a scalar's text."""
    from bot.hugo.values import to_string

    if isinstance(value, str):
        return f'the text "{quoted(value, 40)}"'
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {to_string(value)}"
    if value is None:
        return "an empty value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table" if form == "toml" else "a mapping"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dt.time):
        return f"the time of day {value.isoformat()}"
    return "a value of another kind"


def _effect(key: str, read: bool | None) -> str:
    """What Hugo reads (cast's result) and what follows for the page."""
    if key == "published":
        if read is None:
            return "as neither true nor false, and ignores it"
        return f"as {str(read).lower()}, so the page is {'' if read else 'not '}built"
    shown = "false" if read is None else str(read).lower()
    why = " (it is neither true nor false)" if read is None else ""
    if key == "draft":
        built = "a draft, not built" if read else "built"
        return f"as {shown}{why}, so the page is {built}"
    built = "headless, not built as a page" if read else "built as a page"
    return f"as {shown}{why}, so a bundle is {built}"


def _spelling(key: str, form: str | None) -> str:
    if form == "toml":
        return f"{key} = true"
    if form == "json":
        return f'"{key}": true'
    if form == "org":
        return f"#+{key}: true"
    return f"{key}: true"


def _booleans(post: Post, site: Site) -> Iterator[Finding]:
    from bot.hugo.dates import DateError, to_time
    from bot.hugo.values import to_bool

    data = post.front_matter or {}
    for key in _BOOLEANS:
        if key not in data:
            continue
        value = data[key]
        if value is None or isinstance(value, bool):
            continue
        if key == "published" and "published" in site.hugo.config.date_keys.all_keys():
            try:
                to_time(value, dt.timezone.utc)
                continue  # a date: `published` is also `publishDate`'s alias
            except DateError:
                pass
        if post.front_format == "org" and value in ("true", "false"):
            continue  # Org's values are text: these two are its booleans
        read = to_bool(value)
        line, column = post.key_position(key)
        spelled = _spelling(key, post.front_format)
        remedy = (
            "write true or false"
            if post.front_format == "org"
            else "write a boolean without quotes"
        )
        yield post.finding(
            STRING_BOOL,
            line,
            column,
            f"{key}: Hugo reads {_written(value, post.front_format)} {_effect(key, read)}; "
            f"{remedy} ({spelled} or false)",
        )


# --- taxonomy terms -------------------------------------------------------------------

_TOKEN = re.compile(r"[^\s,\]\}#]+")
"""A plain scalar as written in a YAML list (`1.50`, `yes`)."""


def _terms(post: Post, site: Site) -> Iterator[Finding]:
    """Items of the site's taxonomies that are not text and whose term, as Hugo makes it,
    is not what is written (or that make none)."""
    data = post.front_matter or {}
    model_fields = hugo_model(site).model_fields
    for key in sorted(p for p in set(site.hugo.config.taxonomies.values()) if p):
        value = data.get(key)
        if value is None or isinstance(value, str):
            continue
        if isinstance(value, dict):
            # a site's own schema judges its own fields (`schema/type`)
            if not (site.config.schema_ and key in model_fields):
                line, column = post.key_position(key)
                what = "a table" if post.front_format == "toml" else "a mapping"
                message = f"{key}: Hugo makes no term of {what}; write the terms as a list"
                yield post.finding(TERM_VALUE, line, column, message)
            continue
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            if isinstance(item, str):
                continue
            path = (key,) if index is None else (key, index)
            said = _term_problem(post, path, item)
            if said is not None:
                line, column = _term_position(post, path)
                name = key if index is None else f"{key}[{index}]"
                yield post.finding(TERM_VALUE, line, column, f"{name}: {said}")


def _term_problem(post: Post, path: tuple[Any, ...], item: Any) -> str | None:
    """What Hugo makes of a taxonomy item that is not text, where it is not what is written
    (None where it is, or where what is written cannot be seen)."""
    from bot.hugo.values import to_string

    if item is None:
        return "an empty item makes no term in Hugo; remove it, or write the term"
    if isinstance(item, (list, dict)):
        what = "a list" if isinstance(item, list) else "a mapping"
        return f"{what} inside the list makes no term in Hugo; write each term as an item"
    text = to_string(item)
    written = _term_written(post, path)
    if written is None:
        if isinstance(item, dt.datetime) and item.tzinfo is not None:
            return f'Hugo reads this date as the term "{quoted(text, 60)}"; write it in quotes'
        return None  # TOML's and JSON's items: what is written cannot be seen
    if written == text:
        return None  # `2026` is the term "2026"
    because = " (YAML's yes/no, on/off and y/n are booleans)" if isinstance(item, bool) else ""
    return (
        f'Hugo reads {quoted(written, 40)} as the term "{quoted(text, 60)}"{because}; '
        f'write "{quoted(written, 40)}" in quotes'
    )


def _term_position(post: Post, path: tuple[Any, ...]) -> tuple[int, int]:
    if len(path) == 1:
        from bot.rules.schema import value_position

        return value_position(post, *path)
    return post.key_position(*path)


def _term_written(post: Post, path: tuple[Any, ...]) -> str | None:
    """The text of a YAML scalar as written, where its position is known."""
    if post.front_format != "yaml" or (len(path) > 1 and path not in post.positions):
        return None
    line, column = _term_position(post, path)
    if len(path) == 1 and (line, column) == post.key_position(*path):
        return None  # the value's own place was not found
    if not 0 < line <= len(post.lines):
        return None
    token = _TOKEN.match(post.lines[line - 1], column - 1)
    return token.group() if token else None


# --- dates ----------------------------------------------------------------------------

_SHOWN = {"publishdate": "publishDate", "expirydate": "expiryDate", "pubdate": "pubDate"}
_SHOWN |= {"unpublishdate": "unpublishDate", "lastmod": "lastmod", "date": "date"}


def _key_name(post: Post, key: str) -> str:
    """The key as the author wrote it, where it can be seen; else Hugo's spelling."""
    line, column = post.key_position(key)
    if (key,) in post.positions and 0 < line <= len(post.lines):
        text = post.lines[line - 1][column - 1 :].lstrip("\"'")
        if text[: len(key)].lower() == key:
            return text[: len(key)]
    return _SHOWN.get(key, key)


def _when(moment: dt.datetime | None, zone: dt.tzinfo) -> str:
    if moment is None:
        return ""
    try:
        local = moment.astimezone(zone)
    except (OverflowError, ValueError):
        local = moment
    return f"{local:%Y-%m-%d %H:%M} ({_zone_name(zone, local)})"


def _zone_name(zone: dt.tzinfo, local: dt.datetime) -> str:
    return getattr(zone, "key", None) or local.tzname() or "UTC"


def _instead(name: str, page: HugoPage | None) -> str:
    """What the page's date becomes without the unreadable value."""
    if page is None:
        return ""
    if name == "expirydate":
        return "the page never expires"
    moment = {
        "date": page.date,
        "lastmod": page.lastmod,
        "publishdate": page.publish_date,
    }.get(name)
    if moment is None:
        if name == "publishdate":
            return "the page is published at once"
        return "the page has no date (0001-01-01)"
    label = "publish date" if name == "publishdate" else "date"
    return f"the page takes its {label} from another key ({_when(moment, page.zone)})"


_OWN = {"pubdate": "publishdate", "unpublishdate": "expirydate", "modified": "lastmod"}
_OWN |= {name: name for name in ("date", "publishdate", "expirydate", "lastmod")}


def _date_of_key(site: Site) -> dict[str, str]:
    """Which of Hugo's four dates each front-matter date key is read for first (a key
    named after a date, or its alias, is that date's); worked out once per site."""
    found: dict[str, str] | None = site.memo.get("hugo_date_owner")
    if found is None:
        found = site.memo["hugo_date_owner"] = _date_owners(site)
    return found


def _date_owners(site: Site) -> dict[str, str]:
    keys = site.hugo.config.date_keys
    owner: dict[str, str] = {}
    for name in ("date", "publishdate", "expirydate", "lastmod"):
        for key in getattr(keys, name):
            if not key.startswith(":"):
                owner.setdefault(key, name)
    for key in owner:
        own = _OWN.get(key)
        if own is not None and key in getattr(keys, own):
            owner[key] = own
    owner.pop("published", None)  # also `draft`'s opposite: hugo/string-bool judges it
    return owner


def _dates(post: Post, site: Site) -> Iterator[Finding]:
    from bot.hugo.dates import DateError, to_time
    from bot.hugo.posts import hugo_page

    owner = _date_of_key(site)
    page: HugoPage | None = None
    for key, value in (post.front_matter or {}).items():
        name = owner.get(key)
        if name is None or value is None:
            continue  # an empty value is no key to Hugo: it tries the next, and says nothing
        page = page or hugo_page(post, site)
        zone = page.zone if page else dt.timezone.utc
        try:
            read = to_time(value, zone)
        except DateError:
            yield _invalid_date(post, key, value, name, page)
        else:
            yield from _skipped(post, key, value, zone, read)
            yield from _far(post, key, value, read)


def _skipped(
    post: Post, key: str, value: Any, zone: dt.tzinfo, read: dt.datetime
) -> Iterator[Finding]:
    from bot.hugo.dates import skipped_clock

    written = skipped_clock(value, zone, read)
    if written is None:
        return
    shown = f'"{quoted(value, 40)}"' if isinstance(value, str) else str(value)
    # the same wall clock after the jump (Python reads a skipped time at the earlier offset)
    after = written.replace(tzinfo=zone).astimezone(dt.timezone.utc).astimezone(zone)
    yield post.finding(
        DATE_LOSSY,
        *post.key_position(key),
        f"{_key_name(post, key)}: Hugo reads {shown} as {_when(read, zone)}, not as written: "
        f"{_zone_name(zone, read)} has no {written:%H:%M} that day (the clocks jump forward), "
        f'and Go moves the time by the jump; write "{after.isoformat(timespec="seconds")}"',
    )


def _far(post: Post, key: str, value: Any, read: dt.datetime) -> Iterator[Finding]:
    """A date Hugo reads in a year before 1 or after 9999: a time in milliseconds read as
    seconds, or a year 0 (the page is not built for thousands of years, or `:year` gives
    `/0/`)."""
    from bot.hugo.dates import DateError, unix_time
    from bot.hugo.gotime import FarTime

    if not isinstance(read, FarTime):
        return
    side = "after 9999" if read.far_year > 9999 else "before year 1"
    if isinstance(value, int) and not isinstance(value, bool):
        shown = f"{value} (seconds since 1970)"
    else:
        shown = f'"{quoted(value, 40)}"' if isinstance(value, str) else str(value)
    remedy = "write a date in the years 1 to 9999, such as 2026-01-05T09:00:00+01:00"
    if isinstance(value, int) and read.far_year > 9999:
        try:
            meant = unix_time(value // 1000).astimezone(dt.timezone.utc)
        except DateError:
            meant = None
        if meant is not None and not isinstance(meant, FarTime):
            written = meant.isoformat(timespec="seconds").replace("+00:00", "Z")
            remedy = f"if it counts milliseconds, write {written}"
    yield post.finding(
        DATE_LOSSY,
        *post.key_position(key),
        f"{_key_name(post, key)}: Hugo reads {shown} as {read:%Y-%m-%d %H:%M}, in the year "
        f"{read.far_year}, {side}; {remedy}",
    )


def _invalid_date(post: Post, key: str, value: Any, name: str, page: HugoPage | None) -> Finding:
    line, column = post.key_position(key)
    if isinstance(value, str):
        shown = f'"{quoted(value, 40)}"'
    else:
        shown = _written(value, post.front_format)
    effect = _instead(name, page)
    return post.finding(
        INVALID_DATE,
        line,
        column,
        f"{_key_name(post, key)}: Hugo cannot read {shown} as a date and drops it "
        f"without a word{'; ' + effect if effect else ''}; write a date such as "
        "2026-01-05T09:00:00+01:00",
    )


# --- built or not, now ----------------------------------------------------------------


def _first_key(post: Post, keys: Iterable[str], zone: dt.tzinfo) -> str | None:
    """The first of ``keys`` the page's front matter gives a date Hugo reads."""
    from bot.hugo.dates import DateError, to_time

    data = post.front_matter or {}
    for key in keys:
        if key in data and not key.startswith(":"):
            try:
                to_time(data[key], zone)
            except DateError:
                continue
            return key
    return None


_SETTING = {"expired": "buildExpired", "future": "buildFuture"}


def _schedule(post: Post, site: Site) -> Iterator[Finding]:
    from bot.hugo.posts import hugo_page

    page = hugo_page(post, site)
    if page is None or page.reason not in ("future", "expired"):
        return
    if page.held_by is not None:
        rule = EXPIRED if page.reason == "expired" else FUTURE
        state = "expired since" if page.reason == "expired" else "dated"
        later = "" if page.reason == "expired" else ", after now"
        yield post.finding(
            rule,
            1,
            1,
            f"{page.held_by} is {state} {_when(page.held_date, page.zone)}{later}: Hugo builds "
            "nothing below it, this page included, whatever the page's own dates say (change "
            f"that file's dates, or move the page; or set {_SETTING[page.reason]})",
        )
        return
    keys = site.hugo.config.date_keys
    if page.reason == "expired":
        rule, candidates = EXPIRED, keys.expirydate
        message = (
            f"expired since {_when(page.expiry_date, page.zone)}: Hugo no longer builds the "
            "page (remove or move its expiryDate to keep it, or set buildExpired)"
        )
    else:
        rule, candidates = FUTURE, keys.publishdate
        message = (
            f"dated {_when(page.publish_date, page.zone)}, after now: Hugo builds the page "
            "only from then on (set buildFuture to build it now)"
        )
    key = _first_key(post, candidates, page.zone)
    line, column = post.key_position(key) if key else (1, 1)
    yield post.finding(rule, line, column, message)


_BUILD_WORDS = {"list": ("always", "never", "local"), "render": ("always", "never", "link")}
"""What `_build`'s options take (`pagemeta.DecodeBuildConfig`), as written; "0" and "1" too."""


def _build_words(post: Post) -> Iterator[Finding]:
    """A `_build.list` or `render` that Hugo decodes to none of its words (any other text,
    a number other than 0 and 1): it ignores it, and lists or renders the page."""
    from bot.hugo.values import to_string

    data = post.front_matter or {}
    for written, options in data.items():
        if str(written).lower() != "_build" or not isinstance(options, dict):
            continue
        for key, value in options.items():
            words = _BUILD_WORDS.get(str(key).lower())
            if words is None or not isinstance(value, (str, int, float)):
                continue  # not an option, or not text Hugo decodes (`schema/type`)
            word = "1" if value is True else "0" if value is False else to_string(value)
            if word in (*words, "0", "1"):
                continue
            line, column = post.key_position(written, key)
            effect = (
                "listed; write never (or local) to keep it off the lists"
                if words[2] == "local"
                else "rendered; write never (or link) to write no file for it"
            )
            yield post.finding(
                STRING_BOOL,
                line,
                column,
                f"{written}.{key}: Hugo ignores {_written(value, post.front_format)} (it "
                f"knows {', '.join(words)}, in lower case, and 0 and 1), so the page is "
                f"{effect}",
            )


def check(post: Post, site: Site) -> Iterable[Finding]:
    if not site.is_hugo or not post.readable:
        return
    yield from _shortcode(post, site)
    if not post.front_matter:
        return
    yield from _booleans(post, site)
    yield from _build_words(post)
    yield from _terms(post, site)
    yield from _dates(post, site)
    yield from _schedule(post, site)
    yield from _invalid_url(post, site)
    yield from _unknown_output(post, site)
    yield from _url_too_long(post, site)


def _shortcode(post: Post, site: Site) -> Iterator[Finding]:
    """The first shortcode that stops Hugo, in a page Hugo builds (it does not read the
    body of a draft, a future or an expired page)."""
    body = post.body
    if "{{<" not in body and "{{%" not in body:
        return
    from bot.hugo.posts import hugo_page
    from bot.hugo.shortcodes import parse, site_shortcodes
    from bot.yamlread import Places

    page = hugo_page(post, site)
    if page is None or not page.built:
        return
    known = site_shortcodes(site)
    fault, found = parse(body, known.lookup)
    places = Places(body)  # the body's line starts, found once for a page of many shortcodes

    def at(offset: int) -> tuple[int, int]:
        line, column = places.offset(offset)
        return post.body_start_line + line, column + 1

    if fault is None:
        if page.reason is None:
            yield from _refs(post, site, known, found, at)
        return
    yield post.finding(
        SHORTCODE, *at(fault.offset), f"{fault.message}: Hugo's build stops; {fault.remedy}"
    )


def _refs(
    post: Post,
    site: Site,
    known: SiteShortcodes,
    found: Sequence[Shortcode],
    at: Callable[[int], tuple[int, int]],
) -> Iterator[Finding]:
    """`ref` and `relref` shortcodes (Hugo's own, not nested in another) that name no page
    of the site, in a page Hugo renders: Hugo logs REF_NOT_FOUND as an error (unless
    `refLinksErrorLevel` is "warning") and its build fails."""
    from bot.hugo.shortcodes import RefTargets, ref_path

    refs = [sc for sc in found if sc.top and sc.name in ("ref", "relref")]
    if not refs or not known.known or any(name in known.templates for name in ("ref", "relref")):
        return
    config = site.hugo.config
    level = config.get("refLinksErrorLevel")
    if (isinstance(level, str) and level.lower() == "warning") or any(
        theme.has_content for theme in config.themes
    ):
        return
    targets: RefTargets | None = site.memo.get("hugo_ref_targets")
    if targets is None:
        targets = site.memo["hugo_ref_targets"] = RefTargets(site)
    page_rel = _content_rel(post, site)
    for sc in refs:
        if not sc.params:
            yield post.finding(
                SHORTCODE,
                *at(sc.start),
                f"{{{{< {sc.name} >}}}} names no page: Hugo's build stops (\"invalid number "
                "of arguments to ref\"); give the page's path: "
                f'{{{{< {sc.name} "/posts/a.md" >}}}}',
            )
            continue
        path = ref_path(sc)
        if path is None or page_rel is None or not targets.missing(path, page_rel):
            continue
        yield post.finding(
            SHORTCODE,
            *at(sc.start),
            f'{sc.name} "{quoted(path, 80)}": no page of the site is there (REF_NOT_FOUND): '
            "Hugo logs an error and its build stops; give the page's path from the content "
            "folder (`/posts/a.md`) or from this page's folder, or set "
            'refLinksErrorLevel = "warning" in the configuration',
        )


def _content_rel(post: Post, site: Site) -> str | None:
    """The page's path under its content folder."""
    from bot.hugo.posts import page_of

    page = page_of(site, str(post.file))
    return None if page is None else page.file.rel


def _unknown_output(post: Post, site: Site) -> Iterator[Finding]:
    """The first `outputs` entry Hugo cannot resolve (entries that are not text are
    `schema/type`'s)."""
    data = post.front_matter or {}
    written = next((k for k in data if isinstance(k, str) and k.lower() == "outputs"), None)
    if written is None:
        return
    name = site.hugo.config.unknown_output(data[written])
    if name is not None:
        yield post.finding(
            UNKNOWN_OUTPUT,
            *post.key_position(written),
            f'outputs: "{quoted(name, 40)}" is no output format Hugo knows, and its build '
            "stops; name one such as html, json or rss, or define it in outputFormats",
        )


def _invalid_url(post: Post, site: Site) -> Iterator[Finding]:
    from bot.hugo.posts import hugo_page
    from bot.render.terminal import visible

    page = hugo_page(post, site)
    if page is None or page.url_error is None:
        return
    written, value, problem = page.url_error
    line, column = post.key_position(written)
    shown = quoted(visible(value), 60)  # the control character it may hold, as seen
    yield post.finding(INVALID_URL, line, column, f'{written} "{shown}": {problem}')


_URL_KEYS = ("url", "slug", "aliases", "title")
"""Where a finding on the page's URL points: the first of these the page sets."""


def _url_too_long(post: Post, site: Site) -> Iterator[Finding]:
    """Each file the page writes, measured as Hugo names it: the page's own file and its
    aliases as written, escapes not undone (`url: /%41%41/` is the folder `%41%41`, not
    `AA`); the page's URL escapes what they hold (`url: /café/` links `/caf%C3%A9/`)."""
    from bot.file_names import too_long
    from bot.hugo.posts import hugo_page

    page = hugo_page(post, site)
    built = None if page is None else Built.of(page, site)
    if page is None or built is None:
        return
    yield from _long_terms(post, site, page)
    if all(_short(url) for url in (built.url, *built.aliases)):
        return
    folder = str(site.root / "public")
    for file, target in targets(built):
        written = file if target.alias or page.file is None else page.file
        why = too_long(written.encode("utf-8", "surrogateescape"), folder)
        if why is None:
            continue
        what = (
            f'its alias "{quoted(target.url, 60)}" makes a file with {why}'
            if target.alias
            else f"builds to {quoted(target.url, 60)}, whose file has {why}"
        )
        yield post.finding(
            URL_TOO_LONG,
            *post.first_key_position(_URL_KEYS),
            f'{what}: Hugo\'s build stops with "file name too long" (give the page a shorter '
            "`slug`, `url` or alias)",
        )
        return


def _long_terms(post: Post, site: Site, page: HugoPage) -> Iterator[Finding]:
    """A term too long for a file name: Hugo builds its page at `/tags/TERM/` (the term
    sanitized as in a URL, lower-cased), and stops there."""
    from bot.file_names import NAME_MAX

    for plural, terms in page.terms.items():
        for term in terms:
            if len(term.encode("utf-8", "surrogateescape")) <= NAME_MAX // 2:
                continue  # lower-casing and sanitizing lengthen text by half at most
            folder = site.hugo.rules(page.lang).sanitize(term)
            size = len(folder.encode("utf-8", "surrogateescape"))
            if size > NAME_MAX:
                yield post.finding(
                    URL_TOO_LONG,
                    *post.key_position(plural),
                    f'its {plural} term "{quoted(term, 60)}" has a page at /{plural}/'
                    f"{quoted(folder, 60)}/, a folder name of {size} bytes, where a file name may "
                    f'have at most {NAME_MAX}: Hugo\'s build stops with "file name too long" '
                    "(shorten the term)",
                )


def _short(url: object) -> bool:
    """A URL (or alias) of 255 bytes or fewer: no part of its file is longer, %-escapes
    undone (an alias that is not text writes nothing)."""
    from bot.file_names import NAME_MAX

    return not isinstance(url, str) or len(url.encode("utf-8", "surrogateescape")) <= NAME_MAX


# --- pages that build to one URL --------------------------------------------------------


class Target(NamedTuple):
    """A file a page writes: its own page, or a redirect for one of its aliases."""

    path: str
    """The page's path from the site root."""
    url: str
    """As the author sees it: the page's URL or the alias."""
    alias: bool
    root: bool = False
    """An alias that resolves to the site's root (`/`), which stops Hugo's build."""


def alias_file(alias: str, ugly: bool) -> str:
    """The file Hugo writes an alias's redirect to: the path cleaned, kept when it ends in
    `.html`, else `.html` added (`uglyURLs`, `.html` for the root) or `/index.html`; the
    root is `index.html` (which stops Hugo's build)."""
    path = posixpath.normpath("/" + alias.strip()).lstrip("/")
    if path in ("", "."):
        return ".html" if ugly else "index.html"
    if path.endswith(".html"):
        return path
    return path + (".html" if ugly else "/index.html")


def _strip_base(url: str, base: str) -> str:
    if base and (url == base or url.startswith(base + "/")):
        return url[len(base) :] or "/"
    return url


class Built(NamedTuple):
    """What a page built at a URL writes: its own file and its aliases' redirects."""

    path: str
    url: str
    aliases: tuple[str, ...]
    base: str
    """The path of the `baseURL` (`/docs`): page URLs hold it, the publish folder not."""
    folder: str = ""
    """The language's own publish folder on a site with a host per language."""
    ugly: bool = False
    """`uglyURLs` is true for the page's language (not per section: Hugo reads it as one
    flag for aliases): an alias is written as `path.html`."""
    lang: str = ""
    alias_folders: Sequence[str] = ("",)
    """The folders an absolute alias is written below: one per `path` of the page's
    formats of the HTML family (`amp/` for AMP); none where it has none."""
    deeper: bool = False
    """The page's link ends in `index.html/` and Hugo writes it one folder deeper
    (`url: /a/index.html/`, to `a/index.html/index.html`), which the link alone does not
    say (`url: /a/index.html` has that link too)."""

    @classmethod
    def of(cls, page: HugoPage, site: Site) -> Built | None:
        if not page.published or not page.rendered or not page.writes or not page.url:
            return None
        config = site.hugo.config
        folder = page.lang if config.multihost else ""
        base = config.base_path(page.lang)
        ugly = _ugly(site, page.lang)
        aliases = _redirects(site, page.aliases)
        return cls(
            page.path,
            page.url,
            aliases,
            base,
            folder,
            ugly,
            page.lang,
            page.alias_folders,
            (page.file or "").endswith("index.html/index.html"),
        )


def targets(page: Built) -> list[tuple[str, Target]]:
    """The files a built page writes (below the publish folder), each with what it is: its
    own, then its aliases' redirects (a relative alias is beside the page's folder, as Hugo
    places it)."""
    from bot.hugo.urls import output_file

    own = _strip_base(page.url, page.base)
    root = page.folder + "/" if page.folder else ""
    file = root + output_file(own, names_file=not page.deeper)
    out = [(file, Target(page.path, page.url, False))]
    folder = posixpath.dirname(posixpath.splitext(own)[0].rstrip("/")) if own != "/" else "/"
    seen = {out[0][0]}
    for alias in page.aliases:
        if not isinstance(alias, str) or not alias.strip():
            continue
        for where in _alias_places(alias, folder, page.alias_folders):
            written = alias_file(where, page.ugly)
            file = root + written
            if file not in seen:
                seen.add(file)
                out.append((file, Target(page.path, alias, True, _is_root(where, page.ugly))))
    return out


def _is_root(alias: str, ugly: bool) -> bool:
    """An alias Hugo refuses, as it resolves to the site's root (`/`, `/x/..`; not
    `/index.html`, which Hugo writes, and then the home page over it)."""
    return not ugly and posixpath.normpath("/" + alias.strip()).strip("/") in ("", ".")


def _alias_places(alias: str, folder: str, formats: Sequence[str]) -> list[str]:
    """Where Hugo writes an alias, once per folder of the page's HTML formats: an absolute
    one below that folder (`amp/old/`), where it says below the publish folder even when
    it starts with the base URL's path (a page's own URL does not hold that path); a
    relative one beside the page's folder."""
    if not alias.startswith("/"):
        return [posixpath.join(folder, alias)] if formats else []
    return [posixpath.join("/", own, alias.lstrip("/")) if own else alias for own in formats]


def _redirects(site: Site, aliases: Sequence[Any]) -> tuple[Any, ...]:
    """The aliases Hugo writes a redirect for: none with `disableAliases`."""
    from bot.hugo.values import to_bool

    return () if to_bool(site.hugo.config.get("disablealiases")) is True else tuple(aliases)


def _ugly(site: Site, lang: str | None = None) -> bool:
    """`uglyURLs` as a flag, the language ``lang``'s own if it has one."""
    from bot.hugo.values import to_bool

    config = site.hugo.config
    value = config.ugly_urls if lang is None else config.language_setting(lang, "uglyurls")
    return to_bool(value) is True


def _pages(site: Site, wanted: set[str] | None) -> list[Built]:
    """The pages whose files are ``wanted`` (absolute paths), or every regular page of the
    site, as Hugo builds them (front matter already read in this process is not read
    again)."""
    from bot.hugo.posts import page_index

    by_path, branches = page_index(site)
    hugo = site.hugo
    out = []
    for file, page in by_path.items():
        if wanted is None or file in wanted:
            built = Built.of(hugo.describe(page, branches, site.now), site)
            if built is not None:
                out.append(built)
    return out


def _built(run: SiteRun, site: Site) -> list[Built]:
    """The pages a whole-site run checked: from what a bulk run kept of each (its URL and
    aliases), else described again (their front matter is already read)."""
    from bot.site_index import PostUrl

    config = site.hugo.config
    # what a bulk run kept says nothing of a page's language: where languages differ in
    # where they write (a host, `uglyURLs` of their own), the pages are described again
    per_language = config.multihost or any("uglyurls" in la.settings for la in config.languages)
    kept: list[Built] = []
    again: list[str] = []
    for entry in run.entries:
        if entry is None:
            continue
        # a URL ending in `index.html/` does not say which file it is (`output_file`)
        if isinstance(entry, PostUrl) and not per_language and not _ambiguous(entry.url):
            if entry.published and entry.url:
                base = config.base_path()
                aliases = _redirects(site, entry.aliases)
                kept.append(
                    Built(entry.path, entry.url, aliases, base, "", _ugly(site), entry.lang)
                )
        else:
            again.append(entry.path)
    return kept + (_pages(site, _absolute(site, again)) if again else [])


def _ambiguous(url: str | None) -> bool:
    return url is not None and url.endswith("index.html/")


def check_site(run: SiteRun, site: Site) -> Iterator[Finding]:
    """Pages (and aliases) that write one file; in a partial run the checked pages are
    compared with every other page of the site. And a leaf bundle's resource whose
    `outputs` stops the build (`bot.hugo.resources`)."""
    if not site.is_hugo:
        return
    if run.enabled(UNKNOWN_OUTPUT):
        yield from _resource_outputs(run, site)
    if not run.enabled(DUPLICATE_URL):
        return
    checked = {e.path for e in run.entries if e is not None}
    pages = _others(site, checked) if run.partial else _built(run, site)
    yield from duplicate_urls(pages, checked)
    yield from list_page_urls(site, [page for page in pages if page.path in checked])


def _resource_outputs(run: SiteRun, site: Site) -> Iterator[Finding]:
    from bot.hugo import resources

    for problem in resources.unknown_outputs(site, resources.resource_files(site, run)):
        yield problem.finding(UNKNOWN_OUTPUT.id)


def list_page_urls(site: Site, pages: Iterable[Built]) -> Iterator[Finding]:
    """A finding on each page whose URL (or an alias) is where Hugo writes a list page: the
    home page, a section, a taxonomy or a term (`bot.hugo.list_pages`)."""
    from bot.hugo.list_pages import ListPages

    found = ListPages(site.hugo, site.now)
    for page in pages:
        for file, target in targets(page):
            if target.root:
                continue  # an alias at the home page stops the build: found above
            owner = found.at(page.lang, file)
            if owner is None:
                continue
            name = owner.name if owner.lang == page.lang else f"{owner.name} of {owner.lang}"
            if target.alias:
                # Hugo writes every alias's redirect before the pages, which replace it
                message = (
                    f"its alias {target.url} is where Hugo writes {name} ({file}): Hugo "
                    f"writes {name} over the redirect without a word: the alias shows {name}, "
                    "not this page (remove or change the alias)"
                )
            else:
                message = (
                    f"it builds to {target.url}, where Hugo writes {name} ({file}): Hugo "
                    "renders both to that file, and keeps one of them without a word (change "
                    "the page's url or slug)"
                )
            yield Finding(
                path=target.path, line=1, column=1, rule=DUPLICATE_URL.id, message=message
            )


def _others(site: Site, checked: set[str]) -> list[Built]:
    """The checked pages of a partial run and every page that may write one of their files
    (`bot.hugo.candidates`): a few pages of a large site, not all of them."""
    from bot.hugo.candidates import may_collide
    from bot.hugo.posts import page_index

    paths = _absolute(site, checked)
    mine = _pages(site, paths)
    by_path, branches = page_index(site)
    files = [file for page in mine for file, _target in targets(page)]
    if any("." not in file.rpartition("/")[2] for file in files):
        # a file of a `url` holding a dot (`v1.2/notes`): any page may write into it
        return _pages(site, None)
    # a folder a checked page writes into that may be another page's file: its name has a
    # dot (`url: /v1.2`, an ugly `x.html`, an alias)
    folders = {
        folder for file in files for folder in _folders(file) if "." in folder.rpartition("/")[2]
    }
    near = may_collide(site.hugo, files + sorted(folders), by_path, branches.values())
    if near is None:
        return _pages(site, None)
    return mine + _pages(site, near - paths)


def _folders(file: str) -> Iterator[str]:
    """The folders ``file`` is in, deepest first (`a/b/c.html`: `a/b`, `a`)."""
    folder = posixpath.dirname(file)
    while folder:
        yield folder
        folder = posixpath.dirname(folder)


def _absolute(site: Site, paths: Iterable[str]) -> set[str]:
    """Site-relative paths as the page index knows them."""
    return {str(site.root / p) for p in paths}


def duplicate_urls(pages: Iterable[Built], checked: set[str]) -> list[Finding]:
    """A finding on each checked page that writes a file another page (or alias) writes."""
    from bot.rules.jekyll import name_others

    by_file: dict[str, list[Target]] = {}
    for page in pages:
        for file, target in targets(page):
            by_file.setdefault(file, []).append(target)
    out: list[Finding] = []
    for owners in by_file.values():
        for target in owners:
            if target.root and target.path in checked:
                out.append(
                    Finding(
                        path=target.path,
                        line=1,
                        column=1,
                        rule=DUPLICATE_URL.id,
                        message=f'its alias "{target.url}" is the site\'s home page: Hugo stops '
                        "the build (alias resolves to website root directory); remove it",
                    )
                )
    for file, owners in by_file.items():
        if len({t.path for t in owners}) < 2 or any(t.root for t in owners):
            continue
        ordered = sorted({t.path for t in owners})
        # how many of the owners are aliases and how many URLs, in all and by page: what the
        # others of one page are is then a subtraction (thousands of pages may share a file)
        every = Counter(t.alias for t in owners)
        own = Counter((t.path, t.alias) for t in owners)
        for target in owners:
            if target.path not in checked:
                continue
            what = f"its alias {target.url}" if target.alias else f"it builds to {target.url}"
            aliases = {a for a in (True, False) if every[a] > own[(target.path, a)]}
            kinds = {frozenset({True}): "an alias of", frozenset({False}): "the URL of"}.get(
                frozenset(aliases), "the URL or an alias of"
            )
            out.append(
                Finding(
                    path=target.path,
                    line=1,
                    column=1,
                    rule=DUPLICATE_URL.id,
                    message=f"{what}, which is also {kinds} {name_others(ordered, target.path)}"
                    f" ({file}); {_which_stays(target.alias, aliases)} (change a url, "
                    "slug or alias)",
                )
            )
    out.extend(_file_in_folder(by_file, checked))
    return out


def _which_stays(alias: bool, others: set[bool]) -> str:
    """What Hugo keeps of a file pages and aliases share: it writes every alias's redirect
    first, and the pages over them."""
    if alias and False in others:
        return "Hugo writes a page over the redirect, without a word: the alias does not lead here"
    if not alias and others == {True}:
        return "Hugo writes this page over the redirect, without a word: that alias leads here"
    return "Hugo writes only one of them, without a word"


def _file_in_folder(by_file: dict[str, list[Target]], checked: set[str]) -> Iterator[Finding]:
    """A finding on each checked page whose file is a folder another page writes into, or
    that writes into a folder that is another page's file (`url: /v1.2/notes`, a file, and
    `url: /v1.2/notes/more/`): Hugo cannot write both, and its build fails."""
    for inner, owners in by_file.items():
        for folder in _folders(inner):
            for outer in by_file.get(folder, []):
                for target in owners:
                    if outer.path == target.path:
                        continue
                    if target.path in checked:
                        yield _clash(target, inner, outer, folder, inside=True)
                    if outer.path in checked:
                        yield _clash(outer, folder, target, inner, inside=False)


def _clash(target: Target, file: str, other: Target, other_file: str, inside: bool) -> Finding:
    """The finding of `_file_in_folder` on ``target``'s page, whose ``file`` is in the folder
    that is ``other``'s file (``inside``), or is the folder ``other``'s file is in."""
    what = f"its alias {target.url}" if target.alias else f"it builds to {target.url}"
    theirs = f"{other.path}'s {'alias' if other.alias else 'URL'} {other.url} ({other_file})"
    if inside:
        where = f"{what} ({file}), in a folder that is the file of {theirs}"
    else:
        where = f"{what}, the file {file}, which Hugo needs as a folder for {theirs}"
    message = (
        f"{where}: Hugo cannot write a file and a folder of one name, and its build fails "
        "(is a directory, or not a directory); change a url, slug or alias (a url that holds "
        "a dot and does not end in '/' names a file)"
    )
    return Finding(path=target.path, line=1, column=1, rule=DUPLICATE_URL.id, message=message)
