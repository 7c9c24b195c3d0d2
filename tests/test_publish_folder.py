"""The folder target writes only inside its folder, and its folder only where nothing is read."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.publishkit import World, git


def folder_world(tmp_path: Path, path: str, config: str = "") -> World:
    world = World(tmp_path, targets=[{"name": "outbox", "type": "folder", "path": path}])
    if config:
        cfg = world.author / "_config.yml"
        cfg.write_text(cfg.read_text() + config)
    world.write("2024-01-02-hello.md", "Hello")
    world.commit("hello")
    world.push()
    return world


def files_under(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def assert_refused(world: World, words: str) -> None:
    code, out, err = world.publish_split()
    assert code == 2, out + err
    [line] = err.splitlines()
    # a path refused by the settings alone, or by where it leads in this site
    prefixes = ("pressbot: .pressbot.yml: publish.targets[0].path: ", "pressbot: configuration: ")
    assert line.startswith(prefixes), line
    assert "publish.targets[0]" in line, line
    assert words in line, line
    assert "Traceback" not in out + err
    assert world.ledger() == {}  # refused before anything was written, the ledger included


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("../escape", "inside the site"),
        ("ABSOLUTE", "inside the site"),
        (".git/hooks", ".git"),
        ("_posts", "_posts"),
        ("_posts/out", "_posts"),
        ("news/_posts", "_posts"),
        ("_drafts", "_drafts"),
        ("_data/out", "_data"),
        ("_includes", "_includes"),
        ("_layouts", "_layouts"),
        (".", "which pressbot reads"),
        ("", "which pressbot reads"),
    ],
)
def test_a_folder_where_pressbot_reads_is_refused(tmp_path: Path, path: str, words: str) -> None:
    if path == "ABSOLUTE":
        path = str(tmp_path / "escape")
    world = folder_world(tmp_path, path)
    assert_refused(world, words)
    assert not (tmp_path / "escape").exists()
    assert not (world.publisher() / ".git" / "hooks" / "2024").exists()


def test_collections_and_included_folders_are_read_too(tmp_path: Path) -> None:
    world = folder_world(tmp_path, "_notes", "collections:\n  notes:\n    output: true\n")
    assert_refused(world, "_notes")
    for sub, path, config, name in (
        ("b", "pages/out", "include: [pages]\n", "pages"),
        ("c", "stuff/x", "data_dir: stuff\n", "stuff"),
        ("d", "box", "collections_dir: box\ncollections: [recipes]\n", "box/_recipes"),
    ):
        (tmp_path / sub).mkdir()
        assert_refused(folder_world(tmp_path / sub, path, config), name)


@pytest.mark.parametrize("where", ["outside", "posts"])
def test_a_symlinked_folder_is_judged_where_it_points(tmp_path: Path, where: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    world = folder_world(tmp_path, "_outbox")
    target = str(outside) if where == "outside" else "_posts"
    os.symlink(target, world.author / "_outbox")
    world.commit("a symlink where the folder goes")
    world.push()
    assert_refused(world, "inside the site" if where == "outside" else "_posts")
    assert files_under(outside) == []


def test_a_good_folder_still_works(tmp_path: Path) -> None:
    world = folder_world(tmp_path, "public/out")
    code, out = world.publish()
    assert code == 0, out
    assert (world.publisher() / "public/out/2024/01/02/hello.html").is_file()


@pytest.mark.parametrize(
    "permalink",
    ["/_posts/2024-01-01-evil.md", "/.git/hooks/pre-commit", "/news/_drafts/x.md"],
)
def test_a_hostile_url_cannot_write_where_pressbot_reads(tmp_path: Path, permalink: str) -> None:
    world = folder_world(tmp_path, "outbox")
    world.write("2024-01-03-evil.md", "Evil", permalink=permalink)
    world.commit("evil")
    world.push()
    code, out = world.publish()
    assert code == 1, out
    assert "dead: _posts/2024-01-03-evil -> outbox" in out and "Traceback" not in out
    assert "cannot be a file of the output folder" in out
    assert files_under(world.publisher() / "outbox") == []


def test_a_symlink_inside_the_folder_cannot_lead_out(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    world = folder_world(tmp_path, "outbox")
    (world.author / "outbox").mkdir()
    os.symlink(str(outside), world.author / "outbox" / "2024")
    world.commit("a symlink inside the folder")
    world.push()
    code, out = world.publish("--since", "HEAD~2")
    assert code == 1, out
    assert "cannot be a file of the output folder" in out
    assert files_under(outside) == []
    assert git(world.origin, "rev-parse", "refs/pressbot/ledger")


def test_a_long_url_is_published_and_removed(tmp_path: Path) -> None:
    """A file path longer than a remote id may be is found again from the post's URL."""
    world = World(
        tmp_path,
        targets=[{"name": "outbox", "type": "folder", "path": "outbox"}],
        publish={"unpublish_deleted": True},
    )
    long = "/".join("s" * 60 + str(i) for i in range(6))  # about 370 characters
    world.write("2024-01-02-long.md", "Long", permalink=f"/{long}/long/")
    world.commit("a long URL")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    page = world.publisher() / "outbox" / long / "long" / "index.html"
    assert page.is_file()
    world.delete("2024-01-02-long.md")
    world.commit("gone")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert "unpublished _posts/2024-01-02-long -> outbox" in out
    assert files_under(world.publisher() / "outbox") == []


