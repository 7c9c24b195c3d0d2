"""`jekyll/duplicate-id`: two posts with one publish id (their front-matter `id`, else their
path without the extension) are each reported, naming the other, in whole-site runs and in
partial ones (named files, `--changed-since`, the candidates a pull request gives), where
the other post is not checked."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.linter import check_posts
from bot.post import read_post
from bot.rules.jekyll import duplicate_ids
from bot.site import load_site
from bot.site_index import PostId, id_of
from tests.conftest import Run, git, git_init, write_site

RULE = "jekyll/duplicate-id"


def post(extra: str = "") -> str:
    return f"---\ntitle: t\n{extra}---\n\nText.\n"


def found(
    root: Path, paths: list[Path] | None = None, **kwargs: object
) -> list[tuple[str, int, int, str]]:
    result = check_posts(load_site(root), paths, select=[RULE], jobs=1, **kwargs)  # type: ignore[arg-type]
    return [(f.path, f.line, f.column, f.message) for f in result.findings]


def test_two_posts_with_one_id_each_name_the_other(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "_posts/2024-01-01-a.md": post("id: story-1\n"),
            "_posts/2024-01-02-b.md": post("id: story-1\n"),
            "_posts/2024-01-03-c.md": post("id: story-2\n"),
        },
    )
    assert found(root) == [
        (
            "_posts/2024-01-01-a.md",
            3,
            1,
            'id "story-1" is also the id of _posts/2024-01-02-b.md, so publishing would '
            "replace one with the other; give each post its own id",
        ),
        (
            "_posts/2024-01-02-b.md",
            3,
            1,
            'id "story-1" is also the id of _posts/2024-01-01-a.md, so publishing would '
            "replace one with the other; give each post its own id",
        ),
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("id: 5\n", "id: '5'\n"),  # a number and its text: one id for publish
        ("id: 0x10\n", "id: 16\n"),
        ('"id": "x"\n', "id: x\n"),
        ("id: !!str 7\n", "id: 7\n"),
    ],
)
def test_spellings_of_one_id(tmp_path: Path, first: str, second: str) -> None:
    root = write_site(
        tmp_path,
        {"_posts/2024-01-01-a.md": post(first), "_posts/2024-01-02-b.md": post(second)},
    )
    assert [f[0] for f in found(root)] == ["_posts/2024-01-01-a.md", "_posts/2024-01-02-b.md"]


def test_a_path_id_collides_too(tmp_path: Path) -> None:
    """Without `id`, the id is the path without its extension: two extensions of one name,
    or an `id` that names another post's path, are one id."""
    root = write_site(
        tmp_path,
        {
            "_posts/2024-01-01-twin.md": post(),
            "_posts/2024-01-01-twin.markdown": post(),
            "_posts/2024-01-02-a.md": post(),
            "_posts/2024-01-03-b.md": post("id: _posts/2024-01-02-a\n"),
        },
    )
    got = found(root)
    assert [(p, line) for p, line, _, _ in got] == [
        ("_posts/2024-01-01-twin.markdown", 1),
        ("_posts/2024-01-01-twin.md", 1),
        ("_posts/2024-01-02-a.md", 1),
        ("_posts/2024-01-03-b.md", 3),
    ]
    assert "its path without the extension" in got[0][3]
    assert "_posts/2024-01-01-twin.md" in got[0][3]


def test_not_duplicates(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "_posts/2024-01-01-a.md": post("id: one\n"),
            "_posts/2024-01-02-b.md": post("id: ''\n"),  # empty: the path is the id
            "_posts/2024-01-03-c.md": post("id: ~\n"),
            "_posts/2024-01-04-d.md": post("title2: one\n"),
            "_drafts/e.md": post("id: one\n"),  # drafts are never published
            "_posts/2024-01-05-f.md": post("id: One\n"),
        },
    )
    assert found(root) == []


def test_partial_runs_compare_with_the_posts_not_checked(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "_posts/2024-01-01-a.md": post("id: story-1\n"),
            "_posts/2024-01-02-b.md": post("id: story-1\n"),
            "_posts/2024-01-03-c.md": post("id: story-3\n"),
        },
    )
    got = found(root, [root / "_posts/2024-01-01-a.md"])
    assert [(p, line) for p, line, _, _ in got] == [("_posts/2024-01-01-a.md", 3)]
    assert "_posts/2024-01-02-b.md" in got[0][3]
    # The candidates a pull request passes are for URLs; ids are compared with every post.
    got = found(root, [root / "_posts/2024-01-01-a.md"], candidates=lambda: [])
    assert [p for p, _, _, _ in got] == ["_posts/2024-01-01-a.md"]
    assert found(root, [root / "_posts/2024-01-03-c.md"]) == []


# How an unchecked post may write the id of the checked one (`id: story-1`), or hold it
# without writing it: each must be found, none of the near misses.
OTHERS = [
    ("id: story-1\n", True),
    ('"id": story-1\n', True),
    ("'id' : 'story-1'\n", True),
    ('id: "st\\x6fry-1"\n', True),  # an escape
    ("id: !!binary c3RvcnktMQ==\n", True),  # base64 of the text
    ("x: &a story-1\nid: *a\n", True),  # an alias
    ("base: &b {id: story-1}\n<<: *b\n", True),  # a merge key
    ("id: |-\n  story-1\n", True),
    ("? id\n: story-1\n", True),
    ("id: story-1 \n", True),
    ("id: story-10\n", False),
    ("id: 'story-1 '\n", False),
    ("slug: story-1\n", False),
    ("idea: story-1\n", False),
    ("id: story-2\ntitle2: story-1\n", False),
]


