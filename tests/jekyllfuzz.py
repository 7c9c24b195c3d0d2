"""A differential fuzzer: generated Jekyll sites, read by real Jekyll and by `pressbot list`.

`generate(seed)` writes a site with varied configuration, folders, file names, front-matter
syntax and values (the things real sites vary). `jekyll_posts` builds it with real Jekyll, with a
`post_read` hook plugin that dumps `site.posts.docs` as JSON and exits before rendering; a post
that makes Jekyll fail is taken out (and recorded) and the build repeated. `compare` then holds
`pressbot list --format json` against it, post by post: published or not, URL, date (as an
instant), categories and tags (ordered, with their types).

Used by `tests/test_jekyll_fuzz.py` (a few seeds, in CI) and `bench/jekyll_fuzz.py` (many).
"""

from __future__ import annotations

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
    when String, Integer, Float, TrueClass, FalseClass, NilClass then value
    else { "ruby" => value.class.name, "text" => value.to_s }
    end
  end
  posts = site.posts.docs.map do |doc|
    begin
      {
        "path" => doc.relative_path,
        "url" => doc.url,
        "epoch" => doc.date.to_i,
        "date" => doc.date.strftime("%Y-%m-%dT%H:%M:%S%:z"),
        "categories" => plain.call(doc.data["categories"]),
        "tags" => plain.call(doc.data["tags"]),
      }
    rescue StandardError => e
      # what stops a real build at this post (a `slug: 42` has no URL)
      { "path" => doc.relative_path, "error" => "#{e.class}: #{e.message}" }
    end
  end
  File.write(ENV.fetch("PRESSBOT_DUMP"), JSON.generate(posts))
  exit!(0)
