"""Values a permalink template puts in a post's URL that Addressable refuses: Jekyll's
`URL.escape_path` reads each as a whole URI (`Addressable::URI.encode`), so a category `Q&A:
news` is a URI with the scheme `Q&A`, which is none, and `jekyll build` stops. Compared with
real Jekyll: the site's build, and `URL.escape_path` itself on many generated values."""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

import pytest

from bot.jekyll import UrlError, escape_path
from tests.inputkit import pressbot
from tests.jekyllfuzz import Site, compare, jekyll_posts, pressbot_posts

pytestmark = pytest.mark.usefixtures("jekyll_oracle")

POSTS = {
    # refused: the text before `:` is no scheme, a `:` first, an `http:` with nothing after,
    # a host with a space, a time's text, an extension holding `:`, a folder with `:`
    "_posts/2020-01-01-qa.md": 'categories: ["Q&A: news"]',
    "_posts/2020-01-02-part.md": 'categories: ["Part 2: x"]',
    "_posts/2020-01-03-ratio.md": 'categories: "1:60"',
    "_posts/2020-01-04-accent.md": 'categories: ["é:x"]',
    "_posts/2020-01-05-lead.md": 'category: ":lead"',
    "_posts/2020-01-06-http.md": 'categories: ["http:"]',
    "_posts/2020-01-07-host.md": 'categories: ["/", "a b"]',
    "_posts/2020-01-08-time.md": "categories: [2020-01-01 10:00:00]",
    "_posts/2020-01-09-ext.md": "permalink: /:title.:output_ext",
    "1:x/_posts/2020-01-10-folder.md": "layout: post",
    # read: a real scheme, a `/` before the `:`, a post Jekyll does not publish
    "_posts/2020-02-01-mailto.md": 'categories: ["mailto:x y"]',
    "_posts/2020-02-02-slash.md": 'categories: ["x/y:z"]',
    "_posts/2020-02-03-port.md": 'categories: ["/", "h:8080"]',
    "_posts/2020-02-04-off.md": 'categories: ["Q&A: news"]\npublished: false',
    "_posts/2099-01-01-later.md": 'categories: ["Q&A: news"]',
    "_posts/2020-02-05-own.md": 'categories: ["Q&A: news"]\npermalink: /own/:title/',
}


def _site(root: Path) -> Site:
    (root / "_config.yml").parent.mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\n", encoding="utf-8")
    for rel, front in POSTS.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(f"---\ntitle: t\n{front}\n---\nx\n", encoding="utf-8")
    return Site(root, 0, sorted(POSTS))


