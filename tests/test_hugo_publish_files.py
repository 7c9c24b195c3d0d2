"""What `pressbot publish` sends of a Hugo site is what Hugo writes: a page Hugo writes no
file for is not published, and the folder target writes each page where Hugo writes it
(a language's folder on a site with a host per language, `?` and `#` in the path, the path
unescaped). Two posts are never recorded as published to one file of the folder.

Real Git worlds (`tests.publishkit`), real folder targets, and a real `hugo` build of the
same commit as the oracle of the files.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.test_hugo_publish import CONFIG, NOW, HugoWorld, git, outbox, toml

LAYOUTS = {
    "layouts/_default/single.html": "{{ .Title }}\n",
    "layouts/_default/list.html": "{{ .Title }}\n",
}
MULTIHOST = (
    'title = "Harbour"\n'
    "[languages.en]\n"
    'baseURL = "https://en.example.org/"\n'
    "weight = 1\n"
    "[languages.fr]\n"
    'baseURL = "https://fr.example.org/"\n'
    "weight = 2\n"
)


def world_of(tmp_path: Path, config: str | None = None, severity: str | None = None) -> HugoWorld:
    """A Hugo world publishing to the folder `outbox`, with layouts Hugo renders pages with."""
    world = HugoWorld(tmp_path, [outbox()], **({"config": config} if config else {}))
    for rel, text in LAYOUTS.items():
        world.write_raw(rel, text)
    if severity is not None:
        settings = {
            "publish": {"targets": [outbox()]},
            "rules": {"severity": {"hugo/duplicate-url": severity}},
        }
        world.write_raw(".pressbot.yml", yaml.safe_dump(settings))
    return world


def hugo_pages(root: Path, out: Path, clock: str = NOW) -> set[str]:
    """The pages (`.html` files) a real `hugo` build of ``root`` at ``clock`` writes, below
    its publish folder."""
    subprocess.run(
        ["hugo", "--quiet", "-s", str(root), "-d", str(out), "--clock", clock],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return {p.relative_to(out).as_posix() for p in out.rglob("*.html")}


def box_pages(world: HugoWorld) -> dict[str, str]:
    """The folder target's pages, each with the id its metadata names."""
    box = world.publisher() / "outbox"
    out = {}
    for page in box.rglob("*.html"):
        meta = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        out[page.relative_to(box).as_posix()] = meta["id"]
    return out


def listed(root: Path) -> dict[str, dict[str, object]]:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "list",
            "--site",
            str(root),
            "--format",
            "json",
            "--now",
            NOW,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return {post["path"]: post for post in json.loads(done.stdout)["posts"]}


# -- `_build.render` ------------------------------------------------------------------------


@pytest.mark.usefixtures("hugo_oracle")
def test_a_page_hugo_renders_no_file_for_is_not_published(tmp_path: Path) -> None:
    world = world_of(tmp_path)
    world.page("posts/shown.md", toml("Shown"))
    world.page("posts/link.md", toml("Link", _build='{ render = "link" }'))
    world.page("posts/never.md", toml("Never", _build='{ render = "never" }'))
    world.page("posts/later.md", toml("Later", date="2099-01-01", _build='{ render = "link" }'))
    world.ship()
    code, out = world.run()
    assert code == 0, out
    written = hugo_pages(world.author, tmp_path / "public")
    assert "2024/05/shown/index.html" in written
    assert not any(name in page for page in written for name in ("link", "never", "later"))
    assert box_pages(world) == {"2024/05/shown/index.html": "/posts/shown"}, out
    assert "0 deferred" in out and "0 blocked" in out, out  # the later one: never written
    assert world.ledger()["posts"].keys() == {"/posts/shown"}
    # `list` says the same: a `link` page has its URL, yet nothing is written there
    posts = listed(world.author)
    for name in ("link", "never"):
        post = posts[f"content/posts/{name}.md"]
        assert (post["published"], post["reason"]) == (False, "not-rendered"), post
    assert posts["content/posts/link.md"]["url"] == "/2024/05/link/"
    assert posts["content/posts/shown.md"]["published"] is True


@pytest.mark.usefixtures("hugo_oracle")
def test_a_published_page_turned_into_a_link_is_unpublished(tmp_path: Path) -> None:
    world = world_of(tmp_path)
    world.page("posts/ferry.md", toml("Ferry"))
    world.ship()
    assert world.run()[0] == 0
    assert box_pages(world) == {"2024/05/ferry/index.html": "/posts/ferry"}
    world.page("posts/ferry.md", toml("Ferry", _build='{ render = "link" }'))
    world.ship("a link only")
    code, out = world.run()
    assert code == 0 and "unpublished /posts/ferry" in out, out
    assert box_pages(world) == {}
    assert not any("ferry" in p for p in hugo_pages(world.author, tmp_path / "public"))


