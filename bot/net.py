"""The one transport for pressbot's outbound HTTP: one try of one request, under one policy.

Every request made by pressbot (the GitHub client, the webhook and Forem targets) goes
through :func:`fetch`, which:

- never follows a redirect: a 3xx is handed back to the caller, which decides (the GitHub
  client follows one to the same origin only; deliveries treat it as a failure). Credentials
  therefore only ever go to the URL the caller named;
- keeps no cookies;
- gives the whole request one deadline (connecting, sending, the headers and the whole body),
  not one per socket read: a server that trickles a byte at a time is cut off when it is due;
- reads at most :data:`MAX_ANSWER_BYTES` of the answer (after decompression), then fails;
- turns every way a remote can misbehave (no answer, a broken status line, a huge header, a
  wrong ``Content-Length``, an encoding it was not asked for) into one :class:`NetError`
  with a reason fit to print.

Answers are untrusted: :meth:`Answer.json` gives None for a body that is not JSON or that is
nested deeper than :data:`MAX_JSON_DEPTH`, and :func:`printable` makes remote text safe to
show in a log line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import json
import socket
import threading
import time
import unicodedata
import zlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

MAX_ANSWER_BYTES = 10 * 1024 * 1024
"""The most an answer may weigh, decompressed; a larger one fails the request."""

MAX_JSON_DEPTH = 100
"""Deeper JSON is not read (real APIs nest a handful of levels)."""

MAX_JSON_CONTAINERS = 200_000
"""JSON with more lists and objects is not read: an empty one costs 50 bytes or more once
parsed, so a few megabytes of ``[],[],...`` would take hundreds of megabytes (real answers hold
a few thousand)."""

MAX_DEADLINE = 3600.0
"""A request's deadline never exceeds this, whatever the configuration says."""

_CHUNK = 64 * 1024
_local = threading.local()


class NetError(Exception):
    """A try that got no complete answer; the message says why and is safe to print.

    ``sent`` is False only when the request surely never left (no connection was made).
    """

    def __init__(self, reason: str, *, timed_out: bool = False, sent: bool = True) -> None:
        super().__init__(reason)
        self.timed_out = timed_out
        self.sent = sent


@dataclass
class Answer:
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # names in lower case
    body: bytes = b""
    url: str = ""

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self) -> Any:
        """The body as JSON, or None when it is empty, not JSON, or nested too deep."""
        return parse_json(self.body)

    @property
    def location(self) -> str | None:
        """A redirect's target, made absolute, or None."""
        value = self.header("location")
        if not value:
            return None
        try:
            return urljoin(self.url, value.strip())
        except ValueError:
            return None


def parse_json(body: bytes) -> Any:
    """The JSON in ``body``, or None when it is empty, not JSON, or too costly to hold."""
    if not body or body.count(b"[") + body.count(b"{") > MAX_JSON_CONTAINERS:
        return None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return data if _depth_within(data, MAX_JSON_DEPTH) else None


