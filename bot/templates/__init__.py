"""Files `pressbot init` writes into a site, shipped inside the package (a wheel has no
`.github/`): the GitHub workflows, with the version they pin left as `REF`.

The project's own `.github/workflows/pressbot-*.yml` are the copies users read; a test keeps
them equal to what `init --github` writes for this version. After editing those, run
`python -m bot.templates` at the project root to make the templates from them again.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from bot import __version__

REF = "__PRESSBOT_REF__"
"""Stands for the pinned tag (`v0.1.0`) in the templates."""

WORKFLOWS = ("pressbot-pr.yml", "pressbot-pr-comment.yml", "pressbot-publish.yml")
"""The check, the comment (the fork-safe second half) and the publish workflows."""

REGENERATE = "python -m bot.templates"


def tag(version: str = __version__) -> str:
    return f"v{version}"


def workflow(name: str, version: str = __version__) -> str:
    """The workflow ``name`` as `init --github` writes it, pinned to ``version``."""
    text = (
        resources.files(__name__).joinpath("workflows").joinpath(name).read_text(encoding="utf-8")
    )
    return text.replace(REF, tag(version))


def main(argv: list[str] | None = None) -> int:
    """Make the templates from `.github/workflows/` of the project at the current folder."""
    root = Path(argv[0]) if argv else Path.cwd()
    pinned = f"@{tag()}"
    for name in WORKFLOWS:
        text = (root / ".github" / "workflows" / name).read_text(encoding="utf-8")
        if pinned not in text:
            print(f"{name}: pressbot is not pinned to {pinned} here", file=sys.stderr)
            return 2
        target = Path(__file__).parent / "workflows" / name
        target.write_text(text.replace(pinned, f"@{REF}"), encoding="utf-8")
        print(f"wrote {target}")
    return 0
