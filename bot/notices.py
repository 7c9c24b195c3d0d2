"""Warnings about a site's settings, on stderr, each once per run however often the site is
loaded (a warning is no finding: it is about the configuration, not a post)."""

from __future__ import annotations

import sys

_WARNED: set[str] = set()


def warn_once(message: str) -> None:
    """Write ``message`` (a whole line) to stderr unless this run already has. It quotes the
    site's settings, which a pull request can change: made one inert line (`clean`)."""
    from bot.render.terminal import clean

    if message not in _WARNED:
        _WARNED.add(message)
        sys.stderr.write(clean(message.rstrip("\n"), None) + "\n")
