"""Untrusted text (titles, paths, a target's error) made fit for one line of a run's log."""

from __future__ import annotations


def clean(text: object, limit: int = 300) -> str:
    """Untrusted text made safe for one line of log output (no control chars, bounded)."""
    out = "".join(ch if ch.isprintable() else " " for ch in str(text))
    return out if len(out) <= limit else out[: limit - 1] + "…"
