"""The content files of a Hugo site's leaf bundles that are not their pages (`b/res.md`
beside `b/index.md`, `b/notes/more.org`): no posts, yet Hugo reads each as a page of its
own, one of the bundle page's resources, whenever it builds that page, and stops the whole
build on one whose front matter it cannot read (`frontmatter/syntax`,
`encoding/invalid-utf8`) or whose `outputs` names a format it does not know
(`hugo/unknown-output`). Only that is checked: they are not posts. A whole-site run looks at
every one; a partial run at those of the bundles it checks and those it was given.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from bot.hugo.branches import BranchProblem

if TYPE_CHECKING:
    from bot.hugo.content import Resource
    from bot.site import Site
    from bot.site_index import SiteRun

WHAT = "a leaf bundle's resource, no page of its own"
"""What such a file is, for a message."""


def resource_files(site: Site, run: SiteRun | None = None) -> list[Path]:
    """The resources a run looks at (`HugoSite.resources`: those Hugo reads): every one in
    a whole-site run (or no run); in a partial run, those of the bundles whose pages it
    checks and those at or under the paths it was given."""
    if run is None or not run.partial:
        return [resource.file.path for resource in site.hugo.resources(site.now)]
    # three rules ask, in one run
    key = (frozenset(run.checked), frozenset(run.named))
    kept = site.memo.get("hugo_resource_files")
    if kept is None or kept[0] != key:
        kept = site.memo["hugo_resource_files"] = (key, _of_partial_run(site, run))
    found: list[Path] = kept[1]
    return found


def _of_partial_run(site: Site, run: SiteRun) -> list[Path]:
    from bot.hugo.posts import page_index

    by_path, _branches = page_index(site)
    bundles = set()
    for rel in run.checked:
        page = by_path.get(str(site.root / rel))
        if page is not None and page.bundle:
            bundles.add(page.file.folder)
    prefixes = tuple(rel.rstrip("/") + "/" for rel in run.named if rel not in ("", "."))

    def wanted(resource: Resource) -> bool:
        if resource.bundle in bundles:
            return True
        rel = site.relpath(resource.file.path)
        return rel in run.named or rel.startswith(prefixes)

    return [resource.file.path for resource in site.hugo.resources(site.now, wanted)]


def unreadable(site: Site, paths: Iterable[Path]) -> Iterator[BranchProblem]:
    """The front matter's syntax error in each resource, where the page reader places it."""
    from bot.hugo.describe import NOT_UTF8
    from bot.post import read_post

    for path in paths:
        found = site.hugo.front_matter(path)
        if not isinstance(found, str) or found == NOT_UTF8:
            continue  # read, or not UTF-8 (`encoding/invalid-utf8`)
        error = read_post(site, path).yaml_error
        if error is not None:
            yield BranchProblem(
                site.relpath(path),
                error.line + 1,
                error.column + 1,
                f"front matter: {error.message}; this file is {WHAT}, yet Hugo reads its "
                "front matter and stops the whole build on it",
            )


def unknown_outputs(site: Site, paths: Iterable[Path]) -> Iterator[BranchProblem]:
    """The first `outputs` entry of each resource that names no output format Hugo knows."""
    from bot.post import read_post
    from bot.rules.base import quoted

    for path in paths:
        found = site.hugo.front_matter(path)
        if isinstance(found, str):
            continue
        written = next((k for k in found.data if str(k).lower() == "outputs"), None)
        if written is None:
            continue
        name = site.hugo.config.unknown_output(found.data[written])
        if name is None:
            continue
        line, column = read_post(site, path).key_position(written)
        yield BranchProblem(
            site.relpath(path),
            line,
            column,
            f'outputs: "{quoted(name, 40)}" is no output format Hugo knows; this file is '
            f"{WHAT}, yet Hugo reads its front matter and stops the whole build on it "
            "(name one such as html, json or rss, or remove the line)",
        )
