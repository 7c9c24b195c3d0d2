"""`Addressable::URI.encode` (addressable 2.8), as Jekyll's `URL.escape_path` calls it on each
value a permalink template puts in a URL.

Addressable reads the value as a whole URI before it escapes anything: text before the first
`:` (with no `/`, `?` or `#` in it) is a scheme, `//` starts a host (and a `:port`), and each
part must be valid. A category `Q&A: news` is a URI whose scheme would be `Q&A`: Addressable
raises `InvalidURIError`, and the whole `jekyll build` stops. This module follows the gem's
code step by step (its regular expressions keep Ruby's line anchors: `^` and `$` match at
every line break), so that what it escapes, and what it refuses, is what Jekyll gets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote


class AddressableError(ValueError):
    """`Addressable::URI::InvalidURIError`: its message, as Ruby prints it."""


_M = re.MULTILINE
_URI = re.compile(r"^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?$", _M)
_USERINFO = re.compile(r"^([^\[\]]*)@", _M)
_PORT = re.compile(r":([^:@\[\]]*?)$", _M)
_USER = re.compile(r"^([^:]*):?", _M)
_PASSWORD = re.compile(r":(.*)$", _M)
_SCHEME = re.compile(r"[a-z][a-z0-9.+\-]*", re.IGNORECASE)
_DIGITS_LINE = re.compile(r"^[0-9]+$", _M)
_AMBIGUOUS_PATH = re.compile(r"^(?!/)[^/:]*:.*$", _M)
_RUBY_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
_RUBY_SPACE += "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
"""What Ruby's `[[:space:]]` matches in UTF-8 text (not the separators \\x1c-\\x1f that
Python's `isspace` takes)."""
_BAD_HOST = re.compile('[<>{}/\\\\?#@"' + _RUBY_SPACE + "]")
_BRACKETED = re.compile(r"^\[(.*)\]$", _M)
_UNRESERVED = "A-Za-z0-9\\-._~"
_SUB_DELIMS = "!$&'()*+,;="
_IP_LITERAL = re.compile(f"^[{_UNRESERVED}{re.escape(_SUB_DELIMS)}:]*$", _M)
_SAFE = _SUB_DELIMS + ":@"
_CLASS_AUTHORITY = _SAFE + "[]"
_CLASS_PATH = _SAFE + "/"
_CLASS_QUERY = _SAFE + "/?"
"""What `encode_component` keeps in an authority, a path, a query or fragment, besides
the letters, digits and `-._~` that `quote` always keeps."""
_RUBY_STRIP = "\0\t\n\v\f\r "
_IP_BASED = frozenset(
    {"http", "https", "ftp", "tftp", "sftp", "ssh", "svn+ssh", "telnet", "nntp", "gopher"}
    | {"wais", "ldap", "prospero"}
)
"""Addressable's `PORT_MAPPING`: a URI with one of these schemes needs a host or a path."""
_TO_I = re.compile(r"[\t\n\v\f\r ]*([+-]?[0-9]+(?:_[0-9]+)*)")


@dataclass
class _Uri:
    scheme: str | None = None
    user: str | None = None
    password: str | None = None
    host: str | None = None
    port: int | None = None
    path: str = ""
    query: str | None = None
    fragment: str | None = None

    @property
    def authority(self) -> str | None:
        if self.host is None:
            return None
        out = ""
        if self.user is not None:
            out = self.user + (f":{self.password}" if self.password is not None else "") + "@"
        out += self.host
        return out if self.port is None else f"{out}:{self.port}"

    def text(self) -> str:
        """`URI#to_s`."""
        if self.scheme is None and self.path and _AMBIGUOUS_PATH.search(self.path):
            raise AddressableError(f"Cannot assemble URI string with ambiguous path: '{self.path}'")
        out = f"{self.scheme}:" if self.scheme is not None else ""
        authority = self.authority
        out += f"//{authority}" if authority is not None else ""
        out += self.path
        out += f"?{self.query}" if self.query is not None else ""
        return out + (f"#{self.fragment}" if self.fragment is not None else "")


def encode(text: str) -> str:
    """`Addressable::URI.encode(text)`; `AddressableError` when Addressable raises."""
    if ":" not in text and "\n" not in text and not text.startswith("//"):
        # no scheme, host or port, one line: only a path, a query and a fragment
        head, hash_mark, fragment = text.partition("#")
        path, question, query = head.partition("?")
        out = _escape(path, _CLASS_PATH)
        out += "?" + _escape(query, _CLASS_QUERY) if question else ""
        return out + ("#" + _escape(fragment, _CLASS_QUERY) if hash_mark else "")
    parsed = _parse(text)
    encoded = _Uri(scheme=parsed.scheme)
    authority = parsed.authority
    if authority is not None:
        _set_authority(encoded, _escape(authority, _CLASS_AUTHORITY))
    encoded.path = _escape(parsed.path, _CLASS_PATH)
    if encoded.path and not encoded.path.startswith("/") and encoded.host is not None:
        encoded.path = "/" + encoded.path
    if parsed.query is not None:
        encoded.query = _escape(parsed.query, _CLASS_QUERY)
    if parsed.fragment is not None:
        encoded.fragment = _escape(parsed.fragment, _CLASS_QUERY)
    _validate(encoded)
    return encoded.text()


