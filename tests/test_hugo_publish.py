"""`pressbot publish` on a Hugo site: the regular pages are the posts; a post's id, URL, date,
whether it is published and its content are Hugo's; the folder target writes at Hugo's URLs.

Real Git worlds (`tests.publishkit`), a real webhook receiver on 127.0.0.1, the real `hugo` as
the oracle of the URLs.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.publishkit import STEADY, World, git
from tests.receiver import Receiver

CONFIG = (
    'baseURL = "https://news.example.org/"\n'
    'title = "Harbour"\n'
    'timeZone = "Europe/Berlin"\n'
    "[permalinks]\n"
    'posts = "/:year/:month/:slug/"\n'
)
NOW = "2024-06-01T12:00:00Z"


class HugoWorld(World):
    """A `World` whose site is a Hugo site: `hugo.toml`, pages under `content/`."""

    def __init__(
        self, tmp: Path, targets: list[dict[str, Any]] | None = None, config: str = CONFIG
    ) -> None:
        self.tmp = tmp
        self.origin = tmp / "origin.git"
        git(tmp, "init", "--bare", "-q", "-b", "main", str(self.origin))
        self.author = tmp / "author"
        git(tmp, "clone", "-q", str(self.origin), str(self.author))
        git(self.author, "checkout", "-q", "-b", "main")
        (self.author / "hugo.toml").write_text(config)
        publish = {"publish": {"targets": targets or []}}
        (self.author / ".pressbot.yml").write_text(yaml.safe_dump(publish))
        self.write_raw("content/posts/_index.md", '+++\ntitle = "Posts"\n+++\n')
        self.commit("site")
        self.push()
        self._publishers: dict[str, Path] = {}
        self.pause_dir = tmp / "pause"
        self.pause_dir.mkdir()

    def page(self, rel: str, text: str) -> str:
        self.write_raw(f"content/{rel}", text)
        return f"content/{rel}"

    def ship(self, message: str = "change") -> None:
        self.commit(message)
        self.push()

    def run(self, *args: str, now: str = NOW) -> tuple[int, str]:
        return self.publish(*args, env={"PRESSBOT_NOW": now})


def toml(title: str, date: str = "2024-05-02T10:00:00", body: str = "Hello.", **more: str) -> str:
    extra = "".join(f"{key} = {value}\n" for key, value in more.items())
    return f'+++\ntitle = "{title}"\ndate = {date}\n{extra}+++\n{body}\n'


def hook(receiver: Receiver) -> dict[str, Any]:
    return {"name": "hook", "type": "webhook", "url": receiver.url, **STEADY}


def outbox() -> dict[str, Any]:
    return {"name": "outbox", "type": "folder", "path": "outbox"}


def live(receiver: Receiver) -> dict[str, dict[str, Any]]:
    return {pid: event.body["data"] for pid, event in receiver.live_posts().items()}


# -- what a target receives ----------------------------------------------------------------------


def test_a_page_goes_out_with_hugos_id_url_date_and_body(
    tmp_path: Path, receiver: Receiver
) -> None:
    world = HugoWorld(tmp_path, [hook(receiver)])
    world.page("posts/ferry.md", toml("Ferry", body="The *ferry* runs."))
    world.page(
        "posts/market.md",
        '{\n  "title": "Market",\n  "date": "2024-05-03T09:00:00+02:00",\n'
        '  "slug": "market-returns",\n  "tags": ["town"]\n}\nThe market is back.\n',
    )
    world.page("posts/festival/index.md", toml("Festival", body="Music."))
    world.page("posts/festival/stage.md", "A resource of the bundle, no page.\n")
    world.ship("three pages")
    code, out = world.run()
    assert code == 0, out
    posts = live(receiver)
    assert set(posts) == {"/posts/ferry", "/posts/market", "/posts/festival"}, out
    ferry = posts["/posts/ferry"]
    assert ferry["url"] == "https://news.example.org/2024/05/ferry/"
    assert ferry["date"] == "2024-05-02T10:00:00+02:00"  # no offset: the site's timeZone
    assert ferry["path"] == "content/posts/ferry.md" and ferry["title"] == "Ferry"
    assert ferry["markdown"] == "The *ferry* runs.\n" and "+++" not in ferry["html"]
    assert "<em>ferry</em>" in ferry["html"]
    market = posts["/posts/market"]
    assert market["url"].endswith("/2024/05/market-returns/") and market["tags"] == ["town"]
    assert market["markdown"] == "The market is back.\n" and "title" not in market["html"]
    assert market["front_matter"]["slug"] == "market-returns"
    assert posts["/posts/festival"]["url"].endswith("/2024/05/festival/")
    world.check(receiver, set(posts))
    ledger = world.ledger()
    assert ledger["posts"]["/posts/ferry"]["path"] == "content/posts/ferry.md"


def test_the_urls_are_the_ones_hugo_builds(tmp_path: Path, receiver: Receiver) -> None:
    """The real `hugo list all` is the oracle of each page's permalink."""
    world = HugoWorld(tmp_path, [hook(receiver)])
    world.page("posts/a.md", toml("A Title", slug='"custom"'))
    world.page("posts/b.md", toml("B", url='"/elsewhere"'))
    world.page("notes/c.md", toml("Ç Note"))
    world.page("posts/d/index.md", toml("Bundle D"))
    world.ship()
    code, out = world.run()
    assert code == 0, out
    listed = subprocess.run(
        ["hugo", "list", "all"], cwd=world.publisher(), capture_output=True, text=True, check=True
    ).stdout.splitlines()
    oracle = {row.split(",")[0]: row.rsplit(",", 1)[1] for row in listed[1:]}
    sent = {data["path"]: data["url"] for data in live(receiver).values()}
    assert sent == oracle


