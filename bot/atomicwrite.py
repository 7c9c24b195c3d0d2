"""Replacing a file's bytes so that no byte is ever lost or half-written.

Every write goes to a temporary file in the same folder, named recognisably
(``.<name>.pressbot-<8 hex>.tmp``, locked while it is written), is flushed to disk, and then
replaces the file in one rename: a reader sees the old bytes or the new ones, never a mix, and
a kill leaves at worst a temporary file that the next run removes (`remove_stale_temps`).

- `write_file` writes whole new content to a path (publishing to a folder).
- `replace_if_unchanged` is for repairs of a file that was read: it writes only if the file
  still is the one that was read, holding the same bytes, checked just before the rename. An
  edit made meanwhile is never overwritten; the caller says the file was not written.

Folders are opened one component at a time below a root that was resolved, never following a
link (`open_folder`), and the temporary file and the rename go through that folder's
descriptor: what was checked is what is written, even if a link or a folder is swapped
meanwhile.

The file's mode is kept, and its owner and group where the process may set them (root can;
other users keep the group when they belong to it). A file with several hard links is not
replaced: a rename would split the links (the other names would keep the old text), and
rewriting in place could leave a half-written file; the caller is told why.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import secrets
import stat
from collections.abc import Callable

TEMP_RE = re.compile(r"\A\..{0,64}\.pressbot-[0-9a-f]{8}\.tmp\Z", re.DOTALL)
"""The names of pressbot's temporary files: only these are ever removed as stale."""

_NAME_BYTES = 64
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class ChangedError(Exception):
    """The file is not the one that was read any more: edited, replaced, moved or deleted."""


class NotReplacedError(Exception):
    """A file left as it is on purpose; the message says why (and what to do)."""


def open_folder(root: str, folder: str) -> int:
    """A descriptor of ``folder`` (a resolved path at or below the resolved ``root``), opened
    component by component without following links. A component that became a link or
    vanished raises `ChangedError`; other errors (no permission...) are raised as they are."""
    rel = os.path.relpath(folder, root)
    parts = [] if rel == os.curdir else rel.split(os.sep)
    if os.pardir in parts:
        raise ChangedError(f"{folder} is not inside {root}")
    fd = os.open(root, _DIR_FLAGS)
    try:
        for part in parts:
            child = os.open(part, _DIR_FLAGS | os.O_NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = child
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.ENOENT):
            raise ChangedError(f"{folder} changed") from None
        raise
    return fd


def _temp_name(name: str) -> str:
    """``.<name>.pressbot-<8 hex>.tmp``, the name cut so the whole fits any file system."""
    base = os.fsdecode(os.fsencode(name)[:_NAME_BYTES])
    return f".{base}.pressbot-{secrets.token_hex(4)}.tmp"


def _create_temp(dir_fd: int, name: str, mode: int) -> tuple[int, str]:
    for _ in range(100):
        temp = _temp_name(name)
        try:
            fd = os.open(temp, _CREATE_FLAGS, mode, dir_fd=dir_fd)
        except FileExistsError:
            continue
        # Busy: `remove_stale_temps` leaves it alone (where the file system has locks).
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        return fd, temp
    raise FileExistsError(errno.EEXIST, "no free temporary name", name)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _keep_owner(fd: int, info: os.stat_result) -> None:
    """The owner and group of the file replaced, where this process may set them (root can;
    other users can keep a group they belong to); otherwise the new file is this user's, as
    an editor's saved file would be. Done before the mode: a new owner clears set-id bits."""
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) == (info.st_uid, info.st_gid):
        return
    try:
        os.fchown(fd, info.st_uid, info.st_gid)
    except PermissionError:
        with contextlib.suppress(PermissionError):
            os.fchown(fd, -1, info.st_gid)


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _read_whole(fd: int, limit: int) -> bytes:
    chunks = []
    size = 0
    while size <= limit:
        chunk = os.read(fd, min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _check_unchanged(dir_fd: int, name: str, info: os.stat_result, old: bytes) -> None:
    """Raise `ChangedError` unless ``name`` is still the file ``info``, holding ``old``."""
    try:
        fd = os.open(name, _READ_FLAGS, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ELOOP, errno.ENOTDIR, errno.ENXIO):
            raise ChangedError(name) from None
        raise
    try:
        now = os.fstat(fd)
        if not stat.S_ISREG(now.st_mode) or not _same_file(now, info):
            raise ChangedError(name)
        if now.st_nlink > 1:
            raise NotReplacedError(_hard_links(now.st_nlink))
        if now.st_size != len(old) or _read_whole(fd, len(old)) != old:
            raise ChangedError(name)
    finally:
        os.close(fd)


def _hard_links(count: int) -> str:
    return (
        f"has {count} hard links; not written (replacing it would split them; "
        "fix each copy or remove the extra links)"
    )


def _writable(dir_fd: int, name: str) -> None:
    """The file itself must be writable by this user, as if it were rewritten in place: a
    read-only post is not replaced behind its owner's back."""
    if os.access in os.supports_dir_fd and os.access in os.supports_effective_ids:
        ok = os.access(name, os.W_OK, dir_fd=dir_fd, effective_ids=True, follow_symlinks=False)
    else:  # pragma: no cover - not Linux
        ok = True
    if not ok:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), name)


