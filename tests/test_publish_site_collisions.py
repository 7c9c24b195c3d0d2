"""`pressbot publish` blocks a post whose page `pressbot check` says is another's: two posts of
one run written to one file though their URLs differ as text, a post written over the home
page, a post at the URL of a published post that stays in the site. Blocked, such a post never
reaches a target (no attempts burnt, never *dead*) and goes out once the other has left.

Real Git worlds (`tests.publishkit`), real folder targets, the real `jekyll` (where installed)
as the oracle of which posts share one file.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.publishkit import World
from tests.test_hugo_publish import toml
from tests.test_hugo_publish_files import MULTIHOST, world_of

FOLDER = [{"name": "outbox", "type": "folder", "path": "_outbox"}]


def check_errors(cli: Any, root: Path) -> set[str]:
    run = cli("check", "--format", "json", root)
    assert run.code in (0, 1), run
    return {f["path"] for f in json.loads(run.out)["findings"] if f["severity"] == "error"}


def blocked_in(out: str) -> set[str]:
    return set(re.findall(r"blocked: (\S+)", out))


def box_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


ONE_FILE = {
    "2024-01-03-c.md": "/c/",
    "2024-01-04-d.md": "/c/index.html",
    "2024-01-05-e.md": "/%C3%A9/",
    "2024-01-06-f.md": "/é/",
    "2024-01-07-g.md": "/g",
    "2024-01-08-h.md": "/g.html",
}


def test_posts_of_one_run_written_to_one_file_are_blocked(tmp_path: Path, cli: Any) -> None:
    world = World(tmp_path, targets=FOLDER)
    for name, permalink in ONE_FILE.items():
        world.write(name, name[11:12], permalink=permalink)
    world.write("2024-01-09-alone.md", "Alone", permalink="/alone/")
    world.commit("posts")
    world.push()
    root = world.publisher()
    if shutil.which("jekyll"):  # the oracle: Jekyll writes each pair to one file
        built = subprocess.run(
            ["jekyll", "build", "-s", str(root), "-d", str(tmp_path / "built")],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert built.stdout.count("Conflict") + built.stderr.count("Conflict") == 3, built
    reported = check_errors(cli, root)
    assert reported == {f"_posts/{name}" for name in ONE_FILE}
    code, out = world.publish()
    assert code == 0, out
    assert blocked_in(out) == reported
    assert box_files(root / "_outbox") == ["alone/index.html", "alone/index.json", "alone/index.md"]


def test_a_jekyll_post_over_the_home_page_is_blocked(tmp_path: Path, cli: Any) -> None:
    world = World(tmp_path, targets=FOLDER)
    world.write_raw("index.md", "---\n---\nhome\n")
    path = world.write("2024-01-01-p.md", "P", permalink="/index.html")
    world.commit("posts")
    world.push()
    assert check_errors(cli, world.publisher()) == {path}
    code, out = world.publish()
    assert code == 0, out
    assert blocked_in(out) == {path}
    assert not (world.publisher() / "_outbox").exists()


@pytest.mark.parametrize("config", [None, MULTIHOST], ids=["one-host", "multihost"])
def test_a_hugo_page_over_the_home_page_is_blocked(
    tmp_path: Path, cli: Any, config: str | None
) -> None:
    world = world_of(tmp_path, config)
    home = world.page("posts/home.md", toml("Home", url='"/"'))
    world.page("posts/fine.md", toml("Fine"))
    if config:
        home_fr = world.page("posts/home.fr.md", toml("Accueil", url='"/"'))
    world.ship("pages")
    root = world.publisher()
    reported = check_errors(cli, root)
    assert home in reported
    code, out = world.run()
    assert code == 0, out
    assert blocked_in(out) == reported
    assert home in blocked_in(out) and (not config or home_fr in blocked_in(out))
    assert not any(p.name == "index.html" and p.parent == root / "outbox" for p in root.rglob("*"))


def outcomes(world: World) -> tuple[dict[str, Any], dict[str, Any]]:
    ledger = world.ledger()
    return ledger["posts"], ledger["deliveries"].get("outbox", {})


def test_a_post_at_a_published_posts_url_waits_for_it(tmp_path: Path, cli: Any) -> None:
    world = World(tmp_path, targets=FOLDER, publish={"max_attempts": 2})
    world.write("2024-01-01-a.md", "A", permalink="/x/")
    world.commit("a")
    world.push()
    assert world.publish()[0] == 0
    b = world.write("2024-01-02-b.md", "B", permalink="/x/")
    world.commit("b")
    world.push()
    assert b in check_errors(cli, world.publisher())
    for _ in range(4):  # more runs than max_attempts: B never reaches the folder
        code, out = world.publish()
        assert code == 0, out
        assert blocked_in(out) == {b}
    posts, deliveries = outcomes(world)
    assert posts["_posts/2024-01-02-b"]["status"] == "blocked"
    assert "_posts/2024-01-02-b" not in deliveries
    world.delete("2024-01-01-a.md")
    world.commit("a leaves")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    posts, deliveries = outcomes(world)
    assert deliveries["_posts/2024-01-02-b"]["state"] == "published"
    assert deliveries["_posts/2024-01-01-a"]["state"] == "unpublished"
    meta = world.publisher() / "_outbox/x/index.json"
    assert json.loads(meta.read_text())["id"] == "_posts/2024-01-02-b"


def test_a_hugo_page_at_a_published_pages_url_waits_for_it(tmp_path: Path, cli: Any) -> None:
    world = world_of(tmp_path)
    world.page("posts/a.md", toml("A", url='"/x/"'))
    world.ship("a")
    assert world.run()[0] == 0
    b = world.page("posts/b.md", toml("B", url='"/x/"'))
    world.ship("b")
    assert b in check_errors(cli, world.publisher())
    for _ in range(6):
        code, out = world.run()
        assert code == 0, out
        assert blocked_in(out) == {b}
    assert all(entry["state"] != "dead" for entry in outcomes(world)[1].values())
    git_rm = world.author / "content/posts/a.md"
    git_rm.unlink()
    world.ship("a leaves")
    code, out = world.run()
    assert code == 0, out
    meta = world.publisher() / "outbox/x/index.json"
    assert json.loads(meta.read_text())["path"] == b


def test_a_published_post_dated_later_again_leaves_until_its_date(tmp_path: Path) -> None:
    world = World(tmp_path, targets=FOLDER)
    world.write_raw("_posts/2024-01-01-a.md", "---\ntitle: A\npermalink: /x/\n---\nA's text.\n")
    world.commit("a")
    world.push()
    assert world.publish()[0] == 0
    world.rename("2024-01-01-a.md", "2099-01-01-a.md")
    b = world.write("2024-01-02-b.md", "B", permalink="/x/")
    world.commit("a postponed, b takes /x/")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert "unpublished _posts/2024-01-01-a -> outbox" in out
    posts, deliveries = outcomes(world)
    assert posts["_posts/2024-01-01-a"]["status"] == "deferred"
    assert deliveries["_posts/2024-01-01-a"]["state"] == "unpublished"
    assert deliveries["_posts/2024-01-02-b"]["state"] == "published"
    meta = world.publisher() / "_outbox/x/index.json"
    assert json.loads(meta.read_text())["path"] == b
    world.delete("2024-01-02-b.md")
    world.commit("b leaves")
    world.push()
    code, out = world.publish(env={"PRESSBOT_NOW": "2099-01-02T00:00:00Z"})
    assert code == 0, out
    assert json.loads(meta.read_text())["path"] == "_posts/2099-01-01-a.md"
    assert outcomes(world)[1]["_posts/2024-01-01-a"]["state"] == "published"


def test_a_partial_check_of_a_url_whose_escapes_are_not_utf8(tmp_path: Path, cli: Any) -> None:
    world = World(tmp_path, targets=FOLDER)
    path = world.write("2024-01-03-evil.md", "Evil", permalink="/x%C3.html")
    world.commit("evil")
    world.push()
    run = cli("check", world.publisher() / path)
    assert run.code in (0, 1) and "internal error" not in run.err, run
