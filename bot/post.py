"""Bytes -> Post, exactly as Jekyll reads a post. The only place that parses a file.

Jekyll (``Document::YAML_FRONT_MATTER_REGEXP``) sees front matter only when the file
starts with ``---`` (after a BOM, which it strips), and closes it at the first line that is
``---`` or ``...``; the YAML handed to the parser starts at the opening ``---`` so YAML
line numbers are file line numbers.
"""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from bot import yamlread
from bot.collections_dir import collection_relative, collections_dir
from bot.problem import Finding, Fix
from bot.ruby import YamlTimestamp

if TYPE_CHECKING:
    from collections.abc import Iterable

    from bot.rules.base import Rule
    from bot.site import Site
    from bot.site_encoding import ReadEncoding

_BLANK = " \t\r\f\v"


def front_matter_text(text: str) -> str | None:
    """The YAML of the front matter, from the opening `---` line to the closing one, as
    Jekyll's ``YAML_FRONT_MATTER_REGEXP`` captures it (tests compare the two), found line by
    line rather than by a regex engine walking the whole front matter character by
    character; None when there is none."""
    if not text.startswith("---"):
        return None
    first = text.find("\n")
    if first < 0 or text[3:first].strip(_BLANK):
        return None
    start = first + 1
    length = len(text)
    while start <= length:
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        if line[:3] in ("---", "...") and not line[3:].strip(_BLANK):
            return text[:start]
        if end < 0:
            return None
        start = end + 1
    return None


BOM = "\ufeff"

Shape = Literal["missing", "mapping", "list", "single value"]
"""What the front matter is: absent (or never closed), `key: value` lines, or not that."""


@dataclass(frozen=True, slots=True)
class ReadError:
    """Why a file was not read: it cannot be (``outside`` False) or it lies outside the site
    (a link out of it, the Git folder); ``reason`` says so in the author's words."""

    reason: str
    outside: bool = False


@dataclass(frozen=True, slots=True)
class DecodeError:
    """The first byte that is not UTF-8 (or not in the site's ``encoding``, Ruby's name of
    it): its value, where it is, and the codec the file most likely is in (None: no guess)."""

    byte: int
    line: int
    column: int
    guess: str | None
    encoding: str = "UTF-8"


@dataclass(frozen=True, slots=True)
class ForeignUtf8:
    """A UTF-8 file on a site that reads another encoding: its first word that is not ASCII,
    where it is, and that word as Jekyll reads it (``cafÃ©`` for ``café`` as ISO-8859-1)."""

    line: int
    column: int
    written: str
    read: str


@dataclass(frozen=True, slots=True)
class WideText:
    """A file of UTF-16 or UTF-32 text: the codec that reads it and its description."""

    codec: str
    label: str


POST_EXTENSIONS = {".md", ".markdown", ".mkd", ".mkdn", ".mdown", ".html", ".htm", ".textile"}


