"""A Hugo site's configuration, read as Hugo 0.111 reads it.

The first of `hugo.toml|yaml|yml|json`, then `config.toml|yaml|yml|json`, at the site root;
then every file of `config/_default/` (and `config/production/`, the environment `hugo`
builds for), in its folders too, merged over it and placed by its base name whatever its
folder: `config.*`/`hugo.*` at the top, `params.toml` under `params`, `languages.toml`
under `languages`, `menus.en.toml` under the language's `menus`. Keys are case-insensitive
(lower-cased here). Languages take their own `contentDir` and `timeZone`. Which file set
each setting is kept: a setting Hugo refuses is reported against its file.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from bot.errors import UsageError
from bot.hugo.dates import DateKeys, date_keys
from bot.hugo.frontmatter import FrontMatterError, decode_data, prepare
from bot.hugo.urls import (
    MEDIA_SUFFIXES,
    OUTPUT_FORMATS,
    OutputFormat,
    PermalinkError,
    check_pattern,
    escaped_path,
    go_url_problem,
)
from bot.hugo.values import to_bool, to_int, to_string, to_string_slice, to_strings_keep_string

CONFIG_NAMES = ("hugo", "config")
EXTENSIONS = ("toml", "yaml", "yml", "json")
ENVIRONMENT = "production"


@dataclass
class Language:
    lang: str
    content_dir: str
    zone: dt.tzinfo
    weight: int = 0
    base_url: str | None = None
    """The language's own `baseURL` (all languages have one on a multihost site)."""
    settings: dict[str, Any] = field(default_factory=dict)
    """The language's own settings (keys in lower case), which win over the site's."""


@dataclass
class Theme:
    """A theme the site uses: a folder of `themesDir` that Hugo mounts below the site's own
    files (its `static/` served at the site's root, its `content/` built as pages)."""

    name: str
    folder: str
    """Its folder from the site root, with `/`."""
    settings: dict[str, Any]
    """Its own configuration (keys in lower case); empty without one, or when it cannot be
    read."""
    has_content: bool = False
    """It has a `content/` folder: Hugo builds its pages (below the site's own)."""

    def mounted(self) -> set[str]:
        """The folders its `module.mounts` give Hugo, of `content` and `static`: those replace
        its own `content/` and `static/`, and pressbot does not read them."""
        return _mount_targets(self.settings)


