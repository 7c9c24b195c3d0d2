"""Taxonomy terms written as something other than text, as Hugo 0.111 reads them
(`types.ToStringSlicePreserveString`): each item is made text (`2026` is the term "2026",
`yes` "true", `1.50` "1.5"), and an empty item or a list inside the list makes no term. The
build goes on, so `check` blocks none of it: `hugo/term-value` warns where the term is not
what is written, in every taxonomy, the site's own too; `list` shows the terms Hugo makes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.inputkit import pressbot

CONFIG = 'baseURL = "https://example.org/"\n[taxonomies]\ntag = "tags"\ncategory = "categories"\ntopic = "topics"\n'
YAML = (
    "---\ntitle: A\ntags: [news, 2026, true, 1.5, ~, 1.50, yes, 0x1F, [a, b]]\n"
    "categories: 2027\ntopics:\n  - x\n  - 1.50\n  - ~\n---\n"
)
TOML = '+++\ntitle = "B"\ntags = [2026, 1.5, true]\ntopics = [["a"], "y"]\n+++\n'
JSON = '{"title": "C", "tags": [null, 2026, "go"], "categories": [1.5]}\n'
FILES: dict[str, str | bytes] = {
    "hugo.toml": CONFIG,
    "content/posts/a.md": YAML,
    "content/posts/b.md": TOML,
    "content/posts/c.md": JSON,
    "content/posts/d.md": "---\ntitle: D\ntags: {k: v}\n---\n",
}
TERMS = {  # the terms Hugo makes, by page
    "content/posts/a.md": {
        "tags": ["news", "2026", "true", "1.5", "1.5", "true", "31"],
        "categories": ["2027"],
    },
    "content/posts/b.md": {"tags": ["2026", "1.5", "true"]},
    "content/posts/c.md": {"tags": ["2026", "go"], "categories": ["1.5"]},
    "content/posts/d.md": {"tags": []},
}


def _check(site: Path) -> tuple[int, list[dict[str, object]]]:
    done = pressbot("check", "--format", "json", cwd=site)
    assert "Traceback" not in done.err, done
    return done.code, json.loads(done.out)["findings"]


def test_terms_that_are_not_text_are_no_errors(tmp_path: Path) -> None:
    code, findings = _check(write_site(tmp_path / "site", FILES))
    assert code == 0, findings
    assert {f["rule"] for f in findings} == {"hugo/term-value"}


def test_a_term_is_flagged_where_hugo_reads_other_text_than_written(tmp_path: Path) -> None:
    _, findings = _check(write_site(tmp_path / "site", FILES))
    said = {(f["path"], f["line"], f["column"]): f["message"] for f in findings}
    assert said == {
        ("content/posts/a.md", 3, 31): (
            "tags[4]: an empty item makes no term in Hugo; remove it, or write the term"
        ),
        ("content/posts/a.md", 3, 34): 'tags[5]: Hugo reads 1.50 as the term "1.5"; write '
        '"1.50" in quotes',
        ("content/posts/a.md", 3, 40): 'tags[6]: Hugo reads yes as the term "true" (YAML\'s '
        'yes/no, on/off and y/n are booleans); write "yes" in quotes',
        ("content/posts/a.md", 3, 45): 'tags[7]: Hugo reads 0x1F as the term "31"; write '
        '"0x1F" in quotes',
        ("content/posts/a.md", 3, 51): (
            "tags[8]: a list inside the list makes no term in Hugo; write each term as an item"
        ),
        ("content/posts/a.md", 7, 5): 'topics[1]: Hugo reads 1.50 as the term "1.5"; write '
        '"1.50" in quotes',
        ("content/posts/a.md", 8, 5): (
            "topics[2]: an empty item makes no term in Hugo; remove it, or write the term"
        ),
        ("content/posts/b.md", 4, 1): (
            "topics[0]: a list inside the list makes no term in Hugo; write each term as an item"
        ),
        ("content/posts/c.md", 1, 16): (
            "tags[0]: an empty item makes no term in Hugo; remove it, or write the term"
        ),
        ("content/posts/d.md", 3, 1): (
            "tags: Hugo makes no term of a mapping; write the terms as a list"
        ),
    }


def test_list_shows_the_terms_hugo_makes(tmp_path: Path) -> None:
    done = pressbot("list", "--format", "json", cwd=write_site(tmp_path / "site", FILES))
    posts = {p["path"]: p for p in json.loads(done.out)["posts"]}
    for path, terms in TERMS.items():
        assert posts[path]["tags"] == terms["tags"], path
        assert posts[path]["categories"] == terms.get("categories", []), path


def test_the_site_s_allowed_terms_are_compared_as_hugo_makes_them(tmp_path: Path) -> None:
    files = {**FILES, ".pressbot.yml": 'tags: [news, "2026", "1.5", "true", "31", go]\n'}
    files[".pressbot.yml"] += 'categories: ["2027", "1.5"]\n'
    _, findings = _check(write_site(tmp_path / "site", files))
    assert not [f for f in findings if f["rule"].startswith("schema/")]
    files[".pressbot.yml"] = 'tags: [news]\ncategories: ["1.5"]\n'
    _, findings = _check(write_site(tmp_path / "other", files))
    values = [f["message"] for f in findings if f["rule"] == "schema/value"]
    assert 'tags: "2026" is not one of the site\'s tags' in values[0]
    assert any('categories: "2027"' in m for m in values)


@pytest.mark.usefixtures("hugo_oracle")
def test_hugo_makes_the_terms_list_shows(tmp_path: Path) -> None:
    """Each page's terms in a real build: the keys of `.Site.Taxonomies` it is listed under."""
    layout = (
        "{{ range $name, $terms := .Site.Taxonomies }}{{ range $term, $pages := $terms }}"
        "{{ range $pages }}{{ .Page.File.Path }} {{ $name }} {{ $term }}\n"
        "{{ end }}{{ end }}{{ end }}"
    )
    site = write_site(
        tmp_path / "site",
        {**FILES, "layouts/index.html": layout, "layouts/_default/single.html": "."},
    )
    public = tmp_path / "public"
    subprocess.run(["hugo", "--quiet", "-d", str(public)], cwd=site, check=True, timeout=120)
    built = set((public / "index.html").read_text(encoding="utf-8").splitlines())
    done = pressbot("list", "--format", "json", cwd=site)
    listed = {
        f"{p['path'].removeprefix('content/')} {name} {term}"
        for p in json.loads(done.out)["posts"]
        for name in ("tags", "categories")
        for term in p[name]
    }
    assert {line for line in built if " topics " not in line} == listed