# -- a host per language ----------------------------------------------------------------------


@pytest.mark.usefixtures("hugo_oracle")
def test_translations_on_their_own_hosts_are_both_published_where_hugo_writes_them(
    tmp_path: Path,
) -> None:
    world = world_of(tmp_path, config=MULTIHOST)
    world.page("posts/a.md", toml("A", body="English."))
    world.page("posts/a.fr.md", toml("A", body="Français."))
    world.ship()
    code, out = world.run()
    assert code == 0 and "0 blocked" in out, out
    expected = {"en/posts/a/index.html": "en:/posts/a", "fr/posts/a/index.html": "fr:/posts/a"}
    assert box_pages(world) == expected, out
    written = hugo_pages(world.author, tmp_path / "public")
    assert set(expected) <= written
    box = world.publisher() / "outbox"
    assert (box / "fr/posts/a/index.md").read_text() == "Français.\n"
    urls = {d["url"] for d in world.ledger()["deliveries"]["outbox"].values()}
    assert urls == {"https://en.example.org/posts/a/", "https://fr.example.org/posts/a/"}


def test_a_translation_published_later_leaves_the_other_languages_page(tmp_path: Path) -> None:
    world = world_of(tmp_path, config=MULTIHOST)
    world.page("posts/a.fr.md", toml("A", body="Français."))
    world.ship()
    assert world.run()[0] == 0
    world.page("posts/a.md", toml("A", body="English."))
    world.ship("English too")
    code, out = world.run()
    assert code == 0, out
    assert box_pages(world) == {
        "en/posts/a/index.html": "en:/posts/a",
        "fr/posts/a/index.html": "fr:/posts/a",
    }


def test_a_page_moved_to_another_language_moves_to_its_host(tmp_path: Path) -> None:
    """The same relative URL and bytes, another host and file: an update, not "up to date"."""
    world = world_of(tmp_path, config=MULTIHOST)
    world.page("posts/a.md", toml("A", body="A body long enough for git to pair the rename."))
    world.ship()
    assert world.run()[0] == 0
    git(world.author, "mv", "content/posts/a.md", "content/posts/a.fr.md")
    world.ship("now French")
    code, out = world.run()
    assert code == 0 and "updated" in out, out
    assert box_pages(world) == {"fr/posts/a/index.html": "en:/posts/a"}
    assert set(box_pages(world)) <= hugo_pages(world.author, tmp_path / "public")
    urls = {d["url"] for d in world.ledger()["deliveries"]["outbox"].values()}
    assert urls == {"https://fr.example.org/posts/a/"}
    assert "nothing to publish" in world.run("--dry-run")[1]


def test_a_new_base_url_updates_the_published_pages(tmp_path: Path) -> None:
    world = world_of(tmp_path)
    world.page("posts/a.md", toml("A"))
    world.ship()
    assert world.run()[0] == 0
    world.write_raw("hugo.toml", CONFIG.replace("news.example.org", "www.example.com"))
    world.ship("new baseURL")
    code, out = world.run()
    assert code == 0 and "updated /posts/a -> outbox: https://www.example.com/2024/05/a/" in out
    world.write_raw("hugo.toml", CONFIG.split("\n", 1)[1] + MULTIHOST.split("\n", 1)[1])
    world.ship("a host per language")
    code, out = world.run()
    assert code == 0 and "updated" in out, out
    assert box_pages(world) == {"en/2024/05/a/index.html": "/posts/a"}
    assert set(box_pages(world)) <= hugo_pages(world.author, tmp_path / "public")


# -- the path of the file -------------------------------------------------------------------


@pytest.mark.usefixtures("hugo_oracle")
def test_the_folder_target_writes_each_page_at_the_file_hugo_writes(tmp_path: Path) -> None:
    world = world_of(tmp_path)
    world.page("notes/f1.md", toml("F1", url='"/f/#x"'))
    world.page("notes/f2.md", toml("F2", url='"/f/?y"'))
    world.page("notes/f3.md", toml("F3", url='"/f/"'))
    world.page("notes/cafe.md", toml("Cafe", url='"/café/"'))
    world.page("notes/spaced.md", toml("Spaced", url='"/s%20p/"'))
    world.page("posts/ete.md", toml("Été"))  # /2024/05/%C3%A9t%C3%A9/
    world.ship()
    code, out = world.run()
    assert code == 0 and "0 blocked" in out, out
    expected = {
        "f/#x/index.html": "/notes/f1",
        "f/?y/index.html": "/notes/f2",
        "f/index.html": "/notes/f3",
        "café/index.html": "/notes/cafe",
        "s%20p/index.html": "/notes/spaced",
        "2024/05/été/index.html": "/posts/ete",
    }
    assert box_pages(world) == expected, out
    assert set(expected) <= hugo_pages(world.author, tmp_path / "public")
    ledger = world.ledger()["deliveries"]["outbox"]
    assert {ledger[pid]["remote_id"] for pid in expected.values()} == set(expected)
    # an unpublish removes the files the page was written to
    git(world.author, "rm", "-q", "content/notes/f1.md", "content/posts/ete.md")
    world.ship("two gone")
    code, out = world.run()
    assert code == 0, out
    assert box_pages(world) == {
        k: v for k, v in expected.items() if "f1" not in v and "ete" not in v
    }


