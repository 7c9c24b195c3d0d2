"""Links in a Hugo site's content: Hugo 0.111 follows them, to folders as to files, and
builds the pages it meets through them (compared with real Hugo). A link to a folder outside
the site is reported, never walked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.hugofuzz import site_differences
from tests.inputkit import pressbot

PAGE = "---\ntitle: {}\ndate: 2020-01-01\n---\nbody\n"
CONFIG = 'baseURL = "https://example.org/"\ntitle = "t"\n'


def _linked_site(tmp_path: Path) -> Path:
    root = write_site(
        tmp_path / "site",
        {
            "hugo.toml": CONFIG + 'ignoreFiles = ["/shared/skipped"]\n',
            "content/posts/a.md": PAGE.format("A"),
            "content/a/b/deep.md": PAGE.format("Deep"),
            "content/.hidden/h.md": PAGE.format("Hidden"),
            "content/#notes/n.md": PAGE.format("Hash"),
            "content/old~/o.md": PAGE.format("Backup"),
            "shared/s.md": PAGE.format("Shared"),
            "shared/skipped/k.md": PAGE.format("Skipped"),
        },
    )
    content = root / "content"
    (content / "mirror").symlink_to("posts")  # followed: `mirror/a.md` is a page of its own
    (content / "mirror2").symlink_to("posts")  # a second link to one folder: skipped
    (content / "sh").symlink_to("../shared")  # a folder of the site outside `content/`
    (content / ".dots").symlink_to("a/b")  # hidden is what the link leads to, not its name
    (content / "visible").symlink_to(".hidden")
    (content / "skip").symlink_to("../shared/skipped")  # `ignoreFiles` sees the real path
    (content / "a" / "self").symlink_to(".")  # a loop: walked round once
    (content / "a" / "b" / "top").symlink_to("../..")
    return root


@pytest.mark.usefixtures("hugo_oracle")
def test_pages_through_links_to_folders_are_listed_as_hugo_lists_them(tmp_path: Path) -> None:
    root = _linked_site(tmp_path)
    site, differences = site_differences(root)
    assert differences == []
    assert {"content/mirror/a.md", "content/sh/s.md", "content/.dots/deep.md"} <= set(site.pages)
    # the loop is walked round once: `.dots/top` is `content/`, and its `a/self` is `a/`
    assert "content/.dots/top/a/self/b/deep.md" in site.pages
    assert not [p for p in site.pages if "/self/" in p.partition("/self/")[2]]
    assert not {
        p for p in site.pages if p.startswith(("content/mirror2/", "content/#", "content/old~"))
    }


def test_a_page_through_a_link_is_checked_and_named_by_its_own_file(tmp_path: Path) -> None:
    root = _linked_site(tmp_path)
    (root / "shared" / "s.md").write_text("---\ntitle: S\n---\nHere\u00e2\u20ac\u2122s\n", "utf-8")
    run = pressbot("check", "--format", "json", cwd=root, timeout=60)
    where = [(f["path"], f["rule"]) for f in json.loads(run.out)["findings"]]
    assert where == [("content/sh/s.md", "encoding/mojibake")], run
    # a pre-commit hook names the file a commit changes: the pages it is are checked
    for named in ("shared/s.md", "shared", "content/sh"):
        run = pressbot("check", "--format", "json", named, cwd=root, timeout=60)
        where = [(f["path"], f["rule"]) for f in json.loads(run.out)["findings"]]
        assert where == [("content/sh/s.md", "encoding/mojibake")], (named, run)


def test_a_link_to_a_folder_outside_the_site_is_reported_not_walked(tmp_path: Path) -> None:
    outside = write_site(tmp_path / "elsewhere", {"secret.md": PAGE.format("SECRET")})
    root = write_site(
        tmp_path / "site", {"hugo.toml": CONFIG, "content/posts/a.md": PAGE.format("A")}
    )
    (root / "content" / "ext").symlink_to(outside)
    (root / "content" / "posts" / "everything").symlink_to("/")  # never walked
    (root / "content" / "up").symlink_to("../..")  # the site's parent: outside too
    (root / "content" / "posts" / "out.md").symlink_to(outside / "secret.md")  # Hugo reads it
    listed = pressbot("list", "--format", "json", cwd=root, timeout=60)
    assert listed.code == 0, listed
    posts = {p["path"]: p["reason"] for p in json.loads(listed.out)["posts"]}
    assert posts == {
        "content/ext": "not-read",
        "content/posts/everything": "not-read",
        "content/posts/a.md": None,
        "content/posts/out.md": "not-read",
        "content/up": "not-read",
    }
    run = pressbot("check", "--format", "json", cwd=root, timeout=60)
    assert run.code == 1 and "Traceback" not in run.err, run
    findings = json.loads(run.out)["findings"]
    assert [(f["path"], f["line"], f["rule"]) for f in findings] == [
        ("content/ext", 1, "file/outside-site"),
        ("content/posts/everything", 1, "file/outside-site"),
        ("content/posts/out.md", 1, "file/outside-site"),
        ("content/up", 1, "file/outside-site"),
    ]
    assert "link to a folder outside the site" in findings[0]["message"]
    assert "secret" not in (listed.out + run.out + run.err).lower()
