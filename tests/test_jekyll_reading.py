"""Hand-written posts for each class of difference the differential fuzzer found, compared
with real Jekyll post by post (published, URL, date, categories and tags with their types).

One site per class keeps a failure readable: the message lists every post that differs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.inputkit import pressbot
from tests.jekyllfuzz import Site, compare, jekyll_posts, pressbot_posts

pytestmark = pytest.mark.usefixtures("jekyll_oracle")


def agree(
    tmp_path: Path,
    posts: dict[str, str],
    config: str = "title: t\n",
    configs: dict[str, str] | None = None,
    clock: bool = True,
) -> None:
    """pressbot reads the posts as Jekyll does (with ``clock``, at Jekyll's build time; else
    at pressbot's own)."""
    root = tmp_path / "site"
    root.mkdir()
    for name, text in (configs or {"_config.yml": config}).items():
        (root / name).write_text(text, encoding="utf-8")
    for rel, front in posts.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front}\n---\nBody.\n", encoding="utf-8")
    site = Site(root, 0, sorted(posts))
    jekyll = jekyll_posts(site, tmp_path)
    ours, errors = pressbot_posts(site, jekyll.time if clock else None)
    assert compare(site, jekyll, ours, errors) == []


def test_yaml_words_in_any_letter_case(tmp_path: Path) -> None:
    agree(
        tmp_path,
        {
            "_posts/2020-01-01-a.md": "title: a\npublished: nO",
            "_posts/2020-01-02-b.md": "title: b\npublished: FALSE",
            "_posts/2020-01-03-c.md": "title: c\npublished: nULL",
            "_posts/2020-01-04-d.md": "title: d\npublished: oFF",
            "_posts/2020-01-05-e.md": "title: e\npublished: n",
            "_posts/2020-01-06-f.md": "title: f\npublished: 'false'",
            "_posts/2020-01-07-g.md": "title: g\ntags: [tRuE, Null, y, ON]",
        },
    )


def test_merge_keys_apply_in_place(tmp_path: Path) -> None:
    agree(
        tmp_path,
        {
            "_posts/2020-01-01-a.md": "base: &b {categories: [merged], slug: m}\ncategories: [mine]\n<<: *b",
            "_posts/2020-01-02-b.md": "base: &b {categories: [merged]}\n<<: *b\ncategories: [mine]",
            "_posts/2020-01-03-c.md": "x: &x {tags: [x]}\ny: &y {tags: [y], slug: y}\n<<: [*x, *y]",
        },
    )


def test_categories_and_tags_keep_their_types(tmp_path: Path) -> None:
    agree(
        tmp_path,
        {
            "_posts/2020-01-01-a.md": "title: a\ncategories: [1, true, ~, 2020-01-01, [a, b], 1.5]",
            "_posts/2020-01-02-b.md": "title: b\ncategories: [2020, '2020', x]\ncategory: 7",
            "_posts/2020-01-03-c.md": "title: c\ntags: [2020, 1.5, [x, [y, ~]], No]",
            "_posts/2020-01-04-d.md": "title: d\ntags: No\ncategories: true",
            "_posts/2020-01-05-e.md": "title: e\ntag: [a, b]\ncategories: 'x y'",
            "news/_posts/2020-01-06-f.md": "title: f\ncategories: [ΣΊΣΥΦΟΣ, 'x?y', 'c#', 'a b']",
            "my_posts/_posts/2020-01-07-g.md": "title: g\ncategory: ~\ncategories: [z]",
        },
        config="title: t\ntimezone: Europe/Berlin\n",
    )


def test_defaults_fill_what_the_front_matter_leaves_empty(tmp_path: Path) -> None:
    agree(
        tmp_path,
        {
            "_posts/2020-01-01-a.md": "title: a\ncategories:\ntags:",
            "_posts/2020-01-02-b.md": "title: b\ndate:\npublished:",
            "_posts/2020-01-03-c.md": "title: c\ncategories: [own]",
        },
        config=(
            "title: t\ndefaults:\n  - scope: {path: ''}\n    values:\n"
            "      categories: [dflt, 5]\n      tags: one two\n      date: 2020-05-05 10:00:00\n"
        ),
    )


