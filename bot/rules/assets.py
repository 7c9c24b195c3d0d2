"""Files a post points at, which must be in the repository.

- `assets/missing`: a local path in an asset field (`image` by default, plain or
  `{path: ...}`) or a site-root image in the body (`![alt](/assets/x.png)`) that is not in
  the repository. A path that climbs out of the site (`../../etc/passwd`) or a link that
  points outside it is refused without looking at what it names.
- `assets/relative-path`: a local asset path without the leading `/`; it resolves against
  the post's URL (`/2026/01/05/assets/...`) rather than the site root.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.problem import Finding, Severity

if TYPE_CHECKING:
    from bot.post import Post
    from bot.site import Site

RULES: dict[str, Severity] = {"assets/missing": "error", "assets/relative-path": "warning"}

_URL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#|\{\{|\{%)")
_BODY_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?(/[^)\s>]+)>?(?:\s+[\"'][^\n]*)?\)")


def _is_local(value: str) -> bool:
    return bool(value.strip()) and not _URL.match(value.strip())


def _problem(site: Site, value: str) -> str | None:
    """Why ``value`` names no file of the site (None: it does); once per value and site."""
    cache: dict[str, str | None] = site.memo.setdefault("assets", {})
    if value not in cache:
        cache[value] = resolve_in_site(site.root, value)[1]
    return cache[value]


def resolve_in_site(root: Path, value: str) -> tuple[Path | None, str | None]:
    """The file a site path names, or why it is refused (never looks outside ``root``)."""
    clean = value.split("#", 1)[0].split("?", 1)[0]
    from urllib.parse import unquote

    relative = posixpath.normpath(unquote(clean).lstrip("/"))
    if relative.startswith("../") or relative == ".." or posixpath.isabs(relative):
        return None, "climbs out of the site"
    target = root / relative
    if not os.path.lexists(target):
        return None, "is not in the repository"
    real = Path(os.path.realpath(target))
    try:
        real.relative_to(root)
    except ValueError:
        return None, "is a link that points outside the site"
    if not real.exists():
        return None, "is a broken link"
    return target, None


def _asset_values(data: dict[str, Any], fields: list[str]) -> Iterator[tuple[tuple[Any, ...], str]]:
    for name in fields:
        value = data.get(name)
        if isinstance(value, str):
            yield (name,), value
        elif isinstance(value, dict) and isinstance(value.get("path"), str):
            yield (name, "path"), value["path"]


def check(post: Post, site: Site) -> Iterable[Finding]:
    config = site.config.assets
    if post.front_matter is not None:
        for path, value in _asset_values(post.merged, config.fields):
            if not _is_local(value):
                continue
            line, column = post.key_position(*path)
            field = ".".join(path)
            if config.leading_slash and not value.startswith("/"):
                yield post.finding(
                    "assets/relative-path",
                    line,
                    column,
                    f'{field}: "{value}" has no leading "/", so it resolves against the '
                    f'post\'s URL; write "/{value.lstrip("./")}"',
                )
            if config.must_exist:
                problem = _problem(site, value)
                if problem:
                    yield post.finding(
                        "assets/missing",
                        line,
                        column,
                        f'{field}: "{value}" {problem}; add the file or correct the path',
                    )
    if config.must_exist and post.text is not None and "](/" in post.text:
        for number, text in enumerate(post.lines[post.body_start_line - 1 :], post.body_start_line):
            if "](/" not in text:
                continue
            for match in _BODY_IMAGE.finditer(text):
                value = match.group(1)
                problem = _problem(site, value)
                if problem:
                    yield post.finding(
                        "assets/missing",
                        number,
                        match.start(1) + 1,
                        f'image "{value}" {problem}; add the file or correct the path',
                        end_line=number,
                        end_column=match.end(1) + 1,
                    )
