"""Publish targets, made from the checked `publish.targets` settings, all behind one interface."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.publish.targets.base import Outcome, PostPayload, Previous, Target

if TYPE_CHECKING:
    from bot.publish.target_config import TargetConfig

__all__ = ["Outcome", "PostPayload", "Previous", "Target", "TargetConfigError", "build_targets"]


class TargetConfigError(ValueError):
    """A `publish.targets` entry that cannot be used; the message names it."""


def build_targets(
    configs: Sequence[TargetConfig],
    site_root: Path,
    jekyll: dict[str, Any] | None = None,
    hugo: bool = False,
) -> list[Target]:
    """The targets of ``configs`` (checked with the site's configuration); ``jekyll`` is the
    site's `_config.yml` (read from ``site_root`` when not given), which some targets need
    (Forem: the site's `url`). ``hugo``: the site is a Hugo site, which Forem does not
    take (its body is converted from Jekyll's Liquid; Hugo's shortcodes would go raw)."""
    from bot.publish.target_config import DevtoConfig, FolderConfig, WebhookConfig
    from bot.publish.targets.devto import DevtoTarget
    from bot.publish.targets.folder import FolderTarget
    from bot.publish.targets.webhook import WebhookTarget

    if not configs:
        return [FolderTarget(FolderConfig(), site_root)]
    targets: list[Target] = []
    for index, config in enumerate(configs):
        if isinstance(config, FolderConfig):
            targets.append(FolderTarget(config, site_root))
        elif isinstance(config, WebhookConfig):
            targets.append(WebhookTarget(config))
        elif isinstance(config, DevtoConfig):
            if hugo:
                raise TargetConfigError(
                    f"publish.targets[{index}]: a Forem target takes Jekyll sites only (the"
                    " Markdown it sends is converted from Jekyll's Liquid; a Hugo page's"
                    " shortcodes would be sent as written): use a webhook or folder target"
                )
            _check_site_url(f"publish.targets[{index}]", site_root, jekyll)
            targets.append(DevtoTarget(config, site_root))
    return targets


def _check_site_url(where: str, site_root: Path, jekyll: dict[str, Any] | None) -> None:
    """Forem refuses a relative `canonical_url`: the site's `url` must be absolute."""
    from bot.publish.targets.devto import site_url_problem

    if jekyll is None:
        jekyll = _read_jekyll_config(site_root)
    problem = site_url_problem(jekyll.get("url"))
    if problem:
        raise TargetConfigError(
            f"{where}: Forem needs each post's absolute URL as its canonical URL, but {problem}"
            " (set it to the site's address, e.g. https://blog.example.org)"
        )


def _read_jekyll_config(site_root: Path) -> dict[str, Any]:
    from bot.errors import UsageError
    from bot.site import read_jekyll_config

    try:
        return read_jekyll_config(site_root)[0]
    except UsageError:
        return {}