def test_file_names_extensions_and_paths(tmp_path: Path) -> None:
    posts = {
        "_posts/2020-01-01-page.htm": "title: a",
        "_posts/2020-01-02-notes.txt": "title: b",
        "_posts/2020-01-03-upper.MD": "title: c",
        "_posts/2020-01-04-x.mdown": "title: d",
        "_posts/sub/2020-01-05-deep.md": "title: e\npermalink: /:path/",
        "a/b/_posts/2020-01-06-nested.markdown": "title: f\npermalink: /:path:output_ext",
        "_posts/2020-01-07-q?mark.md": "title: g\npermalink: /:path/",
        "_posts/2020-01-08-style.scss": "title: h",
        "_posts/2020-01-09-old.SASS": "title: i",
    }
    agree(tmp_path, posts)


def test_yaml_times_on_days_that_do_not_exist_roll_over_in_utc(tmp_path: Path) -> None:
    agree(
        tmp_path,
        {
            "_posts/2020-05-01-a.md": "title: a\ndate: 2020-04-31 23:00:00",
            "_posts/2020-05-02-b.md": "title: b\ndate: 2020-04-31 23:00:00 +09:00",
            "_posts/2020-05-03-c.md": "title: c\ndate: 2020-02-30t01:02:03.5Z",
            "_posts/2021-03-01-d.md": "title: d\ndate: 2021-02-29",
        },
        config="title: t\ntimezone: Asia/Tokyo\n",
    )


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        ("America/Sao_Paulo", "2018-11-04"),  # clocks jump from 00:00 to 01:00
        ("America/Havana", "2020-11-01"),  # clocks go back from 01:00 to 00:00
    ],
)
def test_local_midnights_a_clock_change_skips_or_repeats(
    tmp_path: Path, zone: str, day: str
) -> None:
    """Jekyll reads a YAML date through its text, as Ruby's `Time.local`: a midnight that
    does not exist is the hour after the gap, one that occurs twice the later instant."""
    agree(
        tmp_path,
        {
            f"_posts/{day}-named.md": "title: named",
            "_posts/2000-01-01-dated.md": f"title: dated\ndate: {day}",
            "_posts/2000-01-02-quoted.md": f"title: quoted\ndate: '{day}'",
            "_posts/2000-01-03-flow.md": f"title: flow\ndate: [{day}]",
        },
        config=f"title: t\ntimezone: {zone}\npermalink: /:year/:month/:day/:hour/:minute/:title/\n",
    )


@pytest.mark.parametrize(
    "time", ["2020-01-02 12:00:00", "2020-01-02", "2020-01-02T14:00:00Z", "'2020-01-03 +14:00'"]
)
def test_the_time_setting_is_the_builds_now(tmp_path: Path, time: str) -> None:
    agree(
        tmp_path,
        {
            "_posts/2020-01-01-a.md": "title: a",
            "_posts/2020-01-02-b.md": "title: b\ndate: 2020-01-02 13:00:00 +0900",
            "_posts/2020-01-03-c.md": "title: c",
        },
        config=f"title: t\ntimezone: Asia/Tokyo\ntime: {time}\n",
        clock=False,
    )


def test_a_date_at_the_builds_time_gives_way_to_the_file_names(tmp_path: Path) -> None:
    """Jekyll takes a date equal to its `time`, to the second, for one never given: the file
    name's date replaces it. Date texts still take what they leave out from the machine's
    clock, not from `time`."""
    agree(
        tmp_path,
        {
            "_posts/2021-05-05-a.md": "title: a\ndate: 2020-01-01 00:00:00 -05:00",
            "_posts/2021-05-06-b.md": "title: b\ndate: January 2020",
            "_posts/2021-05-07-c.md": "title: c\ndate: 2020-01-01 00:00:01 -05:00",
            "_posts/2021-05-08-d.md": "title: d\ndate: '10:00'",
        },
        config="title: t\ntimezone: America/New_York\ntime: 2020-01-01\nfuture: false\n",
    )


@pytest.mark.parametrize("limit", ["2", "2.5", "0.5", "0", "9", ".inf", ".nan"])
def test_limit_posts_keeps_the_latest_posts_jekyll_reads(tmp_path: Path, limit: str) -> None:
    """The latest by date, then by path; what Jekyll does not read (unpublished, future)
    does not count."""
    agree(
        tmp_path,
        {
            "_posts/2020-01-01-a.md": "title: a",
            "_posts/2020-01-02-b.md": "title: b",
            "_posts/a/2020-01-02-c.md": "title: c",
            "_posts/2020-01-03-d.md": "title: d\npublished: false",
            "_posts/2099-01-01-e.md": "title: e",
        },
        config=f"title: t\nlimit_posts: {limit}\n",
    )


