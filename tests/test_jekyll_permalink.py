"""Permalink placeholders as Jekyll 4.3.1 reads them: a name its posts' `UrlDrop` does not
answer for stops the build; a name of a Ruby method the drop answers for but Liquid does not
call prints nothing. Compared with real Jekyll."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.inputkit import assert_one_line_error, pressbot
from tests.jekyllfuzz import Site, compare, jekyll_posts, pressbot_posts

pytestmark = pytest.mark.usefixtures("jekyll_oracle")

TEMPLATES = [
    "/:basename/",
    "/:tags/:title/",
    "/:title_x/",
    "/:year_:month/:title/",
    "/:hash/:title/",
    "/:to_s/:object_id/:class/:title/",
    "/:hash_/:title/",
    "/:Year/:title/",
    "/:id/",
    "/:date/:title/",
    "/:__id__/",
    "/:month__/",
    "/:count/",
    "/:_/",
    "/:yearly/",
]


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def test_placeholders_as_jekyll_builds_them_or_stops(tmp_path: Path) -> None:
    root = tmp_path / "site"
    files = {"_config.yml": "title: t\n"}
    for i, template in enumerate(TEMPLATES, 1):
        files[f"_posts/2020-01-{i:02d}-p{i}.md"] = (
            f'---\ntitle: t\npermalink: "{template}"\n---\nx\n'
        )
    # a post Jekyll does not publish has no URL built: nothing stops
    files["_posts/2099-01-01-later.md"] = "---\ntitle: t\npermalink: /:tags/\n---\nx\n"
    files["_posts/2020-02-01-off.md"] = (
        "---\ntitle: t\npermalink: /:tags/\npublished: false\n---\nx\n"
    )
    _write(root, files)
    posts = sorted(rel for rel in files if rel.startswith("_posts/"))
    site = Site(root, 0, posts)
    jekyll = jekyll_posts(site, tmp_path / "work")
    assert len(jekyll.errors) >= 8, jekyll.errors  # the oracle does stop on them
    ours, errors = pressbot_posts(site, jekyll.time)
    assert compare(site, jekyll, ours, errors) == []
    assert errors == set(jekyll.errors)
    for path in jekyll.errors:
        assert ours[path]["reason"] == "invalid", ours[path]


_NAMES = r"""
require "jekyll"
site = Jekyll::Site.new(Jekyll.configuration("source" => Dir.pwd, "quiet" => true))
site.read
doc = site.posts.docs.first
names = doc.url_placeholders.public_methods.map(&:to_s).grep(/\A[a-z_]+\z/)
names.sort.each do |name|
  url = Jekyll::URL.new(template: "/:#{name}/x/", placeholders: doc.url_placeholders).to_s
  puts "#{name} #{url == "/x/" ? "empty" : "value"}"
rescue StandardError
  puts "#{name} stops"
end
"""


def test_the_names_that_print_nothing_are_the_drops_ruby_methods(tmp_path: Path) -> None:
    """Every `[a-z_]+` name Jekyll's post URL drop answers `respond_to?` for: pressbot prints
    nothing for exactly those Jekyll prints nothing for, a value for its placeholders, and
    finds the rest stop the build."""
    from bot.jekyll import _parse_template, template_error

    post = "---\ncategories: [a]\n---\n"  # every placeholder of Jekyll's prints something
    _write(tmp_path, {"_config.yml": "title: t\n", "_posts/2020-01-05-p.md": post})
    done = subprocess.run(
        ["ruby", "-e", _NAMES], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    found = dict(line.split() for line in done.stdout.splitlines())
    assert len(found) > 100, done.stdout
    for name, verdict in found.items():
        template = f"/:{name}/x/"
        keys = [key for _, key in _parse_template(template) if key is not None]
        mine = "stops" if template_error(template) else "value" if keys else "empty"
        assert mine == verdict, name


@pytest.mark.parametrize(
    "config",
    [
        "permalink: /blog/:year/:basename/\n",
        "collections:\n  posts:\n    permalink: /:lang/:title/\n",
    ],
)
def test_a_site_permalink_jekyll_stops_on_is_a_configuration_error(
    tmp_path: Path, config: str
) -> None:
    root = tmp_path / "site"
    _write(root, {"_config.yml": config, "_posts/2020-01-01-a.md": "---\ntitle: A\n---\n"})
    built = subprocess.run(
        ["jekyll", "build", "-s", str(root), "-d", str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert built.returncode != 0 and "keys. Check your permalink" in built.stderr, built
    for command in ("check", "list"):
        done = pressbot(command, "--site", str(root))
        assert_one_line_error(done, 2, "permalink", "build stops")
