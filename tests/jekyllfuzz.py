"""A differential fuzzer: generated Jekyll sites, read by real Jekyll and by `pressbot list`.

`generate(seed)` writes a site with varied configuration (`timezone` with its DST days,
`permalink` styles and templates from every placeholder, `collections_dir`, `show_drafts`,
`defaults` scoped by path, glob and type, `exclude`/`include`, `markdown_ext`, `encoding`,
`strict_front_matter`...), folders, file names (odd characters and extensions, short dates),
front-matter syntax (BOM, CRLF, `...`, trailing blanks, tabs, flow and block styles, quoted
keys, anchors and merge keys, none at all) and values (dates as Ruby parses them, YAML 1.1
words and numbers as Psych reads them, categories and tags of every type). Undated drafts get
a fixed file time, so a seed always makes the same site. `jekyll_posts` builds it with real Jekyll, with a
`post_read` hook plugin that dumps `site.posts.docs` as JSON and exits before rendering; a post
that makes Jekyll fail is taken out (and recorded) and the build repeated. `compare` then holds
`pressbot list --format json` against it, post by post: published or not, URL, date (as an
instant), categories and tags (ordered, with their types).

Used by `tests/test_jekyll_fuzz.py` (a few seeds, in CI) and `bench/jekyll_fuzz.py` (many).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.inputkit import pressbot

DUMP_PLUGIN = """\
require "json"
Jekyll::Hooks.register :site, :post_read do |site|
  plain = lambda do |value|
    case value
    when Array then value.map { |v| plain.call(v) }
    when Hash then value.transform_values { |v| plain.call(v) }
    when Time then value.strftime("%Y-%m-%dT%H:%M:%S%:z")
    when Date then value.strftime("%Y-%m-%d")
    when Float then value.finite? ? value : value.to_s
    when String, Integer, TrueClass, FalseClass, NilClass then value
    else { "ruby" => value.class.name, "text" => value.to_s }
    end
  end
  # relative to the site, not to `collections_dir` as `relative_path` is
  source_relative = ->(doc) { doc.path.delete_prefix(File.join(site.source, "")) }
  posts = site.posts.docs.map do |doc|
    begin
      {
        "path" => source_relative.call(doc),
        "url" => doc.url,
        "epoch" => doc.date.to_i,
        "date" => doc.date.strftime("%Y-%m-%dT%H:%M:%S%:z"),
        "categories" => plain.call(doc.data["categories"]),
        "tags" => plain.call(doc.data["tags"]),
      }
    rescue StandardError => e
      # what stops a real build at this post (a `slug: 42` has no URL)
      { "path" => source_relative.call(doc), "error" => "#{e.class}: #{e.message}" }
    end
  end
  # the build's own clock: what undated posts get, and what `future` is measured against;
  # with a `time` setting, the machine's clock, which date texts are still read by
  clock = site.config["time"] ? Time.now : site.time
  time = clock.strftime("%Y-%m-%dT%H:%M:%S.%6N%:z")
  File.write(ENV.fetch("PRESSBOT_DUMP"), JSON.generate({ "time" => time, "posts" => posts }))
  exit!(0)
