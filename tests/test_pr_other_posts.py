"""A pull request's check finds every post that builds to a changed post's URL or holds its
id, though it reads only a few of the site's files: Git's index names the posts named like
a changed one (`bot.other_posts._IndexPosts`), and one `git grep`, started before the
changed posts are known (`bot.pr.urls.start`), names the few whose front matter may move
them. Each case here is a collision that only one of those finds, compared with the
whole-site run.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

import bot.git.search
from bot.linter import check_posts
from bot.other_posts import OtherPosts, StartedSearch, _IndexPosts, _SlugGuess, url_signature
from bot.pr import urls
from bot.site import load_site
from tests.conftest import committed, git, write_site

URL = "jekyll/duplicate-url"
ID = "jekyll/duplicate-id"
Key = tuple[str, str, str]


def findings(root: Path, checked: list[str] | None, early: bool = True) -> set[Key]:
    site = load_site(root)
    paths = None if checked is None else [root / rel for rel in checked]
    candidates = urls.start(site.root) if early and checked is not None else None
    if checked is not None and not early:
        candidates = urls.IndexedSite()
    result = check_posts(site, paths, select=[URL, ID], jobs=1, candidates=candidates)
    return {(f.path, f.rule, f.message) for f in result.findings}


def as_whole_site(root: Path, checked: str) -> set[Key]:
    return {k for k in findings(root, None) if k[0] == checked}


NEW = "_posts/2020-01-01-new.md"
CASES: dict[str, dict[str, str | bytes]] = {
    "permalink in the other post": {
        NEW: "---\ntitle: New\n---\n",
        "_posts/2019-05-05-old.md": "---\npermalink: /2020/01/01/new.html\n---\n",
    },
    "permalink in the defaults of the other post's folder": {
        "_config.yml": (
            "defaults:\n  - scope: {path: _posts/old}\n"
            "    values: {permalink: /2020/01/01/new.html}\n"
        ),
        NEW: "---\ntitle: New\n---\n",
        "_posts/old/2019-05-05-old.md": "---\ntitle: t\n---\n",
    },
    "categories from folders": {
        "_config.yml": "permalink: /:categories/:title/\n",
        "news/_posts/2020-01-01-new.md": "---\ntitle: New\n---\n",
        "_posts/2019-05-05-new.md": "---\ncategories: news\n---\n",
    },
    "slug in the other post": {
        NEW: "---\ntitle: New\n---\n",
        "_posts/2020-01-01-old.md": "---\nslug: new\n---\n",
    },
    "slug in the changed post": {
        NEW: "---\nslug: old-story\n---\n",
        "_posts/2020-01-01-old story.md": "---\ntitle: t\n---\n",
    },
    "date in front matter moving the day": {
        NEW: "---\ntitle: New\n---\n",
        "_posts/2020-01-02-new.md": "---\ndate: 2020-01-01 10:00:00 +0000\n---\n",
    },
    "a .markdown sibling": {
        NEW: "---\ntitle: New\n---\n",
        "_posts/2020-01-01-new.markdown": "---\ntitle: Also new\n---\n",
    },
    "a name that is not ASCII": {
        NEW: "---\ntitle: New\n---\n",
        "_posts/2019-05-05-café.md": "---\npermalink: /2020/01/01/new.html\n---\n",
        "_posts/2019-05-06-naïve.md": "---\ntitle: t\n---\n",
    },
    "a name with a tab": {
        NEW: "---\ntitle: New\n---\n",
        "_posts/2019-05-05-a\tb.md": "---\npermalink: /2020/01/01/new.html\n---\n",
    },
    "a permalink spelled by a YAML escape": {
        NEW: "---\ntitle: New\n---\n",
        "_posts/2019-05-05-old.md": '---\n"perma\\x6cink": /2020/01/01/new.html\n---\n',
    },
    "a post that mentions _posts in its text and collides by name": {
        NEW: "---\ntitle: New\n---\n",
        "_posts/2020-01-01-new.htm": "---\ntitle: t\n---\nSee _posts/2020-01-01-new.md.\n",
    },
    "an id the other post names": {
        NEW: "---\ntitle: New\n---\n",
        "_posts/2019-05-05-old.md": "---\nid: _posts/2020-01-01-new\n---\n",
    },
    "an id of its own the changed post names": {
        NEW: "---\nid: story-7\n---\n",
        "_posts/2019-05-05-old.md": "---\nid: story-7\n---\n",
    },
    "a path that is the changed post's id": {
        NEW: "---\nid: _posts/2019-05-05-old\n---\n",
        "_posts/2019-05-05-old.md": "---\ntitle: t\n---\n",
    },
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("folder", ["", "my+blog (2)", "site[1]"])
def test_a_pull_request_finds_what_the_whole_site_run_finds(
    tmp_path: Path, case: str, folder: str
) -> None:
    files = CASES[case]
    repo = tmp_path / "repo"
    root = repo / folder if folder else repo
    write_site(root, files)
    for n in range(30):  # posts that collide with nothing
        write_site(root, {f"_posts/2018-02-03-other-{n}.md": f"---\ntitle: {n}\n---\n"})
    committed(repo, {})
    checked = next(rel for rel in files if "new" in rel and rel.startswith(("_posts", "news")))
    expected = as_whole_site(root, checked)
    assert expected, "the case must collide"
    assert findings(root, [checked]) == expected
    assert findings(root, [checked], early=False) == expected


def test_the_search_started_early_is_the_only_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed(
        tmp_path, {**CASES["permalink in the other post"], **CASES["a .markdown sibling"]}
    )
    calls: list[list[bytes]] = []
    real = bot.git.search.grep_command

    def spy(words: list[bytes], *rest: Any) -> list[str] | None:
        # one search serves every question: duplicate URLs, ids, and the posts that may
        # need a checked HTML file as a folder (`OtherPosts.inside`)
        calls.append(words)
        return real(words, *rest)

    monkeypatch.setattr(bot.git.search, "grep_command", spy)
    got = findings(root, [NEW])
    assert {rule for _, rule, _ in got} == {URL, ID} and len(calls) == 1
    calls.clear()
    # an id of its own, without `_posts` in it: a word the early search did not look for
    write_site(root, {NEW: "---\nid: own\n---\n"})
    findings(root, [NEW])
    assert len(calls) == 2 and b"own" in calls[1]


def test_no_search_starts_for_a_hugo_site(tmp_path: Path) -> None:
    """A Hugo site's pages are not in `_posts` folders: its check searches nothing early."""
    hugo = committed(
        tmp_path / "hugo",
        {"hugo.toml": 'title = "x"\n', "content/posts/a.md": "---\ntitle: A\n---\n"},
    )
    jekyll = committed(tmp_path / "jekyll", CASES["permalink in the other post"])
    assert urls.start(hugo).search is None and urls.start(hugo).listing is None
    assert urls.start(jekyll).search is not None