@pytest.mark.parametrize("future", ["true", "false"])
def test_limit_posts_sorts_as_jekyll_sorts_posts_without_a_date(
    tmp_path: Path, future: str
) -> None:
    """With `future`, a post whose front matter Jekyll cannot read has no date while Jekyll
    sorts (`nil <=> time` compares paths): the posts it keeps follow its merge sort."""
    broken = "title: A: b"
    agree(
        tmp_path,
        {
            "_posts/2020-01-01-a.md": "title: a",
            "_posts/2020-01-05-b.md": broken,
            "_posts/2020-01-03-c.md": "title: c\ndate: 2021-06-01",
            "_posts/x/2020-01-02-d.md": "title: d",
            "news/_posts/2019-01-04-e.md": broken,
            "news/_posts/2020-01-06-f.md": "title: f",
            "_posts/2020-01-07-g.md": "title: g",
            "_posts/2018-01-07-h.md": broken,
        },
        config=f"title: t\nfuture: {future}\nlimit_posts: 3\n",
    )


def test_with_strict_front_matter_a_post_jekyll_cannot_read_is_not_built(tmp_path: Path) -> None:
    """`strict_front_matter` turns front matter Jekyll cannot read into a stopped build: the
    post is not built (list says invalid, check reports it), so it takes no place among the
    posts `limit_posts` keeps."""
    agree(
        tmp_path,
        {
            "_posts/2020-01-01-a.md": "title: a",
            "_posts/2020-01-02-b.md": "title: b",
            "_posts/2020-01-03-c.md": "title: A: b",
        },
        config="title: t\nstrict_front_matter: true\nlimit_posts: 1\n",
    )


@pytest.mark.parametrize(
    "zone",
    [
        *("Mars/Phobos", "UTC+3", "JST-9", "<+0330>-3:30", "utc", "europe/paris"),
        # glibc drops a leading ":" and reads a zone file by its path, or below its folder
        *(":Europe/Berlin", ":JST-9", ":", "Asia//Tokyo", "./America/New_York"),
        *("/usr/share/zoneinfo/Asia/Tokyo", ":/usr/share/zoneinfo/America/New_York"),
    ],
)
def test_a_timezone_that_is_no_zone_name_reads_as_glibc_reads_it(tmp_path: Path, zone: str) -> None:
    agree(
        tmp_path,
        {
            "_posts/2020-01-01-a.md": "title: a\ndate: 2020-01-01 22:00:00",
            "_posts/2020-07-01-b.md": "title: b\ndate: '2020-07-01 22:30:00'",
            "_posts/2020-03-08-c.md": "title: c",
        },
        config=f"title: t\ntimezone: '{zone}'\npermalink: /:year/:month/:day/:hour/:title/\n",
    )


def test_a_timezone_naming_a_pipe_is_not_read(tmp_path: Path) -> None:
    """Opening a pipe waits for a writer: a `timezone` naming one is not opened (UTC)."""
    import os

    pipe = tmp_path / "zone"
    os.mkfifo(pipe)
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(f"timezone: '{pipe}'\n", encoding="utf-8")
    (root / "_posts" / "2020-01-01-a.md").write_text("---\ntitle: a\n---\n", "utf-8")
    done = pressbot("list", "--format", "json", cwd=root, timeout=30)
    assert json.loads(done.out)["posts"][0]["url"] == "/2020/01/01/a.html"
    assert "it builds in UTC" in done.err


POSTS = {
    "_posts/2020-01-01-a.md": "title: a\ndate: 2020-01-01 20:00:00",
    "_posts/news/2020-01-02-b.md": "title: b",
}


@pytest.mark.parametrize(
    "configs",
    [
        {"_config.yaml": "title: t\ntimezone: Asia/Tokyo\npermalink: /:year/:title/\n"},
        {
            "_config.toml": 'title = "t"\ntimezone = "Asia/Tokyo"\npermalink = "pretty"\n\n'
            '[[defaults]]\nscope = { path = "_posts/news" }\nvalues = { categories = ["x"] }\n'
        },
        # the first of .yml, .yaml and .toml is read, and only it
        {
            "_config.yml": "title: t\npermalink: /yml/:title/\n",
            "_config.yaml": "title: t\npermalink: /yaml/:title/\ntimezone: Asia/Tokyo\n",
        },
        {"_config.yaml": "title: t\n", "_config.toml": 'permalink = "/toml/:title/"\n'},
    ],
    ids=["yaml", "toml", "yml-first", "yaml-first"],
)
def test_the_configuration_in_any_of_its_names(tmp_path: Path, configs: dict[str, str]) -> None:
    agree(tmp_path, POSTS, configs=configs)


