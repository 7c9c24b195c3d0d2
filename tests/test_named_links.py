"""A path named on the command line is judged as a whole-site run judges the same file: a
link leading out of the site is never read or written through, and a folder link inside a
posts folder (which Jekyll does not follow) holds no post."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from tests.inputkit import GOOD, pressbot

MOJIBAKE = "---\ntitle: out\n---\nHere\u00e2\u20ac\u2122s\n"


def make_site(tmp_path: Path) -> tuple[Path, Path]:
    """A Git repository `site` and, beside it, a folder `ext` of post-like files."""
    ext, root = tmp_path / "ext", tmp_path / "site"
    ext.mkdir()
    (ext / "2024-02-01-o.md").write_text(MOJIBAKE, encoding="utf-8")
    (ext / "notes.md").write_text(MOJIBAKE, encoding="utf-8")
    (root / "_posts").mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    (root / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (root / "_posts" / "2024-01-03-ok.md").write_text(GOOD, encoding="utf-8")
    return root, ext


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_named_file_link_out_of_the_site_is_the_whole_site_finding(tmp_path: Path) -> None:
    root, ext = make_site(tmp_path)
    os.symlink("../../ext/2024-02-01-o.md", root / "_posts" / "2024-02-01-l.md")
    whole = pressbot("check", cwd=root)
    named = pressbot("check", "_posts/2024-02-01-l.md", cwd=root)
    assert whole.code == named.code == 1, (whole, named)
    finding = "_posts/2024-02-01-l.md:1:1: error file/outside-site"
    assert finding in whole.out and finding in named.out, (whole, named)
    before = digests(ext)
    fixed = pressbot("fix", "_posts/2024-02-01-l.md", cwd=root)
    assert digests(ext) == before, fixed


def test_named_folder_link_out_of_the_site_is_refused_and_nothing_written(
    tmp_path: Path,
) -> None:
    root, ext = make_site(tmp_path)
    os.symlink("../../ext", root / "_posts" / "sub")
    before = digests(ext)
    for command in ("check", "fix", "list"):
        done = pressbot(command, "_posts/sub", cwd=root)
        assert done.code == 2, (command, done)
        assert "_posts/sub: the folder is outside the site" in done.err, (command, done)
        assert "Traceback" not in done.err
    assert digests(ext) == before


def test_named_path_through_a_link_out_of_the_site_is_not_read(tmp_path: Path) -> None:
    root, ext = make_site(tmp_path)
    os.symlink("../../ext", root / "_posts" / "sub")
    before = digests(ext)
    checked = pressbot("check", "_posts/sub/2024-02-01-o.md", cwd=root)
    assert checked.code == 0 and "is not a post" in checked.err, checked
    done = pressbot("fix", "_posts/sub/2024-02-01-o.md", cwd=root)
    assert done.code == 0 and "fixed" not in done.out, done
    assert digests(ext) == before


def test_named_folder_link_inside_posts_holds_no_post(tmp_path: Path) -> None:
    """Jekyll does not follow a folder link inside `_posts`, nor does a whole-site run."""
    root, _ = make_site(tmp_path)
    (root / "stuff").mkdir()
    (root / "stuff" / "2024-01-04-m.md").write_text(MOJIBAKE, encoding="utf-8")
    os.symlink("../stuff", root / "_posts" / "mirror")
    whole = pressbot("check", cwd=root)
    assert whole.code == 0 and "1 file checked" in whole.out, whole
    folder = pressbot("check", "_posts/mirror", cwd=root)
    assert folder.code == 0 and "0 files checked" in folder.out, folder
    assert "_posts/mirror holds no post" in folder.err, folder
    file = pressbot("check", "_posts/mirror/2024-01-04-m.md", cwd=root)
    assert file.code == 0 and "is not a post" in file.err, file


def test_site_named_through_a_link_keeps_the_links_inside_it(tmp_path: Path) -> None:
    """A link to the site's folder names its posts as a run from inside does, a category
    link (`blog` to `stuff`, followed as Jekyll does) included."""
    root, _ = make_site(tmp_path)
    (root / "stuff" / "_posts").mkdir(parents=True)
    (root / "stuff" / "_posts" / "2024-01-04-m.md").write_text(GOOD, encoding="utf-8")
    os.symlink("stuff", root / "blog")
    os.symlink("site", tmp_path / "sitelink")
    inside = pressbot("check", cwd=root)
    linked = pressbot("check", "sitelink", cwd=tmp_path)
    assert inside.code == linked.code == 0, (inside, linked)
    assert "3 files checked" in inside.out and "3 files checked" in linked.out, linked
    named = pressbot("list", "sitelink/blog/_posts/2024-01-04-m.md", cwd=tmp_path)
    assert named.code == 0 and "blog/_posts/2024-01-04-m.md" in named.out, named


def test_posts_outside_collections_dir_are_not_checked_as_jekyll_never_reads_them(
    tmp_path: Path,
) -> None:
    """With `collections_dir: col`, Jekyll reads `_posts` only in folders whose path starts
    with `col` (as text: `colx/_posts` too); the root `_posts` is left out, as an excluded
    folder is, whether the run is the whole site's or names it."""
    root, _ = make_site(tmp_path)
    (root / "_config.yml").write_text("title: t\ncollections_dir: col\n", encoding="utf-8")
    (root / "_posts" / "2024-01-02-old.md").write_text(MOJIBAKE, encoding="utf-8")
    for folder in ("col/_posts", "colx/_posts"):
        (root / folder).mkdir(parents=True)
        (root / folder / "2024-01-04-in.md").write_text(GOOD, encoding="utf-8")
    listed = pressbot("list", cwd=root)
    assert listed.code == 0, listed
    paths = [line.split()[0] for line in listed.out.splitlines() if "/_posts/" in line]
    assert paths == ["col/_posts/2024-01-04-in.md", "colx/_posts/2024-01-04-in.md"], listed
    whole = pressbot("check", cwd=root)
    assert whole.code == 0 and "2 files checked" in whole.out, whole
    for named in ("_posts/2024-01-02-old.md", "_posts"):
        done = pressbot("check", named, cwd=root)
        assert done.code == 0 and "0 files checked" in done.out, (named, done)
