"""Whether each publish target can work at this site: one check, made when the settings are
loaded, so that every command that reads them (`check`, `pr`, `list`, `publish`, ...) refuses
a target that cannot work, and a pull request that configures one fails its check instead of
the publish after the merge.

What the settings alone decide (a type, a name, an address) pydantic judges
(`bot.publish.target_config`); what depends on the site is judged here:

- a `folder` target writes only where nothing is read: inside the site, outside `.git` and
  `.github`, and neither being, holding nor lying inside a folder pressbot or the generator
  reads (`_posts`, `_drafts`, the folders `_config.yml` names; on a Hugo site the folders its
  configuration names). A link is judged by where it leads;
- a `devto` (Forem) target takes Jekyll sites only (the body it sends is converted from
  Jekyll's Liquid; a Hugo page's shortcodes would go as written), and needs the site's `url`
  as an absolute address, since Forem refuses a relative `canonical_url`.

The entries are judged as written in the file (mappings), so that these problems are reported
with every other problem of the file at once. This module imports neither pydantic,
`requests` nor the targets' delivery code.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.hugo.config import HugoConfig
    from bot.site import Site

DEFAULT_FOLDER = "_site-outbox"
"""The folder of the embedded default target (`FolderConfig.path`)."""

READ_BY_JEKYLL = ("_posts", "_drafts")
"""Folder names that make what is under them posts or drafts, at any depth."""

FOREM_TYPES = ("devto", "forem")

Problem = tuple[tuple[Any, ...], str]
"""Where in the target's entry (`("path",)`, `()` for the whole entry) and what is wrong."""


def entry_problems(entry: Any, site: Site) -> list[Problem]:
    """What stops the target written as ``entry`` (a mapping of `publish.targets`) from
    working at ``site``; an entry whose shape is wrong is left to the settings' validation."""
    if not isinstance(entry, dict):
        return []
    kind = entry.get("type", "folder")
    if kind == "folder":
        path = entry.get("path", DEFAULT_FOLDER)
        if not isinstance(path, str) or "\0" in path:
            return []
        problem = folder_problem(path, site)
        return [(("path",), problem)] if problem else []
    if kind in FOREM_TYPES:
        if site.is_hugo:
            return [
                (
                    ("type",),
                    "a Forem target takes Jekyll sites only (the Markdown it sends is converted"
                    " from Jekyll's Liquid; a Hugo page's shortcodes would be sent as written):"
                    " use a webhook or folder target",
                )
            ]
        problem = site_url_problem(site.jekyll.get("url"))
        if problem:
            return [
                (
                    (),
                    f"Forem needs each post's absolute URL as its canonical URL, but {problem}"
                    " (set it to the site's address, e.g. https://blog.example.org)",
                )
            ]
    return []


def settings_problems(raw: dict[str, Any], site: Site) -> list[tuple[tuple[Any, ...], str]]:
    """The problems of every target in the settings ``raw`` (as the file holds them), each
    with its path in the file (`("publish", "targets", 1, "path")`)."""
    publish = raw.get("publish")
    targets = publish.get("targets") if isinstance(publish, dict) else None
    if not isinstance(targets, list):
        return []
    return [
        (("publish", "targets", index, *where), text)
        for index, entry in enumerate(targets)
        for where, text in entry_problems(entry, site)
    ]


def site_url_problem(site_url: object) -> str | None:
    """Why the site's `url` cannot make canonical URLs for Forem, or None."""
    from bot.publish.targets.base import is_http_url, url_problem

    if site_url in (None, ""):
        return "`url` is not set in _config.yml"
    if not isinstance(site_url, str) or not is_http_url(site_url) or url_problem(site_url):
        return f"`url` in _config.yml is {str(site_url)[:80]!r}, not an absolute http(s) address"
    return None