@dataclass
class HugoConfig:
    """The settings pressbot needs from a Hugo site's configuration."""

    raw: dict[str, Any]
    files: list[Path] = field(default_factory=list)
    languages: list[Language] = field(default_factory=list)
    _language_patterns: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    _base_paths: dict[str | None, str] = field(default_factory=dict, repr=False)
    _formats: dict[str, OutputFormat] = field(default_factory=dict, repr=False)
    default_language: str = "en"
    disabled_languages: set[str] = field(default_factory=set)
    """Languages configured but disabled: their files are not read at all."""
    themes: list[Theme] = field(default_factory=list)
    """The site's themes (`themes`), found on loading."""
    origin: _Origin | None = field(default=None, repr=False)
    """Which file set each setting."""

    # `raw` is read once and never changed: what is drawn from it alone is kept.

    def get(self, key: str, default: Any = None) -> Any:
        return self.raw.get(key.lower(), default)

    def where(self, *keys: str) -> str:
        """The file (from the site root, with `/`) that holds the setting at ``keys``
        (`"languages", "fr", "baseurl"`), for a message: the file that set it last, else
        the first file read."""
        found = self.origin.file_of(tuple(k.lower() for k in keys)) if self.origin else ""
        if found:
            return found
        return self.files[0].name if self.files else "Hugo configuration"

    @property
    def multilingual(self) -> bool:
        return len(self.languages) > 1

    @property
    def default_in_subdir(self) -> bool:
        return to_bool(self.get("defaultcontentlanguageinsubdir")) is True

    @cached_property
    def pages_disabled(self) -> bool:
        """`disableKinds` holds `page` (as written: Hugo 0.111 does not fold its case): Hugo
        builds and lists no regular page."""
        return "page" in self.disabled_kinds

    @cached_property
    def disabled_kinds(self) -> list[str]:
        """`disableKinds` as Hugo reads it (`cast.ToStringSlice`: a string is split on white
        space, a single number or boolean is one name; a mapping disables nothing)."""
        return to_string_slice(self.get("disablekinds"))

    def unknown_output(self, outputs: Any) -> str | None:
        """The first name in a page's `outputs` that is no output format Hugo knows (its
        own, or one `outputFormats` defines), or None. Read as Hugo reads it
        (`output_names`: `outputs: 5` names the format "5")."""
        names = output_names(outputs)
        defined = self.get("outputformats")
        known = set(OUTPUT_FORMATS) | (set(defined) if isinstance(defined, dict) else set())
        if self.rss_disabled:
            known.discard("rss")
        return next((n for n in names if isinstance(n, str) and n.lower() not in known), None)

    @cached_property
    def rss_disabled(self) -> bool:
        """`disableKinds` holds `RSS` (as written): Hugo then knows no `rss` output format; the
        site's `outputs` lose it, and a page that names it stops the build."""
        return "RSS" in self.disabled_kinds

    def site_outputs(self) -> list[str]:
        """The site's `outputs.page`, without `rss` where `RSS` is disabled."""
        kinds = self.get("outputs")
        names = output_names(kinds.get("page")) if isinstance(kinds, dict) else []
        return [n for n in names if not (self.rss_disabled and n.lower() == "rss")]

    def page_outputs(self, outputs: Any) -> list[OutputFormat]:
        """A page's output formats, given its front matter's (with its cascade) `outputs`
        (None without): its own list, else the site's `outputs.page`, else `html` (as
        `outputFormats.html` may change it: its `path`, `baseName`, `noUgly`)."""
        return [self.output_format(name) for name in self._page_output_names(outputs)]

    def _page_output_names(self, outputs: Any) -> list[str]:
        return output_names(outputs) or self.site_outputs() or ["html"]

    def alias_folders(self, outputs: Any) -> list[str]:
        """The folders Hugo writes a page's absolute aliases below, given its `outputs` (as
        `page_outputs`): the `path` of each of its formats of the HTML family (`html`, `amp`,
        one whose `isHTML` is set), each once (`''` for none); no folder, no alias."""
        folders: list[str] = []
        for name in self._page_output_names(outputs):
            if self._is_html(name.lower()):
                folder = self.output_format(name).path
                if folder not in folders:
                    folders.append(folder)
        return folders

    def _is_html(self, name: str) -> bool:
        defined = self.get("outputformats")
        settings = defined.get(name) if isinstance(defined, dict) else None
        if isinstance(settings, dict) and "ishtml" in settings:
            return to_bool(settings["ishtml"]) is True
        return name in ("html", "amp")

    def output_format(self, name: str) -> OutputFormat:
        """The output format ``name`` (any case): Hugo's own, as `outputFormats` may change
        it, or one `outputFormats` defines."""
        name = name.lower()
        found = self._formats.get(name)
        if found is None:
            found = self._formats[name] = self._output_format(name)
        return found

    def _output_format(self, name: str) -> OutputFormat:
        own = OUTPUT_FORMATS.get(name)
        if own is None:  # one the site defines: Hugo's zero values, its name as written
            own = OutputFormat(name=name, weight=0, permalinkable=False)
        defined = self.get("outputformats")
        settings = defined.get(name) if isinstance(defined, dict) else None
        if not isinstance(settings, dict):
            return own
        suffix = own.suffix
        media = to_string(settings.get("mediatype", "")).lower()
        if media:
            types = self.get("mediatypes")
            mine = types.get(media) if isinstance(types, dict) else None
            written = mine.get("suffixes") if isinstance(mine, dict) else None
            if isinstance(written, list) and written:
                suffix = "." + to_string(written[0])
            else:
                suffix = MEDIA_SUFFIXES.get(media, suffix)
        permalinkable = to_bool(settings.get("permalinkable", own.permalinkable))
        return OutputFormat(
            base_name=to_string(settings.get("basename", own.base_name)) or own.base_name,
            suffix=suffix,
            path=to_string(settings.get("path", own.path)),
            no_ugly=to_bool(settings.get("nougly", own.no_ugly)) is True,
            name=to_string(settings.get("name", own.name)),
            weight=to_int(settings.get("weight", own.weight)),
            permalinkable=permalinkable is True,
        )

    @cached_property
    def kind_outputs(self) -> list[OutputFormat]:
        """The output formats the site's `outputs` give its five kinds of page (`page`,
        `home`, `section`, `taxonomy`, `term`), each kind's own or Hugo's default
        (`html`; the list kinds `html` and `rss`), without `rss` where `RSS` is disabled.
        Hugo renders each of them in every language, whatever the pages say."""
        given = self.get("outputs")
        if not isinstance(given, dict):
            given = {}
        default_list = ["html"] if self.rss_disabled else ["html", "rss"]
        out: dict[str, OutputFormat] = {}
        for kind in ("page", "home", "section", "taxonomy", "term"):
            names = [
                name
                for key, value in given.items()
                if _kind(key) == kind
                for name in output_names(value)
                if not (self.rss_disabled and name.lower() == "rss")
            ] or (["html"] if kind == "page" else default_list)
            for name in names:
                found = self.output_format(name)
                out.setdefault(found.name, found)
        return list(out.values())

    @property
    def ugly_urls(self) -> Any:
        return self.get("uglyurls", False)

    @cached_property
    def permalinks(self) -> dict[str, str]:
        """The site's `permalinks`: a pattern per section."""
        return _patterns(self.get("permalinks"))

    def every_permalink(self) -> Iterator[tuple[str, str]]:
        """(section, pattern) of the site's `permalinks` and of each language's own."""
        for patterns in (self.permalinks, *(self.permalinks_for(la.lang) for la in self.languages)):
            yield from patterns.items()

    def permalinks_for(self, lang: str) -> dict[str, str]:
        """The `permalinks` of language ``lang``: its own, which replace the site's whole."""
        found = self._language_patterns.get(lang)
        if found is None:
            found = _patterns(self.language_setting(lang, "permalinks"))
            self._language_patterns[lang] = found
        return found

    @property
    def multihost(self) -> bool:
        """Every language has its own `baseURL`: no language prefixes in links."""
        return self.multilingual and all(lang.base_url is not None for lang in self.languages)

    def base_path(self, lang: str | None = None) -> str:
        """The path of `baseURL` (`/docs` for `https://example.org/docs/`), or '' (the
        language's own on a multihost site); worked out once per language."""
        found = self._base_paths.get(lang)
        if found is None:
            url = to_string(self.get("baseurl", ""))
            if self.multihost:
                url = next((la.base_url or "" for la in self.languages if la.lang == lang), url)
            found = self._base_paths[lang] = escaped_path(url).rstrip("/")
        return found

    def language_setting(self, lang: str, key: str, default: Any = None) -> Any:
        """A setting as language ``lang`` has it: its own, else the site's."""
        own = next((la.settings for la in self.languages if la.lang == lang), {})
        return own[key] if key in own else self.get(key, default)

    def disable_path_to_lower(self, lang: str) -> bool:
        return to_bool(self.language_setting(lang, "disablepathtolower")) is True

    def remove_path_accents(self, lang: str) -> bool:
        return to_bool(self.language_setting(lang, "removepathaccents")) is True

    @cached_property
    def date_keys(self) -> DateKeys:
        return date_keys(self.get("frontmatter"))

    def build(self, what: str, lang: str) -> bool:
        """`buildDrafts`, `buildFuture` or `buildExpired`, as language ``lang`` has it (a
        language's own setting wins over the site's)."""
        return to_bool(self.language_setting(lang, what.lower())) is True

    @cached_property
    def taxonomies(self) -> dict[str, str]:
        value = self.get("taxonomies")
        if not isinstance(value, dict):
            return {"category": "categories", "tag": "tags"}
        return {str(k): to_string(v).lower() for k, v in value.items()}