# -- whether it is published ---------------------------------------------------------------------


def test_a_draft_waits_and_goes_out_once_it_is_no_draft(tmp_path: Path, receiver: Receiver) -> None:
    world = HugoWorld(tmp_path, [hook(receiver)])
    world.page("posts/draft.md", toml("Draft", draft="true"))
    world.page("posts/string.md", toml("String", draft='"true"'))  # Hugo's cast: a draft too
    world.ship()
    code, out = world.run()
    assert code == 0, out
    assert live(receiver) == {}
    world.page("posts/draft.md", toml("Draft", draft="false"))
    world.ship()
    code, out = world.run()
    assert code == 0, out
    assert set(live(receiver)) == {"/posts/draft"}


def test_a_future_page_waits_for_its_publish_date(tmp_path: Path, receiver: Receiver) -> None:
    world = HugoWorld(tmp_path, [hook(receiver)])
    # `date` in the future but `publishDate` past: Hugo publishes it now
    world.page("posts/now.md", toml("Now", date="2024-09-01T10:00:00", publishDate="2024-05-01"))
    # `publishDate` in the future: deferred until then, whatever `date` says
    world.page(
        "posts/later.md", toml("Later", date="2024-01-01", publishDate="2024-07-01T08:00:00")
    )
    world.ship()
    code, out = world.run()
    assert code == 0, out
    assert set(live(receiver)) == {"/posts/now"}
    later = world.ledger()["posts"]["/posts/later"]
    assert later["status"] == "deferred"
    assert later["due"] == "2024-07-01T08:00:00+02:00"  # Europe/Berlin, the site's timeZone
    world.ship("nothing new")
    code, out = world.run(now="2024-07-01T07:00:00Z")  # 09:00 in Berlin: due
    assert code == 0, out
    assert set(live(receiver)) == {"/posts/now", "/posts/later"}


def test_a_section_cascade_unpublishes_and_republishes_its_pages(
    tmp_path: Path, receiver: Receiver
) -> None:
    """A `cascade` in a branch's `_index` changes how the pages below read though their
    files did not change: the pages the ledger knows there are read again."""
    world = HugoWorld(tmp_path, [hook(receiver)])
    world.page("posts/ferry.md", toml("Ferry"))
    world.page("posts/deep/market.md", toml("Market"))
    world.page("notes/about.md", toml("About"))
    world.ship()
    assert world.run()[0] == 0
    assert set(live(receiver)) == {"/posts/ferry", "/posts/deep/market", "/notes/about"}
    world.write_raw(
        "content/posts/_index.md", '+++\ntitle = "Posts"\n[cascade]\ndraft = true\n+++\n'
    )
    world.ship("the posts section becomes drafts")
    code, out = world.run()
    assert code == 0, out
    assert set(live(receiver)) == {"/notes/about"}, out
    world.write_raw("content/posts/_index.md", '+++\ntitle = "News"\n+++\n')
    world.ship("drafts no more")
    code, out = world.run()
    assert code == 0, out
    assert set(live(receiver)) == {"/posts/ferry", "/posts/deep/market", "/notes/about"}, out
    sent = len(receiver.accepted)
    world.write_raw("content/posts/_index.md", '+++\ntitle = "Stories"\n+++\n')
    world.ship("a section title changes no page")
    code, out = world.run()
    assert code == 0, out
    assert len(receiver.accepted) == sent, out  # read again, up to date: nothing sent


