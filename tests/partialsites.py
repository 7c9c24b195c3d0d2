"""Small generated Jekyll sites whose posts collide on URLs in every way a site can make them:
file names, `permalink:` and `slug:` in front matter and in `defaults`, categories from
folders and front matter, dates, unpublished and future posts, drafts (built or not), broken
front matter; URLs that differ as text but are written to one file (`/hello` and
`/hello.html`, `/a b/` and `/a%20b/`, `/index.html` and the home page), a post's file that
another's needs as a folder (`/hello.html` and `/hello.html/x/`, a category `hello.html`), and
`limit_posts`.

Names, slugs, dates and URLs come from small pools, so that collisions are frequent.
"""

from __future__ import annotations

import random
from pathlib import Path

from bot.discover import discover_names
from bot.linter import check_posts
from bot.site import load_site

RULE = "jekyll/duplicate-url"
Key = tuple[str, int, int, str]
"""A finding as the partial runs and the whole-site run are compared: path, line, column,
message."""

PERMALINKS = [
    "date",
    "pretty",
    "ordinal",
    "none",
    "/:categories/:title/",
    "/:year/:title:output_ext",
    "/blog/:slug/",
    "/:path/",
    "/:name/",
    "/:title/index.html",
    "/:year/:month/",
    "/:categories/:year/",
    "/x%41/:title/",
    "/:title",
    "/:year-:title/",
]
SLUGS = ["hello", "Hello", "hello-world", "hello_world", "Hello World", "a.b", "x", "héllo", "!!"]
SLUGS += ["hello.html", "index"]
DATES = ["2020-01-01", "2020-01-02", "2021-06-15"]
FOLDERS = ["_posts", "_posts", "_posts", "news/_posts", "_posts/sub", "_drafts", "_old/_posts"]
FOLDERS += ["hello.html/_posts"]
URLS = [
    "/hello/",
    "/hello.html",
    "/2020/01/01/hello.html",
    "/2020/hello.html",
    "/blog/hello/",
    "/news/2020/01/01/hello.html",
    "/:year/hello/",
    "/:categories/:title/",
    "/x%41/hello/",
    "/%68ello/",
    "/hello",
    "/hello/index.html",
    "/hello world/",
    "/hello%20world/",
    "/index.html",
    "/hello.html/x/",
    "/2020/hello.html/",
    "/hello/index.html/x/",
]
VALUES = {
    "permalink": URLS,
    "slug": ["hello", "Hello", "hello-world", "x", "'hello'", '"hell\\x6f"', "''", "2020"],
    "categories": [
        "news",
        "[news]",
        "[News, world]",
        "5",
        "news world",
        "Hello.html",
        "[2020, hello.html]",
    ],
    "category": ["news", "News", "2020"],
    "date": ["2020-01-01", "2020-01-02 10:00:00", "2999-01-01", "not a date"],
    "published": ["false", "true", "No"],
    "title": ["Hello", "x"],
}
SPELLED = [
    '"perm\\x61link": /hello/',
    '"sl\\u0075g": hello',
    "? slug\n: hello",
    "<<: {permalink: /hello/}",
]
"""Keys that YAML gives without writing them plainly."""
INSIDE = ["permalink: /hello.html/x/", "categories: hello.html", "category: Hello.HTML",
          "permalink: /hello/index.html/x/", "permalink: /2020/hello.html/x/"]  # fmt: skip
"""Front matter that asks for a folder where other posts' files often are."""
DEFAULTS = [
    "  - scope: {path: news}\n    values: {permalink: /news/:title/}\n",
    "  - scope: {path: ''}\n    values: {slug: hello}\n",
    "  - scope: {path: '_posts/sub'}\n    values: {categories: [news]}\n",
    "  - scope: {path: '', type: posts}\n    values: {published: false}\n",
    "  - scope: {path: _posts}\n    values: {permalink: /:slug/}\n",
    "  - scope: {type: posts}\n    values: {date: 2020-01-01 00:00:00}\n",
    "  - scope: {path: news}\n    values: {categories: [hello.html]}\n",
]


def front_matter(rng: random.Random) -> str:
    if rng.random() < 0.05:
        return "---\ntitle: [broken\n---\n"
    lines = ["---"]
    for key in rng.sample(sorted(VALUES), rng.randint(0, 3)):
        lines.append(f"{key}: {rng.choice(VALUES[key])}")
    if rng.random() < 0.1:
        lines.append(rng.choice(SPELLED))
    lines.append("---")
    return "\n".join(lines) + "\n"


def generate(seed: int) -> dict[str, str]:
    """The files of one site: `_config.yml` and 4 to 9 posts."""
    rng = random.Random(seed)
    config = [f"permalink: {rng.choice(PERMALINKS)}"]
    if rng.random() < 0.5:
        config.append("defaults:")
        config += rng.sample(DEFAULTS, rng.randint(1, 2))
    if rng.random() < 0.2:
        config.append("future: true")
    if rng.random() < 0.2:
        config.append("include: [_old]")
    extra = rng.random()
    if extra < 0.3:
        config.append("show_drafts: true")
    elif extra < 0.4:
        config.append(f"limit_posts: {rng.choice([1, 3])}")
    files = {"_config.yml": "\n".join(config) + "\n"}
    if rng.random() < 0.3:
        files["index.html"] = "---\n---\nHome\n"
    for _ in range(rng.randint(4, 9)):
        folder = rng.choice(FOLDERS)
        dated = folder != "_drafts" or rng.random() < 0.5
        name = f"{rng.choice(DATES)}-" if dated else ""
        name += f"{rng.choice(SLUGS)}.{rng.choice(['md', 'md', 'html'])}"
        files[f"{folder}/{name}"] = front_matter(rng) + "\nText.\n"
    if rng.random() < 0.4:
        name = f"{rng.choice(DATES)}-{rng.choice(SLUGS)}.md"
        files[f"{rng.choice(FOLDERS[:3])}/{name}"] = f"---\n{rng.choice(INSIDE)}\n---\nText.\n"
    return files


def whole(root: Path) -> set[Key]:
    """The `jekyll/duplicate-url` findings of a whole-site run."""
    result = check_posts(load_site(root), None, select=[RULE], jobs=1)
    return {(f.path, f.line, f.column, f.message) for f in result.findings}


def each(root: Path, pull_request: bool = False) -> set[Key]:
    """The union of the findings of one partial run per post (as a pull request lists the
    other posts, from Git's index, with ``pull_request``)."""
    site = load_site(root)
    out: set[Key] = set()
    for name in discover_names(site, None):
        result = check_posts(
            site,
            [Path(name)],
            select=[RULE],
            jobs=1,
            candidates=(lambda: []) if pull_request else None,
        )
        out |= {(f.path, f.line, f.column, f.message) for f in result.findings}
    return out
