"""Small generated Hugo sites whose pages collide on URLs in every way a site can make them:
file names and bundle folders, `slug`, `title` (through `:slug` and `:title`), `url` and
`aliases` (absolute, relative, climbing), a branch's `cascade` and the site's, permalink
patterns (dates, sections, several attributes in one part, Go date layouts), languages and
their prefixes, `uglyURLs`, `removePathAccents` and `disablePathToLower`, values that are not
text (numbers, booleans, dates), text spelled with escapes, and front matter in YAML, TOML,
JSON and Org.

Words come from small pools (with case, accents, a Kelvin sign and a dotted capital I that
lower-case to ASCII letters), so that collisions are frequent.
"""

from __future__ import annotations

import json
import random

PATTERNS = [
    None,
    "/:slug/",
    "/:title/",
    "/:year/:month/:slug/",
    "/:section/:slug/",
    "/:sections/:title/",
    "/:filename/",
    "/:slugorfilename/",
    "/blog/:slug/",
    "/:year/:monthname/:title/",
    "/:year/:month/",
    "/hello/:slug/",
]
MIXED = ["/:year/:slug-:month/", "/post-:slug/", "/:2006/:slug/"]
"""Patterns with a part made of two things (a partial run then describes every page)."""
WORDS = [
    "hello",
    "Hello",
    "Hello World",
    "hello-world",
    "hello_world",
    "Héllo",
    "hèllo",
    "\u212aelvin",  # a Kelvin sign: Go lower-cases it to `k`
    "kelvin",
    "\u0130stanbul",  # a dotted capital I: `i` in Go's lower case
    "istanbul",
    "top 10",
    "top-10",
    "a.b",
    "world",
    "!!",
    "..",
    "",
    "x/hello",
    "2020",
    "march",
]
SCALARS = ["7", "2020", "1.5", "true", "yes", "0x10", "1e3", "2020-01-02", "null", "[a, b]"]
"""YAML values that are not text (Hugo prints some of them)."""
DATES = ["2020-01-02", "2020-03-05T10:00:00Z", "2021-06-15", "1577923200"]
SECTIONS = ["posts", "news", "posts/sub", "hello", "Posts", ""]
STEMS = ["hello", "hello-world", "other", "Hello", "héllo", "x", "2020", "march"]
URLS = [
    "/hello/",
    "/hello",
    "/hello.html",
    "/posts/hello/",
    "/2020/01/hello/",
    "hello/",
    "/blog/hello-world/",
    "/x%68/",
    "/",
    "/en/hello/",
    "/HELLO/",
    "/caf\u00e9/",
    "/posts/16/",
    "/posts/true/",
    "/posts/1000/",
    "/2020/march/",
    "/istanbul/",
    "/kelvin/",
    "/post-hello/",
    "/2020/hello-01/",
]
ALIASES = ["/hello/", "hello", "../hello", "/old/hello/", "..", "/2020/", "/posts/", "/hello.html"]


def _yaml_text(rng: random.Random, word: str) -> str:
    if rng.random() < 0.1:
        return json.dumps(word)  # a quoted string, escapes and all
    if rng.random() < 0.08:
        # spelled with an escape: `\x68` is `h`
        return '"' + word.replace("h", "\\x68").replace("e", "\\u0065") + '"'
    return json.dumps(word, ensure_ascii=False)


def _value(rng: random.Random, pool: list[str]) -> object:
    """A value for `title`, `slug` or `url`: usually a word, now and then something else."""
    if rng.random() < 0.12:
        return ("scalar", rng.choice(SCALARS))
    return rng.choice(pool)


