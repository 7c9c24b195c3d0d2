"""Partial runs find every `hugo/duplicate-url` a whole-site run finds for their pages.

For generated sites (`tests.hugopartialsites`), the union of the findings of one partial run
per page equals the whole-site run's, although a partial run describes only the pages that
may write one of the checked pages' files (`bot.hugo.candidates`). The 400 sites are as many
as it takes for each of the search's safeguards to matter: with any one of them removed
(text that is not ASCII searched as Go shapes it, keys Hugo may print from numbers, dates or
booleans, patterns whose parts hold two things, escapes, the shared configuration and
cascades), some of these sites give a partial run that misses a collision.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.hugo.candidates import keys, may_collide, signatures
from bot.hugo.describe import HugoSite
from bot.linter import check_posts
from bot.site import load_site
from tests.conftest import write_site
from tests.hugopartialsites import generate

RULE = "hugo/duplicate-url"
Key = tuple[str, int, int, str]


def whole(root: Path) -> set[Key]:
    result = check_posts(load_site(root), None, select=[RULE], jobs=1)
    return {(f.path, f.line, f.column, f.message) for f in result.findings}


def each(root: Path) -> set[Key]:
    site = load_site(root)
    out: set[Key] = set()
    for name in sorted(str(p) for p in (root / "content").rglob("*.md")):
        if Path(name).name.startswith("_index"):
            continue
        result = check_posts(site, [Path(name)], select=[RULE], jobs=1)
        out |= {(f.path, f.line, f.column, f.message) for f in result.findings}
    return out


@pytest.mark.parametrize("seed", range(400))
def test_partial_runs_find_what_the_whole_site_run_finds(tmp_path: Path, seed: int) -> None:
    root = write_site(tmp_path / f"site-{seed}", generate(seed))
    assert each(root) == whole(root)


# --- the search itself ----------------------------------------------------------------


def test_keys_are_the_last_parts_letters_and_digits() -> None:
    assert keys("posts/hello-world/index.html") == {b"helloworld"}
    assert keys("posts/Hello_World.html") == {b"helloworld"}
    assert keys("en/posts/x/index.json") == {b"x"}
    assert keys("index.html") == {b""}
    assert keys("caf%C3%A9/index.html") == {b"cafc3a9", b"caf"}
    assert keys("x%68/index.html") == {b"x68", b"xh"}


def test_text_is_searched_as_go_shapes_it() -> None:
    assert b"kelvin" in signatures("\u212aelvin".encode())  # Go lower-cases the sign to `k`
    assert b"istanbul" in signatures("\u0130stanbul".encode())
    assert {b"hllo", b"hello"} <= set(signatures("Héllo".encode()))
    assert signatures(b"Hello, World!") == (b"helloworld",)


def _story(i: int, extra: str = "") -> str:
    return f'---\ntitle: "Story {i}"\ndate: 2020-01-0{i % 9 + 1}\n{extra}---\nBody {i}.\n'


def _site(root: Path, extra: dict[str, str] | None = None, config: str = "") -> HugoSite:
    files = {
        "hugo.toml": 'baseURL = "https://example.org/"\n[permalinks]\n'
        f'posts = "/:year/:month/:slug/"\n{config}',
        **{f"content/posts/story-{i}.md": _story(i) for i in range(40)},
        **(extra or {}),
    }
    return HugoSite(write_site(root, files))


def _near(hugo: HugoSite, *files: str) -> set[str] | None:
    found, branches = hugo.listing()
    pages = {str(p.file.path): p for p in found}
    near = may_collide(hugo, files, pages, branches.values())
    return None if near is None else {Path(p).name for p in near}


def test_only_the_pages_that_may_collide_are_described(tmp_path: Path) -> None:
    hugo = _site(tmp_path)
    assert _near(hugo, "2020/01/story-17/index.html") == {"story-17.md"}
    # the key is looked for in the front matter, not in the body
    assert _near(hugo, "2020/01/body-3/index.html") == set()


def test_front_matter_that_may_spell_the_key_otherwise_is_described(tmp_path: Path) -> None:
    long_title = "x" * 9000
    hugo = _site(
        tmp_path,
        {
            "content/posts/escaped.md": _story(1, 'slug: "st\\x6fry-17"\n'),
            "content/posts/base64.md": _story(2, "slug: !!binary c3Rvcnk=\n"),
            "content/posts/long.md": _story(3, f"note: {long_title}\nslug: Story 17\n"),
            "content/posts/comment.md": "<!-- a comment -->\n" + _story(4, "slug: Story 17\n"),
            "content/posts/apart.md": _story(5, "slug: other\n"),
        },
    )
    assert _near(hugo, "2020/01/story-17/index.html") == {
        "story-17.md",
        "escaped.md",
        "base64.md",
        "long.md",
        "comment.md",
    }


def test_a_page_that_is_no_regular_file_is_described_without_blocking(tmp_path: Path) -> None:
    _site(tmp_path)  # its files
    os.mkfifo(tmp_path / "content/posts/fifo.md")
    hugo = HugoSite(tmp_path)
    assert _near(hugo, "2020/01/story-17/index.html") == {"story-17.md", "fifo.md"}


@pytest.mark.parametrize(
    ("config", "extra", "file"),
    [
        ('news = "/post-:slug/"\n', {}, "2020/01/story-17/index.html"),  # two things in a part
        ('news = "/:2006/:slug/"\n', {}, "2020/01/story-17/index.html"),  # Go's date layout
        ("", {}, "2020/01/index.html"),  # digits: a date, or a number Hugo printed
        ("", {}, "posts/true/index.html"),  # `slug: yes` is printed `true`
        ('news = "/:year/:monthname/"\n', {}, "2020/march/index.html"),  # a month's name
        ("", {}, "index.html"),  # the home page's file: from anything
        # a cascade's url with an escape, or that holds the key
        ("", {"content/posts/_index.md": "---\ncascade: {url: /x%41/}\n---\n"}, "xa/index.html"),
        ("", {"content/posts/_index.md": "---\ncascade: {slug: story-17}\n---\n"}, "x/story-17/"),
        ("", {}, "blog/index.html"),  # `blog` is a pattern's text (the configuration's)
    ],
)
def test_the_search_gives_up_where_a_key_may_come_from_elsewhere(
    tmp_path: Path, config: str, extra: dict[str, str], file: str
) -> None:
    config += "[languages.en]\n[languages.fr]\n[languages.fr.permalinks]\nposts = '/blog/:slug/'\n"
    hugo = _site(tmp_path, extra, config)
    assert _near(hugo, file) is None
