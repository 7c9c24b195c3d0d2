"""A Hugo site's posts as the rest of pressbot sees them: which files are posts, how one is
parsed into a `Post`, and what Hugo publishes for it (a `PostInfo`).

The posts are the site's regular pages (`bot.hugo.content`). A post's front matter is read
by `bot.hugo.frontmatter` (YAML, TOML or JSON, keys lower-cased as Hugo holds them); where
each key is written is found by a scan of the front matter's lines, so findings point at it.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.hugo import frontmatter, orgmode

if TYPE_CHECKING:
    from bot.hugo.content import Page
    from bot.hugo.describe import HugoPage
    from bot.jekyll import PostInfo
    from bot.post import Post
    from bot.site import Site

Branches = dict[tuple[str, str], Path]


def page_index(site: Site) -> tuple[dict[str, Page], Branches]:
    """Each regular page by its file's absolute path, and the branches' `_index` files;
    read once per site."""
    found: tuple[dict[str, Page], Branches] | None = site.memo.get("hugo_pages")
    if found is None:
        listed, branches = site.hugo.listing()
        by_path: dict[str, Page] = {}
        for page in listed:
            by_path.setdefault(str(page.file.path), page)
        found = site.memo["hugo_pages"] = (by_path, branches)
    return found


def page_of(site: Site, abspath: str) -> Page | None:
    """The page the file is, or None when it is not a regular page."""
    return page_index(site)[0].get(abspath)


def discover_names(site: Site, paths: list[Path] | None) -> list[str]:
    """The regular pages: all of them, or those under each folder named and each file named
    that is one (a file given explicitly is judged as a whole-site run judges it), and the
    pages that the `cascade` of each branch file named reaches (what it changes is theirs:
    a cascaded `url` that two pages now share, a `date` Hugo cannot read)."""
    from bot.errors import UsageError

    by_path, branches = page_index(site)
    if not paths:
        return sorted(by_path)
    out: list[str] = []
    for path in paths:
        here = os.path.abspath(path)
        if os.path.isdir(here):
            real = os.path.realpath(here)
            root = str(site.root)
            if real != root and not real.startswith(root + os.sep):
                raise UsageError(f"{path}: the folder is outside the site ({site.root})")
            # the pages below the folder as named (a link to a folder, `content/mirror`,
            # names its own pages) and as it is
            prefixes = tuple({here.rstrip(os.sep) + os.sep, real.rstrip(os.sep) + os.sep})
            out.extend(
                p
                for p, page in by_path.items()
                if p.startswith(prefixes)
                or real == root
                or (page.file.real or "").startswith(prefixes)
            )
        elif os.path.lexists(here):
            if here in by_path:
                out.append(here)
            else:
                out.extend(_linked_to(here, by_path))
                out.extend(_cascade_reaches(here, by_path, branches))
        else:
            raise UsageError(f"{path}: no such file or folder")
    return sorted(dict.fromkeys(out))


def _linked_to(path: str, by_path: dict[str, Page]) -> list[str]:
    """The pages that are the file at ``path`` through a link (`content/mirror/a.md` for
    `shared/a.md`, where `content/mirror` links to `shared`): a pre-commit hook names the
    file a commit changes, and Hugo builds it at each of them."""
    real = os.path.realpath(path)
    return [name for name, page in by_path.items() if page.file.real == real]


def _cascade_reaches(path: str, by_path: dict[str, Page], branches: Branches) -> list[str]:
    """The pages below the branch whose `_index` file is ``path``, when the file may hold a
    `cascade` (it names one in any letter case, or cannot be read); none for any other file.
    """
    keys = {key for key, where in branches.items() if str(where) == path}
    if not keys or not _may_cascade(path):
        return []
    return [
        name
        for name, page in by_path.items()
        if any((page.file.lang, folder) in keys for folder in page.branches)
    ]


def _may_cascade(path: str) -> bool:
    """Whether the file names `cascade` (in any letter case), read as a settings file is
    (a regular file, at most 16 MiB: a FIFO is never waited on); one that cannot be read so
    may hold one (its pages are checked as they read)."""
    from bot.errors import UsageError
    from bot.settings_file import read_bytes

    try:
        return b"cascade" in read_bytes(Path(path), "a section's `_index` file").lower()
    except UsageError:
        return True


def has_posts(site: Site) -> bool:
    return bool(page_index(site)[0])


# --- parsing ----------------------------------------------------------------------------


def parse_text(post: Post, text: str) -> None:
    """Fill ``post`` from its decoded text (a BOM already taken off) as Hugo reads it."""
    try:
        form, section, line = frontmatter.split(text)
    except frontmatter.FrontMatterError as exc:
        post.memo["hugo_front"] = str(exc)
        if exc.at is None:
            post.yaml_error = _problem(str(exc), text.count("\n"), 0)
        else:
            line_start = text.rfind("\n", 0, exc.at) + 1
            post.yaml_error = _problem(str(exc), text.count("\n", 0, exc.at), exc.at - line_start)
        return
    if form is None:
        post.shape = "missing"
        post.front_matter = {}
        post.memo["hugo_front"] = frontmatter.FrontMatter(None, {})
        return
    post.front_format = form
    post.fm_end_line = line + section.count("\n")  # the closing `---`, `+++` or `}`
    if form == "org" and section.endswith("\n"):
        post.fm_end_line -= 1  # Org's has no closing line: its last `#+` line
    post.body_start_line = post.fm_end_line + 1
    nodes: list[Any] = []
    try:
        found = frontmatter.decode(form, section, line, nodes)
    except frontmatter.FrontMatterError as exc:
        post.memo["hugo_front"] = str(exc)
        if exc.at is not None:
            where = _decoder_position(text, section, line, exc.at)
        else:
            where = _error_position(str(exc), form, line)
        if form == "yaml":
            where = _yaml_error_position(section, line) or where
        post.yaml_error = _problem(str(exc), *where)
        return
    post.memo["hugo_front"] = found
    post.front_matter = found.data
    post.shape = "mapping"
    if form == "yaml":
        _yaml_positions(post, section, line, nodes[0] if nodes else None)
    elif form == "org":
        post.positions = orgmode.positions(section, line)
    elif form == "toml":
        written = list(_toml_positions(section, line))
        post.positions = {}
        for path, where in written:
            post.positions.setdefault(_lower_path(path), where)
        post.duplicate_keys = _toml_case_duplicates(section, written)
    else:
        post.positions, duplicates = _json_positions(section, line)
        post.duplicate_keys = duplicates


def _problem(message: str, line: int, column: int, kind: str = "syntax") -> Any:
    """A `YamlProblem` (0-based line and column) carrying Hugo's own message."""
    from bot.yamlread import YamlProblem

    return YamlProblem(kind, message, line, column)