@dataclass
class Post:
    path: str
    """POSIX path relative to the site root."""
    file: str
    """Absolute path of the file (as given, links not resolved)."""
    data: bytes = b""
    text: str | None = None
    """The decoded text without BOM; None when the file is not UTF-8 (or not read)."""
    bom: bool = False
    source: str = ""
    """The decoded text without BOM (bad bytes as U+FFFD when not UTF-8)."""
    front_matter: dict[str, Any] | None = None
    """The front matter as written (None when absent or unusable)."""
    defaults: dict[str, Any] = field(default_factory=dict)
    """`_config.yml` defaults that apply to this post."""
    defaults_error: str | None = None
    """Why Jekyll's `defaults` code fails on the post (it then skips it), or None."""
    defaults_date: tuple[int, Any] | None = None
    """With `defaults_error`, when a set's `values.date` is what it fails on: the set's
    index and the value."""
    fm_end_line: int = 0
    """Line of the closing `---` (0 when there is no front matter)."""
    body_start_line: int = 1
    positions: dict[tuple[Any, ...], tuple[int, int]] = field(default_factory=dict)
    """1-based (line, column) of each front-matter key, by key path."""
    read_error: ReadError | None = None
    """Why the file was not read (None: it was)."""
    wide: WideText | None = None
    """The file is UTF-16 or UTF-32 text, not parsed for that reason."""
    binary: bool = False
    """The file holds NUL bytes among bytes that are not UTF-8, or among more control
    characters than text: not text, not parsed."""
    decode_error: DecodeError | None = None
    """The first byte that is not UTF-8, or not in the site's encoding (the rest is parsed
    with U+FFFD in its place): Jekyll leaves the post out."""
    bom_kept: bool = False
    """The file starts with a BOM that Jekyll keeps (the site's `encoding` does not start
    with `utf-`): it sees no front matter."""
    foreign_utf8: ForeignUtf8 | None = None
    """The file is UTF-8 with letters outside ASCII, on a site that reads another encoding."""
    refused_encoding: str | None = None
    """The site's encoding when Ruby reads no file in it (UTF-16...): Jekyll leaves every post
    out. The text is read as UTF-8 all the same, for the other rules."""
    shape: Shape | None = None
    """What the front matter is (None: not parsed, or YAML that does not parse)."""
    yaml_error: yamlread.YamlProblem | None = None
    """The YAML of the front matter does not parse (lines and columns 0-based)."""
    duplicate_keys: list[yamlread.YamlProblem] = field(default_factory=list)
    """Keys given twice in the front matter (YAML keeps the last silently)."""
    second_document: tuple[int, int] | None = None
    """The lines (1-based, first and last) of text in the front matter that follows the end
    of its first YAML document (a `--- x` or `... x` line): Jekyll reads neither."""
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Values other modules derive once per post (the date, see `bot.jekyll.post_date`)."""
    real: str | None = None
    """The resolved path of the file that was read (None when not read from a file)."""
    file_stat: os.stat_result | None = field(default=None, repr=False, compare=False)
    """The status of the file as it was read (identity, size, mode, owner)."""
    front_format: str | None = None
    """The front matter's language: "yaml" (always, on a Jekyll site), "toml" or "json"
    (a Hugo site's `+++` and `{` front matter); None when there is none."""

    @property
    def readable(self) -> bool:
        """Whether the file was read and parsed as text (UTF-8, perhaps with bad bytes)."""
        return self.read_error is None and self.wide is None and not self.binary

    @property
    def unread_reason(self) -> str:
        """Why `list` shows a post that is not `readable` as not published: `not-read` for a
        link out of the site (or into `.git`), which pressbot never follows though the
        generator may, else `invalid` (the generator cannot read it either)."""
        error = self.read_error
        return "not-read" if error is not None and error.outside else "invalid"

    @property
    def encoding(self) -> str | None:
        """The codec of a post that is text in another encoding than UTF-8 and could not be
        parsed for that reason (UTF-16, UTF-32): what `pressbot fix --from-encoding` wants."""
        return self.wide.codec if self.wide is not None else None

    @property
    def front_matter_failed(self) -> bool:
        """The front matter could not be used (bad YAML, not a mapping). Jekyll then logs an
        error and still builds the post, with neither its front matter nor its file-name
        date."""
        return self.yaml_error is not None or self.shape in ("list", "single value")

    @cached_property
    def kind(self) -> str:
        """'post' (under `_posts`), 'draft' (under `_drafts`) or 'other'."""
        parts = self.folders
        if "_posts" in parts:
            return "post"
        if "_drafts" in parts:
            return "draft"
        return "other"

    @property
    def abspath(self) -> Path:
        return Path(self.file)

    @cached_property
    def lines(self) -> list[str]:
        """Decoded lines without their line endings; split on first use only."""
        return [line[:-1] if line.endswith("\r") else line for line in self.source.split("\n")]

    @cached_property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @cached_property
    def folders(self) -> list[str]:
        """The folders above the file, from the site root down."""
        return self.path.split("/")[:-1]

    @cached_property
    def stem(self) -> str:
        """The path without the file's extension."""
        return path_stem(self.path)

    @cached_property
    def merged(self) -> dict[str, Any]:
        """Defaults overlaid by the front matter: what Jekyll validates and renders."""
        if not self.defaults:
            return self.front_matter or {}
        return deep_merge(self.defaults, self.front_matter or {})

    @property
    def body(self) -> str:
        if self.text is None:
            return ""
        return "\n".join(self.lines[self.body_start_line - 1 :])

    def finding(
        self,
        rule: Rule,
        line: int,
        column: int,
        message: str,
        *,
        end_line: int | None = None,
        end_column: int | None = None,
        fix: Fix | None = None,
    ) -> Finding:
        return Finding(
            path=self.path,
            line=line,
            column=column,
            rule=rule.id,
            message=message,
            end_line=end_line,
            end_column=end_column,
            fix=fix,
        )

    def first_key_position(self, keys: Iterable[str]) -> tuple[int, int]:
        """Where the first of the top-level ``keys`` that the front matter sets is; the
        front matter start if it sets none."""
        return next((self.positions[(k,)] for k in keys if (k,) in self.positions), (1, 1))

    def key_position(self, *key: Any) -> tuple[int, int]:
        """Where a key (or the nearest enclosing key) is; the front matter start if absent."""
        while key:
            if key in self.positions:
                return self.positions[key]
            key = key[:-1]
        return (1, 1)


def path_stem(path: str) -> str:
    """A POSIX path without its file's extension (a post's id when it names none)."""
    base, dot, ext = path.rpartition(".")
    name = path.rsplit("/", 1)[-1]
    return base if dot and "/" not in ext and not name.startswith(".") else path


def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if value is None and key in out:
            continue  # Jekyll's merge keeps what the defaults say over an empty value
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _position_of_byte(data: bytes, offset: int, codec: str = "utf-8") -> tuple[int, int]:
    """1-based (line, column) of the byte at ``offset``, the column counted in characters of
    ``data`` read in ``codec``, as the other rules count them: a BOM that starts the file
    takes none (the text they see has it taken off)."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    head = data[line_start:offset].decode(codec, errors="replace")
    if line_start == 0:
        head = head.removeprefix(BOM)
    return line, len(head) + 1


_TEXT_PUNCTUATION = set("’‘“”„–—…«»°€£¥§©®±·×÷¿¡ ")


def _guess_encoding(data: bytes) -> str | None:
    """The likely codec of bytes that are not UTF-8.

    Windows-1252 first when every character it gives is a letter or common punctuation (the
    usual case: a Western file saved by an old editor); otherwise charset-normalizer's guess,
    which needs more text than a short post often has to tell the Latin codecs apart.
    """
    sample = data[:200_000]
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and all(
        ch.isascii() or ch.isalpha() or ch in _TEXT_PUNCTUATION for ch in text
    ):
        return "cp1252"
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - optional
        return None
    best = from_bytes(sample).best()
    return best.encoding if best is not None else None


def _real_dir(site: Site, directory: str) -> str:
    """realpath of a folder, once per folder: links among the folders are resolved too."""
    cache: dict[str, str] = site.memo.setdefault("real_dirs", {})
    if directory not in cache:
        cache[directory] = os.path.realpath(directory)
    return cache[directory]


MAX_POST_BYTES = 64 << 20
"""Files larger than this are not read: no post is that long (the biggest real ones are a
few megabytes), and a 2 GB file named like a post must not take 2 GB of memory."""

CHANGED_WHILE_READING = "the file changed while being read; run again"
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the check must not block
    | getattr(os, "O_CLOEXEC", 0)
)


class _Unreadable(Exception):
    """Why a file was not read: ``args[0]`` is the `ReadError`."""

    def __init__(self, reason: str, outside: bool = False) -> None:
        super().__init__(ReadError(reason, outside))


def _too_large(size: int) -> _Unreadable:
    return _Unreadable(
        f"the file is {size / (1 << 20):.1f} MiB; a post over {MAX_POST_BYTES >> 20} MiB is "
        "not read (is it really a post?); move it out of the posts folder",
    )


def _os_error(exc: OSError) -> _Unreadable:
    if exc.errno == errno.ENOENT:
        return _Unreadable("the file is gone (deleted or renamed while pressbot ran); run again")
    if exc.errno in (errno.ELOOP, errno.ENXIO):
        return _Unreadable(CHANGED_WHILE_READING)
    reason = exc.strerror or str(exc)
    return _Unreadable(f"the file cannot be read ({reason}); make it readable to pressbot")


def _folder(path: str) -> _Unreadable:
    """A folder where a post was expected: discovery names a folder it cannot list."""
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        return _Unreadable(
            f"this folder cannot be read ({exc.strerror or exc}); the posts in it were not "
            "checked: make it readable to pressbot",
        )
    return _Unreadable("this is a folder, not a post")


def _resolve(site: Site, abspath: str) -> tuple[str, os.stat_result]:
    """The real path of ``abspath`` (links resolved) and what it is, checked to be a regular
    file inside the site."""
    directory, name = os.path.split(abspath)
    try:
        info = os.lstat(abspath)
        link = stat.S_ISLNK(info.st_mode)
        if link:
            real = os.path.realpath(abspath)
            info = os.stat(real)
        else:
            real = os.path.join(_real_dir(site, directory), name)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # here (not while reading) a link that leads to itself
            raise _Unreadable("this path is a link that leads back to itself; remove it") from None
        raise _os_error(exc) from None
    root = str(site.root)
    if not real.startswith(root + os.sep):
        if link:
            what = "folder" if stat.S_ISDIR(info.st_mode) else "file"
            read = "nothing in it was read" if what == "folder" else "it was not read"
            raise _Unreadable(
                f"this path is a link to a {what} outside the site; {read} "
                f"(replace the link with the {what} itself)",
                outside=True,
            )
        raise _Unreadable(
            f"the file is outside the site ({root}); check it with --site set to its own site",
            outside=True,
        )
    if real[len(root) + 1 :].split(os.sep, 1)[0] == ".git":
        # The repository's own files (its config may hold a checkout's token) are not posts.
        raise _Unreadable(
            "this path leads into the Git folder (.git); it was not read: name posts outside it",
            outside=True,
        )
    if stat.S_ISDIR(info.st_mode):
        raise _folder(real)
    if not stat.S_ISREG(info.st_mode):
        # A FIFO (opening it would wait forever), a device, a socket...
        raise _Unreadable("this is not a regular file; remove it")
    if info.st_size > MAX_POST_BYTES:
        raise _too_large(info.st_size)
    return real, info


def _read_checked(real: str, info: os.stat_result) -> tuple[bytes, os.stat_result]:
    """The bytes of ``real``, which must still be the file ``info`` (not a link, FIFO or
    other file swapped in since), and the file's status as read."""
    try:
        fd = os.open(real, _OPEN_FLAGS)
    except OSError as exc:
        raise _os_error(exc) from None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (
            info.st_dev,
            info.st_ino,
        ):
            raise _Unreadable(CHANGED_WHILE_READING)
        if opened.st_size > MAX_POST_BYTES:
            raise _too_large(opened.st_size)
        # Read to the end (a short read is not the end on every file system), never past
        # the bound: a file growing meanwhile is caught.
        chunks = []
        size = 0
        want = opened.st_size + 1
        while chunk := os.read(fd, want):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_POST_BYTES:
                raise _Unreadable(CHANGED_WHILE_READING)
            want = min(1 << 20, MAX_POST_BYTES + 1 - size)
    except OSError as exc:
        raise _os_error(exc) from None
    finally:
        os.close(fd)
    return b"".join(chunks), opened


def read_post(site: Site, path: Path | str) -> Post:
    """Read ``path`` safely (inside the site, a regular file, never through a link that
    leaves the site, never more than `MAX_POST_BYTES`) and parse it.

    ``Post.real`` and ``Post.file_stat`` record the file that was read (for `pressbot fix`, which
    writes only if it is still that file with those bytes)."""
    abspath = os.path.abspath(path)
    post = Post(path=site.relpath(abspath), file=abspath)
    try:
        real, info = _resolve(site, abspath)
        data, post.file_stat = _read_checked(real, info)
    except _Unreadable as why:
        post.read_error = why.args[0]
        return post
    post.real = real
    return parse_post(site, post.path, data, post)


_WIDE = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    ("utf-32-le", "UTF-32 (little endian)", codecs.BOM_UTF32_LE),
    ("utf-32-be", "UTF-32 (big endian)", codecs.BOM_UTF32_BE),
    ("utf-16-le", "UTF-16 (little endian)", codecs.BOM_UTF16_LE),
    ("utf-16-be", "UTF-16 (big endian)", codecs.BOM_UTF16_BE),
)
_WIDE_SAMPLE = 8192


