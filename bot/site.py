"""The site: its root, Jekyll's `_config.yml` (or `.yaml`, `.toml`) and pressbot's configuration."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import yamlread
from bot.config import SiteConfig, plain_config, validated
from bot.errors import UsageError, handling
from bot.generator import Generator, detect, is_hugo, jekyll_config
from bot.notices import warn_once

if TYPE_CHECKING:
    from bot.hugo.describe import HugoSite
    from bot.site_encoding import ReadEncoding

CONFIG_NAMES = (".pressbot.yml", ".pressbot.yaml")

PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


@dataclass
class Site:
    root: Path
    config: SiteConfig
    jekyll: dict[str, Any] = field(default_factory=dict)
    timezone: dt.tzinfo | None = None
    config_path: Path | None = None
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    """The build's now: what is in the future, and the date of what gives none (Jekyll's
    `site.time`: its `time` setting, else the clock)."""
    wall_clock: dt.datetime | None = None
    """The clock a date text's missing parts come from (Ruby's `Time.parse` asks the
    machine's clock, whatever the `time` setting says); None when it is `now`."""
    _authors: set[str] | None = None
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Per-site caches of the modules that read it (resolved folders, asset lookups...)."""
    generator: Generator = "jekyll"
    """Which generator builds the site (see `bot.generator`): what a post, its URL and its
    date mean follow it."""
    jekyll_file: str = "_config.yml"
    """The name of Jekyll's configuration file, for messages."""

    @property
    def clock(self) -> dt.datetime:
        """The clock date texts are read by (see `wall_clock`)."""
        return self.wall_clock or self.now

    @property
    def is_hugo(self) -> bool:
        return self.generator == "hugo"

    @property
    def hugo(self) -> HugoSite:
        """The Hugo site's configuration and content, read once (a Hugo site only)."""
        found: HugoSite | None = self.memo.get("hugo")
        if found is None:
            from bot.hugo.describe import HugoSite

            found = self.memo["hugo"] = HugoSite(self.root)
        return found

    @property
    def permalink(self) -> str:
        """The posts' URL template, as Jekyll derives it from `permalink`."""
        return posts_permalink(self.jekyll)

    @property
    def tz(self) -> dt.tzinfo:
        return self.timezone or dt.timezone.utc

    @property
    def read_encoding(self) -> ReadEncoding | None:
        """How Jekyll reads the posts (`bot.site_encoding`); None for the usual UTF-8."""
        if "read_encoding" not in self.memo:
            from bot.site_encoding import read_encoding, warning

            found = None if self.is_hugo else read_encoding(self.jekyll)
            if found is not None and (said := warning(found)):
                warn_once(f"pressbot: {self.jekyll_file}: {said}\n")
            self.memo["read_encoding"] = found
        encoding: ReadEncoding | None = self.memo["read_encoding"]
        return encoding

    @property
    def future(self) -> bool:
        return _ruby_truthy(self.jekyll.get("future", False))

    def authors(self) -> set[str]:
        """Keys of `_data/authors.yml` (or `id`/`name` of its list items), in the folder the
        site's `data_dir` names."""
        if self._authors is None:
            self._authors = _read_authors(self.root, self.authors_file())
        return self._authors

    def authors_file(self) -> Path | None:
        """The Jekyll site's authors file (see `AUTHORS_FILES`), if it has one."""
        import posixpath

        data_dir = self.jekyll.get("data_dir")
        folder = data_dir if isinstance(data_dir, str) else "_data"
        # Jekyll's `sanitized_path`: a path that climbs out of the site is taken from its
        # root, and an empty one is the root itself
        base = self.root / posixpath.normpath("/" + folder).lstrip("/")
        return next((base / n for n in AUTHORS_FILES if (base / n).is_file()), None)

    def relpath(self, path: Path | str) -> str:
        """POSIX path relative to the root; a link is named where it is, not where it points."""
        text = os.path.abspath(path)
        prefix = str(self.root) + os.sep
        if text.startswith(prefix):
            return text[len(prefix) :].replace(os.sep, "/")
        # named through a link to the site's folder (or one of its parents): the part below
        # it is kept as written, so a link inside the site is still named where it is
        head, tail = os.path.split(text)
        while tail:
            if os.path.realpath(head) == str(self.root):
                return os.path.relpath(text, head).replace(os.sep, "/")
            head, tail = os.path.split(head)
        try:
            return Path(text).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return Path(text).as_posix()


