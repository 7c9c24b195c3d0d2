"""The content files of a Hugo site: which are regular pages, in which language, section
and bundle, and what `cascade` front matter reaches them.

A folder holding `index.md` is a leaf bundle: that file is the page, every other file below
it a resource. A folder holding `_index.md` is a branch (a section, or the home page at the
content root); the first level of folders are sections with or without one. Each language
reads its own `contentDir`; where languages share one, `name.fr.md` belongs to `fr` and
a name without a known language to the default language.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from bot.hugo.config import ENVIRONMENT, HugoConfig, Language
from bot.hugo.values import GO_SPACE, to_string, to_string_slice

CONTENT_EXTENSIONS = frozenset(
    (
        *("html", "htm", "mdown", "markdown", "md", "asciidoc", "adoc", "ad", "rest", "rst"),
        *("org", "pandoc", "pdc"),
    )
)
"""Hugo 0.111's content file extensions (`hugofs/files`), matched as written: `a.MD` or
`a.mkd` is no content file (Hugo copies it as a file, it makes no page)."""


@dataclass
class ContentFile:
    """One content file of one language."""

    path: Path
    rel: str
    """The path under the content folder, with `/`."""
    lang: str
    language: Language
    base: str
    """The name without language and extension (`TranslationBaseName`)."""
    explicit: bool = False
    """The name says the language (`a.fr.md`): it wins over `a.md` of the same language."""
    stem: str = ""
    """The name without language and extension where it is not ``base``: Hugo takes a file
    whose name starts with `index.` for a leaf bundle's page (`index.old.md`: ``base``
    `index`), and one that starts with `_index.` for its branch's (see ``branch_page``)."""
    real: str | None = None
    """The file's real path where a link leads to it (`content/mirror/a.md` for
    `shared/a.md`), else None."""
    outside: bool = False
    """A link to a folder outside the site, which Hugo follows and pressbot does not: it
    stands for the pages in it, as a page that cannot be read (`file/outside-site`)."""
    weighted: bool = False
    """The name says the language its content folder is mounted in (`a.de.md` in German's
    folder, or a shared one where German is the default): Hugo 0.111's walk meets it
    before the folder's other files of its kind (`hugofs.NewLanguageFs` weighs it)."""

    @property
    def branch_page(self) -> bool:
        """A branch's file that is a regular page (`_index.old.md`): its folder is a branch
        (a section of the pages below), and it is listed at that folder's URL."""
        return self.stem.startswith("_index.")

    @property
    def page_key(self) -> tuple[str, str, str]:
        """What makes two files one page: language, folder and base name."""
        if self.outside:
            return (self.lang, self.folder, "/" + self.base)  # no file's base has a `/`
        return (self.lang, self.folder, "_index." if self.branch_page else self.base)

    @cached_property
    def folder(self) -> str:
        """The folder under the content folder ('' at the root)."""
        return self.rel.rpartition("/")[0]


@dataclass
class Page:
    """A regular page (`IsPage`): not a section, taxonomy or the home page."""

    file: ContentFile
    bundle: bool
    """A leaf bundle's `index` file."""
    section: str
    """The first folder of its path ('' at the content root)."""
    current_section: list[str]
    """The folders of the section it belongs to (its nearest branch), as Hugo's
    `SectionsEntries` (an empty last one for a section without an `_index` file)."""
    branches: list[str] = field(default_factory=list)
    """The branch folders above it, nearest last ('' for the home page)."""

    @property
    def content_base_name(self) -> str:
        if self.bundle:
            return self.file.folder.rpartition("/")[2]
        return self.file.base

    @property
    def filename(self) -> str:
        """`:filename` in a permalink: the name without language and extension, a bundle's
        folder's for `index` (`index.old` is itself)."""
        return self.file.stem or self.content_base_name