def test_a_url_no_file_name_can_hold_is_blocked_not_failed_at_every_run(tmp_path: Path) -> None:
    """A URL part over 255 bytes cannot be written (nor built: `jekyll build` stops). The
    post is blocked with the check's finding, once; the run succeeds and the next run has
    nothing to retry."""
    world = folder_world(tmp_path, "outbox")
    world.write("2024-01-03-long.md", "Long", permalink=f"/{'s' * 256}/")
    world.commit("a URL too long")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert "error jekyll/url-too-long" in out and "0 failed, 1 blocked" in out, out
    assert "Errno" not in out
    code, again = world.publish()
    assert code == 0 and "0 failed, 1 blocked" in again, again


def test_front_matter_json_has_no_type_for_is_published_as_json(tmp_path: Path) -> None:
    """Keys that are dates, numbers or booleans to YAML, and numbers that are not finite:
    Jekyll builds the post, so it is published, its metadata plain RFC 8259 JSON."""
    world = folder_world(tmp_path, "outbox")
    world.write_raw(
        "_posts/2024-01-03-log.md",
        "---\ntitle: Changelog\ndate: 2024-01-03 10:00:00 +0000\nchanges:\n"
        "  2024-01-05: fixed a typo\n  2: second\n  true: yes\nrating: .nan\nscore: -.inf\n"
        "blob: !!binary aGk=\n---\nHello.\n",
    )
    world.commit("a changelog")
    world.push()
    code, out = world.publish()
    assert code == 0 and "blocked" not in out.replace("0 blocked", ""), out
    [meta] = (world.publisher() / "outbox/2024/01/03").glob("log*.json")

    def refuse(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    data = json.loads(meta.read_text(), parse_constant=refuse)
    front = data["front_matter"]
    assert front["changes"] == {"2024-01-05": "fixed a typo", "2": "second", "true": True}
    assert front["rating"] is None and front["score"] is None and front["blob"] == "hi"


def folder_pages(world: World) -> dict[str, str]:
    """Each page of the folder target `outbox` and the id its metadata names."""
    box = world.publisher() / "outbox"
    return {
        page.relative_to(box).as_posix(): json.loads(page.with_suffix(".json").read_text())["id"]
        for page in box.rglob("*.html")
    }


@pytest.mark.parametrize(
    ("new_a", "new_b"),
    [("/y/", "/x/"), ("/y/", "/z/")],
    ids=["swap", "chain"],
)
def test_posts_that_trade_urls_in_one_push_all_move_in_one_run(
    tmp_path: Path, new_a: str, new_b: str
) -> None:
    from tests.publishkit import outbox_world

    world = outbox_world(
        tmp_path,
        {
            "2024-01-02-a.md": {"title": "A", "permalink": "/x/"},
            "2024-01-02-b.md": {"title": "B", "permalink": "/y/"},
        },
    )
    assert world.publish()[0] == 0
    world.write("2024-01-02-a.md", "A", permalink=new_a)
    world.write("2024-01-02-b.md", "B", permalink=new_b)
    world.commit("trade URLs")
    world.push()
    code, out = world.publish()
    assert code == 0 and "2 delivered, 0 failed" in out, out
    assert folder_pages(world) == {
        f"{new_a.strip('/')}/index.html": "_posts/2024-01-02-a",
        f"{new_b.strip('/')}/index.html": "_posts/2024-01-02-b",
    }
    assert "0 delivered, 0 failed" in world.publish()[1]
