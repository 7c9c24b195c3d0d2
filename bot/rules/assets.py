"""Files a post points at, which must be in the repository."""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.problem import Finding
from bot.rules.base import Rule

if TYPE_CHECKING:
    from bot.config import AssetsConfig
    from bot.hugo.copied import CopiedFiles
    from bot.hugo.describe import HugoPage
    from bot.post import Post
    from bot.site import Site

MISSING = Rule(
    "assets/missing",
    "error",
    "a local `image` (or other asset field, or a `![...](/path)` in the body) that is not in "
    "the repository, or that the generator does not publish there; paths that climb out of "
    "the site are refused",
    "A local path in an asset field (`image` by default, plain or `{path: ...}`) or a "
    "site-root image in the body (`![alt](/assets/x.png)`). A path that climbs out of the site "
    "(`../../etc/passwd`) or a link that points outside it is refused without looking at what "
    "it names. On a Jekyll site a file counts only where Jekyll copies it: not in a folder "
    "whose name starts with `_`, `.`, `#` or `~`, nor in one `exclude` or Jekyll's own list "
    "leaves out (`node_modules`, `vendor/bundle`), unless `include` names it; a body image is "
    "a URL of the built site, so with a `baseurl` it starts with it (`/blog/assets/x.png`, "
    "`{{ site.baseurl }}/assets/x.png`, `{{ '/assets/x.png' | relative_url }}`).",
    why=(
        "Jekyll builds the post anyway and the page shows a broken image; the file may have "
        "been forgotten in the commit or misspelt."
    ),
    fix="Add the file to the repository at that path, or correct the path.",
    example="`image: /assets/flood.jpg`",
    flags="```markdown\n---\ntitle: Notice\nimage: /assets/images/missing.png\n---\n```",
    passes=(
        "```markdown\n---\ntitle: Notice\nimage: https://example.org/photo.png\n---\n```\n\n(a "
        "remote image is not checked; a local one must exist)"
    ),
    settings=(
        "`assets: {fields: [image], must_exist: true}`: the front-matter fields that name "
        "files, and whether they must exist."
    ),
)
RELATIVE_PATH = Rule(
    "assets/relative-path",
    "warning",
    "a local asset path without a leading `/` (it resolves against the post's URL)",
    "It resolves against the post's URL (`/2026/01/05/assets/...`) rather than the site root.",
    why=(
        "A path without a leading `/` is resolved by the browser against the post's URL "
        "(`/2026/01/05/assets/x.jpg`), not the site root, so the image works on the home page "
        "and breaks on the post."
    ),
    fix=(
        "Start the path with `/` (`/assets/x.jpg`), or use `{{ site.baseurl }}/assets/x.jpg` in "
        "the body."
    ),
    example="`image: assets/x.jpg`",
    flags="```markdown\n---\ntitle: Notice\nimage: assets/x.png\n---\n```",
    passes=(
        "```markdown\n---\ntitle: Notice\nimage: /assets/x.png\n---\n```\n\n(with the file at "
        "`assets/x.png`)"
    ),
    settings="`assets: {leading_slash: false}` turns the rule off for the asset fields.",
)
RULES = (MISSING, RELATIVE_PATH)

LIQUID_PATH = re.compile(
    r"\{\{-?\s*(?:site\.(?:url\s*-?\}\}\{\{-?\s*site\.)?baseurl"
    r"|([\"'])([^\"'{}\s()\[\]]*)\1\s*\|\s*(?:relative|absolute)_url)\s*-?\}\}"
)
"""The Liquid that starts a site path under Jekyll's `baseurl`: `{{ site.baseurl }}` or
`{{ site.url }}{{ site.baseurl }}` followed by the path, or a quoted path through
`relative_url` or `absolute_url` (group 2: the path)."""
_URL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#|\{\{|\{%)")
_OPENING = re.compile(r"\s*<?")
_PATH_STOP = re.compile(r"[)\s>]")
_TITLE = re.compile(r"\s+[\"']")
_NOT_PATH = frozenset(")> \t\r\n\f\v")


