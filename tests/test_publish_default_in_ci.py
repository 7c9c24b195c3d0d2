"""The default folder target works on one machine; on GitHub Actions its folder is thrown away
with the runner, so `publish` stops there (exit 2) and records nothing, rather than marking
the posts published where no one will ever see them."""

from __future__ import annotations

import re
from pathlib import Path

from tests.inputkit import pressbot
from tests.publishkit import World, git

CI = {"GITHUB_ACTIONS": "true"}
OUTBOX = {"name": "outbox", "type": "folder", "path": "_site-outbox"}


def merged_post(tmp_path: Path) -> World:
    world = World(tmp_path)
    world.write("2024-01-02-hello.md", "Hello")
    world.commit("merge: hello")
    world.push()
    return world


def test_on_github_actions_the_default_target_is_refused_and_nothing_recorded(
    tmp_path: Path,
) -> None:
    world = merged_post(tmp_path)
    code, out, err = world.publish_split(env=CI)
    assert code == 2, out + err
    [line] = err.splitlines()
    assert line.startswith("pressbot: no publish target is configured"), line
    assert "publish.targets in .pressbot.yml" in line and "Traceback" not in out + err
    assert world.ledger() == {}
    assert not (world.publisher() / "_site-outbox").exists()

    # configured afterwards: the stopped push's posts are published, none lost
    since = re.search(r"pressbot publish --since ([0-9a-f]+)", line)
    assert since is not None, line
    world.set_config([OUTBOX])
    world.commit("configure a target")
    world.push()
    code, out = world.publish("--since", since.group(1), env=CI)
    assert code == 0, out
    assert "published _posts/2024-01-02-hello -> outbox" in out
    assert (world.publisher() / "_site-outbox/2024/01/02/hello.html").is_file()


def test_the_dry_run_stops_too_and_the_status_still_reads(tmp_path: Path) -> None:
    world = merged_post(tmp_path)
    code, out, err = world.publish_split("--dry-run", env=CI)
    assert code == 2 and "no publish target is configured" in err, out + err
    code, out, err = world.publish_split("--status", env=CI)
    assert code == 0 and err == "", out + err


def test_on_a_machine_of_ones_own_the_default_folder_is_used(tmp_path: Path) -> None:
    world = merged_post(tmp_path)
    code, out = world.publish()
    assert code == 0, out
    assert (world.publisher() / "_site-outbox/2024/01/02/hello.html").is_file()


def test_init_github_says_that_publishing_needs_a_target(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: T\n")
    (site / "_posts/2026-01-01-a.md").write_text("---\ntitle: A\n---\nx\n")
    git(site, "init", "-q", "-b", "main")
    done = pressbot("init", "--github", "--site", site)
    assert done.code == 0, done
    assert "published once .pressbot.yml names a target" in done.out, done
    config = (site / ".pressbot.yml").read_text()
    assert "on GitHub Actions, publish stops (exit 2) until a target is set" in config

    (site / ".pressbot.yml").unlink()  # the settings in _config.yml, which init keeps
    (site / "_config.yml").write_text(
        "title: T\npressbot:\n  publish:\n    targets:\n      - {name: o, path: out}\n"
    )
    done = pressbot("init", "--github", "--site", site)
    assert done.code == 0, done
    assert "published to the targets the configuration names" in done.out, done