def test_pages_hugo_writes_to_one_file_are_both_held(tmp_path: Path) -> None:
    world = world_of(tmp_path)
    world.page("notes/one.md", toml("One", url='"/x/index.html"'))  # listed at /x/index.html/
    world.page("notes/two.md", toml("Two", url='"/x/"'))
    world.page("notes/three.md", toml("Three", url='"/y/"'))
    world.ship()
    code, out = world.run()
    assert code == 0, out
    assert box_pages(world) == {"y/index.html": "/notes/three"}, out
    assert "builds to /x/index.html/, which Hugo writes to x/index.html, as" in out, out
    assert "content/notes/two.md" in out and "2 blocked" in out, out


# -- never two posts on one page --------------------------------------------------------------


def test_a_page_is_not_written_over_another_posts_page(tmp_path: Path) -> None:
    # with `hugo/duplicate-url` a warning, nothing holds the second page back before the
    # target: the folder target refuses it, and the ledger records one post there
    world = world_of(tmp_path, severity="warning")
    world.page("notes/one.md", toml("One", url='"/same/"'))
    world.ship()
    assert world.run()[0] == 0
    world.page("notes/two.md", toml("Two", url='"/same"'))
    world.ship("another page at /same/")
    code, out = world.run()
    assert code == 1, out
    assert "same/index.html (for /same/) is the page of /notes/one" in out, out
    assert box_pages(world) == {"same/index.html": "/notes/one"}
    deliveries = world.ledger()["deliveries"]["outbox"]
    assert deliveries["/notes/one"]["state"] == "published"
    assert deliveries["/notes/two"]["state"] == "failed"
    # once the first page leaves the site, the next run gives its file to the second
    git(world.author, "rm", "-q", "content/notes/one.md")
    world.ship("the first page goes")
    code, out = world.run()
    assert code == 0, out
    assert box_pages(world) == {"same/index.html": "/notes/two"}, out
    deliveries = world.ledger()["deliveries"]["outbox"]
    assert deliveries["/notes/two"]["state"] == "published"
    assert deliveries["/notes/one"]["state"] == "unpublished"


def test_two_pages_of_one_run_never_share_a_page(tmp_path: Path) -> None:
    world = world_of(tmp_path, severity="warning")
    world.page("notes/one.md", toml("One", url='"/same/"'))
    world.page("notes/two.md", toml("Two", url='"/same"'))
    world.ship()
    code, out = world.run()
    assert code == 1 and "is the page of /notes/" in out, out
    deliveries = world.ledger()["deliveries"]["outbox"]
    states = sorted(d["state"] for d in deliveries.values())
    assert states == ["failed", "published"], deliveries
    (owner,) = box_pages(world).values()
    assert deliveries[owner]["state"] == "published"


@pytest.mark.usefixtures("hugo_oracle")
def test_a_sections_own_dates_publish_and_unpublish_the_pages_below_it(tmp_path: Path) -> None:
    """A section's `_index` dates (no cascade) hold the whole branch: its pages leave when the
    section expires and come when the section is due, though their own dates say nothing.
    The ledger keeps the section's dates, and later runs act on them as real `hugo` does."""
    world = world_of(tmp_path)
    world.write_raw(
        "content/posts/_index.md", '+++\ntitle = "Posts"\nexpiryDate = 2024-06-10T00:00:00\n+++\n'
    )
    world.write_raw(
        "content/later/_index.md", '+++\ntitle = "Later"\npublishDate = 2024-06-05T00:00:00\n+++\n'
    )
    world.page("posts/d.md", toml("D"))
    world.page("later/l.md", toml("L"))
    world.ship()
    code, out = world.run()
    assert code == 0, out
    assert "deferred: content/later/l.md is due 2024-06-05T00:00:00+02:00" in out
    assert world.ledger()["posts"]["/posts/d"]["expires"] == "2024-06-10T00:00:00+02:00"
    page, later = "2024/05/d/index.html", "later/l/index.html"
    for clock, expected in [
        ("2024-06-04T21:00:00Z", {page}),  # 23:00 in Berlin: not due yet
        ("2024-06-04T22:00:00Z", {page, later}),  # due at midnight
        ("2024-06-09T21:59:59Z", {page, later}),  # a second before it expires
        ("2024-06-09T22:00:01Z", {later}),
    ]:
        code, out = world.run(now=clock)
        assert code == 0, out
        assert set(box_pages(world)) == expected, (clock, out)
        built = hugo_pages(world.publisher(), tmp_path / f"public-{clock}", clock)
        assert built & {page, later} == expected, clock


