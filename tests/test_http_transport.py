"""The targets' shared transport against hostile servers on 127.0.0.1.

Each server here misbehaves in one way: a redirect to another host, a trickle, a huge or
compressed answer, a lie in its headers, a Retry-After. The request must fail (or succeed)
with one clear reason, within its deadline and its size cap, and never carry a credential
anywhere but the URL it was given.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import shutil
import socket
import ssl
import subprocess
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from bot.net import MAX_ANSWER_BYTES
from bot.publish.targets.http import Reply, RetryPolicy, Sessions, send
from tests.localserver import Scripted, Seen, trickle, write_answer
from tests.publishkit import World

KEY = "forem-secret-api-key"
Answerer = Callable[[BaseHTTPRequestHandler, Seen], None]


@pytest.fixture
def serve() -> Iterator[Callable[[Answerer], Scripted]]:
    servers: list[Scripted] = []

    def start(answer: Answerer) -> Scripted:
        servers.append(Scripted(answer))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def policy(**kw: float) -> RetryPolicy:
    values = {"timeout": 5.0, "retries": 0, "backoff": 0.0, "max_wait": 2.0, **kw}
    return RetryPolicy(**values)


def post(url: str, pol: RetryPolicy | None = None, sessions: Sessions | None = None) -> Reply:
    return send(
        (sessions or Sessions()).get(),
        "POST",
        url,
        pol or policy(),
        headers={"api-key": KEY, "Content-Type": "application/json"},
        data=b'{"article": {}}',
    )


def ok(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
    write_answer(handler, 200, {"id": 1})


def redirect(to: str, status: int = 307) -> Answerer:
    def answer(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        write_answer(handler, status, b"", {"Location": to})

    return answer


# -- redirects and credentials -----------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_host_is_not_followed(serve, status: int) -> None:
    other = serve(ok)
    first = serve(redirect(other.url + "/api/articles", status))
    reply = post(first.url + "/api/articles")
    assert other.requests == []  # the api-key never left for the other host
    assert not reply.ok and reply.status == status
    assert f"HTTP {status}" in (reply.error or "") and "redirect" in (reply.error or "")
    assert len(first.requests) == 1  # a redirect is not retried within the run


def test_a_redirect_to_the_same_host_is_not_followed_either(serve) -> None:
    # Deliveries never follow: a POST turned into a GET on a login page is no delivery.
    def login(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        if seen.method == "POST":
            write_answer(handler, 302, b"", {"Location": "/login"})
        else:
            write_answer(handler, 200, b"<html>Sign in</html>", {"Content-Type": "text/html"})

    server = serve(login)
    reply = post(server.url + "/hooks")
    assert not reply.ok and "redirect" in (reply.error or "")
    assert [r.method for r in server.requests] == ["POST"]


def test_a_forem_307_to_another_host_never_gets_the_api_key(serve, tmp_path: Path) -> None:
    other = serve(ok)
    forem = serve(redirect(other.url + "/api/articles"))
    world = World(
        tmp_path,
        targets=[{"name": "dev", "type": "devto", "api_url": forem.url, "retries": 0}],
    )
    world.write("2024-01-02-hello.md", "Hello")
    world.commit("hello")
    world.push()
    code, out = world.publish(env={"DEVTO_API_KEY": KEY})
    assert code == 1 and "redirect" in out, out
    assert other.requests == []
    assert all(r.headers.get("api-key") == KEY for r in forem.requests)
    assert KEY not in out


def test_cookies_are_not_kept(serve) -> None:
    def cookie(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        write_answer(handler, 200, {"id": 1}, {"Set-Cookie": "session=s3cret; Path=/"})

    server = serve(cookie)
    sessions = Sessions()
    assert post(server.url + "/a", sessions=sessions).ok
    assert post(server.url + "/b", sessions=sessions).ok
    assert [r.headers.get("cookie") for r in server.requests] == [None, None]


# -- one deadline per request ------------------------------------------------------------------


def slow_body(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", "200")
    handler.end_headers()
    handler.wfile.flush()
    trickle(handler, b"x" * 200, 0.3)  # a minute in all, each byte well within any timeout


def slow_head(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
    trickle(handler, b"HTTP/1.1 200 OK\r\nX-Padding: " + b"y" * 200 + b"\r\n\r\n", 0.3)


@pytest.mark.parametrize("answer", [slow_body, slow_head], ids=["body", "headers"])
def test_a_trickling_server_is_cut_off_at_the_deadline(serve, answer: Answerer) -> None:
    server = serve(answer)
    started = time.monotonic()
    reply = post(server.url + "/hooks", policy(timeout=1))
    elapsed = time.monotonic() - started
    assert reply.status is None and reply.error == "no complete answer within 1 s"
    assert elapsed < 20  # the trickle lasts a minute; the deadline is 1 s (generous margin)


def test_publish_with_a_trickling_webhook_ends(serve, tmp_path: Path) -> None:
    server = serve(slow_body)
    world = World(
        tmp_path,
        targets=[
            {"name": "hook", "type": "webhook", "url": server.url, "timeout": 1, "retries": 0}
        ],
    )
    world.write("2024-01-02-hello.md", "Hello")
    world.commit("hello")
    world.push()
    started = time.monotonic()
    code, out = world.publish()
    assert code == 1 and "no complete answer within 1 s" in out, out
    assert time.monotonic() - started < 30


# -- size cap ----------------------------------------------------------------------------------


def endless(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
    """64 MB of a 200 answer with no length: it ends when the connection closes."""
    handler.send_response(200)
    handler.send_header("Connection", "close")
    handler.end_headers()
    block = b"[" * 65536
    for _ in range(1024):
        handler.wfile.write(block)


def declared_huge(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", str(400 * 1024 * 1024))
    handler.end_headers()
    handler.wfile.write(b"[" * 1024)
    handler.wfile.flush()
    time.sleep(30)


def gzip_bomb(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
    write_answer(handler, 200, bomb(), {"Content-Encoding": "gzip"})


@functools.cache
def bomb() -> bytes:
    """About 300 KB that inflate to 64 MB."""
    deflate = zlib.compressobj(1, wbits=31)
    return b"".join(deflate.compress(bytes(1 << 20)) for _ in range(64)) + deflate.flush()


@pytest.mark.parametrize(
    "answer", [endless, declared_huge, gzip_bomb], ids=["endless", "declared", "gzip-bomb"]
)
def test_an_answer_over_the_cap_fails_in_bounded_memory(serve, answer: Answerer) -> None:
    server = serve(answer)
    tracemalloc.start()
    try:
        reply = post(server.url + "/hooks", policy(timeout=20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert reply.status is None and reply.error == "the answer is larger than 10 MB"
    assert peak < 3 * MAX_ANSWER_BYTES


def test_an_answer_under_the_cap_is_read_whole(serve) -> None:
    big = {"id": 7, "pad": "z" * (MAX_ANSWER_BYTES - 100)}
    small = gzip.compress(b'{"id": 8}')
    members = gzip.compress(b'{"id": ') + gzip.compress(b"9}")  # two gzip members, one body
    server = serve(lambda h, s: write_answer(h, 200, big))
    zipped = serve(lambda h, s: write_answer(h, 200, small, {"Content-Encoding": "gzip"}))
    joined = serve(lambda h, s: write_answer(h, 200, members, {"Content-Encoding": "gzip"}))
    assert post(server.url + "/a").body["id"] == 7
    assert post(zipped.url + "/a").body == {"id": 8}
    assert post(joined.url + "/a").body == {"id": 9}


def test_a_caller_may_ask_for_a_smaller_cap(serve) -> None:
    server = serve(lambda h, s: write_answer(h, 200, b"[" + b" " * 2000 + b"]"))
    pol = policy()
    reply = send(Sessions().get(), "GET", server.url, pol, max_bytes=1000)
    assert reply.error == "the answer is larger than 1000 bytes"
    assert send(Sessions().get(), "GET", server.url, pol, max_bytes=5000).body == []


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (gzip.compress(b'{"id": 1}')[:-6], "the answer's gzip data is cut short"),
        (b"\x1f\x8b not gzip at all", "the answer's gzip data is corrupt"),
    ],
    ids=["cut-short", "corrupt"],
)
def test_broken_gzip_is_one_clear_failure(serve, data: bytes, expected: str) -> None:
    server = serve(lambda h, s: write_answer(h, 200, data, {"Content-Encoding": "gzip"}))
    assert post(server.url + "/a").error == expected


# -- Retry-After and the run's waits -----------------------------------------------------------


def test_retry_after_on_503_is_honoured(serve) -> None:
    server = serve(lambda h, s: write_answer(h, 503, b"", {"Retry-After": "30"}))
    reply = post(server.url + "/hooks", policy(retries=3, backoff=0.01))
    assert reply.error == "HTTP 503, Retry-After 30 s is too long"
    assert len(server.requests) == 1


def test_the_waits_of_a_run_are_bounded_in_sum(serve) -> None:
    # Each Retry-After (1 s) is within max_wait; their sum per run is bounded (3 x max_wait).
    server = serve(lambda h, s: write_answer(h, 429, b"", {"Retry-After": "1"}))
    sessions = Sessions()
    pol = policy(retries=10, max_wait=1)
    first = post(server.url + "/hooks", pol, sessions)
    second = post(server.url + "/hooks", pol, sessions)
    assert first.status == 429 and second.status == 429
    assert "this run has already waited 3 s" in (second.error or "")
    assert len(server.requests) <= 2 + 3  # without the bound: 22


def test_an_infinite_timeout_in_the_configuration_is_the_longest_deadline(serve) -> None:
    server = serve(ok)
    assert post(server.url + "/hooks", policy(timeout=float("inf"))).body == {"id": 1}


def test_absurd_waits_in_the_configuration_do_not_overflow(serve) -> None:
    server = serve(lambda h, s: write_answer(h, 500, b""))
    reply = post(server.url + "/hooks", policy(retries=2, backoff=1e308, max_wait=float("inf")))
    assert reply.status == 500
    assert reply.error == "HTTP 500; this run has already waited 0 s for this target"
    assert len(server.requests) == 1


# -- answers that are not what they claim ------------------------------------------------------


def raw(data: bytes) -> Answerer:
    def answer(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        handler.wfile.write(data)
        handler.wfile.flush()
        handler.close_connection = True

    return answer


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (raw(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}"), "the answer was cut short"),
        (
            raw(b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n"),
            "malformed answer (LineTooLong)",
        ),
        (
            raw(b"HTTP/1.1 200 OK\r\n" + b"X-A: b\r\n" * 200 + b"\r\n"),
            "malformed answer (HTTPException)",
        ),
        (raw(b"HTTP/1.1 abc nope\r\n\r\n"), "malformed answer (BadStatusLine)"),
        (raw(b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: 2\r\n\r\n{}"), "br"),
        (
            raw(b"HTTP/1.1 301 Moved\r\nLocation: http://[::1\r\nContent-Length: 0\r\n\r\n"),
            "HTTP 301: a redirect, not followed",
        ),
    ],
    ids=[
        "short-body",
        "huge-header",
        "too-many-headers",
        "bad-status",
        "unasked-encoding",
        "bad-location",
    ],
)
def test_a_lying_answer_is_one_clear_failure(serve, answer: Answerer, expected: str) -> None:
    reply = post(serve(answer).url + "/hooks")
    assert not reply.ok and expected in (reply.error or "")


@pytest.mark.parametrize(
    "body",
    [
        b"<html>not json</html>",
        b"[" * 200000 + b"]" * 200000,  # deeper than the parser's recursion
        b"[" * 150 + b"]" * 150,  # deeper than any real answer
        b"[" + b"[]," * 1_000_000 + b"[]]",  # 3 MB that would take 100 MB as lists
        b"\xff\xfe{",
    ],
    ids=["html", "deep", "deep-150", "million-lists", "not-utf"],
)
def test_a_body_that_is_not_usable_json_is_none(serve, body: bytes) -> None:
    reply = post(serve(lambda h, s: write_answer(h, 200, body)).url + "/hooks")
    assert reply.ok and reply.body is None


@pytest.mark.parametrize(
    "value", [b"\xb2", b"\xb9\xb2", b"1.5", b"-1", b"Wed, 21 Oct 99999 07:28:00 GMT"]
)
def test_an_odd_retry_after_is_not_a_crash(serve, value: bytes) -> None:
    # Header values are read as Latin-1: b"\xb2" is "²", a digit to str.isdigit, not to float.
    def answer(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        head = b"HTTP/1.1 429 Slow\r\nRetry-After: " + value
        handler.wfile.write(head + b"\r\nContent-Length: 0\r\n\r\n")

    reply = post(serve(answer).url + "/hooks", policy(retries=1, backoff=0.01))
    assert reply.status == 429 and reply.error == "HTTP 429"


def test_a_failure_names_no_url_or_credential(serve) -> None:
    reply = post("http://user:pw@127.0.0.1:1/hooks?token=abc")
    assert reply.status is None and reply.error == "connection failed: ConnectionError"


# -- the same over TLS -------------------------------------------------------------------------


@pytest.fixture
def tls_cert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, trusted by the client for this test."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    request = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=x"]
    names = ["-addext", "subjectAltName=IP:127.0.0.1"]
    subprocess.run(
        ["openssl", *request, *names, "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    return cert, key


def tls(server: Scripted, cert: tuple[Path, Path]) -> str:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert[0]), str(cert[1]))
    server.server.socket = context.wrap_socket(server.server.socket, server_side=True)
    return server.url.replace("http://", "https://")


def test_over_tls_the_deadline_and_redirects_hold(serve, tls_cert: tuple[Path, Path]) -> None:
    healthy = tls(serve(ok), tls_cert)
    assert post(healthy + "/hooks").body == {"id": 1}
    slow = tls(serve(slow_body), tls_cert)
    started = time.monotonic()
    reply = post(slow + "/hooks", policy(timeout=1))
    assert reply.error == "no complete answer within 1 s"
    assert time.monotonic() - started < 20
    other = serve(ok)
    moved = tls(serve(redirect(other.url + "/x")), tls_cert)
    assert "HTTP 307" in (post(moved + "/hooks").error or "") and other.requests == []


@pytest.fixture
def tls_trickle() -> Iterator[str]:
    """An https URL whose server starts a TLS handshake record and trickles it, a byte at a time."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                try:
                    conn.sendall(b"\x16\x03\x03\x40\x00")  # a 16 KB handshake record follows...
                    while not stop.wait(0.3):
                        conn.sendall(b"\x00")  # ...one byte at a time
                except OSError:
                    continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    with contextlib.suppress(OSError):
        listener.shutdown(socket.SHUT_RDWR)  # wakes accept(): never left holding the socket
    thread.join(timeout=10)
    listener.close()


def test_a_trickled_tls_handshake_is_cut_off_at_the_deadline(tls_trickle: str) -> None:
    started = time.monotonic()
    reply = post(tls_trickle + "/hooks", policy(timeout=1))
    assert reply.error == "no complete answer within 1 s"
    assert time.monotonic() - started < 20
