"""The folder target writes a Jekyll post's page where `jekyll build` writes it: the URL's
%-escapes undone, as Jekyll undoes them (`caf%C3%A9.html` is `café.html`, `a%2Fb/` two
folders), so that a web server serving the folder finds the page at its URL. A URL that,
undone, leaves the folder or names a file Jekyll cannot write is a failed delivery. A page an
earlier pressbot wrote at the URL's escaped text moves at the post's next update and goes at
its unpublish, and a file there that is not the post's stays."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.publishkit import World, outbox_world

CAFE = "2024/01/02/café"
OLD_CAFE = "2024/01/02/caf%C3%A9"
"""The page of `_posts/2024-01-02-café.md` (URL `/2024/01/02/caf%C3%A9.html`), and where
pressbot wrote it before it undid the escapes."""


def meta(path: Path) -> dict[str, object]:
    return json.loads(path.read_text(encoding="utf-8"))


def pages(outbox: Path) -> dict[str, object]:
    """Each page in the folder (its path) and whose it is (its metadata's id)."""
    return {
        p.relative_to(outbox).as_posix(): meta(p.with_suffix(".json"))["id"]
        for p in outbox.rglob("*.html")
    }


def files(outbox: Path) -> list[str]:
    return sorted(p.relative_to(outbox).as_posix() for p in outbox.rglob("*") if p.is_file())


# -- where the page goes ------------------------------------------------------------------

WRITTEN = {
    # permalink: the file `jekyll build` writes (checked against it below)
    "/a%2Fb/c.html": "a/b/c.html",
    "/e%20f/": "e f/index.html",
    "/lc/caf%c3%a9.html": "lc/café.html",
    "/x%25y.html": "x%y.html",  # undone once
    "/x%2541.html": "x%41.html",
    "/x%zz.html": "x%zz.html",  # not an escape: stays
    "/a+b.html": "a+b.html",  # not a space in a path
    "/p%2e%2e/q.html": "p../q.html",
    "/q?a%20b.html": "q?a b.html",
    "/trail%2F": "trail.html",  # not a folder URL: the escaped slash is no end
}


@pytest.mark.usefixtures("jekyll_oracle")
def test_a_page_is_written_where_jekyll_writes_it(tmp_path: Path) -> None:
    posts = {
        f"2024-02-{i:02d}-p{i}.md": {"title": f"P{i}", "permalink": permalink}
        for i, permalink in enumerate(WRITTEN, 1)
    }
    world = outbox_world(tmp_path, {"2024-01-02-café.md": {"title": "Café"}, **posts})
    code, out = world.publish()
    assert code == 0 and "0 failed" in out, out
    expected = {f"{CAFE}.html": "_posts/2024-01-02-café"}
    for i, file in enumerate(WRITTEN.values(), 1):
        expected[file] = f"_posts/2024-02-{i:02d}-p{i}"
    outbox = world.publisher() / "outbox"
    assert pages(outbox) == expected
    ledger = world.ledger()["deliveries"]["outbox"]
    assert {entry["remote_id"] for entry in ledger.values()} == set(expected)
    built = tmp_path / "built"
    subprocess.run(
        ["jekyll", "build", "--quiet", "-s", str(world.author), "-d", str(built)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert set(expected) <= {p.relative_to(built).as_posix() for p in built.rglob("*.html")}


@pytest.mark.parametrize(
    ("permalink", "why"),
    [
        ("/r/%2e%2e/s.html", '".." folder'),
        ("/%2e%2e%2f%2e%2e%2fout.html", '".." folder'),
        ("/a/%2E%2E/%2E%2E/%2E%2E/out.html", '".." folder'),
        ("/line%0Abreak.html", "U+000A"),
        ("/back%5C..%5Cout.html", "U+005C"),
        ("/%2Egit/hooks/pre-commit", '".git"'),
        ("/%5Fposts/2024-01-01-x.md", '"_posts"'),
    ],
)
def test_a_url_that_unescaped_is_no_file_of_the_folder_is_refused(
    tmp_path: Path, permalink: str, why: str
) -> None:
    world = outbox_world(
        tmp_path, {"2024-01-03-evil.md": {"title": "Evil", "permalink": permalink}}
    )
    code, out = world.publish()
    assert code == 1, out
    assert "dead: _posts/2024-01-03-evil -> outbox" in out and "Traceback" not in out, out
    assert "cannot be a file of the output folder" in out and why in out, out
    publisher = world.publisher()
    assert files(publisher / "outbox") == []
    assert not (publisher / "out.html").exists() and not (tmp_path / "out.html").exists()
    assert not (publisher / ".git" / "hooks" / "pre-commit.html").exists()
    assert [p.name for p in (publisher / "_posts").iterdir()] == ["2024-01-03-evil.md"]


STOPS_JEKYLL = ("/nul%00.html", "/x%C3.html")
"""Permalinks whose file Jekyll cannot write either (`jekyll/permalink`)."""


@pytest.mark.parametrize("permalink", STOPS_JEKYLL)
@pytest.mark.parametrize("rule", ["error", "off"])
def test_a_url_jekyll_cannot_write_is_blocked_before_any_target(
    tmp_path: Path, permalink: str, rule: str
) -> None:
    """Blocked as the check says, and still blocked with the rule turned off (Jekyll
    stops on it all the same), with a reason given either way."""
    world = outbox_world(
        tmp_path,
        {"2024-01-03-evil.md": {"title": "Evil", "permalink": permalink}},
        rules={"severity": {"jekyll/permalink": rule}},
    )
    _code, out = world.publish()
    assert "blocked: _posts/2024-01-03-evil.md" in out, out
    said = "jekyll/permalink" if rule == "error" else "the rule that says why is set below"
    assert said in out, out
    assert "Traceback" not in out and files(world.publisher() / "outbox") == [], out


def test_a_url_with_a_space_is_published_and_recorded_escaped(tmp_path: Path) -> None:
    """Jekyll keeps `permalink: "/a b/"` as the URL `/a b/` and writes `a b/index.html`: the
    page goes there and the ledger records `/a%20b/` (a URL cannot hold a space). Its
    unpublish removes it: nothing is left in the folder that the ledger does not name."""
    world = outbox_world(tmp_path, {"2024-01-04-p.md": {"title": "S", "permalink": "/a b/"}})
    code, out = world.publish()
    assert code == 0 and "1 delivered, 0 failed" in out, out
    outbox = world.publisher() / "outbox"
    assert pages(outbox) == {"a b/index.html": "_posts/2024-01-04-p"}
    entry = world.ledger()["deliveries"]["outbox"]["_posts/2024-01-04-p"]
    assert entry["state"] == "published", entry
    assert entry["url"] == "https://blog.example.org/a%20b/", entry
    world.delete("2024-01-04-p.md")
    world.commit("gone")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert files(outbox) == []


# -- pages an earlier pressbot wrote at the escaped URL -------------------------------------


def as_written_before(world: World, moves: dict[str, str], remote_ids: bool = True) -> None:
    """Make the folder and the ledger what an earlier pressbot left: each page of ``moves``
    (path without suffix -> its escaped path) at the escaped path, and the ledger naming it
    (``remote_ids``), or not (as for a path too long to be one)."""
    outbox = world.publisher() / "outbox"
    for new, old in moves.items():
        for suffix in (".html", ".md", ".json"):
            (outbox / (old + suffix)).parent.mkdir(parents=True, exist_ok=True)
            (outbox / (new + suffix)).rename(outbox / (old + suffix))
    ledger = world.ledger()
    for entry in ledger["deliveries"]["outbox"].values():
        old = moves.get(entry["remote_id"].removesuffix(".html"))
        if old is not None and remote_ids:
            entry["remote_id"] = old + ".html"
        elif old is not None:
            del entry["remote_id"]
    world.set_ledger(json.dumps(ledger))


def change(world: World, name: str, title: str, body: str, **front: str) -> None:
    world.write(name, title, body=body, **front)
    world.commit(f"{name} changed")
    world.push()


@pytest.mark.parametrize("remote_ids", [True, False])
def test_an_update_moves_a_page_written_at_its_escaped_url(
    tmp_path: Path, remote_ids: bool
) -> None:
    world = outbox_world(
        tmp_path,
        {
            "2024-01-02-café.md": {"title": "Café"},
            "2024-01-03-c.md": {"title": "C", "permalink": "/a%2Fb/c.html"},
        },
    )
    assert world.publish()[0] == 0
    as_written_before(world, {CAFE: OLD_CAFE, "a/b/c": "a%2Fb/c"}, remote_ids)
    change(world, "2024-01-02-café.md", "Café", "Changed.")
    change(world, "2024-01-03-c.md", "C", "Changed.", permalink="/a%2Fb/c.html")
    code, out = world.publish()
    assert code == 0 and "updated _posts/2024-01-02-café" in out, out
    outbox = world.publisher() / "outbox"
    assert files(outbox) == sorted(
        f"{page}{suffix}" for page in ("a/b/c", CAFE) for suffix in (".html", ".json", ".md")
    )
    assert (outbox / f"{CAFE}.md").read_text() == "Changed.\n"
    ledger = world.ledger()["deliveries"]["outbox"]
    assert {entry["remote_id"] for entry in ledger.values()} == {"a/b/c.html", f"{CAFE}.html"}


@pytest.mark.parametrize("remote_ids", [True, False])
def test_an_unpublish_removes_a_page_written_at_its_escaped_url(
    tmp_path: Path, remote_ids: bool
) -> None:
    world = outbox_world(tmp_path, {"2024-01-02-café.md": {"title": "Café"}})
    assert world.publish()[0] == 0
    as_written_before(world, {CAFE: OLD_CAFE}, remote_ids)
    world.delete("2024-01-02-café.md")
    world.commit("gone")
    world.push()
    code, out = world.publish()
    assert code == 0 and "unpublished _posts/2024-01-02-café" in out, out
    assert files(world.publisher() / "outbox") == []


@pytest.mark.parametrize("metadata", [True, False])
def test_a_file_at_the_escaped_url_that_is_not_the_posts_stays(
    tmp_path: Path, metadata: bool
) -> None:
    # the ledger does not name the page: only files whose metadata says they are the post's
    # are taken for its page of before (not another post's, nor a page without metadata)
    world = outbox_world(tmp_path, {"2024-01-02-café.md": {"title": "Café"}})
    assert world.publish()[0] == 0
    as_written_before(world, {CAFE: OLD_CAFE}, remote_ids=False)
    outbox = world.publisher() / "outbox"
    theirs = outbox / f"{OLD_CAFE}.json"
    if metadata:
        theirs.write_text(json.dumps(meta(theirs) | {"id": "somebody else"}), encoding="utf-8")
    else:
        theirs.unlink()
    change(world, "2024-01-02-café.md", "Café", "Changed.")
    code, out = world.publish()
    assert code == 0 and "updated _posts/2024-01-02-café" in out, out
    kept = (".html", ".json", ".md") if metadata else (".html", ".md")
    old = [f"{OLD_CAFE}{suffix}" for suffix in kept]
    assert files(outbox) == sorted([f"{CAFE}.html", f"{CAFE}.json", f"{CAFE}.md", *old])
    world.delete("2024-01-02-café.md")
    world.commit("gone")
    world.push()
    code, out = world.publish()
    assert code == 0 and "unpublished _posts/2024-01-02-café" in out, out
    assert files(outbox) == sorted(old)


def test_a_post_whose_page_is_an_old_escaped_page_waits_for_it_to_move(tmp_path: Path) -> None:
    # `/2024/01/02/caf%25C3%25A9.html` is written `caf%C3%A9.html`: where an earlier pressbot
    # put the page of `/2024/01/02/caf%C3%A9.html`, which stays until that post moves it
    world = outbox_world(tmp_path, {"2024-01-02-café.md": {"title": "Café"}})
    assert world.publish()[0] == 0
    as_written_before(world, {CAFE: OLD_CAFE})
    other = "/2024/01/02/caf%25C3%25A9.html"
    change(world, "2024-01-05-other.md", "Other", "Other.", permalink=other)
    code, out = world.publish()
    assert code == 1 and "is the page of _posts/2024-01-02-café" in out, out
    outbox = world.publisher() / "outbox"
    assert pages(outbox) == {f"{OLD_CAFE}.html": "_posts/2024-01-02-café"}
    change(world, "2024-01-02-café.md", "Café", "Changed.")
    for _ in range(2):  # the other post goes out in the run that moves the page, or the next
        code, out = world.publish()
        assert code in (0, 1), out
    assert code == 0, out
    assert pages(outbox) == {
        f"{CAFE}.html": "_posts/2024-01-02-café",
        f"{OLD_CAFE}.html": "_posts/2024-01-05-other",
    }
    assert (outbox / f"{OLD_CAFE}.md").read_text() == "Other.\n"
