"""The scope paths of `defaults` with `*` in them: Jekyll globs them with Ruby's `Dir.glob`
(`**/` any depth of folders, braces, `[^...]`), and compares a path as written (a leading
`/` matches no post). Compared with real Jekyll, and the glob with Ruby's own."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.jekyllfuzz import Site, compare, jekyll_posts, pressbot_posts

pytestmark = pytest.mark.usefixtures("jekyll_oracle")

POSTS = [
    "_posts/2020-01-01-a.md",
    "_posts/sub/2020-01-02-b.md",
    "news/_posts/2020-01-03-c.md",
    "blog/_posts/2020-01-04-d.md",
    "a/b/c/_posts/2020-01-05-e.md",
    "a/_posts/2020-01-06-f.md",
]
SCOPES = [
    "**/_posts",
    "a/**/_posts",
    "_posts/**/*.md",
    "_posts/**/",
    "**/_posts/",
    "{news,blog}/_posts/*",
    "{a/b,news}/**/_posts",
    "[^n]*/_posts/*",
    "a**/_posts",
    "_posts/**",
    "/_posts",
    "/_posts/*",
    "**/*",
]


@pytest.mark.parametrize("scope", SCOPES)
def test_scope_paths_match_the_posts_jekyll_gives_the_defaults(tmp_path: Path, scope: str) -> None:
    root = tmp_path / "site"
    root.mkdir()
    (root / "_config.yml").write_text(
        "title: t\npermalink: /:categories/:title/\ndefaults:\n"
        f"  - scope: {{path: {json.dumps(scope)}}}\n    values: {{categories: [dflt]}}\n",
        encoding="utf-8",
    )
    for rel in POSTS:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(f"---\ntitle: {rel[-4]}\n---\nx\n", encoding="utf-8")
    site = Site(root, 0, POSTS)
    jekyll = jekyll_posts(site, tmp_path / "work")
    ours, errors = pressbot_posts(site, jekyll.time)
    assert compare(site, jekyll, ours, errors) == []


PATTERNS = [
    "**/_posts", "**/_posts/", "a**", "a**/_posts", "**", "_posts/**", "_posts/**/",
    "{news,blog}/_posts", "{n{e,x}ws,b*}/_posts", "[^n]*/_posts", "[!n]*/_posts",
    "\\*/_posts", "_posts/.*", "_posts/*", ".*/_posts", "**/.h/_posts", "*/**/_posts",
    "./_posts/*", "_posts//*", "_posts/**/**/y.md", "{,a}b/_posts", "a{}b/_posts",
    "{a/_posts", "_posts/\\[x\\].md", "_posts/[[]x].md", "_posts/a\\*b.md", "_posts/a?b.md",
    "[a-c]*", "[]x]*", "x[]]y", "**/*", "**/*.md", "*/_posts/*", "_posts/*/",
    "_posts/../news/*", "[b-c]-?", "?", ".?*",
]  # fmt: skip

_RUBY = """
require "json"
require "pathname"
base = Pathname.new(Dir.pwd)
puts(JSON.generate(JSON.parse(STDIN.read).map do |pattern|
  Dir.glob(base.join(pattern).to_s).map { |p| Pathname.new(p).relative_path_from(base).to_s }
end))
"""


def test_the_glob_is_rubys(tmp_path: Path) -> None:
    from bot.ruby_glob import glob

    for folder in ("_posts/sub/deep", ".hid/_posts", "a/.h/_posts", "news/_posts", "ab/_posts",
                   "blog/_posts", "x]y", "b-c"):  # fmt: skip
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    for name in ("_posts/x.md", "_posts/.dot.md", "_posts/sub/y.md", "news/_posts/z.md",
                 "_posts/[x].md", "_posts/a*b.md"):  # fmt: skip
        (tmp_path / name).touch()
    done = subprocess.run(
        ["ruby", "-e", _RUBY],
        input=json.dumps(PATTERNS),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = json.loads(done.stdout)
    for pattern, found in zip(PATTERNS, theirs, strict=True):
        assert sorted(glob(pattern, str(tmp_path))) == sorted(found), pattern