def _depth_within(data: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return False
            children = item.values() if isinstance(item, dict) else item
            stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return True


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds from now (delay-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
        return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


def same_origin(a: str, b: str) -> bool:
    """Same scheme, host and port (the default port spelled or not). A URL that Python's
    parser and the one the request is sent with (urllib3's) read as two origins is no one's:
    `http://other\\@api/x` is `api` to one and `other` to the other, where the token
    would go."""
    try:
        return _origin(a) == _origin(b)
    except ValueError:
        return False


def _origin(url: str) -> tuple[str, str | None, int | None]:
    from urllib3.exceptions import LocationParseError
    from urllib3.util import parse_url

    x = urlsplit(url)
    python = (x.scheme.lower(), x.hostname, _port(x.scheme, x.port))
    try:
        y = parse_url(url)
    except LocationParseError as exc:
        raise ValueError(str(exc)) from None
    scheme = (y.scheme or "").lower()
    host = y.host.lower().strip("[]") if y.host else None
    if python != (scheme, host, _port(scheme, y.port)):
        raise ValueError("a URL read as two origins")
    return python


def _port(scheme: str, port: int | None) -> int | None:
    return port or {"http": 80, "https": 443}.get(scheme.lower())


def origin(url: str) -> str:
    """``scheme://host:port`` of a URL, printable, for messages."""
    try:
        parts = urlsplit(url)
        text = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"
    except ValueError:
        text = "an invalid URL"
    return printable(text, 120)


def printable(text: str, limit: int = 300) -> str:
    """Remote text made safe for one log line: no controls, no newlines, no bidi, bounded."""
    out = []
    for ch in str(text)[: limit * 2]:
        if ch.isspace():
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            out.append("?")
        else:
            out.append(ch)
    clean = " ".join("".join(out).split())
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


# -- sessions ----------------------------------------------------------------------------------


def new_session(headers: dict[str, str] | None = None) -> Any:
    """A `requests.Session` wired for :func:`fetch`: deadlines, no cookies, gzip only."""
    import requests

    session = requests.Session()
    _prepare(session)
    session.headers.update(headers or {})
    return session


def _prepare(session: Any) -> None:
    import http.cookiejar

    adapter = _adapter_class()()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    session.headers["Accept-Encoding"] = "gzip"
    session.pressbot_ready = True


_ADAPTER: Any = None


def _adapter_class() -> Any:
    """An adapter whose connections tell the running request's deadline about their socket."""
    global _ADAPTER
    if _ADAPTER is not None:
        return _ADAPTER
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class Watched:
        def _new_conn(self) -> Any:
            sock = super()._new_conn()  # type: ignore[misc]
            _watch(sock, dup=True)  # TLS wraps (and detaches) it: keep our own handle
            return sock

        def request(self, *args: Any, **kwargs: Any) -> Any:
            sock = getattr(self, "sock", None)
            if sock is not None:
                _watch(sock)
            return super().request(*args, **kwargs)  # type: ignore[misc]

    class Conn(Watched, HTTPConnection):
        pass

    class TLSConn(Watched, HTTPSConnection):
        pass

    class Pool(HTTPConnectionPool):
        ConnectionCls = Conn

    class TLSPool(HTTPSConnectionPool):
        ConnectionCls = TLSConn

    pools = {"http": Pool, "https": TLSPool}

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = dict(pools)

        def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
            manager = super().proxy_manager_for(proxy, **kwargs)
            current = getattr(manager, "pool_classes_by_scheme", {})
            if current.get("http") is HTTPConnectionPool:  # not SOCKS: its own classes stay
                manager.pool_classes_by_scheme = dict(pools)
            return manager

    _ADAPTER = Adapter
    return Adapter


# -- the deadline ------------------------------------------------------------------------------


class _Deadline:
    """Shuts the request's sockets down when it is due, which ends any blocking read."""

    def __init__(self, seconds: float) -> None:
        self.expires = time.monotonic() + seconds
        self.fired = False
        self._done = False
        self._lock = threading.Lock()
        self._socks: list[socket.socket] = []
        self._owned: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def left(self) -> float:
        return self.expires - time.monotonic()

    def add(self, sock: socket.socket, dup: bool) -> None:
        with self._lock:
            if self._done:
                return
            if dup:
                try:
                    sock = socket.fromfd(sock.fileno(), sock.family, sock.type)
                except (OSError, ValueError):
                    return
                self._owned.append(sock)
            self._socks.append(sock)
            if self.fired:
                _shut(sock)

    def _fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.fired = True
            for sock in self._socks:
                _shut(sock)

    def finish(self) -> None:
        with self._lock:
            self._done = True
            self._timer.cancel()
            for sock in self._owned:
                sock.close()
            self._socks.clear()
            self._owned.clear()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError, ValueError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _watch(sock: Any, dup: bool = False) -> None:
    deadline = getattr(_local, "deadline", None)
    if deadline is not None and isinstance(sock, socket.socket):
        deadline.add(sock, dup)


# -- one request -------------------------------------------------------------------------------


def fetch(
    session: Any,
    method: str,
    url: str,
    *,
    timeout: float,
    headers: dict[str, str] | None = None,
    data: bytes | None = None,
    params: dict[str, Any] | None = None,
    max_bytes: int = MAX_ANSWER_BYTES,
) -> Answer:
    """One try: the answer, whatever its status (3xx included), or :class:`NetError`.

    ``timeout`` is the deadline of the whole request, in seconds (at most
    :data:`MAX_DEADLINE`: an infinite or absurd one is that).
    """
    if not getattr(session, "pressbot_ready", False):
        _prepare(session)
    seconds = float(timeout) if 0 < timeout <= MAX_DEADLINE else MAX_DEADLINE
    deadline = _Deadline(seconds)
    _local.deadline = deadline
    try:
        return _fetch(session, method, url, deadline, headers, data, params, max_bytes)
    except NetError:
        raise
    except Exception as exc:  # whatever the remote made the stack raise
        import requests

        names = _cause_names(exc)
        sent = not set(names) & _NOT_CONNECTED
        timed_out = isinstance(exc, (requests.Timeout, _Expired))
        if timed_out or deadline.fired or deadline.left() <= 0:
            reason = f"no complete answer within {seconds:g} s"
            raise NetError(reason, timed_out=True, sent=sent) from None
        raise NetError(_describe(names), sent=sent) from None
    finally:
        _local.deadline = None
        deadline.finish()


def _fetch(
    session: Any,
    method: str,
    url: str,
    deadline: _Deadline,
    headers: dict[str, str] | None,
    data: bytes | None,
    params: dict[str, Any] | None,
    max_bytes: int,
) -> Answer:
    import requests

    prepared = session.prepare_request(
        requests.Request(method, url, headers=headers, data=data, params=params)
    )
    # Straight to the adapter: the session's redirect machinery (which parses a Location
    # even when not following it) and its cookie jar are never involved.
    settings = session.merge_environment_settings(prepared.url, {}, True, None, None)
    left = max(deadline.left(), 0.001)
    resp = session.get_adapter(prepared.url).send(
        prepared,
        stream=True,
        timeout=(left, left),
        verify=settings["verify"],
        cert=settings["cert"],
        proxies=settings["proxies"],
    )
    try:
        head = {str(k).lower(): str(v) for k, v in resp.headers.items()}
        body = _read_body(resp.raw, head, deadline, max_bytes)
    finally:
        resp.close()
    if deadline.fired:
        raise _Expired
    return Answer(resp.status_code, head, body, prepared.url or url)


def _read_body(raw: Any, head: dict[str, str], deadline: _Deadline, limit: int) -> bytes:
    declared = head.get("content-length", "").strip()
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise NetError(_too_large(limit))
    gunzip = _decoder(head.get("content-encoding", ""))
    chunks: list[bytes] = []
    size = 0
    while True:
        if deadline.left() <= 0:
            raise _Expired
        chunk = raw.read(_CHUNK, decode_content=False)
        if not chunk:
            break
        if gunzip is not None:
            chunk = gunzip.feed(chunk, limit - size)
        size += len(chunk)
        if size > limit:
            raise NetError(_too_large(limit))
        chunks.append(chunk)
    if gunzip is not None:
        gunzip.close()
    return b"".join(chunks)


class _Gunzip:
    """gzip decoding that never makes more than it is allowed to (a small bomb stays small)."""

    def __init__(self) -> None:
        self._inflate = zlib.decompressobj(wbits=31)
        self._fed = False

    def feed(self, data: bytes, room: int) -> bytes:
        """The decoded bytes; past ``room`` it stops (one byte over says "too large")."""
        out = bytearray()
        self._fed = True
        try:
            while data:
                out += self._inflate.decompress(data, room - len(out) + 1)
                if len(out) > room:
                    break
                data = b""
                if self._inflate.eof and self._inflate.unused_data:  # another gzip member
                    data = self._inflate.unused_data
                    self._inflate = zlib.decompressobj(wbits=31)
        except zlib.error:
            raise NetError("the answer's gzip data is corrupt") from None
        return bytes(out)

    def close(self) -> None:
        if self._fed and not self._inflate.eof:
            raise NetError("the answer's gzip data is cut short")


def _decoder(encoding: str) -> _Gunzip | None:
    name = encoding.strip().lower()
    if name in ("", "identity"):
        return None
    if name in ("gzip", "x-gzip"):
        return _Gunzip()
    raise NetError(f"the answer is encoded as {printable(name, 40)!r}, which was not asked for")


def _too_large(limit: int) -> str:
    return f"the answer is larger than {limit // (1024 * 1024) or limit} {_unit(limit)}"


def _unit(limit: int) -> str:
    return "MB" if limit >= 1024 * 1024 else "bytes"


def _cause_names(exc: BaseException) -> list[str]:
    """The class names along a chain of wrapped exceptions (requests wraps urllib3 wraps ...)."""
    names: list[str] = []
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo and len(names) < 20:
        cur = todo.pop(0)
        if id(cur) in seen:
            continue
        seen.add(id(cur))
        names.append(type(cur).__name__)
        linked = [*getattr(cur, "args", ()), getattr(cur, "reason", None)]
        linked += [cur.__cause__, cur.__context__]
        todo.extend(x for x in linked if isinstance(x, BaseException))
    return names


def _describe(names: list[str]) -> str:
    """What went wrong, from the exception names only: never a URL, a header or a body."""
    found = set(names)
    if found & {"IncompleteRead", "ChunkedEncodingError"}:
        return "the answer was cut short"
    if found & set(_MALFORMED):
        return "malformed answer (" + next(n for n in names if n in _MALFORMED) + ")"
    if found & {"InvalidURL", "MissingSchema", "InvalidSchema", "LocationParseError"}:
        return "invalid URL"
    return f"connection failed: {names[0]}"


_NOT_CONNECTED = {"NewConnectionError", "NameResolutionError", "ConnectTimeoutError"}
_MALFORMED = ("LineTooLong", "BadStatusLine", "InvalidHeader", "HTTPException")


class _Expired(Exception):
    """The deadline passed while reading."""
