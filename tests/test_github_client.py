"""The GitHub client against real local HTTP servers: pagination, retries, rate limits."""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from bot.github import GitHub, GitHubError, RateLimited, parse_link_header
from bot.net import MAX_ANSWER_BYTES
from tests.fakegithub import FakeGitHub, PullRequest, user
from tests.localserver import LocalServer, Scripted, Seen, trickle, write_answer

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


# -- hostile answers: redirects, deadlines, sizes, lies ---------------------------------------


@pytest.fixture
def serve() -> Iterator[Any]:
    servers: list[Scripted] = []

    def start(answer: Any) -> Scripted:
        servers.append(Scripted(answer))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.mark.parametrize(
    "body, kind",
    [
        (b"<html>upstream hiccup</html>", "not JSON"),
        (b'[{"id": 1}, {"id"', "not JSON"),
        (b"", "not JSON"),
        (b'"a string"', "a string"),
        (b'{"message": "x"}', "an object"),
        (b"17", "a number"),
    ],
)
@pytest.mark.parametrize("page", [1, 2])
def test_a_page_that_is_not_a_list_is_an_error_not_an_empty_list(
    serve: Any, body: bytes, kind: str, page: int
) -> None:
    # Read as "no comments", it would have the sticky comment made again on every run.
    def answer(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        if page == 2 and "page=2" not in seen.path:
            link = f'<{api.url}/items?page=2>; rel="next"'
            write_answer(handler, 200, [{"id": 1}], {"Link": link})
        else:
            write_answer(handler, 200, body)

    api = serve(answer)
    gh = GitHub(api_url=api.url, sleep=Sleeps())
    seen = []
    with pytest.raises(GitHubError, match=f"GET /items: GitHub's answer is {kind}.*not a list"):
        seen.extend(gh.paginate("/items"))
    assert seen == ([{"id": 1}] if page == 2 else [])


def test_a_redirect_to_another_host_is_not_followed(serve: Any) -> None:
    other = serve(lambda h, s: write_answer(h, 200, {"number": 7}))
    api = serve(lambda h, s: write_answer(h, 301, b"", {"Location": other.url + s.path}))
    gh = GitHub(token=TOKEN, api_url=api.url, sleep=Sleeps())
    with pytest.raises(GitHubError, match="redirected to another host; not followed"):
        gh.get(f"/repos/{REPO}/pulls/7")
    assert other.requests == []


@pytest.mark.parametrize("how", ["redirect", "next page"])
def test_a_url_read_as_two_hosts_never_gets_the_token(serve: Any, how: str) -> None:
    """`http://other\\@api/x` is the API to Python's URL parser and `other` to the one the
    request is sent with: neither a redirect nor a next page there is followed."""
    other = serve(lambda h, s: write_answer(h, 200, []))
    elsewhere = "localhost:" + other.url.rpartition(":")[2]  # another host, as requests sees it

    def answer(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        tricky = f"http://{elsewhere}\\@{api.url.partition('//')[2]}/x"
        if how == "redirect":
            write_answer(handler, 301, b"", {"Location": tricky})
        else:
            write_answer(handler, 200, [{"id": 1}], {"Link": f'<{tricky}>; rel="next"'})

    api = serve(answer)
    gh = GitHub(token=TOKEN, api_url=api.url, sleep=Sleeps())
    with pytest.raises(GitHubError, match=r"another host|outside the GitHub API"):
        list(gh.paginate(f"/repos/{REPO}/issues/7/comments"))
    assert other.requests == []


def test_a_redirect_within_the_api_is_followed_with_the_token(serve: Any) -> None:
    # A renamed repository answers 301 to its new place; a write may be answered 307.
    def renamed(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        if seen.path.startswith("/repos/old/"):
            target = "/repositories/42/" + seen.path.split("/", 4)[4]
            write_answer(handler, 301 if seen.method == "GET" else 307, b"", {"Location": target})
        else:
            write_answer(handler, 200, {"method": seen.method, "body": seen.body.decode()})

    api = serve(renamed)
    gh = GitHub(token=TOKEN, api_url=api.url, sleep=Sleeps())
    assert gh.get("/repos/old/site/pulls/7", {"state": "open"}) == {"method": "GET", "body": ""}
    assert gh.post("/repos/old/site/issues/7/comments", {"body": "hi"}) == {
        "method": "POST",
        "body": '{"body": "hi"}',
    }
    assert [r.path for r in api.requests] == [
        "/repos/old/site/pulls/7?state=open",
        "/repositories/42/pulls/7?state=open",
        "/repos/old/site/issues/7/comments",
        "/repositories/42/issues/7/comments",
    ]
    assert {r.headers.get("authorization") for r in api.requests} == {f"Bearer {TOKEN}"}


def test_a_write_is_not_turned_into_a_get_by_a_redirect(serve: Any) -> None:
    api = serve(lambda h, s: write_answer(h, 302, b"", {"Location": "/login"}))
    gh = GitHub(token=TOKEN, api_url=api.url, sleep=Sleeps())
    with pytest.raises(GitHubError, match="302"):
        gh.post(f"/repos/{REPO}/issues/7/comments", {"body": "x"})
    assert [r.method for r in api.requests] == ["POST"]


def test_a_redirect_loop_is_a_clear_error(serve: Any) -> None:
    api = serve(lambda h, s: write_answer(h, 302, b"", {"Location": s.path}))
    gh = GitHub(token=TOKEN, api_url=api.url, sleep=Sleeps())
    with pytest.raises(GitHubError, match="too many redirects"):
        gh.get(f"/repos/{REPO}/pulls/7")
    assert len(api.requests) <= 10


def test_an_absolute_url_elsewhere_never_gets_the_token(serve: Any) -> None:
    other = serve(lambda h, s: write_answer(h, 200, {"ok": True}))
    api = serve(lambda h, s: write_answer(h, 200, {"ok": True}))
    gh = GitHub(token=TOKEN, api_url=api.url, sleep=Sleeps())
    with pytest.raises(GitHubError, match="not the GitHub API"):
        gh.get(other.url + "/steal")
    assert other.requests == []


def test_cookies_are_not_kept(serve: Any) -> None:
    api = serve(lambda h, s: write_answer(h, 200, {}, {"Set-Cookie": "sid=abc; Path=/"}))
    gh = GitHub(token=TOKEN, api_url=api.url, sleep=Sleeps())
    gh.get("/a")
    gh.get("/b")
    assert [r.headers.get("cookie") for r in api.requests] == [None, None]


def test_a_trickling_answer_is_cut_off_at_the_deadline(serve: Any) -> None:
    def slow(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "200")
        handler.end_headers()
        handler.wfile.flush()
        trickle(handler, b" " * 200, 0.3)  # a minute, one quick read after another

    gh = GitHub(token=TOKEN, api_url=serve(slow).url, sleep=Sleeps(), timeout=1, max_retries=0)
    started = time.monotonic()
    with pytest.raises(GitHubError, match="no complete answer within 1 s"):
        gh.get(f"/repos/{REPO}/pulls/7")
    assert time.monotonic() - started < 20


def test_an_answer_over_the_cap_is_an_error(serve: Any) -> None:
    pad = {"pad": "x" * (MAX_ANSWER_BYTES + 1)}
    gh = GitHub(token=TOKEN, api_url=serve(lambda h, s: write_answer(h, 200, pad)).url)
    gh.sleep = Sleeps()
    with pytest.raises(GitHubError, match="larger than 10 MB"):
        gh.get(f"/repos/{REPO}/pulls/7")


def raw(data: bytes) -> Any:
    def answer(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        handler.wfile.write(data)
        handler.wfile.flush()
        handler.close_connection = True

    return answer


@pytest.mark.parametrize(
    "data",
    [
        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}",
        b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n",
        b"HTTP/1.1 abc\r\n\r\n",
        b"HTTP/1.1 301 Moved\r\nLocation: http://[::1\r\nContent-Length: 0\r\n\r\n",
    ],
    ids=["short-body", "huge-header", "bad-status", "bad-location"],
)
def test_a_lying_answer_is_a_github_error(serve: Any, data: bytes) -> None:
    gh = GitHub(token=TOKEN, api_url=serve(raw(data)).url, sleep=Sleeps(), max_retries=1)
    with pytest.raises(GitHubError) as info:
        gh.get(f"/repos/{REPO}/pulls/7")
    assert TOKEN not in str(info.value)


def test_deeply_nested_json_is_not_read(serve: Any) -> None:
    deep = b"[" * 200000 + b"]" * 200000
    ok = serve(lambda h, s: write_answer(h, 200, deep))
    assert GitHub(api_url=ok.url).get("/x") is None
    bad = serve(lambda h, s: write_answer(h, 422, b'{"message": ' + deep + b"}"))
    with pytest.raises(GitHubError, match="422 request failed"):
        GitHub(api_url=bad.url).get("/x")


def test_github_s_message_cannot_forge_log_lines(serve: Any) -> None:
    message = "Bad\n::error file=x::forged\x1b[31m\u202e"
    api = serve(lambda h, s: write_answer(h, 404, {"message": message}))
    with pytest.raises(GitHubError) as info:
        GitHub(api_url=api.url).get("/x")
    text = str(info.value)
    assert "\n" not in text and "\x1b" not in text and "\u202e" not in text
    assert "Bad ::error file=x::forged" in text


# -- waits and pages are bounded ---------------------------------------------------------------


def test_retry_after_on_503_is_honoured(fake: FakeGitHub) -> None:
    fake.inject(503, headers={"retry-after": "7"}, body={"message": "Unavailable"})
    gh = client(fake)
    assert gh.get(f"/repos/{REPO}/pulls/7")["number"] == 7
    assert gh.sleep == [7.0]


def test_the_waits_of_a_run_are_bounded_in_sum(fake: FakeGitHub) -> None:
    fake.rate_limit_secondary(retry_after=60)
    gh = client(fake, max_total_wait=100)
    assert gh.get(f"/repos/{REPO}/pulls/7")["number"] == 7  # waited 60 s
    fake.rate_limit_secondary(retry_after=60)
    with pytest.raises(RateLimited, match="already waited 60 s"):
        gh.get(f"/repos/{REPO}/pulls/7")
    assert gh.sleep == [60.0]


def pages(next_of: Any) -> Any:
    def answer(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        link = next_of(seen.path)
        headers = {"Link": f'<{link}>; rel="next"'} if link else {}
        write_answer(handler, 200, [{"path": seen.path}], headers)

    return answer


def test_a_relative_next_link_is_read_against_the_page(serve: Any) -> None:
    def following(path: str) -> str | None:
        return "/items?page=2" if "page=2" not in path else None

    api = serve(pages(following))
    items = list(GitHub(api_url=api.url, sleep=Sleeps()).paginate("/items"))
    assert items == [{"path": "/items?per_page=100"}, {"path": "/items?page=2"}]


def test_pagination_that_loops_back_stops(serve: Any) -> None:
    base: list[str] = []
    api = serve(pages(lambda path: base[0] + "/items?page=1"))
    base.append(api.url)
    gh = GitHub(api_url=api.url, sleep=Sleeps())
    with pytest.raises(GitHubError, match="a page already read"):
        list(itertools.islice(gh.paginate("/items"), 1000))
    assert len(api.requests) == 2


def test_endless_pagination_stops(serve: Any) -> None:
    base: list[str] = []

    def following(path: str) -> str:
        number = int(path.rpartition("page=")[2]) if "page=" in path else 1
        return f"{base[0]}/items?page={number + 1}"

    api = serve(pages(following))
    base.append(api.url)
    gh = GitHub(api_url=api.url, sleep=Sleeps(), max_pages=20)
    with pytest.raises(GitHubError, match="more than 20 pages"):
        list(itertools.islice(gh.paginate("/items"), 1000))
    assert len(api.requests) == 20


def test_a_post_that_may_have_been_made_is_not_repeated(serve: Any) -> None:
    # The comment reached GitHub; only the answer is late. A second POST would be a second comment.
    def late(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        time.sleep(5)
        write_answer(handler, 201, {"id": 1})

    api = serve(late)
    gh = GitHub(token=TOKEN, api_url=api.url, sleep=Sleeps(), timeout=1)
    with pytest.raises(GitHubError, match="not repeated") as info:
        gh.post(f"/repos/{REPO}/issues/7/comments", {"body": "once"})
    assert len(api.requests) == 1 and gh.sleep == [] and info.value.unsure


@pytest.mark.parametrize("method", ["POST", "PATCH", "DELETE"])
@pytest.mark.parametrize("status, headers", [(502, {}), (500, {}), (503, {"retry-after": "1"})])
def test_a_write_answered_with_a_5xx_is_not_repeated(
    fake: FakeGitHub, method: str, status: int, headers: dict[str, str]
) -> None:
    # A proxy answers 502 (or 503) for a request that went through: a second one is a second
    # comment. The read that follows is still retried as before.
    gh = client(fake)
    made = gh.post(f"/repos/{REPO}/issues/7/comments", {"body": "first"})
    path = f"/repos/{REPO}/issues/" + (
        "7/comments" if method == "POST" else f"comments/{made['id']}"
    )
    fake.inject(status, headers=headers, body={"message": "Server Error"}, method=method)
    with pytest.raises(GitHubError, match=r"not repeated \(it may have been made\)") as info:
        gh.request(method, path, json=None if method == "DELETE" else {"body": "second"})
    assert info.value.unsure and info.value.status == status
    assert [e.method for e in fake.writes()] == ["POST", method] and gh.sleep == []
    fake.inject(status, headers=headers, body={"message": "Server Error"}, method="GET")
    assert gh.get(f"/repos/{REPO}/pulls/7")["number"] == 7 and len(gh.sleep) == 1


def test_a_post_that_never_left_is_retried() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    gh = GitHub(token=TOKEN, api_url=f"http://127.0.0.1:{port}", sleep=Sleeps(), max_retries=2)
    with pytest.raises(GitHubError, match="cannot reach GitHub"):
        gh.post(f"/repos/{REPO}/issues/7/comments", {"body": "x"})
    assert gh.sleep == [1.0, 2.0]