def replace_if_unchanged(
    dir_fd: int,
    name: str,
    info: os.stat_result,
    old: bytes,
    new: bytes,
    still: Callable[[], bool] | None = None,
    sync_folder: bool = True,
) -> None:
    """Replace file ``name`` of folder ``dir_fd`` with ``new``, if it still is the file
    ``info`` (as read) holding exactly ``old`` and ``still()`` (the caller's own test, e.g.
    that a link still leads there) holds, all checked just before the rename.

    Raises `ChangedError` (not written: it changed), `NotReplacedError` (not written on
    purpose, e.g. hard links) or `OSError` (the write failed: no space, no permission...).
    In every case the file is as it was and no temporary file is left. With
    ``sync_folder`` false, the caller makes the rename durable (`sync_folder`), e.g. once
    per folder after many files.
    """
    try:
        current = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        raise ChangedError(name) from None
    if not stat.S_ISREG(current.st_mode) or not _same_file(current, info):
        raise ChangedError(name)
    if current.st_nlink > 1:
        raise NotReplacedError(_hard_links(current.st_nlink))
    _writable(dir_fd, name)

    def check() -> None:
        _check_unchanged(dir_fd, name, info, old)
        if still is not None and not still():
            raise ChangedError(name)

    _replace(dir_fd, name, new, info, check, sync=sync_folder)


def _replace(
    dir_fd: int,
    name: str,
    data: bytes,
    info: os.stat_result | None,
    check: Callable[[], None] | None = None,
    new_mode: int = 0o666,
    sync: bool = True,
) -> None:
    """Write ``data`` to a temporary file and rename it to ``name``; ``info`` is the file
    being replaced (None: a new file, created with ``new_mode`` less the umask). The
    temporary file stays locked until it is renamed or removed."""
    fd, temp = _create_temp(dir_fd, name, 0o600 if info is not None else new_mode)
    renamed = False
    try:
        _write_all(fd, data)
        if info is not None:
            _keep_attributes(dir_fd, name, fd, info)
        os.fsync(fd)
        if check is not None:
            check()  # the last moment before the rename
        os.replace(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        renamed = True
        if sync:
            sync_folder(dir_fd)
    finally:
        if not renamed:
            with contextlib.suppress(OSError):
                os.unlink(temp, dir_fd=dir_fd)
        os.close(fd)


def _keep_attributes(dir_fd: int, name: str, fd: int, info: os.stat_result) -> None:
    """Owner and group, extended attributes (ACLs among them), then the mode, as far as
    this process may set them."""
    _keep_owner(fd, info)
    if hasattr(os, "listxattr"):
        with contextlib.suppress(OSError):
            _copy_xattrs(dir_fd, name, fd, info)
    os.fchmod(fd, stat.S_IMODE(info.st_mode))


def _copy_xattrs(dir_fd: int, name: str, fd: int, info: os.stat_result) -> None:
    source = os.open(name, _READ_FLAGS, dir_fd=dir_fd)
    try:
        if not _same_file(os.fstat(source), info):
            return
        for key in os.listxattr(source):
            with contextlib.suppress(OSError):
                os.setxattr(fd, key, os.getxattr(source, key))
    finally:
        os.close(source)


def sync_folder(dir_fd: int) -> None:
    """Make the renames done in folder ``dir_fd`` durable (best effort: some file systems
    cannot sync a folder). Until then a crash leaves the old file or the new one, whole."""
    with contextlib.suppress(OSError):
        os.fsync(dir_fd)


def write_file(path: str | os.PathLike[str], data: bytes, mode: int = 0o666) -> None:
    """Write ``path`` whole, atomically and durably (temporary file, fsync, rename, fsync of
    the folder). An existing file keeps its mode and, where possible, its owner; a new one
    gets ``mode`` less the umask. A link at ``path`` is replaced by the file, not followed.
    Raises `OSError` (the old content, if any, is then untouched)."""
    folder, name = os.path.split(os.path.abspath(path))
    dir_fd = os.open(folder, _DIR_FLAGS)
    try:
        try:
            info: os.stat_result | None = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        except FileNotFoundError:
            info = None
        if info is not None and not stat.S_ISREG(info.st_mode):
            info = None
        _replace(dir_fd, name, data, info, new_mode=mode)
    finally:
        os.close(dir_fd)


def remove_stale_temps(dir_fd: int, before_ns: int) -> list[str]:
    """Remove pressbot's temporary files in folder ``dir_fd`` left by a run that was killed:
    regular files with pressbot's temporary name, last written before ``before_ns`` (the
    start of this run), and not locked by a run still writing them. Returns their names."""
    removed = []
    with contextlib.suppress(OSError), os.scandir(dir_fd) as entries:
        names = [e.name for e in entries if TEMP_RE.match(e.name)]
    for name in names:
        with contextlib.suppress(OSError):
            if _remove_if_stale(dir_fd, name, before_ns):
                removed.append(name)
    return removed


def _remove_if_stale(dir_fd: int, name: str, before_ns: int) -> bool:
    info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    if not stat.S_ISREG(info.st_mode) or info.st_mtime_ns >= before_ns:
        return False
    fd = os.open(name, _READ_FLAGS, dir_fd=dir_fd)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a run is writing it right now
        if not _same_file(os.fstat(fd), info):
            return False
        os.unlink(name, dir_fd=dir_fd)
        return True
    finally:
        os.close(fd)