_TOML_LINE = re.compile(r"line (\d+)(?:, column (\d+))?")
_JSON_COLUMN = re.compile(r"line (\d+) column (\d+)")


def _error_position(message: str, form: str, first: int) -> tuple[int, int]:
    """The 0-based file line and column of a decoder's message (the front matter's first
    line when it gives none)."""
    match = (_JSON_COLUMN if form == "json" else _TOML_LINE).search(message)
    if match is None:
        return first - 1, 0
    line = int(match.group(1))
    column = int(match.group(2) or 1)
    # The JSON text starts at its opening brace's line; TOML's and YAML's after the `+++`.
    return first - 1 + line - 1, max(column - 1, 0)


def _decoder_position(text: str, section: str, line: int, at: int) -> tuple[int, int]:
    """The 0-based file line and column of the offset ``at`` in the front matter ``section``
    that starts on ``line`` (its end is the closing delimiter's line). The section's first
    line ends the file's line it starts on (JSON's brace may follow blanks), or, on one line,
    starts after the blanks."""
    before = section.count("\n", 0, at)
    column = at - (section.rfind("\n", 0, at) + 1)
    if before == 0:
        first = text.split("\n", line)[line - 1]
        head, newline, _ = section.partition("\n")
        column += len(first) - (len(head) if newline else len(first.lstrip(" \t\r\ufeff")))
    return line - 1 + before, column


def _yaml_text(section: str, line: int) -> str:
    """The YAML with the opening `---` on its own line of the file, so that positions in it
    are the file's."""
    return "\n" * (line - 2) + "---\n" + section


def _yaml_error_position(section: str, line: int) -> tuple[int, int] | None:
    """Where pressbot's YAML reader stops on YAML that Hugo's decoder rejected (0-based), or
    None when it reads it."""
    from bot import yamlread

    try:
        yamlread.load(_yaml_text(section, line), symbols_fail=False)
    except yamlread.YamlProblem as exc:
        return exc.line, exc.column
    except RecursionError:
        return None
    return None


