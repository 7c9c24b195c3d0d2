"""The folder target's files: readable by a web server, written durably, no stray temporary
files, and each post's page, Markdown and metadata in names no other post can take."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.publishkit import outbox_world


@pytest.fixture
def umask() -> Iterator[None]:
    """The usual umask (022), whatever the test runner's is."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


HELLO = "2024/01/02/hello"


def test_published_files_are_readable_by_other_users(tmp_path: Path, umask: None) -> None:
    world = outbox_world(tmp_path, {"2024-01-02-hello.md": {}})
    code, out = world.publish()
    assert code == 0, out
    outbox = world.publisher() / "outbox"
    for suffix in (".html", ".md", ".json"):
        mode = stat.S_IMODE((outbox / (HELLO + suffix)).stat().st_mode)
        assert mode == 0o644, (suffix, oct(mode))


def test_a_republished_page_keeps_the_mode_it_was_given(tmp_path: Path, umask: None) -> None:
    world = outbox_world(tmp_path, {"2024-01-02-hello.md": {}})
    assert world.publish()[0] == 0
    page = world.publisher() / "outbox" / (HELLO + ".html")
    page.chmod(0o664)
    world.write("2024-01-02-hello.md", "Hello", body="Changed.")
    world.commit("edit")
    world.push()
    code, out = world.publish()
    assert code == 0 and "updated" in out, out
    assert "Changed." in page.read_text()
    assert stat.S_IMODE(page.stat().st_mode) == 0o664


def test_a_link_in_place_of_a_page_is_replaced_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.html"
    outside.write_text("keep me")
    world = outbox_world(tmp_path, {"2024-01-02-hello.md": {}})
    folder = world.publisher() / "outbox" / "2024" / "01" / "02"
    folder.mkdir(parents=True)
    (folder / "hello.html").symlink_to(outside)
    code, out = world.publish()
    assert code == 0, out
    assert outside.read_text() == "keep me"
    assert not (folder / "hello.html").is_symlink()
    assert "Hello." in (folder / "hello.html").read_text()


def plant_temps(folder: Path, age: float = 3600) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "ours": folder / ".hello.html.pressbot-0123abcd.tmp",
        "older version": folder / ".hello.json.k3j_x9q2.tmp",
        "someone else's": folder / ".keep",
        "a page": folder / "notes.tmp",
    }
    old = time.time() - age
    for path in files.values():
        path.write_text("x")
        os.utime(path, (old, old))
    return files


def test_temporary_files_left_by_a_killed_run_are_removed(tmp_path: Path) -> None:
    world = outbox_world(tmp_path, {"2024-01-02-hello.md": {}})
    outbox = world.publisher() / "outbox"
    deep = plant_temps(outbox / "2024" / "01" / "02")
    top = plant_temps(outbox)
    code, out = world.publish("--dry-run")
    assert code == 0, out
    assert all(p.exists() for p in [*deep.values(), *top.values()])  # a dry run changes nothing
    code, out = world.publish()
    assert code == 0, out
    for files in (deep, top):
        assert not files["ours"].exists() and not files["older version"].exists()
        assert files["someone else's"].exists() and files["a page"].exists()
    assert sorted(p.name for p in outbox.rglob("*.tmp")) == ["notes.tmp", "notes.tmp"]


def test_a_temporary_file_being_written_now_is_left_alone(tmp_path: Path) -> None:
    world = outbox_world(tmp_path, {"2024-01-02-hello.md": {}})
    fresh = plant_temps(world.publisher() / "outbox", age=-3600)  # written after the run began
    code, out = world.publish()
    assert code == 0, out
    assert fresh["ours"].exists() and fresh["older version"].exists()


