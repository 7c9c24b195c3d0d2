"""`bot.git.pr_diff` and `parse_hunks` on real `git diff` output: file names exactly as the
repository has them, whatever they contain, and hunks as GitHub shows them, whatever the
repository's or the user's Git configuration says.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from bot.git import parse_hunks, pr_diff
from tests.test_pr_support import REPO, FakeGitHub, PullRequest, Runner, SiteRepo, git, post

LINES = [f"Line {i}." for i in range(1, 41)]


def body(changed: dict[int, str] | None = None) -> str:
    lines = list(LINES)
    for i, text in (changed or {}).items():
        lines[i - 1] = text
    return post("T", "\n".join(lines))


# -- names in the headers ----------------------------------------------------------------------


def test_a_name_with_a_space_ends_before_the_tab_git_adds() -> None:
    diff = "\n".join(
        [
            "diff --git a/_posts/a b.md b/_posts/a b.md",
            "--- a/_posts/a b.md\t",
            "+++ b/_posts/a b.md\t",
            "@@ -1 +1 @@",
            "-x",
            "+y",
            'diff --git "a/_posts/q \\"u\\".md" "b/_posts/q \\"u\\".md"',
            '--- "a/_posts/q \\"u\\".md"\t',
            '+++ "b/_posts/q \\"u\\".md"\t',
            "@@ -3 +3 @@",
            "-x",
            "+y",
        ]
    )
    assert parse_hunks(diff) == {"_posts/a b.md": [(1, 1)], '_posts/q "u".md': [(3, 3)]}


def test_new_deleted_binary_and_renamed_files_without_hunks() -> None:
    diff = "\n".join(
        [
            "diff --git a/_posts/new.md b/_posts/new.md",
            "new file mode 100644",
            "--- /dev/null",
            "+++ b/_posts/new.md",
            "@@ -0,0 +1,2 @@",
            "+a",
            "+b",
            "diff --git a/_posts/gone.md b/_posts/gone.md",
            "deleted file mode 100644",
            "--- a/_posts/gone.md",
            "+++ /dev/null",
            "@@ -1 +0,0 @@",
            "-x",
            "diff --git a/img/p.png b/img/p.png",
            "Binary files a/img/p.png and b/img/p.png differ",
            "diff --git a/_posts/old.md b/_posts/moved.md",
            "similarity index 100%",
            "rename from _posts/old.md",
            "rename to _posts/moved.md",
            "diff --git a/_posts/mode.md b/_posts/mode.md",
            "old mode 100644",
            "new mode 100755",
        ]
    )
    assert parse_hunks(diff) == {"_posts/new.md": [(1, 2)]}


def test_hunks_are_never_given_to_the_file_before_one_without_headers() -> None:
    """A binary file has no ``+++`` line: a hunk after its ``diff`` line is not the previous
    file's."""
    diff = "\n".join(
        [
            "diff --git a/_posts/a.md b/_posts/a.md",
            "--- a/_posts/a.md",
            "+++ b/_posts/a.md",
            "@@ -1 +1 @@",
            "-x",
            "+y",
            "diff --git a/img/p.png b/img/p.png",
            "Binary files a/img/p.png and b/img/p.png differ",
            "@@ -1 +1,400 @@",
            "+z",
        ]
    )
    assert parse_hunks(diff) == {"_posts/a.md": [(1, 1)]}


NAMES = [
    "_posts/2024-01-02-a b.md",  # a space: git ends the header with a tab
    "_posts/2024-01-02-café.md",  # quoted in octal unless core.quotePath is false
    '_posts/2024-01-02-"q".md',
    "_posts/2024-01-02-back\\slash.md",
    "_posts/2024-01-02-tab\there.md",
    "_posts/2024-01-02-new\nline.md",
    '_posts/2024-01-02-caf\u00e9 \t"x".md',  # quoted, with raw UTF-8 inside the quotes
    "_posts/2024-01-02-b/+++ b/x.md",
]