_TWICE = 'key "{key}" is given twice; YAML keeps only the last value'
"""`bot.yamlread`'s message for a key given twice."""


def _yaml_positions(post: Post, section: str, line: int, node: Any = None) -> None:
    """Positions and duplicate keys from pressbot's YAML reader, lower-cased as Hugo holds
    the keys (Hugo's decoder is the judge of what parses: where the two differ, no
    positions). Plain front matter is not read again: its tree gives the same."""
    from bot import yamlread

    fast = frontmatter.key_positions(node, section, line - 1) if node is not None else None
    if fast is not None:
        positions, twice = fast
        post.positions = {_lower_path(k): v for k, v in positions.items()}
        post.duplicate_keys = [
            _problem(_TWICE.format(key=key), at, column, "duplicate-key")
            for key, at, column in twice
        ]
        post.duplicate_keys += _case_duplicates(positions.items())
        return
    try:
        doc = yamlread.load(_yaml_text(section, line), symbols_fail=False)
    except (yamlread.YamlProblem, RecursionError):
        return
    post.positions = {_lower_path(k): v for k, v in doc.positions.items()}
    post.duplicate_keys = [*doc.duplicates, *_case_duplicates(doc.positions.items())]


def _case_duplicates(
    positions: Iterable[tuple[tuple[Any, ...], tuple[int, int]]],
    written: Callable[[tuple[Any, ...], str], bool] = lambda parent, key: True,
) -> list[Any]:
    """Keys of one mapping that differ only in case (``positions`` by the key paths as
    written, in document order; ``written`` confirms a key is one). Hugo lower-cases every
    key: a key with capitals replaces the lower-case one, and of two with capitals one is
    kept unpredictably."""
    groups: dict[tuple[tuple[Any, ...], str], list[tuple[str, tuple[int, int]]]] = {}
    for path, where in positions:
        if path and isinstance(path[-1], str) and written(path[:-1], path[-1]):
            groups.setdefault((path[:-1], path[-1].lower()), []).append((path[-1], where))
    out = []
    for (_, lower), spelled in groups.items():
        if len(spelled) < 2:
            continue
        capitals = [name for name, _ in spelled if name != lower]
        kept = f'the value of "{capitals[0]}"' if len(capitals) == 1 else "one, unpredictably"
        first, (first_line, _) = spelled[0]
        for name, (line, column) in spelled[1:]:
            message = (
                f'key "{name}" is also given as "{first}" (line {first_line}); Hugo ignores '
                f"the case of keys and keeps {kept}"
            )
            out.append(_problem(message, line - 1, column - 1, "duplicate-key"))
    return out


def _toml_case_duplicates(
    section: str, written: list[tuple[tuple[Any, ...], tuple[int, int]]]
) -> list[Any]:
    """Keys that differ only in case in TOML front matter (``written``: the keys' positions
    as spelled), where Python's TOML reader confirms them (a line of a multi-line string may
    look like a key); read again only when the lines show such keys at all."""
    if not _case_duplicates(written):
        return []
    from bot import tomlread as tomllib

    try:
        data = tomllib.loads(section)
    except (tomllib.TOMLDecodeError, RecursionError):
        return []

    def is_key(parent: tuple[Any, ...], key: str) -> bool:
        node: Any = data
        for part in parent:
            node = node.get(part) if isinstance(node, dict) else None
        return isinstance(node, dict) and key in node

    return _case_duplicates(written, is_key)


def _lower_path(path: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(p.lower() if isinstance(p, str) else p for p in path)


_TOML_PART = r"(?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)"
_TOML_KEY = re.compile(rf"\s*({_TOML_PART}(?:\s*\.\s*{_TOML_PART})*)\s*=")


def _toml_key(text: str) -> tuple[str, ...]:
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)", text)
    return tuple(a or b or c for a, b, c in parts)


def _toml_positions(section: str, first: int) -> Iterator[tuple[tuple[Any, ...], tuple[int, int]]]:
    """(key path as spelled, (line, column)) of each key written at the start of a line, and of each
    table header: enough to point at a value (a multi-line string's lines may look like
    keys; the first position of a key wins)."""
    table: tuple[str, ...] | None = ()
    seen: set[tuple[Any, ...]] = set()
    for number, text in enumerate(section.split("\n")):
        here = first + number
        header = text.lstrip()
        if header.startswith("["):
            table = _toml_key(header.lstrip("[").partition("]")[0])
            if header.startswith("[["):
                table = None  # an array of tables: its keys have no single path
                continue
            if table not in seen:
                seen.add(table)
                yield table, (here, text.index("[") + 1)
            continue
        match = _TOML_KEY.match(text)
        if match and table is not None:
            path = table + _toml_key(match.group(1))
            if path not in seen:
                seen.add(path)
                yield path, (here, match.start(1) + 1)