def test_temporary_files_behind_a_link_are_not_touched(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    files = plant_temps(elsewhere)
    world = outbox_world(tmp_path, {"2024-01-02-hello.md": {}})
    outbox = world.publisher() / "outbox"
    outbox.mkdir()
    (outbox / "linked").symlink_to(elsewhere)
    code, out = world.publish()
    assert code == 0, out
    assert all(p.exists() for p in files.values())


def meta(path: Path) -> dict[str, object]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("other", ["/x.json", "/x.md", "/x.htm", "/x.json.html"])
def test_a_url_cannot_take_another_posts_files(tmp_path: Path, other: str) -> None:
    # `/x.html` writes x.html, x.md and x.json: no other URL may write or remove one of them.
    world = outbox_world(
        tmp_path,
        {
            "2024-01-02-first.md": {"title": "First", "permalink": "/x.html"},
            "2024-01-03-second.md": {"title": "Second", "permalink": other},
        },
    )
    code, out = world.publish()
    assert code == 0, out
    outbox = world.publisher() / "outbox"
    assert "<h1>First</h1>" in (outbox / "x.html").read_text()
    assert meta(outbox / "x.json")["title"] == "First"
    assert (outbox / "x.md").read_text() == "Hello.\n"
    world.delete("2024-01-03-second.md")
    world.commit("second gone")
    world.push()
    code, out = world.publish()
    assert code == 0 and "unpublished _posts/2024-01-03-second" in out, out
    assert sorted(p.name for p in outbox.iterdir()) == ["x.html", "x.json", "x.md"]
    assert meta(outbox / "x.json")["title"] == "First"


def test_a_url_is_written_where_jekyll_writes_it(tmp_path: Path) -> None:
    # Jekyll adds ".html" to a post's URL unless it ends so: `/x.json` becomes x.json.html.
    world = outbox_world(
        tmp_path,
        {
            "2024-01-02-a.md": {"title": "A", "permalink": "/a.json"},
            "2024-01-03-b.md": {"title": "B", "permalink": "/v/1.2"},
        },
    )
    code, out = world.publish()
    assert code == 0, out
    outbox = world.publisher() / "outbox"
    assert meta(outbox / "a.json.json")["title"] == "A"
    assert "<h1>A</h1>" in (outbox / "a.json.html").read_text()
    assert meta(outbox / "v" / "1.2.json")["title"] == "B"
    assert sorted(p.name for p in outbox.rglob("*") if p.is_file()) == [
        "1.2.html", "1.2.json", "1.2.md", "a.json.html", "a.json.json", "a.json.md",
    ]  # fmt: skip


@pytest.mark.usefixtures("jekyll_oracle")
def test_a_query_or_fragment_in_a_permalink_is_part_of_the_file(tmp_path: Path) -> None:
    # Jekyll writes `/f/?y/` to `f/?y/index.html`: three posts, three pages, none lost
    world = outbox_world(
        tmp_path,
        {
            "2024-01-02-a.md": {"title": "A", "permalink": "/f/#x/"},
            "2024-01-03-b.md": {"title": "B", "permalink": "/f/?y/"},
            "2024-01-04-c.md": {"title": "C", "permalink": "/f/"},
        },
    )
    code, out = world.publish()
    assert code == 0, out
    outbox = world.publisher() / "outbox"
    pages = {p.relative_to(outbox).as_posix(): meta(p.with_suffix(".json"))["title"]
             for p in outbox.rglob("*.html")}  # fmt: skip
    assert pages == {"f/#x/index.html": "A", "f/?y/index.html": "B", "f/index.html": "C"}
    site = world.author
    built = tmp_path / "built"
    subprocess.run(
        ["jekyll", "build", "--quiet", "-s", str(site), "-d", str(built)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert set(pages) <= {p.relative_to(built).as_posix() for p in built.rglob("*.html")}


def owner(outbox: Path, page: str) -> tuple[object, str, str]:
    """Whose the three files of ``page`` say they are: metadata id, page title, Markdown."""
    stem = outbox / page
    html = stem.with_suffix(".html").read_text()
    title = html.split("<h1>", 1)[1].split("</h1>", 1)[0]
    return meta(stem.with_suffix(".json"))["id"], title, stem.with_suffix(".md").read_text()


def test_unpublishing_a_post_keeps_the_page_another_post_took(tmp_path: Path) -> None:
    # The old post's unpublish is held (max_unpublish 0) while a new post takes its URL; when
    # it is let through, the files at that URL are the new post's and stay.
    world = outbox_world(tmp_path, {"2024-01-02-old.md": {"title": "Old", "permalink": "/p/"}})
    world.set_config([{"name": "outbox", "type": "folder", "path": "outbox"}], {"max_unpublish": 0})
    assert world.publish()[0] == 0
    world.delete("2024-01-02-old.md")
    world.write("2024-03-04-new.md", "New", permalink="/p/", body="Nothing alike " * 40)
    world.commit("a new post at the same URL")
    world.push()
    code, out = world.publish()
    assert code == 1 and "refusing to unpublish 1 posts" in out, out
    outbox = world.publisher() / "outbox"
    new = ("_posts/2024-03-04-new", "New", "Nothing alike " * 40 + "\n")
    assert owner(outbox, "p/index") == new
    code, out = world.publish("--allow-unpublish")
    assert code == 0 and "unpublished _posts/2024-01-02-old" in out, out
    assert owner(outbox, "p/index") == new


def test_a_new_post_takes_the_url_of_one_deleted_in_the_same_push(tmp_path: Path) -> None:
    world = outbox_world(tmp_path, {"2024-01-02-old.md": {"title": "Old", "permalink": "/p/"}})
    assert world.publish()[0] == 0
    world.delete("2024-01-02-old.md")
    world.write("2024-03-04-new.md", "New", permalink="/p/", body="Nothing alike " * 40)
    world.commit("a new post at the same URL")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert "unpublished _posts/2024-01-02-old" in out
    outbox = world.publisher() / "outbox"
    assert owner(outbox, "p/index") == (
        "_posts/2024-03-04-new",
        "New",
        "Nothing alike " * 40 + "\n",
    )
