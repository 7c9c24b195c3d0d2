"""`jekyll/duplicate-url` finds a post whose file another post's file is inside, as if it
were a folder (`/a.html` and `/a.html/b/`, a category `a.html`, the home page's `index.html`
and `/index.html/x/`): `jekyll build` stops ("File exists" or "Is a directory"). Compared
with real Jekyll, and partial runs (one per post) with the whole-site run.
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

PERMALINKS = ["/:title/", "/:title", "/:categories/:title/", "/:title.html", "/:year/:title/"]
SLUGS = ["a", "a.html", "b", "index", "A.html"]
OWN = [
    "/a",
    "/a.html",
    "/a.html/b/",
    "/a/",
    "/a/index.html/x/",
    "/index.html/x/",
    "/a%2ehtml/c/",
    "/2020/a.html",
    "/2020/a.html/",
]
FRONT = ["categories: a.html", "category: A.HTML", "categories: [x, b.html]", "slug: a.html"]


def generate(seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    files = {"_config.yml": f"permalink: {rng.choice(PERMALINKS)}\n"}
    if rng.random() < 0.4:
        files["index.html"] = "---\n---\nHome\n"
    for n in range(rng.randint(2, 6)):
        folder = rng.choice(["_posts", "_posts", "_posts", "a.html/_posts"])
        name = f"2020-01-{n + 1:02d}-{rng.choice(SLUGS)}.md"
        front = ""
        if rng.random() < 0.5:
            front += f"permalink: {rng.choice(OWN)}\n"
        if rng.random() < 0.3:
            front += f"{rng.choice(FRONT)}\n"
        files[f"{folder}/{name}"] = f"---\n{front}---\nText.\n"
    return files


_STOPPED = re.compile(r"(File exists|Is a directory) @ \w+ - (.*?) \(Errno::E(EXIST|ISDIR)\)")
_FOLDER = re.compile(r"(?:, inside|, the file) (\S+), (?:which|the file)")


def jekyll_stopped_at(root: Path, out: Path) -> str | None:
    """The file (below the output folder) where real Jekyll stopped, for a file in the way
    of a folder or a folder in the way of a file; None when it built the site."""
    done = subprocess.run(
        ["jekyll", "build", "-s", root, "-d", out], capture_output=True, text=True, timeout=300
    )
    match = _STOPPED.search(done.stderr)
    if done.returncode == 0:
        return None
    assert match is not None, done.stderr
    return match[2].removeprefix(f"{out}/")


@pytest.mark.usefixtures("jekyll_oracle")
@pytest.mark.parametrize("seed", range(30))
def test_the_build_stops_where_a_post_is_flagged(tmp_path: Path, seed: int) -> None:
    root = write_site(tmp_path / "site", generate(seed))
    expected = whole(root)
    folders = {m[1] for *_, message in expected if (m := _FOLDER.search(message))}
    stopped = jekyll_stopped_at(root, tmp_path / "built")
    assert (stopped is not None) == bool(folders)
    if stopped is not None:
        assert stopped in folders
    assert each(root) == expected


@pytest.mark.parametrize("seed", range(200, 240))
def test_a_bulk_run_finds_what_a_small_run_finds(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bulk run keeps only the last part of most URLs (`bot.jekyll.url_tail`): a post
    whose file may hold another's, or be a folder of it, gets its whole URL."""
    import bot.linter

    files = generate(seed)
    if seed % 2:  # categories make folders
        files["_config.yml"] = "permalink: /:categories/:title/\n"
    root = write_site(tmp_path / "site", files)
    expected = whole(root)
    monkeypatch.setattr(bot.linter, "PARALLEL_THRESHOLD", 2)
    assert whole(root) == expected


@pytest.mark.parametrize("template", ["/:title", "/:title/", "/:year/:title:output_ext"])
def test_a_bulk_run_gives_the_whole_url_of_a_post_whose_file_is_a_folder(
    tmp_path: Path, template: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.linter

    monkeypatch.setattr(bot.linter, "PARALLEL_THRESHOLD", 2)
    inside = {"/:title": "/a.html/b/", "/:title/": "/a/index.html/b/"}.get(
        template, "/2020/a.html/"
    )
    root = write_site(
        tmp_path,
        {
            "_config.yml": f"permalink: {template}\n",
            "_posts/2020-01-01-a.md": "---\ntitle: a\n---\n",
            "_posts/2020-01-02-b.md": f"---\npermalink: {inside}\n---\n",
        },
    )
    assert {path for path, *_ in whole(root)} == {
        "_posts/2020-01-01-a.md",
        "_posts/2020-01-02-b.md",
    }


@pytest.mark.parametrize("seed", range(100, 120))
def test_partial_runs_in_git_find_what_the_whole_site_run_finds(tmp_path: Path, seed: int) -> None:
    root = write_site(tmp_path / "site", generate(seed))
    committed(root)
    expected = whole(root)
    assert each(root) == expected
    assert each(root, pull_request=True) == expected


def test_the_generated_sites_stop_the_build_often(tmp_path: Path) -> None:
    stopping = 0
    for seed in range(30):
        root = write_site(tmp_path / f"site-{seed}", generate(seed))
        stopping += any("needs as a folder" in m for *_, m in whole(root))
    assert stopping >= 6


def test_a_pre_commit_run_of_either_post_finds_it(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "_config.yml": "title: T\n",
            "_posts/2020-01-05-a.md": "---\ntitle: a\npermalink: /a/b.html\n---\nA\n",
            "_posts/2020-01-06-b.md": "---\ntitle: b\npermalink: /a/b.html/c/\n---\nB\n",
        },
    )
    committed(root)
    tail = (
        ': `jekyll build` stops with "File exists" when the file is written first, else with '
        '"Is a directory" (change the slug, date or permalink)'
    )
    wanted = {
        "_posts/2020-01-05-a.md": "_posts/2020-01-05-a.md:1:1: error jekyll/duplicate-url "
        "builds to /a/b.html, the file a/b.html, which _posts/2020-01-06-b.md needs as a "
        "folder" + tail,
        "_posts/2020-01-06-b.md": "_posts/2020-01-06-b.md:1:1: error jekyll/duplicate-url "
        "builds to /a/b.html/c/, inside a/b.html, the file _posts/2020-01-05-a.md is written "
        "to" + tail,
    }
    for rel, line in wanted.items():
        done = pressbot("check", rel, cwd=root)
        assert done.code == 1, done.err
        assert [x for x in done.out.splitlines() if f" {RULE} " in x] == [line]


def test_a_pull_request_finds_a_post_whose_folder_names_the_file(tmp_path: Path) -> None:
    """The other post holds no word of the search (its folder `a.html` is its category):
    the listing of Git's index names it, and a run as a pull request makes it finds it."""
    root = write_site(
        tmp_path,
        {
            "_config.yml": "title: T\n",
            "_posts/2020-01-05-a.md": "---\ntitle: a\npermalink: /a.html\n---\nA\n",
            "a.html/_posts/2020-01-06-b.md": "---\ntitle: b\n---\nB\n",
        },
    )
    committed(root)
    expected = whole(root)
    assert {path for path, *_ in expected} == {
        "_posts/2020-01-05-a.md",
        "a.html/_posts/2020-01-06-b.md",
    }
    assert each(root, pull_request=True) == expected
    assert each(root) == expected