@pytest.fixture
def named(tmp_path: Path) -> SiteRepo:
    site = SiteRepo.create(tmp_path / "repo", {n: body() for n in NAMES})
    site.commit({n: body({20: f"Line 20 of {n!r}, edited."}) for n in NAMES})
    return site


def test_every_name_gets_its_hunks(named: SiteRepo) -> None:
    found = pr_diff(named.root, named.base, named.head())
    assert found is not None
    paths, hunks, gone = found
    assert sorted(paths) == sorted(NAMES)
    assert hunks == {n: [(22, 28)] for n in NAMES}
    assert gone == []


def test_removed_and_renamed_names_are_gone(named: SiteRepo) -> None:
    """A pull request's removed files and the old names of its renamed ones, odd names
    included, are named as gone: neither is among the changed paths, nor has hunks."""
    removed, renamed = NAMES[::2], NAMES[1::2]
    for name in removed:
        git(named.root, "rm", "-q", "--", name)
    for name in renamed:
        git(named.root, "mv", "--", name, name.removesuffix(".md") + " moved.md")
    git(named.root, "commit", "-q", "-m", "remove and rename")
    found = pr_diff(named.root, named.base, named.head())
    assert found is not None
    assert sorted(found.gone) == sorted(NAMES)
    moved = sorted(n.removesuffix(".md") + " moved.md" for n in renamed)
    assert sorted(found.paths) == moved
    assert set(found.hunks) == set(moved)


def test_a_name_that_is_not_utf8(tmp_path: Path) -> None:
    """The name comes back as Python reads it from the disk (``os.fsdecode``)."""
    site = SiteRepo.create(tmp_path / "repo", {})
    raw = b"_posts/2024-01-02-caf\xe9 x.md"
    (site.root / "_posts").mkdir()
    for text in (body(), body({20: "Edited."})):
        (site.root / os.fsdecode(raw)).write_text(text, encoding="utf-8")
        git(site.root, "add", "-A", "_posts")
        git(site.root, "commit", "-q", "-m", "c")
    found = pr_diff(site.root, site.base, site.head())
    assert found is not None
    assert found == ([os.fsdecode(raw)], {os.fsdecode(raw): [(1, 45)]}, [])


# -- what the configuration cannot change ------------------------------------------------------


@pytest.fixture
def edited(tmp_path: Path) -> SiteRepo:
    """Lines 10 and 18 of the post (file lines 15 and 23) changed: two hunks, 7 lines apart."""
    site = SiteRepo.create(tmp_path / "repo", {"_posts/2024-01-02-p.md": body()})
    site.commit({"_posts/2024-01-02-p.md": body({10: "Ten, edited.", 18: "Eighteen, edited."})})
    return site


EXPECTED = {"_posts/2024-01-02-p.md": [(12, 18), (20, 26)]}


def hunks_of(site: SiteRepo) -> dict[str, list[tuple[int, int]]]:
    found = pr_diff(site.root, site.base, site.head())
    assert found is not None
    return found[1]


def test_the_hunks_as_github_shows_them(edited: SiteRepo) -> None:
    assert hunks_of(edited) == EXPECTED


@pytest.mark.parametrize(
    "setting",
    [
        ("diff.noprefix", "true"),  # "+++ _posts/..." instead of "+++ b/_posts/..."
        ("diff.mnemonicPrefix", "true"),
        ("diff.interHunkContext", "10"),  # joins the two hunks into one
        ("diff.context", "10"),
        ("diff.suppressBlankEmpty", "true"),
        ("color.ui", "always"),
        ("color.diff", "always"),
        ("core.quotePath", "true"),
        ("diff.relative", "true"),
    ],
)
def test_settings_do_not_change_the_hunks(edited: SiteRepo, setting: tuple[str, str]) -> None:
    git(edited.root, "config", *setting)
    assert hunks_of(edited) == EXPECTED


