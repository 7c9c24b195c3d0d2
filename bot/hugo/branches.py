"""The `_index` files of a Hugo site's home page and sections (its branches): they are no
posts, yet Hugo stops the whole build on one whose front matter it cannot read, or whose
`cascade` targets a kind of page there is none of (`"x" did not match a valid Page Kind`).
A whole-site run looks at every branch; a partial run at those above the pages it checks
(their cascades reach those pages).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.hugo.values import to_string

if TYPE_CHECKING:
    from bot.problem import Finding
    from bot.site import Site
    from bot.site_index import SiteRun

KINDS = ("page", "home", "section", "taxonomy", "term")
"""The kinds a cascade `_target` may name (Hugo 0.111's `page.kindMap`)."""


@dataclass(frozen=True)
class BranchProblem:
    path: str
    """The file's path from the site root."""
    line: int
    column: int
    message: str

    def finding(self, rule: str) -> Finding:
        """The problem as a finding of ``rule``."""
        from bot.problem import Finding

        return Finding(
            path=self.path, line=self.line, column=self.column, rule=rule, message=self.message
        )


def branch_files(site: Site, run: SiteRun | None = None) -> list[Path]:
    """The branch files a run looks at: every one (a whole-site run, or no run); in a
    partial run, those above the pages it checks and those at or under the paths it was
    given."""
    from bot.hugo.posts import page_index

    by_path, branches = page_index(site)
    if run is None or not run.partial:
        return sorted(set(branches.values()))
    wanted: set[tuple[str, str]] = set()
    for rel in run.checked:
        page = by_path.get(str(site.root / rel))
        if page is not None:
            wanted.update((page.file.lang, folder) for folder in page.branches)
    out = {branches[key] for key in wanted if key in branches}
    named = run.named
    prefixes = tuple(rel.rstrip("/") + "/" for rel in named if rel not in ("", "."))
    for path in branches.values():
        rel = site.relpath(path)
        if rel in named or rel.startswith(prefixes):
            out.add(path)
    return sorted(out)


def problems(site: Site, paths: Iterable[Path]) -> list[BranchProblem]:
    """What stops Hugo in each branch file."""
    out = []
    for path in paths:
        found = site.hugo.front_matter(path)
        if isinstance(found, str):
            problem = _unreadable(site, path)
        else:
            problem = _bad_kind(site, path, found.data)
        if problem is not None:
            out.append(problem)
    return out


def _unreadable(site: Site, path: Path) -> BranchProblem | None:
    """The front matter's syntax error, where the page reader places it (None for a file
    that cannot be read at all: Hugo's reading of those is not a syntax matter)."""
    from bot.post import read_post

    post = read_post(site, path)
    error = post.yaml_error
    if error is None:
        return None
    return BranchProblem(
        post.path,
        error.line + 1,
        error.column + 1,
        f"front matter: {error.message}; this is a section's `_index` file, and Hugo stops "
        "the whole build on it",
    )


def _bad_kind(site: Site, path: Path, data: dict[str, Any]) -> BranchProblem | None:
    cascade = next((v for k, v in data.items() if k.lower() == "cascade"), None)
    kind = unknown_kind(cascade)
    if kind is None:
        return None
    from bot.post import read_post

    line, column = read_post(site, path).key_position("cascade")
    return BranchProblem(
        site.relpath(path),
        line,
        column,
        f"cascade: {kind_message(kind)}; Hugo stops the whole build on this section's "
        "`_index` file",
    )


def unknown_kind(cascade: Any) -> str | None:
    """The first `_target.kind` of a `cascade` list that matches no kind of page (Hugo
    stops on it), or None. A mapping has no targets, and in a list only `_target` as
    written names one (Hugo's `DecodeCascade` looks it up so; `_Target` is a value)."""
    from bot.hugo.globs import compile_glob

    for entry in cascade if isinstance(cascade, list) else []:
        if not isinstance(entry, dict):
            continue
        target = entry.get("_target")
        if not isinstance(target, dict):
            continue
        kind = next((v for k, v in target.items() if str(k).lower() == "kind"), None)
        text = "" if kind is None else to_string(kind)
        glob = compile_glob(text) if text else None
        if glob is not None and not any(glob.match(name) for name in KINDS):
            return text
    return None


def kind_message(kind: str) -> str:
    return f"the _target kind {kind!r} matches no kind of page ({', '.join(KINDS)})"
