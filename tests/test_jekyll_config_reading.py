"""Jekyll's `_config.yml` read as Jekyll 4.3.1 reads it: a collection's `permalink` taken as
written, what its safe YAML refuses (a Ruby symbol) or reads past (`!!float abc`), `exclude`
patterns matched as Ruby's `File.fnmatch?` matches them, and a `timezone` path opened as
glibc opens it. Compared with real Jekyll."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.inputkit import assert_one_line_error, pressbot
from tests.jekyllfuzz import Site, written

pytestmark = pytest.mark.usefixtures("jekyll_oracle")

POSTS = {
    "_posts/2020-01-02-a.md": "---\ntitle: A\n---\nx\n",
    "_posts/2020-01-03-b.md": "---\ntitle: B\ndate: 2020-01-03 20:00:00\n---\nx\n",
    "_posts/sub/2020-01-04-c.md": "---\ntitle: C\n---\nx\n",
}


def _agree(tmp_path: Path, config: str) -> Site:
    """Jekyll and pressbot read the posts of a site with ``config`` alike."""
    return written(tmp_path, {"_config.yml": config, **POSTS})[0]


@pytest.mark.parametrize("style", ["pretty", "date", "none", "ordinal", "weekdate"])
def test_a_collections_permalink_is_a_template_not_a_style(tmp_path: Path, style: str) -> None:
    """Only the top-level `permalink` names a style: the posts collection's is taken as
    written, so every post goes to `/pretty`, and all but one are lost."""
    site = _agree(tmp_path, f"collections:\n  posts:\n    permalink: {style}\n")
    checked = pressbot("check", "--format", "json", "--site", site.root)
    rules = {f["rule"] for f in json.loads(checked.out)["findings"]}
    assert "jekyll/duplicate-url" in rules, checked


@pytest.mark.parametrize(
    "exclude",
    ['["_posts/[^2]*"]', '["_posts/[!2]*"]', '["_posts/[^]0*"]', '["_posts/[z-a]*"]'],
)
def test_exclude_patterns_read_as_ruby_fnmatch(tmp_path: Path, exclude: str) -> None:
    """`[^2]` is a negated class to Ruby, as `[!2]` is; `[^]` any character; a class written
    backwards (`[z-a]`) holds its two ends."""
    _agree(tmp_path, f"exclude: {exclude}\n")


@pytest.mark.parametrize(
    "zone", ["Asia/Tokyo/", "../zoneinfo/Asia/Tokyo", "Asia//Tokyo", "Asia/Tokyo/../Tokyo"]
)
def test_a_timezone_path_is_opened_as_glibc_opens_it(tmp_path: Path, zone: str) -> None:
    """glibc joins the zone folder and the name and opens that: `..` climbs, a trailing `/`
    opens no file (UTC)."""
    _agree(tmp_path, f"timezone: {zone}\n")


@pytest.mark.parametrize(
    ("config", "place"),
    [
        ("permalink: :title\n", "1:12"),
        ("title: t\npermalink: :categories/:title/\n", "2:12"),
        ("timezone: :UTC\n", "1:11"),
        ("title: :)\n", "1:8"),
        ("title: t\n:key: v\n", "2:1"),
        ("exclude:\n  - a\n  - :b\n", "3:5"),
    ],
)
def test_a_ruby_symbol_in_the_configuration_stops_as_jekyll_stops(
    tmp_path: Path, config: str, place: str
) -> None:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(config, encoding="utf-8")
    (root / "_posts/2020-01-12-z.md").write_text("---\ntitle: Z\n---\nx\n", encoding="utf-8")
    built = subprocess.run(
        ["jekyll", "build", "-s", str(root), "-d", str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert built.returncode != 0 and "Symbol" in built.stderr, built
    for command in ("check", "list"):
        done = pressbot(command, "--site", root)
        assert_one_line_error(done, 2, f"_config.yml:{place}:", "Ruby symbol", "quotes")
        assert "front matter" not in done.err, done


def test_a_tag_jekyll_refuses_in_the_configuration_speaks_of_the_configuration(
    tmp_path: Path,
) -> None:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\nx: !ruby/object:Foo {}\n", encoding="utf-8")
    done = pressbot("check", "--site", root)
    assert_one_line_error(done, 2, "_config.yml:2:4:", "configuration", "drop the tag")
    assert "front matter" not in done.err, done


def test_a_float_psych_cannot_make_has_jekyll_build_with_its_defaults(tmp_path: Path) -> None:
    """Psych's ArgumentError (`Float("abc")`): Jekyll warns and reads none of the file (the
    permalink in it is not used), and so does pressbot."""
    site = _agree(tmp_path, "permalink: /:title/\nx: !!float abc\n")
    listed = pressbot("list", "--format", "json", "--site", site.root)
    urls = {p["path"]: p["url"] for p in json.loads(listed.out)["posts"]}
    assert urls["_posts/2020-01-02-a.md"] == "/2020/01/02/a.html", listed
    assert "_config.yml:2:4:" in listed.err and "defaults" in listed.err, listed
    assert "front matter" not in listed.err, listed


@pytest.mark.parametrize("value", ["''", "true", "2020-01-01"])
def test_a_float_psych_fails_on_otherwise_stops_jekyll(tmp_path: Path, value: str) -> None:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(f"title: t\nx: !!float {value}\n", encoding="utf-8")
    built = subprocess.run(
        ["jekyll", "build", "-s", str(root), "-d", str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert built.returncode != 0, built
    done = pressbot("check", "--site", root)
    assert_one_line_error(done, 2, "_config.yml:2:4:")
    assert "front matter" not in done.err, done


def test_fnmatch_any_matches_as_ruby(tmp_path: Path) -> None:
    """`bot.ruby_glob.fnmatch_any` against Ruby's `File.fnmatch?` without flags."""
    from bot.ruby_glob import fnmatch_any

    patterns = ["_posts/[^2]*", "_posts/[!2]*", "a\\*b", "*.txt", "_posts/?020*", "[a-c]x"]
    patterns += ["[]x", "[^]x", "[x", "a/**/b", "{a,b}", "\\[x]", "[\\]]x", "[z-a]", "[^/]x"]
    paths = ["_posts/2020-01-02-a.md", "_posts/sub/x.md", "a*b", "axb", "a\\xb", "n/t.txt"]
    paths += ["ax", "bx", "dx", "]x", "^x", "[x", "a/c/b", "a/b", "{a,b}", "a", "[x]", "z", "/x"]
    script = (
        "ps, xs = JSON.parse(STDIN.read); "
        'puts JSON.dump(ps.map { |p| xs.map { |x| File.fnmatch?("/s/" + p, "/s/" + x) } })'
    )
    done = subprocess.run(
        ["ruby", "-rjson", "-e", script],
        input=json.dumps([patterns, paths]),
        capture_output=True,
        text=True,
        check=True,
    )
    ruby = json.loads(done.stdout)
    ours = [[fnmatch_any(["/s/" + p])("/s/" + x) for x in paths] for p in patterns]
    assert ours == ruby