end
"""

TIMEZONES = [
    None,
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Tokyo",
    "Australia/Adelaide",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "Europe/London",
]
PLACEHOLDERS = [
    ":year",
    ":month",
    ":i_month",
    ":day",
    ":i_day",
    ":short_year",
    ":hour",
    ":minute",
    ":second",
    ":title",
    ":slug",
    ":categories",
    ":slugified_categories",
    ":output_ext",
    ":path",
    ":name",
    ":y_day",
    ":short_month",
    ":long_month",
    ":short_day",
    ":long_day",
    ":week",
    ":w_year",
    ":w_day",
    ":collection",
]
PERMALINKS = [
    None,
    "date",
    "pretty",
    "ordinal",
    "weekdate",
    "none",
    "/:categories/:title/",
    "/:year/:month/:day/:title:output_ext",
    "/blog/:slug",
    "/:path/",
    "/:categories/:year/:i_day/:short_month/:title.html",
    "/:year/:y_day/:title",
    "blog/:categories/:title",
    "/:w_year-W:week-:w_day/:slug",
    "/:short_year/:long_month/:short_day/:long_day/:name",
    "/:hour:minute:second/:slugified_categories/:title/",
    "/:collection/:name/",
    "/:year/:i_month/:i_day/:title:output_ext",
]
FOLDERS = [
    "_posts",
    "_posts",
    "_posts",
    "news/_posts",
    "a/b/_posts",
    "_posts/sub",
    "_posts/x y",
    "Café/_posts",
    "a.b/_posts",
    "UP/_posts/In",
    "_posts/2020",
]
COLLECTIONS_DIRS = ["my", "content", "col/lection", "my-posts"]
EXTENSIONS = [".md", ".md", ".md", ".markdown", ".html", ".htm", ".txt", ".MD"]
ODD_EXTENSIONS = [".mkd", ".mdown", ".textile", ".xml", ".json", ".Markdown", ".md.txt", ".scss"]
ODD_STAMPS = ["2020-1-1", "2020-02-30", "2020-13-01", "99-12-31", "2020-00-10"]
YAML_NUMBERS = [
    "012",
    "0o17",
    "0x1F",
    "1_000",
    "1:30",
    "1e3",
    "+1",
    ".inf",
    "-.Inf",
    ".NaN",
    "0b101",
]
SLUGS = [
    "hello",
    "hello-world",
    "Mixed Case",
    "ünïcode",
    "ΣΊΣΥΦΟΣ",
    "a?b",
    "x_y",
    "2nd-take",
    "dots.in.name",
    "Ça va",
    "a+b",
    "a%20b",
    "a&b=c",
    "(paren)",
    "it's",
    "a,b;c",
    "tilde~x",
    "hash#x",
    "İstanbul",
    "straße",
    "ｆｕｌｌ",
    "emoji😀",
    "trailing.",
    "a--b",
    "@at",
    "ǅemal",
]
WORDS = [
    "news",
    "Sport",
    "tech",
    "Ünï",
    "a b",
    "ΣΊΣ",
    "c#",
    "x?y",
    "2020",
    "true",
    "A.B",
    "a/b",
    "..",
    "../up",
    "UPPER",
    "é",
    "x.",
    ".dot",
    "İ",
]
DST_DAYS = ["2018-11-04", "2021-03-28", "2021-10-31", "2021-03-14", "2021-11-07", "2021-10-03"]

DATES_YAML = [
    "2020-01-12",
    "2020-01-12 10:11:12",
    "2020-01-12T10:11:12Z",
    "2020-01-12 10:11:12 +0100",
    "2020-01-12 10:11:12 -05:00",
    "2020-01-12 10:11:12.5 +09:30",
    "2021-02-29",
    "2020-04-31 23:00:00",
    "2020-01-12t10:11:12z",
    "2021-03-28 02:30:00",
    "2018-11-04",
    "2021-10-31 01:30:00 +01:00",
]
DATES_STRING = [
    "2020-01-12",
    "2020-01-12 10:11",
    "2020-01-12 10:11:12 +0100",
    "2020/01/12 10:11:12",
    "20200112T101112",
    "13/01/2020",
    "25.8.2004",
    "Sun Jan 12 10:11:12 2020",
    "Jan 12 2020 10:00",
    "12 January 2020",
    "2020-012",
    "2020-01-12 24:00:00",
    "2020-01-12 10:00 CEST",
    "2020-01-12 10:00 EST",
    "2020-01-12 10:00 BST",
    "2023-01-29 18:30:22 2023 -0800",
    "2020-01-12 00:10::00 -03:00",
    "2020-01-12 10:00 PM",
    "20-01-12",
    "2020-11-01 01:30:00",
    "2021-03-28 02:30:00",
    "2021-10-31 02:30:00",
    "2021-03-14 02:30:00",
    "2021-11-07 01:30:00",
    "2018-11-04 00:30:00",
    "2021-04-04 02:30:00",
    "2021-10-03 02:30:00",
    "2018-11-04",
    "2020-01-12 10:11:12 UTC",
    "2020-01-12 10:11:12 Z",
    "2020-01-12T10:11:12.123+05:30",
    "Sat, 03 Feb 2001 04:05:06 GMT",
    "3rd Feb 2001 04:05:06 PM",
    "10:00",
    "January 2020",
    "2020",
    "Monday",
    "2001-W05-6",
    "H13.02.03",
    "2020-01-12 10:11:12 +01",
    "2001-02-03T04:05:06.123456789+07:00",
    "2020-01-12 10:11:12 America/New_York",
    "12.01.2020 10:00",
    "2020-01-12 10:11:12 pm",
    "2020-01-12T25:00:00",
    "",
]
BOOLS = [
    "true",
    "false",
    "yes",
    "No",
    "FALSE",
    "True",
    "off",
    "ON",
    "y",
    "n",
    "~",
    "null",
    "Null",
    "''",
    "'false'",
    "0",
    "1",
    "",
]
URL_VALUES_FROM = 117000
"""From this seed on, front matter also holds values Addressable refuses in a URL (a
category `Q&A: news`), `permalink: ''`, ordered maps, anchors defined twice and bare tags,
drawn apart from the site's own draws (so that older seeds keep their sites)."""
COLON_WORDS = ["Q&A: news", "Part 2: x", "1:60", "é:x", "http:", "mailto:x y", "a:b", ":lead"]
COLON_WORDS += ["x/y:z", "//h:80"]
READING_LINES = [
    "permalink: ''",
    "extra: !!omap [a: 1, b: 2]",
    "tags: !omap [k: v]",
    "author: &who Jane\neditor: &who John\nreviewer: *who",
    "subtitle: !",
    "categories: [!, z]",
]
_extra: random.Random | None = None
"""The separate draws for `URL_VALUES_FROM`, set by `generate` for a seed that has them."""
DRAFT_MTIME = 1592222400  # 2020-06-15 12:00 UTC: undated drafts are dated by their file's time