def split_name(
    name: str, languages: set[str], hidden_by_name: bool = True
) -> tuple[str, str | None, str] | None:
    """(base, language or None, extension) of a content file name, None if not content.
    Not ``hidden_by_name``: whether the file is hidden (`.a.md`) was judged already, by
    what a link leads to (see `_walk`)."""
    if hidden_by_name and _hidden(name):
        return None
    stem, dot, ext = name.rpartition(".")
    if not dot or ext not in CONTENT_EXTENSIONS or not stem:
        return None
    base, dot, lang = stem.rpartition(".")
    if dot and base and lang in languages:  # as written: `a.FR.md` is no French page
        return base, lang, ext
    return stem, None, ext


def content_files(
    root: Path, config: HugoConfig, disabled_indexes: list[ContentFile] | None = None
) -> list[ContentFile]:
    """Every content file of every language, each once per language that reads it. The
    `index` and `_index` files of disabled languages are not among them, yet Hugo makes
    their folders bundles, and takes such an `index` as the page of a bundle another
    language has files in: they go to ``disabled_indexes``."""
    codes = {lang.lang for lang in config.languages} | config.disabled_languages
    every = {lang.lang: lang for lang in config.languages}
    out: list[ContentFile] = []
    dir_of: dict[int, str] = {}
    for folder, mine, owner, found in _content_walk(root, config):
        here, under, name = found.folder, found.under, found.name
        if found.outside:  # a link to a folder outside the site: see `ContentFile.outside`
            rel = f"{under}/{name}" if under else name
            item = ContentFile(here / name, rel, owner.lang, owner, name, outside=True)
            out.append(item)
            dir_of[id(item)] = folder
            continue
        split = split_name(name, codes, hidden_by_name=False)
        if split is None or (split[2] in ("html", "htm") and plain_html(here / name)):
            continue
        base, lang, _ = split
        stem = ""
        if base not in ("index", "_index") and name.startswith(("index.", "_index.")):
            stem, base = base, "index"  # a bundle's page: see `ContentFile.stem`
        if lang in config.disabled_languages:
            bundle_file = base == "_index" or (base == "index" and under)
            if bundle_file and disabled_indexes is not None:
                rel = f"{under}/{name}"
                item = ContentFile(here / name, rel, lang, owner, base, True)
                disabled_indexes.append(item)
            continue
        # a language in the name wins over the folder's, even another language's
        reader = (mine.get(lang) or every.get(lang)) if lang else owner
        if reader is None:
            continue
        path = here / name
        rel = f"{under}/{name}" if under else name
        item = ContentFile(path, rel, reader.lang, reader, base, lang is not None, stem, found.real)
        item.weighted = lang == owner.lang
        out.append(item)
        dir_of[id(item)] = folder
    return _one_per_page(out, dir_of)


def _content_walk(
    root: Path, config: HugoConfig
) -> Iterator[tuple[str, dict[str, Language], Language, _Found]]:
    """Each file of each content folder inside the site, as `_walk` finds it: (the folder,
    its languages by code, the language of a file whose name says none, the file). The
    default language's folder comes first: of two files that are one page, Hugo keeps the
    one it mounted first (`content/a.fr.md` over `content.fr/a.md` when English is the
    default)."""
    by_dir: dict[str, list[Language]] = {}
    for language in config.languages:
        by_dir.setdefault(language.content_dir, []).append(language)
    ignored = ignore_files(config)
    seen: set[str] = set()  # the folders linked to, as `_walk` says
    default_first = sorted(
        by_dir.items(), key=lambda entry: config.default_language not in _langs(entry[1])
    )
    for folder, languages in default_first:
        base_dir = root / folder
        real = os.path.realpath(base_dir)
        if not base_dir.is_dir() or not (real == str(root) or real.startswith(f"{root}{os.sep}")):
            continue  # a content folder outside the site is not read (nor listed)
        mine = {lang.lang: lang for lang in languages}
        owner = mine.get(config.default_language, languages[0])
        for found in _walk(str(base_dir), str(root), ignored, seen):
            yield folder, mine, owner, found


