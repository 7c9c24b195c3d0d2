"""`pressbot publish` blocks exactly the posts `pressbot check` reports errors for: one
engine judges both, with the site's rule selection and severities."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from tests.publishkit import World, post_text

PROBLEMS = {
    "2024-01-02-clean.md": post_text("Clean"),
    "2024-01-03-mojibake.md": post_text("Mojibake", "2024-01-03 10:00:00 +0000", "Hereâ€™s"),
    "2024-01-04-bom.md": "\ufeff" + post_text("Byte-order mark", "2024-01-04 10:00:00 +0000"),
    "2024-01-05-commas.md": post_text(
        "Commas", "2024-01-05 10:00:00 +0000", categories="news, sport"
    ),
    "2024-01-06-other-day.md": post_text("Other day", "2024-01-09 10:00:00 +0000"),
    "2024-01-07-zero-width.md": post_text(
        "Zero width", "2024-01-07 10:00:00 +0000", "zero\u200bwidth"
    ),
    "2024-01-08-same-a.md": post_text("A", "2024-01-08 10:00:00 +0000", permalink="/same/"),
    "2024-01-08-same-b.md": post_text("B", "2024-01-08 11:00:00 +0000", permalink="/same/"),
    "2024-01-10-twin-a.md": post_text("Twin", "2024-01-10 10:00:00 +0000", id="twin"),
    "2024-01-11-twin-b.md": post_text("Twin", "2024-01-11 10:00:00 +0000", id="twin"),
}


def errors_of_check(cli: Any, root: Path) -> set[str]:
    run = cli("check", "--format", "json", root)
    assert run.code in (0, 1), run
    return {f["path"] for f in json.loads(run.out)["findings"] if f["severity"] == "error"}


def run_both(tmp_path: Path, cli: Any, rules: dict[str, Any]) -> tuple[set[str], set[str]]:
    world = World(tmp_path, targets=[{"name": "outbox", "type": "folder", "path": "_outbox"}])
    config = yaml.safe_load((world.author / ".pressbot.yml").read_text())
    (world.author / ".pressbot.yml").write_text(yaml.safe_dump({**config, "rules": rules}))
    for name, text in PROBLEMS.items():
        world.write_raw(f"_posts/{name}", text)
    world.commit("posts")
    world.push()
    reported = errors_of_check(cli, world.publisher())
    code, out = world.publish()
    assert code == 0, out
    blocked = set(re.findall(r"blocked: (\S+)", out))
    return reported, blocked


def test_with_the_default_severities(tmp_path: Path, cli: Any) -> None:
    reported, blocked = run_both(tmp_path, cli, {})
    assert "_posts/2024-01-03-mojibake.md" in reported
    assert "_posts/2024-01-08-same-a.md" in reported and "_posts/2024-01-10-twin-a.md" in reported
    assert "_posts/2024-01-05-commas.md" not in reported  # a warning
    assert blocked == reported


def test_with_the_sites_own_severities(tmp_path: Path, cli: Any) -> None:
    rules = {
        "severity": {"jekyll/categories-string": "error", "encoding/mojibake": "warning"},
        "ignore": ["jekyll/date-mismatch"],
    }
    reported, blocked = run_both(tmp_path, cli, rules)
    assert "_posts/2024-01-05-commas.md" in reported
    assert "_posts/2024-01-03-mojibake.md" not in reported
    assert "_posts/2024-01-06-other-day.md" not in reported
    assert blocked == reported


def test_a_default_day_without_a_time_holds_every_post(tmp_path: Path) -> None:
    """`defaults` with `date: 2024-02-03` (a day, no time): Jekyll reads no post, even one
    that gives its own date, so publish holds them all, with the check's error."""
    world = World(tmp_path, targets=[{"name": "outbox", "type": "folder", "path": "_outbox"}])
    world.write_raw(
        "_config.yml",
        "title: T\ndefaults:\n  - scope: {path: elsewhere/}\n    values: {date: 2024-02-03}\n",
    )
    world.write("2024-01-02-own-date.md", "Own date")
    world.commit("posts")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    assert set(re.findall(r"blocked: (\S+)", out)) == {"_posts/2024-01-02-own-date.md"}, out
    assert "jekyll/defaults" in out and "_config.yml:4:" in out, out
