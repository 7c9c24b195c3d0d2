"""What Hugo would publish: each regular page's dates, draft state, slug and URL, and whether
it is published at a given moment: built (not a `draft` without `buildDrafts`, a `publishDate`
after now without `buildFuture`, an `expiryDate` before now without `buildExpired`) and
written (not `_build.render` `never` or `link`).

The posts of a Hugo site are its regular pages: every content file that is not a section's
or the home page's `_index`, nor a resource inside a leaf bundle; taxonomy pages have no
file. This is what `hugo list all` lists.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.hugo import content, frontmatter, urls
from bot.hugo.config import HugoConfig, Language, output_names
from bot.hugo.dates import page_dates
from bot.hugo.gitdates import GitDates
from bot.hugo.values import terms, to_bool, to_string, to_string_slice

NOT_UTF8 = "the file is not UTF-8"
"""`HugoSite.front_matter` of a file that is not UTF-8."""
NOT_RENDERED = "not-rendered"
"""The reason of a page Hugo builds but writes no file for (`_build.render: never` or
`link`): nothing is served at its URL."""


LINK_OUT = "it is a link that points outside the site"
"""Why a page is not read: pressbot never follows a link out of the site, though Hugo does
(`list` shows the page as `not-read`, `file/outside-site` says where)."""


@dataclass
class HugoPage:
    path: str
    """The file's path from the site root, with `/`."""
    id: str
    lang: str
    url: str | None = None
    file: str | None = None
    """The file Hugo writes at `url`, below its publish folder (`public/`): the path
    unescaped, a language with a host of its own in the language's folder."""
    title: str = ""
    slug: str = ""
    date: dt.datetime | None = None
    publish_date: dt.datetime | None = None
    expiry_date: dt.datetime | None = None
    lastmod: dt.datetime | None = None
    draft: bool = False
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    alias_folders: list[str] = field(default_factory=lambda: [""])
    """The folders its absolute aliases are written below (`HugoConfig.alias_folders`)."""
    terms: dict[str, list[str]] = field(default_factory=dict)
    """The page's terms of each of the site's taxonomies (by its plural name, `tags`):
    Hugo builds a page for each term, at `/tags/TERM/`."""
    published: bool = False
    reason: str | None = None
    error: str | None = None
    url_error: tuple[str, str, str] | None = None
    """Why Hugo stops on the page's `url` or an alias (`hugo/invalid-url`): the key as
    written, the value, the reason; or None."""
    zone: dt.tzinfo = dt.timezone.utc
    listed: bool = True
    """In the site's page list (`_build.list` always, not headless): `hugo list all`
    shows only these."""
    rendered: bool = True
    writes: bool = True
    """Hugo writes the page's file (`_build.render: link` renders a link to the page,
    and writes nothing). A page that writes none is not published (`not-rendered`), yet
    is built: in the site's collections, its terms and sections (see `built`)."""
    held_by: str | None = None
    """The branch (its `_index` file's path from the site root, or its folder's) that Hugo
    does not build, and with it nothing below it: this page not either (its `reason` is
    the branch's)."""
    held_date: dt.datetime | None = None
    """That branch's publish or expiry date, where it is future or expired."""
    resource_dir: str | None = None
    """Where a leaf bundle's files are published (`urls.resource_dir`: below the page's
    URL, a headless page's or one not rendered too), or None where the page has no URL."""
    publishes_resources: bool = True
    """`_build: {publishResources: ...}`: false, Hugo copies none of the bundle's files
    (but those a template asks for)."""
    cascaded: dict[str, Any] = field(default_factory=dict)
    """The `cascade` values Hugo merges into the page's front matter (its own keys win)."""

    @property
    def built(self) -> bool:
        """Hugo builds the page, whether or not it writes its file: it keeps the section it
        is in, and its terms have their pages (`_build.render: never` or `link`)."""
        return self.reason in (None, NOT_RENDERED)

    def as_dict(self) -> dict[str, Any]:
        """The `pressbot list --format json` record."""
        date = None
        if self.date is not None:
            try:
                date = self.date.astimezone(self.zone).isoformat(timespec="seconds")
            except OverflowError:  # a zone that would take the date past year 1 or 9999
                date = self.date.isoformat(timespec="seconds")
        return {
            "path": self.path,
            "id": self.id,
            "url": self.url,
            "date": date,
            "categories": self.categories,
            "tags": self.tags,
            "published": self.published,
            "reason": self.reason,
        }