FOLDERS = {
    "_posts/sub/_x/2020-01-01-a.md": "title: a",
    "_posts/_x/2020-01-02-b.md": "title: b",
    "_posts/_drafts/2020-01-03-c.md": "title: c",
    "_posts/.hidden/2020-01-04-d.md": "title: d",
    "_posts/#x/2020-01-05-e.md": "title: e",
    "_posts/_posts/2020-01-06-f.md": "title: f",
    "_posts/sub/_posts/2020-01-07-g.md": "title: g",
    "my_posts/_posts/2020-01-08-h.md": "title: h",
    "_posts/sub/2020-01-09-i.md~": "title: i",
}


def test_folders_inside_posts(tmp_path: Path) -> None:
    agree(tmp_path, FOLDERS)


def test_folders_inside_posts_with_include(tmp_path: Path) -> None:
    agree(tmp_path, FOLDERS, config="title: t\ninclude: [_x, _drafts]\n")


def test_slugs_lowercase_as_ruby_does(tmp_path: Path) -> None:
    agree(
        tmp_path,
        {
            "_posts/2020-01-01-ΣΊΣΥΦΟΣ.md": "title: a\npermalink: /blog/:slug",
            "_posts/2020-01-02-b.md": "title: b\nslug: ΟΔΥΣΣΕΥΣ\npermalink: /p/:year/:slug.html",
        },
    )


def test_collections_dir_moves_where_posts_are_read_and_their_paths(tmp_path: Path) -> None:
    agree(
        tmp_path,
        {
            "my/_posts/2020-01-01-a.md": "title: a\npermalink: /:path/",
            "my/news/_posts/2020-01-02-b.md": "title: b",
            "my/_posts/sub/2020-01-03-c.md": "title: c\npermalink: /:categories/:path:output_ext",
            "_posts/2020-01-04-outside.md": "title: d",
            "news/_posts/2020-01-05-outside.md": "title: e",
            "my/_drafts/draft.md": "title: f",
        },
        config=(
            "title: t\ncollections_dir: my\nshow_drafts: true\ndefaults:\n"
            "  - scope: {path: my/news}\n    values: {categories: [scoped]}\n"
            "  - scope: {path: _posts/sub}\n    values: {tags: [inner]}\n"
        ),
    )


def test_drafts_are_posts_with_show_drafts(tmp_path: Path) -> None:
    agree(
        tmp_path,
        {
            "_drafts/undated.md": "title: a",
            "_drafts/2020-01-02-dated.md": "title: b\npermalink: /:path/",
            "_drafts/notes.txt": "title: c",
            "news/_drafts/sub/x.html": "title: d\ncategories: [own]",
            "_drafts/broken.md": "title: e: f",
            "_posts/_drafts/2020-01-06-in-posts.md": "title: g",
        },
        config="title: t\nshow_drafts: true\ntimezone: America/New_York\n",
    )


def test_broken_front_matter_keeps_the_defaults_date(tmp_path: Path) -> None:
    agree(
        tmp_path,
        {
            "_posts/2020-01-01-a.md": "title: a: b",
            "_posts/2020-01-02-b.md": "title: [",
            "_posts/2020-01-03-c.md": "- a list",
        },
        config=(
            "title: t\npermalink: /:year/:hour:minute:second/:title/\ndefaults:\n"
            "  - scope: {path: ''}\n    values: {date: 2021-03-28 02:30:00 +0200}\n"
        ),
    )


def test_dates_of_other_types_are_read_from_their_ruby_text(tmp_path: Path) -> None:
    agree(
        tmp_path,
        {
            "_posts/2020-01-01-a.md": "title: a\ndate: [2020-01-12]",
            "_posts/2020-01-02-b.md": "title: b\ndate: 2020.5",
            "_posts/2020-01-03-c.md": "title: c\ndate: {on: 2020-02-03 10:00:00}",
            "_posts/2020-01-04-d.md": "title: d\ndate: 20200112",
            "_posts/2020-01-05-e.md": "title: e\ndate: true",
        },
        config="title: t\ntimezone: Pacific/Chatham\n",
    )


def test_markdown_ext_names_are_not_trimmed(tmp_path: Path) -> None:
    agree(
        tmp_path,
        {
            "_posts/2020-01-01-a.md": "title: a",
            "_posts/2020-01-02-b.markdown": "title: b",
            "_posts/2020-01-03-c.TXT": "title: c",
        },
        config="title: t\nmarkdown_ext: markdown, md,txt\n",
    )