@pytest.mark.parametrize(("other", "duplicate"), OTHERS)
def test_partial_run_reads_every_spelling_of_the_other_id(
    tmp_path: Path, other: str, duplicate: bool
) -> None:
    root = write_site(
        tmp_path,
        {
            "_posts/2024-01-01-a.md": post("id: story-1\n"),
            "_posts/2024-01-02-b.md": post(other),
        },
    )
    got = found(root, [root / "_posts/2024-01-01-a.md"])
    assert bool(got) is duplicate, got


@pytest.mark.parametrize(
    ("mine", "other"),
    [
        ("id: 16\n", "id: 0x10\n"),
        ("id: 1000\n", "id: 1_000\n"),
        ("id: 'True'\n", "id: yes\n"),
        ("id: 2024-01-01\n", "id: !!timestamp 2024-1-1\n"),
        ("id: _posts/2024-01-02-b\n", "title: x\n"),  # the other's path is the id
        ("", "id: _posts/2024-01-01-a\n"),  # the other names this post's path
        ("id: 'a b'\n", "id: a\n  b\n"),  # a plain scalar folded over two lines
    ],
)
def test_partial_run_reads_ids_that_are_not_text_as_written(
    tmp_path: Path, mine: str, other: str
) -> None:
    root = write_site(
        tmp_path,
        {"_posts/2024-01-01-a.md": post(mine), "_posts/2024-01-02-b.md": post(other)},
    )
    assert [p for p, _, _, _ in found(root, [root / "_posts/2024-01-01-a.md"])] == [
        "_posts/2024-01-01-a.md"
    ]


def test_partial_run_with_an_unusual_other_file(tmp_path: Path) -> None:
    """Other posts without front matter, with a BOM, not UTF-8, or with front matter longer
    than the first read."""
    big = "".join(f"k{i}: v\n" for i in range(20_000))
    root = write_site(
        tmp_path,
        {
            "_posts/2024-01-01-a.md": post("id: story-1\n"),
            "_posts/2024-01-02-b.md": "no front matter id: story-1\n",
            "_posts/2024-01-03-c.md": "\ufeff" + post("id: story-1\n"),
            "_posts/2024-01-04-d.md": post(big + "id: story-1\n"),
            "_posts/2024-01-05-e.md": b"---\ntitle: caf\xe9\nid: story-1\n---\n",
            "_posts/2024-01-06-f.md": post("id: [story-1]\n"),
        },
    )
    got = found(root, [root / "_posts/2024-01-01-a.md"])
    assert len(got) == 1
    named = got[0][3]
    assert "2024-01-03-c.md, _posts/2024-01-04-d.md, _posts/2024-01-05-e.md" in named
    assert "b.md" not in named and "f.md" not in named


def test_cli_in_a_pre_commit_run_and_changed_since(tmp_path: Path, cli: Callable[..., Run]) -> None:
    root = git_init(tmp_path / "site")
    write_site(
        root,
        {
            "_config.yml": "title: t\n",
            "_posts/2024-01-01-a.md": post("id: story-1\n"),
            "_posts/2024-01-02-b.md": post("id: story-2\n"),
        },
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "posts")
    (root / "_posts/2024-01-02-b.md").write_text(post("id: story-1\n"), encoding="utf-8")
    run = cli("check", "--format", "json", root / "_posts/2024-01-02-b.md")
    assert run.code == 1, run
    rules = [(f["path"], f["rule"]) for f in json.loads(run.out)["findings"]]
    assert rules == [("_posts/2024-01-02-b.md", RULE)]
    run = cli("check", "--format", "json", "--changed-since", "HEAD", "--site", root)
    assert run.code == 1, run
    assert [(f["path"], f["rule"]) for f in json.loads(run.out)["findings"]] == rules


def test_selection_and_severity(tmp_path: Path, cli: Callable[..., Run]) -> None:
    files = {
        "_posts/2024-01-01-a.md": post("id: story-1\n"),
        "_posts/2024-01-02-b.md": post("id: story-1\n"),
    }
    root = write_site(tmp_path / "one", files)
    run = cli("check", "--ignore", RULE, root)
    assert RULE not in run.out and run.code == 0, run
    root = write_site(
        tmp_path / "two", {**files, ".pressbot.yml": f"rules:\n  severity:\n    {RULE}: warning\n"}
    )
    run = cli("check", "--format", "json", root)
    assert run.code == 0, run
    assert {f["severity"] for f in json.loads(run.out)["findings"] if f["rule"] == RULE} == {
        "warning"
    }


def test_duplicate_ids_for_publish(tmp_path: Path) -> None:
    """What publish can call with the posts it read (no site walk)."""
    root = write_site(
        tmp_path,
        {"_posts/2024-01-01-a.md": post("id: 9\n"), "_posts/2024-01-02-b.md": post("id: '9'\n")},
    )
    site = load_site(root)
    records = [id_of(read_post(site, p)) for p in sorted(root.glob("_posts/*"))]
    assert records == [
        PostId("_posts/2024-01-01-a.md", "9", 3, 1, True),
        PostId("_posts/2024-01-02-b.md", "9", 3, 1, True),
    ]
    assert [f.path for f in duplicate_ids(records)] == [r.path for r in records if r]
    assert [f.rule for f in duplicate_ids(records)] == [RULE, RULE]
    known = [PostId("_posts/2020-01-01-old.md", "9")]
    assert len(duplicate_ids(records[:1], known)) == 1
    assert duplicate_ids(records[:1]) == []