def wide_encoding(data: bytes) -> tuple[str, str] | None:
    """(codec, description) when ``data`` is UTF-16 or UTF-32 text, else None.

    A BOM says so; without one, the NUL bytes that ASCII characters leave in wide text do,
    provided the start of the file decodes in that codec to text (`_wide_text`). Of two
    codecs that both fit, the one that gives more ASCII wins: read the wrong way round,
    ASCII becomes CJK and unassigned characters. Binary files fail the text test within a
    few characters. Text with a few stray NUL bytes (pasted from a PDF) is not wide text:
    read in pairs its ASCII letters make CJK characters too, so without a BOM a good share of
    the code units must be ASCII (`_ascii_enough`), as the line breaks, spaces and `---`
    lines of a wide post in any script are.
    """
    for codec, label, bom in _WIDE:
        if data.startswith(bom):
            # `--from-encoding utf-16` (or utf-32) reads the BOM and the order it gives.
            fits = _wide_text(data[len(bom) :], codec) is not None
            return (codec[:6], label) if fits else None
    if data.find(b"\x00", 0, _WIDE_SAMPLE) < 0:
        return None
    utf8 = _utf8_start(data)
    best: tuple[int, str, str] | None = None
    for codec, label, _ in _WIDE:
        text = _wide_text(data, codec)
        if text is None or not _ascii_enough(text, utf8):
            continue
        ascii_count = sum(ch < "\x80" for ch in text)
        if best is None or ascii_count > best[0]:
            best = (ascii_count, codec, label)
    return (best[1], best[2]) if best else None