def test_yaml_as_psych_reads_it_symbols_and_base_60(tmp_path: Path) -> None:
    agree(
        tmp_path,
        {
            "_posts/2020-01-01-a.md": "title: a\npermalink: :title/",
            "_posts/2020-01-02-b.md": "title: b\ntags: [:x]",
            "_posts/2020-01-03-c.md": "title: c\n:categories: [x]",
            "_posts/2020-01-04-d.md": "title: d\ntags: [':x', \":y\", 'x:', ':']\nslug: ':s'",
            "_posts/2020-01-05-e.md": "title: e\ncategories: [1:30, -1:30, 1:2:3, 1:2:3:4, 0:30]",
            "_posts/2020-01-06-f.md": "title: f\ntags: [1:30.5, 00:10:00, 1_0:3_0, +1:30, 1:60]",
        },
    )


def test_slugs_and_extensions_from_the_front_matter(tmp_path: Path) -> None:
    agree(
        tmp_path,
        {
            "_posts/2020-01-01-a.md": "title: a\nslug: ''",
            "_posts/2020-01-02-b.md": "title: b\nslug: false",
            "_posts/2020-01-03-c.txt": "title: c\npermalink: /:output_ext/:title.xml",
            "_posts/2020-01-04-d.md": "title: d\npermalink: /a.b/:slug:output_ext",
            "_posts/2020-01-05-e.htm": "title: e\npermalink: /:year/:slug.php",
        },
        config="title: t\npermalink: /:year/:slug:output_ext\n",
    )


def test_yaml_files_in_posts_folders_are_data_not_posts(tmp_path: Path) -> None:
    """Jekyll reads a `.yml` or `.yaml` file (that letter case only) as data: no post."""
    posts = {
        "_posts/2020-01-01-a.yml": "title: a",
        "_posts/2020-01-02-b.yaml": "title: b",
        "_posts/2020-01-03-c.YML": "title: c",
        "_posts/2020-01-04-d.Yaml": "title: d",
        "_drafts/e.yml": "title: e",
        "_drafts/2020-01-05-f.yaml": "title: f",
    }
    agree(tmp_path, posts, config="title: t\nshow_drafts: true\n")
    from tests.inputkit import pressbot

    # pre-commit names every staged file under `_posts`: a YAML one is no post to check
    named = [str(tmp_path / "site" / rel) for rel in posts if rel.endswith(("yml", "yaml"))]
    done = pressbot("check", "--format", "json", "--site", str(tmp_path / "site"), *named)
    assert done.code == 0 and '"findings": []' in done.out, done


@pytest.mark.parametrize(
    "config",
    ["title: t\n", "title: t\nexclude: [blog]\n", "title: t\ninclude: [vendor/bundle/]\n"],
)
def test_vendor_folders_jekyll_reads_and_those_it_leaves_out(tmp_path: Path, config: str) -> None:
    """Jekyll leaves out `vendor/bundle/`, `vendor/cache/`, `vendor/gems/` and
    `vendor/ruby/` (a site's `exclude` adds to them), not the rest of `vendor`."""
    agree(
        tmp_path,
        {
            "vendor/_posts/2020-01-01-a.md": "title: a",
            "vendor/acme/_posts/2020-01-02-b.md": "title: b",
            "vendor/bundle/_posts/2020-01-03-c.md": "title: c",
            "vendor/gems/x/_posts/2020-01-04-d.md": "title: d",
            "blog/vendor/_posts/2020-01-05-e.md": "title: e",
            "blog/vendor/bundle/_posts/2020-01-06-f.md": "title: f",
        },
        config=config,
    )


def test_the_file_name_finding_says_whether_jekyll_publishes_the_post(tmp_path: Path) -> None:
    import json

    from tests.inputkit import pressbot

    names = [
        "999-01-03-small.md",
        "2020-01-12-.md",
        "2026-1-5-short.md",
        "notes.md",
        "2020-01-13.md",
    ]
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\n", encoding="utf-8")
    for name in names:
        (root / "_posts" / name).write_text("---\ntitle: x\n---\nBody.\n", encoding="utf-8")
    site = Site(root, 0, [f"_posts/{n}" for n in names])
    jekyll = jekyll_posts(site, tmp_path)
    done = pressbot("check", "--format", "json", "--select", "jekyll/filename", "--site", root)
    found = {f["path"]: f["message"] for f in json.loads(done.out)["findings"]}
    assert sorted(found) == sorted(site.posts)
    for path, message in found.items():
        published = "is published by Jekyll" in message
        assert published == (path in jekyll.posts), (path, message)
        assert published != ("is not a post name Jekyll publishes" in message), message