def test_a_value_addressable_refuses_stops_the_build_as_in_jekyll(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    jekyll = jekyll_posts(site, tmp_path / "work")
    assert len(jekyll.errors) == 10, jekyll.errors  # the oracle does stop on them
    ours, errors = pressbot_posts(site, jekyll.time)
    assert compare(site, jekyll, ours, errors) == []
    assert errors == set(jekyll.errors)
    for path in jekyll.errors:
        assert ours[path]["reason"] == "invalid", ours[path]
    assert ours["_posts/2020-02-01-mailto.md"]["url"] == "/mailto:x%20y/2020/02/01/mailto.html"


def test_the_finding_names_the_value_and_what_to_do(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    done = pressbot("check", "--site", site.root, cwd=site.root)
    lines = {line.split(":", 1)[0]: line for line in done.out.splitlines() if "permalink" in line}
    assert lines["_posts/2020-01-01-qa.md"] == (
        "_posts/2020-01-01-qa.md:3:1: error jekyll/permalink the URL's :categories is "
        '"q&a: news", which Jekyll cannot put in a URL (Addressable: "Invalid scheme format: '
        "'q&a'\"): `jekyll build` stops on this post; write the category without `:` (and not "
        "starting with `/`)"
    )
    assert lines["_posts/2020-01-09-ext.md"].startswith("_posts/2020-01-09-ext.md:3:12: error")
    assert "(`/:title:output_ext`)" in lines["_posts/2020-01-09-ext.md"]
    assert "rename the folder" in lines["1"]  # `1:x/_posts/...`
    assert done.code == 1


_ESCAPE = """
require "jekyll"
require "json"
STDIN.each_line do |line|
  text = JSON.parse(line)
  begin
    puts JSON.generate("ok" => Jekyll::URL.escape_path(text))
  rescue Addressable::URI::InvalidURIError => e
    puts JSON.generate("error" => e.message)
  end
end
"""
_PIECES = [
    *'ab:/?#@[]% .-+1_é\n\t\0!=~<"',
    "http",
    "HTTP",
    "ftp",
    "%31",
    "%FF",
    "%0A",
    "%2",
    "//",
    "::",
    "\u2028",
    "\x1c",
    "\xa0",
    "0",
    "7",
]


def test_escape_path_is_jekylls_on_generated_values() -> None:
    """Schemes, hosts, ports, empty ports, line breaks (Ruby's `^`/`$` match at each),
    %-escapes, spaces Ruby's `[[:space:]]` does and does not take: what Jekyll makes of each
    value, or that it raises."""
    rng = random.Random(20240611)
    texts = ["Q&A: news", ".:output_ext", "//a::", "//h:0/x", "//h:007", "a\nb c", "x#a\nb"]
    texts += [
        "".join(rng.choice(_PIECES) for _ in range(rng.randrange(1, 12))) for _ in range(6000)
    ]
    done = subprocess.run(
        ["ruby", "-e", _ESCAPE],
        input="".join(json.dumps(t) + "\n" for t in texts),
        capture_output=True,
        text=True,
        check=True,
    )
    answers = [json.loads(line) for line in done.stdout.split("\n") if line]
    assert len(answers) == len(texts)
    wrong = []
    for text, want in zip(texts, answers, strict=True):
        try:
            got = {"ok": escape_path(text)}
        except UrlError as exc:
            got = {"error": str(exc)}
        if got != want:
            wrong.append((text, want, got))
    assert wrong == []
    assert sum("error" in a for a in answers) > 1000  # the values do reach every refusal


UNWRITABLE = {
    # stopped: escapes Jekyll undoes into a NUL or bytes that are not UTF-8 when it writes
    "_posts/2020-03-01-nul.md": "permalink: /a%00b/",
    "_posts/2020-03-02-ff.md": "permalink: /a%FFb/",
    "_posts/2020-03-03-cat.md": 'categories: ["x\\0y"]',
    # built: a whole UTF-8 character, an escaped `%`, a post Jekyll does not write
    "_posts/2020-03-04-e.md": "permalink: /a%C3%A9b/",
    "_posts/2020-03-05-pct.md": 'categories: ["a%FFb"]',
    "_posts/2020-03-06-off.md": "permalink: /c%00d/\npublished: false",
}


def _one_post_site(root: Path, rel: str, front: str) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (root / rel).write_text(f"---\ntitle: t\n{front}\n---\nx\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("rel", sorted(UNWRITABLE))
def test_an_escape_jekyll_cannot_write_stops_the_build_as_in_jekyll(
    tmp_path: Path, rel: str
) -> None:
    """Jekyll stops when it writes the file (after reading every post), so each post is
    built alone, in full."""
    root = _one_post_site(tmp_path / "site", rel, UNWRITABLE[rel])
    built = subprocess.run(
        ["jekyll", "build", "--quiet", "-d", str(tmp_path / "out")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    stops = rel in sorted(UNWRITABLE)[:3]
    assert (built.returncode != 0) == stops, built.stderr[-500:]
    done = pressbot("check", "--site", root, cwd=root)
    flagged = [line for line in done.out.splitlines() if " error jekyll/permalink " in line]
    assert len(flagged) == stops, done.out
    listed = json.loads(pressbot("list", "--format", "json", "--site", root, cwd=root).out)
    assert (listed["posts"][0]["reason"] == "invalid") == stops, listed
    if rel.endswith("nul.md"):
        assert flagged[0] == (
            f"{rel}:3:12: error jekyll/permalink builds to /a%00b/, whose %-escapes Jekyll "
            'undoes into a NUL byte to write the file: `jekyll build` stops ("path name '
            'contains null byte"); write the permalink without that escape'
        )
    if rel.endswith("cat.md"):
        assert flagged[0].endswith("take the NUL out of the category"), flagged