_OWN_WORDS = (
    ("and Jekyll drops front matter it cannot read", "and pressbot cannot read it"),
    ("front matter holds plain data only", "pressbot's configuration holds plain data only"),
    ("and Jekyll drops front matter whose", "and pressbot reads no"),
)
"""`bot.yamlread` speaks of front matter: how its problems read in pressbot's own
configuration (symbols are text to pressbot)."""


def _jekyll_words(file: str) -> tuple[tuple[str, str], ...]:
    """How `bot.yamlread`'s problems read in a file Jekyll reads with its safe YAML (a
    configuration, a data file), which it stops on where it drops front matter."""
    return (
        ("Jekyll drops front matter", f"Jekyll stops on {file}"),
        ("front matter holds plain data only", f"Jekyll stops on {file} holding it"),
    )


def _read_yaml_file(
    path: Path, what: str, root: Path | None = None, jekyll_reads: str | None = None
) -> Any:
    """The YAML data of ``path``; with ``root``, only when the file (a link resolved) is inside
    the site: a link to a file elsewhere on the machine is never read. With ``jekyll_reads``
    (how a message names the file), the file is one Jekyll reads too: what its safe YAML
    refuses (a Ruby symbol, `:title`) is an error."""
    text = _read_text_file(path, what, root)
    try:
        with handling(path):
            return yamlread.load(text, symbols_fail=jekyll_reads is not None).data
    except yamlread.YamlProblem as exc:
        raise _yaml_error(path, what, exc, jekyll_reads) from None


def _yaml_error(
    path: Path, what: str, exc: yamlread.YamlProblem, jekyll_reads: str | None
) -> UsageError:
    words = _OWN_WORDS if jekyll_reads is None else _jekyll_words(jekyll_reads)
    message = exc.message
    for said, meant in words:
        message = message.replace(said, meant)
    reader = "pressbot" if jekyll_reads is None else "Jekyll"
    problem = "is not valid YAML" if exc.kind == "syntax" else f"holds a value {reader} refuses"
    return UsageError(f"{path}:{exc.line + 1}:{exc.column + 1}: {what} {problem}: {message}")


def _read_config_file(path: Path, what: str, root: Path) -> Any:
    """The data of a Jekyll configuration file, YAML or (``.toml``) TOML."""
    if path.suffix != ".toml":
        return _read_jekyll_yaml(path, what, root)
    from bot import tomlread as tomllib

    text = _read_text_file(path, what, root)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: {what} is not valid TOML: {exc}") from None
    except RecursionError:
        raise UsageError(f"{path}: {what} nests values too deeply to read") from None


def _read_jekyll_yaml(path: Path, what: str, root: Path) -> Any:
    """A Jekyll configuration file's YAML data. Jekyll stops on what its safe YAML refuses,
    but reads on past an ArgumentError (`x: !!float abc`): it warns and builds with its
    defaults, as if the file were empty; so does pressbot."""
    text = _read_text_file(path, what, root)
    try:
        with handling(path):
            return yamlread.load(text, symbols_fail=True).data
    except yamlread.YamlProblem as exc:
        if exc.kind != "argument":
            raise _yaml_error(path, what, exc, "a configuration file") from None
        warn_once(
            f"pressbot: {path}:{exc.line + 1}:{exc.column + 1}: {what}: this !!float is not a "
            'number: Jekyll warns "Error reading configuration" and builds with its defaults, '
            "as if the file were empty, and so does pressbot; write a number, or drop the tag "
            "to keep the text\n"
        )
        return None


def _read_text_file(path: Path, what: str, root: Path | None) -> str:
    from bot.settings_file import read_bytes

    data = read_bytes(path, what, root)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UsageError(
            f"{path}:{line}: {what} is not UTF-8 text (byte 0x{data[exc.start]:02x}); "
            "save it as UTF-8"
        ) from None
    return text


