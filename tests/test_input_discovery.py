"""A folder that cannot be listed is a `file/unreadable` finding, never silently skipped; a
path argument outside the site, or a site that is not a folder, is one clear error."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.inputkit import GOOD, as_reader_without_override, assert_one_line_error, pressbot


def make_site(root: Path) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_posts" / "2026-01-01-ok.md").write_text(GOOD, encoding="utf-8")
    (root / "_config.yml").write_text("title: t\n", encoding="utf-8")
    return root


def deep_folder(start: Path, total: int = 4200) -> str:
    """Nested folders whose full path is longer than PATH_MAX (made one level at a time, so
    each call stays short), a post at the bottom; returns the full path of the bottom."""
    name = "d" * 200
    fd = os.open(start, os.O_RDONLY)
    path = str(start)
    try:
        while len(path) < total:
            os.mkdir(name, dir_fd=fd)
            new = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd, path = new, f"{path}/{name}"
        post = os.open("2026-01-02-deep.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(post, GOOD.encode())
        os.close(post)
    finally:
        os.close(fd)
    return path


def findings(done) -> list[tuple[str, str]]:
    doc = json.loads(done.out)
    return [(f["path"], f["rule"]) for f in doc["findings"]]


def test_folder_too_deep_to_list_is_a_finding(tmp_path: Path) -> None:
    """Works as root too: no permission bit is involved."""
    root = make_site(tmp_path / "site")
    deep_folder(root / "_posts")
    done = pressbot("check", "--format", "json", "--site", root)
    assert done.code == 1, done
    found = findings(done)
    assert len(found) == 1, done
    path, rule = found[0]
    assert rule == "file/unreadable" and path.startswith("_posts/dddd"), done
    assert "too long" in json.loads(done.out)["findings"][0]["message"], done


def test_folder_without_permission_is_a_finding(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    locked = root / "_posts" / "locked"
    locked.mkdir()
    (locked / "2026-01-02-x.md").write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    try:
        done = as_reader_without_override("check", "--format", "json", "--site", root)
    finally:
        locked.chmod(0o755)
    assert done.code == 1, done
    assert findings(done) == [("_posts/locked", "file/unreadable")]


def test_folder_link_loop_is_not_followed(tmp_path: Path) -> None:
    """`_posts/a -> .`: like Jekyll, a linked folder is not walked (no endless loop)."""
    root = make_site(tmp_path / "site")
    os.symlink(".", root / "_posts" / "a")
    done = pressbot("check", "--format", "json", "--site", root)
    assert done.code == 0, done
    assert json.loads(done.out)["files_checked"] == 1


def test_folder_outside_the_site(tmp_path: Path) -> None:
    """A folder outside the site is refused (its posts would be judged by another site's
    settings); a file outside it is a `file/outside-site` finding of the reader."""
    root = make_site(tmp_path / "site")
    other = tmp_path / "elsewhere" / "_posts"
    other.mkdir(parents=True)
    (other / "2026-01-01-x.md").write_text(GOOD, encoding="utf-8")
    for path in (other, other.parent, root / ".." / "elsewhere"):
        done = pressbot("check", "--site", root, path)
        assert_one_line_error(done, 2, "outside the site")


def test_site_that_is_a_file(tmp_path: Path) -> None:
    file = tmp_path / "site.txt"
    file.write_text("x", encoding="utf-8")
    assert_one_line_error(pressbot("check", "--site", file), 2, "not a folder")


def test_site_that_does_not_exist(tmp_path: Path) -> None:
    done = pressbot("check", "--site", tmp_path / "nope")
    assert_one_line_error(done, 2, "does not exist")


def test_current_folder_deleted(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    gone = tmp_path / "gone"
    gone.mkdir()
    script = f"import os, sys; os.chdir({str(gone)!r}); os.rmdir({str(gone)!r}); "
    script += "from bot.cli import main; sys.exit(main(['check']))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert done.returncode == 2, done
    assert done.stderr.startswith("pressbot: the current folder no longer exists")
    assert len(done.stderr.splitlines()) == 1


def test_linked_posts_folder_inside_the_site_is_read(tmp_path: Path) -> None:
    """Jekyll reads the posts of a `_posts` that is a link to a folder of the site (checked
    with Jekyll 4.3); so does pressbot, rather than skip them unseen."""
    root = tmp_path / "site"
    (root / "shared").mkdir(parents=True)
    (root / "shared" / "2026-01-01-a.md").write_text(GOOD, encoding="utf-8")
    (root / "_config.yml").write_text("title: t\n", encoding="utf-8")
    os.symlink("shared", root / "_posts")
    done = pressbot("list", "--format", "json", "--site", root)
    assert done.code == 0, done
    posts = json.loads(done.out)["posts"]
    assert [(p["path"], p["url"]) for p in posts] == [
        ("_posts/2026-01-01-a.md", "/2026/01/01/a.html")
    ]
    done = pressbot("check", "--format", "json", "--site", root, root / "_posts")
    assert done.code == 0 and json.loads(done.out)["files_checked"] == 1, done


def test_linked_category_folder_is_read_as_jekyll_does(tmp_path: Path) -> None:
    """`news -> blog`: Jekyll builds blog/_posts twice, once per category folder."""
    root = make_site(tmp_path / "site")
    (root / "blog" / "_posts").mkdir(parents=True)
    (root / "blog" / "_posts" / "2026-01-03-c.md").write_text(GOOD, encoding="utf-8")
    os.symlink("blog", root / "news")
    done = pressbot("list", "--format", "json", "--site", root)
    assert done.code == 0, done
    urls = sorted(p["url"] for p in json.loads(done.out)["posts"])
    assert urls == ["/2026/01/01/ok.html", "/blog/2026/01/03/c.html", "/news/2026/01/03/c.html"]


def test_linked_posts_folder_outside_the_site_is_a_finding(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    (root / "_config.yml").write_text("title: t\n", encoding="utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "2026-01-01-secret.md").write_text(GOOD, encoding="utf-8")
    os.symlink(outside, root / "_posts")
    done = pressbot("check", "--format", "json", "--site", root)
    assert done.code == 1, done
    assert findings(done) == [("_posts", "file/outside-site")]
    assert "secret" not in done.out


@pytest.mark.parametrize("links", [{"loop": "."}, {"a": "b", "b/c": "../a"}, {"up": ".."}])
def test_folder_link_loops_end(tmp_path: Path, links: dict[str, str]) -> None:
    root = make_site(tmp_path / "site")
    (root / "b").mkdir()
    for name, target in links.items():
        os.symlink(target, root / name)
    done = pressbot("check", "--format", "json", "--site", root, timeout=60)
    assert done.code == 0, done
    assert json.loads(done.out)["files_checked"] >= 1


@pytest.mark.usefixtures("jekyll_oracle")
def test_a_post_linked_to_a_file_outside_is_not_read_and_listed_so(tmp_path: Path) -> None:
    """Jekyll (outside safe mode) follows the link and builds the post; pressbot never reads
    a file outside the site, so `list` says `not-read` (not `invalid`: Jekyll can read it)
    and `check` says where."""
    import subprocess

    root = make_site(tmp_path / "site")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "o.md").write_text(GOOD, encoding="utf-8")
    os.symlink(outside / "o.md", root / "_posts" / "2024-01-02-abs.md")
    built = subprocess.run(
        ["jekyll", "build", "--quiet", "-d", str(tmp_path / "out")],
        cwd=root,
        capture_output=True,
        timeout=120,
    )
    assert built.returncode == 0 and (tmp_path / "out/2024/01/02/abs.html").exists()
    listed = pressbot("list", "--format", "json", "--site", root)
    reasons = {p["path"]: p["reason"] for p in json.loads(listed.out)["posts"]}
    assert reasons == {"_posts/2024-01-02-abs.md": "not-read", "_posts/2026-01-01-ok.md": None}
    done = pressbot("check", "--format", "json", "--site", root)
    assert findings(done) == [("_posts/2024-01-02-abs.md", "file/outside-site")]
