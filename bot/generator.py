"""Which generator builds a site: Jekyll or Hugo.

`generator:` in pressbot's configuration decides when given. Otherwise Jekyll's
configuration at the root (`_config.yml`, `.yaml` or `.toml`) is Jekyll; a configuration
named for Hugo (`hugo.toml|yaml|yml|json`, whatever its `contentDir`), a `config.toml|yaml|
yml|json` beside a `content/` folder, or a `config/_default/` folder, is Hugo; anything else
is Jekyll, as pressbot has always read it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

Generator = Literal["jekyll", "hugo"]

_EXTENSIONS = ("toml", "yaml", "yml", "json")
HUGO_NAMED = tuple(f"hugo.{ext}" for ext in _EXTENSIONS)
"""A configuration named for Hugo: Hugo's, wherever its `contentDir` is."""
HUGO_CONFIG_NAMES = (*HUGO_NAMED, *(f"config.{ext}" for ext in _EXTENSIONS))


JEKYLL_CONFIG_NAMES = ("_config.yml", "_config.yaml", "_config.toml")
"""Jekyll's configuration file: the first of these that the site has (Jekyll's
`Configuration#config_files`; it reads one, never two)."""


def jekyll_config(root: Path) -> Path | None:
    """The site's Jekyll configuration file, or None."""
    for name in JEKYLL_CONFIG_NAMES:
        if (root / name).is_file():
            return root / name
    return None


def is_hugo(root: Path) -> bool:
    """``root`` looks like a Hugo site (and not like a Jekyll one)."""
    if jekyll_config(root) is not None:
        return False
    if any((root / name).is_file() for name in HUGO_NAMED):
        return True
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