@dataclass
class Site:
    root: Path
    seed: int
    posts: list[str] = field(default_factory=list)


def _scalar(rng: random.Random) -> str:
    kind = rng.randrange(11)
    if kind == 9:
        return rng.choice(YAML_NUMBERS)
    if kind == 10:
        word = rng.choice(["yes", "no", "on", "off", "true", "false", "null", "y", "n"])
        return "".join(c.upper() if rng.random() < 0.5 else c for c in word)
    if kind == 0:
        return str(rng.randrange(0, 3000))
    if kind == 1:
        return rng.choice(["true", "false", "yes", "No", "~", "null"])
    if kind == 2:
        return "2020-01-0" + str(rng.randrange(1, 9))
    if kind == 3:
        return "1.5"
    if kind == 4:
        if _extra is not None and _extra.random() < 0.3:
            return '"' + _extra.choice(COLON_WORDS) + '"'
        return '"' + rng.choice(WORDS) + '"'
    return _plain_word(rng)


def _plain_word(rng: random.Random) -> str:
    """A word that stays one plain YAML scalar."""
    word = rng.choice(WORDS).replace(" ", "-").replace("#", "").replace("?", "")
    return word if word[0].isalnum() or word[0] in "éÜİΣ" else f"'{word}'"


def _word_list(rng: random.Random) -> str:
    """A categories/tags value, in one of the shapes real front matter has."""
    kind = rng.randrange(12)
    if kind == 11:
        return rng.choice(["{a: 1}", "5", "true", "!!str 5", "[!!str 7, a]", "1.0", "[a, {b: c}]"])
    if kind == 0:
        return ""
    if kind == 1:
        return '"' + " ".join(rng.sample(WORDS, 2)) + '"'
    if kind == 2:
        return _plain_word(rng)
    if kind == 3:
        return "[" + ", ".join(_scalar(rng) for _ in range(rng.randrange(0, 4))) + "]"
    if kind == 4:
        return "[[a, b], c]"
    if kind == 5:
        return "\n" + "".join(f"  - {_scalar(rng)}\n" for _ in range(rng.randrange(1, 4))).rstrip()
    if kind == 6:
        return "~"
    if kind == 7:
        return "\n" + "".join(f"- {_scalar(rng)}\n" for _ in range(rng.randrange(1, 3))).rstrip()
    return "[" + ", ".join(_plain_word(rng) for _ in range(2)) + "]"


