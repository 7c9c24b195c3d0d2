"""Errors that end a command with exit code 2 and one clear line on stderr, and the way an
internal error (exit 3) names the file that was being handled."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator


class UsageError(Exception):
    """Bad arguments, configuration or environment: exit 2, no traceback."""


@contextlib.contextmanager
def handling(path: str | os.PathLike[str]) -> Iterator[None]:
    """Name ``path`` on any unexpected error raised inside: the command line reports it as
    the file being handled (the innermost `handling` wins)."""
    try:
        yield
    except UsageError:
        raise
    except Exception as exc:
        if not hasattr(exc, "pressbot_file"):
            exc.pressbot_file = os.fspath(path)  # type: ignore[attr-defined]
        raise
