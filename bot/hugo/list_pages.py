"""The files Hugo writes for its list pages: each language's home page, its sections, its
taxonomies and their terms. A regular page (or an alias) that writes one of them shares
the file with a list page: Hugo renders both (in parallel, so either may come last) and
keeps one without a word — a page, or a section's page, is missing from the site.

Only what is certain is claimed: a list page Hugo renders as HTML at its usual place. A
section or taxonomy whose `_index` gives its own `url` or `_build`, and the terms of a
taxonomy that `permalinks` shapes, are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.hugo.config import Language, output_names
from bot.hugo.urls import HTML, OutputFormat, go_lower, url_escape

if TYPE_CHECKING:
    from bot.hugo.describe import HugoPage, HugoSite


@dataclass(frozen=True)
class ListPage:
    file: str
    """The file it writes, below the publish folder."""
    name: str
    """What it is, for a message: `the section posts/`, `the tags term "Go"`."""
    lang: str


def renders_html(hugo: HugoSite, kind: str) -> bool:
    """Whether the site renders pages of ``kind`` in HTML at its usual place (its `outputs`
    name `html`, or give it none; `outputFormats.html` does not move its files) and does
    not disable the kind."""
    config = hugo.config
    if kind in config.disabled_kinds or not _html_in_place(config.output_format("html")):
        return False
    given = config.get("outputs")
    if not isinstance(given, dict):
        return True
    names = [n.lower() for k, v in given.items() if str(k).lower() == kind for n in output_names(v)]
    return not names or "html" in names


def _html_in_place(html: OutputFormat) -> bool:
    """The site's `html` writes its files where Hugo's own does (`index.html`, no folder
    before them, `uglyURLs` followed)."""
    return (html.base_name, html.suffix, html.path, html.no_ugly) == (
        HTML.base_name,
        HTML.suffix,
        HTML.path,
        HTML.no_ugly,
    )


class ListPages:
    """A site's list pages, by the file each writes, worked out per language when asked
    (a taxonomy's terms only for a file in its folder: every page's terms must be read)."""

    def __init__(self, hugo: HugoSite, now: dt.datetime) -> None:
        self.hugo = hugo
        self.now = now
        self._files: dict[str, dict[str, ListPage]] = {}
        self._terms: dict[str, dict[str, ListPage]] = {}
        self._built: list[HugoPage] | None = None
        self._plurals: dict[str, list[str]] = {}

    def at(self, lang: str, file: str) -> ListPage | None:
        """The list page that writes ``file`` (below the publish folder), if any: language
        ``lang``'s, else another language's."""
        languages = [la.lang for la in self.hugo.config.languages]
        for other in sorted(languages, key=lambda la: la != lang):
            found = self._at(other, file)
            if found is not None:
                return found
        return None

    def _at(self, lang: str, file: str) -> ListPage | None:
        if lang not in self._files:
            self._files[lang] = self._branches(lang)
        found = self._files[lang].get(file)
        if found is not None or not renders_html(self.hugo, "term"):
            return found
        root = self._root(lang)
        rules = self.hugo.rules(lang)
        for plural in self._taxonomies(lang):
            folder = root + rules.sanitize(plural)
            if file.startswith((folder + "/", folder + ".html")) and file != folder + ".html":
                return self._term_files(lang).get(file)
        return None

    def _root(self, lang: str) -> str:
        """The folder of a language's files below the publish folder (with `/`), or ''."""
        folder = lang + "/" if self.hugo.config.multihost else ""
        prefix = self.hugo.prefix(lang)
        return folder + (prefix + "/" if prefix else "")

    def _language(self, lang: str) -> Language | None:
        return next((la for la in self.hugo.config.languages if la.lang == lang), None)

    def _taxonomies(self, lang: str) -> list[str]:
        """The taxonomies (plural names) whose list page language ``lang`` builds."""
        if lang not in self._plurals:
            language = self._language(lang)
            _, branches = self.hugo.listing()
            plurals = sorted(p for p in set(self.hugo.config.taxonomies.values()) if p)
            self._plurals[lang] = [
                p for p in plurals if language and self._plain(language, p, branches)
            ]
        return self._plurals[lang]

    def _branches(self, lang: str) -> dict[str, ListPage]:
        """The home page, the sections and the taxonomies of language ``lang``."""
        hugo = self.hugo
        language = self._language(lang)
        if language is None:
            return {}
        root = self._root(lang)
        out: dict[str, ListPage] = {}
        if renders_html(hugo, "home"):
            out[root + "index.html"] = ListPage(root + "index.html", "the home page", lang)
        config = hugo.config
        if config.multilingual and config.default_in_subdir and not config.multihost:
            # the site's root is a redirect to the default language's home page
            name = f"the redirect to the {config.default_language} home page"
            out.setdefault("index.html", ListPage("index.html", name, config.default_language))
        pages, branches = hugo.listing()
        rules = hugo.rules(lang)
        plurals = set(hugo.config.taxonomies.values())
        if renders_html(hugo, "section"):
            # a section: a top folder with content of the language, or a folder below with
            # its own `_index` (a taxonomy's folder holds its pages, not a section)
            folders = {f for p in pages if p.file.lang == lang for f in p.branches if f}
            folders |= {f for (la, f) in branches if la == lang and f}
            for folder in sorted(folders):
                top = folder.split("/")[0]
                if top in plurals or not self._plain(language, folder, branches):
                    continue
                if (lang, folder) not in branches and not self._holds_pages(lang, folder):
                    continue  # Hugo deletes a section of its own making that holds nothing
                # the content tree's keys are lower case: so are sections' paths, even
                # with `disablePathToLower`
                path = "/".join(go_lower(rules.sanitize(part)) for part in folder.split("/"))
                file = _file(root, path, hugo.ugly(top, lang))
                out.setdefault(file, ListPage(file, f"the section {folder}/", lang))
        if renders_html(hugo, "taxonomy"):
            for plural in self._taxonomies(lang):
                file = _file(root, rules.sanitize(plural), hugo.ugly(plural, lang))
                out.setdefault(file, ListPage(file, f"the taxonomy {plural}", lang))
        return out

    def _term_files(self, lang: str) -> dict[str, ListPage]:
        """The term pages of language ``lang``: one for each term of a built page, for each
        taxonomy that `permalinks` does not shape."""
        if lang in self._terms:
            return self._terms[lang]
        hugo = self.hugo
        if self._built is None:
            self._built = [p for p in hugo.pages(self.now) if p.built]
        root = self._root(lang)
        rules = hugo.rules(lang)
        patterned = hugo.config.permalinks_for(lang)
        plurals = [p for p in self._taxonomies(lang) if p not in patterned]
        out: dict[str, ListPage] = {}
        for page in self._built:
            if page.lang != lang:
                continue
            for plural in plurals:
                for term in page.terms.get(plural, ()):
                    path = f"{rules.sanitize(plural)}/{rules.sanitize(term)}"
                    file = _file(root, path, hugo.ugly(plural, lang))
                    out.setdefault(file, ListPage(file, f'the {plural} term "{term}"', lang))
        self._terms[lang] = out
        return out

    def _holds_pages(self, lang: str, folder: str) -> bool:
        """Whether a top section without an `_index` file holds what keeps Hugo from
        deleting it (0.111's `deleteOrphanSections`): a section below, or a page it builds.
        (Its other files may keep it too: such a section is not claimed.)"""
        hugo = self.hugo
        pages, branches = hugo.listing()
        language = self._language(lang)
        below = folder + "/"
        if language is not None and any(
            la == lang
            and other.startswith(below)
            and hugo.held_branch(language, other, branches, self.now) is None
            for la, other in branches
        ):
            return True
        return any(
            page.file.lang == lang
            and folder in page.branches
            and hugo.describe(page, branches, self.now).built
            for page in pages
        )

    def _plain(
        self, language: Language, folder: str, branches: dict[tuple[str, str], Path]
    ) -> bool:
        """A branch Hugo builds at its usual place: none from the home page down to it is
        held (a draft, future or expired branch), and its own front matter gives no `url`
        or `_build`."""
        hugo = self.hugo
        parts = folder.split("/")
        for depth in range(len(parts) + 1):
            above = "/".join(parts[:depth])
            if hugo.held_branch(language, above, branches, self.now) is not None:
                return False
        data = hugo.branch_front(language, folder, branches)
        if data is None:
            return False
        return not any(str(k).lower() in ("url", "_build") for k in data)


def _file(root: str, path: str, ugly: bool) -> str:
    """The file of a list page at ``path``, escaped as pages' URLs are (their files are
    compared as written in the URL: `tags/%C3%BCber/index.html`)."""
    path = url_escape(path)
    return root + (path + ".html" if ugly else path + "/index.html")