def folder_problem(path: str, site: Site) -> str | None:
    """Why a folder target may not write to ``path`` (as configured) at ``site``, or None."""
    from bot.git.root import find_root

    shown = repr(path)
    out = Path(path)
    try:
        root = (out if out.is_absolute() else site.root / out).resolve()
        here = site.root.resolve()
    except (OSError, RuntimeError, ValueError):
        return f"the output folder {shown} cannot be resolved (a link loop?)"
    if root != here and here not in root.parents:
        return f"the output folder {shown} must be inside the site (it is {root})"
    repo = (find_root(here) or here).resolve()
    read = _read_folders(here, repo, site.jekyll)
    if site.is_hugo:
        read += _named(here, hugo_folders(site.hugo.config))
    for name, folder in read:
        if root == folder or folder in root.parents:
            return f"the output folder {shown} is inside {name}, which pressbot reads"
        if root in folder.parents:
            return f"the output folder {shown} holds {name}, which pressbot reads"
    for part in root.relative_to(here).parts:
        if part in READ_BY_JEKYLL:
            return f"the output folder {shown} is inside a {part} folder, which pressbot reads"
    return None


def _read_folders(site: Path, repo: Path, jekyll: dict[str, Any]) -> list[tuple[str, Path]]:
    """The folders pressbot and Jekyll read, with the names `_config.yml` gives them."""
    names = ["_posts", "_drafts"]
    for key, default in (
        ("data_dir", "_data"),
        ("includes_dir", "_includes"),
        ("layouts_dir", "_layouts"),
        ("plugins_dir", "_plugins"),
    ):
        value = jekyll.get(key)
        names.append(value if isinstance(value, str) and value.strip() else default)
    sass = jekyll.get("sass")
    sass_dir = sass.get("sass_dir") if isinstance(sass, dict) else None
    names.append(sass_dir if isinstance(sass_dir, str) and sass_dir.strip() else "_sass")
    collections = jekyll.get("collections")
    base = jekyll.get("collections_dir")
    base = base.strip("/") + "/" if isinstance(base, str) and base.strip("/") else ""
    if isinstance(collections, (dict, list)):
        names.extend(f"{base}_{c}" for c in collections if isinstance(c, str) and c)
    include = jekyll.get("include")
    if isinstance(include, list):
        names.extend(i for i in include if isinstance(i, str) and i.strip("/."))
    return [(".git", repo / ".git"), (".github", repo / ".github"), *_named(site, names)]


def _named(site: Path, names: list[str]) -> list[tuple[str, Path]]:
    out = []
    for name in names:
        try:
            out.append((name, (site / name.strip()).resolve()))
        except (OSError, ValueError, RuntimeError):
            continue  # a name no folder can have reads nothing
    return out


HUGO_FOLDERS = (
    ("layoutdir", "layouts"),
    ("staticdir", "static"),
    ("assetdir", "assets"),
    ("datadir", "data"),
    ("i18ndir", "i18n"),
    ("archetypedir", "archetypes"),
    ("themesdir", "themes"),
)
"""The folders a Hugo site reads besides its content, by setting and default."""


def hugo_folders(config: HugoConfig) -> list[str]:
    """The folders Hugo reads, as its configuration names them (each language's content
    folder; `staticDir` may be a list, and `staticDir0`..`staticDir10` add more)."""
    names = [language.content_dir for language in config.languages]
    for key, default in HUGO_FOLDERS:
        value = config.get(key)
        if isinstance(value, list):
            names.extend(str(v) for v in value if isinstance(v, str) and v.strip())
        else:
            names.append(value if isinstance(value, str) and value.strip() else default)
    names.extend(
        value
        for key, value in config.raw.items()
        if key.startswith("staticdir") and key != "staticdir" and isinstance(value, str)
    )
    for language in config.languages:
        settings = config.get("languages")
        own = settings.get(language.lang) if isinstance(settings, dict) else None
        if isinstance(own, dict):
            for key, value in own.items():
                if str(key).lower().startswith("staticdir") and isinstance(value, str):
                    names.append(value)
    return [name for name in dict.fromkeys(names) if name.strip()]
