"""Which of a page's output formats gives its URL, as Hugo 0.111 decides: its first, unless
another of its formats is permalinkable (`html`, `amp`, a format of the site's own that says
so) and is the format Hugo renders last, the last in Hugo's order (weight, then name) of the
formats the last language renders. A site that keeps RSS renders `rss` after `html` and
`amp`; one that disables it may render nothing after them. Held against real Hugo."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.inputkit import hugo_list, pressbot_list

pytestmark = pytest.mark.usefixtures("hugo_oracle")

NO_RSS = 'disableKinds = ["RSS", "taxonomy", "term", "sitemap", "robotsTXT", "404"]\n'
KEEP_RSS = 'disableKinds = ["taxonomy", "term", "sitemap", "robotsTXT", "404"]\n'
LANGUAGES = (
    'defaultContentLanguage = "en"\n'
    '[languages.en]\nweight = 1\n[languages.de]\nweight = 2\ncontentDir = "content.de"\n'
)


def page(outputs: str = "", extra: str = "") -> str:
    return f"---\ntitle: t\n{f'outputs: {outputs}' if outputs else ''}\n{extra}---\nx\n"


SITES: dict[str, tuple[str, dict[str, str], dict[str, str]]] = {
    # (configuration after baseURL, files, the URLs expected of some pages)
    "no RSS: amp is rendered last, and taken where a page has it": (
        NO_RSS,
        {"a.md": page("[html, amp]"), "b.md": page(), "c.md": page("[amp]")},
        {"a.md": "/amp/posts/a/", "b.md": "/posts/b/", "c.md": "/amp/posts/c/"},
    ),
    "RSS kept: rss is rendered last, a page's first format gives its URL": (
        KEEP_RSS,
        {"a.md": page("[html, amp]"), "j.md": page("[json, html]")},
        {"a.md": "/posts/a/", "j.md": "/posts/j/index.json"},
    ),
    "no RSS: json rendered last, not permalinkable: the first format": (
        NO_RSS,
        {"j.md": page("[json, html]"), "a.md": page("[amp, html]")},
        {"j.md": "/posts/j/index.json", "a.md": "/amp/posts/a/"},
    ),
    "no RSS: a page's json is not what the last language renders last": (
        NO_RSS + LANGUAGES,
        {"j.md": page("[json, html]"), "content.de/posts/d.md": page()},
        {"j.md": "/posts/j/"},
    ),
    "no RSS: the last language's json is rendered last": (
        NO_RSS + LANGUAGES,
        {"h.md": page("[amp, html]"), "content.de/posts/d.md": page("[json]")},
        {"h.md": "/amp/posts/h/"},
    ),
    "no RSS: the site's outputs give every page html and amp": (
        NO_RSS + '[outputs]\npage = ["html", "amp"]\n',
        {"a.md": page(), "h.md": page("[html]")},
        {"a.md": "/amp/posts/a/", "h.md": "/posts/h/"},
    ),
    "no RSS: the home page's json is rendered last": (
        NO_RSS + '[outputs]\nhome = ["html", "json"]\n',
        {"a.md": page("[html, amp]")},
        {"a.md": "/posts/a/"},
    ),
    "no RSS: a draft counts, as hugo list all builds drafts": (
        NO_RSS,
        {"a.md": page("[html, amp]"), "d.md": page("[json]", "draft: true\n")},
        {"a.md": "/posts/a/"},
    ),
    "no RSS: a page never rendered does not count": (
        NO_RSS,
        {"a.md": page("[html, amp]"), "n.md": page("[json]", "_build:\n  render: never\n")},
        {"a.md": "/amp/posts/a/"},
    ),
    "no RSS: a section's own outputs count": (
        NO_RSS,
        {"a.md": page("[html, amp]"), "_index.md": page("[html, json]")},
        {"a.md": "/posts/a/"},
    ),
    "no RSS: a section's cascade reaches its own page, with no page below it": (
        NO_RSS,
        {
            "a.md": page("[html, amp]"),
            "content/other/_index.md": "---\ntitle: o\ncascade:\n  outputs: [html, json]\n---\n",
        },
        {"a.md": "/posts/a/"},
    ),
    "no RSS: outputs a section cascades": (
        NO_RSS,
        {"a.md": page(), "_index.md": "---\ntitle: s\ncascade:\n  outputs: [html, amp]\n---\n"},
        {"a.md": "/amp/posts/a/"},
    ),
    "RSS kept: the site's permalinkable format sorts after RSS (lower case)": (
        KEEP_RSS + '[outputFormats.feed]\nmediaType = "application/json"\npermalinkable = true\n',
        {"a.md": page("[html, feed]"), "b.md": page("[html]")},
        {"a.md": "/posts/a/index.json", "b.md": "/posts/b/"},
    ),
    "RSS kept: a weight puts the site's format first, RSS is last": (
        KEEP_RSS
        + '[outputFormats.feed]\nmediaType = "application/json"\npermalinkable = true\n'
        + "weight = 5\n",
        {"a.md": page("[html, feed]")},
        {"a.md": "/posts/a/"},
    ),
    "RSS kept: the site's format, not permalinkable: the first format": (
        KEEP_RSS + '[outputFormats.feed]\nmediaType = "application/json"\n',
        {"a.md": page("[html, feed]"), "f.md": page("[feed, html]")},
        {"a.md": "/posts/a/", "f.md": "/posts/f/index.json"},
    ),
    "the site's html moved (path, uglyURLs): every page without outputs moves": (
        NO_RSS + 'uglyURLs = true\n[outputFormats.html]\npath = "p"\n',
        {"a.md": page()},
        {"a.md": "/p/posts/a.html"},
    ),
    "the site's html ignores uglyURLs (noUgly)": (
        NO_RSS + "uglyURLs = true\n[outputFormats.html]\nnoUgly = true\n",
        {"a.md": page()},
        {"a.md": "/posts/a/"},
    ),
    "the site's html has its own baseName": (
        NO_RSS + '[outputFormats.html]\nbaseName = "x"\n',
        {"a.md": page(), "b.md": page("[html]")},
        {"a.md": "/posts/a/x.html", "b.md": "/posts/b/x.html"},
    ),
    "the site's html has its own baseName, uglyURLs": (
        NO_RSS + 'uglyURLs = true\n[outputFormats.html]\nbaseName = "x"\n',
        {"a.md": page()},
        {"a.md": "/posts/a.html"},
    ),
}


def _placed(rel: str) -> str:
    """A file's path in the site: a bare name is a page of `content/posts/`."""
    return rel if "/" in rel else f"content/posts/{rel}"


@pytest.mark.parametrize("name", SITES)
def test_the_url_is_the_format_hugo_takes(tmp_path: Path, name: str) -> None:
    config, pages, expected = SITES[name]
    files = {"hugo.toml": 'baseURL = "https://example.org/"\n' + config}
    files.update({_placed(rel): text for rel, text in pages.items()})
    root = write_site(tmp_path, files)
    theirs = hugo_list(root)
    for rel, url in expected.items():  # the case is the one meant, as Hugo 0.111 has it
        assert theirs[_placed(rel)] == url
    assert pressbot_list(root) == theirs