def body_images(
    line: str, relative: bool = False, liquid: bool = False
) -> Iterator[tuple[int, int]]:
    """Where the site-root path of each `![alt](/path "title")` in ``line`` is (start and end
    offsets), in time linear in the line; with ``relative``, any path (`x.png`, a URL too:
    the caller tells them apart); with ``liquid``, a path that Jekyll's Liquid makes a site
    path too (`{{ site.baseurl }}/x.png`, `{{ "/x.png" | relative_url }}`: `LIQUID_PATH`).

    The same matches, left to right, as the pattern
    ``!\\[[^\\]]*\\]\\(\\s*<?(/[^)\\s>]+)>?(?:\\s+["'][^\\n]*)?\\)``, whose backtracking
    costs cubic time on a line such as `![a](/![a](/...`. An image's `](` is the first `]`
    after its `![`, so each `](` is tried once, when a `![` follows the `]` before it; a path
    runs to the next `)`, `>` or blank, and a title to the line's last `)`. Paths that end at
    one place, and what follows them, are measured once.
    """
    last_paren = line.rfind(")")
    done = 0  # where the previous image ended: the next one starts here or later
    run = (-1, -1)  # a stretch of path characters already measured: (from, stop)
    tail = (-1, -1)  # the last place after a path already judged: (where, image end)
    close = line.find("](")
    while close != -1:
        end = -1
        bracket = line.rfind("]", done, close)
        opening = _OPENING.match(line, close + 2)  # always matches: every part is optional
        start = opening.end() if opening else close + 2
        opened = LIQUID_PATH.match(line, start) if liquid else None
        path_here = (
            opened is not None
            or line.startswith("/", start)
            or (relative and start < len(line) and line[start] not in _NOT_PATH)
        )
        if path_here and line.find("![", max(done, bracket + 1), close) >= 0:
            if opened is not None:  # holds no `](`: a later image starts after it
                stop = _PATH_STOP.search(line, opened.end())
                run = (start, stop.start() if stop else len(line))
            elif not run[0] <= start < run[1]:
                stop = _PATH_STOP.search(line, start)
                run = (start, stop.start() if stop else len(line))
            after = run[1] + 1 if line.startswith(">", run[1]) else run[1]
            if run[1] - start >= 2:
                if tail[0] != after:
                    tail = (after, _image_end(line, after, last_paren))
                end = tail[1]
        if end != -1:
            yield start, run[1]
            done = end
            close = line.find("](", end)
        else:
            close = line.find("](", close + 1)


def _image_end(line: str, after: int, last_paren: int) -> int:
    """Where an image whose path ends at ``after`` ends: `)` there, or a title to the last
    `)` of the line; -1 when neither."""
    if line.startswith(")", after):
        return after + 1
    title = _TITLE.match(line, after)
    return last_paren + 1 if title is not None and last_paren >= title.end() else -1


def _is_local(value: str) -> bool:
    return bool(value.strip()) and not _URL.match(value.strip())


def _problem(site: Site, value: str, body: bool = False) -> str | None:
    """Why ``value`` names no file Jekyll publishes there (None: it does); once per value and
    site. A ``body`` image is a URL of the built site, below its `baseurl`; an asset field's
    value is a site path (themes pass it through `relative_url`, which adds the
    `baseurl`)."""
    cache: dict[tuple[str, bool], str | None] = site.memo.setdefault("assets", {})
    if (value, body) not in cache:
        cache[value, body] = _jekyll_problem(site, value, body)
    return cache[value, body]


def resolve_in_site(root: Path, value: str) -> tuple[Path | None, str | None]:
    """The file a site path names, or why it is refused (never looks outside ``root``)."""
    clean = value.split("#", 1)[0].split("?", 1)[0]
    from urllib.parse import unquote

    relative = posixpath.normpath(unquote(clean).lstrip("/"))
    if relative.startswith("../") or relative == ".." or posixpath.isabs(relative):
        return None, "climbs out of the site"
    target = root / relative
    if not os.path.lexists(target):
        return None, "is not in the repository"
    real = Path(os.path.realpath(target))
    try:
        real.relative_to(root)
    except ValueError:
        return None, "is a link that points outside the site"
    if not real.exists():
        return None, "is a broken link"
    return target, None


