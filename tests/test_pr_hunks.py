"""Which lines a suggestion may be placed on: the new side of the diff's hunks, exactly.

`bot.git.parse_hunks` reads a whole `git diff` (file headers included); `bot.pr.hunks` reads one
file's `patch` from GitHub's PR files API. Both are held to the same table, and the bounds are
tested end to end against the fake GitHub, which refuses a review comment outside a hunk as
GitHub does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.git import parse_hunks, pr_diff
from bot.pr import review
from bot.pr.hunks import new_side_ranges
from tests.test_pr_support import (
    REPO,
    FakeGitHub,
    Runner,
    SiteRepo,
    bot_comment,
    post,
)

# (patch of one file, the new-side ranges)
PATCHES = [
    ("@@ -1,0 +1 @@\n+one line added at the top", [(1, 1)]),
    ("@@ -0,0 +1,3 @@\n+a\n+b\n+c", [(1, 3)]),  # a new file
    ("@@ -1,3 +0,0 @@\n-a\n-b\n-c", []),  # a deleted file
    ("@@ -5,2 +4,0 @@\n-gone\n-gone too", []),  # only deletions: nothing to comment on
    ("@@ -10 +10 @@\n-old\n+new", [(10, 10)]),
    ("@@ -3,2 +3,3 @@ ## A heading as context\n x\n+y\n x", [(3, 5)]),
    (
        "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n\\ No newline at end of file",
        [(1, 2)],
    ),
    (
        "@@ -2,6 +2,7 @@\n a\n b\n c\n+d\n e\n f\n g\n@@ -40,6 +41,7 @@\n h\n i\n j\n+k\n l\n m\n n",
        [(2, 8), (41, 47)],
    ),
    ("@@ -1,2 +1,2 @@\n-x\n+@@ -1 +1,400 @@\n a", [(1, 2)]),  # an added line that looks like one
]

# Post content that looks like diff syntax: a content line is never a header.
TRICKY = [
    ("@@ -1,2 +1,3 @@\n a\n+++ b/_posts/other.md\n b\n@@ -9 +10 @@\n-x\n+y", [(1, 3), (10, 10)]),
    ("@@ -1 +1,2 @@\n-a\n+b\u2028@@ -1 +1,400 @@\n+c", [(1, 2)]),
    # every other place `str.splitlines` breaks a line; git and GitHub break on "\n" alone
    *[
        (f"@@ -1 +1,2 @@\n-a\n+b{sep}@@ -1 +1,400 @@\n+c", [(1, 2)])
        for sep in ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2029")
    ],
    ("@@ -1 +1,2 @@\n-a\n+++ x\n+@@ -1 +1,400 @@", [(1, 2)]),  # post lines "++ x", "@@ ..."
    ("@@ -1,2 +1,2 @@\n---- x\n+++++ y\n a", [(1, 2)]),  # post lines "--- x", "++++ y" changed
    # post lines that start with a backslash, added and as context: lines of both counts
    ("@@ -1,2 +1,3 @@\n a\n+\\ No newline at end of file\n \\ b", [(1, 3)]),
    ("@@ -1,2 +1,2 @@\n \\\n-x\n+y\n\\ No newline at end of file", [(1, 2)]),
    # a count that lies: the header's claim stands, the lines after it are not headers
    ("@@ -1 +1 @@\n-a\n+b\n+@@ -5 +5,400 @@\n+c", [(1, 1)]),
    ("@@ -1 +1,5 @@\n-a\n+b\n@@ -9 +9 @@\n-x\n+y", [(1, 5)]),
]


@pytest.mark.parametrize(("patch", "ranges"), PATCHES + TRICKY)
def test_one_file_patch(patch: str, ranges: list[tuple[int, int]]) -> None:
    assert new_side_ranges(patch) == ranges


@pytest.mark.parametrize(("patch", "ranges"), PATCHES)
def test_git_diff_parser_agrees(patch: str, ranges: list[tuple[int, int]]) -> None:
    headed = f"diff --git a/p.md b/p.md\n--- a/p.md\n+++ b/p.md\n{patch}\n"
    assert parse_hunks(headed).get("p.md", []) == ranges
    assert parse_hunks(patch).get("", []) == ranges  # the API's form: no headers


@pytest.mark.parametrize(("patch", "ranges"), TRICKY)
def test_git_diff_parser_on_content_that_looks_like_diff_syntax(
    patch: str, ranges: list[tuple[int, int]]
) -> None:
    assert parse_hunks(patch).get("", []) == ranges


@pytest.mark.parametrize(("patch", "ranges"), TRICKY)
def test_content_that_looks_like_diff_syntax_between_two_files(
    patch: str, ranges: list[tuple[int, int]]
) -> None:
    """In a whole `git diff`, a content line neither renames the file nor adds a hunk, and the
    next file's header is read where it stands."""
    diff = "\n".join(
        [
            "diff --git a/_posts/p.md b/_posts/p.md",
            "--- a/_posts/p.md",
            "+++ b/_posts/p.md",
            patch,
            "diff --git a/_posts/q.md b/_posts/q.md",
            "--- a/_posts/q.md",
            "+++ b/_posts/q.md",
            "@@ -7 +7 @@",
            "-x",
            "+y",
        ]
    )
    assert parse_hunks(diff) == {"_posts/p.md": ranges, "_posts/q.md": [(7, 7)]}