@dataclass(frozen=True)
class OtherFile:
    """A file of a content folder that is no content file (an image, a PDF, a plain HTML
    document): Hugo publishes it (`bot.hugo.copied` says where)."""

    rel: str
    """The path under the content folder, with `/`."""
    source: str
    """The path from the site root, with `/` (as the walk met it: through a link)."""
    lang: str
    """The language its name says (`a.fr.png`), else its content folder's."""
    base: str
    """The name without the language (`a.png` for `a.fr.png`): files of one folder with
    one ``base`` are translations of each other (`TranslationBaseNameWithExt`)."""

    @property
    def folder(self) -> str:
        return self.rel.rpartition("/")[0]


def other_files(root: Path, config: HugoConfig) -> list[OtherFile]:
    """The files of every content folder that are no content files, each once per language
    it is in; a disabled language's are left out (Hugo skips them), and so are links to a
    folder outside the site (never followed)."""
    codes = {lang.lang for lang in config.languages} | config.disabled_languages
    out: list[OtherFile] = []
    for folder, _, owner, found in _content_walk(root, config):
        name = found.name
        if found.outside:
            continue
        split = split_name(name, codes, hidden_by_name=False)
        if split is not None and not (
            split[2] in ("html", "htm") and plain_html(found.folder / name)
        ):
            continue
        lang, base = owner.lang, name
        stem, dot, ext = name.rpartition(".")
        if dot and stem:
            head, dot, code = stem.rpartition(".")
            if dot and code in codes:
                lang, base = code, f"{head}.{ext}"
        if lang in config.disabled_languages:
            continue
        rel = f"{found.under}/{name}" if found.under else name
        out.append(OtherFile(rel, f"{folder}/{rel}", lang, base))
    return out


def _hidden(name: str) -> bool:
    """A name Hugo leaves out (`SourceSpec.IgnoreFile`), a folder's too."""
    return name.startswith((".", "#")) or name.endswith("~")


def _walk(
    top: str, root: str, ignored: Callable[[str], bool] | None, seen: set[str]
) -> Iterator[_Found]:
    """Each file below ``top`` that Hugo 0.111 meets in its walk (`hugofs.Walkway`), by name
    in each folder, and each link to a folder outside the site ``root``.

    Hugo follows links in the site's own content, to files and to folders, inside the site
    or not. It judges a hidden name (`.a`, `#a`, `a~`) and `ignoreFiles` on a file's path,
    but on the path a link leads to for the link itself (a link `.x` to `posts` is
    followed, a link `x` to `.hidden` is not). It follows a link to a folder only the first
    time its walk meets that folder through a link (``seen``: a second link to it is
    skipped, a loop is walked round once), each folder's links marked before it goes
    deeper. A link to a folder outside the site is given as it is, not followed: what is
    there is not the site's to read (a link to `/` would walk the whole machine)."""
    yield from _walk_folder(Path(top), None, "", root, ignored, seen)


class _Found(NamedTuple):
    folder: Path
    under: str
    """The folder's path under the content folder, with `/`."""
    name: str
    real: str | None
    """The file's path with links resolved, where a link leads to it."""
    outside: bool
    """A link to a folder outside the site."""


def _walk_folder(
    here: Path,
    real: str | None,
    under: str,
    root: str,
    ignored: Callable[[str], bool] | None,
    seen: set[str],
) -> Iterator[_Found]:
    """`_walk` in ``here``; ``real``: its path with links resolved, where a link led there."""
    inside = root.rstrip(os.sep) + os.sep
    folder_text = str(here)
    for name, target, folder in _entries(here, seen):
        if _hidden(os.path.basename(target) if target else name):
            continue
        if ignored and ignored(target or f"{folder_text}/{name}"):
            continue
        real_path = target or (f"{real}/{name}" if real else None)
        if not folder:
            yield _Found(here, under, name, real_path, False)
        elif target and target != root and not target.startswith(inside):
            yield _Found(here, under, name, None, True)
        else:
            deeper = f"{under}/{name}" if under else name
            yield from _walk_folder(here / name, real_path, deeper, root, ignored, seen)