def _parse(text: str) -> _Uri:
    """`URI.parse`: the parts RFC 3986's regular expression finds, set and checked."""
    match = _URI.search(text)
    if match is None:  # cannot happen: every part of the expression is optional
        raise AddressableError(f"cannot read {text!r} as a URI")
    uri = _Uri()
    if match.group(2) is not None:
        _set_scheme(uri, match.group(2))
    authority = match.group(4)
    if authority is not None:
        userinfo = _USERINFO.search(authority)
        if userinfo is not None:
            info = userinfo.group(1).strip(_RUBY_STRIP)
            user = _USER.search(info)
            password = _PASSWORD.search(info)
            uri.password = password.group(1) if password else None
            uri.user = user.group(1) if user else ("" if uri.password is not None else None)
        host = _USERINFO.sub("", authority, count=1)
        uri.host = _PORT.sub("", host, count=1)
        port = _PORT.search(authority)
        if port is not None and port.group(1):
            _set_port(uri, port.group(1))
    uri.path = match.group(5)
    uri.query, uri.fragment = match.group(7), match.group(9)
    _validate(uri)
    uri.text()
    return uri


def _set_scheme(uri: _Uri, scheme: str) -> None:
    if _SCHEME.fullmatch(scheme) is None:
        raise AddressableError(f"Invalid scheme format: '{scheme}'")
    uri.scheme = scheme


def _set_authority(uri: _Uri, authority: str) -> None:
    """`URI#authority=`: unlike `parse`, an empty port (`host:`) is refused."""
    userinfo = _USERINFO.search(authority)
    user = password = None
    if userinfo is not None:
        info = userinfo.group(1).strip(_RUBY_STRIP)
        found_user, found_password = _USER.search(info), _PASSWORD.search(info)
        user = found_user.group(1) if found_user else None
        password = found_password.group(1) if found_password else None
    uri.password = password
    uri.user = "" if user is None and password is not None else user
    uri.host = _PORT.sub("", _USERINFO.sub("", authority, count=1), count=1)
    port = _PORT.search(authority)
    uri.port = None
    if port is not None:
        _set_port(uri, port.group(1))


def _set_port(uri: _Uri, text: str) -> None:
    """`URI#port=`: %-escapes undone, digits on some line, then Ruby's `to_i` (0 is none)."""
    raw = re.sub(
        rb"%[0-9a-fA-F]{2}",
        lambda m: bytes([int(m.group()[1:], 16)]),
        text.encode("utf-8", "surrogateescape"),
    )
    try:
        port = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise AddressableError("Invalid encoding in port") from None
    if _DIGITS_LINE.search(port) is None:
        raise AddressableError(f"Invalid port number: {_inspect(port)}")
    number = _TO_I.match(port)
    value = int(number.group(1).replace("_", "")) if number else 0
    uri.port = value or None


def _validate(uri: _Uri) -> None:
    """`URI#validate`."""
    if (
        uri.scheme is not None
        and uri.scheme.strip(_RUBY_STRIP).lower() in _IP_BASED
        and not uri.host
        and not uri.path
    ):
        raise AddressableError(f"Absolute URI missing hierarchical segment: '{uri.text()}'")
    if uri.host is None and (uri.port is not None or uri.user is not None):
        raise AddressableError(f"Hostname not supplied: '{uri.text()}'")
    authority = uri.authority
    if uri.path and not uri.path.startswith("/") and authority is not None:
        raise AddressableError(f"Cannot have a relative path with an authority set: '{uri.text()}'")
    if uri.path.startswith("//") and authority is None:
        raise AddressableError(
            f"Cannot have a path with two leading slashes without an authority set: '{uri.text()}'"
        )
    if uri.host is not None and _bad_host(uri.host):
        raise AddressableError(f"Invalid character in host: '{uri.host}'")


def _bad_host(host: str) -> bool:
    if _BAD_HOST.search(host):
        return True
    literal = _BRACKETED.search(host)
    return literal is not None and _IP_LITERAL.search(literal.group(1)) is None


def _escape(text: str, safe: str) -> str:
    """`URI.encode_component`: each UTF-8 byte not kept as `%XX`."""
    return quote(text, safe=safe, errors="surrogateescape")


def _inspect(text: str) -> str:
    """Ruby's `String#inspect`, for the characters a port can hold."""
    from bot import ruby

    return ruby.inspect(text)
