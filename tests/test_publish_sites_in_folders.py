"""Two sites in one repository (`blog/` and `docs/`) each publish their own posts: each has
its own ledger (their posts have the same ids), and a site in a folder whose ledger was kept
in `refs/pressbot/ledger` before goes on from it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml

from tests.inputkit import pressbot

POST = "---\ntitle: {title}\ndate: 2024-01-02 10:00:00 +0000\n---\n{body}\n"


def git(cwd: Path, *args: str, data: bytes | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, check=True)
    return done.stdout.decode().strip()


def repository(tmp_path: Path, sites: tuple[str, ...] = ("blog", "docs")) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "a@example.org")
    git(repo, "config", "user.name", "A")
    for site in sites:
        (repo / site / "_posts").mkdir(parents=True)
        (repo / site / "_config.yml").write_text(f"title: {site}\ntimezone: UTC\n")
        target = {"name": "outbox", "type": "folder", "path": "out"}
        (repo / site / ".pressbot.yml").write_text(
            yaml.safe_dump({"publish": {"targets": [target]}})
        )
        post = POST.format(title=f"{site} hello", body=f"Hi from {site}.")
        (repo / site / "_posts/2024-01-02-hello.md").write_text(post)
    commit(repo, "sites")
    return repo


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A", ".", ":!*/out")
    git(repo, "commit", "-qm", message)


def publish(repo: Path, site: str) -> str:
    run = pressbot("publish", "--site", repo / site, "--no-remote", cwd=repo)
    assert run.code == 0 and "Traceback" not in run.err, run
    return run.out


def page(repo: Path, site: str) -> str:
    return (repo / site / "out/2024/01/02/hello.html").read_text()


def test_each_site_publishes_its_own_posts(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    assert "1 delivered" in publish(repo, "blog")
    assert "1 delivered" in publish(repo, "docs")
    assert "Hi from docs." in page(repo, "docs") and "Hi from blog." in page(repo, "blog")
    for site in ("blog", "docs"):
        hello = repo / site / "_posts/2024-01-02-hello.md"
        hello.write_text(hello.read_text() + f"More from {site}.\n")
    commit(repo, "edits")
    assert "1 delivered" in publish(repo, "docs")
    assert "1 delivered" in publish(repo, "blog")
    assert "More from docs." in page(repo, "docs") and "More from blog." in page(repo, "blog")
    refs = git(repo, "for-each-ref", "--format=%(refname)", "refs/pressbot")
    assert refs.split() == ["refs/pressbot/ledgers/blog", "refs/pressbot/ledgers/docs"]
    ledger = json.loads(git(repo, "show", "refs/pressbot/ledgers/docs:ledger.json"))
    assert ledger["site"] == "docs/"


def test_a_ledger_kept_before_goes_on_for_its_site(tmp_path: Path) -> None:
    repo = repository(tmp_path, ("blog",))
    publish(repo, "blog")
    # the ledger as it was written before ledgers were kept per site: no site, the old ref
    ledger = json.loads(git(repo, "show", "refs/pressbot/ledgers/blog:ledger.json"))
    del ledger["site"]
    blob = git(repo, "hash-object", "-w", "--stdin", data=json.dumps(ledger).encode())
    tree = git(repo, "mktree", data=f"100644 blob {blob}\tledger.json\n".encode())
    old = git(repo, "commit-tree", tree, "-m", "ledger")
    git(repo, "update-ref", "refs/pressbot/ledger", old)
    git(repo, "update-ref", "-d", "refs/pressbot/ledgers/blog")
    hello = repo / "blog/_posts/2024-01-02-hello.md"
    hello.write_text(hello.read_text() + "An edit.\n")
    commit(repo, "an edit")
    out = publish(repo, "blog")
    assert "1 delivered" in out and "(first run)" not in out, out
    status = pressbot("publish", "--site", repo / "blog", "--status", "--json", cwd=repo)
    live = json.loads(status.out)["deliveries"]["outbox"]["_posts/2024-01-02-hello"]
    assert live["seq"] == 2  # an update of what was published, not a first delivery
    assert git(repo, "rev-parse", "refs/pressbot/ledger") == old  # left as it was
    assert "An edit." in page(repo, "blog")
