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
