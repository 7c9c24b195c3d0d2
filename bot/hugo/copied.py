"""The files Hugo 0.111 publishes from its content folders: every file that is no content
file (an image, a PDF, a plain HTML document), where it publishes it
(`hugolib/pages_capture.go`, `pages_process.go`):

- A file below a leaf bundle's folder is a resource of the bundle's page: published below
  the page's URL, which its `slug`, `url` and `permalinks` shape, not its folder
  (`content/posts/trip/a.png` at `/posts/other-slug/a.png`), once for each language the
  bundle has a page in (a file whose name gives a language, `a.fr.png`, replaces `a.png`
  in that one). Hugo copies them when it builds the page — not a draft, a future or an
  expired page, nor one below such a branch — unless the page sets
  `_build: {publishResources: false}`. A `headless` page's files are published too, where
  its URL would be.
- A file beside a branch's `_index` file (a section's, the home page's) is the branch's
  resource in that file's language, and in each other language with an `_index` file
  there: below the branch's URL (its folder's path in lower case, or the `url` its
  `_index` gives), on the same terms as a leaf bundle's.
- Any other file is copied where it stands below the language's prefix
  (`content/images/a.png` at `/images/a.png`, `a.fr.png` at `/fr/images/a.fr.png`),
  whatever the pages around it: in a folder below a draft section too.

Each is keyed by its file below the publish folder, which is its URL from the site's root
without the `baseURL` path, not escaped; on a site whose languages have their own hosts
(multihost), below the language's folder (`/fr/images/a.png` is `/images/a.png` on the
French host).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.hugo import urls
from bot.hugo.describe import publishes_resources
from bot.hugo.values import to_string

if TYPE_CHECKING:
    from pathlib import Path

    from bot.hugo.config import Language
    from bot.hugo.content import OtherFile, Page
    from bot.hugo.describe import HugoPage, HugoSite


@dataclass(frozen=True)
class Copied:
    """A file Hugo publishes at a URL, or would, and why it does not now."""

    source: str
    """The file, from the site root."""
    why_not: str | None = None
    """Why Hugo does not publish it now (None: it does), as a sentence's end: `is a file
    of the page bundle content/posts/trip/, whose page is not built (draft)`."""
    lasting: bool = False
    """The reason holds whenever the site is built (`publishResources: false`), not only
    until a page is published."""


class CopiedFiles:
    """What Hugo publishes (or would) from a site's content folders, looked up by the file
    below the publish folder. The folders are walked once; a page is read only when a file
    of the name looked up is in its bundle (a check of one page does not read them all)."""

    def __init__(self, hugo: HugoSite, now: dt.datetime) -> None:
        from bot.hugo.content import other_files

        self.hugo = hugo
        self.now = now
        self.by_name: dict[str, list[OtherFile]] = {}
        self.translated: dict[tuple[str, str], set[str]] = {}
        for item in other_files(hugo.root, hugo.config):
            self.by_name.setdefault(item.rel.rpartition("/")[2], []).append(item)
            self.translated.setdefault((item.folder, item.base), set()).add(item.lang)
        self.pages, self.branches = hugo.listing()
        self.bundles: dict[str, list[Page]] = {}
        for page in self.pages:
            if page.bundle:
                self.bundles.setdefault(page.file.folder, []).append(page)
        self._described: dict[int, HugoPage] = {}
        self._found: dict[str, Copied] = {}
        self._names: set[str] = set()

    def at(self, key: str) -> Copied | None:
        """The file Hugo publishes at ``key`` (`/images/a.png`), if any; of two there, one
        it publishes now."""
        name = key.rpartition("/")[2]
        if name not in self._names:
            self._names.add(name)
            for item in self.by_name.get(name, ()):
                for url, found in self._places(item):
                    kept = self._found.get(url)
                    if kept is None or (kept.why_not is not None and found.why_not is None):
                        self._found[url] = found
        return self._found.get(key)

    def _places(self, item: OtherFile) -> Iterator[tuple[str, Copied]]:
        """Where Hugo publishes ``item`` (or would), in each language it is published in."""
        hugo = self.hugo
        langs = self.translated[(item.folder, item.base)]
        holder = _holder(item.folder, self.bundles)
        if holder is not None:
            for page in self.bundles[holder]:
                if page.file.lang != item.lang and page.file.lang in langs:
                    continue  # that language has its own file of the name
                info = self._described.get(id(page))
                if info is None:
                    info = hugo.describe(page, self.branches, self.now)
                    self._described[id(page)] = info
                if info.resource_dir is not None:
                    below = item.rel[len(holder) + 1 :] if holder else item.rel
                    found = _leaf(item, holder, info, hugo.config.pages_disabled)
                    yield f"{self._host(page.file.lang)}{info.resource_dir}/{below}", found
        elif (item.lang, item.folder) in self.branches:
            name = item.rel.rpartition("/")[2]
            for language in hugo.config.languages:
                lang = language.lang
                if (lang, item.folder) not in self.branches:
                    continue
                if lang != item.lang and lang in langs:
                    continue
                folder_url, found = _branch(hugo, item, language, self.branches, self.now)
                yield f"{self._host(lang)}{folder_url}/{name}", found
        else:
            prefix = hugo.prefix(item.lang)
            yield self._host(item.lang) + urls.go_join("/", prefix, item.rel), Copied(item.source)

    def _host(self, lang: str) -> str:
        """The language's folder below the publish folder on a multihost site, else ''."""
        return f"/{lang}" if self.hugo.config.multihost else ""


def _holder(folder: str, bundles: dict[str, list[Page]]) -> str | None:
    """The leaf bundle whose folder holds ``folder`` (itself included), the outermost."""
    parts = folder.split("/") if folder else []
    for n in range(len(parts) + 1):
        above = "/".join(parts[:n])
        if above in bundles:
            return above
    return None


def _leaf(item: OtherFile, holder: str, info: HugoPage, pages_disabled: bool) -> Copied:
    where = f"is a file of the page bundle {_folder(item, holder)}"
    if pages_disabled:
        why = f"{where}: the site disables pages (`disableKinds`), and with them their files"
        return Copied(item.source, why, lasting=True)
    if not info.publishes_resources:
        return Copied(
            item.source,
            f"{where}, whose page ({info.path}) sets `_build: {{publishResources: false}}`: "
            "Hugo does not publish the bundle's files",
            lasting=True,
        )
    if not info.built:  # a page Hugo builds but writes no file of still publishes them
        held = f", {info.held_by}" if info.held_by else ""
        return Copied(item.source, f"{where}, whose page Hugo does not build ({info.reason}{held})")
    return Copied(item.source)


def _branch(
    hugo: HugoSite,
    item: OtherFile,
    language: Language,
    branches: dict[tuple[str, str], Path],
    now: dt.datetime,
) -> tuple[str, Copied]:
    """Where the branch of ``item``'s folder publishes it in ``language``, and whether."""
    lang = language.lang
    data = hugo.branch_front(language, item.folder, branches) or {}
    url = next((value for key, value in data.items() if key.lower() == "url"), "")
    folder_url = urls.branch_resource_dir(
        item.folder, to_string(url), hugo.prefix(lang), hugo.rules(lang)
    )
    where = f"is a file of the branch {_folder(item, item.folder)}"
    kind = _kind(hugo, item.folder)
    if kind in hugo.config.disabled_kinds:
        why = f"{where}: the site disables its kind (`disableKinds: [{kind}]`), and its files"
        return folder_url, Copied(item.source, why, lasting=True)
    if not publishes_resources(data):
        why = (
            f"{where}, whose `_index` file sets `_build: {{publishResources: false}}`: Hugo "
            "does not publish the branch's files"
        )
        return folder_url, Copied(item.source, why, lasting=True)
    parts = item.folder.split("/") if item.folder else []
    for depth in range(len(parts) + 1):
        above = "/".join(parts[:depth])
        held = hugo.held_branch(language, above, branches, now)
        if held is not None:
            why = f"{where}, which Hugo does not build ({held[0]}, {held[1]})"
            return folder_url, Copied(item.source, why)
    return folder_url, Copied(item.source)


def _kind(hugo: HugoSite, folder: str) -> str:
    """The kind of the branch at ``folder``: `home`, `section`, `taxonomy` (a taxonomy's
    folder: `tags/`) or `term` (below one)."""
    if not folder:
        return "home"
    top, _, below = folder.partition("/")
    if top in hugo.config.taxonomies.values():
        return "term" if below else "taxonomy"
    return "section"


def _folder(item: OtherFile, folder: str) -> str:
    """The folder ``folder`` (under the content folder) from the site root, with `/`."""
    content = item.source[: len(item.source) - len(item.rel)]
    return f"{content}{folder}/" if folder else content