def _entries(here: Path, seen: set[str]) -> list[tuple[str, str | None, bool]]:
    """(name, where it leads for a link (else None), is a folder) of each entry of ``here``
    by name, but a link to a folder already ``seen`` (each marked before the walk goes
    deeper, as Hugo marks them)."""
    try:
        with os.scandir(here) as listing:
            found = sorted((e.name, e.is_symlink(), _is_dir(e)) for e in listing)
    except OSError:
        return []  # a folder that cannot be listed (Hugo stops on it)
    out: list[tuple[str, str | None, bool]] = []
    for name, link, folder in found:
        if not link:
            out.append((name, None, folder))
            continue
        target = os.path.realpath(here / name)
        if folder:
            if target in seen:
                continue
            seen.add(target)
        out.append((name, target, folder))
    return out


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """A folder, or a link to one."""
    try:
        return entry.is_dir()
    except OSError:
        return False  # a link that leads nowhere, or back to itself: the reader says so


def ignore_files(config: HugoConfig) -> Callable[[str], bool] | None:
    """Whether Hugo leaves a file or folder out, by its absolute path, for the site's
    `ignoreFiles` (regular expressions that may match anywhere in the path, in Go's syntax;
    one Go cannot compile is left out, as Hugo logs it and goes on); None without any.

    The expressions are the site's, which a pull request can change: RE2 (Go's own syntax,
    and its guarantee of linear time) matches them, so none can make a run hang."""
    patterns = to_string_slice(config.get("ignorefiles"))
    if not patterns:
        return None
    import re2

    options = re2.Options()
    options.log_errors = False  # a pattern that does not compile is no message of ours
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re2.compile(pattern, options=options))
        except re2.error:
            continue
    if not compiled:
        return None
    return lambda filename: any(regex.search(filename) for regex in compiled)


def _langs(languages: list[Language]) -> set[str]:
    return {language.lang for language in languages}


def _one_per_page(files: list[ContentFile], dir_of: dict[int, str]) -> list[ContentFile]:
    """Of two files that are the same page in one language, the one Hugo keeps: in one
    folder the one whose name says the language (`a.fr.md` over `a.md` where French is the
    default, whatever their extensions), else the last by name (`a.md` over `a.html`), the
    first for a bundle's `index` or `_index` (see `_wins`); of two content folders, the one
    it mounted first (``files`` come in that order)."""
    chosen: dict[tuple[str, str, str], ContentFile] = {}
    for item in files:
        page = item.page_key
        kept = chosen.get(page)
        if kept is None or (dir_of[id(item)] == dir_of[id(kept)] and _wins(item, kept)):
            chosen[page] = item
    kept_ids = {id(item) for item in chosen.values()}
    return [item for item in files if id(item) in kept_ids]


def _wins(item: ContentFile, kept: ContentFile) -> bool:
    """Of two files of one folder that are one page, whether ``item`` is Hugo's: the one
    whose name says the language, then for a bundle's `index` or `_index` files the first
    by name (Hugo 0.111's walk meets first a name that says the language its content folder
    is mounted in, then goes by name: the first met is the page, or the branch's file, the
    others resources: `index.de.md` over `index.ad` where German is the default), for
    other files the last by name (the last read replaces the others)."""
    if item.base in ("index", "_index"):
        return (not item.weighted, item.path.name) < (not kept.weighted, kept.path.name)
    return (item.explicit, item.path.name) > (kept.explicit, kept.path.name)