def _utf8_start(data: bytes) -> bool:
    """Whether the start of ``data`` (`_WIDE_SAMPLE` bytes) is UTF-8."""
    sample = data[:_WIDE_SAMPLE]
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=len(sample) == len(data))
    except UnicodeDecodeError:
        return False
    return True


def _ascii_enough(text: str, utf8: bool) -> bool:
    """Whether ``text``, a wide decoding without BOM, has the ASCII characters (NUL aside) of
    wide text: one character in eight; or, in bytes that are not UTF-8 (a CJK post), at
    least 16, as its `---` lines and line breaks give. A few stray NUL bytes in 8-bit text
    make one ASCII character each at most (two in a row make a NUL, which is not text)."""
    count = sum("\x00" < ch < "\x80" for ch in text)
    return count * 8 >= len(text) or (not utf8 and count >= 16)


def _wide_text(data: bytes, codec: str) -> str | None:
    """The start of ``data`` decoded in ``codec``, if it is text: no control characters but
    tab, CR and LF; a few odd characters allowed (undecodable code units of a file cut short,
    characters newer than this Python's Unicode tables, private use), one in twenty not."""
    decoder = codecs.getincrementaldecoder(codec)("replace")
    sample = data[:_WIDE_SAMPLE]
    text = decoder.decode(sample, final=len(sample) == len(data))
    odd = 0
    for ch in text:
        kind = unicodedata.category(ch)
        if kind == "Cc" and ch not in "\t\n\r":
            return None
        odd += kind in ("Cn", "Co") or ch == "\ufffd"
    return text if text and odd * 20 <= len(text) else None