def config_files(root: Path) -> list[Path]:
    """The configuration files Hugo reads at ``root``, in the order it merges them."""
    found: list[Path] = []
    for name in CONFIG_NAMES:
        for ext in EXTENSIONS:
            path = root / f"{name}.{ext}"
            if path.is_file():
                found.append(path)
                break
        if found:
            break
    for env in ("_default", ENVIRONMENT):
        folder = root / "config" / env
        if folder.is_dir():
            found.extend(_walk(folder))
    return found


def _walk(folder: Path) -> Iterator[Path]:
    """The configuration files of ``folder`` as Hugo's walk finds them: each folder's
    entries in the order of their names, a folder's files where its name sorts (so
    `a/params.toml` before `params.toml`, which wins), links to folders not followed, a
    file by its extension in any case."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    for name in names:
        path = folder / name
        if path.is_dir() and not path.is_symlink():
            yield from _walk(path)
        elif name.rsplit(".", 1)[-1].lower() in EXTENSIONS and "." in name:
            yield path


def _decode(path: Path, root: Path) -> dict[str, Any]:
    from bot.settings_file import read_bytes

    data = read_bytes(path, "the Hugo configuration", root)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: the Hugo configuration cannot be read ({exc})") from None
    ext = path.suffix.lstrip(".").lower()
    try:
        return decode_data(ext if ext in ("toml", "json") else "yaml", text)
    except FrontMatterError as exc:
        raise UsageError(f"{path}: the Hugo configuration does not parse: {exc}") from None


def output_names(value: Any) -> list[str]:
    """`outputs` as Hugo reads a list of them (`cast.ToStringSlice`): a text split on white
    space, a single number or boolean one name (`page = 5` names the format "5")."""
    return to_string_slice(value)


def _kind(key: Any) -> str:
    """The page kind an `outputs` key names (Hugo's `getKind`; `taxonomyTerm` is the old name
    of `taxonomy`), or ''."""
    kind = str(key).lower()
    return "taxonomy" if kind == "taxonomyterm" else kind


def _merge(
    into: dict[str, Any], other: dict[str, Any], origin: _Origin | None = None, file: str = ""
) -> None:
    """``other`` set over ``into`` as Hugo's `Params.Set` does: mappings merged, other
    values replaced; ``origin`` learns which file set what."""
    for key, value in other.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value, origin.child(key) if origin else None, file)
        else:
            into[key] = value
            if origin is not None:
                origin.children[key] = _Origin(file)


@dataclass
class _Origin:
    """The file that set a value of the configuration last, and of the values it holds."""

    file: str = ""
    children: dict[str, _Origin] = field(default_factory=dict)

    def child(self, key: str) -> _Origin:
        found = self.children.get(key)
        if found is None:
            found = self.children[key] = _Origin(self.file)
        return found

    def file_of(self, keys: tuple[str, ...]) -> str:
        """The file of the value at ``keys`` (lower case), or of the nearest one above it."""
        node = self
        for key in keys:
            found = node.children.get(key)
            if found is None:
                break
            node = found
        return node.file


def _placed(root: Path, path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """Where a file of `config/<env>/`, in any folder below it, goes in the whole
    configuration (Hugo's `LoadConfigFromDir`): by its base name, whatever its folder.
    `hugo.*` and `config.*` at the top; `NAME.LANG.*` (the last dot) under the language,
    `params` and `menu(s)` inside it; any other name under its own key."""
    if root / "config" not in path.parents:
        return data
    stem = path.name.rsplit(".", 1)[0]
    if stem in CONFIG_NAMES:
        return data
    name, dot, lang = stem.rpartition(".")
    if not dot:
        return {stem: data}
    if name in ("menu", "menus"):
        return {"languages": {lang: {"menus": data}}}
    if name == "params":
        return {"languages": {lang: {"params": data}}}
    return {"languages": {lang: data}}


def _patterns(value: Any) -> dict[str, str]:
    """A `permalinks` mapping: a pattern per section (a nested mapping is refused on
    loading: `_check_nested_permalinks`)."""
    if not isinstance(value, dict):
        return {}
    out = {}
    for key, pattern in value.items():
        if isinstance(pattern, dict):
            continue
        out[str(key).strip(" /")] = to_string(pattern)
    return out


def _check_disabled(config: HugoConfig) -> None:
    """What Hugo 0.111 cannot build as meant: the default language disabled (with
    `languages`, named in any case: as written Hugo stops, in another case it builds the
    other languages only, unprefixed; without them, as written, it builds no page), and the
    kind `taxonomy` unless its error is ignored (Hugo 0.73 changed what it means)."""
    default = config.default_language
    many = bool(config.get("languages"))
    for lang in to_string_slice(config.get("disablelanguages")):
        if lang == default or (many and lang.lower() == default):
            where = config.where("disablelanguages")
            raise UsageError(
                f"{where}: disableLanguages disables the default language {lang!r}, which "
                "Hugo refuses or builds without its pages; remove it, or make another "
                "language the defaultContentLanguage"
            )
    ignored = to_string_slice(config.get("ignoreerrors"))
    kinds = config.disabled_kinds
    if "taxonomy" in kinds and "term" not in kinds and "error-disable-taxonomy" not in ignored:
        where = config.where("disablekinds")
        raise UsageError(
            f"{where}: disableKinds holds 'taxonomy' without 'term', which stops Hugo (since "
            "Hugo 0.73 'taxonomy' disables the lists of a taxonomy's terms, and 'term' the "
            "pages of single terms); add 'term', or ignoreErrors = ['error-disable-taxonomy']"
        )


def _check_outputs(config: HugoConfig) -> None:
    """An output format the site's `outputs` names but Hugo does not know stops it."""
    outputs = config.get("outputs")
    if not isinstance(outputs, dict):
        return
    for kind, names in outputs.items():
        if config.rss_disabled:  # Hugo drops the format there, without a word
            names = [n for n in output_names(names) if n.lower() != "rss"]
        unknown = config.unknown_output(names)
        if unknown is not None:
            where = config.where("outputs", kind)
            raise UsageError(
                f"{where}: outputs.{kind} names {unknown!r}, which is no output format Hugo "
                "knows (it stops); name one such as html, json or rss, or define it in "
                "outputFormats"
            )


def _check_nested_permalinks(config: HugoConfig) -> None:
    """A mapping inside `permalinks` crashes Hugo 0.111 (patterns by page kind, such as
    `[permalinks.page]`, came with Hugo 0.112)."""
    for keys in _permalink_tables(config):
        value = _at(config.raw, keys)
        if not isinstance(value, dict):
            continue
        for key, pattern in value.items():
            if isinstance(pattern, dict):
                where = f"{config.where(*keys, key)}: {'.'.join(keys)}.{key}"
                raise UsageError(
                    f"{where} is a mapping, which Hugo 0.111 crashes on "
                    "(patterns by page kind came with Hugo 0.112); give one pattern per "
                    "section, such as posts = '/:year/:slug/'"
                )


def _check_content_dirs(root: Path, config: HugoConfig) -> None:
    """A content folder whose name the system refuses (a NUL byte, too long) or that is a
    file stops Hugo; a missing one is a language without pages."""
    from bot.notices import warn_once

    for lang in config.languages:
        own = ("languages", lang.lang, "contentdir")
        where = config.where(*own) if "contentdir" in lang.settings else config.where("contentdir")
        folder = os.path.normpath(lang.content_dir)
        real = os.path.realpath(root / folder)
        if real != str(root) and not real.startswith(f"{root}{os.sep}"):
            # never read, nor looked at (a pull request could name any folder): said, so
            # that a site whose pages all live there is not passed as one without a page
            warn_once(
                f"pressbot: {where}: contentDir {lang.content_dir[:80]!r} is outside the site "
                f"folder {root.name!r}: Hugo builds its pages, pressbot does not read them"
            )
            continue
        if os.path.isabs(folder) or folder.split(os.sep, 1)[0] == "..":
            continue  # written through the site's parent, or in full: read as it is written
        try:
            found = (root / folder).lstat()
        except FileNotFoundError:
            continue
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        else:
            if stat.S_ISDIR(found.st_mode) or stat.S_ISLNK(found.st_mode):
                continue  # a link is followed (or not) where the content is read
            reason = "it is a file"
        raise UsageError(
            f"{where}: contentDir {lang.content_dir[:80]!r} names no folder Hugo can "
            f"read ({reason})"
        )


def _check_base_urls(config: HugoConfig) -> None:
    """A `baseURL` Go cannot parse stops Hugo."""
    own = [lang for lang in config.languages if lang.base_url is not None]
    if own and len(own) < len(config.languages):
        raise UsageError(
            f"{config.where('languages', own[0].lang, 'baseurl')}: "
            f"languages.{own[0].lang}.baseURL is set, but not every language has "
            "one, which Hugo refuses: give each language its baseURL, or none"
        )
    named = [(config.where("baseurl"), "baseURL", to_string(config.get("baseurl", "")))]
    for lang in config.languages:
        if lang.base_url is not None:
            where = config.where("languages", lang.lang, "baseurl")
            named.append((where, f"languages.{lang.lang}.baseURL", lang.base_url))
    for where, name, url in named:
        problem = go_url_problem(url)
        if problem:
            raise UsageError(f"{where}: {name} {url!r} is no URL Hugo can read: {problem}")


def _check_cascades(config: HugoConfig) -> None:
    """A `cascade` entry whose `_target.kind` matches no kind of page stops Hugo."""
    from bot.hugo.branches import kind_message, unknown_kind

    tables = [("cascade",)] + [("languages", la.lang, "cascade") for la in config.languages]
    for keys in tables:
        kind = unknown_kind(_at(config.raw, keys))
        if kind is not None:
            where = f"{config.where(*keys)}: {'.'.join(keys)}"
            raise UsageError(f"{where}: {kind_message(kind)}, which stops Hugo")


def _mount_targets(settings: dict[str, Any]) -> set[str]:
    """`content` and `static` where `module.mounts` give Hugo those files."""
    module = settings.get("module")
    mounts = module.get("mounts") if isinstance(module, dict) else None
    targets = set()
    for mount in mounts if isinstance(mounts, list) else []:
        if isinstance(mount, dict):
            target = next((v for k, v in mount.items() if str(k).lower() == "target"), "")
            first = to_string(target).replace("\\", "/").strip("/").split("/")[0]
            if first in ("content", "static"):
                targets.add(first)
    return targets


def _note_mounts(config: HugoConfig) -> None:
    """`module.mounts` that give Hugo its content or static files replace `contentDir` and
    `static/`, and pressbot does not read them: said on stderr, once, rather than listing
    other pages than Hugo's without a word. So for a theme's mounts, and for a theme's
    content, which Hugo builds and pressbot does not read."""
    from bot.notices import warn_once

    targets = _mount_targets(config.raw)
    where = config.where("module")
    if targets:
        named = " and ".join(sorted(targets))
        warn_once(
            f"pressbot: {where}: module.mounts gives Hugo its {named} files, which pressbot "
            "does not read: it reads the content folders `contentDir` names and `static/` "
            "(pages and files only mounted are not checked, and a folder the mounts leave "
            "out is read anyway)\n"
        )
    for theme in config.themes:
        mounted = theme.mounted()
        if mounted:
            named = " and ".join(sorted(mounted))
            warn_once(
                f"pressbot: {config.where('theme')}: the theme {theme.name!r} mounts its "
                f"{named} files (module.mounts), which pressbot does not read\n"
            )
        elif theme.has_content:
            warn_once(
                f"pressbot: {config.where('theme')}: the theme {theme.name!r} has a content "
                "folder "
                f"({theme.folder}/content): Hugo builds its pages too, pressbot does not "
                "read them (they are not listed, nor checked)\n"
            )


def themes(root: Path, config: HugoConfig) -> list[Theme]:
    """The site's themes as Hugo 0.111 collects them: `theme` (a name, or a list) names
    folders of `themesDir` (default `themes`), and each theme's own configuration may name
    more (depth first, each once). A theme that is missing or outside the site is left out
    (Hugo stops on a missing one); Hugo modules (`module.imports`) are not read."""
    themes_dir = to_string(config.get("themesdir", "")) or "themes"
    out: list[Theme] = []
    seen: set[str] = set()

    def add(names: list[str]) -> None:
        for name in names:
            if name in seen:
                continue
            seen.add(name)
            folder = _theme_folder(root, themes_dir, name)
            if folder is None:
                continue
            theme = Theme(name, folder, _theme_settings(root, root / folder))
            theme.has_content = (root / folder / "content").is_dir()
            out.append(theme)
            add(to_strings_keep_string(theme.settings.get("theme")))

    add(to_strings_keep_string(config.get("theme")))
    return out


def _theme_folder(root: Path, themes_dir: str, name: str) -> str | None:
    """The theme's folder from the site root, or None when it is no folder of the site."""
    folder = os.path.normpath(os.path.join(root, themes_dir, name))
    try:
        real = os.path.realpath(folder)
    except (OSError, ValueError):  # a name the system refuses (a NUL byte, too long)
        return None
    if not real.startswith(f"{root}{os.sep}") or not os.path.isdir(real):
        return None
    return os.path.relpath(folder, root).replace(os.sep, "/")


def _theme_settings(root: Path, folder: Path) -> dict[str, Any]:
    """A theme's configuration, as its site's is read; empty where it cannot be (Hugo
    stops on it; the site's own checks go on)."""
    raw: dict[str, Any] = {}
    try:
        for path in config_files(folder):
            _merge(raw, prepare(_placed(folder, path, _decode(path, root))))
    except (UsageError, OSError):
        return {}
    return raw


def load(root: Path) -> HugoConfig:
    """The configuration of the Hugo site at ``root``; raises `UsageError`."""
    raw: dict[str, Any] = {}
    origin = _Origin()
    files = config_files(root)
    for path in files:
        rel = path.relative_to(root).as_posix()
        _merge(raw, prepare(_placed(root, path, _decode(path, root))), origin, rel)
    config = HugoConfig(raw=raw, files=files, origin=origin)
    written = to_string(raw.get("defaultcontentlanguage", ""))
    if written != written.lower():
        # Hugo 0.111 looks the language up in lower case but keeps it as written: without
        # `languages` it stops, with them it builds no page at all
        raise UsageError(
            f"{config.where('defaultcontentlanguage')}: defaultContentLanguage {written!r} "
            "is not in lower case, which makes "
            f"Hugo stop or build no page; write {written.lower()!r}"
        )
    config.default_language = written or "en"
    _check_disabled(config)
    config.languages = _languages(config)
    _check_base_urls(config)
    _check_content_dirs(root, config)
    _check_nested_permalinks(config)
    _check_outputs(config)
    _check_cascades(config)
    config.themes = themes(root, config)
    _note_mounts(config)
    _check_patterns(config)
    return config


def _check_patterns(config: HugoConfig) -> None:
    """A `permalinks` pattern Hugo cannot expand stops it, whether or not the section has
    pages."""
    for keys in _permalink_tables(config):
        table = _at(config.raw, keys)
        for key, value in table.items() if isinstance(table, dict) else ():
            if isinstance(value, dict):
                continue  # refused on loading: _check_nested_permalinks
            pattern = to_string(value)
            where = f"{config.where(*keys, key)}: {'.'.join(keys)}.{str(key).strip(' /')}"
            if pattern == "":
                # Hugo 0.111 panics on it ("slice bounds out of range")
                raise UsageError(
                    f"{where} is empty, which stops Hugo (it crashes); remove it or give a "
                    "pattern such as /:section/:slug/"
                )
            try:
                check_pattern(pattern)
            except PermalinkError as exc:
                raise UsageError(f"{where}: {exc}") from None


def _permalink_tables(config: HugoConfig) -> list[tuple[str, ...]]:
    """Where the site's `permalinks` are, and each language's own."""
    tables: list[tuple[str, ...]] = [("permalinks",)]
    tables += [("languages", la.lang, "permalinks") for la in config.languages]
    return tables


def _at(data: dict[str, Any], keys: tuple[str, ...]) -> Any:
    """The value at ``keys`` in ``data`` (keys in lower case), or None."""
    value: Any = data
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def zone_named(name: str, where: str) -> dt.tzinfo:
    """Go's `time.LoadLocation`: '' and 'UTC' are UTC, 'Local' the machine's zone."""
    if name in ("", "UTC"):
        return dt.timezone.utc
    if name == "Local":
        local = dt.datetime.now().astimezone().tzinfo
        return local or dt.timezone.utc
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        raise UsageError(f"{where}: timeZone {name!r} is not a time zone Hugo knows") from None


def _languages(config: HugoConfig) -> list[Language]:
    site_zone = zone_named(to_string(config.get("timezone", "")), config.where("timezone"))
    content_dir = to_string(config.get("contentdir", "")) or "content"
    langs = config.get("languages")
    disabled = {lang.lower() for lang in to_string_slice(config.get("disablelanguages"))}
    if langs is not None and not isinstance(langs, dict):
        where = config.where("languages")
        raise UsageError(f"{where}: languages must be a mapping of languages (Hugo crashes)")
    if not langs:
        return [Language(config.default_language, content_dir, site_zone)]
    out: list[Language] = []
    for lang, settings in langs.items():
        if not isinstance(settings, dict):
            where = config.where("languages", str(lang))
            raise UsageError(f"{where}: languages.{lang}: a language's settings are a mapping")
        if lang in disabled or to_bool(settings.get("disabled")) is True:
            config.disabled_languages.add(str(lang).lower())
            continue
        zone = site_zone
        if "timezone" in settings:
            where = config.where("languages", str(lang), "timezone")
            zone = zone_named(to_string(settings["timezone"]), f"{where}: languages.{lang}")
        folder = content_dir
        if "contentdir" in settings:
            # a language's own, even empty (or null, or not text): then the project's folder
            folder = to_string(settings["contentdir"]) or "."
        weight = settings.get("weight", 0)
        base_url = settings.get("baseurl")
        out.append(
            Language(
                lang=str(lang).lower(),
                content_dir=os.path.normpath(folder),
                zone=zone,
                weight=to_int(weight),
                base_url=None if base_url is None else to_string(base_url),
                settings={str(k).lower(): v for k, v in settings.items()},
            )
        )
    if config.default_language not in {language.lang for language in out}:
        raise UsageError(
            f"{config.where('defaultcontentlanguage')}: defaultContentLanguage "
            f"{config.default_language!r} is not one of "
            "the languages"
        )
    out.sort(key=lambda language: (language.weight == 0, language.weight, language.lang))
    return out
