"""Reading a settings or data file the site holds (`_config.yml`, `hugo.toml`, a file of
`config/_default/`, `.pressbot.yml`, `_data/authors.yml`): only a regular file, only inside
the site when a link points elsewhere, and at most `MAX_BYTES`. A FIFO is never waited on,
`/dev/zero` never read to the end of memory."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bot.errors import UsageError

MAX_BYTES = 16 << 20
"""A settings or data file larger than this is not read (it is not one a person wrote)."""


def _inside(real: str, root: str) -> bool:
    """``real`` (a resolved path) is below the folder ``root`` (itself resolved)."""
    try:
        return os.path.commonpath([real, root]) == root and real != root
    except ValueError:
        return False


def read_bytes(path: Path, what: str, root: Path | None = None) -> bytes:
    """The bytes of ``path``; with ``root``, only when the file (a link resolved) is inside
    the site. Raises `UsageError` naming ``what`` otherwise."""
    if root is not None and not _inside(os.path.realpath(path), os.path.realpath(root)):
        raise UsageError(f"{path}: {what} is a link to a file outside the site; it was not read")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise UsageError(f"{path}: {what} is not a regular file (a FIFO, a device); not read")
        try:
            data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise UsageError(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise UsageError(f"{path}: {what} is over {MAX_BYTES >> 20} MiB; not read")
    return data