def _front_matter(rng: random.Random, data: dict[str, object]) -> tuple[str, str]:
    """(the front matter's text, its format), in one of Hugo's formats."""
    form = rng.choice(["yaml", "yaml", "toml", "json", "org"])
    scalars = any(isinstance(v, tuple) for v in data.values())
    if form == "org" and (scalars or {"aliases", "cascade", "outputs"} & data.keys()):
        form = "yaml"
    if form in ("toml", "json") and scalars:
        form = "yaml"
    if form == "toml" and rng.random() < 0.3 and "date" in data:
        data = {**data, "slug": ("toml", "2020-01-02T10:00:00Z")}
    if form == "yaml":
        lines = []
        for key, value in data.items():
            if isinstance(value, tuple):
                lines.append(f"{key}: {value[1]}")
            elif isinstance(value, list):
                lines.append(f"{key}: [{', '.join(_yaml_text(rng, v) for v in value)}]")
            elif isinstance(value, dict):
                lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
            else:
                lines.append(f"{key}: {_yaml_text(rng, str(value))}")
        return "---\n" + "\n".join(lines) + "\n---\n", form
    if form == "toml":
        lines = []
        tables = []
        for key, value in data.items():
            if isinstance(value, dict):
                inner = ", ".join(f"{k} = {json.dumps(v)}" for k, v in value.items())
                tables.append(f"{key} = {{ {inner} }}")
            elif isinstance(value, tuple):
                lines.append(f"{key} = {value[1]}")  # a TOML date-time
            else:
                lines.append(f"{key} = {json.dumps(value, ensure_ascii=rng.random() < 0.2)}")
        return "+++\n" + "\n".join(lines + tables) + "\n+++\n", form
    if form == "json":
        return json.dumps(data, ensure_ascii=rng.random() < 0.2, indent=1) + "\n", form
    lines = [f"#+{key.upper()}: {value}" for key, value in data.items()]
    return "\n".join(lines) + "\n", form


def generate(seed: int) -> dict[str, str]:
    """A site: its files by path."""
    rng = random.Random(seed)
    multilingual = rng.random() < 0.3
    config = ['baseURL = "https://example.org/"', 'title = "Site"']
    ugly = rng.random()
    if ugly < 0.2:
        config.append("uglyURLs = true")
    if rng.random() < 0.3:
        config.append("removePathAccents = true")
    if rng.random() < 0.15:
        config.append("disablePathToLower = true")
    if rng.random() < 0.2:
        config.append("buildDrafts = true")
    patterns = {}
    for section in ("posts", "news", "hello"):
        pattern = rng.choice(PATTERNS + MIXED if rng.random() < 0.2 else PATTERNS)
        if pattern is not None:
            patterns[section] = pattern
    site_cascade = rng.random() < 0.15
    if site_cascade:
        key = rng.choice(["slug", "url", "aliases"])
        value = {"slug": '"hello"', "url": '"/hello/"', "aliases": '["/hello/"]'}[key]
        config.append(f'[[cascade]]\n{key} = {value}\n[cascade._target]\npath = "/news/**"')
    if patterns:
        config.append("[permalinks]")
        config += [f'{s} = "{p}"' for s, p in patterns.items()]
    if 0.2 <= ugly < 0.3:
        config.append("[uglyURLs]\nposts = true")
    if multilingual:
        config.insert(0, 'defaultContentLanguage = "en"')
        if rng.random() < 0.3:
            config.insert(0, "defaultContentLanguageInSubdir = true")
        config.append("[languages.en]\nweight = 1\n[languages.fr]\nweight = 2")
        if rng.random() < 0.3:
            config.append(f'[languages.fr.permalinks]\nposts = "{rng.choice(PATTERNS[1:])}"')
    files: dict[str, str] = {"hugo.toml": "\n".join(config) + "\n"}
    for section in ("posts", "news"):
        if rng.random() < 0.3:
            key = rng.choice(["slug", "url", "title", "aliases"])
            value = rng.choice(WORDS) if key != "url" else rng.choice(URLS)
            cascade: dict[str, object] = {key: [value] if key == "aliases" else value}
            data: dict[str, object] = {"title": section.title(), "cascade": cascade}
            text, _form = _front_matter(rng, data)
            files[f"content/{section}/_index.md"] = text
    for i in range(rng.randrange(6, 14)):
        section = rng.choice(SECTIONS)
        stem = rng.choice(STEMS)
        lang = ".fr" if multilingual and rng.random() < 0.3 else ""
        folder = f"content/{section}/" if section else "content/"
        if rng.random() < 0.25:
            path = f"{folder}{stem}-{i}/index{lang}.md"
        elif rng.random() < 0.5:
            path = f"{folder}{stem}{lang}.md"
        else:
            path = f"{folder}{stem}-{i}{lang}.md"
        data = {"title": _value(rng, WORDS), "date": rng.choice(DATES)}
        if rng.random() < 0.4:
            data["slug"] = _value(rng, WORDS)
        if rng.random() < 0.2:
            data["url"] = _value(rng, URLS)
        if rng.random() < 0.3:
            data["aliases"] = rng.sample(ALIASES, rng.randrange(1, 3))
        if rng.random() < 0.1:
            data["draft"] = True
        if rng.random() < 0.1:
            data["outputs"] = rng.choice([["json"], ["html", "amp"], ["amp"]])
        text, _form = _front_matter(rng, data)
        files.setdefault(path, text + f"\nPage {i}.\n")
    return files