def test_renamed_deleted_and_quoted_files_in_a_git_diff() -> None:
    diff = "\n".join(
        [
            ":100644 100644 1111111 2222222 R090\t_posts/old.md\t_posts/new.md",
            "diff --git a/_posts/old.md b/_posts/new.md",
            "similarity index 90%",
            "rename from _posts/old.md",
            "rename to _posts/new.md",
            "--- a/_posts/old.md",
            "+++ b/_posts/new.md",
            "@@ -4,3 +4,4 @@",
            " a",
            "+b",
            " c",
            " d",
            "diff --git a/_posts/gone.md b/_posts/gone.md",
            "deleted file mode 100644",
            "--- a/_posts/gone.md",
            "+++ /dev/null",
            "@@ -1,2 +0,0 @@",
            "-x",
            "-y",
            'diff --git "a/_posts/caf\\303\\251.md" "b/_posts/caf\\303\\251.md"',
            '--- "a/_posts/caf\\303\\251.md"',
            '+++ "b/_posts/caf\\303\\251.md"',
            "@@ -1 +1 @@",
            "-x",
            "+y",
        ]
    )
    found = parse_hunks(diff)
    assert found == {"_posts/new.md": [(4, 7)], "_posts/café.md": [(1, 1)]}


def test_a_real_rename_with_an_edit_keeps_its_hunks(tmp_path: Path) -> None:
    lines = [f"Line {i}." for i in range(1, 31)]
    site = SiteRepo.create(
        tmp_path / "repo", {"_posts/2024-01-02-old.md": post("T", "\n".join(lines))}
    )
    edited = list(lines)
    edited[19] = "Line 20, edited."
    site.commit(
        {"_posts/2024-01-02-old.md": None, "_posts/2024-01-02-new.md": post("T", "\n".join(edited))}
    )
    found = pr_diff(site.root, site.base, site.head())
    assert found is not None
    paths, hunks, gone = found
    assert paths == ["_posts/2024-01-02-new.md"]
    assert gone == ["_posts/2024-01-02-old.md"]
    # file line 25 (post line 20 after 5 lines of front matter), 3 lines of context each side
    assert hunks == {"_posts/2024-01-02-new.md": [(22, 28)]}


# -- the bounds, end to end: first and last line of a hunk inline, one line out not ---------------

PATH = "_posts/2024-01-02-hello.md"
BASE = [f"Line {i} of the post." for i in range(1, 41)]


def text(lines: list[str]) -> str:
    return post("Hello", "\n".join(lines))


def suggestion(line: int, end: int | None = None) -> review.SuggestionData:
    return review.SuggestionData(
        path=PATH,
        start_line=line,
        end_line=end or line,
        new_text=f"fixed {line}",
        rule="encoding/mojibake",
        message=f"repair line {line}",
        fingerprint=review.fingerprint(PATH, "encoding/mojibake", str(line), "new"),
    )


@pytest.fixture
def runner(fake: FakeGitHub, tmp_path: Path) -> Runner:
    site = SiteRepo.create(tmp_path / "repo", {PATH: text(BASE)})
    return Runner(fake, site, tmp_path)


def test_first_and_last_line_of_a_git_hunk_inline_the_next_ones_not(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    """The check itself (hunks from Git): mojibake on unchanged lines 21, 22, 28 and 29 of the
    file, and a change on line 25, whose hunk (3 lines of context) is lines 22..28."""
    lines = list(BASE)
    for i in (16, 17, 23, 24):  # post lines; the front matter takes the file's first 5
        lines[i - 1] = f"Line {i} isnâ€™t right."
    site = SiteRepo.create(tmp_path / "repo", {PATH: text(lines)})
    runner = Runner(fake, site, tmp_path)
    lines[19] = "Line 20 was changed."
    site.commit({PATH: text(lines)})
    pr = runner.open_pr()
    found = pr_diff(site.root, pr.base_sha, pr.head_sha)
    assert found is not None and found[1][PATH] == [(22, 28)]
    runner.run(pr)
    [rv] = [e for e in fake.log if e.path.endswith("/reviews")]
    assert sorted(c["line"] for c in rv.body["comments"]) == [22, 28]
    assert len(fake.reviews[(REPO, 7)]) == 1  # GitHub (the fake) took the review as it was
    body = bot_comment(fake)["body"]
    assert "Line 16 isn’t right." in body and "Line 24 isn’t right." in body
    assert "Line 17 isn’t right." not in body and "Line 23 isn’t right." not in body


def test_first_and_last_line_of_an_api_hunk_inline_the_next_ones_not(
    runner: Runner, fake: FakeGitHub
) -> None:
    """The posting job (hunks from the PR files API), with suggestions at each bound."""
    import json

    changed = list(BASE)
    changed[19] = "Line 20 was changed."  # file line 25: the hunk is lines 22..28
    runner.site.commit({PATH: text(changed)})
    pr = runner.open_pr(fork=True)
    [f] = pr.files
    assert new_side_ranges(f["patch"]) == [(22, 28)]
    path = runner.tmp / "r.json"
    runner.run(pr, "--results", str(path), token=None)
    data = json.loads(path.read_text())
    cases = [suggestion(22), suggestion(28), suggestion(21), suggestion(29), suggestion(22, 28)]
    cases += [suggestion(21, 22), suggestion(28, 29)]
    data["suggestions"] = [s.model_dump() for s in cases]
    data["findings"] = [
        {"path": PATH, "line": s.start_line, "rule": s.rule, "severity": "error", "message": "x"}
        for s in cases
    ]
    path.write_text(json.dumps(data))
    assert runner.post(pr, path).code == 0
    [rv] = [e for e in fake.log if e.path.endswith("/reviews")]
    inline = sorted((c.get("start_line", c["line"]), c["line"]) for c in rv.body["comments"])
    assert inline == [(22, 22), (22, 28), (28, 28)]
    assert len(fake.reviews[(REPO, 7)]) == 1
    body = bot_comment(fake)["body"]
    for outside in ("fixed 21", "fixed 29"):
        assert outside in body