AUTHORS_FILES = ("authors.json", "authors.yml", "authors.yaml")
"""The authors files pressbot reads, the one Jekyll keeps first: it reads a data folder's
`*.yaml`, then `*.yml`, then `*.json` files, and a later file of one name replaces an
earlier one."""


def _read_authors(root: Path, path: Path | None) -> set[str]:
    if path is None:
        return set()
    data = _read_yaml_file(path, "the authors file", root, jekyll_reads="a data file")
    if isinstance(data, dict):
        return {str(k) for k in data}
    out: set[str] = set()
    if isinstance(data, list):
        for item in data:
            if isinstance(item, dict):
                out.update(str(item[k]) for k in ("id", "name", "key") if k in item)
            else:
                out.add(str(item))
    return out


def _timezone(name: Any, file: str) -> dt.tzinfo | None:
    if not _ruby_truthy(name) or name == "":  # Jekyll sets a zone only for a true value
        return None
    if not isinstance(name, str):
        raise UsageError(
            f"{file}: setting 'timezone' must be a zone name such as America/New_York, "
            f"not {_shown(name)}"
        )
    from bot.posix_tz import describe_offset, posix_zone, zone_file

    found = zone_file(name)  # `Europe/Berlin`, and as glibc: `:Europe/Berlin`, a file's path
    if found is not None:
        return found
    zone = posix_zone(name[1:] if name.startswith(":") else name)
    if zone is None:
        reading = "no zone Jekyll knows: it builds in UTC"
    else:
        offset = describe_offset(zone, dt.datetime.now(dt.timezone.utc))
        reading = (
            f"no zone name: Jekyll reads it as a POSIX TZ string, {offset} now (POSIX counts "
            "offsets west of UTC)"
        )
    warn_once(
        f"pressbot: {file}: timezone {_shown(name)} is {reading}, and so does pressbot; "
        "write a zone name such as Europe/Paris\n"
    )
    return zone


