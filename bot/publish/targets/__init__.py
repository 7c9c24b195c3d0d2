"""Publish targets, made from the checked `publish.targets` settings, all behind one interface.

Whether a target can work at the site (where a folder target writes, a Forem target's site
`url`) is judged when the settings are loaded (`bot.publish.target_checks`), by every command:
what reaches here is usable.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.publish.targets.base import Outcome, PostPayload, Previous, Target

if TYPE_CHECKING:
    from bot.publish.target_config import TargetConfig

__all__ = ["Outcome", "PostPayload", "Previous", "Target", "build_targets"]


def build_targets(configs: Sequence[TargetConfig], site_root: Path) -> list[Target]:
    """The targets of ``configs`` (checked with the site's configuration); none configured
    is the embedded folder target."""
    from bot.publish.target_config import DevtoConfig, FolderConfig, WebhookConfig
    from bot.publish.targets.devto import DevtoTarget
    from bot.publish.targets.folder import FolderTarget
    from bot.publish.targets.webhook import WebhookTarget

    if not configs:
        return [FolderTarget(FolderConfig(), site_root)]
    targets: list[Target] = []
    for config in configs:
        if isinstance(config, FolderConfig):
            targets.append(FolderTarget(config, site_root))
        elif isinstance(config, WebhookConfig):
            targets.append(WebhookTarget(config))
        elif isinstance(config, DevtoConfig):
            targets.append(DevtoTarget(config, site_root))
    return targets
