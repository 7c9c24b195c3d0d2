"""The announcement: a job summary always, a comment on the merged PR with a token."""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from bot.publish.report import Done, Report, comment_markdown, github_length, md_text, safe_url
from tests.localserver import LocalServer, read_json
from tests.publishkit import World, git

EVIL = "Hi @octocat <img src=x onerror=alert(1)> **bold** [link](http://evil.example) #12 | `x`"


class PullsAPI(LocalServer):
    """GitHub's `GET /repos/{repo}/commits/{sha}/pulls` and `POST .../issues/{n}/comments`."""

    def __init__(self) -> None:
        self.pulls: dict[str, dict[str, Any]] = {}
        self.comments: list[tuple[int, str, str | None]] = []
        self.requests: list[str] = []
        self.lost_answers = 0  # comments made, but answered with a 502 (as a proxy does)
        self.garbled: Any = None  # the answer to the pulls of a commit, instead of the list
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, data: Any) -> None:
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                api.requests.append("GET " + self.path)
                parts = self.path.split("?")[0].split("/")
                if len(parts) == 7 and parts[4] == "commits" and parts[6] == "pulls":
                    if api.garbled is not None:
                        self._send(200, api.garbled)
                        return
                    pr = api.pulls.get(parts[5])
                    self._send(200, [pr] if pr else [])
                else:
                    self._send(404, {"message": "Not Found"})

            def do_POST(self) -> None:
                api.requests.append("POST " + self.path)
                body = read_json(self)
                if github_length(body["body"]) > 65536:  # GitHub's answer to a long body
                    self._send(422, {"message": "Body is too long (maximum is 65536 characters)"})
                    return
                number = int(self.path.split("/")[-2])
                api.comments.append((number, body["body"], self.headers.get("Authorization")))
                if api.lost_answers:
                    api.lost_answers -= 1
                    self._send(502, {"message": "Server Error"})
                    return
                self._send(201, {"id": len(api.comments)})

        super().__init__(Handler)


@pytest.fixture
def api() -> Iterator[PullsAPI]:
    server = PullsAPI()
    yield server
    server.close()


def test_md_text_is_inert() -> None:
    text = md_text(EVIL)
    assert "@octocat" not in text and "@\u200boctocat" in text
    assert "<" not in text and ">" not in text
    assert "#12" not in text and "#\u200b12" in text
    import re

    assert not re.search(r"(?<!\\)[*\[\]()`|]", text)  # every markup character escaped
    assert md_text('it\'s "quoted" & <b>') == 'it\'s "quoted" &amp; &lt;b&gt;'
    assert md_text("a\nb\r\n::error::x") == "a b \\:\\:error\\:\\:x"


def test_safe_url() -> None:
    assert safe_url("https://x.org/a b/(c)") == "https://x.org/a%20b/%28c%29"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("/relative.html") is None