end
"""

TIMEZONES = [None, "UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Adelaide"]
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
]
FOLDERS = ["_posts", "_posts", "_posts", "news/_posts", "a/b/_posts", "_posts/sub", "_posts/x y"]
EXTENSIONS = [".md", ".md", ".md", ".markdown", ".html", ".htm", ".txt", ".MD"]
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
]
WORDS = ["news", "Sport", "tech", "Ünï", "a b", "ΣΊΣ", "c#", "x?y", "2020", "true"]

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


@dataclass
class Site:
    root: Path
    seed: int
    posts: list[str] = field(default_factory=list)


def _scalar(rng: random.Random) -> str:
    kind = rng.randrange(9)
    if kind == 0:
        return str(rng.randrange(0, 3000))
    if kind == 1:
        return rng.choice(["true", "false", "yes", "No", "~", "null"])
    if kind == 2:
        return "2020-01-0" + str(rng.randrange(1, 9))
    if kind == 3:
        return "1.5"
    if kind == 4:
        return '"' + rng.choice(WORDS) + '"'
    return rng.choice(WORDS).replace(" ", "-").replace("#", "").replace("?", "")


def _word_list(rng: random.Random) -> str:
    """A categories/tags value, in one of the shapes real front matter has."""
    kind = rng.randrange(10)
    if kind == 0:
        return ""
    if kind == 1:
        return '"' + " ".join(rng.sample(WORDS, 2)) + '"'
    if kind == 2:
        return rng.choice(WORDS).replace("#", "").replace("?", "")
    if kind == 3:
        return "[" + ", ".join(_scalar(rng) for _ in range(rng.randrange(0, 4))) + "]"
    if kind == 4:
        return "[[a, b], c]"
    if kind == 5:
        return "\n" + "".join(f"  - {_scalar(rng)}\n" for _ in range(rng.randrange(1, 4))).rstrip()
    if kind == 6:
        return "~"
    return "[" + ", ".join(rng.choice(WORDS).replace(",", "") for _ in range(2)) + "]"


def _front_matter(rng: random.Random) -> str:
    title = rng.choice(["Hello", "A: b", "x", '"quoted"'])
    lines = [f"title: {title}"]
    if rng.random() < 0.7:
        if rng.random() < 0.5:
            lines.append(f"date: {rng.choice(DATES_YAML)}")
        else:
            value = rng.choice(DATES_STRING)
            quote = rng.choice(['"', "'"])
            lines.append(f"date: {quote}{value}{quote}")
    if rng.random() < 0.35:
        lines.append(f"published: {rng.choice(BOOLS)}")
    if rng.random() < 0.6:
        key = rng.choice(["categories", "categories", "category"])
        lines.append(f"{key}: {_word_list(rng)}")
    if rng.random() < 0.5:
        key = rng.choice(["tags", "tags", "tag"])
        lines.append(f"{key}: {_word_list(rng)}")
    if rng.random() < 0.15:
        lines.append(f"slug: {rng.choice(['custom', '', 'Ünï Code', '42', 'a/b'])}")
    if rng.random() < 0.12:
        lines.append(f"permalink: {rng.choice(['/fixed/', '', '/:title/', '/p/:year/:slug.html'])}")
    if rng.random() < 0.1:
        lines.insert(0, "base: &base\n  categories: [merged]\n  published: true")
        lines.append("<<: *base")
    if rng.random() < 0.3:
        rest = lines[1:]
        rng.shuffle(rest)
        lines[1:] = rest
    return "\n".join(lines)


def _config(rng: random.Random) -> dict[str, Any]:
    config: dict[str, Any] = {"title": "Fuzz"}
    tz = rng.choice(TIMEZONES)
    if tz:
        config["timezone"] = tz
    permalink = rng.choice(PERMALINKS)
    if permalink:
        config["permalink"] = permalink
    if rng.random() < 0.3:
        config["future"] = rng.choice([True, False])
    if rng.random() < 0.2:
        config["unpublished"] = True
    if rng.random() < 0.3:
        values: dict[str, Any] = {}
        for key, choices in (
            ("categories", [["dflt"], "one two", None]),
            ("tags", [["t1"], None]),
            ("published", [False, True]),
            ("permalink", ["/d/:title/"]),
        ):
            if rng.random() < 0.4:
                values[key] = rng.choice(choices)
        scope = rng.choice([{"path": ""}, {"path": "_posts"}, {"type": "posts"}, {"path": "news"}])
        config["defaults"] = [{"scope": scope, "values": values}]
    return config


def generate(seed: int, parent: Path, posts: int = 12) -> Site:
    """A site of ``posts`` generated posts under ``parent``/site-SEED."""
    rng = random.Random(seed)
    root = parent / f"site-{seed}"
    root.mkdir(parents=True)
    import yaml

    (root / "_config.yml").write_text(yaml.safe_dump(_config(rng), allow_unicode=True), "utf-8")
    site = Site(root, seed)
    for n in range(posts):
        folder = rng.choice(FOLDERS)
        year = rng.choice(["2020", "2021", "2019", "2040"])
        stamp = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 32):02d}"
        if rng.random() < 0.05:
            stamp = stamp[2:]
        name = f"{stamp}-{rng.choice(SLUGS)}{n}{rng.choice(EXTENSIONS)}"
        path = root / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{_front_matter(rng)}\n---\nBody {n}.\n", encoding="utf-8")
        site.posts.append(str(path.relative_to(root)))
    return site


@dataclass
class JekyllView:
    posts: dict[str, dict[str, Any]]
    errors: dict[str, str]  # path -> Jekyll's error line, for posts that stop a build


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
            posts = json.loads(dump.read_text(encoding="utf-8"))
            dump.unlink()
            errors.update({p["path"]: p["error"] for p in posts if "error" in p})
            return JekyllView({p["path"]: p for p in posts if "error" not in p}, errors)
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
    for rel in sorted(site.posts, key=len, reverse=True):
        if (source / rel).exists() and (rel in output or str(source / rel) in output):
            return rel
    return None


def pressbot_posts(site: Site) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """`pressbot list --format json`, and the posts `pressbot check` reports an error for."""
    args = ("--format", "json", "--site", site.root)
    listed = pressbot("list", *args, cwd=site.root)
    posts = {p["path"]: p for p in json.loads(listed.out)["posts"]}
    checked = pressbot("check", *args, cwd=site.root)
    found = json.loads(checked.out)["findings"]
    errors = {f["path"] for f in found if f["severity"] == "error"}
    return posts, errors


def _instant(text: str | None) -> float | None:
    import datetime as dt

    if not text:
        return None
    return dt.datetime.fromisoformat(text).timestamp()


def _same_instant(mine: float | None, theirs: int) -> bool:
    """Equal instants; a post dated at build time (front matter Jekyll cannot read) matches a
    time within a few minutes of it, as both read the clock at their own moment."""
    import time

    if mine is None:
        return False
    if abs(theirs - time.time()) < 900:
        return abs(mine - theirs) < 900
    return mine == theirs


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


def run_seed(seed: int, work: Path, posts: int = 12) -> tuple[Site, list[str]]:
    site = generate(seed, work, posts)
    jekyll = jekyll_posts(site, work)
    ours, errors = pressbot_posts(site)
    return site, compare(site, jekyll, ours, errors)


def main_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="pressbot-fuzz-"))
