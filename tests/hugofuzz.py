"""A differential fuzzer: generated Hugo sites, read by real Hugo (`hugo list all`) and by
`pressbot list`, page by page.

Each seed makes one site: its configuration in TOML, YAML or JSON (at the root or in
`config/_default/`), a time zone, a `baseURL` with or without a path, `permalinks` patterns,
`uglyURLs`, one to three languages (sharing `content/` or each with its `contentDir`, with
their own time zones), and pages in sections, nested sections and leaf bundles, with front
matter in the three formats: dates in many layouts and types, `draft`/`published` in many
spellings, `slug`, `url`, `outputs` (the page's or the site's), `cascade` from sections.
Hugo prints each regular page's path,
slug, title, dates, draft state and permalink; pressbot must agree on every one of them, and
on whether the page is published at the pinned moment (and why not).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.inputkit import pressbot

NOW = dt.datetime(2025, 6, 15, 12, 0, tzinfo=dt.timezone.utc)
OUTPUT_LISTS: list[Any] = [
    ["html"],
    ["json"],
    ["json", "html"],
    ["amp", "html"],
    ["HTML", "markdown"],
    ["csv"],
    ["sitemap"],
    "json html",
    [],
]
"""Output formats a page or the site names: mostly the first gives the page's URL, and a
later `html` or `amp` where it is the format Hugo renders last. (Sites before
`FORMATS_FROM` all disable the `RSS` kind: a page naming `rss` then stops Hugo, the site's
`outputs` lose it, so `rss` is only in the site's.)"""
MORE_OUTPUT_LISTS: list[Any] = [["html", "amp"], ["amp"], ["json", "amp", "html"], ["HTML", "AMP"]]
"""More lists, on the sites of seeds from `FORMATS_FROM` on."""
"""The moment both are judged at (`--now` for pressbot; Hugo's fields are compared to it)."""

ZONES = [
    "",
    "UTC",
    "Asia/Tokyo",
    "America/New_York",
    "Europe/Berlin",
    "Australia/Adelaide",
    "Pacific/Kiritimati",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Pacific/Pago_Pago",
]
PATTERNS = [
    "/:year/:month/:day/:slug/",
    "/:year/:month/:slug/",
    "/:section/:slug/",
    "/:sections/:filename/",
    "/:title/",
    "/:filename/",
    "/articles/:year/:slugorfilename/",
    "/:section/:yearday-:monthname/:title/",
    "/:weekdayname/:weekday/:slug",
    "/2006/:01/:02/:slug/",
    "/fixed/:slug.html",
]
WORDS = [
    "Hello",
    "world",
    "Über",
    "café",
    "naïve",
    "C++",
    "C#",
    "100%",
    "rock & roll",
    "日本語",
    "Ελληνικά",
    "emoji 🎉",
    "dash-ed",
    "under_score",
    "a.b",
    "x/y",
    "  spaced  ",
    "Q?",
    "ÉCOLE",
    "don't",
    "#hash",
    "~tilde",
    "@at",
    "Straße",
    "İstanbul",
    "٣ digits",
    "e\u0301accent",
    "nb\u00a0sp",
    "tab\there",
    "zero\u200bwidth",
    "",
]
SECTIONS = ["posts", "blog", "news", "docs", "Mixed Case"]
LANGS = ["en", "fr", "de"]


@dataclass
class Site:
    seed: int
    root: Path
    pages: list[str] = field(default_factory=list)
    """Content files Hugo lists, by path from the root (known after reading)."""


def _date_text(rng: random.Random, when: dt.datetime) -> Any:
    """A date value in one of the shapes authors write (and Hugo reads or does not)."""
    shape = rng.randrange(16)
    if shape == 0:
        return when.strftime("%Y-%m-%d")
    if shape == 1:
        return when.strftime("%Y-%m-%dT%H:%M:%S")
    if shape == 2:
        return when.strftime("%Y-%m-%d %H:%M:%S")
    if shape == 3:
        return when.strftime("%Y-%m-%dT%H:%M:%S") + rng.choice(["Z", "+02:00", "-05:30", "+14:00"])
    if shape == 4:
        return when.strftime("%Y-%m-%d %H:%M:%S") + rng.choice([" +0200", " -0700", "Z", "+0100"])
    if shape == 5:
        return when.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + rng.choice(["", "Z", "+09:00"])
    if shape == 6:
        return when.strftime("%d %b %Y")
    if shape == 7:
        return when.strftime("%a, %d %b %Y %H:%M:%S ") + rng.choice(["+0000", "-0400", "GMT"])
    if shape == 8:
        return when.strftime("%Y-%m-%d %H:%M:%S -07:00")
    if shape == 9:
        return rng.choice(["2024-02-30", "not a date", "2024-13-01", "2024/01/02", "", "tomorrow"])
    if shape == 10:
        return when.strftime("%Y-%m-%dT%-H:%M:%S")
    if shape == 11:
        return when.strftime("%Y-%m-%d %H:%M:%S.123456789 +0000 UTC")
    if shape == 12:
        return when.strftime("%a %b %d %H:%M:%S %Y")
    if shape == 13:
        return when.strftime("%Y-%m-%dT%H:%M:%S-0300")
    if shape == 14:
        return int(when.timestamp())
    return when.strftime("%Y-%m-%d")


def _when(rng: random.Random) -> dt.datetime:
    """Times around the pinned moment: a day either side matters in some zones."""
    spread = rng.choice([1, 2, 30, 400, 4000])
    return (NOW + dt.timedelta(hours=rng.uniform(-24 * spread, 24 * spread))).replace(
        tzinfo=None, microsecond=rng.choice([0, 0, 123000])
    )


def _draft(rng: random.Random) -> Any:
    return rng.choice(
        [True, False, "true", "false", "True", "yes", "no", 1, 0, "1", "on", "off", None, "t"]
    )


@dataclass
class _Value:
    """A value written raw in YAML or TOML (a date TOML reads as a date, a YAML `yes`)."""

    yaml: str
    toml: str | None


def _front_matter(rng: random.Random, fields: dict[str, Any], form: str) -> str:
    if form == "json":
        plain = {k: (v.yaml if isinstance(v, _Value) else v) for k, v in fields.items()}
        return json.dumps(plain, ensure_ascii=rng.random() < 0.5, indent=2) + "\n"
    lines = []
    for key, value in fields.items():
        if form == "yaml":
            if isinstance(value, _Value):
                text = value.yaml
            elif value is None:
                text = "null"
            else:
                text = json.dumps(value, ensure_ascii=False)
            lines.append(f"{key}: {text}")
        else:
            if value is None:
                continue
            if isinstance(value, _Value):
                text = value.toml if value.toml is not None else json.dumps(value.yaml)
            elif isinstance(value, bool):
                text = "true" if value else "false"
            else:
                text = json.dumps(value, ensure_ascii=False)
            lines.append(f"{key} = {text}")
    body = "\n".join(lines) + ("\n" if lines else "")
    return ("---\n" + body + "---\n") if form == "yaml" else ("+++\n" + body + "+++\n")


KINDS_FROM = 100_000
"""The first seed whose site varies its files' kinds."""
FORMATS_FROM = 107_000
"""The first seed whose site may keep the `RSS` kind, define a format of its own, set the
home page's formats, whose pages and sections name more lists of formats, whose cascades
may target paths, and whose configuration may have a cascade."""
HELD_FROM = 126_000
"""The first seed whose branches may have their own draft state and dates."""
PATH_TARGETS = [
    "/**/*.md",
    "/**/post-*",
    "/*/*.md",
    "/**/[a-p]*",
    "/{posts,blog}/**",
    "/**/index*.md",
    "/**/*-1?.*",
    "/docs/guide/*",
]
"""`_target.path` globs (gobwas: `*` crosses no `/`, the path has its extension)."""


def _org(fields: dict[str, Any]) -> str:
    """``fields`` as Org front matter (`#+KEY: value` lines): text as it is, lists of
    single words as `#+KEY[]:`; what Org cannot say (mappings, lines) left out."""
    lines = []
    for key, value in fields.items():
        if isinstance(value, _Value):
            value = value.yaml
        if isinstance(value, bool):
            value = str(value).lower()
        if isinstance(value, int | float):
            value = str(value)
        if isinstance(value, list) and all(isinstance(v, str) and v.split() == [v] for v in value):
            lines.append(f"#+{key.upper()}[]: {' '.join(value)}")
        elif isinstance(value, str) and "\n" not in value and value.strip():
            lines.append(f"#+{key.upper()}: {value}")
    return "\n".join(lines) + "\n\n" if lines else ""


def _fields(rng: random.Random, form: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if rng.random() < 0.9:
        words = rng.sample(WORDS, rng.randint(1, 3))
        fields[rng.choice(["title", "title", "Title"])] = " ".join(words)
    for name in ("date", "publishDate", "expiryDate", "lastmod", "pubdate", "unpublishdate"):
        chance = {"date": 0.85, "publishDate": 0.3, "expiryDate": 0.3}.get(name, 0.08)
        key = rng.choice([name, name, name, name.lower(), name.upper()])
        if rng.random() < chance:
            when = _when(rng)
            value = _date_text(rng, when)
            if form == "toml" and isinstance(value, str) and rng.random() < 0.5:
                raw = rng.choice(
                    [
                        when.strftime("%Y-%m-%d"),
                        when.strftime("%Y-%m-%dT%H:%M:%S"),
                        when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        when.strftime("%Y-%m-%d %H:%M:%S+05:00"),
                        when.strftime("%Y-%m-%dT%H:%M:%S.%f"),
                    ]
                )
                fields[key] = _Value(json.dumps(raw), raw)
            elif form == "yaml" and isinstance(value, str) and value and rng.random() < 0.5:
                fields[key] = _Value(value, None)
            else:
                fields[key] = value
    if rng.random() < 0.4:
        value = _draft(rng)
        if form == "yaml" and rng.random() < 0.3:
            raw = ["yes", "no", "on", "off", "y", "n", "True", "0x1", "0o1", "+1", "1_0", "08"]
            fields["draft"] = _Value(rng.choice([*raw, "1.0", "~", "TRUE", "Yes", "0"]), None)
        else:
            fields[rng.choice(["draft", "draft", "Draft"])] = value
    if rng.random() < 0.08:
        fields["published"] = rng.choice([True, False, "false", 0])
    if rng.random() < 0.3:
        fields["slug"] = rng.choice(
            [
                "my-slug",
                "-dashes-",
                "Mixed Case Slug",
                "ünïcödé",
                "a b  c",
                "x.y",
                "2024/odd",
                "p%20q",
                " spaced ",
                "UPPER",
                "tab\tin",
                "zw\u200bj",
                "ÉTÉ",
            ]
        ) + str(rng.randrange(1000))
    if rng.random() < 0.08:
        fields["url"] = rng.choice(
            [
                "/custom/",
                "/custom/page.html",
                "relative/here",
                "/Upper/Case",
                "fr/localized",
                "/fr/abs",
                "x/",
                "/with space/",
                "/Ünï/",
            ]
        ) + str(rng.randrange(1000))
    if rng.random() < 0.3:
        fields["tags"] = rng.sample(["a", "b", "Go Lang", "c++"], rng.randint(0, 2))
    if rng.random() < 0.2:
        fields["categories"] = rng.choice([["news"], "single", ["x", "y"]])
    return fields


def _config(rng: random.Random, langs: list[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The site's settings, and each language's content folder."""
    config: dict[str, Any] = {
        "baseURL": rng.choice(
            ["https://example.org/", "https://example.org/sub/dir/", "http://x.test"]
        ),
        "title": "Fuzz",
        "disableKinds": ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"],
    }
    zone = rng.choice(ZONES)
    if zone:
        config[rng.choice(["timeZone", "timezone"])] = zone
    if rng.random() < 0.7:
        chosen = rng.sample(SECTIONS[:4], rng.randint(1, 3))
        config["permalinks"] = {s: rng.choice(PATTERNS) for s in chosen}
    if rng.random() < 0.15:
        config["uglyURLs"] = rng.choice([True, {"posts": True, "news": False}, {"Blog": True}])
    if rng.random() < 0.1:
        config["disablePathToLower"] = True
    if rng.random() < 0.1:
        config["removePathAccents"] = True
    if rng.random() < 0.2:
        config["frontmatter"] = rng.choice(
            [
                {"date": [":filename", ":default"]},
                {"publishDate": ["publishDate", "date"], "date": ["lastmod", ":default"]},
                {"expiryDate": ["expiryDate", "unpublishdate", "lastmod"]},
                {"date": [":filemodtime"], "publishDate": [":filename", "date"]},
                {"Date": ["PubDate", ":default"]},
            ]
        )
    folders = {lang: "content" for lang in langs}
    if len(langs) > 1:
        config["defaultContentLanguage"] = rng.choice([langs[0], langs[0], langs[-1]])
        if len(langs) > 2 and rng.random() < 0.2:
            config["disableLanguages"] = [langs[1]]
        if rng.random() < 0.4:
            config["defaultContentLanguageInSubdir"] = True
        separate = rng.random() < 0.5
        languages: dict[str, Any] = {}
        for weight, lang in enumerate(langs, 1):
            settings: dict[str, Any] = {"weight": weight}
            if separate:
                folders[lang] = "content" if lang == langs[0] else f"content.{lang}"
                settings["contentDir"] = folders[lang]
            if rng.random() < 0.3:
                settings["timeZone"] = rng.choice([z for z in ZONES if z])
            languages[lang] = settings
        config["languages"] = languages
    return config, folders


def _write_config(rng: random.Random, root: Path, config: dict[str, Any]) -> None:
    form = rng.choice(["toml", "yaml", "json"])
    where = rng.choice(["hugo", "config", "dir"])
    if where == "dir":
        folder = root / "config" / "_default"
        folder.mkdir(parents=True)
        languages = config.pop("languages", None)
        (folder / f"hugo.{form}").write_text(_dump(config, form), encoding="utf-8")
        if languages is not None:
            (folder / f"languages.{form}").write_text(_dump(languages, form), encoding="utf-8")
        (root / "content").mkdir(exist_ok=True)
        if rng.random() < 0.3:
            (folder / "params.toml").write_text('tagline = "fuzz"\n', encoding="utf-8")
        if rng.random() < 0.3:
            production = root / "config" / "production"
            production.mkdir()
            (production / "hugo.toml").write_text('timeZone = "Asia/Tokyo"\n', encoding="utf-8")
        return
    (root / f"{where}.{form}").write_text(_dump(config, form), encoding="utf-8")
    if where == "hugo" and rng.random() < 0.15:
        # Hugo reads the first of hugo.* and config.*: this one is never read.
        (root / "config.toml").write_text('timeZone = "Asia/Tokyo"\nuglyURLs = true\n')


def _dump(data: dict[str, Any], form: str) -> str:
    if form == "json":
        return json.dumps(data, indent=2)
    if form == "yaml":
        import yaml

        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return _toml(data)


def _toml(data: dict[str, Any], prefix: str = "") -> str:
    lines, tables = [], []
    for key, value in data.items():
        if isinstance(value, dict):
            tables.append((key, value))
        else:
            lines.append(f"{json.dumps(key)} = {_toml_value(value)}")
    out = "\n".join(lines) + "\n"
    for key, value in tables:
        name = f"{prefix}.{json.dumps(key)}" if prefix else json.dumps(key)
        out += f"\n[{name}]\n" + _toml(value, name)
    return out


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):  # an inline table
        return (
            "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
        )
    return json.dumps(value, ensure_ascii=False)


def generate(seed: int, parent: Path, pages: int = 40) -> Site:
    rng = random.Random(seed)
    root = parent / f"site-{seed}"
    root.mkdir(parents=True)
    langs = LANGS[: rng.choice([1, 1, 2, 3])]
    config, folders = _config(rng, langs)
    # output formats come from a generator of their own, so that older seeds keep their
    # sites: one site in seven sets the pages' formats, or some pages their own
    outputs = random.Random(f"outputs-{seed}")
    with_outputs = outputs.random() < 1 / 7
    page_lists = list(OUTPUT_LISTS)
    section_lists: list[Any] = []
    if seed >= FORMATS_FROM:
        with_outputs = outputs.random() < 1 / 3
        page_lists += MORE_OUTPUT_LISTS
        if outputs.random() < 0.4:
            config["disableKinds"].remove("RSS")
        if outputs.random() < 0.3:
            own: dict[str, Any] = {"mediaType": "application/json", "isPlainText": True}
            own["permalinkable"] = outputs.choice([True, False])
            if outputs.random() < 0.3:
                own["weight"] = outputs.choice([5, 20])
            config["outputFormats"] = {"feedjson": own}
            page_lists += [["html", "feedjson"], ["feedjson", "html"]]
        if outputs.random() < 0.2:
            config["outputs"] = {"home": outputs.choice([["html", "json"], ["html", "amp"]])}
        section_lists = [["html"], ["html", "json"], ["html", "amp"], ["amp", "html"]]

    def branch_outputs() -> tuple[Any, Any]:
        """A section's own `outputs` and those its cascade gives (None: none)."""
        if not section_lists:
            return None, None
        own = outputs.choice(section_lists) if outputs.random() < 0.3 else None
        given = outputs.choice(page_lists) if outputs.random() < 0.15 else None
        return own, given

    if with_outputs and outputs.random() < 0.5:
        site_lists = [*page_lists, ["rss"], ["rss", "json"]]
        config.setdefault("outputs", {})[outputs.choice(["page", "Page"])] = outputs.choice(
            site_lists
        )
    targets = random.Random(f"targets-{seed}")
    if seed >= FORMATS_FROM and targets.random() < 0.3:
        # a cascade in the site's configuration, of a key no branch cascades
        path = targets.choice(PATH_TARGETS)
        config["cascade"] = [{"publishDate": "2021-03-04", "_target": {"path": path}}]
    _write_config(rng, root, config)
    site = Site(seed, root)
    # One kind of `_target` a site: entries of two targets that set one key reach a page
    # in an order Go's maps make random, so Hugo itself gives either value. (One path glob
    # a site: entries of one target reach a page nearest branch first.)
    target = rng.choice(["page", "section", "lang"])
    if seed >= FORMATS_FROM and targets.random() < 0.4:
        target = targets.choice(PATH_TARGETS)
    nested = {"docs/guide": rng.random() < 0.5, "blog/2024": rng.random() < 0.5}
    held = random.Random(f"held-{seed}")

    def own_state() -> dict[str, Any] | None:
        """A branch's own draft state or dates (a build drops a held one with every page
        below it), on the sites of seeds from `HELD_FROM` on."""
        if seed < HELD_FROM or held.random() >= 0.15:
            return None
        return held.choice(
            [
                {"draft": True},
                {"draft": "true"},
                {"published": False},
                {"date": "2099-01-01"},
                {"publishDate": "2030-05-06T07:08:09Z"},
                {"expiryDate": "2001-02-03"},
                {"date": "2020-01-01", "expiryDate": "2030-01-01"},
                {"draft": False},
            ]
        )

    for section in SECTIONS:
        for lang in langs:
            if rng.random() < 0.4:
                _write_branch(
                    rng, root, folders, langs, lang, section, target, branch_outputs(), own_state()
                )
    for branch, has_index in nested.items():
        if has_index:
            for lang in langs:
                _write_branch(
                    rng, root, folders, langs, lang, branch, target, branch_outputs(), own_state()
                )
    if rng.random() < 0.3:
        state = own_state() if held.random() < 0.3 else None  # the whole language held
        _write_branch(rng, root, folders, langs, langs[0], "", target, branch_outputs(), state)
    used: set[str] = set()
    # File kinds, on the sites of seeds from 100,000 on (older seeds keep their sites), from
    # an RNG of their own: Org front matter, extensions Hugo does or does not take, a comment
    # around the front matter, plain HTML.
    kinds = random.Random(f"kinds-{seed}")
    weights = [40, 4, 3, 2, 1] if seed >= KINDS_FROM else [1, 0, 0, 0, 0]
    for number in range(pages):
        lang = rng.choice(langs)
        folder = rng.choice(["", *SECTIONS, "docs/guide", "blog/2024", "posts/deep/er"])
        stem = rng.choice(["post", "2024-05-06-dated", "Über Note", "a.b", "note"]) + f"-{number}"
        bundle = rng.random() < 0.2
        form = rng.choice(["yaml", "toml", "json"])
        ext = rng.choice(["md", "md", "markdown", "html"])
        kind = kinds.choices(["", "org", "ext", "comment", "plain"], weights)[0]
        if kind == "ext":
            ext = kinds.choice(["MD", "Md", "mkd", "mkdn", "rest", "ad", "pdc", "Markdown"])
        elif kind == "plain":
            ext = "html"
        suffix = (
            f".{lang}"
            if folders[lang] == "content"
            and len(langs) > 1
            and (lang != langs[0] or rng.random() < 0.3)
            else ""
        )
        base = root / folders[lang] / folder
        if bundle:
            path = base / stem / f"index{suffix}.{ext}"
        else:
            path = base / f"{stem}{suffix}.{ext}"
        rel = path.relative_to(root).as_posix()
        if rel in used:
            continue
        used.add(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        fields = _fields(rng, form)
        if with_outputs and outputs.random() < 0.4:
            fields[outputs.choice(["outputs", "Outputs"])] = outputs.choice(page_lists)
        text = _front_matter(rng, fields, form)
        if rng.random() < 0.1:
            text = rng.choice(["\n", "  \n", "\ufeff"]) + text
        if kind == "org":
            text = _org(fields)
        elif kind == "comment":
            text = "<!--" + kinds.choice(["", " front matter"]) + "\n" + text + "-->\n"
        elif kind == "plain":
            text = kinds.choice(["<p>plain</p>\n", "\n <div>x</div>\n", "<html>\n"])
        path.write_text(text + "Body of the page.\n", encoding="utf-8")
        if bundle and rng.random() < 0.5:
            (path.parent / f"resource{suffix}.md").write_text(
                "---\ntitle: res\n---\n", encoding="utf-8"
            )
        shared = [other for other in langs if other != lang and folders[other] == "content"]
        if bundle and shared and folders[lang] == "content" and rng.random() < 0.4:
            # another language's file in the bundle: its own index (a translation), or a
            # file of a language that has none, which then takes one of the others' index
            other = rng.choice(shared)
            mark = f".{other}" if other != langs[0] or rng.random() < 0.3 else ""
            name = rng.choice(["index", "extra", "notes/more"])
            extra = path.parent / f"{name}{mark}.md"
            extra.parent.mkdir(parents=True, exist_ok=True)
            extra.write_text(_front_matter(rng, _fields(rng, "toml"), "toml"), encoding="utf-8")
    return site


def _write_branch(
    rng: random.Random,
    root: Path,
    folders: dict[str, str],
    langs: list[str],
    lang: str,
    section: str,
    target_kind: str,
    outputs: tuple[Any, Any] = (None, None),
    own_state: dict[str, Any] | None = None,
) -> None:
    suffix = f".{lang}" if folders[lang] == "content" and lang != langs[0] else ""
    fields: dict[str, Any] = {"title": f"Section {section}", **(own_state or {})}
    own, cascaded = outputs
    if own is not None:
        fields["outputs"] = own
    if rng.random() < 0.6:
        cascade: dict[str, Any] = {}
        if rng.random() < 0.5:
            cascade["draft"] = rng.choice([True, False])
        if rng.random() < 0.5:
            cascade["date"] = _when(rng).strftime("%Y-%m-%d")
        if rng.random() < 0.4:
            cascade["slug"] = "cascaded"
        if rng.random() < 0.3:
            # A list of targeted entries sets keys the mappings never set: where two
            # entries of different targets set one key, Hugo picks one at random.
            target = {"lang": lang} if target_kind == "lang" else {"kind": target_kind}
            if target_kind.startswith("/"):
                target = {"path": target_kind}
            entry = {
                rng.choice(["expirydate", "expiryDate"]): _when(rng).strftime("%Y-%m-%d"),
                "tags": ["cascaded"],
                "_target": target,
            }
            fields["cascade"] = [entry, {"_target": target, "tags": ["second"]}]
        else:
            fields["cascade"] = cascade
    if cascaded is not None:
        given = fields.setdefault("cascade", {})
        if isinstance(given, dict):
            given["outputs"] = cascaded
    form = rng.choice(["yaml", "toml", "json"])
    path = root / folders[lang] / section / f"_index{suffix}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_front_matter_nested(fields, form), encoding="utf-8")


def _front_matter_nested(fields: dict[str, Any], form: str) -> str:
    if form == "json":
        return json.dumps(fields, indent=2) + "\n"
    if form == "yaml" or isinstance(fields.get("cascade"), list):
        import yaml

        return "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n"
    return "+++\n" + _toml(fields) + "+++\n"


@dataclass
class HugoView:
    rows: dict[str, dict[str, str]]
    error: str | None = None
    built: set[tuple[str, str]] | None = None
    """The pages a real build at `NOW` renders, as (absolute path, language); None where it
    was not asked for or failed."""


def _hugo(site: Site, args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    """Hugo run on the site, in an environment of its own (no user's configuration)."""
    return subprocess.run(
        ["hugo", *args, "--source", str(site.root)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=site.root,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(site.root),
            **({"TZ": os.environ["TZ"]} if "TZ" in os.environ else {}),
        },
    )


def hugo_pages(site: Site, timeout: float = 120) -> HugoView:
    """`hugo list all` on the site: each regular page's fields, by path."""
    done = _hugo(site, ["list", "all"], timeout)
    if done.returncode != 0:
        return HugoView({}, (done.stderr or done.stdout).strip()[-500:])
    start = done.stdout.find("path,slug,title,")
    if start < 0:
        return HugoView({}, "hugo list printed no table: " + done.stdout[-500:])
    rows = list(csv.DictReader(io.StringIO(done.stdout[start:])))
    return HugoView(
        keyed(
            rows,
            lambda r: (
                r["path"],
                _relative(r["permalink"]),
                (
                    *(_sort_time(_instant(r[name])) for name in TIMES),
                    r["slug"],
                    r["title"],
                    r["draft"],
                ),
            ),
        )
    )


TIMES = ("date", "expiryDate", "publishDate")

_MARK = '{{ warnf "BUILT|%s|%s" (base64Encode .File.Filename) .Lang }}'
BUILT_LAYOUTS = (
    "single.html",
    "single.amp.html",
    "single.json",
    "single.feedjson.json",
    "single.csv",
    "single.sitemap.xml",
    "single.rss.xml",
    "single.calendar.ics",
)
"""A layout for each format a generated page may be rendered in: each says which page it
renders (to the log, so that a page another one overwrites is seen too)."""


_MISSING_TOOL = "not found in $PATH"


def hugo_built(site: Site, timeout: float = 120) -> set[tuple[str, str]] | None:
    """The regular pages a real build (`hugo` at `NOW`, rendering in memory) renders, as
    (absolute path, language). `hugo list all` builds drafts, future and expired pages,
    so it cannot show what a build leaves out: pages below a section that is a draft, future
    or expired (Hugo drops the section with everything below it)."""
    import base64

    with tempfile.TemporaryDirectory(prefix="pressbot-hugo-layouts-") as tmp:
        layouts = Path(tmp) / "_default"
        layouts.mkdir()
        for name in BUILT_LAYOUTS:
            (layouts / name).write_text(_MARK, encoding="utf-8")
        clock = NOW.strftime("%Y-%m-%dT%H:%M:%SZ")
        done = _hugo(site, ["--layoutDir", tmp, "--renderToMemory", "--clock", clock], timeout)
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
    if done.returncode != 0 and not all(_MISSING_TOOL in line for line in errors):
        return None  # a missing converter (AsciiDoc, Pandoc, reST) only leaves a page empty
    built = set()
    for line in (done.stdout + done.stderr).splitlines():
        at = line.find("BUILT|")
        if at >= 0:
            _, name, lang = line[at:].split("|")[:3]
            built.add((base64.b64decode(name).decode("utf-8"), lang.strip()))
    return built


def keyed(items: list[Any], key: Any) -> dict[str, Any]:
    """Items by their path; a path listed more than once (a bundle's index serving two
    languages) by path and URL, so each of its pages is compared with its twin; twins of one
    URL too (a page's own `url`) in the order of their dates, then of their other fields (the
    draft flag last: twins a cascade makes a draft in one language only): Hugo lists such twins
    in no fixed order."""
    counts: dict[Any, int] = {}
    for item in items:
        path, url, _ = key(item)
        counts[path] = counts.get(path, 0) + 1
        counts[(path, url)] = counts.get((path, url), 0) + 1
    out = {}
    ranks: dict[tuple[str, str], int] = {}
    for item in sorted(items, key=lambda item: key(item)[2]):
        path, url, _ = key(item)
        name = path if counts[path] == 1 else f"{path} at {url}"
        rank = ranks[(path, url)] = ranks.get((path, url), 0) + 1
        out[name if counts[(path, url)] == 1 else f"{name} #{rank}"] = item
    return out


def _sort_time(moment: dt.datetime | None) -> float:
    return moment.timestamp() if moment is not None else float("-inf")


def _instant(text: str | None) -> dt.datetime | None:
    if not text or text.startswith("0001-01-01T00:00:00"):
        return None
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _expected_reason(row: dict[str, str]) -> str | None:
    if row["draft"] == "true":
        return "draft"
    publish = _instant(row["publishDate"])
    if publish is not None and publish > NOW:
        return "future"
    expiry = _instant(row["expiryDate"])
    if expiry is not None and expiry < NOW:
        return "expired"
    return None


def _relative(permalink: str) -> str:
    parts = urlsplit(permalink)
    query = f"?{parts.query}" if parts.query else ""
    return parts.path + query + (f"#{parts.fragment}" if parts.fragment else "")


def pressbot_pages(site: Site) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """`pressbot list --format json` on the site, and pressbot's own reading (for the fields
    the list does not show: slug, title, publish and expiry dates, draft)."""
    listed = pressbot("list", "--format", "json", "--now", NOW.isoformat(), cwd=site.root)
    if listed.code != 0:
        raise RuntimeError(f"pressbot list failed on site {site.seed}: {listed.err[-2000:]}")
    doc = json.loads(listed.out)
    if doc.get("generator") != "hugo":
        raise RuntimeError(f"site {site.seed} was not read as a Hugo site")
    from bot.hugo.describe import HugoSite

    pages = HugoSite(site.root.resolve()).pages(NOW)
    mine = keyed(
        pages,
        lambda page: (
            page.path,
            page.url,
            (
                *(_sort_time(t) for t in (page.date, page.expiry_date, page.publish_date)),
                page.slug,
                page.title,
                str(page.draft).lower(),
            ),
        ),
    )
    # The list's records pair with pressbot's pages by id (unique: language and path).
    names = {page.id: name for name, page in mine.items()}
    listed = keyed(doc["posts"], lambda post: (post["path"], post["url"], (_listed_when(post),)))
    by_id = {post["id"]: post for post in listed.values()}
    if set(by_id) == set(names):
        listed = {names[ident]: post for ident, post in by_id.items()}
    return listed, mine


def _listed_when(post: dict[str, Any]) -> float:
    return _sort_time(dt.datetime.fromisoformat(post["date"]) if post["date"] else None)


def _same_time(mine: dt.datetime | None, theirs: str) -> bool:
    expected = _instant(theirs)
    if mine is None or expected is None:
        return mine is None and expected is None
    # Hugo prints whole seconds; timestamps, as Python never finds a time in a clock
    # change equal to one in another zone.
    return int(mine.timestamp()) == int(expected.timestamp())


def compare(
    site: Site, hugo: HugoView, listed: dict[str, dict[str, Any]], mine: dict[str, Any]
) -> list[str]:
    """Every difference, one line each: `path: field: pressbot ... hugo ...`."""
    if hugo.error is not None:
        return [f"(site): hugo failed: {hugo.error}"]
    site.pages = sorted(hugo.rows)
    out: list[str] = []
    for path in sorted(set(hugo.rows) | set(listed)):
        row, post, page = hugo.rows.get(path), listed.get(path), mine.get(path)
        if row is None or post is None or page is None:
            out.append(f"{path}: listed: pressbot {post is not None} hugo {row is not None}")
            continue
        checks = {
            "url": (post["url"], _relative(row["permalink"]) if row["permalink"] else None),
            "slug": (page.slug, row["slug"]),
            "title": (page.title, row["title"]),
            "draft": (str(page.draft).lower(), row["draft"]),
            "reason": (post["reason"], _expected_reason(row)),
        }
        if hugo.built is not None and checks["reason"][1] is None:
            # below a branch the build drops (`hugo list all` shows the page as built):
            # pressbot must say the page is not built, and which branch holds it
            # Hugo names a page by the path its walk took (`content/mirror/a.md` through a
            # link to a folder), a link to a file by the file it leads to
            named = {site.root.resolve() / page.path, (site.root / page.path).resolve()}
            built = any((str(path), page.lang) in hugo.built for path in named)
            held = f"held by {page.held_by} ({post['reason']})" if page.held_by else None
            if not built:
                checks["reason"] = ("held" if held else post["reason"], "held")
            elif held:
                checks["reason"] = (held, None)
        for name, (ours, theirs) in checks.items():
            if ours != theirs:
                out.append(f"{path}: {name}: pressbot {ours!r} hugo {theirs!r}")
        listed_date = dt.datetime.fromisoformat(post["date"]) if post["date"] else None
        for name, ours_time, theirs_text in (
            ("date", listed_date, row["date"]),
            ("publishDate", page.publish_date, row["publishDate"]),
            ("expiryDate", page.expiry_date, row["expiryDate"]),
        ):
            if not _same_time(ours_time, theirs_text):
                shown = ours_time.isoformat() if ours_time else None
                out.append(f"{path}: {name}: pressbot {shown} hugo {theirs_text}")
    return out


def site_differences(root: Path) -> tuple[Site, list[str]]:
    """A hand-made site at ``root``, compared page by page as a generated one is."""
    site = Site(0, root)
    listed, mine = pressbot_pages(site)
    hugo = hugo_pages(site)
    hugo.built = hugo_built(site)
    return site, compare(site, hugo, listed, mine)


def run_seed(seed: int, work: Path, pages: int = 40) -> tuple[Site, list[str]]:
    site = generate(seed, work, pages)
    hugo = hugo_pages(site)
    hugo.built = hugo_built(site)
    listed, mine = pressbot_pages(site)
    return site, compare(site, hugo, listed, mine)


def main_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="pressbot-hugofuzz-"))


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
