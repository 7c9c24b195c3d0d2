"""`pressbot init [--github] [--pre-commit] [--force]`: set pressbot up in a site.

Writes a commented `.pressbot.yml` made from what the site already has (`bot.adopt`), and
with `--github` the check, comment and publish workflows pinned to this version, with
`--pre-commit` pressbot's entry in `.pre-commit-config.yaml` (added to an existing file, never
twice). A file that exists is never replaced without `--force`. The configuration is then
loaded as every command loads it and the site checked with it: the posts that would fail are
listed. Workflows and pre-commit go to the Git work tree's root (the site may be a folder of
it); the configuration to the site root.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bot.errors import UsageError

if TYPE_CHECKING:
    from bot.site import Site


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--github",
        action="store_true",
        help="also write the GitHub workflows (pull-request check, its comment, publish)",
    )
    parser.add_argument(
        "--pre-commit",
        action="store_true",
        help="also add pressbot's hook to .pre-commit-config.yaml",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace files that exist (never done without it)"
    )


@dataclass
class Report:
    wrote: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    wrote_config: bool = False
    hook_left_to_add: bool = False
    """`.pre-commit-config.yaml` could not be added to: its entry is shown for the user."""

    def lines(self) -> list[str]:
        out = [f"wrote {w}" for w in self.wrote]
        out += [f"kept {k}" for k in self.kept]
        return out + self.notes


def run(args: argparse.Namespace) -> int:
    from bot import __version__
    from bot.adopt.survey import surveyor_for
    from bot.git.root import find_root, repo_prefix
    from bot.site import load_site

    site = load_site(args.site, args.config, None)
    surveyor = surveyor_for(site)
    if surveyor is None:
        raise UsageError(
            f"{site.root} does not look like a Jekyll or Hugo site (no _config.yml, no _posts/, "
            "no hugo.toml or config.toml beside content/): "
            "run pressbot init in the site's folder, or give --site DIR"
        )
    top = find_root(site.root) or site.root
    prefix = repo_prefix(site.root, top)
    # before anything is written: what would be refused while writing
    if args.github:
        from bot.templates import WORKFLOWS

        _check_prefix(prefix)
        _check_folders(top / ".github" / "workflows" / WORKFLOWS[0], top)
    if args.pre_commit:
        _check_folders(top / ".pre-commit-config.yaml", top)
    _check_folders(site.root / ".pressbot.yml", site.root)
    found = surveyor.survey(site)
    report = Report()
    _write_config(site.root, found, __version__, args.force, report, site.config_path)
    if args.github:
        _write_workflows(top, prefix, __version__, args.force, report)
    if args.pre_commit:
        _add_pre_commit(top, __version__, report, _hook_files(site, top))
    out = sys.stdout
    for line in report.lines():
        out.write(line + "\n")
    configured = load_site(site.root, args.config, None)  # as every command will load it
    failing = _failing_posts(configured)
    which = "this configuration" if report.wrote_config else "the site's configuration"
    if found.posts == 0:
        out.write(
            "\nThe site has no posts yet: `pressbot check` stops with exit 2 until it has one "
            "(add --allow-empty, or `allow-empty: true` to the action, meanwhile).\n"
        )
    elif failing:
        out.write(
            f"\n{len(failing)} post(s) would fail `pressbot check` with {which} "
            "(details: `pressbot check`; `pressbot rule RULE` explains a rule):\n"
        )
        from bot.render.terminal import clean

        for path, rules in failing[:50]:
            out.write(f"  {clean(path, None)}: {', '.join(rules)}\n")
        if len(failing) > 50:
            out.write(f"  ... and {len(failing) - 50} more\n")
    else:
        out.write(f"\nAll {found.posts} post(s) pass `pressbot check` with {which}.\n")
    targets = bool(configured.config.publish.targets)
    out.write("\n" + _next_steps(args, report, prefix, targets))
    return 0


def _relative(path: Path) -> str:
    """The path as init reports it: from the current folder, and inert (a folder's name may
    hold escapes)."""
    from bot.render.terminal import clean

    try:
        return clean(path.relative_to(Path.cwd()).as_posix() or ".", None)
    except ValueError:
        return clean(str(path), None)


def _check_folders(path: Path, base: Path) -> None:
    """The folders from ``base`` down to ``path`` are folders, or missing: no link, no file."""
    for folder in reversed(path.relative_to(base).parents[:-1]):
        here = base / folder
        if here.is_symlink() or (here.exists() and not here.is_dir()):
            raise UsageError(
                f"{_relative(here)}: not a folder of the repository (a link or a file); move "
                "it away first"
            )


def _write(path: Path, text: str, force: bool, report: Report, base: Path) -> bool:
    """Write ``text`` to ``path`` (below the folder ``base``) unless it exists (or holds it
    already) and not ``force``: atomically, and never through a link (a `.github` that is a
    link would put the workflows outside the repository)."""
    shown = _relative(path)
    _check_folders(path, base)
    if path.exists() and not path.is_file():  # a folder, a FIFO (never opened), a device
        raise UsageError(f"{shown}: not a plain file (a folder, a FIFO...); move it away first")
    if path.is_file() and path.read_text(encoding="utf-8", errors="replace") == text:
        report.kept.append(f"{shown} (already as init writes it)")
        return False
    if path.exists() and not force:
        report.kept.append(f"{shown} (it exists: --force replaces it)")
        return False
    if path.is_symlink():
        raise UsageError(f"{shown}: not a plain file (a link); move it away first")
    from bot.atomicwrite import write_file

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"{shown}: cannot write: {exc.strerror or exc}") from None
    report.wrote.append(shown)
    return True


def _write_config(
    root: Path, found: object, version: str, force: bool, report: Report, used: Path | None
) -> None:
    from bot.adopt.config_file import config_text
    from bot.adopt.survey import Survey

    assert isinstance(found, Survey)
    target = root / ".pressbot.yml"
    if used is not None and used.name.startswith("_config.") and not force:
        report.kept.append(
            f"the `pressbot:` settings in {_relative(used)} (a .pressbot.yml would take their "
            "place: --force writes one)"
        )
        return
    text = config_text(found, version)
    _check_loads(text, target)
    report.wrote_config = (
        _write(target, text, force, report, root)
        or target.read_text(encoding="utf-8", errors="replace") == text
    )


_WRITTEN_KEYS = {
    "required",
    "categories",
    "tags",
    "authors_from_data",
    "unknown_fields",
    "extra_fields",
    "rules",
}
"""The settings init writes. Text from the posts (an author, a field's name) goes into the
file too, escaped; a setting beyond these would mean it was not."""


def _check_loads(text: str, target: Path) -> None:
    """The configuration loads with pressbot's own loader and holds only the settings init
    writes (else init has a bug: exit 3, and nothing is written)."""
    import yaml

    from bot.site import parse_config

    data = yaml.safe_load(text)
    stray = set(data) - _WRITTEN_KEYS if isinstance(data, dict) else {"(not a mapping)"}
    if stray:
        raise RuntimeError(f"init would write settings it does not make: {sorted(stray)}")
    parse_config(data, target)


def _write_workflows(top: Path, prefix: str, version: str, force: bool, report: Report) -> None:
    from bot.templates import WORKFLOWS, workflow

    for name in WORKFLOWS:
        text = for_site(name, workflow(name, version), prefix)
        _write(top / ".github" / "workflows" / name, text, force, report, top)


_SAFE_PREFIX = re.compile(r"[A-Za-z0-9._/-]+")
"""A site folder's name that a workflow can hold as it is (no quoting, no `${{`)."""


def _check_prefix(prefix: str) -> None:
    if prefix and not _SAFE_PREFIX.fullmatch(prefix):
        from bot.render.terminal import clean

        raise UsageError(
            f"the site's folder {clean(prefix, 80)!r} holds characters a workflow file cannot "
            "carry safely (quotes, `#`, `$`, spaces...): rename it, or write the workflows by "
            "hand (see the README)"
        )


def for_site(name: str, text: str, prefix: str) -> str:
    """The workflow for a site in the folder ``prefix`` of the repository ("" at its root)."""
    if not prefix:
        return text
    _check_prefix(prefix)
    quoted = '"' + prefix.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if name == "pressbot-pr.yml":
        return text.replace(
            "          mode: results\n", f"          mode: results\n          site: {quoted}\n", 1
        )
    if name == "pressbot-publish.yml":
        import shlex

        return text.replace(
            "        run: pressbot publish\n",
            f"        run: pressbot publish --site {shlex.quote(prefix)}\n",
            1,
        )
    return text


def _hook_files(site: Site, top: Path) -> str | None:
    """The hooks' own `files:` pattern: on a Hugo site its content folders (the hooks' own
    pattern is Jekyll's posts folders); None on a Jekyll site."""
    if not site.is_hugo:
        return None
    from bot.adopt.precommit import hugo_files

    return hugo_files(top, [site.root / lang.content_dir for lang in site.hugo.config.languages])


def _existing_text(path: Path) -> str | None:
    """The file's text, None when there is none; `CannotAdd` when it is no regular file, or
    cannot be read, or is not UTF-8."""
    import stat

    from bot.adopt.precommit import CannotAdd

    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CannotAdd(f"it cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(mode):
        raise CannotAdd("it is not a regular file")
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise CannotAdd(f"it cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise CannotAdd("it is not UTF-8 text") from None


def _add_pre_commit(top: Path, version: str, report: Report, files: str | None) -> None:
    from bot.adopt.precommit import CannotAdd, added, entry
    from bot.templates import tag

    path = top / ".pre-commit-config.yaml"
    shown = _relative(path)
    try:
        old = _existing_text(path)
        new = added(old, tag(version), files)
    except CannotAdd as exc:
        snippet = "\n".join(entry(tag(version), files=files))
        report.notes.append(
            f"did not change {shown}: {exc}; add this under its `repos:`:\n{snippet}"
        )
        report.hook_left_to_add = True
        return
    if new is None:
        report.kept.append(f"{shown} (it has pressbot's hook already)")
        return
    _write(path, new, True, report, top)
    if old is not None:
        report.wrote[-1] += " (pressbot's hook added)"


def _failing_posts(site: Site) -> list[tuple[str, list[str]]]:
    """The posts with error-level findings, checked as `pressbot check` checks them."""
    from bot.linter import check_posts

    result = check_posts(site, None)
    by_post: dict[str, set[str]] = {}
    for f in result.findings:
        if f.severity == "error":
            by_post.setdefault(f.path, set()).add(f.rule)
    return [(path, sorted(rules)) for path, rules in sorted(by_post.items())]


def _next_steps(args: argparse.Namespace, report: Report, prefix: str, targets: bool) -> str:
    """What to do next; ``targets``: the site's configuration names publish targets."""
    from bot.render.terminal import clean

    site = f" --site {clean(prefix, None)}" if prefix else ""
    steps = [
        f"`pressbot check{site}` shows every finding; `pressbot fix{site}` repairs the safe ones."
    ]
    if args.pre_commit and report.hook_left_to_add:
        steps.append(
            "Add pressbot's entry shown above under `repos:` in .pre-commit-config.yaml (init "
            "did not change it); then `pre-commit install` runs the check on every commit of a "
            "post."
        )
    elif args.pre_commit:
        steps.append("`pre-commit install` runs the check on every commit of a post.")
    if args.github:
        publish = (
            "merged posts are published to the targets the configuration names under `publish:`"
            if targets
            else "merged posts are published once .pressbot.yml names a target under `publish:`"
            " (until then the publish workflow stops with an error and publishes nothing)"
        )
        steps.append(
            "Commit .github/workflows/: every pull request that touches posts gets annotations, "
            f"a summary and one comment; {publish}. Set the default branch in "
            "pressbot-publish.yml if it is not main."
        )
    if not (args.github and args.pre_commit):
        steps.append("`pressbot init --github --pre-commit` adds the workflows and the hook.")
    steps.append("Commit .pressbot.yml; `pressbot rule RULE` explains any rule.")
    return "Next:\n" + "".join(f"  {i}. {s}\n" for i, s in enumerate(steps, 1))