def _template(rng: random.Random) -> str:
    """A permalink template from Jekyll's placeholders, with the separators sites use."""
    parts = rng.sample(PLACEHOLDERS, rng.randrange(1, 4))
    out = "/" if rng.random() < 0.9 else "blog/"
    for i, part in enumerate(parts):
        out += part + (rng.choice(["/", "-", ""]) if i < len(parts) - 1 else "")
    return out + rng.choice(["", "/", ".html", ":output_ext", "/"])


def _date_line(rng: random.Random) -> str:
    if rng.random() < 0.08:
        odd = ["20200112", "1577836800", "2020.5", "[2020-01-12]", "true", "!!str 2020-01-12", "''"]
        return f"date: {rng.choice(odd)}"
    if rng.random() < 0.5:
        return f"date: {rng.choice(DATES_YAML)}"
    value = rng.choice(DATES_STRING)
    quote = rng.choice(['"', "'"])
    return f"date: {quote}{value}{quote}"


def _front_matter(rng: random.Random) -> str:
    title = rng.choice(["Hello", "A: b", "x", '"quoted"', ">\n  folded\n  title", "|-\n  lit"])
    lines = [f"title: {title}"]
    if rng.random() < 0.7:
        lines.append(_date_line(rng))
    if rng.random() < 0.35:
        lines.append(f"published: {rng.choice(BOOLS)}")
    if rng.random() < 0.6:
        key = rng.choice(["categories", "categories", "category"])
        lines.append(f"{key}: {_word_list(rng)}")
    if rng.random() < 0.5:
        key = rng.choice(["tags", "tags", "tag"])
        lines.append(f"{key}: {_word_list(rng)}")
    if rng.random() < 0.06:
        lines.append("categories: &shared [anchored, Two]\ntags: *shared")
    if rng.random() < 0.18:
        slug = rng.choice(["custom", "", "Ünï Code", "42", "a/b", "'Ça va?'", "x.y.", "'a  b'"])
        lines.append(f"slug: {slug}")
    if rng.random() < 0.15:
        choices = ["/fixed/", "", "/:title/", "/p/:year/:slug.html", _template(rng)]
        choices += ["/:output_ext/:title.xml", "/:slug:output_ext"]
        lines.append(f"permalink: {rng.choice(choices)}")
    if rng.random() < 0.1:
        lines.insert(0, "base: &base\n  categories: [merged]\n  published: true")
        lines.append("<<: *base")
    if _extra is not None and _extra.random() < 0.15:
        lines.append(_extra.choice(READING_LINES))
    if rng.random() < 0.05:
        lines.append("# a comment")
    if rng.random() < 0.05:
        lines.append(rng.choice(["Date: 2001-01-01", "Categories: [cased]", "Published: false"]))
    if rng.random() < 0.3:
        rest = lines[1:]
        rng.shuffle(rest)
        lines[1:] = rest
    out = []
    for line in lines:
        roll = rng.random()
        if roll < 0.05:
            line = re.sub(r"^([a-z]+):", r'"\1":', line)
        elif roll < 0.08:
            line = re.sub(r"^([a-z]+):", r"'\1':", line)
        elif roll < 0.11:
            line = re.sub(r"^([a-z]+): ", "\\1:\t", line)
        out.append(line)
    return "\n".join(out)


def _flow_front_matter(rng: random.Random) -> str:
    """The whole front matter as one flow mapping, `{title: x, date: ..., ...}`."""
    items = ["title: Flow"]
    if rng.random() < 0.7:
        items.append(f"date: {rng.choice(DATES_YAML)}")
    if rng.random() < 0.5:
        items.append(f"categories: [{_plain_word(rng)}, {_plain_word(rng)}]")
    if rng.random() < 0.4:
        items.append(f"tags: {_plain_word(rng)}")
    if rng.random() < 0.3:
        items.append(f"published: {rng.choice(['yes', 'no', 'true', 'false'])}")
    return "{" + ", ".join(items) + "}"


