"""Real Git worlds for the publish tests: a bare `origin`, an author's clone, publishers.

The author writes posts and pushes; each publisher is a clone that fetches the branch and
runs `pressbot publish` on it, in this process (:meth:`World.publish`) or as a separate
process (:meth:`World.spawn`) that a test may pause at a named point and SIGKILL.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from tests.inputkit import as_from_a_shell
from tests.receiver import SECRET

ROOT = Path(__file__).resolve().parent.parent
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Author",
    "GIT_AUTHOR_EMAIL": "author@example.org",
    "GIT_COMMITTER_NAME": "Author",
    "GIT_COMMITTER_EMAIL": "author@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}
STEADY = {"timeout": 30, "retries": 3, "backoff": 0.01, "max_wait": 2}
"""For every test: a slow answer is waited for, so a request is never retried for being slow."""
HANG = {**STEADY, "timeout": 2, "retries": 6}
"""Only for tests of a timeout, together with the receiver's "hang" fault (an answer held until
the test ends): the deadline passes whatever the machine's speed. A healthy answer may be slow
too, and then repeated: such tests count accepted deliveries, or allow trailing repeats."""


def git(cwd: Path, *args: str, check: bool = True) -> str:
    env = {**os.environ, **GIT_ENV}
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {proc.stderr}")
    return proc.stdout.strip()


def git_input(cwd: Path, text: str, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    proc = subprocess.run(
        ["git", *args], cwd=cwd, env=env, input=text, capture_output=True, text=True, check=True
    )
    return proc.stdout.strip()


def post_text(
    title: str, date: str = "2024-01-02 10:00:00 +0000", body: str = "Hello.", **fm: Any
) -> str:
    front = {"layout": "post", "title": title, "date": date, **fm}
    return (
        "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body + "\n"
    )


class World:
    def __init__(
        self,
        tmp: Path,
        targets: list[dict[str, Any]] | None = None,
        publish: dict[str, Any] | None = None,
        rules: dict[str, Any] | None = None,
    ) -> None:
        self.tmp = tmp
        self.origin = tmp / "origin.git"
        git(tmp, "init", "--bare", "-q", "-b", "main", str(self.origin))
        self.author = tmp / "author"
        git(tmp, "clone", "-q", str(self.origin), str(self.author))
        git(self.author, "checkout", "-q", "-b", "main")
        (self.author / "_config.yml").write_text(
            "title: Test site\nurl: https://blog.example.org\ntimezone: UTC\n"
        )
        config: dict[str, Any] = {"publish": {**(publish or {}), "targets": targets or []}}
        if rules:
            config["rules"] = rules
        (self.author / ".pressbot.yml").write_text(yaml.safe_dump(config))
        (self.author / "_posts").mkdir()
        self.commit("site")
        self.push()
        self._publishers: dict[str, Path] = {}
        self.pause_dir = tmp / "pause"
        self.pause_dir.mkdir()

    # -- authoring -------------------------------------------------------------------------
    def write(self, name: str, title: str, **kw: Any) -> str:
        """A post under `_posts/`, dated (by default) as its file name says."""
        if "date" not in kw and name[:10].count("-") == 2:
            kw["date"] = f"{name[:10]} 10:00:00 +0000"
        path = self.author / "_posts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(post_text(title, **kw), encoding="utf-8")
        return f"_posts/{name}"

    def write_raw(self, rel: str, text: str) -> None:
        path = self.author / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def rename(self, old: str, new: str) -> None:
        git(self.author, "mv", f"_posts/{old}", f"_posts/{new}")

    def delete(self, name: str) -> None:
        git(self.author, "rm", "-q", f"_posts/{name}")

    def commit(self, message: str) -> str:
        git(self.author, "add", "-A")
        git(self.author, "commit", "-q", "--allow-empty", "-m", message)
        return self.head()

    def push(self) -> str:
        git(self.author, "push", "-q", "origin", "main")
        return self.head()

    def head(self) -> str:
        return git(self.author, "rev-parse", "HEAD")

    def set_config(
        self, targets: list[dict[str, Any]], publish: dict[str, Any] | None = None
    ) -> None:
        config = {"publish": {**(publish or {}), "targets": targets}}
        (self.author / ".pressbot.yml").write_text(yaml.safe_dump(config))

    # -- publishing ------------------------------------------------------------------------
    def publisher(self, name: str = "ci", at: str | None = None) -> Path:
        """A clone checked out at ``at`` (default: origin's main), fetched afresh."""
        path = self._publishers.get(name)
        if path is None:
            path = self.tmp / f"pub-{name}"
            git(self.tmp, "clone", "-q", str(self.origin), str(path))
            self._publishers[name] = path
        git(path, "fetch", "-q", "origin")
        git(path, "checkout", "-q", "--detach", at or "origin/main")
        return path

    def publish(
        self, *args: str, name: str = "ci", at: str | None = None, env: dict[str, str] | None = None
    ) -> tuple[int, str]:
        """Run `pressbot publish` in this process, in a fresh checkout of the publisher."""
        code, out, err = self.publish_split(*args, name=name, at=at, env=env)
        return code, out + err

    def publish_split(
        self, *args: str, name: str = "ci", at: str | None = None, env: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        """As :meth:`publish`, with standard output and standard error apart."""
        from bot.publish.__main__ import main

        where = self.publisher(name, at)
        out, err = io.StringIO(), io.StringIO()
        saved = dict(os.environ)
        os.environ.update(_base_env(env))
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(["--site", str(where), "--claim-timeout", "30", "--wait", "10", *args])
        finally:
            os.environ.clear()
            os.environ.update(saved)
        return code, out.getvalue(), err.getvalue()

    def set_ledger(self, text: str) -> str:
        """Make origin's ledger ref a commit whose ledger.json holds ``text``."""
        blob = git_input(self.origin, text, "hash-object", "-w", "--stdin")
        tree = git_input(self.origin, f"100644 blob {blob}\tledger.json\n", "mktree")
        commit = git(self.origin, "commit-tree", tree, "-m", "ledger")
        git(self.origin, "update-ref", "refs/pressbot/ledger", commit)
        return commit

    def spawn(
        self,
        *args: str,
        name: str = "ci",
        at: str | None = None,
        pause: str | None = None,
        env: dict[str, str] | None = None,
        checkout: bool = True,
        pause_dir: Path | None = None,
    ) -> subprocess.Popen[str]:
        """Start `python -m bot.publish` as its own process group (killable as a whole)."""
        where = self.publisher(name, at) if checkout else self._publishers[name]
        full_env = {**os.environ, **_base_env(env), "PYTHONPATH": str(ROOT)}
        if pause:
            full_env["PRESSBOT_TEST_PAUSE_AT"] = pause
            full_env["PRESSBOT_TEST_PAUSE_DIR"] = str(pause_dir or self.pause_dir)
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bot.publish",
                "--site",
                str(where),
                "--claim-timeout",
                "30",
                "--wait",
                "20",
                *args,
            ],
            cwd=ROOT,
            env=full_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            preexec_fn=as_from_a_shell,
        )

    def wait_point(
        self,
        point: str,
        proc: subprocess.Popen[str],
        timeout: float = 60,
        pause_dir: Path | None = None,
    ) -> None:
        flag = (pause_dir or self.pause_dir) / f"{point}.reached"
        deadline = time.monotonic() + timeout
        while not flag.exists():
            if proc.poll() is not None:
                raise AssertionError(
                    f"publisher ended before {point}: {proc.stdout.read() if proc.stdout else ''}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(f"publisher never reached {point}")
            time.sleep(0.01)

    def release(self, point: str, pause_dir: Path | None = None) -> None:
        ((pause_dir or self.pause_dir) / f"{point}.go").write_text("go")

    def kill(self, proc: subprocess.Popen[str]) -> None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def ledger(self, name: str = "ci") -> dict[str, Any]:
        """The ledger as origin has it."""
        sha = git(self.origin, "rev-parse", "--verify", "-q", "refs/pressbot/ledger", check=False)
        if not sha:
            return {}
        return json.loads(git(self.origin, "cat-file", "blob", f"{sha}:ledger.json"))

    def live_in_ledger(self, target: str) -> dict[str, dict[str, Any]]:
        entries = self.ledger().get("deliveries", {}).get(target, {})
        return {pid: e for pid, e in entries.items() if e.get("live")}

    def check(self, receiver: Any, expected: set[str], target: str = "hook") -> None:
        """Receiver and ledger agree: exactly ``expected`` live, each once, same content."""
        assert not receiver.bad_signatures()
        assert receiver.duplicates() == []
        live = receiver.live_posts()
        ledger = self.live_in_ledger(target)
        assert set(live) == expected, (sorted(live), sorted(expected))
        assert set(ledger) == expected
        for pid, event in live.items():
            assert event.content_hash == ledger[pid]["hash"], pid
        for item in receiver.log:
            assert item.idempotency_key == item.key
        open_ = {
            pid: e["state"]
            for pid, e in self.ledger().get("deliveries", {}).get(target, {}).items()
            if e["state"] not in ("published", "unpublished")
        }
        assert open_ == {}, open_


def _base_env(extra: dict[str, str] | None) -> dict[str, str]:
    quiet = {
        k: ""
        for k in (
            "GITHUB_TOKEN",
            "GITHUB_STEP_SUMMARY",
            "GITHUB_EVENT_PATH",
            "GITHUB_EVENT_NAME",
            "PRESSBOT_NOW",
        )
    }
    return {**quiet, "PRESSBOT_WEBHOOK_SECRET": SECRET, **(extra or {})}


def outbox_world(
    tmp_path: Path, posts: dict[str, dict[str, str]], rules: dict[str, Any] | None = None
) -> World:
    """A world publishing to the folder target `outbox` (deleted posts unpublished), with
    ``posts`` (file name -> front matter, `title` among it) committed and pushed; ``rules``:
    the `rules` settings of its `.pressbot.yml`."""
    world = World(
        tmp_path,
        targets=[{"name": "outbox", "type": "folder", "path": "outbox"}],
        publish={"unpublish_deleted": True},
        rules=rules,
    )
    for name, front in posts.items():
        world.write(name, front.pop("title", name), **front)
    world.commit("posts")
    world.push()
    return world
