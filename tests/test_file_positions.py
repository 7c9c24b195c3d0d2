"""Findings name the file's lines, as an editor and `Post.lines` count them (a line ends at
LF), whatever the parser counts: YAML ends a line at a lone CR, NEL, U+2028 and U+2029 too,
TOML and JSON count from the front matter's first line, and a BOM is no character."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from bot import yamlread
from bot.linter import check_posts
from bot.site import load_site

JEKYLL_POST = (
    "---\ntitle: {title}\npublished: No\ncategories: [2021]\nimage: /nope.png\n---\nbody\n"
)
HUGO_POST = '---\ntitle: {title}\ndraft: "yes"\ntags: [1.50]\ndate: 2026-13-01\n---\nbody\n'
TITLES = [
    '"one\u2028two"',
    '"one\u2029two"',
    '"one\x85two"',
    '"one\rtwo"',  # a lone CR: a line break to YAML, none in the file's lines
]


def findings(root: Path) -> list[tuple[str, int, int, str, str]]:
    """The findings, but for the characters themselves (`encoding/invisible-char`...)."""
    result = check_posts(load_site(root), None, jobs=1)
    return [
        (f.path, f.line, f.column, f.rule, f.message)
        for f in result.findings
        if not f.rule.startswith("encoding/")
    ]


def _same_as_plain(site, files: dict[str, str], title: str) -> Path:
    """The findings of a post whose title holds ``title`` are those of one whose title is
    plain, word for word and place for place."""
    name = next(p for p in files if p.startswith(("_posts/", "content/")))
    plain = findings(site({**files, name: files[name].format(title='"one two"')}))
    root = site({**files, name: files[name].format(title=title)})
    assert plain and findings(root) == plain
    return root


@pytest.mark.parametrize("title", TITLES)
def test_jekyll_findings_after_a_yaml_line_break_stay_on_their_lines(site, title: str) -> None:
    files = {"_config.yml": "title: t\n", "_posts/2026-01-01-a.md": JEKYLL_POST}
    root = _same_as_plain(site, files, title)
    rules = {(line, column, rule) for _, line, column, rule, _ in findings(root)}
    assert {(3, 12, "frontmatter/yaml-word"), (4, 14, "jekyll/number-category")} <= rules


@pytest.mark.parametrize("title", TITLES)
def test_hugo_findings_after_a_yaml_line_break_stay_on_their_lines(site, title: str) -> None:
    files = {"hugo.toml": 'baseURL = "https://example.org/"\n', "content/posts/a.md": HUGO_POST}
    _same_as_plain(site, files, title)


@pytest.mark.parametrize("title", TITLES)
def test_a_syntax_error_after_a_yaml_line_break_is_on_its_line(site, title: str) -> None:
    text = f"---\ntitle: {title}\nlead: [a\nauthor: x: y\n---\nbody\n"
    root = site({"_config.yml": "title: t\n", "_posts/2026-01-01-a.md": text})
    syntax = [f[1:3] for f in findings(root) if f[3] == "frontmatter/syntax"]
    assert len(syntax) == 1 and syntax[0][0] == 4


def test_places_count_characters_and_lf_only() -> None:
    text = 'a: "\U0001f600\u2028x"\r\nb: c\rd: 1\n\x85e: 2\n'
    doc = yamlread.load(text, symbols_fail=False)
    assert doc.positions == {("a",): (1, 1), ("b",): (2, 1), ("d",): (2, 6), ("e",): (3, 2)}
    with pytest.raises(yamlread.YamlProblem) as caught:
        yamlread.load("\ufeffa: 1\n\u2029b: !!float x\n")
    assert (caught.value.line, caught.value.column) == (1, 4)
    with pytest.raises(yamlread.YamlProblem) as caught:
        yamlread.load("a: 'x\u2028y\x01'\n")  # a character libyaml's reader refuses
    assert (caught.value.line, caught.value.column) == (0, 7)


TOML_POST = '+++\ntitle = "Caf\xe9" x\ndraft = false\ntags = ["a"]\n+++\nbody\n'


def test_a_toml_error_is_where_the_decoder_stops(site) -> None:
    root = site(
        {"hugo.toml": 'baseURL = "https://example.org/"\n', "content/posts/a.md": TOML_POST}
    )
    (found,) = [f for f in findings(root) if f[3] == "frontmatter/syntax"]
    assert found[1:3] == (2, 16)  # at the `x`, in characters
    assert "line 1" not in found[4] and "column" not in found[4]


def test_the_toml_error_is_on_hugos_line(site, hugo_oracle: None) -> None:
    root = site(
        {"hugo.toml": 'baseURL = "https://example.org/"\n', "content/posts/a.md": TOML_POST}
    )
    done = subprocess.run(["hugo"], cwd=root, capture_output=True, text=True, timeout=120)
    said = re.search(r"a\.md:(\d+):(\d+)", done.stdout + done.stderr)
    assert said is not None
    (found,) = [f for f in findings(root) if f[3] == "frontmatter/syntax"]
    assert found[1] == int(said.group(1))


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('  {"title": "Caf\xe9", x}\nbody\n', (1, 21)),
        ('\n{\n "title": "a",\n "tags": ["a",]\n}\nbody\n', (4, 15)),
        ('+++\ntitle = "a"\ntags = ["a"\n+++\nbody\n', (4, 1)),  # at the end: the `+++`
    ],
)
def test_toml_and_json_errors_are_placed_in_the_file(site, text: str, where: tuple) -> None:
    root = site({"hugo.toml": 'baseURL = "https://example.org/"\n', "content/posts/a.md": text})
    (found,) = [f for f in findings(root) if f[3] == "frontmatter/syntax"]
    assert found[1:3] == where
    assert "(char" not in found[4] and "(at " not in found[4]


def test_a_bom_takes_no_column_for_a_byte_that_is_not_utf8(site) -> None:
    hugo = {"hugo.toml": 'baseURL = "https://example.org/"\n'}
    root = site(
        {
            **hugo,
            "content/posts/a.md": b'\xef\xbb\xbf{"title": "Here\xc3\xa2\xe2\x82\xac\xe2\x84\xa2s"}\nb\n',
            "content/posts/b.md": b'\xef\xbb\xbf{"title": "Here\xe9s"}\nb\n',
            "content/posts/c.md": b'{"title": "Here\xe9s"}\nb\n',
        }
    )
    result = check_posts(load_site(root), None, jobs=1)
    places = {(f.path, f.rule): (f.line, f.column) for f in result.findings}
    assert places[("content/posts/a.md", "encoding/mojibake")] == (1, 16)
    assert places[("content/posts/b.md", "encoding/invalid-utf8")] == (1, 16)
    assert places[("content/posts/c.md", "encoding/invalid-utf8")] == (1, 16)