def _binary(data: bytes) -> bool:
    """Whether ``data`` (not wide text) is a binary file: NUL bytes in its start, and either
    bytes that are not UTF-8 or more control characters than text. Jekyll and Hugo read UTF-8
    with a stray NUL (pasted from a PDF) and publish it: `encoding/control-char` says where
    it is."""
    if data.find(b"\x00", 0, _WIDE_SAMPLE) < 0:
        return False
    if not _utf8_start(data):
        return True
    text = data[:_WIDE_SAMPLE].decode("utf-8", "ignore")
    controls = sum(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in text)
    return controls * 20 > len(text)


def parse_post(site: Site, rel: str, data: bytes, post: Post | None = None) -> Post:
    """Parse the bytes of the post at site-relative ``rel`` (also used for Git blobs)."""
    if post is None:
        post = Post(path=rel, file=str(site.root / rel))
    post.data = data
    if not site.is_hugo:
        try:
            post.defaults = defaults_for(site, rel)
        except DefaultsError as exc:
            post.defaults_error = str(exc)
            post.defaults_date = exc.date
    wide = wide_encoding(data)
    if wide is not None:
        post.wide = WideText(*wide)
        return post
    if _binary(data):
        post.binary = True
        return post
    encoding = None if site.is_hugo else site.read_encoding
    if encoding is not None:
        _decode_as_site(post, data, encoding, site)
        return post
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position_of_byte(data, exc.start)
        post.decode_error = DecodeError(data[exc.start], line, column, _guess_encoding(data))
        _parse_text(post, data.decode("utf-8", errors="replace"), site)
        return post
    _parse_text(post, text, site)
    post.text = text[1:] if post.bom else text
    return post


