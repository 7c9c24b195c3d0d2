"""Helpers (no tests) for the `pressbot pr` tests: a real site in a real Git repository, a real pull
request on the fake GitHub, the event file GitHub Actions would write, and a run of the command.
"""

from __future__ import annotations

import copy
import io
import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.cli import build_parser
from bot.commands.pr import execute
from bot.errors import UsageError
from tests.fakegithub import BOT, FakeGitHub, PullRequest

FIXTURES = Path(__file__).parent / "fixtures" / "github"
REPO = "octo/blog"
TOKEN = "ghs_writetoken_0123456789abcdefghijklmnop"
CONFIG = "title: Test blog\ntimezone: UTC\n"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def post(title: str, body: str, date: str = "2024-01-02") -> str:
    return f'---\nlayout: post\ntitle: "{title}"\ndate: {date}\n---\n{body}\n'


@dataclass
class SiteRepo:
    root: Path
    base: str = ""

    @classmethod
    def create(cls, root: Path, files: dict[str, str | bytes]) -> SiteRepo:
        root.mkdir(parents=True, exist_ok=True)
        git(root, "init", "-q", "-b", "main")
        git(root, "config", "user.email", "t@example.org")
        git(root, "config", "user.name", "T")
        git(root, "config", "commit.gpgsign", "false")
        site = cls(root)
        site.base = site.commit({"_config.yml": CONFIG, **files}, "base")
        git(root, "checkout", "-q", "-b", "topic")
        return site

    def commit(self, files: dict[str, str | bytes | None], message: str = "change") -> str:
        for name, content in files.items():
            path = self.root / name
            if content is None:
                git(self.root, "rm", "-q", name)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_bytes(content.encode("utf-8"))
            git(self.root, "add", name)
        git(self.root, "commit", "-q", "--allow-empty", "-m", message)
        return git(self.root, "rev-parse", "HEAD").strip()

    def head(self) -> str:
        return git(self.root, "rev-parse", "HEAD").strip()

    def pr_files(self, head: str | None = None) -> list[dict[str, Any]]:
        """What GitHub's PR files API would list: one entry per file, with its patch; a
        renamed file is one entry, with its ``previous_filename``."""
        head = head or self.head()
        status_of = {"A": "added", "M": "modified", "D": "removed", "R": "renamed"}
        out = []
        listing = git(self.root, "diff", "--name-status", "-M", f"{self.base}...{head}")
        for row in listing.splitlines():
            code, *names = row.split("\t")
            name = names[-1]
            patch = git(self.root, "diff", "-U3", "-M", f"{self.base}...{head}", "--", *names)
            hunk_start = patch.find("\n@@")
            entry = {
                "sha": "0" * 40,
                "filename": name,
                "status": status_of.get(code[0], "modified"),
                "patch": patch[hunk_start + 1 :] if hunk_start >= 0 else None,
            }
            if code[0] == "R":
                entry["previous_filename"] = names[0]
            out.append(entry)
        return out


def event(pr: PullRequest, repo: str = REPO, action: str = "synchronize") -> dict[str, Any]:
    payload = json.loads((FIXTURES / "webhooks" / "pull_request.opened.json").read_text())
    payload = copy.deepcopy(payload)
    payload["action"] = action
    payload["number"] = pr.number
    p = payload["pull_request"]
    p["number"] = pr.number
    p["title"] = pr.title
    p["body"] = pr.body
    p["head"]["sha"] = pr.head_sha
    p["base"]["sha"] = pr.base_sha
    p["changed_files"] = len(pr.files)
    p["head"]["repo"]["full_name"] = pr.head_repo
    p["base"]["repo"]["full_name"] = repo
    payload["repository"]["full_name"] = repo
    return payload


def workflow_run_event(pr: PullRequest, repo: str = REPO) -> dict[str, Any]:
    payload = json.loads(
        (FIXTURES / "webhooks" / "workflow_run.completed.with-pull-requests.json").read_text()
    )
    run = payload["workflow_run"]
    run["event"] = "pull_request"
    run["head_sha"] = pr.head_sha
    run["head_branch"] = pr.head_ref
    run["head_repository"]["full_name"] = pr.head_repo
    # GitHub leaves pull_requests empty for runs from forks
    run["pull_requests"] = [] if pr.head_repo != repo else [{"number": pr.number}]
    payload["repository"]["full_name"] = repo
    return payload


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    summary: str = ""

    def annotation_lines(self) -> list[str]:
        return [line for line in self.out.splitlines() if line.startswith("::")]


@dataclass
class Runner:
    fake: FakeGitHub
    site: SiteRepo
    tmp: Path
    count: int = 0
    env_extra: dict[str, str] = field(default_factory=dict)

    def open_pr(self, number: int = 7, fork: bool = False, title: str = "Posts") -> PullRequest:
        pr = PullRequest(
            REPO,
            number,
            self.site.head(),
            self.site.base,
            "someone/blog" if fork else REPO,
            title=title,
            files=self.site.pr_files(),
        )
        return self.fake.add_pull(pr)

    def push(self, pr: PullRequest, files: dict[str, str | bytes | None]) -> str:
        pr.head_sha = self.site.commit(files)
        pr.files = self.site.pr_files()
        return pr.head_sha

    def env(self, payload: dict[str, Any], name: str, token: str | None = TOKEN) -> dict[str, str]:
        self.count += 1
        path = self.tmp / f"event-{self.count}.json"
        path.write_text(json.dumps(payload))
        summary = self.tmp / f"summary-{self.count}.md"
        env = {
            "GITHUB_ACTIONS": "true",
            "GITHUB_EVENT_NAME": name,
            "GITHUB_EVENT_PATH": str(path),
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_API_URL": self.fake.url,
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_STEP_SUMMARY": str(summary),
            **self.env_extra,
        }
        if token:
            env["GITHUB_TOKEN"] = token
        return env

    def run(
        self, pr: PullRequest, *argv: str, token: str | None = TOKEN, site: Path | None = None
    ) -> Outcome:
        return self.invoke(self.env(event(pr), "pull_request", token), argv, site)

    def post(
        self, pr: PullRequest, results: Path, *argv: str, token: str | None = TOKEN
    ) -> Outcome:
        env = self.env(workflow_run_event(pr), "workflow_run", token)
        return self.invoke(env, ("--post", str(results), *argv), None)

    def invoke(self, env: dict[str, str], argv: Any, site: Path | None) -> Outcome:
        args = build_parser("pr").parse_args(["pr", "--site", str(site or self.site.root), *argv])
        out = io.StringIO()
        try:
            code = execute(args, env, out)
            err = ""
        except UsageError as exc:
            code, err = 2, str(exc)
        summary_path = Path(env["GITHUB_STEP_SUMMARY"])
        text = summary_path.read_text(encoding="utf-8") if summary_path.exists() else ""
        return Outcome(code, out.getvalue(), err, text)


def bot_comment(fake: FakeGitHub, number: int = 7) -> dict[str, Any]:
    mine = fake.bot_comments(REPO, number)
    assert len(mine) == 1, f"expected one bot comment, found {len(mine)}"
    return mine[0]


__all__ = ["BOT", "FakeGitHub", "PullRequest"]
