"""Partial runs find every `jekyll/duplicate-url` a whole-site run finds for their posts.

For generated sites (`tests.partialsites`: permalink styles and templates, `defaults` with
scopes, `permalink:`, `slug:`, categories and dates in front matter, category folders,
unpublished and future posts, drafts), the union of the findings of one partial run per post
equals the whole-site run's: outside Git (every other post read), in a Git work tree (one
`git grep` rules posts out) and as a pull request lists the site (Git's index). A sample
runs through the command line as a user runs it.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from bot.discover import discover_names
from bot.linter import check_posts
from bot.other_posts import OtherPosts, _walk_reaches
from bot.site import load_site
from tests.conftest import git, git_init, write_site
from tests.inputkit import pressbot
from tests.partialsites import RULE, Key, each, generate, whole


def make(tmp_path: Path, seed: int, in_git: bool) -> Path:
    root = write_site(tmp_path / f"site-{seed}", generate(seed))
    if in_git:
        git_init(root)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "site")
    return root


@pytest.mark.parametrize("seed", range(120))
def test_partial_runs_outside_git_find_what_the_whole_site_run_finds(
    tmp_path: Path, seed: int
) -> None:
    root = make(tmp_path, seed, in_git=False)
    assert each(root) == whole(root)


@pytest.mark.parametrize("seed", range(1000, 1060))
def test_partial_runs_in_git_find_what_the_whole_site_run_finds(tmp_path: Path, seed: int) -> None:
    root = make(tmp_path, seed, in_git=True)
    expected = whole(root)
    assert each(root) == expected
    assert each(root, pull_request=True) == expected


def test_the_generated_sites_collide_in_every_way(tmp_path: Path) -> None:
    """The generator is only worth its runs if collisions through front matter and through
    names both happen often."""
    through_front_matter = through_names = 0
    for seed in range(120):
        root = make(tmp_path, seed, in_git=False)
        for path, *_ in whole(root):
            text = (root / path).read_text(encoding="utf-8")
            if "permalink" in text or "slug" in text or "sl\\u" in text:
                through_front_matter += 1
            else:
                through_names += 1
    assert through_front_matter >= 20
    assert through_names >= 20


def test_the_generated_sites_put_files_where_folders_are_needed(tmp_path: Path) -> None:
    """Posts whose file another post needs as a folder, through front matter (a permalink,
    a category) and through names (a slug `hello.html`, a folder `hello.html/_posts`)."""
    inside = both = 0
    for seed in range(120):
        root = make(tmp_path, seed, in_git=False)
        found = [m for _, _, _, m in whole(root) if "needs as a folder" in m]
        inside += len(found)
        both += any("2020-01-01-hello.html" in m or "hello.html/_posts" in m for m in found)
    assert inside >= 10
    assert both >= 3


@pytest.mark.parametrize("seed", [0, 1, 5, 1004, 1006, 1057])
def test_the_command_line_reports_each_collision_of_the_named_post(
    tmp_path: Path, seed: int
) -> None:
    root = make(tmp_path, seed, in_git=seed >= 1000)
    expected = whole(root)
    assert expected, "the seed must give collisions"
    site = load_site(root)
    for name in discover_names(site, None):
        rel = site.relpath(name)
        done = pressbot(
            "check", "--site", root, "--select", RULE, "--format", "json", name, cwd=root
        )
        assert done.code in (0, 1), done.err
        findings = json.loads(done.out)["findings"]
        got = {(f["path"], f["line"], f["column"], f["message"]) for f in findings}
        assert got == {k for k in expected if k[0] == rel}


# -- the pieces --------------------------------------------------------------------------------


def test_a_permalink_in_another_post_that_names_none_of_the_checked_slugs_is_found(
    tmp_path: Path,
) -> None:
    root = write_site(
        tmp_path,
        {
            "_posts/2020-01-01-new.md": "---\ntitle: New\n---\n",
            "_posts/2019-05-05-old.md": "---\npermalink: /2020/01/01/new.html\n---\n",
            "_posts/2019-05-06-older.md": "---\npermalink: /2020/01/01/new.html\n---\n",
        },
    )
    for in_git in (False, True):
        if in_git:
            git_init(root)
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", "site")
        result = check_posts(
            load_site(root), [root / "_posts/2020-01-01-new.md"], select=[RULE], jobs=1
        )
        assert [f.message for f in result.findings] == [
            "builds to /2020/01/01/new.html, as _posts/2019-05-05-old.md, "
            "_posts/2019-05-06-older.md does; Jekyll writes only one of them (change the "
            "slug, date or permalink)"
        ]


def test_a_post_moved_by_its_own_slug_onto_another_is_found(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "_posts/2020-01-01-new.md": "---\nslug: old-story\n---\n",
            "_posts/2020-01-01-old story.md": "---\ntitle: t\n---\n",
        },
    )
    result = check_posts(load_site(root), [root / "_posts/2020-01-01-new.md"], select=[RULE])
    assert len(result.findings) == 1
    assert "_posts/2020-01-01-old story.md" in result.findings[0].message


def test_posts_that_cannot_collide_are_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        f"_posts/2020-01-01-story-{i}.md": "---\ntitle: t\ndate: 2020-01-01\n---\n"
        for i in range(50)
    }
    files["_posts/2020-01-02-moved.md"] = "---\npermalink: /x/\n---\n"
    root = write_site(tmp_path, files)
    git_init(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "site")
    import bot.post

    read: list[str] = []
    real = bot.post.read_post

    def spy(site: object, path: object) -> object:
        read.append(os.path.basename(str(path)))
        return real(site, path)  # type: ignore[arg-type]

    monkeypatch.setattr(bot.post, "read_post", spy)
    check_posts(load_site(root), [root / "_posts/2020-01-01-story-7.md"], select=[RULE])
    assert sorted(read) == ["2020-01-01-story-7.md", "2020-01-02-moved.md"]


def test_the_index_listing_keeps_to_the_posts_the_walk_finds(tmp_path: Path) -> None:
    rng = random.Random(5)
    folders = ["_posts", "news/_posts", "_x/_posts", "node_modules/_posts", "a/.b/_posts",
               "_posts/.hidden", "_posts/_under", "vendor/bundle/_posts", "skip/_posts"]  # fmt: skip
    names = ["2020-01-01-a.md", "_2020-01-01-b.md", "2020-01-01-c.md~", "LICENSE", "2020-01-01-d.txt",
             "#2020-01-01-e.md", "2020-01-01-f.png", ".2020-01-01-g.md"]  # fmt: skip
    files = {"_config.yml": "exclude: [skip]\ninclude: [_x]\n"}
    for folder in folders:
        for name in rng.sample(names, 5):
            files[f"{folder}/{name}"] = "---\n---\n"
    root = write_site(tmp_path, files)
    site = load_site(root)
    walked = {site.relpath(n) for n in discover_names(site, None)}
    others = OtherPosts(site, set())
    import bot.discover

    walk = bot.discover._Walk(site)
    listed = {rel for rel in files if rel != "_config.yml" and _walk_reaches(walk, rel)}
    assert listed == walked
    assert {rel for _, rel in others.posts} == {w for w in walked if "/_posts/" in f"/{w}"}


@pytest.mark.parametrize("seed", range(2000, 2012))
def test_a_site_in_a_folder_of_its_repository(tmp_path: Path, seed: int) -> None:
    repo = git_init(tmp_path / f"repo-{seed}")
    root = write_site(repo / "blog", generate(seed))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "site")
    expected = whole(root)
    assert each(root) == expected
    assert each(root, pull_request=True) == expected


@pytest.mark.parametrize("seed", range(3000, 3012))
def test_a_partial_run_of_many_posts_compares_each_of_them(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run of many posts keeps only the last part of most URLs (`PostUrl.tail`); compared
    with posts not checked, each checked post's whole URL counts."""
    import bot.linter

    root = make(tmp_path, seed, in_git=seed % 2 == 0)
    expected = whole(root)
    monkeypatch.setattr(bot.linter, "PARALLEL_THRESHOLD", 2)
    site = load_site(root)
    got: set[Key] = set()
    folders = {Path(name).parent for name in discover_names(site, None)}
    for folder in sorted(folders):
        result = check_posts(site, [folder], select=[RULE], jobs=1)
        got |= {(f.path, f.line, f.column, f.message) for f in result.findings}
    assert got == expected


