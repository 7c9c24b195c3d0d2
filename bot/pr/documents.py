"""Reading the untrusted JSON documents of `pressbot pr`: the event file and the results artifact.

Both go through the same steps before any field is used:

- the size is capped before parsing, and so is the number of lists and objects (brackets,
  counted at C speed);
- pydantic-core's JSON reader parses them: it stops at a nesting limit of its own (Python's
  ``json`` recurses once per level, so a document nested 200,000 deep ends in a RecursionError,
  or worse where the recursion limit was raised), and refuses lone surrogates and invalid UTF-8;
- nesting deeper than :data:`MAX_DEPTH` is refused (no document of ours needs more);
- a strict model validates them: no coercion (``"7"``, ``true`` and ``7.0`` are not ``7``).

Error messages name the field (its path made one inert line: a key is the author's text), never
the value.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationError

from bot.render.terminal import clean

MAX_DEPTH = 64
# Lists and objects in one document (brackets counted before parsing, those inside strings too):
# results for 20,000 findings hold about 60,000. Six million empty lists fit in 20 MB and cost
# seconds and gigabytes to build; this refuses them for the cost of two byte counts.
MAX_CONTAINERS = 1_000_000

PrNumber = Annotated[int, Field(strict=True, ge=1, le=2**31 - 1)]
Sha = Annotated[str, Field(strict=True, pattern=r"^[0-9a-f]{40}$")]
# owner/name, neither part "." or "..": the value is put in API paths (/repos/{owner}/{name}/...)
_REPO_PATTERN = r"^[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}$"


def is_repo_name(value: str) -> bool:
    import re

    return bool(re.fullmatch(_REPO_PATTERN, value)) and not any(
        part in (".", "..") for part in value.split("/")
    )


def _repo_name(value: str) -> str:
    if not is_repo_name(value):
        raise ValueError("not owner/name")
    return value


RepoName = Annotated[str, Field(strict=True, max_length=201), AfterValidator(_repo_name)]
# A branch name as Git allows it, and nothing that could break a log line or a query.
Branch = Annotated[
    str, Field(strict=True, min_length=1, max_length=255, pattern=r"^[^\x00-\x20\x7f]+$")
]


class DocumentError(ValueError):
    """The document cannot be read or does not have the expected shape."""


def depth(value: Any, limit: int = MAX_DEPTH) -> int:
    """How deeply lists and objects nest in ``value``, counted up to ``limit + 1``.

    Layer by layer, without recursion and without a tuple per node: a 20 MB document of six
    million empty lists costs about as much as parsing it.
    """
    level = 0
    layer: list[Any] = [value]
    while level <= limit:
        below: list[Any] = []
        nested = False
        for item in layer:
            if type(item) is list:
                below += item
                nested = True
            elif type(item) is dict:
                below += item.values()
                nested = True
        if not nested:
            break
        level += 1
        layer = below
    return level


def read_capped(path: str | os.PathLike[str], limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the regular file at ``path`` (so a caller sees "too
    large"). A FIFO or a device is refused without blocking: the file is opened non-blocking
    and checked before it is read. OSError for the caller to word."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return fh.read(limit + 1)


def parse_json(data: bytes, what: str, max_bytes: int) -> Any:
    """The JSON value in ``data``; :class:`DocumentError` naming ``what`` when it is not one."""
    from pydantic_core import from_json

    if len(data) > max_bytes:
        raise DocumentError(f"{what} is larger than {max_bytes // (1024 * 1024)} MiB")
    if data.count(b"[") + data.count(b"{") > MAX_CONTAINERS:
        raise DocumentError(f"{what} holds more than {MAX_CONTAINERS:,} lists and objects")
    try:
        value = from_json(data, allow_inf_nan=False)
    except RecursionError:
        raise DocumentError(f"{what} is nested too deeply") from None
    except ValueError as exc:
        if "recursion limit" in str(exc):
            raise DocumentError(f"{what} is nested too deeply") from None
        raise DocumentError(f"{what} is not UTF-8 JSON") from None
    if depth(value) > MAX_DEPTH:
        raise DocumentError(f"{what} is nested more than {MAX_DEPTH} deep")
    return value


def describe(exc: ValidationError) -> str:
    """``field.path: what is wrong`` for the first error, as one inert line."""
    first = exc.errors(include_url=False, include_input=False)[0]
    where = ".".join(clean(part, 60) for part in first.get("loc", ())) or "(top)"
    return f"{where}: {clean(first.get('msg', 'invalid'), 200)}"
