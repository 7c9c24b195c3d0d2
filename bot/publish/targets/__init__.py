"""Publish targets: validated from `publish.targets`, all behind one interface."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.publish.targets.base import Outcome, PostPayload, Previous, Target

__all__ = ["Outcome", "PostPayload", "Previous", "Target", "TargetConfigError", "build_targets"]


class TargetConfigError(ValueError):
    """A `publish.targets` entry that cannot be used; the message names it."""


def build_targets(
    raw: list[dict[str, Any]], site_root: Path, jekyll: dict[str, Any] | None = None
) -> list[Target]:
    """The configured targets; ``jekyll`` is the site's `_config.yml` (read from
    ``site_root`` when not given), which some targets need (Forem: the site's `url`)."""
    from pydantic import ValidationError

    from bot.publish.targets.devto import DevtoConfig, DevtoTarget
    from bot.publish.targets.folder import FolderConfig, FolderTarget
    from bot.publish.targets.webhook import WebhookConfig, WebhookTarget

    if not raw:
        return [FolderTarget(FolderConfig(), site_root)]
    targets: list[Target] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        where = f"publish.targets[{index}]"
        if not isinstance(item, dict):
            raise TargetConfigError(f"{where}: expected a mapping with name and type")
        kind = item.get("type", "folder")
        try:
            if kind == "folder":
                targets.append(FolderTarget(FolderConfig.model_validate(item), site_root))
            elif kind == "webhook":
                targets.append(WebhookTarget(WebhookConfig.model_validate(item)))
            elif kind in ("devto", "forem"):
                targets.append(DevtoTarget(DevtoConfig.model_validate(item), site_root))
                _check_site_url(where, site_root, jekyll)
            else:
                raise TargetConfigError(
                    f"{where}: unknown type {kind!r} (expected folder, webhook or devto)"
                )
        except ValidationError as exc:
            err = exc.errors()[0]
            key = ".".join(str(p) for p in err["loc"]) or "(entry)"
            if err["type"] == "extra_forbidden":
                raise TargetConfigError(f"{where}: unknown setting {key!r}") from None
            raise TargetConfigError(f"{where}: setting {key!r}: {err['msg']}") from None
        name = targets[-1].name
        if "/" in name or name in seen:
            raise TargetConfigError(f"{where}: target name {name!r} is used twice or has a '/'")
        seen.add(name)
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
    from bot import yamlread

    try:
        data = yamlread.load_plain((site_root / "_config.yml").read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yamlread.YamlProblem):
        return {}
    return data if isinstance(data, dict) else {}
