"""Which generator builds a site: Jekyll or Hugo.

`generator:` in pressbot's configuration decides when given. Otherwise a `_config.yml` at
the root is Jekyll; a Hugo configuration (`hugo.toml|yaml|yml|json` or
`config.toml|yaml|yml|json`) beside a `content/` folder, or a `config/_default/` folder, is
Hugo; anything else is Jekyll, as pressbot has always read it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

Generator = Literal["jekyll", "hugo"]

HUGO_CONFIG_NAMES = tuple(
    f"{name}.{ext}" for name in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json")
)


def is_hugo(root: Path) -> bool:
    """``root`` looks like a Hugo site (and not like a Jekyll one)."""
    if (root / "_config.yml").is_file():
        return False
    configured = any((root / name).is_file() for name in HUGO_CONFIG_NAMES)
    if configured and (root / "content").is_dir():
        return True
    return (root / "config" / "_default").is_dir()


def detect(root: Path, configured: str | None = None) -> Generator:
    """The site's generator: the configured one, else what its files show."""
    if configured == "hugo":
        return "hugo"
    if configured == "jekyll":
        return "jekyll"
    return "hugo" if is_hugo(root) else "jekyll"


def hugo_root(start: Path) -> Path | None:
    """The nearest folder from ``start`` up that is a Hugo site, stopping at the first
    folder that has pressbot's or Jekyll's configuration (the usual site root then wins)
    and at the top of the Git work tree."""
    from bot.git.root import find_root
    from bot.site import CONFIG_NAMES

    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    top = find_root(folder)
    for candidate in (folder, *folder.parents):
        if is_hugo(candidate):
            return candidate
        if (candidate / "_config.yml").is_file() or any(
            (candidate / n).is_file() for n in CONFIG_NAMES
        ):
            return None
        if candidate == top:
            break
    return None
