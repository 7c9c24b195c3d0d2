"""One post pressbot cannot read never stops the others: it is blocked, the rest go out."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.publishkit import World, git

BAD_FRONT_MATTER = [
    'date: "2024-01-03 10:00 +25"',
    'date: "0000-01-01"',
    "date: 9999-12-31 23:59:59 -12:00",
    "date: !!timestamp 'abc'",
    "published: !!bool 'abc'",
]


def outbox_world(tmp_path: Path) -> World:
    return World(tmp_path, targets=[{"name": "outbox", "type": "folder", "path": "_outbox"}])


def live_files(world: World) -> set[str]:
    root = world.publisher() / "_outbox"
    return {p.relative_to(root).as_posix() for p in root.rglob("*.html")}


@pytest.mark.parametrize("front", BAD_FRONT_MATTER)
def test_a_post_pressbot_cannot_read_is_blocked(tmp_path: Path, front: str) -> None:
    world = outbox_world(tmp_path)
    world.write("2024-01-02-good.md", "Good")
    world.write_raw("_posts/2024-01-03-bad.md", f"---\ntitle: Bad\n{front}\n---\nBody\n")
    world.commit("a good post and a bad one")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert "Traceback" not in out
    assert "blocked: _posts/2024-01-03-bad.md" in out, out
    assert live_files(world) == {"2024/01/02/good.html"}
    ledger = world.ledger()
    assert ledger["posts"]["_posts/2024-01-03-bad"]["status"] == "blocked"
    assert ledger["deliveries"]["outbox"]["_posts/2024-01-02-good"]["state"] == "published"
    # with the blocked post in the ledger, the next run still works and publishes the next post
    world.write("2024-01-04-next.md", "Next")
    world.commit("next")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert "Traceback" not in out and "blocked: _posts/2024-01-03-bad.md" in out
    assert live_files(world) == {"2024/01/02/good.html", "2024/01/04/next.html"}
    # fixed, it goes out
    world.write("2024-01-03-bad.md", "Bad, fixed")
    world.commit("fix")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert "2024/01/03/bad.html" in live_files(world)
    assert world.ledger()["posts"]["_posts/2024-01-03-bad"]["status"] == "active"


def test_the_blocking_finding_names_the_post_and_a_known_rule(tmp_path: Path) -> None:
    from bot.linter import registry

    world = outbox_world(tmp_path)
    world.write_raw("_posts/2024-01-03-bad.md", "---\ntitle: Bad\ndate: '0000-01-01'\n---\nB\n")
    world.commit("bad")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    [finding] = [line.strip() for line in out.splitlines() if line.startswith("  _posts/")]
    path, _, rest = finding.partition(":")
    assert path == "_posts/2024-01-03-bad.md"
    rule = rest.split(" error ", 1)[1].split(" ", 1)[0]
    assert rule in registry(), finding


def test_a_post_whose_front_matter_breaks_keeps_its_id(tmp_path: Path) -> None:
    world = outbox_world(tmp_path)
    world.write("2024-01-02-a.md", "A", id="welcome")
    world.commit("a")
    world.push()
    assert world.publish()[0] == 0
    world.write_raw("_posts/2024-01-02-a.md", "---\ntitle: A\npublished: !!bool 'abc'\n---\nB\n")
    world.commit("break a")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert "blocked: _posts/2024-01-02-a.md" in out
    # the ledger's path index still knows the post as "welcome": nothing new, nothing lost
    posts = world.ledger()["posts"]
    assert posts["welcome"]["status"] == "blocked", posts
    assert set(posts) == {"welcome"}
    world.write("2024-01-02-a.md", "A again", id="welcome")
    world.commit("fix a")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert "updated welcome -> outbox" in out
    assert world.ledger()["posts"]["welcome"]["status"] == "active"


def test_a_file_name_with_a_line_break_cannot_hide_another_post(tmp_path: Path) -> None:
    """`git cat-file --batch` reads one name a line: a name with a newline must not shift the
    answers so that the next post reads as deleted."""
    world = World(
        tmp_path,
        targets=[{"name": "outbox", "type": "folder", "path": "_outbox"}],
        publish={"unpublish_deleted": True},
    )
    world.write("2024-01-02-x.md", "X")
    world.write("2024-01-03-z.md", "Z")
    world.commit("x and z")
    world.push()
    assert world.publish()[0] == 0
    world.write_raw("_posts/2024-01-02-x\n2024-01-09-y.md", "---\ntitle: Y\n---\nY\n")
    world.write("2024-01-03-z.md", "Z edited")
    world.commit("a file with a newline in its name")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert "unpublished" not in out, out
    assert live_files(world) == {"2024/01/02/x.html", "2024/01/03/z.html"}
    assert "Z edited" in (world.publisher() / "_outbox/2024/01/03/z.html").read_text()
    assert git(world.origin, "rev-parse", "refs/pressbot/ledger")