def test_a_permalink_setting_moves_the_published_urls(tmp_path: Path, receiver: Receiver) -> None:
    world = HugoWorld(tmp_path, [hook(receiver)])
    world.page("posts/ferry.md", toml("Ferry"))
    world.ship()
    assert world.run()[0] == 0
    assert live(receiver)["/posts/ferry"]["url"].endswith("/2024/05/ferry/")
    (world.author / "hugo.toml").write_text(CONFIG.replace("/:year/:month/:slug/", "/news/:slug/"))
    world.ship("new permalinks")
    code, out = world.run()
    assert code == 0, out
    assert live(receiver)["/posts/ferry"]["url"] == "https://news.example.org/news/ferry/", out


@pytest.mark.parametrize("build_expired", [False, True])
def test_an_expired_page_is_unpublished_unless_the_site_builds_it(
    tmp_path: Path, receiver: Receiver, build_expired: bool
) -> None:
    config = CONFIG.replace(
        "[permalinks]", f"buildExpired = {str(build_expired).lower()}\n[permalinks]"
    )
    world = HugoWorld(tmp_path, [hook(receiver)], config=config)
    world.page("posts/sale.md", toml("Sale"))
    world.ship()
    assert world.run()[0] == 0
    assert set(live(receiver)) == {"/posts/sale"}
    world.page("posts/sale.md", toml("Sale", expiryDate="2024-05-20"))
    world.ship()
    code, out = world.run()
    assert code == 0, out
    assert set(live(receiver)) == ({"/posts/sale"} if build_expired else set()), out


@pytest.mark.parametrize("build_expired", [False, True])
def test_a_page_leaves_when_its_expiry_date_comes(
    tmp_path: Path, receiver: Receiver, build_expired: bool
) -> None:
    """No commit makes a page expire: the ledger keeps the date, and a later run looks again."""
    config = CONFIG.replace(
        "[permalinks]", f"buildExpired = {str(build_expired).lower()}\n[permalinks]"
    )
    world = HugoWorld(tmp_path, [hook(receiver)], config=config)
    world.page("posts/sale.md", toml("Sale", expiryDate="2024-07-01T00:00:00"))
    world.page("posts/stays.md", toml("Stays"))
    world.ship()
    assert world.run()[0] == 0
    assert set(live(receiver)) == {"/posts/sale", "/posts/stays"}
    expires = world.ledger()["posts"]["/posts/sale"].get("expires")
    assert expires == (None if build_expired else "2024-07-01T00:00:00+02:00")
    code, out = world.run(now="2024-06-30T21:00:00Z")  # 23:00 in Berlin: not yet
    assert code == 0, out
    assert set(live(receiver)) == {"/posts/sale", "/posts/stays"}
    code, out = world.run(now="2024-06-30T23:00:00Z")
    assert code == 0, out
    expected = {"/posts/sale", "/posts/stays"} if build_expired else {"/posts/stays"}
    assert set(live(receiver)) == expected, out
    world.check(receiver, expected)


def test_a_page_hugo_cannot_build_is_blocked_with_a_finding(
    tmp_path: Path, receiver: Receiver
) -> None:
    world = HugoWorld(tmp_path, [hook(receiver)])
    world.page("posts/bad.md", '+++\ntitle = "Bad"\nurl = "https://elsewhere.example/x"\n+++\nx\n')
    world.page("posts/toml.md", '+++\ntitle = "Broken\n+++\nx\n')
    world.ship()
    code, out = world.run()
    assert code == 0, out  # blocked posts wait for a fix; the run itself went well
    assert live(receiver) == {}
    assert "blocked: content/posts/bad.md" in out and "protocol" in out
    assert "content/posts/bad.md" in out and "content/posts/toml.md" in out
    assert "Traceback" not in out