def _asset_values(data: dict[str, Any], fields: list[str]) -> Iterator[tuple[tuple[Any, ...], str]]:
    for name in fields:
        value = data.get(name)
        if isinstance(value, str):
            yield (name,), value
        elif isinstance(value, dict) and isinstance(value.get("path"), str):
            yield (name, "path"), value["path"]


def check(post: Post, site: Site) -> Iterable[Finding]:
    if not post.readable:
        return
    config = site.config.assets
    if site.is_hugo:
        place = cache(lambda: HugoPlace.of(post, site))  # made only when a path is judged
        fields = list(dict.fromkeys([f.lower() for f in config.fields] + list(HUGO_FIELDS)))
        yield from _judged(
            post,
            config,
            _hugo_values(post.front_matter or {}, fields),
            lambda value: place().problem(value, on_demand=True),
            lambda: place().bundle is not None,
            " and the page is not a bundle, so it resolves against the page's URL",
            relative=True,
            rooted=lambda path: path[0] == "images",
            site_problem=lambda value: place().site_path_problem(value),
            body_problem=lambda value: place().problem(value, on_demand=image_hook(site)),
        )
        return
    yield from _judged(
        post,
        config,
        _asset_values(post.merged, config.fields) if post.front_matter is not None else (),
        lambda value: _problem(site, value),
        lambda: False,
        ", so it resolves against the post's URL",
        relative=False,
        body_problem=lambda value: _problem(site, value, body=True),
        liquid=True,
    )


def _judged(
    post: Post,
    config: AssetsConfig,
    values: Iterable[tuple[tuple[Any, ...], str]],
    problem: Callable[[str], str | None],
    bundled: Callable[[], bool],
    drift: str,
    relative: bool,
    rooted: Callable[[tuple[Any, ...]], bool] = lambda path: False,
    site_problem: Callable[[str], str | None] = lambda value: None,
    body_problem: Callable[[str], str | None] | None = None,
    liquid: bool = False,
) -> Iterator[Finding]:
    """The findings of the front matter's asset ``values`` and the body's images, each
    looked up by ``problem`` (the body's by ``body_problem`` where given). A relative path
    is a finding unless the page is ``bundled`` (``drift`` says where it resolves then), or
    its field is ``rooted`` (what the templates make a site path: Hugo's own pass `images`
    through `absURL`, bundle or not; looked up by ``site_problem``); with ``relative``, the
    body's relative image paths are judged too, not only site paths. A reason that is
    `Advised` says what to do itself. With ``liquid``, the body's images may start with
    Jekyll's Liquid (`LIQUID_PATH`)."""
    for path, value in values:
        if not _is_local(value):
            continue
        line, column = post.key_position(*path)
        field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)[1:]
        site_path = not value.startswith("/") and rooted(path)
        if config.leading_slash and not value.startswith("/") and not bundled() and not site_path:
            yield post.finding(
                RELATIVE_PATH,
                line,
                column,
                f'{field}: "{value}" has no leading "/"{drift}; write "/{value.lstrip("./")}"',
            )
        if config.must_exist:
            if site_path:
                why = site_problem(value)  # with its own advice
            else:
                why = _advised(problem(value))
            if why:
                yield post.finding(MISSING, line, column, f'{field}: "{value}" {why}')
    body_problem = body_problem or problem
    marker = "](" if relative or liquid else "](/"
    if not config.must_exist or post.text is None or marker not in post.text:
        return
    for number, text in enumerate(post.lines[post.body_start_line - 1 :], post.body_start_line):
        if marker not in text:
            continue
        for start, end in body_images(text, relative=relative, liquid=liquid):
            value = text[start:end]
            if relative and not _is_local(value):
                continue  # a relative match may be a URL
            why = _advised(body_problem(value))
            if why:
                yield post.finding(
                    MISSING,
                    number,
                    start + 1,
                    f'image "{value}" {why}',
                    end_line=number,
                    end_column=end + 1,
                )


