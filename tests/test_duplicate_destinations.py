"""`jekyll/duplicate-url` groups posts by the file Jekyll writes them to, as Jekyll's own
"Conflict: The following destination is shared by multiple files" does: `/a` and `/a.html`,
`/c/` and `/c/index.html`, `/e f/` and `/e%20f/`, a post at `/index.html` and the home page.
It counts the drafts a site builds (`show_drafts`) and only the posts `limit_posts` keeps.
Compared with real Jekyll, and partial runs (one per post) with the whole-site run.
"""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import committed, write_site
from tests.inputkit import pressbot
from tests.partialsites import RULE, each, whole

PERMALINKS = ["/:title", "/:title/", "/:title.html", "/:title:output_ext", "/:year-:title/"]
SLUGS = ["a", "a.html", "index", "c", "e f", "A"]
OWN = [
    "/a",
    "/a.html",
    "/a/",
    "/a/index.html",
    "/c/",
    "/c/index.html",
    "/c/./",
    "/e f/",
    "/e%20f/",
    "/%61",
    "/b/%2e%2e/a",
    "/index.html",
    "/index",
    "/A.html",
    "/2020-a/",
]
"""Permalinks of posts, several of which Jekyll writes to one file."""


def generate(seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    config = [f"permalink: {rng.choice(PERMALINKS)}"]
    if rng.random() < 0.4:
        config.append("show_drafts: true")
    if rng.random() < 0.25:
        config.append(f"limit_posts: {rng.choice([1, 2, 4])}")
    files = {"_config.yml": "\n".join(config) + "\n"}
    home = rng.choice(["index.html", "index.md", None])
    if home is not None:
        files[home] = "---\n---\nHome\n"
    for n in range(rng.randint(3, 8)):
        folder = rng.choice(["_posts", "_posts", "_drafts"])
        dated = folder == "_posts" or rng.random() < 0.5
        name = f"2020-01-{n + 1:02d}-" if dated else f"{n}-"
        name += f"{rng.choice(SLUGS)}.{rng.choice(['md', 'md', 'html'])}"
        front = f"permalink: {rng.choice(OWN)}\n" if rng.random() < 0.6 else ""
        files[f"{folder}/{name}"] = f"---\n{front}---\nText.\n"
    return files


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def jekyll_conflicts(root: Path, out: Path) -> set[str]:
    """The posts (site-relative) that real Jekyll names in its destination conflicts."""
    done = subprocess.run(
        ["jekyll", "build", "-s", root, "-d", out], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    text = _ANSI.sub("", done.stdout + done.stderr)
    assert "Error" not in text, text
    named = set()
    for line in text.splitlines():
        match = re.match(r"\s+- (.*)$", line)
        if match:
            named.add(match[1].removeprefix(f"{root}/"))
    return {p for p in named if p.startswith(("_posts/", "_drafts/"))}


@pytest.mark.usefixtures("jekyll_oracle")
@pytest.mark.parametrize("seed", range(40))
def test_the_posts_flagged_are_those_jekyll_names_in_a_conflict(tmp_path: Path, seed: int) -> None:
    root = write_site(tmp_path / "site", generate(seed))
    expected = whole(root)
    assert {path for path, *_ in expected} == jekyll_conflicts(root, tmp_path / "built")
    assert each(root) == expected


@pytest.mark.parametrize("seed", range(100, 130))
def test_partial_runs_in_git_find_what_the_whole_site_run_finds(tmp_path: Path, seed: int) -> None:
    root = write_site(tmp_path / "site", generate(seed))
    committed(root)
    expected = whole(root)
    assert each(root) == expected
    assert each(root, pull_request=True) == expected


def test_the_generated_sites_share_files_in_every_way(tmp_path: Path) -> None:
    """Collisions of URLs that differ as text, with drafts and with the home page happen."""
    differ = drafts = home = 0
    for seed in range(40):
        root = write_site(tmp_path / f"site-{seed}", generate(seed))
        for path, _, _, message in whole(root):
            differ += "(the file " in message
            drafts += path.startswith("_drafts/") or "_drafts/" in message
            home += "(the home page)" in message
    assert differ >= 10 and drafts >= 5 and home >= 3


@pytest.mark.parametrize(
    ("url", "ext", "written"),
    [
        ("/a", ".html", b"a.html"),
        ("/a.html", ".html", b"a.html"),
        ("/a", ".txt", b"a.txt"),
        ("/c/", ".html", b"c/index.html"),
        ("/c/index.html", ".html", b"c/index.html"),
        ("/e%20f/", ".html", b"e f/index.html"),
        ("/caf%C3%A9/", ".html", "café/index.html".encode()),
        ("/b/%2e%2e/a", ".html", b"a.html"),
        ("/%2e%2e/%2e%2e/a/", ".html", b"a/index.html"),
        ("/", ".html", b"index.html"),
        ("/a/.", ".html", b"a.html"),
        ("/%zz", ".html", b"%zz.html"),
    ],
)
def test_the_written_file_is_jekylls_destination(url: str, ext: str, written: bytes) -> None:
    from bot.jekyll import destination

    assert destination(url, ext) == written


def test_the_repro_site_as_a_user_runs_it(tmp_path: Path) -> None:
    posts = {
        "2024-01-01-a.md": "/a",
        "2024-01-02-b.md": "/a.html",
        "2024-01-03-c.md": "/c/",
        "2024-01-04-d.md": "/c/index.html",
        "2024-01-05-e.md": "/e f/",
        "2024-01-06-f.md": "/e%20f/",
        "2024-01-07-g.md": "/index.html",
    }
    files = {f"_posts/{name}": f"---\npermalink: {url}\n---\nx\n" for name, url in posts.items()}
    files["index.html"] = "---\nlayout: null\n---\nhome\n"
    files["_config.yml"] = "title: t\n"
    root = write_site(tmp_path, files)
    done = pressbot("check", "--site", root, cwd=root)
    assert done.code == 1
    lines = [line for line in done.out.splitlines() if f" {RULE} " in line]
    assert lines == [
        "_posts/2024-01-01-a.md:1:1: error jekyll/duplicate-url builds to /a (the file a.html), "
        "as _posts/2024-01-02-b.md does; Jekyll writes only one of them (change the slug, "
        "date or permalink)",
        "_posts/2024-01-02-b.md:1:1: error jekyll/duplicate-url builds to /a.html (the file "
        "a.html), as _posts/2024-01-01-a.md does; Jekyll writes only one of them (change the "
        "slug, date or permalink)",
        "_posts/2024-01-03-c.md:1:1: error jekyll/duplicate-url builds to /c/ (the file "
        "c/index.html), as _posts/2024-01-04-d.md does; Jekyll writes only one of them (change "
        "the slug, date or permalink)",
        "_posts/2024-01-04-d.md:1:1: error jekyll/duplicate-url builds to /c/index.html (the "
        "file c/index.html), as _posts/2024-01-03-c.md does; Jekyll writes only one of them "
        "(change the slug, date or permalink)",
        "_posts/2024-01-05-e.md:1:1: error jekyll/duplicate-url builds to /e f/ (the file "
        "e f/index.html), as _posts/2024-01-06-f.md does; Jekyll writes only one of them "
        "(change the slug, date or permalink)",
        "_posts/2024-01-06-f.md:1:1: error jekyll/duplicate-url builds to /e%20f/ (the file "
        "e f/index.html), as _posts/2024-01-05-e.md does; Jekyll writes only one of them "
        "(change the slug, date or permalink)",
        "_posts/2024-01-07-g.md:1:1: error jekyll/duplicate-url builds to /index.html (the "
        "file index.html), as index.html (the home page) does; Jekyll writes only one of them "
        "(change the slug, date or permalink)",
    ]


def test_drafts_count_in_a_partial_run_when_the_site_builds_them(tmp_path: Path) -> None:
    files = {
        "_config.yml": "show_drafts: true\npermalink: /:title/\n",
        "_posts/2024-01-01-hello.md": "---\ntitle: a\n---\nx\n",
        "_drafts/hello.md": "---\ntitle: b\n---\nx\n",
        "_drafts/other.md": "---\npermalink: /hello/\n---\nx\n",
    }
    root = write_site(tmp_path, files)
    committed(root)
    expected = whole(root)
    assert {path for path, *_ in expected} == {
        "_posts/2024-01-01-hello.md",
        "_drafts/hello.md",
        "_drafts/other.md",
    }
    assert each(root) == expected
    assert each(root, pull_request=True) == expected
    (root / "_posts/2024-01-01-hello.md").write_text("---\ntitle: a\n---\ny\n", encoding="utf-8")
    done = pressbot("check", "--changed-since", "HEAD", "--format", "json", cwd=root)
    assert done.code == 1
    assert "_drafts/hello.md, _drafts/other.md does" in done.out


def test_posts_limit_posts_leaves_out_collide_with_nothing(tmp_path: Path) -> None:
    files = {
        "_config.yml": "limit_posts: 1\n",
        "_posts/2024-01-01-a.md": "---\npermalink: /same/\n---\nx\n",
        "_posts/2024-01-02-b.md": "---\npermalink: /same/\n---\nx\n",
        "_posts/2024-01-03-c.md": "---\npermalink: /other/\n---\nx\n",
    }
    root = write_site(tmp_path, files)
    assert whole(root) == set()
    assert each(root) == set()
    (root / "_config.yml").write_text("limit_posts: 2\n", encoding="utf-8")
    assert {path for path, *_ in whole(root)} == set()
    (root / "_config.yml").write_text("limit_posts: 3\n", encoding="utf-8")
    expected = whole(root)
    assert {path for path, *_ in expected} == {"_posts/2024-01-01-a.md", "_posts/2024-01-02-b.md"}
    assert each(root) == expected


@pytest.mark.parametrize("seed", range(200, 240))
def test_a_bulk_run_finds_what_a_small_one_finds(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bulk run keeps only the tail of most posts' files (`bot.jekyll.url_tail`): the
    tails of `/a` and `/a.html`, of `/c/` and `/c/index.html` meet, and a template with
    more than the slug in its last part (`/:year-:title/`) keeps none."""
    import bot.linter

    root = write_site(tmp_path / "site", generate(seed))
    expected = whole(root)
    monkeypatch.setattr(bot.linter, "PARALLEL_THRESHOLD", 2)
    assert whole(root) == expected


@pytest.mark.parametrize(
    ("template", "name", "permalink"),
    [
        ("/:year-:title/", "2020-01-01-a.md", "/2020-a/"),
        ("/:title/", "2020-01-01-c.md", "/c/index.html"),
        ("/:title", "2020-01-01-a.md", "/a.html"),
        ("/:title", "2020-01-01-a.html.md", "/a"),
        ("/:title/", "2020-01-01-café.md", "/caf%C3%A9/"),
        ("/:title/", "2020-01-01-e f.md", "/e-f/index.html"),
    ],
)
def test_a_bulk_run_resolves_the_tails_that_meet(
    tmp_path: Path, template: str, name: str, permalink: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.linter

    files = {
        "_config.yml": f"permalink: {template}\n",
        f"_posts/{name}": "---\n---\nx\n",
        "_posts/2019-01-01-b.md": f"---\npermalink: {permalink}\n---\nx\n",
    }
    root = write_site(tmp_path, files)
    expected = whole(root)
    assert len(expected) == 2
    monkeypatch.setattr(bot.linter, "PARALLEL_THRESHOLD", 1)
    assert whole(root) == expected