# -- which files are posts, and what follows them ------------------------------------------------


def test_only_regular_pages_are_posts(tmp_path: Path, receiver: Receiver) -> None:
    world = HugoWorld(tmp_path, [hook(receiver)])
    world.page("_index.md", toml("Home"))
    world.page("posts/_index.md", toml("Posts again"))
    world.page("posts/b/index.md", toml("Bundle"))
    world.page("posts/b/extra.md", toml("A resource"))
    world.page("posts/data.yaml", "title: no page\n")
    world.write_raw("static/x.md", toml("Static"))
    world.write_raw("_posts/2024-05-01-jekyll.md", "---\ntitle: no post here\n---\nx\n")
    world.write_raw(
        "content/posts/headless.md",
        '+++\ntitle = "Headless"\ndate = 2024-05-02\n[_build]\nrender = "never"\n+++\nx\n',
    )
    world.page("posts/own-id.md", toml("Own id", id='"custom-id"'))
    world.ship()
    code, out = world.run()
    assert code == 0, out
    # Hugo renders no page for `render = "never"`; an `id` key is no id to Hugo
    assert set(live(receiver)) == {"/posts/b", "/posts/own-id"}, out
    assert "blocked" not in out.replace("0 blocked", ""), out
    assert world.ledger()["posts"].keys() == {"/posts/b", "/posts/own-id"}


def test_a_renamed_page_keeps_its_id_and_a_deleted_one_leaves(
    tmp_path: Path, receiver: Receiver
) -> None:
    world = HugoWorld(tmp_path, [hook(receiver)])
    world.page("posts/old-name.md", toml("Kept", body="Same body, long enough to be a rename."))
    world.page("posts/gone.md", toml("Gone"))
    world.ship()
    assert world.run()[0] == 0
    git(world.author, "mv", "content/posts/old-name.md", "content/posts/new-name.md")
    git(world.author, "rm", "-q", "content/posts/gone.md")
    world.ship("rename and delete")
    code, out = world.run()
    assert code == 0, out
    posts = live(receiver)
    assert set(posts) == {"/posts/old-name"}, out
    # the URL comes from the title: the same page at the same URL, nothing to send again
    assert posts["/posts/old-name"]["url"].endswith("/2024/05/kept/")
    assert world.ledger()["posts"]["/posts/old-name"]["path"] == "content/posts/new-name.md"


def test_a_new_page_at_a_renamed_pages_old_name_is_a_page_of_its_own(
    tmp_path: Path, receiver: Receiver
) -> None:
    world = HugoWorld(tmp_path, [hook(receiver)])
    world.page("posts/a.md", toml("A", body="Alpha body text, long enough to be a rename."))
    world.ship()
    assert world.run()[0] == 0
    git(world.author, "mv", "content/posts/a.md", "content/posts/b.md")
    world.ship("rename")
    assert world.run()[0] == 0
    world.page("posts/a.md", toml("Brand new", body="Other words"))
    world.ship("a new page under the old name")
    code, out = world.run()
    assert code == 0, out
    assert "duplicate-id" not in out
    posts = live(receiver)
    assert set(posts) == {"/posts/a", "/posts/a~2"}, out
    assert world.ledger()["posts"]["/posts/a"]["path"] == "content/posts/b.md"
    assert posts["/posts/a~2"]["url"].endswith("/2024/05/brand-new/")
    assert world.run()[0] == 0
    world.check(receiver, {"/posts/a", "/posts/a~2"})


def test_a_page_moved_out_of_the_content_folder_is_unpublished(
    tmp_path: Path, receiver: Receiver
) -> None:
    world = HugoWorld(tmp_path, [hook(receiver)])
    world.page("posts/moving.md", toml("Moving", body="A body long enough to be a rename."))
    world.ship()
    assert world.run()[0] == 0
    (world.author / "archive").mkdir()
    git(world.author, "mv", "content/posts/moving.md", "archive/moving.md")
    world.ship("out of content")
    code, out = world.run()
    assert code == 0, out
    assert live(receiver) == {}, out