# --- Jekyll --------------------------------------------------------------------------------
# Jekyll copies to `_site` the files of the folders it reads (`Reader#read_directories`):
# not those whose name, or a folder's on the way, starts with `_`, `.`, `#` or `~` or ends
# in `~` or `.`, nor those `exclude` names (with Jekyll's own list); `include` brings one
# back. The built site is served below its `baseurl` (`jekyll serve` mounts it there, as a
# project's GitHub Pages site is).


def _jekyll_problem(site: Site, value: str, body: bool) -> str | None:
    path = value
    if body:
        base = baseurl(site)
        if value.startswith("{{"):
            rendered = liquid_path(value, base)
            if rendered is None:
                return None  # Liquid that is not a plain site path: not judged
            path = rendered
        if base:
            clean = path.split("#", 1)[0].split("?", 1)[0]
            if clean != base and not clean.startswith(base + "/"):
                return Advised(
                    f"is outside the site's baseurl ({base}), where Jekyll serves the site, "
                    f'so the image is broken; write "{{{{ site.baseurl }}}}{path}"'
                )
            path = path[len(base) :] or "/"
    target, why = resolve_in_site(site.root, path)
    if target is None:
        return why
    return jekyll_unpublished(site, site.relpath(target))


def baseurl(site: Site) -> str:
    """The site's `baseurl` as a path (`/blog`), "" when the site is served at the root."""
    value = site.jekyll.get("baseurl")
    return "/" + value.strip("/") if isinstance(value, str) and value.strip("/") else ""


def liquid_path(value: str, base: str) -> str | None:
    """The URL path Jekyll renders for ``value``, a body image path starting with Liquid
    (`LIQUID_PATH`), below ``base``; None when the rest holds Liquid too."""
    opened = LIQUID_PATH.match(value)
    if opened is None:
        return None
    rest = value[opened.end() :]
    if "{{" in rest or "{%" in rest:
        return None
    if opened.group(2) is not None:  # relative_url: the base, then the path with one `/`
        return base + "/" + opened.group(2).lstrip("/") + rest
    return base + rest


def jekyll_unpublished(site: Site, relative: str) -> str | None:
    """Why Jekyll does not copy the site's file at ``relative`` to `_site` (None: it does),
    with what to do: Jekyll's `EntryFilter#filter` on each name of the path, as
    `Reader#read_directories` walks down to it; a file `include` names is read wherever it
    is (`Reader#read_included_excludes`)."""
    from bot.discover import Excluder, _hidden

    excluder: Excluder | None = site.memo.get("jekyll_excluder")
    if excluder is None:
        excluder = site.memo["jekyll_excluder"] = Excluder(site.jekyll)
    if relative in excluder.include:
        return None
    parts = relative.split("/")
    for at, name in enumerate(parts):
        walked = "/".join(parts[: at + 1])
        included = excluder.included(name)
        if excluder(walked, at < len(parts) - 1) and not included:
            return Advised(
                f"is in the repository, but Jekyll does not publish it: {walked} is excluded "
                "(by the site's `exclude` or Jekyll's own list); move the file to a folder "
                f"such as assets/, or add {walked} to `include`"
            )
        if name.endswith(".") or (not included and _hidden(name)):
            return Advised(
                f"is in the repository, but Jekyll does not publish it: it leaves out {walked} "
                f"(a name starting with `{name[0]}`); move the file to a folder such as "
                f"assets/, or add {walked} to `include`"
            )
    return None


class Advised(str):
    """A reason a path names no published file that says what to do itself."""


def _advised(why: str | None) -> str | None:
    """``why`` with what to do: its own advice, else to add the file or correct the path."""
    if why is None or isinstance(why, Advised):
        return why
    return f"{why}; add the file or correct the path"