def _document(rng: random.Random, n: int) -> bytes:
    """A post's bytes: front matter in the syntax variants Jekyll reads (or refuses)."""
    roll = rng.random()
    if roll < 0.03:
        plain = rng.choice(["# No front matter\n", "--- # not front matter\ntitle: x\n---\n", ""])
        return plain.encode("utf-8")
    if roll < 0.06:
        front = ""
    elif roll < 0.09:
        front = _flow_front_matter(rng)
    else:
        front = _front_matter(rng)
    opening = "---" + rng.choice(["", "", "", "", "", "  ", "\t"])
    closing = rng.choice(["---", "---", "---", "---", "---", "...", "--- ", "---\t"])
    text = f"{opening}\n{front}\n{closing}\nBody {n}.\n" if front else f"{opening}\n{closing}\n"
    if rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if rng.random() < 0.08 else data


def _defaults(rng: random.Random, collections_dir: str | None) -> list[dict[str, Any]]:
    sets = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        values: dict[str, Any] = {}
        for key, choices in (
            ("categories", [["dflt"], "one two", None, ["Two Words", 5]]),
            ("tags", [["t1"], None, "x y"]),
            ("published", [False, True]),
            ("permalink", ["/d/:title/", "/:year/:slug/", "/:categories/:name:output_ext"]),
            ("date", ["2020-05-05 10:00:00", "2021-03-28 02:30:00 +0200"]),
            ("slug", ["from-defaults"]),
        ):
            if rng.random() < 0.35:
                values[key] = rng.choice(choices)
        scopes: list[dict[str, Any]] = [
            {"path": ""},
            {"path": "_posts"},
            {"type": "posts"},
            {"type": "post"},
            {"path": "news"},
            {"path": "_posts/sub", "type": "posts"},
            {"path": "*/_posts"},
            {"path": "_drafts"},
            {"type": "pages"},
        ]
        if collections_dir:
            scopes += [{"path": collections_dir}, {"path": f"{collections_dir}/_posts"}]
        sets.append({"scope": rng.choice(scopes), "values": values})
    return sets


DEFAULT_DAYS_FROM = 119500
"""From this seed on, some sites' `defaults` give a `date` Psych reads as a day without a
time (a Ruby `Date`, which Jekyll fails every post on) or as a time (drawn apart from the
site's own draws, so that older seeds keep their sites)."""


def _default_days(config: dict[str, Any], seed: int) -> None:
    if seed < DEFAULT_DAYS_FROM:
        return
    draw = random.Random(f"default-days-{seed}")
    if draw.random() >= 0.3:
        return
    sets = config.setdefault("defaults", [])
    if not sets or draw.random() < 0.3:  # a set of its own, in scope or not
        sets.append({"scope": {"path": draw.choice(["", "elsewhere"])}, "values": {}})
    values = draw.choice(sets)["values"]
    values["date"] = draw.choice(
        [dt.date(2020, 5, 5), dt.datetime(2020, 5, 5, 10, 0), dt.date(2021, 3, 28)]
    )


def _config(rng: random.Random) -> dict[str, Any]:
    config: dict[str, Any] = {"title": "Fuzz"}
    tz = rng.choice(TIMEZONES)
    if tz:
        config["timezone"] = tz
    permalink = rng.choice(PERMALINKS) if rng.random() < 0.85 else _template(rng)
    if permalink:
        config["permalink"] = permalink
    if rng.random() < 0.3:
        config["future"] = rng.choice([True, False])
    if rng.random() < 0.2:
        config["unpublished"] = True
    if rng.random() < 0.15:
        config["collections_dir"] = rng.choice(COLLECTIONS_DIRS)
    if rng.random() < 0.25:
        config["show_drafts"] = rng.choice([True, True, False])
    if rng.random() < 0.15:
        config["encoding"] = rng.choice(["utf-8", "bom|utf-8", "UTF-8"])
    if rng.random() < 0.15:
        config["baseurl"] = rng.choice(["/blog", "", "/a b"])
    if rng.random() < 0.05:
        config["strict_front_matter"] = True
    if rng.random() < 0.15:
        config["exclude"] = rng.sample(["news", "*.txt", "_posts/sub", "a/b/", "*.htm"], 2)
    if rng.random() < 0.1:
        config["include"] = rng.sample(["_x", "*.txt", ".hidden"], 1)
    if rng.random() < 0.35:
        config["defaults"] = _defaults(rng, config.get("collections_dir"))
    if rng.random() < 0.05:
        config["permalink"] = rng.choice(["Pretty", "DATE", "ordinal/", "/none"])
    if rng.random() < 0.06:
        config["collections"] = {"posts": {"output": True, "permalink": _template(rng)}}
    if rng.random() < 0.06:
        config["markdown_ext"] = rng.choice(["md,txt", "markdown, MD", "htm"])
    return config