def pages(
    root: Path, config: HugoConfig, resources: list[Resource] | None = None
) -> tuple[list[Page], dict[tuple[str, str], Path]]:
    """The regular pages, and each branch's `_index` file by (language, folder); the
    content files that are leaf bundles' resources go to ``resources``."""
    disabled: list[ContentFile] = []
    files = content_files(root, config, disabled)
    tree = _tree(files, disabled)
    files += _untranslated_bundles(files, disabled, tree, config)
    out: list[Page] = []
    places: dict[tuple[str, str, str], tuple[bool, list[str], list[str], str] | None] = {}
    for item in files:
        if item.base == "_index":
            continue
        key = item.page_key if item.base == "index" else (item.lang, item.folder, "")
        if key not in places:  # pages of one folder share where they are
            places[key] = _place(item, tree)
        place = places[key]
        if place is None:  # a resource of a leaf bundle
            holder = tree.holding(item.folder)
            if resources is not None and holder is not None:
                resources.append(Resource(item, holder))
            continue
        bundle, chain, current, section = place
        out.append(
            Page(
                file=item,
                bundle=bundle,
                section=section,
                current_section=list(current),
                branches=list(chain),
            )
        )
    # a leaf bundle and a file named as its folder (`x/index.md`, `x.md`) are one page to
    # Hugo, whatever their names: the bundle's
    bundles = {(page.file.lang, page.file.folder) for page in out if page.bundle}
    out = [
        page
        for page in out
        if page.bundle
        or (page.file.lang, "/".join(filter(None, (page.file.folder, page.file.base))))
        not in bundles
    ]
    return out, tree.branches


class Resource(NamedTuple):
    """A content file of a leaf bundle other than its page (`b/res.md` beside `b/index.md`,
    at any depth below it): Hugo reads it as a page of its own, one of the bundle page's
    resources, whenever it builds that page, and stops the whole build on front matter it
    cannot read (hugolib's `assembleResources`)."""

    file: ContentFile
    bundle: str
    """The bundle's folder under the content folder."""


@dataclass
class _Tree:
    """What the folders are. Hugo mounts every language's content folder into one tree and
    decides there what a folder is: a branch where any language has an `_index` file (a
    disabled language's too), else a leaf bundle where any has an `index` file."""

    branches: dict[tuple[str, str], Path]
    """Each language's `_index` files, by (language, folder): their `cascade` reaches the
    pages below."""
    sections: set[tuple[str, str]]
    """(language, folder) of each section with a file of its own (`_index`, or a branch's
    page, `_index.old`, whose `cascade` reaches nothing)."""
    branch_folders: set[str]
    leaves: set[str]
    """The leaf bundles that no other holds (a leaf's files below it are all its own)."""
    nested: set[tuple[str, str]] = field(default_factory=set)
    """(language, folder) of an `index` file inside another language's leaf bundle that is
    its language's page there (see `_untranslated_bundles`)."""

    def holding(self, folder: str) -> str | None:
        """The leaf bundle holding ``folder`` (itself included), if any."""
        parts = folder.split("/") if folder else []
        for n in range(0, len(parts) + 1):
            if (above := "/".join(parts[:n])) in self.leaves:
                return above
        return None


def _tree(files: list[ContentFile], disabled: list[ContentFile]) -> _Tree:
    branches = {(item.lang, item.folder): item.path for item in files if item.base == "_index"}
    sections = set(branches) | {(item.lang, item.folder) for item in files if item.branch_page}
    every = (*files, *disabled)
    branch_folders = {item.folder for item in every if item.base == "_index" or item.branch_page}
    # a folder with both files is a branch (Hugo warns, and lists the `index` page and the
    # pages below it), whichever languages the two are in
    leaves = {item.folder for item in every if item.base == "index" and not item.branch_page}
    leaves -= branch_folders
    tree = _Tree(branches, sections, branch_folders, set())
    for folder in sorted(leaves, key=len):
        if tree.holding(folder) is None:
            tree.leaves.add(folder)
    return tree


def page_id(lang: str, folder: str, base: str, bundle: bool, multilingual: bool) -> str:
    """A page's id: its path in its content folder, without extension or language (a leaf
    bundle's is its folder's), prefixed with the language on a multilingual site:
    translations of one page share the path, not the id."""
    ident = "/" + (folder if bundle else "/".join(filter(None, (folder, base))))
    return f"{lang}:{ident}" if multilingual else ident