def test_the_search_starts_before_the_heavy_imports() -> None:
    """What runs before Git is set to work imports none of what the rest of the check needs
    (GitPython's wrapper, YAML, pydantic, dataclasses): on a site of 50,000 posts the search
    is the longest part of the check, and each hundredth of a second before it is paid."""
    import json
    import subprocess
    import sys

    script = (
        "import json, sys, bot.cli; bot.cli.build_parser('pr'); "
        "import bot.pr.urls, bot.git.root, bot.other_posts, bot.git.search; "
        "print(json.dumps(sorted(sys.modules)))"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=root
    )
    loaded = set(json.loads(done.stdout))
    assert not loaded & {"dataclasses", "git", "bot.git.repo", "yaml", "pydantic", "bot.site"}


def test_a_search_serves_the_words_that_hold_one_of_its_words(tmp_path: Path) -> None:
    root = committed(tmp_path, {NEW: "---\n---\n"})
    write_site(root, {"_posts/2020-01-02-b.md": "---\nslug: b\n---\n"})
    search = StartedSearch(root, "", {b"_posts", b"slug"}, held=True)
    assert search.serves(root, "", {b"_posts/2020-01-01-new", b"slug"}, True)
    assert not search.serves(root, "", {b"own-id"}, True)
    assert not search.serves(root, "", {b"slug"}, False)
    assert search.serves(root, "blog", {b"slug"}, True)  # a folder in the one searched
    blog = StartedSearch(root, "blog", {b"slug"}, held=True)
    assert blog.serves(root, "blog/en", {b"slug"}, True)
    assert not blog.serves(root, "", {b"slug"}, True)
    assert not blog.serves(root, "blogs", {b"slug"}, True)
    assert search.result() == set()  # committed files only, and none holds either word
    git(root, "add", "-A")
    assert StartedSearch(root, "", {b"slug"}, held=True).result() == {"_posts/2020-01-02-b.md"}