# --- Hugo ---------------------------------------------------------------------------------
# Hugo serves a site path (`/img/x.png`) from the site's `static/` folder (or its
# `staticDir` folders), and publishes the files of its content folders that are no pages
# (`bot.hugo.copied`): a bundle's below its page's URL, others where they stand
# (`content/images/x.png` at `/images/x.png`). A relative path (`x.png`) in a leaf bundle
# names a file beside its `index.md`; elsewhere it resolves against the page's URL.

HUGO_FIELDS = ("images", "featured_image")
"""Front-matter fields of Hugo and its common themes that name images, checked as well as
the configured ones (`images` is a list)."""


def _hugo_values(data: dict[str, Any], fields: list[str]) -> Iterator[tuple[tuple[Any, ...], str]]:
    for name in fields:
        value = data.get(name)
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    yield (name, index), item
        elif isinstance(value, str):
            yield (name,), value
        elif isinstance(value, dict) and isinstance(value.get("path"), str):
            yield (name, "path"), value["path"]


class HugoPlace:
    """Where Hugo serves the files a page names: its static folders, what it publishes from
    its content folders, its bundle's folder (a leaf bundle's), and its URL."""

    def __init__(
        self,
        site: Site,
        static: list[str],
        bundle: str | None,
        url: str | None,
        info: HugoPage | None = None,
    ) -> None:
        self.site = site
        self.static = static
        self.bundle = bundle
        """The leaf bundle's folder from the site root, or None."""
        self.url = url
        """The page's URL path (base path included), or None when it has none."""
        self.info = info
        """What Hugo makes of the page, where it is one."""
        from urllib.parse import unquote

        self.base = unquote(site.hugo.config.base_path())  # as the names it is compared with

    @classmethod
    def of(cls, post: Post, site: Site) -> HugoPlace:
        from bot.hugo.posts import hugo_page, page_of

        page = page_of(site, post.file)
        bundle = None
        if page is not None and page.bundle:
            bundle = site.relpath(page.file.path.parent)
        info = hugo_page(post, site)
        url = info.url if info is not None else None
        return cls(site, static_dirs(site), bundle, url, info)

    def site_path_problem(self, value: str) -> str | None:
        """Why the relative ``value`` names no file Hugo serves where its templates take it:
        a site path (`absURL`), never a bundle's file (None: it does)."""
        site_path = "/" + posixpath.normpath("/" + value).lstrip("/")
        why = HugoPlace(self.site, self.static, None, self.url, self.info).problem(site_path)
        if why is None:
            return None
        said = f"(the site path {site_path} to Hugo's templates)"
        if self.bundle is not None and self.url and self._in_bundle(value)[0]:
            served = self.url.rstrip("/") + "/" + posixpath.normpath(value)
            return f"{said} is the page bundle's file, which Hugo serves at {served}: write that"
        return f"{said} {_advised(why)}"

    def problem(self, value: str, on_demand: bool = False) -> str | None:
        """Why ``value`` names no file Hugo serves (None: it does). With ``on_demand``, a
        file of the page's own bundle counts even where the page does not publish its
        files (`_build: {publishResources: false}`): a template may ask for it (a theme's
        `.Resources.GetMatch .Params.image`, an image render hook), and Hugo publishes
        what a template asks for."""
        from urllib.parse import unquote

        clean = unquote(value.split("#", 1)[0].split("?", 1)[0])
        refused: str | None = None
        if not clean.startswith("/"):
            if self.bundle is not None:
                found, refused = self._in_bundle(clean)
                if found and (on_demand or self.info is None or self.info.publishes_resources):
                    return None
                if found:
                    refused = Advised(
                        f"is a file of the page bundle ({self.bundle}/), which Hugo does not "
                        "publish: the page sets `_build: {publishResources: false}`; remove "
                        "the setting, or put the file in static/"
                    )
            if self.url is None:
                return refused or self._where()
            clean = posixpath.join(posixpath.dirname(self.url), clean)
        path = "/" + posixpath.normpath("/" + clean).lstrip("/")
        candidates = [path]
        if self.base and path.startswith(self.base + "/"):
            candidates.append(path[len(self.base) :])
        published = self.info is not None and self.info.published
        host = f"/{self.info.lang}" if self.info and self.site.hugo.config.multihost else ""
        for candidate in candidates:
            for folder in self.static:
                target, why = resolve_in_site(self.site.root, folder + candidate)
                if target is not None and target.is_file():
                    return None
                refused = refused or _refusal(why)
            copied = copied_files(self.site).at(host + candidate)
            if copied is None:
                continue
            if copied.why_not is None or not (published or copied.lasting):
                return None  # an unpublished page waits for the other as much as for itself
            if refused is None:
                then = "remove the setting" if copied.lasting else "publish that page first"
                refused = Advised(f"{copied.why_not}; {then}, or put the file in static/")
        return refused or self._where()

    def _in_bundle(self, relative: str) -> tuple[bool, str | None]:
        normal = posixpath.normpath(relative)
        if normal == ".." or normal.startswith("../") or posixpath.isabs(normal):
            return False, None
        target, why = resolve_in_site(self.site.root, f"{self.bundle}/{normal}")
        return target is not None and target.is_file(), _refusal(why)

    def _where(self) -> str:
        places = [f"{folder}/" for folder in self.static] or ["static/"]
        if self.bundle is not None:
            places.insert(0, f"the page bundle ({self.bundle}/)")
        listed = ", ".join(places[:-1]) + " or " + places[-1] if len(places) > 1 else places[0]
        return f"is not in {listed}, and Hugo publishes no file of the content folders there"