def _shown(value: Any) -> str:
    """A configuration value in an error message: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


MOMENT = "not an ISO 8601 time of the years 2 to 9998 (e.g. 2026-01-31T09:00:00+01:00)"
"""What `--now` and PRESSBOT_NOW must be: a time any zone can show (one near the ends of
the calendar has no local time in some of them)."""


def moment(text: str) -> dt.datetime | None:
    """The time ``text`` gives (UTC when it names no offset, as a YAML timestamp is in
    Jekyll: a time of one zone would have to be chosen among a Hugo site's languages), or None
    when it is not one `MOMENT` allows."""
    try:
        found = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if found.tzinfo is None:
        found = found.replace(tzinfo=dt.timezone.utc)
    try:
        year = found.astimezone(dt.timezone.utc).year
    except OverflowError:
        return None
    return found if 2 <= year <= 9998 else None


def posts_permalink(jekyll: dict[str, Any]) -> str:
    """The posts' URL template, as Jekyll derives it from `permalink` (or the posts
    collection's own). Only the top-level `permalink` is a style name: a collection's is a
    template as written (`permalink: pretty` there sends every post to `/pretty.html`)."""
    collections = jekyll.get("collections")
    if isinstance(collections, dict):
        posts = collections.get("posts")
        if isinstance(posts, dict) and isinstance(posts.get("permalink"), str):
            own: str = posts["permalink"]
            return own
    style = jekyll.get("permalink", "date")
    if not isinstance(style, str):
        style = "date"
    return PERMALINK_STYLES.get(style, style)


def _ruby_truthy(value: Any) -> bool:
    """Ruby's truth, which Jekyll's settings follow: all but `false` and `nil` are true."""
    return value is not None and value is not False


_SHAPED: tuple[tuple[str, type, str], ...] = (
    ("markdown_ext", str, "must be text"),  # Jekyll calls text methods on these
    ("encoding", str, "must be text"),
    ("liquid", dict, "must be a mapping of settings"),  # every build reads these
    ("kramdown", dict, "must be a mapping of settings"),
)
"""Settings of another shape stop Jekyll (null keeps its default)."""
_READ_WHEN_TRUE = frozenset(("encoding", "kramdown"))
"""Settings Jekyll reads only when they are true in Ruby (`if config["encoding"]`)."""


def _check_jekyll(jekyll: dict[str, Any], file: str) -> None:
    """Refuse, as `jekyll build` does, the settings pressbot reads in a shape Jekyll stops on;
    take the rest as Jekyll takes them."""
    for key in ("include", "exclude"):
        if key in jekyll and not isinstance(jekyll[key], list):
            _bad_jekyll(file, key, "must be a list of paths", jekyll[key])
    for item in jekyll.get("include") or []:  # Jekyll calls text methods on each
        if item is not None and not isinstance(item, str):
            _bad_jekyll(file, "include", "must be a list of paths", jekyll["include"])
    if "permalink" in jekyll and not isinstance(jekyll["permalink"], str | None):
        _bad_jekyll(file, "permalink", "must be a style name or a template", jekyll["permalink"])
    for key, shape, must in _SHAPED:
        value = jekyll.get(key)
        if value is None or isinstance(value, shape):
            continue
        if key in _READ_WHEN_TRUE and not _ruby_truthy(value):
            continue  # false: Jekyll sets nothing up from it, as if unset
        _bad_jekyll(file, key, must, value)
    folder = jekyll.get("collections_dir")
    if folder is not None and not isinstance(folder, str) and folder not in ([], {}):
        # a number stops Jekyll; with a list or a mapping it reads no post at all (an
        # empty one is as empty text: the site's own folder)
        _bad_jekyll(file, "collections_dir", "must be a folder name", folder)
    data = jekyll.get("data_dir")
    if data is not None and not isinstance(data, str):
        _bad_jekyll(file, "data_dir", "must be a folder name", data)
    limit = jekyll.get("limit_posts")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int | float)):
        _bad_jekyll(file, "limit_posts", "must be a number", limit)
    if limit is not None and limit < 0:
        _bad_jekyll(file, "limit_posts", "must be a non-negative number", limit)
    _check_collections(jekyll.get("collections"), file)
    _check_permalink(jekyll, file)
    _check_defaults(jekyll.get("defaults"), file)
    for key in ("future", "unpublished"):
        if key in jekyll:
            jekyll[key] = _ruby_truthy(jekyll[key])


def _check_collections(collections: Any, file: str) -> None:
    """Jekyll's collections: a list of names, or a mapping of each name to its settings; a
    name that is not text, or settings Jekyll cannot look up (a number, a list) stop it. A
    collection without settings (null, false) has none; text is read as settings that hold
    none. The posts' settings are merged into Jekyll's own: null keeps those, false stops it."""
    if collections is None:
        return
    if isinstance(collections, list):
        if not all(isinstance(name, str) for name in collections):
            _bad_jekyll(file, "collections", "must name each collection", collections)
        return
    if not isinstance(collections, dict):
        _bad_jekyll(
            file, "collections", "must be a mapping (or a list) of collections", collections
        )
    for name, settings in collections.items():
        if name != "posts" and _ruby_truthy(settings) and not isinstance(settings, dict | str):
            _bad_jekyll(file, f"collections.{name}", "must be a mapping of settings", settings)
    posts = collections.get("posts")
    if posts is None:
        return  # Jekyll keeps its own (empty) settings for the posts
    if not isinstance(posts, dict):
        _bad_jekyll(file, "collections.posts", "must be a mapping of settings", posts)
    if "permalink" in posts and not isinstance(posts["permalink"], str | None):
        _bad_jekyll(file, "collections.posts.permalink", "must be a template", posts["permalink"])


def _check_permalink(jekyll: dict[str, Any], file: str) -> None:
    """A posts' URL template with a placeholder Jekyll's posts do not have (`:basename`)
    stops `jekyll build` on the first post that uses it."""
    from bot.jekyll import template_error

    template = posts_permalink(jekyll)
    error = template_error(template)
    if error is None:
        return
    collections = jekyll.get("collections")
    posts = collections.get("posts") if isinstance(collections, dict) else None
    own = isinstance(posts, dict) and isinstance(posts.get("permalink"), str)
    key = "collections.posts.permalink" if own else "permalink"
    raise UsageError(
        f"{file}: setting {key!r} ({_shown(template)}) has {error}, which Jekyll's posts do "
        "not have: its build stops on the first post that uses it"
    )


def _check_defaults(sets: Any, file: str) -> None:
    """Jekyll skips a `defaults` that is not a list and sets without `values` (with a warning),
    but cannot read any page when a set's `scope` or `scope.type` has another shape."""
    if not isinstance(sets, list):
        return
    for i, entry in enumerate(sets):
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
            continue
        if "scope" not in entry:
            continue
        scope = entry["scope"]
        if not isinstance(scope, dict):
            _bad_jekyll(file, f"defaults[{i}].scope", "must be a mapping (path, type)", scope)
        if "type" in scope and not isinstance(scope["type"], str):
            _bad_jekyll(file, f"defaults[{i}].scope.type", "must be a type name", scope["type"])


def _bad_jekyll(file: str, key: str, expected: str, value: Any) -> None:
    raise UsageError(f"{file}: setting {key!r} {expected}, not {_shown(value)}")


POSTS_FOLDERS = ("_posts", "_drafts")


def _site_root_for(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding Jekyll's `_config.yml` (`.yaml`,
    `.toml`) or `.pressbot.yml`,
    or that is a Hugo site, never above the Git work tree's top. Without one: the Git top;
    outside Git, the folder above the nearest `_posts` (`_drafts`), else ``start``'s
    folder.

    The search goes up the path as written, not the one its links lead to: a named link
    (`_posts/sub` to a folder elsewhere) belongs to the site that holds it, as it does in a
    whole-site run, which never follows it out of the site. Only a link that is itself a
    site's folder is that site."""
    here = Path(os.path.abspath(start))
    folder = here if here.is_dir() and (not here.is_symlink() or _holds_site(here)) else here.parent
    chain: list[Path] = []
    for candidate in (folder, *folder.parents):
        chain.append(candidate)
        if _holds_site(candidate) or (candidate / ".git").exists():
            return candidate
    posts = next((c for c in chain if c.name in POSTS_FOLDERS), None)
    return posts.parent if posts is not None else folder


def _holds_site(folder: Path) -> bool:
    return (
        jekyll_config(folder) is not None
        or any((folder / n).is_file() for n in CONFIG_NAMES)
        or is_hugo(folder)
    )


def _current_folder() -> Path:
    try:
        return Path.cwd()
    except OSError:
        raise UsageError(
            "the current folder no longer exists; change to the site, or give --site"
        ) from None


def read_jekyll_config(root: Path) -> tuple[dict[str, Any], Path | None]:
    """Jekyll's configuration of the site at ``root`` (`_config.yml`, `.yaml` or `.toml`,
    the first there is) and its file; `UsageError` for one Jekyll would stop on."""
    path = jekyll_config(root)
    if path is None:
        return {}, None
    data = _read_config_file(path, path.name, root)
    if data is not None and not isinstance(data, dict):
        warn_once(
            f"pressbot: {path.name} is not a mapping: Jekyll cannot read it and builds with its "
            "defaults, and so does pressbot; write the settings as `key: value` lines\n"
        )
        data = None
    jekyll = data or {}
    _check_jekyll(jekyll, path.name)
    source = jekyll.get("source")
    # `normpath` reads no file system, so no text (a NUL byte) can make it fail
    if isinstance(source, str) and source.strip() and os.path.normpath(root / source) != str(root):
        warn_once(
            f"pressbot: {path.name}: setting 'source' ({_shown(source)}) is not followed: "
            "pressbot reads the posts of the folder that holds the configuration, where "
            "Jekyll reads them from the one `source` names\n"
        )
    return jekyll, path


def load_site(
    root: Path | None = None,
    config_file: Path | None = None,
    paths: list[Path] | None = None,
) -> Site:
    """Load the site at ``root`` (or the one holding ``paths``, or the current folder)."""
    if root is None:
        here = _current_folder()
        start = paths[0] if paths else here
        root = _site_root_for(start if start.exists() else here)
    root = root.resolve()
    if not root.is_dir():
        what = "is not a folder" if root.exists() else "does not exist"
        raise UsageError(f"{root}: the site folder {what}")
    jekyll, jekyll_path = read_jekyll_config(root)
    file = jekyll_path.name if jekyll_path is not None else "_config.yml"
    raw: Any = None
    used: Path | None = None
    under: tuple[str, ...] = ()
    if config_file is not None:
        if not config_file.is_file():
            raise UsageError(f"{config_file}: {_not_a_file(config_file)}")
        used, raw = config_file, _read_settings(config_file, None)
    else:
        for name in CONFIG_NAMES:
            if os.path.lexists(root / name):  # a FIFO or a device: an error, not ignored
                used = root / name
                raw = _read_settings(used, root)
                if "pressbot" in jekyll and jekyll_path is not None:
                    raise _two_sources(jekyll_path, used)
                break
        else:
            if "pressbot" in jekyll and jekyll_path is not None:
                used, raw, under = jekyll_path, jekyll["pressbot"], ("pressbot",)
    site = Site(
        root=root,
        config=SiteConfig(),
        jekyll=jekyll,
        timezone=_timezone(jekyll.get("timezone"), file),
        config_path=used,
        generator=detect(root, _configured_generator(raw)),
        jekyll_file=file,
    )
    site.config = parse_config(raw, used, under, site)
    now_env = os.environ.get("PRESSBOT_NOW")
    if now_env:
        now = moment(now_env)
        if now is None:
            raise UsageError(f"PRESSBOT_NOW={now_env!r} is {MOMENT}") from None
        site.now = now
    if not site.is_hugo and _ruby_truthy(jekyll.get("time")):
        site.wall_clock = site.now
        site.now = _build_time(jekyll["time"], site.tz, file)
        if now_env:  # asked for, and not used: say so, or a preview shows another moment
            warn_once(
                f"pressbot: {file}: setting 'time' ({site.now.isoformat()}) is the build's now,"
                f" as in Jekyll: --now/PRESSBOT_NOW ({_shown(now_env)}) is not used; remove"
                " `time` to preview another moment\n"
            )
    return site


def _not_a_file(path: Path) -> str:
    if path.is_dir():
        return "is a folder, not a configuration file; name the `.pressbot.yml` in it"
    if path.exists():
        return "is not a regular file (a FIFO, a device); name a YAML configuration file"
    return "configuration file not found"


def _read_settings(path: Path, root: Path | None) -> Any:
    """pressbot's own settings (`.pressbot.yml`, `--config`): its YAML, with a key given twice
    or a second document an error, since either would drop a setting without a word (a
    generator's configuration is read as the generator reads it, the last key winning)."""
    text = _read_text_file(path, "the configuration", root)
    try:
        with handling(path):
            doc = yamlread.load(text, symbols_fail=False)
    except yamlread.YamlProblem as exc:
        raise _yaml_error(path, "the configuration", exc, None) from None
    for twice in doc.duplicates[:1]:
        raise UsageError(
            f"{path}:{twice.line + 1}:{twice.column + 1}: {twice.message}: give each setting once"
        )
    after = _after_first_document(text)
    if after is not None:
        line, column, what = after
        raise UsageError(
            f"{path}:{line + 1}:{column + 1}: {what}; pressbot reads only the first document: "
            "move any settings into it and remove the rest"
        )
    return doc.data


def _after_first_document(text: str) -> tuple[int, int, str] | None:
    """Where a second document starts (0-based line and column), or where the text after
    the first stops being YAML, and which; None when the text holds one document."""
    import yaml

    starts = 0
    events = yaml.parse(text, Loader=yaml.SafeLoader)
    try:
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                starts += 1
                if starts == 2:
                    start = event.start_mark
                    line, column = (start.line, start.column) if start else (0, 0)
                    return line, column, "a second YAML document starts here"
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line, mark.column) if mark else (0, 0)
        return (*where, "text after the first YAML document is not YAML")
    except yaml.YAMLError:
        return 0, 0, "text after the first YAML document is not YAML"
    return None