def test_a_search_of_the_whole_repository_serves_a_site_in_a_folder(tmp_path: Path) -> None:
    """Without ``--site`` the search starts before the site is found, over every posts
    folder of the repository: a site in a folder keeps what Git names in its own, and
    finds the collision through another post's `permalink:` as a search of its own does."""
    files = {
        "blog/_config.yml": "permalink: /:year/:title/\n",
        "blog/_posts/2020-01-01-old.md": "---\npermalink: /2024/new/\n---\n",
        "blog/_posts/2024-01-01-new.md": "---\n---\n",
        "other/_posts/2020-01-01-old.md": "---\npermalink: /2024/new/\n---\n",
    }
    root = committed(tmp_path, files)
    site = load_site(root / "blog")
    whole = StartedSearch(root, "", {b"permalink"}, held=True)
    assert whole.result() == {"blog/_posts/2020-01-01-old.md", "other/_posts/2020-01-01-old.md"}
    others = OtherPosts(site, {"_posts/2024-01-01-new.md"}, from_index=True)
    others.search([b"permalink"], whole)
    assert others._search is whole
    assert others._found() == {"_posts/2020-01-01-old.md"}
    assert others.urls({"2024/new/index.html": "/2024/new/"}) == {
        "2024/new/index.html": [("_posts/2020-01-01-old.md", "/2024/new/")]
    }


SLUG_CHARS = "abcxyz019-_. !~AZ"


@pytest.mark.parametrize("seed", range(8))
def test_the_index_names_the_posts_the_one_by_one_test_chooses(tmp_path: Path, seed: int) -> None:
    """`_IndexPosts.near` (one regular expression over Git's listing) and the per-post test
    (`OtherPosts._chosen`) choose the same posts, for names of every shape."""
    rng = random.Random(seed)
    config = "permalink: /:categories/:title:output_ext\n"
    if seed % 2:  # drafts are other posts too, named without a date or with one
        config += "show_drafts: true\n"
    files: dict[str, str | bytes] = {"_config.yml": config}
    folders = ["_posts", "_posts/deep", "a/_posts", "a_posts", "_posts/_x", "_drafts", "a/_drafts"]
    for n in range(300):
        slug = "".join(rng.choice(SLUG_CHARS) for _ in range(rng.randint(0, 6)))
        folder = rng.choice(folders)
        date = rng.choice(["2020-01-01", "20-1-1", "2020-1-01", "2020-01"])
        ext = rng.choice([".md", ".markdown", ".html", "", ".", ".md.txt"])
        files[f"{folder}/{date}-{slug}{ext}"] = f"---\ntitle: {n}\n---\n"
    root = committed(tmp_path, files)
    site = load_site(root)
    others = OtherPosts(site, set(), from_index=True)
    others.search([b"never-in-any-post"])
    index = others._index
    assert index is not None and index.plain
    wanted = {f"/{rng.choice(SLUG_CHARS * 3)}{rng.choice(['ab', 'xyz9', 'c-0'])}.html"}
    wanted.add("/a/deep/ab.html")
    signatures = {url_signature(url) for url in wanted}
    guess = _SlugGuess(site)
    quick = others._chosen_quickly(signatures, guess)
    assert quick is not None
    chosen = others._chosen(signatures, guess)
    assert sorted(quick) == sorted(chosen)
    assert any("_drafts/" in rel for _, rel in chosen) == bool(seed % 2)


def test_the_listing_is_not_searched_as_one_text_when_names_are_not_plain() -> None:
    entry = b"100644 " + b"0" * 40 + b" 0\t"
    assert _IndexPosts(entry + b"_posts/2020-01-01-a.md\0", "", "/r", set()).plain
    assert not _IndexPosts(entry + "_posts/2020-01-01-é.md\0".encode(), "", "/r", set()).plain
    assert not _IndexPosts(entry + b"_posts/2020-01-01-a\tb.md\0", "", "/r", set()).plain