def _json_positions(
    section: str, first: int
) -> tuple[dict[tuple[Any, ...], tuple[int, int]], list[Any]]:
    """Positions of the keys of JSON front matter, and the keys given twice in one object
    (Go's decoder keeps the last silently)."""
    positions: dict[tuple[Any, ...], tuple[int, int]] = {}
    duplicates: list[Any] = []
    line_starts = [0]
    for match in re.finditer("\n", section):
        line_starts.append(match.end())

    def where(offset: int) -> tuple[int, int]:
        row = bisect.bisect_right(line_starts, offset) - 1
        return first + row, offset - line_starts[row] + 1

    stack: list[tuple[tuple[Any, ...], set[str], bool]] = []  # (path, keys seen, is object)
    last_key: str | None = None
    pos = 0
    length = len(section)
    decoder = json.JSONDecoder()
    while pos < length:
        char = section[pos]
        if char == '"':
            try:
                value, end = decoder.raw_decode(section, pos)
            except ValueError:
                break
            after = end
            while after < length and section[after] in " \t\r\n":
                after += 1
            if stack and stack[-1][2] and after < length and section[after] == ":":
                path, keys, _ = stack[-1]
                key = str(value).lower()
                line, column = where(pos)
                if key in keys:
                    message = f"key {value!r} is given twice"
                    duplicates.append(_problem(message, line - 1, column - 1, "duplicate-key"))
                keys.add(key)
                positions.setdefault((*path, key), (line, column))
                last_key = key
            pos = end
            continue
        if char in "{[":
            parent = stack[-1][0] if stack else ()
            path = parent + ((last_key,) if stack and stack[-1][2] and last_key else ())
            stack.append((path, set(), char == "{"))
            last_key = None
        elif char in "}]":
            if stack:
                stack.pop()
            last_key = None
        elif char == ",":
            last_key = None
        pos += 1
    return positions, duplicates


# --- what Hugo publishes ------------------------------------------------------------------


def hugo_page(post: Post, site: Site) -> HugoPage | None:
    """What Hugo makes of the post (None when the file is not a regular page)."""
    if "hugo_page" in post.memo:
        page_info: HugoPage | None = post.memo["hugo_page"]
        return page_info
    page = page_of(site, post.file)
    info = None
    if page is not None:
        _, branches = page_index(site)
        hugo = site.hugo
        found = post.memo.get("hugo_front")
        if found is not None and post.decode_error is None:
            # (a file that is not UTF-8 is read again by `HugoSite`, which finds it invalid)
            hugo.remember(page.file.path, found)
        info = hugo.describe(page, branches, site.now)
    post.memo["hugo_page"] = info
    return info


def describe(post: Post, site: Site) -> PostInfo:
    """The post's `PostInfo` as Hugo would publish it."""
    from bot.jekyll import PostInfo

    info = hugo_page(post, site)
    if info is None:
        return PostInfo(
            path=post.path,
            id="/" + post.path,
            url=None,
            date=None,
            published=False,
            reason="not-a-post-name",
        )
    date = info.date
    if date is not None:
        with contextlib.suppress(OverflowError):
            date = date.astimezone(info.zone)
    reason = info.reason
    if not post.readable and reason in (None, "invalid"):
        reason = post.unread_reason
    return PostInfo(
        path=post.path,
        id=info.id,
        url=info.url,
        date=date,
        categories=list(info.categories),
        tags=list(info.tags),
        jekyll_categories=list(info.categories),
        jekyll_tags=list(info.tags),
        published=reason is None,
        reason=reason,
        date_error=info.error,
        aliases=list(info.aliases),
        lang=info.lang,
        writes=info.rendered and info.writes,
        file=info.file,
    )


def unpublished_reason(post: Post, site: Site) -> str | None:
    """`describe(post, site).reason`, without making the `PostInfo`."""
    info = hugo_page(post, site)
    if info is None:
        return "not-a-post-name"
    if not post.readable and info.reason in (None, "invalid"):
        return post.unread_reason
    return info.reason