def _decode_as_site(post: Post, data: bytes, encoding: ReadEncoding, site: Site) -> None:
    """Decode as Jekyll does on a site whose `encoding` is not plain UTF-8 (`bot.site_encoding`):
    in that encoding, the BOM kept unless the name starts with `utf-`."""
    from bot.site_encoding import first_invalid

    if encoding.kind == "ascii-incompatible":
        post.refused_encoding = encoding.name
    codec = encoding.codec
    bad = first_invalid(data, encoding)
    unreadable = None
    try:
        if bad is not None and bad >= 0:
            raise UnicodeDecodeError(codec, data, bad, bad + 1, "invalid")
        errors = "replace" if bad is not None else "strict"
        text = data.decode(codec, "pressbot-c1" if encoding.single_byte else errors)
        if errors == "replace" and "\ufffd" in text:
            text, unreadable = _psych_front_matter(data, codec, text, encoding.name)
    except UnicodeDecodeError as exc:
        line, column = _position_of_byte(data, exc.start, codec)
        guess = "utf-8" if _is_utf8(data) else _guess_encoding(data)
        name = "UTF-8" if encoding.utf8 else encoding.name
        post.decode_error = DecodeError(data[exc.start], line, column, guess, name)
        _parse_text(post, data.decode(codec, errors="replace"), site, encoding.strips_bom)
        return
    if not encoding.utf8 and not data.isascii():
        post.foreign_utf8 = _foreign_utf8(data, codec)
    _parse_text(post, text, site, encoding.strips_bom, unreadable)
    post.text = post.source


def _psych_front_matter(
    data: bytes, codec: str, text: str, name: str
) -> tuple[str, yamlread.YamlProblem | None]:
    """``text`` with its front matter as Psych reads it: Psych converts the YAML to UTF-8,
    and where the YAML does not convert whole it keeps the bytes and reads them as UTF-8 (a
    Shift_JIS site's post saved as UTF-8 has its front matter read as written). Where they
    are not UTF-8 either, Psych cannot read them: the problem to report, and Jekyll builds
    the post without its front matter (its date the build's)."""
    # Latin-1 keeps one character a byte, so the YAML's length in characters is in bytes;
    # `front_matter_text` closes it where Jekyll's regex does, on a `---\r\n` line too
    found = front_matter_text(data.decode("latin-1"))
    if found is None:
        return text, None
    head = data[: len(found)]
    try:
        head.decode(codec)
        return text, None
    except UnicodeDecodeError:
        pass
    try:
        own = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position_of_byte(data, exc.start, codec)
        message = (
            f"byte 0x{data[exc.start]:02x} makes the front matter neither {name} that "
            "converts to UTF-8 nor UTF-8: Psych cannot read it, and Jekyll builds the post "
            "without its front matter; write it in one of the two"
        )
        return text, yamlread.YamlProblem("syntax", message, line - 1, column - 1)
    return own + data[len(head) :].decode(codec, "replace"), None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _word_end(char: str) -> bool:
    return char.isspace() or char in "\"'()[]{}<>,;|`"


def _foreign_utf8(data: bytes, codec: str) -> ForeignUtf8 | None:
    """The first word outside ASCII of ``data`` when it is UTF-8 (None when not), and that
    word read in ``codec``."""
    if not _is_utf8(data):
        return None
    at = next(i for i, byte in enumerate(data) if byte > 0x7F)
    start = data.rfind(b"\n", 0, at) + 1
    end = data.find(b"\n", at)
    line_bytes = data[start : len(data) if end < 0 else end]
    text = line_bytes.decode("utf-8")
    i = at - start  # all ASCII before it: a column in either reading
    a, b = i, i + 1
    while a > max(i - 30, 0) and not _word_end(text[a - 1]):
        a -= 1
    while b < min(i + 30, len(text)) and not _word_end(text[b]):
        b += 1
    word = text[a:b]
    read = word.encode("utf-8").decode(codec, "replace")
    return ForeignUtf8(data.count(b"\n", 0, at) + 1, i + 1, word, read)