def _build_options(data: dict[str, Any], bundle: bool) -> tuple[bool, bool, bool]:
    """(listed, rendered, written) from `_build` (`list`, `render`) and a leaf bundle's
    `headless`: `render: link` gives the page its link and writes no file."""
    options = next((v for k, v in data.items() if k.lower() == "_build"), None)
    listed = rendered = written = True
    if isinstance(options, dict):
        for key, value in options.items():
            word = "1" if value is True else "0" if value is False else to_string(value)
            if key.lower() == "list":
                listed = word not in ("never", "0", "local")
            elif key.lower() == "render":
                rendered = word not in ("never", "0")
                written = rendered and word != "link"
    headless = next((v for k, v in data.items() if k.lower() == "headless"), None)
    if bundle and headless is not None and to_bool(headless) is True:
        listed = rendered = written = False
    return listed, rendered, written


def publishes_resources(data: dict[str, Any]) -> bool:
    """`_build`'s `publishResources` (any case of the key) as Hugo decodes it (mapstructure's
    weak decoding: a number other than 0, text `strconv.ParseBool` reads); true without it,
    or with a value Hugo cannot decode."""
    options = next((v for k, v in data.items() if k.lower() == "_build"), None)
    if not isinstance(options, dict):
        return True
    value = next((v for k, v in options.items() if str(k).lower() == "publishresources"), True)
    if isinstance(value, (bool, int, float)):
        return bool(value)
    if isinstance(value, str):
        return value != "" and to_bool(value) is not False
    return True


def _draft(data: dict[str, Any]) -> bool:
    """Front matter's draft state: `draft` as a flag, else the opposite of `published`."""
    draft: bool | None = None
    published: bool | None = None
    for written, value in data.items():
        key = written.lower()
        if key == "draft":
            draft = to_bool(value) is True
        elif key == "published":
            published = to_bool(value)
    if draft is not None:
        return draft
    return published is False


def _branch_node(path: Path, folder: str, language: Language, own: bool = True) -> content.Page:
    """A branch's own page (the home page or a section), as a cascade sees it: its `_index`
    file (or, not ``own``, a section Hugo makes itself, whose path is its folder's), below
    every branch from the home page down to itself."""
    parts = folder.split("/") if folder else []
    chain = ["", *("/".join(parts[: n + 1]) for n in range(len(parts)))]
    if own:
        rel = f"{folder}/{path.name}" if folder else path.name
    else:
        rel = folder
    item = content.ContentFile(path, rel, language.lang, language, "_index")
    return content.Page(item, False, parts[0] if parts else "", parts, chain)


