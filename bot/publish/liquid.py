"""Jekyll Liquid in a post's body, as targets that must not receive it raw get it."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def for_forem(post: Any, site_root: Path | None) -> str:
    """The body for Forem (as written, for now)."""
    return str(post.markdown)