# -- a `url` holding a dot names a file -------------------------------------------------------


def hugo_build(root: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """A real `hugo` build of ``root`` at `NOW` into ``out`` (that may fail)."""
    return subprocess.run(
        ["hugo", "--quiet", "-s", str(root), "-d", str(out), "--clock", NOW],
        capture_output=True,
        text=True,
        timeout=120,
    )


def check_site(root: Path, *paths: str) -> str:
    from tests.inputkit import pressbot

    return pressbot("check", "--site", root, *(root / p for p in paths)).out


@pytest.mark.usefixtures("hugo_oracle")
def test_a_url_holding_a_dot_anywhere_names_a_file(tmp_path: Path) -> None:
    """`url: /v1.2/notes` and `url: /x/../y7` are written as the files `v1.2/notes` and
    `y7`, not in folders of those names: the folder target writes them as such pages (with
    `.html` added, as every page of it)."""
    world = world_of(tmp_path)
    world.page("notes/a.md", toml("A", url='"/v1.2/notes"'))
    world.page("notes/y.md", toml("Y", url='"/x/../y7"'))
    world.page("notes/z.md", toml("Z", url='"/z.8/"'))
    world.ship()
    code, out = world.run()
    assert code == 0 and "0 blocked" in out, out
    expected = {"v1.2/notes.html": "/notes/a", "y7.html": "/notes/y", "z.8/index.html": "/notes/z"}
    assert box_pages(world) == expected, out
    public = tmp_path / "public"
    assert hugo_build(world.author, public).returncode == 0
    assert (public / "v1.2/notes").is_file() and (public / "y7").is_file()
    assert (public / "z.8/index.html").is_file()


@pytest.mark.usefixtures("hugo_oracle")
def test_a_page_written_into_another_pages_file_fails_hugo_and_is_held(tmp_path: Path) -> None:
    world = world_of(tmp_path)
    world.page("notes/a.md", toml("A", url='"/v1.2/notes"'))
    world.ship()
    assert world.run()[0] == 0
    world.page("notes/b.md", toml("B", url='"/v1.2/notes/more/"'))
    world.page("notes/y.md", toml("Y", url='"/x/../y7"'))
    world.page("notes/w.md", toml("W", url='"/y7/"'))
    world.ship("pages below the files")
    build = hugo_build(world.author, tmp_path / "public")
    assert build.returncode != 0 and "directory" in build.stderr, build
    whole = check_site(world.author)
    assert (
        "content/notes/a.md:1:1: error hugo/duplicate-url it builds to /v1.2/notes, the " in whole
    )
    assert (
        "content/notes/b.md:1:1: error hugo/duplicate-url it builds to /v1.2/notes/more/ (" in whole
    )
    assert (
        "content/notes/y.md:1:1: error hugo/duplicate-url it builds to /y7, the file y7," in whole
    )
    assert "content/notes/w.md:1:1: error hugo/duplicate-url" in whole and "4 error(s)" in whole
    assert "its build fails" in whole
    alone = check_site(world.author, "content/notes/b.md")
    assert "content/notes/b.md:1:1: error hugo/duplicate-url" in alone, alone
    alone = check_site(world.author, "content/notes/a.md")
    assert "content/notes/a.md:1:1: error hugo/duplicate-url" in alone, alone
    code, out = world.run()
    assert code == 0, out
    assert "blocked: content/notes/b.md" in out and "a folder that is the file of" in out, out
    assert box_pages(world) == {"v1.2/notes.html": "/notes/a"}, out


@pytest.mark.usefixtures("hugo_oracle")
def test_a_url_that_names_the_sites_root_as_a_file_fails_hugo_and_is_held(
    tmp_path: Path,
) -> None:
    world = world_of(tmp_path)
    world.page("notes/r.md", toml("R", url='"/x6/.."'))
    world.page("notes/s.md", toml("S", url='"/"'))  # the home page's file: Hugo keeps one
    world.ship()
    build = hugo_build(world.author, tmp_path / "public")
    assert build.returncode != 0 and "is a directory" in build.stderr, build
    whole = check_site(world.author)
    assert (
        'content/notes/r.md:4:1: error hugo/invalid-url url "/x6/..": Hugo takes a url '
        "holding a dot for a file's name, this one is the site's root, and its build fails"
    ) in whole, whole
    assert "content/notes/s.md:1:1: error hugo/duplicate-url" in whole, whole
    assert "keeps one of them without a word" in whole
    code, out = world.run()
    assert code == 0, out
    assert "blocked: content/notes/r.md" in out and "2 blocked" in out, out