def test_a_site_in_a_subfolder_of_the_repository(
    tmp_path: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    import contextlib
    import io

    from bot.publish.__main__ import main
    from tests.publishkit import _base_env

    world = HugoWorld(tmp_path, [hook(receiver)])
    (world.author / "web").mkdir()
    for name in ("hugo.toml", ".pressbot.yml", "content"):
        git(world.author, "mv", name, f"web/{name}")
    world.ship("move the site")
    world.write_raw("web/content/posts/ferry.md", toml("Ferry"))
    world.page("posts/outside.md", toml("Outside"))  # outside the site
    world.ship()
    where = world.publisher()
    for key, value in _base_env({"PRESSBOT_NOW": NOW}).items():
        monkeypatch.setenv(key, value)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["--site", str(where / "web"), "--since", "HEAD~1"])
    assert code == 0, out.getvalue()
    posts = live(receiver)
    assert set(posts) == {"/posts/ferry"}, out.getvalue()
    assert posts["/posts/ferry"]["path"] == "content/posts/ferry.md"
    assert posts["/posts/ferry"]["url"] == "https://news.example.org/2024/05/ferry/"


def test_languages_give_each_translation_its_own_id(tmp_path: Path, receiver: Receiver) -> None:
    config = CONFIG + (
        '[languages.en]\ncontentDir = "content/en"\nweight = 1\n'
        '[languages.fr]\ncontentDir = "content/fr"\nweight = 2\n'
    )
    world = HugoWorld(
        tmp_path, [hook(receiver)], config=config.replace("[permalinks]\n", "[permalinks]\n", 1)
    )
    world.page("en/posts/ferry.md", toml("Ferry"))
    world.page("fr/posts/ferry.md", toml("Bac"))
    world.ship()
    code, out = world.run()
    assert code == 0, out
    posts = live(receiver)
    assert set(posts) == {"en:/posts/ferry", "fr:/posts/ferry"}, out
    assert posts["fr:/posts/ferry"]["url"] == "https://news.example.org/fr/2024/05/bac/"
    git(world.author, "rm", "-q", "content/fr/posts/ferry.md")
    world.ship("no French")
    code, out = world.run()
    assert code == 0, out
    assert set(live(receiver)) == {"en:/posts/ferry"}


# -- the folder target ---------------------------------------------------------------------------


def test_the_folder_target_writes_at_hugos_urls(tmp_path: Path) -> None:
    world = HugoWorld(tmp_path, [outbox()])
    world.page("posts/ferry.md", toml("Ferry", body="Ferry *news*."))
    world.page("notes/about.md", toml("About", url='"/about"'))
    world.page("posts/bundle/index.md", toml("Bundle"))
    world.ship()
    code, out = world.run()
    assert code == 0, out
    box = world.publisher() / "outbox"
    assert sorted(p.relative_to(box).as_posix() for p in box.rglob("*") if p.is_file()) == [
        "2024/05/bundle/index.html",
        "2024/05/bundle/index.json",
        "2024/05/bundle/index.md",
        "2024/05/ferry/index.html",
        "2024/05/ferry/index.json",
        "2024/05/ferry/index.md",
        "about/index.html",
        "about/index.json",
        "about/index.md",
    ]
    assert (box / "2024/05/ferry/index.md").read_text() == "Ferry *news*.\n"
    meta = json.loads((box / "2024/05/ferry/index.json").read_text())
    assert meta["id"] == "/posts/ferry"
    assert meta["url"] == "https://news.example.org/2024/05/ferry/"
    git(world.author, "rm", "-q", "content/posts/ferry.md")
    world.ship("gone")
    code, out = world.run()
    assert code == 0, out
    assert not (box / "2024/05/ferry").exists()


def test_ugly_urls_are_files(tmp_path: Path) -> None:
    world = HugoWorld(
        tmp_path, [outbox()], config=CONFIG.replace("[permalinks]", "uglyURLs = true\n[permalinks]")
    )
    world.page("posts/ferry.md", toml("Ferry"))
    world.ship()
    code, out = world.run()
    assert code == 0, out
    assert (world.publisher() / "outbox/2024/05/ferry.html").is_file()


