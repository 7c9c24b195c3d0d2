"""Which files of `content/` are pages, and where their front matter starts, as Hugo 0.111
decides: its own list of content extensions, matched as written (`a.MD`, `a.mkd` are no
pages; `a.rest` is one); a language code in the name as written (`a.FR.md` is no French
page); an `.html` file whose text starts with a tag is a plain HTML document, copied, not a
page; a comment's first line (`<!--`) is skipped and the front matter after it read; any
other content file that starts with a tag stops Hugo. Held against real Hugo."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.inputkit import hugo_list, pressbot, pressbot_list

CONFIG = (
    'baseURL = "https://example.org/"\ndefaultContentLanguage = "en"\n'
    "[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n"
)
FM = "---\ntitle: {}\n---\ntext\n"
FILES = {
    "hugo.toml": CONFIG,
    **{f"content/posts/x-{ext}.{ext}": FM.format(ext) for ext in ("md", "markdown", "mdown")},
    **{f"content/posts/x-{ext}.{ext}": FM.format(ext) for ext in ("rest", "rst", "ad", "adoc")},
    **{f"content/posts/y-{ext}.{ext}": FM.format(ext) for ext in ("MD", "Md", "HTML", "mkd")},
    **{f"content/posts/y-{ext}.{ext}": FM.format(ext) for ext in ("mkdn", "mdwn", "txt")},
    "content/posts/lang.FR.md": FM.format("upper-case code"),
    "content/posts/lang.fr.md": FM.format("french"),
    "content/b1/INDEX.md": FM.format("INDEX"),
    "content/b1/res.txt": "a resource?\n",
    "content/b2/_Index.md": FM.format("_Index"),
    "content/b3/index.MD": FM.format("index.MD"),
    "content/b3/p.md": FM.format("beside index.MD"),
    "content/html/plain.html": "<html><body>plain</body></html>\n",
    "content/html/spaced.html": "\n   \t<p>plain after spaces</p>\n",
    "content/html/blank.html": "  \n\n",
    "content/html/empty.html": "",
    "content/html/front.html": "---\ntitle: html with front matter\n---\n<p>x</p>\n",
    "content/html/comment.html": "<!--\n---\ntitle: in a comment\n---\n-->\n<p>x</p>\n",
    "content/html/text.htm": "just text\n",
    "content/html/short.html": "<!-",
    "content/posts/hidden.md": "<!--\n---\ntitle: commented\nslug: from-comment\n---\n-->\ntext\n",
    "content/posts/two.md": "<!-- one\n<!-- two\n+++\ntitle = 'two comments'\n+++\n-->\n",
    "content/posts/at-end.md": "<!--\n---\ntitle: nothing after\n---\n",
    "content/posts/blank-first.md": "  \n\n---\ntitle: blank lines first\n---\n",
}


@pytest.mark.usefixtures("hugo_oracle")
def test_the_pages_are_hugos(tmp_path: Path) -> None:
    root = write_site(tmp_path, FILES)
    theirs = hugo_list(root)
    assert pressbot_list(root) == theirs
    # the cases that matter are in the list (or not), as expected of Hugo 0.111
    assert "content/posts/x-rest.rest" in theirs and "content/posts/y-MD.MD" not in theirs
    assert theirs["content/posts/lang.FR.md"] == "/posts/lang.fr/"
    assert theirs["content/posts/hidden.md"] == "/posts/from-comment/"
    assert "content/html/plain.html" not in theirs and "content/html/front.html" in theirs


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("<div>hi</div>\n", "plain HTML documents not supported"),
        ("\n\n  <p>x</p>\n---\ntitle: t\n---\n", "plain HTML documents not supported"),
        (
            "<!-- closed on its line -->\n---\ntitle: t\n---\ntext\n",
            "starting HTML comment with no end",
        ),
        ('  <!--\n{"title": "t"}\ntext\n', "starting HTML comment with no end"),
    ],
)
def test_a_content_file_that_starts_with_a_tag_stops_hugo(
    tmp_path: Path, text: str, said: str
) -> None:
    root = write_site(tmp_path, {"hugo.toml": CONFIG, "content/posts/a.md": text})
    built = subprocess.run(["hugo", "list", "all"], cwd=root, capture_output=True, text=True)
    assert built.returncode != 0 and said in built.stderr
    run = pressbot("check", "--format", "json", "--select", "frontmatter", cwd=root)
    findings = json.loads(run.out)["findings"]
    assert run.code == 1 and [f["rule"] for f in findings] == ["frontmatter/syntax"]
    tag = text.index("<")  # where the tag or the comment starts
    line = text.count("\n", 0, tag) + 1
    column = tag - (text.rfind("\n", 0, tag) + 1) + 1
    assert (findings[0]["line"], findings[0]["column"]) == (line, column)
    assert said in findings[0]["message"]


ORG_PAGES = {
    "content/posts/org1.org": "#+TITLE: Org page\n#+DATE: <2020-01-02 Thu 10:00>\n#+SLUG: org-one\n\ntext\n",
    "content/posts/org2.md": "#+title: lower keys\n#+Title: again\n#+date: [2021-03-04 Thu]\n",
    "content/posts/org3.md": "\n  #+TITLE: after blank lines\n#+DRAFT: true\nbody\n",
    "content/posts/org4.md": "#+TITLE:no space is no keyword\n#+SLUG: s4\n#+NAME: n\n#+URL: /org/four/\n",
    "content/posts/org5.md": "#+TITLE: t5\n#+PUBLISHDATE: 2020-05-05\n#+EXPIRYDATE: 2099-01-01\n#+TAGS[]: a b\n",
    "content/posts/org6.md": "# a heading, no front matter\n#+TITLE: not front matter\n",
    "content/posts/org7.md": "#+TITLE: t7\r\n#+SLUG: crlf-seven\r\n\r\ntext\r\n",
}


@pytest.mark.usefixtures("hugo_oracle")
def test_org_front_matter_is_read_as_hugo_reads_it(tmp_path: Path) -> None:
    """Org-mode front matter (`#+KEY: value` lines first in a file of any format): keys in
    any case, a key given twice (its values on two lines), timestamps in date keys, `[]`
    lists, a line without white space after its colon (no keyword)."""
    root = write_site(tmp_path, {"hugo.toml": CONFIG, **ORG_PAGES})
    done = subprocess.run(["hugo", "list", "all"], cwd=root, capture_output=True, text=True)
    table = done.stdout[done.stdout.index("path,slug") :]
    theirs = {row["path"]: row for row in csv.DictReader(io.StringIO(table))}
    run = pressbot("list", "--format", "json", "--now", "2025-01-01T00:00:00Z", cwd=root)
    mine = {p["path"]: p for p in json.loads(run.out)["posts"]}
    assert set(mine) == set(ORG_PAGES)
    for path, row in theirs.items():
        assert mine[path]["url"] == row["permalink"].removeprefix("https://example.org"), path
        if row["date"].startswith("0001"):
            assert mine[path]["date"] is None, path
        else:
            assert mine[path]["date"][:10] == row["date"][:10], path
    assert set(theirs) == set(mine)
    drafts = {p for p, row in theirs.items() if row["draft"] == "true"}
    assert (
        drafts
        == {p for p, m in mine.items() if m["reason"] == "draft"}
        == {"content/posts/org3.md"}
    )
    assert mine["content/posts/org5.md"]["tags"] == ["a", "b"]


def test_org_values_are_text_without_type_findings(tmp_path: Path) -> None:
    """Org's values are all text, cast as Hugo needs: no type finding for `#+WEIGHT: 5`; a
    draft that is neither true nor false is one (Hugo builds the page)."""
    page = "#+TITLE: t\n#+WEIGHT: 5\n#+DRAFT: yes\n#+DATE: 2020-01-01\n"
    root = write_site(tmp_path, {"hugo.toml": CONFIG, "content/posts/a.md": page})
    run = pressbot("check", "--format", "json", cwd=root)
    findings = json.loads(run.out)["findings"]
    assert [(f["line"], f["rule"]) for f in findings] == [(3, "hugo/string-bool")], findings
    assert "#+draft: true" in findings[0]["message"]


def test_an_html_file_that_is_no_plain_file_is_not_opened(tmp_path: Path) -> None:
    """Telling plain HTML from a page opens only plain files: a pipe named `.html` would
    block the run for ever, a link may lead out of the site. Both are refused as any post
    is, with a finding."""
    import os

    files = {"hugo.toml": CONFIG, "content/posts/ok.md": FM.format("ok")}
    root = write_site(tmp_path / "site", files)
    os.mkfifo(root / "content/posts/pipe.html")
    outside = tmp_path / "outside.html"
    outside.write_text("<p>elsewhere</p>\n", encoding="utf-8")
    (root / "content/posts/link.html").symlink_to(outside)
    run = pressbot("check", "--format", "json", cwd=root, timeout=60)
    rules = {f["path"]: f["rule"] for f in json.loads(run.out)["findings"]}
    assert rules == {
        "content/posts/pipe.html": "file/unreadable",
        "content/posts/link.html": "file/outside-site",
    }
