"""YAML tags in front matter as Jekyll 4.3.1 reads them: it calls `Psych.safe_load(yaml,
permitted_classes: [Date, Time], aliases: true)`, which reads a node with a tag it does not
know (`!foo`, `!<tag:example.com,2000:x>`) as if it had none, and refuses only the classes
its known tags make (Ruby objects and symbols, sets). Compared with Ruby's Psych, and with
real Jekyll."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.jekyllfuzz import Site, compare, jekyll_posts, pressbot_posts

pytestmark = pytest.mark.usefixtures("jekyll_oracle")

SNIPPETS = [
    "a: !foo bar", "a: [!foo bar, !!str 12]", "a: !foo [x, y]", "a: !foo {x: 1}",
    "a: !foo 12", 'a: !foo "12"', "a: !foo 'q'", "a: !<tag:example.com,2000:x> 5",
    "a: !!foo bar", "a: !foo", "a: !foo ~", "a: !foo 1:30", "a: !foo 2020-01-01",
    "a: !foo true", "a: !foo |\n  line", "a: !strange {x: 1}", "!foo k: v", "a: !foo:bar x",
    "a: !seq [1]", "a: !map {}", "a: !ruby/array [1]", "a: !ruby/hash {x: 1}",
    "a: !ruby/object:Foo [1]", "a: !ruby/object:Foo x", "a: !str x", "a: !ruby/string x",
    "a: !binary aGVsbG8=", "a: !float 1", "a: !!pairs [{a: 1}]", "a: !!set [a, b]",
    "a: !!null x", "a: !!python/str x",
    # refused by Psych: the front matter is dropped
    "a: !foo :sym", 'a: !foo ":sym"', "a: :sym", "a: !ruby/object:Foo {}", "a: !ruby/sym x",
    "a: !!set {a, b}", "a: !set {a, b}", "a: !str:Foo x", "a: !ruby/array:Foo [1]",
    "a: !ruby/hash:Foo {x: 1}", "a: !ruby/struct {x: 1}", "a: !ruby/range 1..2",
    "a: !ruby/regexp /x/", "a: !seq:Foo [1]", "a: !map:Foo {}",
    "a: !ruby/object:BigDecimal 1.5",
]  # fmt: skip

_RUBY = """
require "json"
require "yaml"
require "date"
JSON.parse(STDIN.read).each do |text|
  Psych.safe_load(text, permitted_classes: [Date, Time], aliases: true)
  puts "read"
rescue Psych::Exception
  puts "refused"
end
"""


def test_tags_psych_ignores_and_those_it_refuses() -> None:
    from bot.yamlread import YamlProblem, load

    done = subprocess.run(
        ["ruby", "-e", _RUBY], input=json.dumps(SNIPPETS), capture_output=True, text=True
    )
    verdicts = done.stdout.split()
    assert len(verdicts) == len(SNIPPETS), done
    for text, verdict in zip(SNIPPETS, verdicts, strict=True):
        try:
            load(text)
            mine = "read"
        except YamlProblem:
            mine = "refused"
        assert mine == verdict, text


def test_local_tags_keep_the_front_matter(tmp_path: Path) -> None:
    posts = {
        "_posts/2020-01-01-a.md": "title: a\ncategories: !foo bar",
        "_posts/2020-01-02-b.md": "title: b\ncategories: [!foo bar, !!str 12]",
        "_posts/2020-01-03-c.md": "title: c\ntags: !foo [x, y]\nslug: !<tag:example.com,2000:x> s",
        "_posts/2020-01-04-d.md": 'title: d\ncategories: !foo "news"\ndate: !foo 2020-01-04',
        "_posts/2020-01-05-e.md": "title: e\ncategories: !foo :sym",
        "_posts/2020-01-06-f.md": "title: f\n!foo categories: [k]\nslug: !ruby/string s",
    }
    root = tmp_path / "site"
    root.mkdir()
    (root / "_config.yml").write_text("title: t\npermalink: /:categories/:title/\n")
    for rel, front in posts.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(f"---\n{front}\n---\nBody.\n", encoding="utf-8")
    site = Site(root, 0, sorted(posts))
    jekyll = jekyll_posts(site, tmp_path)
    ours, errors = pressbot_posts(site, jekyll.time)
    assert compare(site, jekyll, ours, errors) == []
    assert errors == {"_posts/2020-01-05-e.md"}  # a symbol: Jekyll drops the front matter


TAGS = [
    "!!omap", "!omap", "!<tag:yaml.org,2002:omap>", "!!set", "!set", "!!pairs", "!binary",
    "!!binary", "!!str", "!str", "!ruby/string", "!!seq", "!!map", "!ruby/array", "!ruby/hash",
    "!ruby/object", "!ruby/object:Hash", "!ruby/struct", "!ruby/sym", "!ruby/regexp",
    "!ruby/range", "!ruby/exception", "!ruby/hash-with-ivars", "!!int", "!!bool", "!!null",
    "!!timestamp", "!foo", "!",
]  # fmt: skip
BODIES = [
    "[a: 1, b: 2]", "[a: 1, a: 2]", "[[a, b, c]]", "[{a: 1, b: 2}]", "[{<<: {a: 1}}]",
    "[x]", "[[]]", "[{}]", "[!!str a]", "[]", "{a: 1}", "{}",
    "{str: x}", "{str: x, a: 1}", "{str: x, a b: 1}", "{str: 1, a: 1}", "{elements: {a: 1}}",
    "abc", "''", "",
]  # fmt: skip
_RUBY_VALUES = """
require "json"
require "yaml"
require "date"
JSON.parse(STDIN.read).each do |text|
  puts JSON.generate(Psych.safe_load(text, permitted_classes: [Date, Time], aliases: true).inspect)