def _untranslated_bundles(
    files: list[ContentFile], disabled: list[ContentFile], tree: _Tree, config: HugoConfig
) -> list[ContentFile]:
    """The pages a leaf bundle has in languages without an `index` file of their own there
    (Hugo 0.111 walks the bundle's files, of every language, in `_walk_key` order): for a
    language whose first file met is an ordinary page, the default language's `index` (else
    the first by file name, a disabled language's too) is its page too, and its files are
    that page's resources; one whose first file is an `index` deeper down has that page
    (noted in ``tree.nested``); one whose first file is an `_index` has none."""
    first: dict[tuple[str, str], ContentFile] = {}  # (bundle, language): its first file
    for item in files:
        folder = tree.holding(item.folder)
        if folder is None:
            continue
        kept = first.get((folder, item.lang))
        if kept is None or _walk_key(item) < _walk_key(kept):
            first[(folder, item.lang)] = item
    headers: dict[str, list[ContentFile]] = {}  # each bundle's own `index` files
    for item in (*files, *disabled):
        if item.base == "index" and not item.branch_page and item.folder in tree.leaves:
            headers.setdefault(item.folder, []).append(item)
    extra: list[ContentFile] = []
    for (folder, lang), item in first.items():
        if item.base == "_index" or item.branch_page:
            continue  # no page
        if item.base == "index" and item.folder == folder:
            continue  # its own
        if item.base == "index":
            tree.nested.add((lang, item.folder))
            continue
        found = headers[folder]
        default = [i for i in found if i.lang == config.default_language]
        chosen = default[0] if default else min(found, key=lambda i: i.path.name)
        language = next(la for la in config.languages if la.lang == lang)
        extra.append(
            ContentFile(chosen.path, chosen.rel, lang, language, chosen.base, True, chosen.stem)
        )
    return extra


def _walk_key(item: ContentFile) -> tuple[tuple[int, bool, str], ...]:
    """Where Hugo's walk meets a file: folder by folder, each folder's entries by name, its
    bundle headers first (`_index`, then `index`; a folder ranks with the pages), and of
    each kind first a ``weighted`` file (`z.de.md` before a folder `sub` where German is
    the folder's language)."""
    parts = item.rel.split("/")
    rank = 0 if item.branch_page else {"_index": 0, "index": 1}.get(item.base, 2)
    return (*((2, True, part) for part in parts[:-1]), (rank, not item.weighted, parts[-1]))


def _place(item: ContentFile, tree: _Tree) -> tuple[bool, list[str], list[str], str] | None:
    """(is a leaf bundle, branch folders above, current section, section) of a page, or
    None when a leaf bundle holds it. Pages of one folder share it, but for an `index` (or
    `_index.old`) file."""
    lang, folder, index = item.lang, item.folder, item.base == "index"
    folders = folder.split("/") if folder else []
    # an `index` file at the content root makes the whole folder one leaf bundle: every
    # other file is its resource (Hugo lists that one page only)
    holder = tree.holding(folder)
    if holder is not None and not (index and (holder == folder or (lang, folder) in tree.nested)):
        return None
    branches = tree.sections
    bundle = index
    # an `index` file beside an `_index` one is a page of that section (Hugo warns): at the
    # folder's URL, named by the folder (`:filename`), below the section's pattern; a
    # branch's `_index.old` page is at the folder's URL too, but the branch's own place
    in_branch = index and folder in tree.branch_folders and not item.branch_page
    chain = [""] + [
        "/".join(folders[:n])
        for n in range(1, len(folders) + 1)
        if n == 1 or (lang, "/".join(folders[:n])) in branches
    ]
    if bundle and folders and chain[-1] == folder and not in_branch:
        chain.pop()
    current = chain[-1].split("/") if chain[-1] else []
    if current and (lang, chain[-1]) not in branches:
        # a section Hugo made itself (no `_index` file): 0.111 gives it one more, empty,
        # entry, which `:sections[last]` prints (`/b/`) and `:sections[:last]` keeps
        current.append("")
    # a leaf bundle at the top is in no section; a branch's page is in its own
    top_leaf = bundle and len(folders) == 1 and not in_branch and not item.branch_page
    section = folders[0] if folders and not top_leaf else ""
    return bundle, chain, current, section