def _parse_text(
    post: Post,
    text: str,
    site: Site,
    strip_bom: bool = True,
    unreadable: yamlread.YamlProblem | None = None,
) -> None:
    """Parse the decoded ``text``; ``unreadable``: why Psych cannot read its front matter."""
    if text.startswith(BOM):
        post.bom = True
        post.bom_kept = not strip_bom
        text = text[1:]
    post.source = text
    if site.is_hugo:
        from bot.hugo.posts import parse_text

        parse_text(post, text)
        return
    if post.bom_kept:
        post.shape = "missing"  # Jekyll's match of `---` at the start fails on the BOM
        return
    yaml_text = front_matter_text(text)
    if yaml_text is None:
        post.shape = "missing"
        return
    post.fm_end_line = yaml_text.count("\n") + 1
    post.body_start_line = post.fm_end_line + 1
    post.front_format = "yaml"
    if unreadable is not None:
        post.yaml_error = unreadable
        return
    try:
        doc = yamlread.load(yaml_text)
    except yamlread.YamlProblem as exc:
        post.yaml_error = exc
        return
    post.duplicate_keys = doc.duplicates
    post.second_document = _second_document(yaml_text)
    if doc.data is None:
        post.front_matter = {}
        post.shape = "mapping"
    elif isinstance(doc.data, dict):
        post.front_matter = doc.data
        post.positions = doc.positions
        post.shape = "mapping"
    else:
        post.shape = "list" if isinstance(doc.data, list) else "single value"


_DOCUMENT_MARK = re.compile(r"^(?:(?:---|\.\.\.)(?=[ \t\r\n]|\Z)|%)", re.MULTILINE)
"""A line that ends a YAML document: `---` or `...` (then a blank or the end of the line),
or a directive."""


def _second_document(yaml_text: str) -> tuple[int, int] | None:
    """The first and last lines (1-based) of the text after the first YAML document of the
    front matter, comments and blank lines aside; None when there is none. The YAML parsed,
    the first mark after its opening line ends that document; it starts at the file's first
    line."""
    mark = _DOCUMENT_MARK.search(yaml_text, yaml_text.find("\n") + 1)
    if mark is None:
        return None
    first = yaml_text.count("\n", 0, mark.start())
    lines = yaml_text[mark.start() :].split("\n")
    if mark.group() != "%":
        lines[0] = lines[0][3:]
    kept = [i for i, line in enumerate(lines) if line.strip(" \t\r") and not _comment(line)]
    return (first + kept[0] + 1, first + kept[-1] + 1) if kept else None


def _comment(line: str) -> bool:
    return line.lstrip(" \t").startswith("#")


class DefaultsError(Exception):
    """The site's `defaults` make Jekyll fail on the post (a Ruby error in its defaults code,
    which Jekyll logs as "could not read file" before it skips the post)."""

    def __init__(self, problem: str, date: tuple[int, Any] | None = None) -> None:
        super().__init__(problem)
        self.date = date
        """The index and value of the set's `values.date` Jekyll fails on, if that is it."""


def _check_dates(sets: list[Any], site: Site) -> None:
    """Jekyll's `ensure_time!`, run on every set (whatever its scope) before it picks those
    that apply: a `values.date` that is not yet a time goes through `Time.parse`, which
    takes only text. A date without a time of day (Psych's `Date`), a number, true/false,
    null, a list or a mapping raise a `TypeError` ("no implicit conversion of Date into
    String"): every post, draft and collection document fails to read. Text `Time.parse`
    cannot read stops the build on the first of them."""
    from bot.jekyll import DateError, read_date, type_name

    for index, entry in enumerate(sets):
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
            continue  # Jekyll leaves the set out before it looks at its date
        if "date" not in entry["values"]:
            continue
        value = entry["values"]["date"]
        if isinstance(value, (YamlTimestamp, dt.datetime)):
            continue  # a Ruby `Time` already
        if isinstance(value, str):
            try:
                read_date(value, site)
            except DateError as exc:
                raise DefaultsError(str(exc), (index, value)) from None
            continue
        what = "a date without a time of day" if isinstance(value, dt.date) else type_name(value)
        raise DefaultsError(f"a `date` that is {what}", (index, value))


