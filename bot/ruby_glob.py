"""Ruby's `Dir.glob`, for the scope paths of Jekyll's `defaults`.

Python's `glob` reads a pattern otherwise: Ruby expands braces (`{news,blog}/_posts`),
takes a `**/` segment for any depth of folders (none included) and a `**` elsewhere for
`*`, negates a class with `^` as well as `!`, and escapes with a backslash. Both leave
hidden names to a pattern that starts with a dot, and `**/` does not go into hidden
folders or follow links to folders.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator

_MAGIC = re.compile(r"[*?\[\\]")


def glob(pattern: str, base: str) -> list[str]:
    """The paths ``pattern`` matches, relative to ``base`` as Ruby's `Pathname` gives them
    (cleaned: no `.`, no doubled or trailing `/`); a pattern starting with `/` is read from
    the file system's root, as `Pathname#join` does."""
    found: list[str] = []
    start = "/" if pattern.startswith("/") else base
    for expanded in expand_braces(pattern):
        segments = [s for s in expanded.split("/") if s]
        dirs_only = expanded.endswith("/")
        for path in _walk(start, segments, dirs_only):
            found.append(os.path.normpath(os.path.relpath(path, base)))
    return list(dict.fromkeys(found))


def expand_braces(pattern: str) -> list[str]:
    """Ruby's brace expansion: the first balanced `{...}` gives one pattern per
    comma-separated choice (nested braces kept whole), each expanded in turn; an
    unbalanced brace stays as it is."""
    start = _find(pattern, "{", 0)
    while start >= 0:
        depth, i, commas = 0, start, []
        while i < len(pattern):
            ch = pattern[i]
            if ch == "\\":
                i += 2
                continue
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    break
            elif ch == "," and depth == 1:
                commas.append(i)
            i += 1
        if i >= len(pattern):
            return [pattern]  # no closing brace: Ruby globs the text as it is
        head, tail = pattern[:start], pattern[i + 1 :]
        bounds = [start, *commas, i]
        out: list[str] = []
        for left, right in itertools.pairwise(bounds):
            out.extend(expand_braces(head + pattern[left + 1 : right] + tail))
        return out
    return [pattern]


def _find(text: str, char: str, at: int) -> int:
    while at < len(text):
        if text[at] == "\\":
            at += 2
            continue
        if text[at] == char:
            return at
        at += 1
    return -1


def _walk(folder: str, segments: list[str], dirs_only: bool) -> Iterator[str]:
    if not segments:
        if not dirs_only or os.path.isdir(folder):
            yield folder
        return
    head, rest = segments[0], segments[1:]
    if head == "**" and (rest or dirs_only):  # `**/`, at the end too
        yield from _walk(folder, rest, dirs_only)  # no folder at all
        for name in _names(folder):
            path = os.path.join(folder, name)
            if not name.startswith(".") and os.path.isdir(path) and not os.path.islink(path):
                yield from _walk(path, segments, dirs_only)
        return
    if not _MAGIC.search(head):
        path = os.path.join(folder, head)
        if os.path.lexists(path) and (not rest or os.path.isdir(path)):
            yield from _walk(path, rest, dirs_only)
        return
    matcher = _segment(head)
    names = _names(folder) + (["."] if head.startswith(".") else [])
    for name in names:
        if matcher(name):
            path = os.path.join(folder, name)
            if not rest or os.path.isdir(path):
                yield from _walk(path, rest, dirs_only)


def _names(folder: str) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


def _segment(pattern: str) -> Callable[[str], bool]:
    """A matcher for one name: `*` and `?` match no leading dot (Ruby's `FNM_PERIOD`)."""
    regex = re.compile(_translate(pattern), re.DOTALL)
    explicit_dot = pattern.startswith(".") or pattern.startswith("\\.")

    def match(name: str) -> bool:
        if name.startswith(".") and not explicit_dot:
            return False
        return regex.fullmatch(name) is not None

    return match


def fnmatch_any(patterns: Iterable[str]) -> Callable[[str], bool]:
    """Whether a path matches any of ``patterns`` as Ruby's `File.fnmatch?` (no flags)
    matches it: `*` and `?` match any character (`/` and a dot too), a backslash escapes,
    `[!a]` and `[^a]` are negated classes. One regex for them all (it may run for every
    file of a site)."""
    regex = re.compile("|".join(f"(?:{_translate(p)})" for p in patterns) or "(?!)", re.DOTALL)
    return lambda path: regex.fullmatch(path) is not None


def _translate(pattern: str) -> str:
    """The regex of a pattern Ruby's `fnmatch` reads (a class never closed: it matches
    nothing)."""
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        i += 1
        if ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        elif ch == "\\" and i < len(pattern):
            out.append(re.escape(pattern[i]))
            i += 1
        elif ch == "[":
            end, cls = _char_class(pattern, i)
            if end < 0:
                return "(?!)"
            out.append(cls)
            i = end
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _char_class(pattern: str, i: int) -> tuple[int, str]:
    """The regex for a class starting after `[` at ``i``, and where it ends (-1 if it is
    not closed)."""
    negate = i < len(pattern) and pattern[i] in "!^"
    if negate:
        i += 1
    parts: list[str] = []
    while i < len(pattern):
        ch = pattern[i]
        if ch == "]":  # `[]` is an empty class, which matches nothing
            body = "".join(parts)
            if not body:  # `[]` matches nothing, `[^]` any character
                return i + 1, "." if negate else "(?!)"
            return i + 1, f"[{'^' if negate else ''}{body}]"
        if ch == "\\" and i + 1 < len(pattern):
            i += 1
            ch = pattern[i]
        if i + 2 < len(pattern) and pattern[i + 1] == "-" and pattern[i + 2] != "]":
            high = pattern[i + 2]
            if high == "\\" and i + 3 < len(pattern):
                high = pattern[i + 3]
                i += 1
            # a range written backwards (`z-a`) holds its two ends only
            backwards = re.escape(ch + high)
            parts.append(f"{re.escape(ch)}-{re.escape(high)}" if ch <= high else backwards)
            i += 3
            continue
        parts.append(re.escape(ch))
        i += 1
    return -1, ""