def _file_name(rng: random.Random, n: int, draft: bool) -> str:
    year = rng.choice(["2020", "2021", "2019", "2040"])
    stamp = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 32):02d}"
    roll = rng.random()
    if roll < 0.05:
        stamp = stamp[2:]
    elif roll < 0.1:
        stamp = f"{year}-{rng.randrange(1, 13)}-{rng.randrange(1, 10)}"
    elif roll < 0.2:
        stamp = rng.choice(DST_DAYS)
    elif roll < 0.24:
        stamp = rng.choice(ODD_STAMPS)
    ext = rng.choice(ODD_EXTENSIONS) if rng.random() < 0.06 else rng.choice(EXTENSIONS)
    slug = f"{rng.choice(SLUGS)}{n}{ext}"
    if draft and rng.random() < 0.4:
        return slug  # a draft needs no date in its name
    return f"{stamp}-{slug}"


def _rare_settings(seed: int) -> dict[str, Any]:
    """Settings few sites have: the build's `time`, `limit_posts`, a `timezone` that is no
    zone name (drawn apart from the site's own draws, as `_config_name`)."""
    draw = random.Random(f"rare-settings-{seed}")
    out: dict[str, Any] = {}
    if draw.random() < 0.08:
        out["limit_posts"] = draw.choice([1, 3, 10, 2.5, 0])
    if draw.random() < 0.08:
        out["time"] = draw.choice(["2021-06-01 12:00:00", "2020-01-01", "2023-03-26T01:30:00Z"])
    if draw.random() < 0.05:  # no zone name: glibc reads a POSIX TZ string, or UTC
        out["timezone"] = draw.choice(["UTC+3", "JST-9", "Mars/Phobos", "<+0330>-3:30", "utc"])
    return out


ENCODINGS_FROM = 117000
"""From this seed on, one site in four reads another encoding than UTF-8 (`_site_encoding`),
and some of its posts are saved in it; earlier seeds make the sites they always made."""
ENCODINGS = [
    "ISO-8859-1",
    "Windows-1252",
    "cp1252",
    "Shift_JIS",
    "EUC-JP",
    "KOI8-R",
    "US-ASCII",
    "UTF8",
    "",
    "latin1",
    "utf-16",
    "bom|utf-16le",
    "UTF-8-MAC",
    "bom|ISO-8859-1",
    False,
]


def _site_encoding(seed: int) -> Any:
    """The `encoding` of a site from `ENCODINGS_FROM` on (None: the site's own draw stands),
    drawn apart from the site's own draws, as `_config_name`."""
    if seed < ENCODINGS_FROM:
        return None
    draw = random.Random(f"encoding-{seed}")
    return draw.choice(ENCODINGS) if draw.random() < 0.25 else None


def _in_encoding(data: bytes, encoding: Any, seed: int, n: int) -> bytes:
    """A post's bytes, in one post of two saved in the site's encoding where it can hold
    them (the others stay UTF-8, which Jekyll reads as that encoding)."""
    draw = random.Random(f"encoding-{seed}-{n}")
    if not isinstance(encoding, str) or draw.random() < 0.5:
        return data
    codec = encoding.removeprefix("bom|")
    try:
        return data.decode("utf-8").encode(codec)
    except (LookupError, UnicodeError):
        return data