def defaults_for(site: Site, rel: str) -> dict[str, Any]:
    """`_config.yml` `defaults` that apply to ``rel`` (type `posts`), Jekyll's precedence.
    Jekyll matches scope paths against the path inside `collections_dir`, the scope's own
    `collections_dir/` prefix taken off. Raises `DefaultsError` where Jekyll's own code
    fails: once a set with a scope matched, a matching set without one or with a `path`
    that is not text (a `scope` that is not a mapping, or a `type` that is not text, is
    refused when the configuration is loaded)."""
    sets = site.jekyll.get("defaults")
    if not isinstance(sets, list) or not sets:
        return {}
    _check_dates(sets, site)
    rel = collection_relative(rel, collections_dir(site.jekyll))
    out: dict[str, Any] = {}
    old_scope: dict[str, Any] | None = None
    for entry in sets:
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
            continue  # Jekyll warns of an invalid set and leaves it out
        scope = entry.get("scope")
        if "scope" in entry and not isinstance(scope, dict):
            continue  # refused when the configuration is loaded
        if scope is not None and not _scope_applies(site, scope, rel):
            continue
        if _has_precedence(old_scope, scope):
            out = deep_merge(out, entry["values"])
            old_scope = scope
        else:
            out = deep_merge(entry["values"], out)
    return out


def _sanitize(path: Any) -> str:
    """Jekyll's `sanitize_path` of a scope's `path`: nil or empty is "", one leading `/` is
    taken off; anything else that is not text fails (Ruby's `empty?`, `start_with?`)."""
    if path is None:
        return ""
    if isinstance(path, (list, dict)) and not path:
        return ""
    if not isinstance(path, str):
        from bot.jekyll import type_name

        raise DefaultsError(f"a scope `path` that is not text ({type_name(path)})")
    return path[1:] if path.startswith("/") else path


def _scope_applies(site: Site, scope: dict[str, Any], rel: str) -> bool:
    kind = scope.get("type")
    if kind is not None and str(kind) not in ("posts", "post"):
        return False
    scope_path = scope.get("path")
    if not isinstance(scope_path, str) or not scope_path:
        return True
    if scope_path.startswith("/"):
        # Jekyll compares the path as written (a post's path has no leading `/`), and
        # globs it from the file system's root (`Pathname#join`): it applies to no post
        return False
    folder = collections_dir(site.jekyll)
    if "*" in scope_path:
        from bot.ruby_glob import glob

        matches = site.memo.setdefault("globs", {})
        if scope_path not in matches:
            found = glob(scope_path, str(site.root))
            matches[scope_path] = [collection_relative(p, folder) for p in found]
        return any(rel.startswith(p) for p in matches[scope_path])
    return rel.startswith(collection_relative(scope_path, folder))


def _has_precedence(old: dict[str, Any] | None, new: dict[str, Any] | None) -> bool:
    if old is None:
        return True
    if new is None:  # Ruby's `nil["path"]`
        raise DefaultsError("a set without `scope` after one with a scope, both matching")
    new_path, old_path = _sanitize(new.get("path")), _sanitize(old.get("path"))
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    if "type" in new:
        return True
    return "type" not in old


def config_position(site: Site, key: tuple[Any, ...]) -> tuple[int, int] | None:
    """1-based (line, column) of ``key`` in Jekyll's YAML configuration file, or None."""
    memo = site.memo
    if "config_positions" not in memo:
        memo["config_positions"] = _config_positions(site)
    positions: dict[tuple[Any, ...], tuple[int, int]] = memo["config_positions"]
    return positions.get(key)


def _config_positions(site: Site) -> dict[tuple[Any, ...], tuple[int, int]]:
    from bot.errors import UsageError
    from bot.settings_file import read_bytes

    path = site.root / site.jekyll_file
    if path.suffix == ".toml":
        return {}
    try:
        text = read_bytes(path, site.jekyll_file, site.root).decode("utf-8-sig")
        return dict(yamlread.load(text, symbols_fail=False).positions)
    except (UsageError, OSError, UnicodeDecodeError, yamlread.YamlProblem, RecursionError):
        return {}