def copied_files(site: Site) -> CopiedFiles:
    """What Hugo publishes from the site's content folders at the site's now, one lookup
    per site."""
    found: CopiedFiles | None = site.memo.get("hugo_copied")
    if found is None:
        from bot.hugo.copied import CopiedFiles

        found = site.memo["hugo_copied"] = CopiedFiles(site.hugo, site.now)
    return found


def image_hook(site: Site) -> bool:
    """Whether the site, or one of its themes, has an image render hook
    (`layouts/.../_markup/render-image*`): it renders the body's images, and may publish a
    bundle's file that the page does not (`.Page.Resources.GetMatch`)."""
    found: bool | None = site.memo.get("hugo_image_hook")
    if found is None:
        folders = ["layouts", *(f"{theme.folder}/layouts" for theme in site.hugo.config.themes)]
        found = any(
            next((site.root / folder).glob("**/_markup/render-image*"), None) is not None
            for folder in folders
        )
        site.memo["hugo_image_hook"] = found
    return found


def _refusal(why: str | None) -> str | None:
    """A reason worth more than "not there" (a link out of the site, a broken link)."""
    return why if why and why != "is not in the repository" else None


def static_dirs(site: Site) -> list[str]:
    """The folders Hugo serves at the site's root, from the site root: the site's own
    (`staticDir`, `staticDir0` to `staticDir10`, each a name or a list; `static` when none
    is set), then each theme's `static/` (a theme whose `module.mounts` give its static
    files has none here: `bot.hugo.config` says so). Folders outside the site are left
    out."""
    found: list[str] | None = site.memo.get("hugo_static")
    if found is None:
        from bot.hugo.values import to_strings_keep_string

        config = site.hugo.config
        keys = ["staticdir", *(f"staticdir{n}" for n in range(11))]
        names = [name for key in keys for name in to_strings_keep_string(config.get(key))]
        found = []
        for name in names or ["static"]:
            normal = posixpath.normpath(name.replace(os.sep, "/"))
            if normal and not (normal == ".." or normal.startswith("../") or normal[0] == "/"):
                found.append(normal)
        for theme in config.themes:
            folder = f"{theme.folder}/static"
            if "static" not in theme.mounted() and (site.root / folder).is_dir():
                found.append(folder)
        site.memo["hugo_static"] = found = list(dict.fromkeys(found))
    return found