def _config_name(seed: int) -> str:
    """`_config.yml`, or in one site in eight `_config.yaml` with a decoy `_config.toml`
    that Jekyll does not read (drawn apart from the site's own draws, so that a seed makes
    the same posts whichever name it gets)."""
    draw = random.Random(f"config-name-{seed}")
    if draw.random() < 0.125:
        return "_config.yaml"
    return "_config.yml"


def generate(seed: int, parent: Path, posts: int = 12) -> Site:
    """A site of ``posts`` generated posts under ``parent``/site-SEED."""
    global _extra
    rng = random.Random(seed)
    _extra = random.Random(f"url-values-{seed}") if seed >= URL_VALUES_FROM else None
    root = parent / f"site-{seed}"
    root.mkdir(parents=True)
    import yaml

    config = _config(rng)
    config.update(_rare_settings(seed))
    _default_days(config, seed)
    encoding = _site_encoding(seed)
    if encoding is not None:
        config["encoding"] = encoding
    name = _config_name(seed)
    (root / name).write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    if name != "_config.yml":
        (root / "_config.toml").write_text('permalink = "/decoy/:title/"\n', "utf-8")
    collections_dir = config.get("collections_dir")
    site = Site(root, seed)
    for n in range(posts):
        folder = rng.choice(FOLDERS)
        draft = rng.random() < 0.12
        if draft:
            folder = folder.replace("_posts", "_drafts", 1)
        if collections_dir and rng.random() < 0.85:
            folder = f"{collections_dir}/{folder}"
        path = root / folder / _file_name(rng, n, draft)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_in_encoding(_document(rng, n), encoding, seed, n))
        if draft:
            os.utime(path, (DRAFT_MTIME + n * 3600, DRAFT_MTIME + n * 3600))
        site.posts.append(str(path.relative_to(root)))
    return site


@dataclass
class JekyllView:
    posts: dict[str, dict[str, Any]]
    errors: dict[str, str]  # path -> Jekyll's error line, for posts that stop a build
    time: str | None = None  # the build's clock (`site.time`, or with a `time` setting the
    # machine's clock, which pressbot is given as its own), ISO 8601


_FAILED_FILE = re.compile(
    r"(?:Document|file|File) '?([^' ]+?)'? (?:does not|could not|is not)|"
    r"Error reading file ([^:]+):|Invalid date '[^']*': .* in '([^']+)'"
)


def jekyll_posts(site: Site, work: Path, timeout: float = 300) -> JekyllView:
    """What real Jekyll reads: each post's URL, date, categories and tags; posts that stop the
    build are removed one by one (named by Jekyll's error) and recorded."""
    source = work / f"jekyll-{site.seed}"
    shutil.copytree(site.root, source, symlinks=True)
    (source / "_plugins").mkdir()
    (source / "_plugins" / "pressbot_dump.rb").write_text(DUMP_PLUGIN, encoding="utf-8")
    dump = work / f"dump-{site.seed}.json"
    errors: dict[str, str] = {}
    for _ in range(len(site.posts) + 1):
        done = subprocess.run(
            ["jekyll", "build", "--quiet", "-s", str(source), "-d", str(work / "built")],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "PRESSBOT_DUMP": str(dump), "JEKYLL_ENV": "production"},
        )
        if done.returncode == 0 and dump.exists():
            dumped = json.loads(dump.read_text(encoding="utf-8"))
            dump.unlink()
            posts = dumped["posts"]
            errors.update({p["path"]: p["error"] for p in posts if "error" in p})
            found = {p["path"]: p for p in posts if "error" not in p}
            return JekyllView(found, errors, dumped["time"])
        culprit = _culprit(done.stderr + done.stdout, source, site)
        if culprit is None:
            raise RuntimeError(f"jekyll failed on site {site.seed}: {done.stderr[-2000:]}")
        errors[culprit] = _last_line(done.stderr + done.stdout)
        (source / culprit).unlink()
    raise RuntimeError(f"jekyll kept failing on site {site.seed}")


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _culprit(output: str, source: Path, site: Site) -> str | None:
    """The post the failed build names last: the one it stopped on (earlier lines may log
    posts Jekyll read on past, such as front matter it could not parse)."""
    text = "\n".join(line for line in output.splitlines() if not line.lstrip().startswith("from "))
    best: tuple[int, int, str] | None = None
    for rel in site.posts:
        if not (source / rel).exists():
            continue
        at = max(text.rfind(rel), text.rfind(str(source / rel)))
        if at >= 0 and (best is None or (at, len(rel)) > best[:2]):
            best = (at, len(rel), rel)
    return best[2] if best else None