class HugoSite:
    """A Hugo site's configuration and pages, read once."""

    def __init__(self, root: Path, config: HugoConfig | None = None) -> None:
        from bot.hugo.config import load

        self.root = root
        self.config = config or load(root)
        self._rules: dict[str, urls.PathRules] = {}
        self._front: dict[Path, frontmatter.FrontMatter | str] = {}
        self._root_prefix = str(root) + "/"
        self._last: str | None = None
        self._real_folders: dict[str, str] = {}
        self._site_cascades: dict[str, Any] = {}
        self._branches: dict[Path, dict[str, Any] | None] = {}
        self._listing: tuple[list[content.Page], dict[tuple[str, str], Path]] | None = None
        self._resources: list[content.Resource] = []
        self._held: dict[
            tuple[str, str, dt.datetime], tuple[str, str, dt.datetime | None] | None
        ] = {}
        self._branch_dates: dict[tuple[str, str], HugoPage | None] = {}
        self._built_resources: dict[dt.datetime, list[content.Resource]] = {}
        self.git_dates = GitDates(root, self.config)

    def listing(self) -> tuple[list[content.Page], dict[tuple[str, str], Path]]:
        """The site's regular pages and its branches' `_index` files (content.pages), found
        once."""
        if self._listing is None:
            self._listing = content.pages(self.root, self.config, self._resources)
        return self._listing

    def resources(
        self, now: dt.datetime, wanted: Callable[[content.Resource], bool] | None = None
    ) -> list[content.Resource]:
        """The leaf bundles' content resources Hugo reads: those of a bundle whose page it
        builds (it never reads a draft's, or a future page's), each once; with ``wanted``,
        only those it accepts (the pages of the others' bundles are not described). All of
        them are found once for each ``now`` (three rules ask)."""
        if wanted is not None:
            return self._find_resources(now, wanted)
        if now not in self._built_resources:
            self._built_resources[now] = self._find_resources(now, None)
        return self._built_resources[now]

    def _find_resources(
        self, now: dt.datetime, wanted: Callable[[content.Resource], bool] | None
    ) -> list[content.Resource]:
        found, branches = self.listing()
        owners: dict[tuple[str, str], content.Page] = {}
        for page in found:
            if page.bundle:
                owners.setdefault((page.file.lang, page.file.folder), page)
                owners.setdefault(("", page.file.folder), page)  # any language's
        built: dict[int, bool] = {}
        out: dict[Path, content.Resource] = {}
        for resource in self._resources:
            owner = owners.get((resource.file.lang, resource.bundle)) or owners.get(
                ("", resource.bundle)
            )
            if owner is None or resource.file.path in out:
                continue
            if wanted is not None and not wanted(resource):
                continue
            if id(owner) not in built:
                built[id(owner)] = self.describe(owner, branches, now).built
            if built[id(owner)]:
                out[resource.file.path] = resource
        return sorted(out.values(), key=lambda r: r.file.path)

    def rules(self, lang: str) -> urls.PathRules:
        """How paths are shaped in language ``lang`` (its own `disablePathToLower` and
        `removePathAccents`, else the site's)."""
        found = self._rules.get(lang)
        if found is None:
            found = self._rules[lang] = urls.PathRules(
                to_lower=not self.config.disable_path_to_lower(lang),
                remove_accents=self.config.remove_path_accents(lang),
            )
        return found

    def front_matter(self, path: Path) -> frontmatter.FrontMatter | str:
        """The file's front matter, or the error that stops Hugo on it."""
        if path not in self._front:
            try:
                text = self._read(path).decode("utf-8")
                self._front[path] = frontmatter.read(text)
            except UnicodeDecodeError:
                self._front[path] = NOT_UTF8
            except OSError as exc:
                self._front[path] = f"the file cannot be read ({exc.strerror})"
            except frontmatter.FrontMatterError as exc:
                self._front[path] = str(exc)
        return self._front[path]

    def _read(self, path: Path) -> bytes:
        """The file's bytes: a regular file inside the site (a link out of it is not
        followed), of a size a page may have; raises OSError with the reason."""
        import stat

        from bot.post import MAX_POST_BYTES

        real = self._real_path(str(path))
        if not real.startswith(str(self.root) + os.sep):
            raise OSError(0, LINK_OUT)
        info = os.stat(real)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "it is not a regular file")
        if info.st_size > MAX_POST_BYTES:
            raise OSError(0, f"it is over {MAX_POST_BYTES >> 20} MiB")
        with open(real, "rb") as handle:
            return handle.read(MAX_POST_BYTES + 1)

    def _real_path(self, path: str) -> str:
        """`os.path.realpath`, with each folder's resolved once: a file that is not a link
        is its folder's real path and its name (a site's 20,000 pages have a few hundred
        folders; resolving each page's whole path was a tenth of a partial run)."""
        import stat

        folder, name = os.path.split(path)
        real_folder = self._real_folders.get(folder)
        if real_folder is None:
            real_folder = self._real_folders[folder] = os.path.realpath(folder)
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return os.path.realpath(path)
        except OSError:
            return os.path.realpath(path)
        return os.path.join(real_folder, name)

    def remember(self, path: Path, found: frontmatter.FrontMatter | str) -> None:
        """Keep a file's front matter already read (a `Post` parsed it)."""
        self._front[path] = found

    def branch_data(self, path: Path) -> dict[str, Any] | None:
        """A branch's front matter, the entries of a `cascade` list as Hugo reads them (see
        `_list_entry`: their keys are not lower-cased, and `_Target` is no target)."""
        if path in self._branches:
            return self._branches[path]
        found = self.front_matter(path)
        data = found.data if isinstance(found, frontmatter.FrontMatter) else None
        if data is not None and isinstance(data.get("cascade"), list):
            data = {**data, "cascade": [self._list_entry(e) for e in data["cascade"]]}
        self._branches[path] = data
        return data

    def pages(self, now: dt.datetime) -> list[HugoPage]:
        found, branches = self.listing()
        out = [self.describe(page, branches, now) for page in found]
        out = [page for page in out if page.listed]
        out.sort(key=lambda p: (p.path, p.lang))
        return out

    def describe(
        self,
        page: content.Page,
        branches: dict[tuple[str, str], Path],
        now: dt.datetime,
    ) -> HugoPage:
        item = page.file
        info = HugoPage(
            path=self._relative(item.path),
            id=self._page_id(page),
            lang=item.lang,
            zone=item.language.zone,
        )
        found = self.front_matter(item.path)
        if isinstance(found, str):
            info.error = found
            info.reason = "not-read" if LINK_OUT in found else "invalid"
            return info
        data = dict(found.data)
        info.cascaded = self._cascade(page, branches)
        for key, value in info.cascaded.items():
            data.setdefault(key, value)
        self._fill(info, page, data)
        if info.error is None:
            info.reason = self._reason(info, now)
        else:
            info.reason = "invalid"
        if info.reason is None:
            for folder in page.branches:
                held = self.held_branch(page.file.language, folder, branches, now)
                if held is not None:
                    info.reason, info.held_by, info.held_date = held
                    break
        if info.reason is None and not info.writes:
            info.reason = NOT_RENDERED
        info.published = info.reason is None
        return info

    def branch_front(
        self, language: Language, folder: str, branches: dict[tuple[str, str], Path]
    ) -> dict[str, Any] | None:
        """A branch's front matter as Hugo reads it for the branch's own page (the home
        page at ''): its `_index` file's (none for a section Hugo makes itself), with the
        `cascade` values reaching it (its own too); None where Hugo cannot read the file."""
        path = branches.get((language.lang, folder))
        data: dict[str, Any] = {}
        if path is not None:
            found = self.front_matter(path)
            if isinstance(found, str):
                return None
            data = dict(found.data)
        node = _branch_node(path or Path(folder), folder, language, own=path is not None)
        for name, value in self._cascade(node, branches, "section" if folder else "home").items():
            data.setdefault(name, value)
        return data

    def held_branch(
        self,
        language: Language,
        folder: str,
        branches: dict[tuple[str, str], Path],
        now: dt.datetime,
    ) -> tuple[str, str, dt.datetime | None] | None:
        """Why Hugo does not build the branch at ``folder`` (the home page at ''), with the
        branch's path and the date that holds it; None if it builds it. Hugo drops such a
        branch with everything below it (0.111's `assembleSections` and
        `deleteSectionByPath`), whatever their own front matter says; `hugo list all`, which
        builds drafts, future and expired pages, does not show it. A branch's own `cascade`
        reaches the branch too. One Hugo cannot read is left to `bot.hugo.branches` (Hugo
        stops on it)."""
        key = (language.lang, folder, now)
        if key in self._held:
            return self._held[key]
        info = self._branch_info(language, folder, branches)
        held = None
        reason = self._reason(info, now) if info is not None else None
        if info is not None and reason is not None:
            path = branches.get((language.lang, folder))
            where = self._relative(path) if path is not None else f"{folder}/"
            when = info.expiry_date if reason == "expired" else info.publish_date
            held = (reason, where, when)
        self._held[key] = held
        return held

    def _branch_info(
        self, language: Language, folder: str, branches: dict[tuple[str, str], Path]
    ) -> HugoPage | None:
        """The branch's own draft flag and dates (None where Hugo cannot read its file)."""
        key = (language.lang, folder)
        if key in self._branch_dates:
            return self._branch_dates[key]
        data = self.branch_front(language, folder, branches)
        info = None
        if data is not None:
            path = branches.get(key)
            git = self.git_dates.for_file(path)
            dates = page_dates(data, self.config.date_keys, language.zone, "_index", None, git)
            info = HugoPage(path="", id="", lang=language.lang, zone=language.zone)
            info.draft = _draft(data)
            info.publish_date, info.expiry_date = dates.publishdate, dates.expirydate
        self._branch_dates[key] = info
        return info

    def governing_dates(
        self, page: content.Page, info: HugoPage
    ) -> tuple[dt.datetime | None, dt.datetime | None]:
        """(publish, expiry): the dates that decide when Hugo builds the page, its own and
        its branches' together. Hugo drops a branch with everything below it before its
        `publishDate` and after its `expiryDate` (see `held_branch`), so the page is built
        from the latest `publishDate` on, until the earliest `expiryDate`."""
        _, branches = self.listing()
        publish, expiry = info.publish_date, info.expiry_date
        for folder in page.branches:
            branch = self._branch_info(page.file.language, folder, branches)
            if branch is None:
                continue
            if branch.publish_date is not None and (
                publish is None or branch.publish_date > publish
            ):
                publish = branch.publish_date
            if branch.expiry_date is not None and (expiry is None or branch.expiry_date < expiry):
                expiry = branch.expiry_date
        return publish, expiry

    def _cascade(
        self, page: content.Page, branches: dict[tuple[str, str], Path], kind: str = "page"
    ) -> dict[str, Any]:
        """The `cascade` values reaching the page (of ``kind``), from its branches and the
        site's own."""
        lang = page.file.lang
        if lang not in self._site_cascades:
            site = self.config.language_setting(lang, "cascade")
            if isinstance(site, list):
                site = [self._list_entry(entry) for entry in site]
            self._site_cascades[lang] = site
        site = self._site_cascades[lang]
        return content.cascade_for(page, branches, self.branch_data, site, kind)

    def _list_entry(self, entry: Any) -> Any:
        """An entry of a `cascade` list (in the site's configuration or a branch's front
        matter), as a page's front matter takes it: its keys keep the case they are written
        in (Hugo lower-cases the keys of mappings, not of those in a list), and Hugo looks
        some up as written in lower case only: dates (`publishDate` is never read), `_build`
        and `_target` (`_Target` is no target: the entry reaches every page). Others are read
        in any case, like a page's own."""
        if not isinstance(entry, dict):
            return entry
        exact = {"_build", "_target", *self.config.date_keys.keys}
        out: dict[str, Any] = {}
        for key, value in entry.items():
            name = str(key)
            lower = name.lower()
            if lower in exact and name != lower:
                continue
            out.setdefault(lower, value)
        return out

    def _relative(self, path: Path) -> str:
        """The path from the site root, with `/` (as `relative_to`, without its cost)."""
        text = str(path)
        if text.startswith(self._root_prefix):
            return text[len(self._root_prefix) :]
        return path.relative_to(self.root).as_posix()

    def _page_id(self, page: content.Page) -> str:
        item = page.file
        return content.page_id(
            item.lang, item.folder, item.base, page.bundle, self.config.multilingual
        )

    def _fill(self, info: HugoPage, page: content.Page, data: dict[str, Any]) -> None:
        keys = self.config.date_keys
        modtime = self._modtime(page) if keys.reads_modtime else None
        git = self.git_dates.for_file(page.file.path)
        dates = page_dates(data, keys, info.zone, page.content_base_name, modtime, git)
        info.date, info.lastmod = dates.date, dates.lastmod
        info.publish_date, info.expiry_date = dates.publishdate, dates.expirydate
        slug = dates.filename_slug or ""
        draft: bool | None = None
        published: bool | None = None
        url = url_key = ""
        outputs: Any = None
        date_keys = keys.keys
        for written, value in data.items():
            key = written.lower()
            if key == "published":
                published = to_bool(value)
                continue
            if key in date_keys:
                continue  # `expiryDate` from a cascade list is skipped, yet never read
            if key == "title":
                info.title = to_string(value)
            elif key == "slug":
                slug = to_string(value).strip("-")
            elif key == "url":
                url, url_key = to_string(value), written
                problem = urls.front_matter_url_problem(url)
                if problem:
                    info.url_error = (written, url, problem)
            elif key == "draft":
                draft = to_bool(value) is True
            elif key == "outputs":
                unknown = self.config.unknown_output(value)
                if unknown is not None:
                    info.error = f"outputs: {unknown!r} is no output format Hugo knows"
                outputs = value
            elif key == "aliases":
                info.aliases = to_string_slice(value)  # a string: split on white space
                for alias in info.aliases:
                    if alias.startswith(("http://", "https://")):
                        problem = "Hugo does not take aliases with a protocol; give the path"
                        info.url_error = (written, alias, problem)
        if info.url_error is not None:
            info.error = f"{info.url_error[0]} {info.url_error[1]!r}: {info.url_error[2]}"
        info.listed, info.rendered, info.writes = _build_options(data, page.bundle)
        if self.config.pages_disabled:
            info.listed = info.rendered = info.writes = False
        if draft is not None:
            info.draft = draft
        elif published is not None:
            info.draft = not published
        info.slug = slug
        for plural in set(self.config.taxonomies.values()):
            made = terms(data.get(plural))
            if made:
                info.terms[plural] = made
        info.categories = info.terms.get("categories", [])
        info.tags = info.terms.get("tags", [])
        info.publishes_resources = publishes_resources(data)
        if info.error is None:
            info.alias_folders = self.config.alias_folders(outputs)
            try:
                output = self._permalink_output(self.config.page_outputs(outputs))
                target = self._target(page, info, url, output)
                rules = self.rules(page.file.lang)
                info.resource_dir = urls.resource_dir(target, rules)
                if info.rendered:
                    info.url = self._url(page, info, target)
                    if urls.names_publish_folder(url, urls.target_path(target, rules)):
                        problem = (
                            "Hugo takes a url holding a dot for a file's name, this one is the "
                            "site's root, and its build fails (open public: is a directory); "
                            "end the url with '/' or name a file"
                        )
                        info.url_error = (url_key, url, problem)
                        info.error = f"{url_key} {url!r}: {problem}"
            except urls.PermalinkError as exc:
                if info.rendered:
                    info.error = str(exc)

    def _permalink_output(self, formats: list[urls.OutputFormat]) -> urls.OutputFormat:
        """The output format whose URL is the page's permalink: its first, unless another of
        its formats is `permalinkable` (`html`, `amp`) and is the one Hugo renders last.

        Hugo leaves each page set to the format of its last render pass (hugolib's `render`
        and `shiftToOutputFormat`): the last, in Hugo's order, of the formats the last
        language renders. A page with that format takes its link from it if it is
        permalinkable, from its first format otherwise. So `outputs: [json, html]` has the
        URL of its JSON file where the last language renders `rss` (Hugo's default), and of
        its HTML page on a site that disables RSS and renders nothing after `html`."""
        first = formats[0]
        others = [f for f in formats[1:] if f.permalinkable and f.name != first.name]
        if not others:
            return first
        floor = max(f.order for f in self.config.kind_outputs)
        if all(f.order < floor for f in others):
            return first  # the last format rendered sorts after all of them
        last = self._last_rendered()
        return next((f for f in others if f.name == last), first)

    def _last_rendered(self) -> str:
        """The name of the format Hugo renders last: the last, in Hugo's order, of those the
        last language's pages are rendered in (each page's own, with what its kind gives
        every page). As `hugo list all` has it: drafts, future and expired pages count."""
        if self._last is not None:
            return self._last
        lang = self.config.languages[-1].lang
        formats = list(self.config.kind_outputs)
        found, branches = self.listing()
        for page in found:
            if page.file.lang == lang and not self.config.pages_disabled:
                formats += self._rendered_formats(page.file.path, page, branches)
        language = self.config.languages[-1]
        for (branch_lang, folder), path in branches.items():
            if branch_lang == lang:
                node = _branch_node(path, folder, language)
                formats += self._rendered_formats(path, node, branches)
        self._last = max(formats, key=lambda f: f.order).name
        return self._last

    def _rendered_formats(
        self,
        path: Path,
        page: content.Page,
        branches: dict[tuple[str, str], Path],
    ) -> list[urls.OutputFormat]:
        """The formats a page (or a branch's own page, whose own cascade reaches it too) names
        in its `outputs`, if it is rendered; none for a file Hugo cannot read or an unknown
        format (both stop Hugo)."""
        found = self.front_matter(path)
        if isinstance(found, str):
            return []
        data = dict(found.data)
        kind = "page"
        if page.file.base == "_index":
            kind = "section" if page.file.folder else "home"
        for key, value in self._cascade(page, branches, kind).items():
            data.setdefault(key, value)
        if not _build_options(data, page.bundle)[1]:
            return []
        outputs = None
        for key, value in data.items():
            if key.lower() == "outputs":
                outputs = value
        if outputs is None or self.config.unknown_output(outputs) is not None:
            return []
        return [self.config.output_format(name) for name in output_names(outputs)]

    @staticmethod
    def _modtime(page: content.Page) -> dt.datetime | None:
        try:
            return dt.datetime.fromtimestamp(page.file.path.stat().st_mtime, dt.timezone.utc)
        except OSError:
            return None

    def _url(self, page: content.Page, info: HugoPage, target: urls.Target) -> str:
        """The page's link; and the file Hugo writes it to (`info.file`)."""
        lang = page.file.lang
        written = urls.target_path(target, self.rules(lang))
        # Hugo writes below its publish folder without the `baseURL`'s path, a language
        # with a host of its own in the language's folder
        folder = lang + "/" if self.config.multihost else ""
        names_file = bool(target.url) and not target.url.endswith("/")
        info.file = folder + urls.output_file(written, names_file=names_file)
        link = urls.url_escape(written) or "/"
        return urls.with_base_path(link, self.config.base_path(lang))

    def _target(
        self, page: content.Page, info: HugoPage, url: str, output: urls.OutputFormat
    ) -> urls.Target:
        """What `CreateTargetPaths` needs of the page (its permalink pattern expanded)."""
        item = page.file
        facts = urls.PageFacts(
            date=info.date,
            title=info.title,
            slug=info.slug,
            filename=page.filename,
            section=page.section,
            sections=page.current_section,
        )
        # Hugo looks the section up as written among keys it lower-cased: `Posts/` has none
        pattern = self.config.permalinks_for(item.lang).get(page.section)
        rules = self.rules(item.lang)
        expanded = "" if url else urls.expanded_for(pattern, facts, rules)
        folder = item.folder
        if page.bundle:
            folder = folder.rpartition("/")[0]
        return urls.Target(
            dir=folder + "/" if folder else "",
            base_name=info.slug or page.content_base_name,
            url=url,
            expanded=expanded,
            ugly=self.ugly(page.section, item.lang),
            prefix=self.prefix(item.lang),
            output=output,
        )

    def ugly(self, section: str, lang: str) -> bool:
        """`uglyURLs` as language ``lang`` has it (its own replaces the site's whole)."""
        value = self.config.language_setting(lang, "uglyurls", False)
        if isinstance(value, dict):
            return to_bool(value.get(section)) is True  # as written, as the pattern
        return to_bool(value) is True

    def prefix(self, lang: str) -> str:
        """The language's folder in links ('' for none)."""
        if not self.config.multilingual or self.config.multihost:
            return ""
        if lang != self.config.default_language or self.config.default_in_subdir:
            return lang
        return ""

    def _reason(self, info: HugoPage, now: dt.datetime) -> str | None:
        if info.draft and not self.config.build("buildDrafts", info.lang):
            return "draft"
        if (
            info.publish_date is not None
            and info.publish_date > now
            and not self.config.build("buildFuture", info.lang)
        ):
            return "future"
        if (
            info.expiry_date is not None
            and info.expiry_date < now
            and not self.config.build("buildExpired", info.lang)
        ):
            return "expired"
        return None
