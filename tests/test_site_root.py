"""`pressbot check FILE` outside a Git work tree finds the site by its `_config.yml` or
`.pressbot.yml` upwards, from any current folder, and reads the site's configuration; inside
Git it never looks above the work tree."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bot.git.root import find_root
from tests.inputkit import pressbot

POST = "---\ntitle: No author\ndate: 2020-01-01 20:00:00\n---\nBody.\n"
"""Without an author (the site requires one); on January 2 in the site's timezone (Tokyo)."""


def _site(parent: Path, *, jekyll: bool = True, pressbot_config: bool = True) -> Path:
    if find_root(parent) is not None:
        pytest.skip("the temporary folder is inside a Git work tree")
    root = parent / "site"
    (root / "_posts" / "sub").mkdir(parents=True)
    (root / "_drafts").mkdir()
    if jekyll:
        (root / "_config.yml").write_text("title: t\ntimezone: Asia/Tokyo\n", encoding="utf-8")
    if pressbot_config:
        (root / ".pressbot.yml").write_text("required: [author]\n", encoding="utf-8")
    (root / "_posts" / "2020-01-01-a.md").write_text(POST, encoding="utf-8")
    (root / "_posts" / "sub" / "2020-01-01-b.md").write_text(POST, encoding="utf-8")
    (root / "_drafts" / "c.md").write_text(POST, encoding="utf-8")
    return root


def _rules(done_out: str) -> set[tuple[str, str]]:
    out = set()
    for line in done_out.splitlines():
        parts = line.split()
        if len(parts) > 2 and parts[1] in ("error", "warning"):
            out.add((parts[0].rsplit(":", 3)[0], parts[2]))
    return out


@pytest.mark.parametrize("where", ["root", "posts", "deeper", "outside"])
@pytest.mark.parametrize("given", ["absolute", "relative"])
def test_the_configuration_is_found_from_any_folder(tmp_path: Path, where: str, given: str) -> None:
    root = _site(tmp_path)
    cwd = {
        "root": root,
        "posts": root / "_posts",
        "deeper": root / "_posts" / "sub",
        "outside": tmp_path,
    }[where]
    files = [root / "_posts" / "sub" / "2020-01-01-b.md", root / "_drafts" / "c.md"]
    args = [f if given == "absolute" else Path(_relative(f, cwd)) for f in files]
    done = pressbot("check", *args, cwd=cwd)
    assert done.code == 1, done
    assert _rules(done.out) == {
        ("_posts/sub/2020-01-01-b.md", "schema/required"),
        ("_posts/sub/2020-01-01-b.md", "jekyll/date-mismatch"),
        ("_drafts/c.md", "schema/required"),
    }, done


def _relative(path: Path, cwd: Path) -> str:
    import os

    return os.path.relpath(path, cwd)


@pytest.mark.parametrize("config", ["jekyll", "pressbot"])
def test_either_file_marks_the_site(tmp_path: Path, config: str) -> None:
    root = _site(tmp_path, jekyll=config == "jekyll", pressbot_config=config == "pressbot")
    done = pressbot("check", root / "_posts" / "2020-01-01-a.md", cwd=tmp_path)
    rule = "schema/required" if config == "pressbot" else "jekyll/date-mismatch"
    assert _rules(done.out) == {("_posts/2020-01-01-a.md", rule)}, done
    assert "1 file checked" in done.out, done


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("_config.yaml", "title: t\ntimezone: Asia/Tokyo\n"),
        ("_config.toml", 'timezone = "Asia/Tokyo"\n'),
    ],
)
def test_jekylls_other_configuration_names_mark_the_site(
    tmp_path: Path, name: str, text: str
) -> None:
    root = _site(tmp_path, jekyll=False, pressbot_config=False)
    (root / name).write_text(text, encoding="utf-8")
    done = pressbot("check", root / "_posts" / "2020-01-01-a.md", cwd=tmp_path)
    assert _rules(done.out) == {("_posts/2020-01-01-a.md", "jekyll/date-mismatch")}, done


def test_the_site_option_wins_from_any_folder(tmp_path: Path) -> None:
    root = _site(tmp_path)
    for cwd in (tmp_path, root / "_posts"):
        done = pressbot("check", "--site", root, root / "_posts" / "2020-01-01-a.md", cwd=cwd)
        assert _rules(done.out) == {
            ("_posts/2020-01-01-a.md", "schema/required"),
            ("_posts/2020-01-01-a.md", "jekyll/date-mismatch"),
        }, done


def test_without_configuration_the_folder_above_the_posts_is_the_site(tmp_path: Path) -> None:
    root = _site(tmp_path, jekyll=False, pressbot_config=False)
    (root / "_posts" / "notes.md").write_text(POST, encoding="utf-8")
    done = pressbot("check", root / "_posts" / "notes.md", cwd=tmp_path)
    assert _rules(done.out) == {("_posts/notes.md", "jekyll/filename")}, done


def test_a_git_work_tree_bounds_the_search(tmp_path: Path) -> None:
    outer = _site(tmp_path)  # the configuration above the repository must not be used
    repo = outer / "inner"
    (repo / "_posts").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "_posts" / "2020-01-01-a.md").write_text(POST, encoding="utf-8")
    done = pressbot("check", repo / "_posts" / "2020-01-01-a.md", cwd=tmp_path)
    assert done.code == 0, done
    assert _rules(done.out) == set(), done
