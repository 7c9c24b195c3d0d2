"""Errors that end a command with exit code 2 and one clear line on stderr."""

from __future__ import annotations


class UsageError(Exception):
    """Bad arguments, configuration or environment: exit 2, no traceback."""