def test_a_b_folder_under_noprefix_is_not_taken_for_the_prefix(tmp_path: Path) -> None:
    site = SiteRepo.create(tmp_path / "repo", {"b/_posts/2024-01-02-p.md": body()})
    site.commit({"b/_posts/2024-01-02-p.md": body({20: "Edited."})})
    git(site.root, "config", "diff.noprefix", "true")
    assert hunks_of(site) == {"b/_posts/2024-01-02-p.md": [(22, 28)]}


def test_a_blank_line_changed_under_suppress_blank_empty(tmp_path: Path) -> None:
    """With diff.suppressBlankEmpty an empty context line is written as an empty line: it is
    still a line of both sides."""
    lines = {i: "" for i in range(12, 20)}
    site = SiteRepo.create(tmp_path / "repo", {"_posts/2024-01-02-p.md": body(lines)})
    site.commit({"_posts/2024-01-02-p.md": body({**lines, 15: "Edited."})})
    git(site.root, "config", "diff.suppressBlankEmpty", "true")
    assert hunks_of(site) == {"_posts/2024-01-02-p.md": [(17, 23)]}


def test_a_textconv_driver_is_not_run(edited: SiteRepo, tmp_path: Path) -> None:
    """A contributor's .gitattributes can name a diff driver; the output of its textconv (here
    a hundred lines added on top) is not what GitHub shows."""
    marker = tmp_path / "ran"
    script = tmp_path / "conv.sh"
    script.write_text(f'#!/bin/sh\ntouch "{marker}"\nseq 100\ncat "$1"\n', encoding="utf-8")
    script.chmod(0o755)
    git(edited.root, "config", "diff.shift.textconv", str(script))
    (edited.root / ".git" / "info" / "attributes").write_text("*.md diff=shift\n")
    assert hunks_of(edited) == EXPECTED
    assert not marker.exists()


