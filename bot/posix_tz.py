"""A `timezone` as Jekyll's Ruby reads it through glibc.

Jekyll puts its `timezone` setting in the `TZ` environment variable. glibc drops a leading
`:`, reads the zone file the rest names (a path from `/`, else below its zone folder:
`:Europe/Berlin`, `/usr/share/zoneinfo/Asia/Tokyo`), and reads a name it finds no zone file
for as a POSIX TZ string (`JST-9`, `<+0330>-3:30`, `UTC+3`, which is three
hours *behind* UTC, as POSIX counts offsets west), and anything else as UTC. Python reads such
strings only at the end of a zone file, so one is made here: a file with no transitions whose
footer is the string.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import posixpath
import re
import stat
import struct

MAX_LENGTH = 200
MAX_ZONE_FILE = 1 << 20
"""The largest zone file read (the biggest real ones are a few kilobytes)."""


GLIBC_TZDIR = "/usr/share/zoneinfo"
"""Where glibc looks for a zone file a name gives, unless `TZDIR` names another folder."""


def zone_file(setting: str) -> dt.tzinfo | None:
    """The zone glibc reads from a zone file for `TZ` ``setting``, or None when it finds
    none (then it reads a POSIX TZ string: `posix_zone`). glibc opens the zone folder's path
    joined with the name as written: the system resolves `..` (`../zoneinfo/Asia/Tokyo` is
    Tokyo), and a name ending in `/` opens no file (`Asia/Tokyo/` is no zone)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = setting[1:] if setting.startswith(":") else setting
    if not name or len(name) > MAX_LENGTH or "\0" in name:
        return None
    if name.startswith("/"):
        zone = _read_zone_file(name, posixpath.normpath(name))
        if zone is not None or "/zoneinfo/" not in name:
            return zone
        name = name.rsplit("/zoneinfo/", 1)[1]  # this machine keeps its zones elsewhere
    key = name
    if not _plain_key(name):
        tzdir = os.environ.get("TZDIR") or GLIBC_TZDIR
        if os.path.isdir(tzdir):  # glibc's own answer on this machine
            return _read_zone_file(f"{tzdir}/{name}", posixpath.normpath(name))
        if name.endswith(("/", "/.", "/..")):
            return None  # no file: a folder, or a zone's path as a folder's
        key = posixpath.normpath(posixpath.join(GLIBC_TZDIR, name))
        if not key.startswith(GLIBC_TZDIR + "/"):
            return None
        key = key[len(GLIBC_TZDIR) + 1 :]
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _plain_key(name: str) -> bool:
    """A zone name with nothing for the system to resolve (no `.`, `..` or empty part)."""
    return all(part not in ("", ".", "..") for part in name.split("/"))


def _read_zone_file(path: str, key: str) -> dt.tzinfo | None:
    """A TZif file at ``path``, opened as written (only a regular file, of a zone file's
    size: the setting could name a device or a pipe)."""
    from zoneinfo import ZoneInfo

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None  # opening a pipe would wait for a writer
        with open(path, "rb") as handle:
            info = handle.read(MAX_ZONE_FILE + 1)
    except (OSError, ValueError):
        return None
    if not info or len(info) > MAX_ZONE_FILE or not info.startswith(b"TZif"):
        return None
    try:
        return ZoneInfo.from_file(io.BytesIO(info), key=key)
    except (ValueError, OSError):
        return None


_DEFAULT_RULE = ",M3.2.0,M11.1.0"
"""glibc's rule for a string that names a summer time but not when it starts and ends (the
rules of its `posixrules` file, the United States', where that is read when the process
starts; glibc moves the end of summer time when `TZ` is set later, as Jekyll sets it, which
is not followed here)."""

_NAMES_SUMMER_TIME = re.compile(r"^(?:<[^>]*>|[A-Za-z]{3,})[-+]?[\d:]+(?:<[^>]*>|[A-Za-z]{3,})")


def posix_zone(text: str) -> dt.tzinfo | None:
    """The zone the POSIX TZ string ``text`` describes; None when it is not one."""
    if not text or len(text) > MAX_LENGTH or not text.isascii() or not text.isprintable():
        return None
    if any(_seconds(offset) >= 86400 for offset in _OFFSETS.findall(text.split(",", 1)[0])):
        return None  # glibc takes 24 hours; no time zone here can be that far from UTC
    if "," not in text and _NAMES_SUMMER_TIME.match(text):
        text += _DEFAULT_RULE
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo.from_file(io.BytesIO(_zone_file(text)), key=text)
    except (ValueError, OSError):
        return None


_OFFSETS = re.compile(r"(?:<[^>]*>|[A-Za-z]+)([-+]?\d+(?::\d+){0,2})")
"""The offsets of a TZ string's standard and summer times (before its rule)."""


def _seconds(offset: str) -> int:
    parts = [int(p) for p in offset.lstrip("+-").split(":")]
    return sum(part * 60**i for i, part in zip((2, 1, 0), parts, strict=False))


def _zone_file(footer: str) -> bytes:
    """A TZif version 2 file without transitions, its rule for all time in ``footer``."""
    counts = struct.pack(">6l", 0, 0, 0, 0, 1, 4)  # ut/std indicators, leaps, times, types, chars
    block = b"TZif2" + bytes(15) + counts + struct.pack(">lBB", 0, 0, 0) + b"UTC\0"
    return block + block + b"\n" + footer.encode("ascii") + b"\n"


def describe_offset(zone: dt.tzinfo, when: dt.datetime) -> str:
    """The zone's offset at ``when``, as `UTC+03:30`."""
    offset = when.astimezone(zone).utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