def test_in_a_work_tree_the_files_on_disk_count_not_the_commit(tmp_path: Path) -> None:
    """Before a commit (the pre-commit hook), another post may have been changed on disk or
    never added: what the disk holds is what Jekyll builds."""
    root = write_site(
        tmp_path,
        {
            "_posts/2020-01-01-new.md": "---\ntitle: New\n---\n",
            "_posts/2019-05-05-edited.md": "---\ntitle: t\n---\n",
            "_posts/2019-05-06-committed.md": "---\npermalink: /2020/01/01/new.html\n---\n",
        },
    )
    git_init(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "site")
    write_site(
        root,
        {
            "_posts/2019-05-05-edited.md": "---\npermalink: /2020/01/01/new.html\n---\n",
            "_posts/2019-05-07-untracked.md": "---\npermalink: /2020/01/01/new.html\n---\n",
            "_posts/2019-05-06-committed.md": "---\ntitle: t\n---\n",
        },
    )
    result = check_posts(load_site(root), [root / "_posts/2020-01-01-new.md"], select=[RULE])
    assert [f.message for f in result.findings] == [
        "builds to /2020/01/01/new.html, as _posts/2019-05-05-edited.md, "
        "_posts/2019-05-07-untracked.md does; Jekyll writes only one of them (change the "
        "slug, date or permalink)"
    ]