def test_an_external_diff_is_not_run(edited: SiteRepo, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    script = tmp_path / "ext.sh"
    script.write_text(f'#!/bin/sh\ntouch "{marker}"\n', encoding="utf-8")
    script.chmod(0o755)
    git(edited.root, "config", "diff.external", str(script))
    assert hunks_of(edited) == EXPECTED
    assert not marker.exists()


def test_renames_are_found_when_the_configuration_turns_them_off(tmp_path: Path) -> None:
    """GitHub shows a renamed post's edits as hunks, not the whole file as added."""
    site = SiteRepo.create(tmp_path / "repo", {"_posts/2024-01-02-old.md": body()})
    site.commit(
        {"_posts/2024-01-02-old.md": None, "_posts/2024-01-02-new.md": body({20: "Edited."})}
    )
    git(site.root, "config", "diff.renames", "false")
    assert hunks_of(site) == {"_posts/2024-01-02-new.md": [(22, 28)]}


def test_post_lines_that_look_like_headers_in_a_real_diff(tmp_path: Path) -> None:
    """Added post lines ``++ b/x``, ``@@ -1 +1,400 @@`` after a U+2028, ``diff --git``: none of
    them is read as a header."""
    tricky = {
        20: "++ b/_posts/other.md",
        21: "x\u2028@@ -1 +1,400 @@",
        22: "diff --git a/x b/x",
        23: "\\ No newline at end of file",
        38: "Edited.",
    }
    site = SiteRepo.create(tmp_path / "repo", {"_posts/2024-01-02-p.md": body()})
    site.commit({"_posts/2024-01-02-p.md": body(tricky), "_posts/2024-01-03-q.md": body()})
    assert hunks_of(site) == {
        "_posts/2024-01-02-p.md": [(22, 31), (40, 45)],
        "_posts/2024-01-03-q.md": [(1, 45)],
    }


def test_git_itself_agrees_on_the_name_of_every_file(named: SiteRepo) -> None:
    """The names are the ones `git ls-files -z` gives: nothing decoded by guesswork."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "_posts"], cwd=named.root, check=True, capture_output=True
    ).stdout
    found = pr_diff(named.root, named.base, named.head())
    assert found is not None
    assert sorted(found[0]) == sorted(os.fsdecode(n) for n in listed.split(b"\0") if n)


# (setting, old body, new body): where the setting moves the hunks of Git's default diff
LAYOUTS = [
    (
        ("diff.algorithm", "histogram"),
        "y\n\n}\n{\ny\nx\nz\nz\ny\n\nx",
        "y\n\n}\n{\ny\nx\n\nx\nz\n{\nz\n\nx",
    ),
    (
        ("diff.algorithm", "patience"),
        "{\n\ny\ny\ny\nx\n\n{\n{\n{\n{\n{\n{\n}\n}\n{",
        "\n\ny\ny\ny\ny\nx\n\n{\n{\n{\n{\ny\n{\n{\n}\n}\n{",
    ),
    (
        ("diff.indentHeuristic", "false"),
        "z\n{\ny\n{\n{\ny\n}\nx\n}\n\n{\n{\ny\n{\n}\n}\n",
        "y\nz\n{\ny\n{\n{\ny\n}\nx\n}\n\n{\ny\n{\n}\n}\n",
    ),
]


@pytest.mark.parametrize(("setting", "old", "new"), LAYOUTS)
def test_the_diff_algorithm_is_gits_default_whatever_the_setting(
    tmp_path: Path, setting: tuple[str, str], old: str, new: str
) -> None:
    """GitHub's hunks are those of Git's default algorithm (Myers, with the indent heuristic);
    a comment placed by another algorithm's hunks can fall outside GitHub's."""
    site = SiteRepo.create(tmp_path / "repo", {"_posts/2024-01-02-p.md": post("T", old)})
    site.commit({"_posts/2024-01-02-p.md": post("T", new)})
    default = hunks_of(site)
    git(site.root, "config", *setting)
    assert hunks_of(site) == default
    git(site.root, "config", "--unset", setting[0])
    assert hunks_of(site) == default


def test_binary_type_changed_and_nul_holding_posts(tmp_path: Path) -> None:
    """A binary post has no hunks; a link turned into a file is shown deleted then added, and
    only the added side has hunks; a NUL after Git's first 8,000 bytes leaves the file text."""
    site = SiteRepo.create(tmp_path / "repo", {"_posts/b.md": "a\n", "_posts/n.md": "q\n"})
    (site.root / "_posts" / "link.md").symlink_to("b.md")
    git(site.root, "add", "_posts/link.md")
    git(site.root, "commit", "-q", "-m", "link")
    git(site.root, "rm", "-q", "_posts/link.md")
    site.commit(
        {
            "_posts/link.md": "one\ntwo\n",
            "_posts/b.md": b"\0\1\2",
            "_posts/n.md": b"q\n" + b"a\n" * 5000 + b"x\0@@ -1 +1,9999 @@\n++ b/_posts/b.md\n",
        }
    )
    found = pr_diff(site.root, site.base, site.head())
    assert found is not None
    assert sorted(found[0]) == ["_posts/b.md", "_posts/link.md", "_posts/n.md"]
    assert found[1] == {
        "_posts/b.md": [],
        "_posts/link.md": [(1, 2)],
        "_posts/n.md": [(1, 5003)],
    }


def test_a_pull_request_adding_a_post_whose_name_is_not_utf8(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    """The post is checked under its own name (it was once checked under a name with U+FFFD,
    which no file has: its problems went unseen)."""
    site = SiteRepo.create(tmp_path / "repo", {"_posts/2024-01-01-other.md": body()})
    name = os.fsdecode(b"_posts/2024-01-02-caf\xe9.md")
    (site.root / name).write_text(post("T", "It isn\u00e2\u20ac\u2122t right."), encoding="utf-8")
    git(site.root, "add", "-A", "_posts")
    git(site.root, "commit", "-q", "-m", "latin-1 name")
    pr = fake.add_pull(PullRequest(REPO, 7, site.head(), site.base, REPO, title="P", files=[]))
    outcome = Runner(fake, site, tmp_path).run(pr)
    assert "encoding/mojibake" in outcome.summary + outcome.out
