"""The site's `encoding` setting, read as Jekyll reads it: posts decoded in that encoding (a
UTF-8 `café` on an ISO-8859-1 site is `cafÃ©`), the BOM taken off only under a name that
starts with `utf-`, no post read in an encoding that is not ASCII-compatible. Each site is
compared with real Jekyll post by post, and the findings speak the site's encoding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.escapekit import encoding_findings
from tests.inputkit import pressbot
from tests.jekyllfuzz import Site, compare, jekyll_posts, pressbot_posts

POSTS = {
    "_posts/2020-01-01-utf8.md": "---\ntitle: Hi\ncategories: [café]\n---\nx\n".encode(),
    "_posts/2020-01-02-latin1.md": b"---\ntitle: Hi\ncategories: [caf\xe9]\n---\nx\n",
    "_posts/2020-01-03-plain.md": b"---\ntitle: Hi\ncategories: [plain]\n---\nx\n",
    "_posts/2020-01-04-bom.md": b"\xef\xbb\xbf---\ntitle: Hi\ncategories: [bom]\npublished: false\n---\nx\n",
}


def make(tmp_path: Path, encoding: str) -> Site:
    root = tmp_path / "site"
    root.mkdir()
    (root / "_config.yml").write_text(f"encoding: {encoding}\n", encoding="utf-8")
    for rel, data in POSTS.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return Site(root, 0, sorted(POSTS))


@pytest.mark.usefixtures("jekyll_oracle")
@pytest.mark.parametrize(
    "encoding",
    [
        "ISO-8859-1",
        "windows-1252",
        "Shift_JIS",  # a UTF-8 BOM is valid Shift_JIS to Ruby, though no character
        "EUC-JP",
        "US-ASCII",
        "UTF8",  # no encoding Ruby knows: UTF-8, the BOM kept
        "''",
        "latin1",
        "false",  # no encoding set: Ruby's UTF-8, the BOM kept
        "bom|ISO-8859-1",
        "UTF-8-MAC",
        "utf-16",  # not ASCII-compatible: no post read
        "bom|utf-16le",
        "utf-8",
    ],
)
def test_posts_read_in_the_sites_encoding_as_jekyll_reads_them(
    tmp_path: Path, encoding: str
) -> None:
    site = make(tmp_path, encoding)
    jekyll = jekyll_posts(site, tmp_path)
    ours, errors = pressbot_posts(site, jekyll.time)
    assert compare(site, jekyll, ours, errors) == []


def messages(root: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for f in encoding_findings(root):
        found.setdefault(str(f["path"]).rsplit("/", 1)[-1], []).append(
            f"{f['rule']} {f['message']}"
        )
    return found


def test_a_latin1_site_names_the_utf8_post_and_takes_the_latin1_one(tmp_path: Path) -> None:
    found = messages(make(tmp_path, "ISO-8859-1").root)
    assert found["2020-01-01-utf8.md"] == [
        "encoding/mojibake this file is UTF-8, but the site reads posts as ISO-8859-1 "
        '(`encoding: ISO-8859-1` in _config.yml): Jekyll shows "cafÃ©" for "café"; save the '
        "file as ISO-8859-1, or write `encoding: utf-8`"
    ]
    assert "2020-01-02-latin1.md" not in found
    assert "2020-01-03-plain.md" not in found


def test_a_byte_invalid_in_the_sites_encoding_is_named_in_it(tmp_path: Path) -> None:
    found = messages(make(tmp_path, "EUC-JP").root)
    assert found["2020-01-02-latin1.md"] == [
        "encoding/invalid-utf8 byte 0xe9 is not EUC-JP, the encoding the site reads posts "
        "in (`encoding: EUC-JP` in _config.yml): Jekyll cannot read it and leaves the post "
        "out; save the file as EUC-JP (it looks like cp1252)"
    ]


def test_a_bom_jekyll_keeps_hides_the_front_matter(tmp_path: Path) -> None:
    found = messages(make(tmp_path, "UTF8").root)
    assert found["2020-01-04-bom.md"] == [
        "encoding/bom the file starts with a byte-order mark, which Jekyll keeps with "
        "`encoding: UTF8` in _config.yml (only a name that starts with `utf-` has it taken "
        "off): it sees no front matter; save the file without BOM"
    ]


def test_an_encoding_ruby_reads_no_file_in_leaves_every_post_out(tmp_path: Path) -> None:
    found = messages(make(tmp_path, "utf-16").root)
    said = (
        "encoding/invalid-utf8 the site reads posts as UTF-16 (`encoding: utf-16` in "
        "_config.yml), which Ruby reads no text file in: Jekyll leaves every post out; write "
        "`encoding: utf-8`"
    )
    assert all(said in each for each in found.values()) and len(found) == 4


def test_fix_leaves_a_site_in_another_encoding_alone(tmp_path: Path) -> None:
    """`fix` writes UTF-8: on a Windows-1252 site its repair would be mojibake to Jekyll. The
    mojibake is reported without a fix, and the file is not touched (no internal error)."""
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("encoding: Windows-1252\n", encoding="utf-8")
    post = root / "_posts" / "2020-01-01-a.md"
    data = b"---\ntitle: caf\xe9\n---\nHere\xe2\x80\x99s x\n"
    post.write_bytes(data)
    run = pressbot("check", "--format", "json", cwd=root)
    found = json.loads(run.out)["findings"]
    assert [(f["rule"], f["line"], "fix" in f) for f in found if "encoding" in f["rule"]] == [
        ("encoding/mojibake", 4, False)
    ]
    fixed = pressbot("fix", ".", cwd=root)
    assert fixed.code == 0 and post.read_bytes() == data, fixed
    moved = pressbot("fix", "--from-encoding", "cp1252", str(post), cwd=root)
    assert "the site reads posts as Windows-1252" in moved.err + moved.out, moved
    assert post.read_bytes() == data


UTF8_POSTS = {
    # `Ç` (C3 87) is valid Shift_JIS in shape but no character it converts to UTF-8: Psych
    # keeps the front matter's bytes and reads them as UTF-8, so the slug is `Ça-va`
    "_posts/2020-01-01-crlf.md": "---\r\ntitle: A\r\nslug: 'Ça va?'\r\n---\r\nx\r\n".encode(),
    "_posts/2020-01-02-lf.md": "---\ntitle: B\nslug: 'Ça va?'\n---\nx\n".encode(),
    "_posts/2020-01-03-dots.md": "---\r\ntitle: C\r\nslug: 'Ça va?'\r\n... \r\nx\r\n".encode(),
}


@pytest.mark.usefixtures("jekyll_oracle")
@pytest.mark.parametrize("encoding", ["Shift_JIS", "CP932", "EUC-JP", "windows-1252"])
def test_utf8_front_matter_that_does_not_convert_is_read_as_utf8(
    tmp_path: Path, encoding: str
) -> None:
    """Whatever the line ends, the front matter Psych cannot convert whole is read as the
    UTF-8 it is: its slug, in the URL, is Jekyll's."""
    root = tmp_path / "site"
    root.mkdir()
    config = f"encoding: {encoding}\npermalink: /:title.html\n"
    (root / "_config.yml").write_text(config, encoding="utf-8")
    for rel, data in UTF8_POSTS.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    site = Site(root, 0, sorted(UTF8_POSTS))
    jekyll = jekyll_posts(site, tmp_path)
    ours, errors = pressbot_posts(site, jekyll.time)
    assert compare(site, jekyll, ours, errors) == []
    if encoding == "Shift_JIS":
        assert {each["url"] for each in jekyll.posts.values()} == {"/%C3%87a-va.html"}


