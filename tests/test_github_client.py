"""The GitHub client against real local HTTP servers: pagination, retries, rate limits."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from bot.github import GitHub, GitHubError, RateLimited, parse_link_header
from tests.fakegithub import FakeGitHub, PullRequest, user
from tests.localserver import LocalServer

FIXTURES = Path(__file__).parent / "fixtures" / "github"
TOKEN = "ghs_secrettoken0123456789abcdefABCDEF"
REPO = "octo/site"


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    server = FakeGitHub()
    server.add_token(TOKEN)
    server.add_pull(PullRequest(REPO, 7, "b" * 40, "a" * 40, REPO))
    yield server
    server.close()


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client(fake: FakeGitHub, **kw: Any) -> GitHub:
    kw.setdefault("sleep", Sleeps())
    return GitHub(token=TOKEN, api_url=fake.url, **kw)


# -- pagination --------------------------------------------------------------------------------


def test_parse_link_header_from_recorded_response() -> None:
    pages = json.loads((FIXTURES / "api" / "octokit-fixtures.paginate-issues.json").read_text())
    links = parse_link_header(pages[1]["headers"]["link"])
    assert links["next"].endswith("per_page=3&page=3")
    assert links["prev"].endswith("page=1") and links["last"].endswith("page=5")
    assert parse_link_header(None) == {} and parse_link_header("garbage") == {}


@pytest.fixture
def replay() -> Iterator[str]:
    """Serve the recorded octokit pagination scenario, links rewritten to this server."""
    pages = json.loads((FIXTURES / "api" / "octokit-fixtures.paginate-issues.json").read_text())
    by_path = {p["path"]: p for p in pages}
    base: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            rec = by_path.get(self.path)
            if rec is None:
                self.send_response(404)
                self.end_headers()
                return
            data = json.dumps(rec["response"]).encode()
            self.send_response(rec["status"])
            link = rec["headers"].get("link", "").replace("https://api.github.com", base[0])
            if link:
                self.send_header("Link", link)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = LocalServer(Handler)
    base.append(server.url)
    yield base[0]
    server.close()


def test_paginate_follows_recorded_link_headers(replay: str) -> None:
    gh = GitHub(api_url=replay)
    items = list(gh.paginate("/repos/octokit-fixture-org/paginate-issues/issues", {"per_page": 3}))
    assert [i["number"] for i in items] == list(range(13, 0, -1))
    assert gh.requests_made == 5


def test_paginate_fake_comments_with_limit(fake: FakeGitHub) -> None:
    for i in range(250):
        fake.add_comment(REPO, 7, f"comment {i}", user("someone"))
    gh = client(fake)
    got = list(gh.paginate(f"/repos/{REPO}/issues/7/comments"))
    assert len(got) == 250 and gh.requests_made == 3  # per_page=100
    assert len(list(client(fake).paginate(f"/repos/{REPO}/issues/7/comments", limit=120))) == 120


def test_pagination_never_follows_a_link_to_another_host(fake: FakeGitHub) -> None:
    fake.inject(
        200,
        headers={"link": '<http://198.51.100.1/steal?page=2>; rel="next"'},
        body=[{"id": 1}],
        method="GET",
    )
    gh = client(fake)
    with pytest.raises(GitHubError, match="outside the GitHub API"):
        list(gh.paginate(f"/repos/{REPO}/issues/7/comments"))
    assert gh.requests_made == 1


# -- transient failures ------------------------------------------------------------------------


def test_5xx_is_retried_with_backoff(fake: FakeGitHub) -> None:
    fake.inject(502, body={"message": "Server Error"}, times=2)
    gh = client(fake, backoff=0.5)
    assert gh.get(f"/repos/{REPO}/pulls/7")["number"] == 7
    assert gh.sleep == [0.5, 1.0]


def test_5xx_gives_up_after_the_retries(fake: FakeGitHub) -> None:
    fake.inject(503, body={"message": "Unavailable"}, times=10)
    gh = client(fake, max_retries=2)
    with pytest.raises(GitHubError) as info:
        gh.get(f"/repos/{REPO}/pulls/7")
    assert info.value.status == 503 and len(gh.sleep) == 2


def test_connection_errors_are_retried_then_reported() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    sleeps = Sleeps()
    gh = GitHub(token=TOKEN, api_url=f"http://127.0.0.1:{port}", sleep=sleeps, max_retries=3)
    with pytest.raises(GitHubError, match="cannot reach GitHub") as info:
        gh.get("/repos/o/r/pulls/1")
    assert sleeps == [1.0, 2.0, 4.0]
    assert TOKEN not in str(info.value)


def test_client_errors_are_not_retried(fake: FakeGitHub) -> None:
    gh = client(fake)
    with pytest.raises(GitHubError) as info:
        gh.get(f"/repos/{REPO}/pulls/999")
    assert info.value.status == 404 and gh.requests_made == 1 and gh.sleep == []


def test_a_422_reports_github_s_own_explanation(fake: FakeGitHub) -> None:
    recorded = json.loads((FIXTURES / "api" / "octokit-fixtures.errors-422.json").read_text())[0]
    fake.inject(422, body=recorded["response"], method="POST")
    with pytest.raises(GitHubError) as info:
        client(fake).post(f"/repos/{REPO}/issues/7/comments", {"body": "x"})
    assert info.value.status == 422
    assert "Validation Failed" in str(info.value) and "invalid" in str(info.value)


# -- rate limits -------------------------------------------------------------------------------


def test_secondary_rate_limit_honours_retry_after(fake: FakeGitHub) -> None:
    fake.rate_limit_secondary(retry_after=7)
    gh = client(fake)
    assert gh.get(f"/repos/{REPO}/pulls/7")["number"] == 7
    assert gh.sleep == [7.0]


def test_primary_rate_limit_waits_until_reset(fake: FakeGitHub) -> None:
    fake.inject(
        403,
        headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1000042"},
        body={"message": "API rate limit exceeded"},
    )
    gh = client(fake, clock=lambda: 1000000.0)
    gh.get(f"/repos/{REPO}/pulls/7")
    assert gh.sleep == [43.0]


def test_secondary_limit_without_headers_backs_off_from_a_minute(fake: FakeGitHub) -> None:
    body = {"message": "You have exceeded a secondary rate limit"}
    fake.inject(403, body=body, times=2)
    gh = client(fake)
    gh.get(f"/repos/{REPO}/pulls/7")
    assert gh.sleep == [60.0, 120.0]


def test_a_wait_longer_than_the_cap_fails_instead_of_sleeping(fake: FakeGitHub) -> None:
    fake.rate_limit_secondary(retry_after=3600)
    gh = client(fake, max_wait=120)
    with pytest.raises(RateLimited, match="3600 s"):
        gh.get(f"/repos/{REPO}/pulls/7")
    assert gh.sleep == []


def test_a_permission_403_is_not_a_rate_limit(fake: FakeGitHub) -> None:
    fake.add_token("readonly", write=False)
    gh = GitHub(token="readonly", api_url=fake.url, sleep=Sleeps())
    with pytest.raises(GitHubError, match="not accessible") as info:
        gh.post(f"/repos/{REPO}/issues/7/comments", {"body": "hi"})
    assert info.value.status == 403 and gh.sleep == []


# -- writes and the token ----------------------------------------------------------------------


def test_writes_go_one_at_a_time(fake: FakeGitHub) -> None:
    fake.write_delay = 0.05
    gh = client(fake)
    threads = [
        threading.Thread(
            target=gh.post, args=(f"/repos/{REPO}/issues/7/comments", {"body": f"c{i}"})
        )
        for i in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(fake.comments[(REPO, 7)]) == 6
    assert fake.max_in_flight_writes == 1


def test_token_is_sent_but_never_shown(fake: FakeGitHub, capsys: pytest.CaptureFixture) -> None:
    gh = client(fake)
    created = gh.post(f"/repos/{REPO}/issues/7/comments", {"body": "hello"})
    assert created["user"]["login"] == "github-actions[bot]"  # the server saw the token
    fake.inject(500, body={"message": "boom"}, times=10)
    with pytest.raises(GitHubError) as info:
        client(fake, max_retries=1).get(f"/repos/{REPO}/pulls/7")
    out = capsys.readouterr()
    for text in (repr(gh), str(info.value), out.out, out.err):
        assert TOKEN not in text


def test_bad_token_is_a_clear_error(fake: FakeGitHub) -> None:
    gh = GitHub(token="nope", api_url=fake.url, sleep=Sleeps())
    with pytest.raises(GitHubError, match="401 Bad credentials"):
        gh.get(f"/repos/{REPO}/pulls/7")