@pytest.mark.parametrize(
    ("path", "config", "words"),
    [
        ("content/out", "", "content"),
        ("content", "", "content"),
        ("layouts/x", "", "layouts"),
        ("static", "", "static"),
        ("assets/x", "", "assets"),
        ("data", "", "data"),
        ("themes/t/out", "", "themes"),
        ("site-src/out", 'contentDir = "site-src"\n', "site-src"),
        ("files/out", 'staticDir = ["static", "files"]\n', "files"),
        ("out", 'contentDir = "."\n', "which pressbot reads"),
        (".", "", "which pressbot reads"),
    ],
)
def test_the_folder_target_never_writes_where_hugo_reads(
    tmp_path: Path, path: str, config: str, words: str
) -> None:
    target = {"name": "outbox", "type": "folder", "path": path}
    world = HugoWorld(tmp_path, [target], config=config + CONFIG)
    world.page("posts/ferry.md", toml("Ferry"))
    world.ship()
    code, out, err = world.publish_split(env={"PRESSBOT_NOW": NOW})
    assert code == 2, out + err
    assert "publish.targets[0]" in err and words in err, err
    assert world.ledger() == {}


def test_a_good_folder_on_a_hugo_site(tmp_path: Path) -> None:
    target = {"name": "outbox", "type": "folder", "path": "public-feed"}
    world = HugoWorld(tmp_path, [target])
    world.page("posts/ferry.md", toml("Ferry"))
    world.ship()
    code, out = world.run()
    assert code == 0, out
    assert (world.publisher() / "public-feed/2024/05/ferry/index.html").is_file()


def test_a_forem_target_is_refused_on_a_hugo_site(tmp_path: Path) -> None:
    forem = {"name": "forem", "type": "devto", "api_url": "http://127.0.0.1:9"}
    world = HugoWorld(tmp_path, [forem])
    world.page("posts/ferry.md", toml("Ferry", body='{{< figure src="x.png" >}}'))
    world.ship()
    code, out, err = world.publish_split(env={"PRESSBOT_NOW": NOW})
    assert code == 2, out + err
    assert "publish.targets[0]" in err and "Jekyll sites only" in err, err
    assert "Traceback" not in out + err and world.ledger() == {}


@pytest.mark.parametrize("folder", ["pages [draft]*", "."])
def test_a_content_folder_of_any_name(tmp_path: Path, receiver: Receiver, folder: str) -> None:
    world = HugoWorld(tmp_path, [hook(receiver)], config=f'contentDir = "{folder}"\n' + CONFIG)
    prefix = "" if folder == "." else f"{folder}/"
    world.write_raw(f"{prefix}posts/ferry.md", toml("Ferry"))
    world.write_raw("pages [draft]x/posts/other.md", toml("Other"))  # a glob would match it
    world.ship()
    code, out = world.run()
    assert code == 0, out
    expected = {"/posts/ferry"}
    if folder == ".":  # the whole site is content: the other folder's page is a page too
        expected = {"/posts/ferry", "/pages [draft]x/posts/other"}
    assert set(live(receiver)) == expected, out


def test_pages_that_build_to_one_url_are_both_held(tmp_path: Path, receiver: Receiver) -> None:
    world = HugoWorld(tmp_path, [hook(receiver)])
    world.page("posts/one.md", toml("One", url='"/same/"'))
    world.page("notes/two.md", toml("Two", url='"/same"'))  # Hugo's URL: /same/ too
    world.page("posts/three.md", toml("Three"))
    world.ship()
    code, out = world.run()
    assert code == 0, out
    assert set(live(receiver)) == {"/posts/three"}, out
    assert "builds to /same/, as content/posts/one.md does; Hugo writes only one" in out


def test_another_commit_than_the_checkout_is_refused(tmp_path: Path, receiver: Receiver) -> None:
    world = HugoWorld(tmp_path, [hook(receiver)])
    world.page("posts/ferry.md", toml("Ferry"))
    world.ship()
    code, out, err = world.publish_split("--ref", "HEAD~1", env={"PRESSBOT_NOW": NOW})
    assert code == 2 and "check that commit out instead" in err, out + err
    assert world.ledger() == {} and live(receiver) == {}
    code, out = world.run("--ref", "HEAD")  # the checkout itself is fine
    assert code == 0 and set(live(receiver)) == {"/posts/ferry"}, out
