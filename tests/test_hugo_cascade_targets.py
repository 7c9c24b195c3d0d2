"""Which pages a `cascade` entry reaches, as Hugo 0.111 decides (`PageMatcher`): its
`_target`'s `path`, `kind`, `lang` and `environment` are globs (gobwas, `/` the separator,
lower-cased) matched against the file's path under its content folder with its extension,
the page's kind, language, and `production`; a glob that does not compile reaches every
page. The site's configuration may have a `cascade` too (a language its own), which every
branch's overrides. Held against real Hugo, field by field (`tests/hugofuzz.compare`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.hugo.globs import compile_glob
from tests.conftest import write_site
from tests.hugofuzz import Site, compare, hugo_pages, pressbot_pages

pytestmark = pytest.mark.usefixtures("hugo_oracle")

TARGETS = [
    # (the `_target`, the title it gives: each page is reached by at most one title)
    ({"path": "/posts/a"}, "no extension"),
    ({"path": "/posts/b.md"}, "exact"),
    ({"path": "/posts/c*"}, "star"),
    ({"path": "/POSTS/D.MD"}, "upper case"),
    ({"path": "/posts/{e,f}.md"}, "braces"),
    ({"path": "/posts/[g-h].md"}, "range"),
    ({"path": "/posts/[!a-z].md"}, "not in range"),
    ({"path": "/posts/??.md"}, "two characters"),
    ({"path": "/deep/*"}, "star crosses no slash"),
    ({"path": "/bun/index.md"}, "bundle"),
    ({"path": "/esc/a\\b.md"}, "escaped"),
    ({"path": "/unc/{m,n.md"}, "unclosed braces"),
    ({"environment": "production", "path": "/env/p.md"}, "production"),
    ({"environment": "{dev*,test}", "path": "/env/d.md"}, "development"),
    ({"kind": "{page,section}", "path": "/kind/k.md"}, "page kind"),
    ({"kind": "section", "path": "/kind/s.md"}, "section kind"),
    ({"kind": "P*", "lang": "{e*,x}", "path": "/kind/l.md"}, "kind and language"),
]
PAGES = [
    "posts/a.md",
    "posts/b.md",
    "posts/c.md",
    "posts/d.md",
    "posts/e.md",
    "posts/f.md",
    "posts/g.md",
    "posts/h.md",
    "posts/1.md",
    "posts/xy.md",
    "deep/sub/i.md",
    "bun/index.md",
    "esc/ab.md",
    "unc/n.md",
    "unc/m.md",
    "env/p.md",
    "env/d.md",
    "kind/k.md",
    "kind/s.md",
    "kind/l.md",
]


def _yaml(value: object) -> str:
    import json

    return json.dumps(value)  # JSON is YAML


def _home(entries: list[tuple[dict[str, str], str]], extra: str = "") -> str:
    lines = ["---", "title: home", "cascade:"]
    for target, title in entries:
        lines.append(f"  - _target: {_yaml(target)}")
        lines.append(f"    title: {_yaml(title)}")
    return "\n".join(lines) + "\n" + extra + "---\n"


def _check(root: Path) -> dict[str, str]:
    """Each page's title as Hugo lists it, after holding pressbot's reading against it."""
    site = Site(0, root)
    hugo = hugo_pages(site)
    listed, mine = pressbot_pages(site)
    assert compare(site, hugo, listed, mine) == []
    return {path: row["title"] for path, row in hugo.rows.items()}


def test_targets_reach_the_pages_hugo_says(tmp_path: Path) -> None:
    # a glob gobwas cannot compile reaches every page: the expiry date shows it
    bad = "  - _target: {path: '/nothing/[z-a]'}\n    expiryDate: 2099-01-02\n"
    files = {"hugo.toml": 'baseURL = "https://example.org/"\n'}
    files["content/_index.md"] = _home(TARGETS, bad)
    for rel in PAGES:
        files[f"content/{rel}"] = "---\ndate: 2020-01-01\n---\nx\n"
    titles = _check(write_site(tmp_path, files))
    # the cases are the ones meant, as Hugo 0.111 has them
    assert titles["content/posts/a.md"] == ""
    assert titles["content/posts/b.md"] == "exact"
    assert titles["content/posts/1.md"] == "not in range"
    assert titles["content/deep/sub/i.md"] == ""
    assert titles["content/esc/ab.md"] == "escaped"
    assert titles["content/unc/n.md"] == "unclosed braces"
    assert titles["content/unc/m.md"] == ""
    assert titles["content/env/p.md"] == "production"
    assert titles["content/env/d.md"] == ""
    assert titles["content/kind/s.md"] == ""
    assert titles["content/kind/l.md"] == "kind and language"


def test_the_sites_cascade_and_a_languages_own(tmp_path: Path) -> None:
    config = (
        'baseURL = "https://example.org/"\ndefaultContentLanguage = "en"\n'
        "[[cascade]]\ndraft = true\nslug = 'from-site'\n[cascade._target]\npath = '/posts/**'\n"
        # keys of a list's entries keep their case: dates are read in lower case only, and
        # `_Target` is no target (the entry reaches every page)
        "[[cascade]]\nexpiryDate = '2001-01-01'\nTitle = 'Site title'\n"
        "[cascade._Target]\npath = '/nothing/**'\n"
        "[[cascade]]\npublishdate = '2001-02-03'\n[cascade._target]\npath = '/blog/**'\n"
        "[languages.en]\nweight = 1\n"
        "[languages.fr]\nweight = 2\n[[languages.fr.cascade]]\ntitle = 'French'\n"
    )
    files = {
        "hugo.toml": config,
        # (no page has a `title` of its own: with the site's `Title` Hugo would take either)
        "content/posts/a.md": "---\nslug: own\n---\n",
        "content/posts/b.md": "---\ndraft: false\n---\n",
        "content/posts/a.fr.md": "---\nslug: mine\n---\n",
        "content/blog/c.md": "---\ndate: 2020-01-01\n---\n",
        # a branch's cascade (any page) wins over the site's of the same target
        "content/blog/_index.md": "---\ncascade:\n  slug: from-section\n---\n",
    }
    root = write_site(tmp_path, files)
    rows = hugo_pages(Site(0, root)).rows
    assert rows["content/posts/a.md"]["draft"] == "true"
    assert rows["content/posts/b.md"]["title"] == "Site title"
    assert rows["content/posts/b.md"]["expiryDate"].startswith("0001")
    assert rows["content/posts/a.fr.md"]["title"] == "French"
    assert rows["content/blog/c.md"]["publishDate"].startswith("2001-02-03")
    assert rows["content/blog/c.md"]["slug"] == "from-section"
    _check(root)


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("/a/**", "/a/b/c.md", True),
        ("/a/*", "/a/b/c.md", False),
        ("/a/*/c.md", "/a/b/c.md", True),
        ("/a/?/c.md", "/a/b/c.md", True),
        ("/a?b", "/a/b", False),
        ("/a[/]b", "/a/b", True),  # a set takes `/`
        ("/a[!x]b", "/a/b", True),
        ("{/a,/b}/**", "/b/x", True),
        ("{/a,{/b,/c}}", "/c", True),
        ("/a,b", "/a,b", True),  # a comma outside braces is plain
        ("/a]", "/a]", True),
        ("***", "a/b", True),
        ("\\*", "*", True),
        ("\\*", "a", False),
        ("/É*", "/é.md", True),
    ],
)
def test_glob_matching(pattern: str, text: str, expected: bool) -> None:
    glob = compile_glob(pattern)
    assert glob is not None
    assert glob.match(text) is expected


@pytest.mark.parametrize("pattern", ["[", "[]", "[!]", "[z-a]", "gg[", "[a-", "[a-bc]"])
def test_globs_gobwas_does_not_compile(pattern: str) -> None:
    assert compile_glob(pattern) is None


@pytest.mark.parametrize("pattern", ["{" * 5000, "{a," * 3000 + "x"])
def test_braces_nested_past_reason_are_refused_not_a_crash(pattern: str) -> None:
    assert compile_glob(pattern) is None
    assert compile_glob("{" * 60 + "a") is not None


def test_a_hostile_glob_costs_linear_time() -> None:
    import time

    pattern = "{*,**}" * 40 + "x"
    glob = compile_glob(pattern)
    assert glob is not None
    started = time.perf_counter()
    assert glob.match("/" + "a/" * 200 + "b") is False
    assert time.perf_counter() - started < 5  # exponential backtracking would take ages