def _two_sources(jekyll_path: Path, settings: Path) -> UsageError:
    """Settings in both `.pressbot.yml` and a `pressbot:` block of `_config.yml`: the block
    would be ignored, so neither is guessed at."""
    import re

    try:
        text = jekyll_path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        text = ""
    found = re.search(r"^(?:pressbot[ \t]*:|\[pressbot\])", text, re.M)
    line = text.count("\n", 0, found.start()) + 1 if found else 1
    return UsageError(
        f"{jekyll_path}:{line}:1: pressbot's settings are given twice, here under `pressbot:` "
        f"and in {settings.name}, which is the one read: move these into {settings.name} "
        "and remove the `pressbot:` block"
    )


def _build_time(value: Any, tz: dt.tzinfo, file: str) -> dt.datetime:
    """Jekyll's `time` setting: the moment the build takes as now (`site.time`), which
    decides which posts are in the future and dates the posts that give no date. Jekyll
    reads its text as a date and stops the build on one it cannot read."""
    from bot.jekyll import DateError, parse_date_string
    from bot.ruby import to_s

    try:
        return parse_date_string(to_s(value, tz), tz)
    except DateError as exc:
        raise UsageError(
            f"{file}: setting 'time' is not a time Jekyll can read, and its build stops: {exc}"
        ) from None