def merged_pr_world(tmp_path: Path, api: PullsAPI) -> tuple[World, dict[str, str]]:
    world = World(tmp_path)
    git(world.author, "checkout", "-q", "-b", "feature")
    world.write("2024-01-02-evil.md", EVIL)
    feature = world.commit("evil post")
    git(world.author, "checkout", "-q", "main")
    git(world.author, "merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #7")
    merge = world.push()
    api.pulls[feature] = {
        "number": 7,
        "merged_at": "2024-01-02T10:00:00Z",
        "merge_commit_sha": merge,
    }
    summary = tmp_path / "summary.md"
    env = {
        "GITHUB_TOKEN": "ghs_test",
        "GITHUB_REPOSITORY": "octo/site",
        "GITHUB_API_URL": api.url,
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    return world, env


def test_comment_on_the_merged_pr(tmp_path: Path, api: PullsAPI) -> None:
    world, env = merged_pr_world(tmp_path, api)
    code, out = world.publish(env=env)
    assert code == 0, out
    assert "announced 1 posts on pull request #7" in out
    [(number, body, auth)] = api.comments
    assert number == 7 and auth == "Bearer ghs_test"
    assert "<!-- pressbot:publish -->" in body
    assert "(https://blog.example.org/2024/01/02/evil.html)" in body
    assert "@octocat" not in body and "<img" not in body and "**bold**" not in body
    assert "[link](http" not in body
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text()
    assert "### pressbot publish" in summary and "evil.html" in summary
    assert "<img" not in summary and "@octocat" not in summary


def test_a_comment_answered_with_a_5xx_is_not_made_twice(tmp_path: Path, api: PullsAPI) -> None:
    world, env = merged_pr_world(tmp_path, api)
    api.lost_answers = 5
    code, out = world.publish(env=env)
    assert code == 0, out  # the posts are out: the announcement is only reported
    assert "note: could not comment on the pull request" in out
    assert "not repeated (it may have been made)" in out
    assert len(api.comments) == 1


@pytest.mark.parametrize("garbled", ["<html>hiccup</html>", {"message": "x"}, [{"number": "7"}]])
def test_a_pulls_answer_that_is_no_list_of_pulls_is_reported(
    tmp_path: Path, api: PullsAPI, garbled: Any
) -> None:
    world, env = merged_pr_world(tmp_path, api)
    api.garbled = garbled
    code, out = world.publish(env=env)
    assert code == 0, out
    assert "note: could not comment on the pull request: GitHubError" in out
    assert "not a list of them" in out and api.comments == []


def test_without_token_summary_only(tmp_path: Path, api: PullsAPI) -> None:
    world, env = merged_pr_world(tmp_path, api)
    env["GITHUB_TOKEN"] = ""
    code, out = world.publish(env=env)
    assert code == 0, out
    assert api.requests == []
    assert "evil.html" in Path(env["GITHUB_STEP_SUMMARY"]).read_text()


def test_log_lines_cannot_forge_workflow_commands(tmp_path: Path) -> None:
    world = World(tmp_path)
    world.write_raw(
        "_posts/2024-01-02-x.md", '---\ntitle: "a\\n::error::forged"\nlayout: [\n---\nbody\n'
    )
    world.commit("bad")
    world.push()
    code, out = world.publish()
    assert code == 0
    assert not any(line.startswith("::") for line in out.splitlines())


def test_md_text_breaks_issue_references_and_autolinks() -> None:
    text = md_text("see GH-12, gh-3, https://evil.example/x and www.evil.example")
    assert "GH\\-1" not in text and "GH\\-\u200b12" in text and "gh\\-\u200b3" in text
    assert "\\:/\u200b/" in text and "www\u200b\\." in text


def many_done(posts: int = 400, targets: int = 2) -> list[Done]:
    title = "A long title with an emoji 🎉 and words " * 5
    return [
        Done(
            f"target-{t}",
            f"_posts/2024-01-01-post-{n}",
            "publish",
            f"https://blog.example.org/2024/01/01/a-rather-long-slug-for-post-number-{n}.html",
            f"{title} {n}",
            f"_posts/2024-01-01-post-{n}.md",
        )
        for n in range(posts)
        for t in range(targets)
    ]


def test_the_comment_stays_within_githubs_limit() -> None:
    done = many_done()
    body = comment_markdown(done)
    assert github_length(body) <= 65536
    assert len(body.encode("utf-16-le")) // 2 <= 65536  # emoji count twice in UTF-16
    shown = body.count("\n- published: ")
    last = body.rstrip("\n").splitlines()[-1]
    assert last == f"- ... and {len(done) - shown} more (see the job summary)"
    assert 0 < shown < len(done)
    full = comment_markdown(done, limit=10**9)
    assert github_length(full) > 65536  # the case is real: 800 lines do not fit
    assert body.startswith(full[: len(body) - len(last) - 1])  # a prefix of the full list
    from bot.publish.report import summary_markdown

    report = Report(done=done)
    assert summary_markdown(report).count("\n- published: ") == len(done)


def test_the_job_summary_stays_within_one_mebibyte() -> None:
    from bot.publish.report import summary_markdown

    text = summary_markdown(Report(done=many_done(posts=3000)))
    assert len(text.encode()) <= 1024 * 1024
    assert text.rstrip("\n").splitlines()[-1].endswith("more (see the job log)")


def test_a_long_comment_is_cut_not_refused(tmp_path: Path, api: PullsAPI) -> None:
    world = World(tmp_path)
    git(world.author, "checkout", "-q", "-b", "feature")
    segments = "/".join("s" * 90 + str(i) for i in range(30))  # a URL of about 2,800 chars
    for n in range(30):
        world.write(f"2024-01-{n + 1:02d}-p{n}.md", f"Post {n}", permalink=f"/{segments}/p{n}/")
    feature = world.commit("30 posts with long URLs")
    git(world.author, "checkout", "-q", "main")
    git(world.author, "merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #8")
    merge = world.push()
    api.pulls[feature] = {
        "number": 8,
        "merged_at": "2024-01-02T10:00:00Z",
        "merge_commit_sha": merge,
    }
    summary = tmp_path / "summary.md"
    env = {
        "GITHUB_TOKEN": "ghs_test",
        "GITHUB_REPOSITORY": "octo/site",
        "GITHUB_API_URL": api.url,
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    code, out = world.publish(env=env)
    assert code == 0, out
    assert "announced 30 posts on pull request #8" in out, out
    [(number, body, _auth)] = api.comments
    assert number == 8 and github_length(body) <= 65536
    assert "more (see the job summary)" in body
    assert summary.read_text().count("- published: ") == 30
