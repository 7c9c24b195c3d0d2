"""pressbot's entry in a site's `.pre-commit-config.yaml`: added to the file's `repos:` as
text (its comments and layout kept), never twice."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

HOOKS_REPO = "https://github.com/pressbot/pressbot"


def entry(rev: str, indent: str = "  ", files: str | None = None) -> list[str]:
    """The lines of pressbot's repository entry, its `-` at ``indent``; ``files``: the hooks'
    own `files:` pattern, which replaces the one of `.pre-commit-hooks.yaml` (Jekyll's posts
    folders) on a Hugo site."""
    inner = indent + "  "
    # JSON's quoting is YAML's double-quoted style: one line whatever the folders' names hold
    only = "" if files is None else "files: " + json.dumps(files)
    return [
        f"{indent}- repo: {HOOKS_REPO}",
        f"{inner}rev: {rev}",
        f"{inner}hooks:",
        f"{inner}  - id: pressbot-check",
        *([f"{inner}    {only}"] if only else []),
        f"{inner}  # - id: pressbot-fix   # also repair mojibake and byte-order marks in place",
        *([f"{inner}  #   {only}"] if only else []),
    ]


def hugo_files(top: Path, content_dirs: list[Path]) -> str | None:
    """The `files:` pattern of a Hugo site's hooks: its content folders (each language's),
    from the repository's top; None when none is inside the repository."""
    import os

    folders: list[str] = []
    for folder in content_dirs:
        rel = os.path.relpath(folder, top).replace(os.sep, "/")
        if rel != ".." and not rel.startswith("../") and rel not in folders:
            folders.append(rel)
    if not folders:
        return None
    if "." in folders:
        return "^"  # a content folder at the top: every file (pressbot judges which are pages)
    return "^(" + "|".join(re.escape(f) for f in sorted(folders)) + ")/"


def has_pressbot(data: Any) -> bool:
    repos = data.get("repos") if isinstance(data, dict) else None
    for repo in repos if isinstance(repos, list) else []:
        if not isinstance(repo, dict):
            continue
        if "pressbot/pressbot" in str(repo.get("repo", "")):
            return True
        hooks = repo.get("hooks")
        if isinstance(hooks, list) and any(
            isinstance(h, dict) and str(h.get("id", "")).startswith("pressbot-") for h in hooks
        ):
            return True
    return False


def _top_key_twice(text: str) -> tuple[str, int] | None:
    """A top-level key the file gives twice, and the line (from 1) of its second use: YAML
    loaders keep the last value, while the entry is added as text to the first."""
    import yaml

    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        return None
    seen: set[str] = set()
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            if key.value in seen:
                return key.value, key.start_mark.line + 1
            seen.add(key.value)
    return None


_EMPTY_FLOW = re.compile(r"repos\s*:\s*\[\s*\]\s*(#.*)?$")
"""`repos: []` (a comment after it kept)."""


class CannotAdd(Exception):
    """The file's layout is not one this adds to safely: the user adds the entry."""


def added(text: str | None, rev: str, files: str | None = None) -> str | None:
    """``text`` (the file, or None when there is none) with pressbot's entry added (``files``:
    see `entry`); None when it has pressbot already. Raises `CannotAdd` when the file cannot
    be added to safely."""
    import yaml

    bom = "\ufeff" if text is not None and text.startswith("\ufeff") else ""
    text = None if text is None else text[len(bom) :]  # the mark is kept, outside the YAML
    if text is None or not text.strip():
        return bom + "repos:\n" + "\n".join(entry(rev, files=files)) + "\n"
    try:
        data = yaml.safe_load(text)
        twice = _top_key_twice(text)
    except yaml.YAMLError as exc:
        raise CannotAdd(f"it is not valid YAML ({' '.join(str(exc).split())[:200]})") from None
    if twice is not None:  # the text's first list is not the one pre-commit reads
        raise CannotAdd(
            f"it gives `{twice[0]}:` twice (line {twice[1]}), and pre-commit reads only the "
            "last; keep one"
        )
    if has_pressbot(data):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("repos"), list):
        raise CannotAdd("it has no `repos:` list")
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(r"repos\s*:\s*(#.*)?$", line)), -1)
    if start < 0 and not data["repos"]:  # `repos: []`: the empty list becomes a block list
        start = next((i for i, line in enumerate(lines) if _EMPTY_FLOW.match(line)), -1)
        if start >= 0:
            comment = _EMPTY_FLOW.match(lines[start]).group(1)  # type: ignore[union-attr]
            lines[start] = "repos:" + (f"  {comment}" if comment else "")
    if start < 0:
        raise CannotAdd("its `repos:` is not a block list")
    end = start + 1
    indent = None
    while end < len(lines):
        line = lines[end]
        if line.strip() and not line.startswith((" ", "-", "#", "\t")):
            break  # the next top-level key
        if indent is None and line.lstrip().startswith("- "):
            indent = line[: len(line) - len(line.lstrip())]
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # blank lines stay after the entry
    new_lines = [
        *lines[:end],
        *entry(rev, indent if indent is not None else "  ", files),
        *lines[end:],
    ]
    # the file's own line ends (a file written on Windows keeps its CRLF)
    newline = "\r\n" if 2 * text.count("\r\n") > text.count("\n") else "\n"
    new = bom + newline.join(new_lines) + newline
    try:
        after = yaml.safe_load(new[len(bom) :])
    except yaml.YAMLError:
        raise CannotAdd("the entry would not fit its layout") from None
    if (
        not isinstance(after, dict)
        or after.get("repos", [])[:-1] != data["repos"]
        or not has_pressbot(after)  # what pre-commit reads has it, or `init` adds it again
    ):
        raise CannotAdd("the entry would not fit its layout")
    if {k: v for k, v in after.items() if k != "repos"} != {
        k: v for k, v in data.items() if k != "repos"
    }:
        raise CannotAdd("the entry would not fit its layout")
    return new