def pressbot_posts(
    site: Site, now: str | None = None
) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """`pressbot list --format json`, and the posts `pressbot check` reports an error for;
    with ``now`` (Jekyll's build time), pressbot's clock is set to it."""
    args = ("--format", "json", "--site", site.root)
    env = {"PRESSBOT_NOW": now} if now else {}
    listed = pressbot("list", *args, cwd=site.root, env=env)
    posts = {p["path"]: p for p in json.loads(listed.out)["posts"]}
    checked = pressbot("check", *args, cwd=site.root, env=env)
    found = json.loads(checked.out)["findings"]
    errors = {f["path"] for f in found if f["severity"] == "error"}
    return posts, errors


def _instant(text: str | None) -> float | None:
    import datetime as dt

    if not text:
        return None
    return dt.datetime.fromisoformat(text).timestamp()


def _same_instant(mine: float | None, theirs: int) -> bool:
    """Equal instants, to the second (pressbot runs on Jekyll's build clock)."""
    return mine is not None and int(mine) == theirs


def compare(
    site: Site, jekyll: JekyllView, ours: dict[str, dict[str, Any]], errors: set[str]
) -> list[str]:
    """Every difference, one line each; empty when pressbot reads the site as Jekyll does."""
    out: list[str] = []
    for path in site.posts:
        if path in jekyll.errors:
            if path not in errors:
                out.append(
                    f"{path}: Jekyll fails ({jekyll.errors[path][:120]}); pressbot reports no error"
                )
            continue
        theirs = jekyll.posts.get(path)
        mine = ours.get(path)
        if mine is None:
            if theirs is not None:
                out.append(f"{path}: Jekyll publishes it; pressbot does not list it")
            continue
        if (theirs is not None) != bool(mine.get("published")):
            out.append(
                f"{path}: published: Jekyll {theirs is not None}, pressbot {mine.get('published')} ({mine.get('reason')})"
            )
            continue
        if theirs is None:
            continue
        if mine.get("url") != theirs["url"]:
            out.append(f"{path}: url: Jekyll {theirs['url']!r}, pressbot {mine.get('url')!r}")
        if not _same_instant(_instant(mine.get("date")), theirs["epoch"]):
            out.append(f"{path}: date: Jekyll {theirs['date']}, pressbot {mine.get('date')}")
        for key in ("categories", "tags"):
            if mine.get(key) != theirs[key]:
                out.append(f"{path}: {key}: Jekyll {theirs[key]!r}, pressbot {mine.get(key)!r}")
    return out


def written(tmp_path: Path, files: dict[str, str]) -> tuple[Site, JekyllView, set[str]]:
    """A site of ``files`` (its posts: those under `_posts`) written below ``tmp_path``, as
    Jekyll reads it, and the posts pressbot gives errors, once both readings agree."""
    root = tmp_path / "site"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    site = Site(root, 0, sorted(p for p in files if "_posts/" in p))
    jekyll = jekyll_posts(site, tmp_path / "work")
    ours, errors = pressbot_posts(site, jekyll.time)
    assert compare(site, jekyll, ours, errors) == []
    return site, jekyll, errors


def run_seed(seed: int, work: Path, posts: int = 12) -> tuple[Site, list[str]]:
    site = generate(seed, work, posts)
    jekyll = jekyll_posts(site, work)
    ours, errors = pressbot_posts(site, jekyll.time)
    return site, compare(site, jekyll, ours, errors)


def main_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="pressbot-fuzz-"))