def _configured_generator(raw: Any) -> str | None:
    """The `generator` the settings ``raw`` name, when they name one (their validation says
    what is wrong with any other value)."""
    value = raw.get("generator") if isinstance(raw, dict) else None
    return value if value in ("jekyll", "hugo") else None


def parse_config(
    raw: Any, source: Path | None, under: tuple[str, ...] = (), site: Site | None = None
) -> SiteConfig:
    """The configuration ``raw`` read from ``source`` (under the keys ``under`` there, as
    `pressbot:` in `_config.yml`); every problem in it is reported at once, one line each:
    the shapes and values, rule ids that name no rule, and (given the ``site`` it configures)
    publish targets that cannot work there (`bot.publish.target_checks`)."""
    from bot.validation_errors import SettingsError, dotted, place

    where = source.name if source else "configuration"
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        key = f" ({dotted(under)})" if under else ""
        raise UsageError(f"{where}{key}: the configuration must be a mapping of settings")
    found = _meaning_problems(raw, site)
    config = plain_config(raw)
    if config is None:
        config, wrong = _validated(raw)
        # a target whose settings are wrong is judged on those first
        wrong_targets = {path[:3] for path, _ in wrong if path[:2] == ("publish", "targets")}
        found = [p for p in found if p[0][:3] not in wrong_targets] + wrong
    if found:
        found.sort(key=lambda problem: place(raw, problem[0]))
        raise SettingsError(
            [f"{where}: {dotted((*under, *path)) or '(top level)'}: {text}" for path, text in found]
        )
    assert config is not None
    return config


def _validated(raw: dict[str, Any]) -> tuple[SiteConfig | None, list[tuple[tuple[Any, ...], str]]]:
    """``raw`` validated by pydantic, or its problems in the author's words."""
    from pydantic import ValidationError

    from bot.config import setting_names
    from bot.validation_errors import problems

    try:
        return validated(raw), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        found = problems(raw, errors, known=lambda path: setting_names(raw, path))
        return None, [(p.path, p.text) for p in found]


def _meaning_problems(raw: dict[str, Any], site: Site | None) -> list[tuple[tuple[Any, ...], str]]:
    """What the settings ``raw`` say that cannot be: rule ids that name no rule, and publish
    targets that cannot work at ``site``. Each module is imported only for settings that
    need it (start-up stays cheap)."""
    found: list[tuple[tuple[Any, ...], str]] = []
    if raw.get("rules"):
        from bot.linter import config_rule_problems

        found += config_rule_problems(raw)
    publish = raw.get("publish")
    if site is not None and isinstance(publish, dict) and publish.get("targets"):
        from bot.publish.target_checks import settings_problems

        found += settings_problems(raw, site)
    return found