UNMAPPED_POSTS = {
    # `A9 A1` is valid EUC-JP and GBK to Ruby, though no character: the post is read
    "_posts/2020-01-01-body.md": b"---\ntitle: A\nslug: x\n---\nx\xa9\xa1y\n",
    # ... and in the front matter, which then neither converts nor is UTF-8: Psych cannot
    # read it, and Jekyll builds the post without it
    "_posts/2020-01-02-front.md": b"---\ntitle: B\nslug: 'x\xa9\xa1y'\n---\nx\n",
    # `87 61` is valid Shift_JIS to Ruby, though no character, and `87` is no UTF-8
    "_posts/2020-01-03-sjis.md": b"---\ntitle: C\nslug: 'x\x87ay'\n---\nx\n",
    "_posts/2020-01-04-utf8.md": b"---\ntitle: D\nslug: 'x\xa9\xa1y \xc3\xa9'\n---\nx\n",
}


def make_unmapped(tmp_path: Path, encoding: str) -> Site:
    root = tmp_path / "site"
    root.mkdir()
    config = f"encoding: {encoding}\npermalink: /:title.html\n"
    (root / "_config.yml").write_text(config, encoding="utf-8")
    for rel, data in UNMAPPED_POSTS.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return Site(root, 0, sorted(UNMAPPED_POSTS))


@pytest.mark.usefixtures("jekyll_oracle")
@pytest.mark.parametrize("encoding", ["EUC-JP", "GBK", "Shift_JIS"])
def test_a_valid_sequence_without_a_character_is_read_as_jekyll_reads_it(
    tmp_path: Path, encoding: str
) -> None:
    """Ruby judges EUC-JP, GBK and Shift_JIS bytes by their shape: a sequence Python's codec
    has no character for does not leave the post out."""
    site = make_unmapped(tmp_path, encoding)
    jekyll = jekyll_posts(site, tmp_path)
    ours, errors = pressbot_posts(site, jekyll.time)
    assert compare(site, jekyll, ours, errors) == []
    if encoding == "EUC-JP":
        assert jekyll.posts["_posts/2020-01-01-body.md"]["url"] == "/x.html"
        assert jekyll.posts["_posts/2020-01-02-front.md"]["url"] == "/2020-01-02-front.html"


def test_front_matter_psych_cannot_read_is_named(tmp_path: Path) -> None:
    found = encoding_findings(make_unmapped(tmp_path, "EUC-JP").root, "frontmatter")
    said = (
        "front matter: byte 0xa9 makes the front matter neither EUC-JP that converts to "
        "UTF-8 nor UTF-8: Psych cannot read it, and Jekyll builds the post without its "
        "front matter; write it in one of the two"
    )
    assert sorted((f["path"], f["line"], f["column"], f["message"]) for f in found) == [
        ("_posts/2020-01-02-front.md", 3, 9, said),
        ("_posts/2020-01-04-utf8.md", 3, 9, said),
    ]