@pytest.mark.parametrize("seed", range(4))
def test_the_index_names_the_posts_whose_path_is_an_id(tmp_path: Path, seed: int) -> None:
    """`_IndexPosts.named_like` (found in Git's listing) names exactly the posts whose
    site-relative path is a wanted id, or one with a dot and an extension after it."""
    rng = random.Random(seed)
    files: dict[str, str | bytes] = {"_config.yml": "title: t\n"}
    stems = ["_posts/2020-01-01-a", "_posts/2020-01-01-a.b", "_posts/x/2020-01-01-a", "a/_posts/b"]
    for stem in stems:
        for ext in ["", ".md", ".md.txt", ".", ".markdown"]:
            if rng.random() < 0.6:
                files[f"blog/{stem}{ext}"] = "---\n---\n"
    root = committed(tmp_path, files)
    others = OtherPosts(load_site(root / "blog"), set(), from_index=True)
    index = others._index
    assert index is not None and index.plain
    wanted = {rng.choice(stems) + rng.choice(["", ".md", ".b"]) for _ in range(3)}
    found = index.named_like(wanted)
    assert found is not None
    expected = [
        pair for pair in index.posts() if pair[1] in wanted or pair[1].rpartition(".")[0] in wanted
    ]
    assert sorted(found) == sorted(expected)


def test_the_listing_started_early_serves_the_site_it_lists(tmp_path: Path, monkeypatch) -> None:
    """The listing `bot.pr.urls.start` starts with the search is the one the check reads
    for the site it lists; for a site in another folder, the check lists its own."""
    import bot.git

    files = {
        "blog/_config.yml": "title: t\n",
        "blog/_posts/2020-01-01-old.md": "---\n---\n",
        "blog/_posts/2024-01-01-new.md": "---\n---\n",
    }
    root = committed(tmp_path, files)
    site = load_site(root / "blog")
    listed: list[str] = []
    real = bot.git.index_listing

    def spy(top: Path, prefix: str) -> bytes | None:
        listed.append(prefix)
        return real(top, prefix)

    monkeypatch.setattr(bot.git, "index_listing", spy)
    started = urls.start(root / "blog")
    assert started.listing is not None
    others = OtherPosts(site, set(), from_index=True, listing=started.listing)
    assert [rel for _, rel in others.posts] == [
        "_posts/2020-01-01-old.md",
        "_posts/2024-01-01-new.md",
    ]
    assert listed == []
    elsewhere = urls.start(root)  # the repository's top: not the site's folder
    others = OtherPosts(site, set(), from_index=True, listing=elsewhere.listing)
    assert len(others.posts) == 2 and listed == ["blog"]


@pytest.mark.parametrize(
    "entries",
    [
        [],
        ["100644 ab 0\t_posts/a.md"],
        ["100644 ab 0\t_posts/a.md", "100755 cd 0\tb"],
        ["100644 ab 0\t_posts/a.md", "120000 cd 0\tlink"],  # a link
        ["160000 ab 0\tsub"],  # a submodule
        ["100644 ab 1\tc", "100644 cd 2\tc"],  # a conflict
        ["100644 ab 0\ta\tb 0\tc"],  # tabs in a name
        ["100644 ab 1\ta 0\tb"],  # a conflict whose name looks like a stage
        ["100644 ab 0\tx", "100644 cd 3\ty 0\t"],
    ],
)
def test_a_listing_is_plain_as_the_pattern_says(entries: list[str]) -> None:
    """`bot.git.search._all_plain` counts what `_NOT_PLAIN` searches for, with the same
    verdict on every listing, names holding tabs too."""
    from bot.git.search import _NOT_PLAIN, _all_plain

    raw = "".join(f"{entry}\0" for entry in entries).encode()
    assert _all_plain(raw) == (_NOT_PLAIN.search(b"\0" + raw) is None)


def test_a_search_that_never_answers_ends_without_an_answer(tmp_path: Path, monkeypatch) -> None:
    """A git that hangs (a disk that never answers) is ended when the time for a git that
    only reads the clone runs out: no answer (the check asks again), and no git left."""
    import os
    import time

    import bot.git.policy
    from bot.git.search import start_search

    hung = tmp_path / "git"
    hung.write_text(f"#!/bin/sh\necho $$ > {tmp_path}/pid\nexec sleep 60\n")
    hung.chmod(0o755)
    monkeypatch.setenv("GIT_PYTHON_GIT_EXECUTABLE", str(hung))
    monkeypatch.setattr(bot.git.policy, "LOCAL_TIMEOUT", 0.5)
    began = time.monotonic()
    assert start_search(tmp_path, [b"slug"], "", held=True)() is None
    assert time.monotonic() - began < 20
    pid = int((tmp_path / "pid").read_text())
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