def cascade_for(
    page: Page,
    branches: dict[tuple[str, str], Path],
    read: Any,
    site: Any = None,
    kind: str = "page",
) -> dict[str, Any]:
    """The `cascade` values reaching ``page``: the nearest branch's win, key by key, and
    the site's own ``site`` (its configuration's `cascade`, for the page's language) lose
    to every branch's.

    ``read(path)`` gives a branch file's front matter (or None when unreadable). ``kind``
    is the page's kind (`section` or `home` for a branch's own `_index` page, which its own
    cascade reaches too)."""
    merged: dict[str, Any] = {}
    for values in _cascade_entries(site, page, kind):
        for key, item in values.items():
            merged.setdefault(key, item)
    for folder in page.branches:
        path = branches.get((page.file.lang, folder))
        if path is None:
            continue
        data = read(path)
        if not isinstance(data, dict):
            continue
        here: dict[str, Any] = {}
        for values in _cascade_entries(data.get("cascade"), page, kind):
            for key, item in values.items():
                here.setdefault(key, item)
        merged.update(here)
    return merged


def _cascade_entries(value: Any, page: Page, kind: str) -> list[dict[str, Any]]:
    """The entries of a `cascade` that reach ``page``: a mapping reaches every page (a
    `_target` in it is just a value); in a list, each entry's `_target` chooses."""
    if isinstance(value, dict):
        return [value]
    if not isinstance(value, list):
        return []
    out = []
    for entry in value:
        if not isinstance(entry, dict):
            continue
        target = entry.get("_target")  # as written: `_Target` is no target (see describe)
        if target is not None and not _matches(target, page, kind):
            continue
        out.append(entry)
    return out


def entry_reaches(entry: dict[str, Any], page: Page, kind: str = "page") -> bool:
    """Whether an entry of a `cascade` list reaches ``page`` (of ``kind``) by its
    `_target`."""
    target = entry.get("_target")
    return target is None or _matches(target, page, kind)


def _matches(target: Any, page: Page, kind: str) -> bool:
    """Whether a cascade entry's `_target` reaches the page (Hugo's `PageMatcher`): each of
    `kind`, `lang`, `path` (the file's path under its content folder, from `/`, with its
    extension) and `environment` (`production`, which `hugo` builds for) that is given is a
    glob the page's must match; a glob that does not compile matches anything."""
    if not isinstance(target, dict):
        return True
    from bot.hugo.globs import compile_glob

    facts = {
        "kind": kind,
        "lang": page.file.lang,
        "path": "/" + page.file.rel,
        "environment": ENVIRONMENT,
    }
    for key, value in target.items():
        name = str(key).lower()
        if name not in facts or value is None:
            continue
        pattern = to_string(value)
        if not pattern:
            continue
        glob = compile_glob(pattern)
        if glob is not None and not glob.match(facts[name]):
            return False
    return True


def plain_html(path: Path) -> bool:
    """Whether Hugo takes the `.html` file at ``path`` for a plain HTML document, which is
    no page (`isHTMLContent`): its first character other than white space is `<`, and it
    does not open a comment (`<!--`), or it holds nothing but white space. A file that
    cannot be read is no page either. Only a plain file is opened: a link, a pipe or a
    device is left to the reading of posts, which refuses it with a finding (opening a pipe
    would wait for ever; a link may lead out of the site)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        with open(path, "rb") as handle:
            head = handle.read(1 << 16)
            while head and not head.strip():  # a long run of white space (or only that)
                head = handle.read(1 << 16)
    except OSError:
        return True
    text = head.decode("utf-8", "replace")
    at = next((i for i, char in enumerate(text) if char not in GO_SPACE), None)
    if at is None:
        return True  # nothing but white space
    return text[at] == "<" and not text.startswith("<!--", at)
