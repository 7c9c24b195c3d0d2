"""Configuration values of odd shapes, held against real Jekyll and Hugo: where the generator
stops, pressbot gives one configuration error (exit 2); where it builds, pressbot lists the
same pages at the same URLs. Each case is one a probe of every setting with values of every
type found pressbot reading differently."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.inputkit import pressbot

JEKYLL_CASES = [
    "timezone: false\n",  # Jekyll sets no zone for a false value
    "encoding: false\n",  # nor an encoding
    "collections: {posts: ~}\n",  # null settings: the defaults
    "collections: {recipes: x}\n",  # text settings hold none
    "collections: {recipes: [1]}\n",  # stops Jekyll
    "collections: {recipes: true}\n",
    "collections: [recipes, 1]\n",  # a collection name that is not text stops Jekyll
    "collections: [~]\n",
    "include: [~]\n",
    "include: [true]\n",  # stops Jekyll
    "include: [{a: 1}]\n",
    "collections_dir: []\n",  # empty: the site's own folder
    "collections_dir: {}\n",
    "data_dir: []\n",  # stops Jekyll
    "data_dir: 5\n",
    "data_dir: ~\n",
    "collections: {recipes: false}\n",  # no settings
    "collections: {posts: false}\n",  # stops Jekyll
    "liquid: x\n",  # stops Jekyll
    "liquid: false\n",
    "liquid: {}\n",
    "kramdown: []\n",  # stops Jekyll
    "kramdown: false\n",
]


def _jekyll_urls(root: Path) -> list[str] | None:
    """The URLs of the posts a full `jekyll build` writes; None when it fails."""
    done = subprocess.run(
        ["jekyll", "build", "--quiet", "-s", str(root), "-d", str(root / "_site")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        return None
    built = root / "_site"
    return sorted(
        "/" + p.relative_to(built).as_posix() for p in built.rglob("*.html") if p.is_file()
    )


@pytest.mark.usefixtures("jekyll_oracle")
@pytest.mark.parametrize("config", JEKYLL_CASES)
def test_jekyll_setting_shapes_as_jekyll_reads_them(tmp_path: Path, config: str) -> None:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_posts/2020-01-02-hello.md").write_text(
        "---\ntitle: Hello\n---\nBody.\n", encoding="utf-8"
    )
    (root / "_config.yml").write_text(config, encoding="utf-8")
    _same_verdict(root, _jekyll_urls(root), "_config.yml", lambda p: p["url"])


def _same_verdict(
    root: Path, theirs: list[str] | None, config: str, key: Callable[[dict], str]
) -> None:
    """Where the generator stops (``theirs`` is None), one configuration error naming the
    file; else the same published pages (``key`` of each, sorted)."""
    listed = pressbot("list", "--format", "json", "--site", root)
    if theirs is None:
        assert listed.code == 2 and listed.err.count("\n") == 1, listed
        assert config in listed.err and "Traceback" not in listed.err, listed
        return
    assert listed.code == 0, listed
    ours = sorted(key(p) for p in json.loads(listed.out)["posts"] if p["published"])
    assert ours == theirs


HUGO_BASE = {
    "baseURL": "https://e.org/",
    "title": "T",
    "languages": {"en": {"weight": 1}, "fr": {"weight": 2, "contentDir": "content/fr"}},
}

HUGO_CASES: list[dict[str, object]] = [
    {"disableLanguages": "fr"},  # a string is split on white space
    {"disableLanguages": True},  # disables nothing
    {"disableLanguages": 7},
    {"disableLanguages": ["FR"]},  # any case
    {"disableLanguages": ["en"]},  # the default language: Hugo stops
    {"disableKinds": "page"},
    {"disableKinds": ["taxonomy"]},  # stops Hugo 0.111
    {"disableKinds": ["taxonomy", "rss"]},
    {"disableKinds": "taxonomy term"},  # builds
    {"disableKinds": ["taxonomy"], "ignoreErrors": "error-disable-taxonomy"},
    {"languages": []},  # Hugo crashes
    {"timeZone": 1e308},  # no zone: Hugo stops (pressbot crashed on the long file name)
    {"baseURL": "https://e.org/café/"},  # Go escapes the path of the base URL
    {"baseURL": "https://e.org/a b/"},
    {"baseURL": "https://e.org/a%2Fb/"},
    {"baseURL": "https://e.org:80a/"},  # Go cannot parse these: Hugo stops
    {"baseURL": "https://e.org/a%zz/"},
    {"baseURL": ":x"},
    {"baseURL": "1a:b/c"},
    {"baseURL": "a\u0000b"},
    {"baseURL": "https://a b.org/"},
    # a baseURL for some languages only: Hugo stops
    {"languages": {"en": {"weight": 1}, "fr": {"weight": 2, "baseURL": "https://fr.e.org/"}}},
    {"cascade": [{"slug": "s", "_target": {"kind": "nokind"}}]},  # Hugo stops
    {"cascade": [{"slug": "s", "_target": {"kind": "{page,home}", "path": "/posts/*.md"}}]},
    {"cascade": [{"slug": "s", "_Target": {"kind": "nokind"}}]},  # no target: every page
    {"cascade": [{"slug": "s", "_target": {"path": "/fr/**"}}]},
    {"cascade": {"slug": "s", "_target": {"kind": "nokind"}}},  # a mapping has no target
    {"languages": {"en": {"weight": 1, "cascade": [{"_target": {"kind": "x"}}]}}},
    {"outputs": {"page": ["html", "jsn"]}},  # no such format: Hugo stops
    {"outputs": {"home": "jsn"}},
    {"outputs": {"page": ["HTML", "json"]}},
    {"permalinks": {"page": {"posts": "/p/:slug/"}}},  # Hugo 0.111 crashes
    {"permalinks": {"posts": {}}},
    {"permalinks": {"posts": "\u202e"}},  # nothing left after sanitizing: the root
    {"permalinks": {"posts": "\u202e/:slug"}},  # Go's validation cuts a byte
    {"permalinks": {"posts": "é//:slug"}},
]


def _hugo_site(root: Path, setting: dict) -> Path:
    page = "---\ntitle: A\ndate: 2020-01-02\n---\nx\n"
    for rel in ("content/posts/a.md", "content/fr/posts/b.md"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(page, encoding="utf-8")
    (root / "hugo.json").write_text(json.dumps({**HUGO_BASE, **setting}), encoding="utf-8")
    return root


def _hugo_urls(root: Path) -> list[str] | None:
    """`hugo list all`: each page's path and URL (path from the host on); None when it
    fails."""
    from urllib.parse import urlsplit

    done = subprocess.run(
        ["hugo", "list", "all", "--source", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=root,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(root)},
    )
    if done.returncode != 0:
        return None
    rows = done.stdout[done.stdout.find("path,slug,") :].splitlines()[1:]
    return sorted(f"{r.split(',')[0]} {urlsplit(r.split(',')[7]).path}" for r in rows)


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize("setting", HUGO_CASES, ids=[repr(c)[:50] for c in HUGO_CASES])
def test_hugo_setting_shapes_as_hugo_reads_them(tmp_path: Path, setting: dict) -> None:
    root = _hugo_site(tmp_path / "site", setting)
    _same_verdict(root, _hugo_urls(root), "hugo.json", lambda p: f"{p['path']} {p['url']}")


@pytest.mark.usefixtures("hugo_oracle")
def test_default_language_disabled_in_another_case_is_an_error(tmp_path: Path) -> None:
    """Hugo compares the default language as written (stopping on `en`) but disables in any
    case: `EN` builds the other languages only, the default language's pages gone. Not what
    anyone means, so pressbot says so instead of listing it."""
    root = _hugo_site(tmp_path / "site", {"disableLanguages": ["EN"]})
    assert _hugo_urls(root) == ["content/fr/posts/b.md /posts/b/"]
    listed = pressbot("list", "--site", root)
    assert listed.code == 2 and "disables the default language 'EN'" in listed.err, listed


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize(
    "setting",
    [
        {"languages": {"en": {"weight": 1}, "fr": {"weight": 2, "contentDir": ""}}},
        {"languages": {"en": {"weight": 1}, "fr": {"weight": 2, "contentDir": None}}},
        {"contentDir": ""},
        {"contentDir": "x" * 300},  # too long a name: Hugo stops
        {"contentDir": "content/posts/a.md"},  # a file: Hugo stops
    ],
    ids=["lang-empty", "lang-null", "site-empty", "too-long", "a-file"],
)
def test_hugo_content_dirs_as_hugo_reads_them(tmp_path: Path, setting: dict) -> None:
    """A language's own empty `contentDir` is the project's folder (the site's is
    `content`); a name the system refuses, or a file, stops Hugo."""
    root = _hugo_site(tmp_path / "site", setting)
    _same_verdict(root, _hugo_urls(root), "contentDir", lambda p: f"{p['path']} {p['url']}")


@pytest.mark.parametrize("folder", ["/etc/passwd", "../../etc/passwd", "content/../../x"])
def test_a_content_dir_outside_the_site_is_not_looked_at(tmp_path: Path, folder: str) -> None:
    """Not read, and not even looked at: the answer would say what is outside the site."""
    root = _hugo_site(tmp_path / "site", {"contentDir": folder, "languages": {}})
    listed = pressbot("list", "--site", root)
    assert listed.code == 0 and "0 post(s)" in listed.out, listed