rescue StandardError
  puts JSON.generate(nil)
end
"""


def test_tags_on_lists_mappings_and_text_read_as_psych_reads_them() -> None:
    """Every tag Psych knows (and some it does not) on each kind of node: what Psych makes
    (an ordered map from a list of pairs, text from `!str {str: x}`, null from an empty
    tagged text) or that it fails, as pressbot reads it."""
    from bot import ruby
    from bot.yamlread import YamlProblem, load

    texts = [f"t: {tag} {body}" for tag in TAGS for body in BODIES]
    texts += ["t: [!, z]", "a: &who Jane\nb: &who John\nc: *who", "a: &x 1\nb: *x\nc: &x 2\nd: *x"]
    done = subprocess.run(
        ["ruby", "-e", _RUBY_VALUES], input=json.dumps(texts), capture_output=True, text=True
    )
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == len(texts), done.stderr
    wrong = []
    for text, theirs in zip(texts, answers, strict=True):
        try:
            mine = ruby.inspect(load(text).data)
        except YamlProblem:
            mine = None
        if mine != theirs and text not in ("t: !binary abc", "t: !!binary abc"):
            wrong.append((text, theirs, mine))  # base64 of no UTF-8 text is flagged, not kept
    assert wrong == []
    assert answers[texts.index("t: !!omap [a: 1, b: 2]")] == '{"t"=>{"a"=>1, "b"=>2}}'


def test_ordered_maps_anchors_given_twice_and_a_bare_tag_as_jekyll_reads_them(
    tmp_path: Path,
) -> None:
    posts = {
        "_posts/2020-01-10-omap.md": "title: T\ntags: !!omap [a: 1, b: 2]",
        "_posts/2020-01-11-omap2.md": "title: T\ncategories: x\nextra: !omap\n  - k: v",
        "_posts/2020-01-12-omapcat.md": "title: T\ncategories: !!omap [a: 1]",
        "_posts/2020-01-13-omapbad.md": "title: T\ncategories: !!omap [x, c: 3]",
        "_posts/2020-01-14-anchors.md": (
            "title: A\nauthor: &who Jane\neditor: &who John\nreviewer: *who\ncategories: [news]"
        ),
        "_posts/2020-01-15-anchorcat.md": "title: A\nx: &c one\ny: &c two\ncategories: [*c]",
        "_posts/2020-01-16-bare.md": "title: A\ncategories: [!, z]",
        "_posts/2020-01-17-empty-int.md": "title: A\npublished: !!bool",
    }
    root = tmp_path / "site"
    root.mkdir()
    (root / "_config.yml").write_text("title: t\n")
    for rel, front in posts.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(f"---\n{front}\n---\nBody.\n", encoding="utf-8")
    site = Site(root, 0, sorted(posts))
    jekyll = jekyll_posts(site, tmp_path)
    assert jekyll.posts["_posts/2020-01-15-anchorcat.md"]["categories"] == ["two"]
    ours, errors = pressbot_posts(site, jekyll.time)
    assert compare(site, jekyll, ours, errors) == []
    # schema/type: an ordered map is no list of categories or tags, a null no category;
    # frontmatter/syntax: an item of an ordered map that is no pair, on which Psych fails
    flagged = {f"_posts/2020-01-{day}.md" for day in ("10-omap", "12-omapcat", "16-bare")}
    assert errors == {*flagged, "_posts/2020-01-13-omapbad.md"}
