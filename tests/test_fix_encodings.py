"""UTF-16 and UTF-32 posts are text in the wrong encoding; `--from-encoding` names a text codec."""

from __future__ import annotations

import codecs

import pytest

from bot.linter import check_posts
from bot.site import load_site

POST = "_posts/2026-01-01-wide.md"
TEXT = "---\r\ntitle: Café “quoted”\r\n---\r\nNaïve — 한국어 text 🎉\r\n"

WIDE = [
    # (bytes, what the finding says, the codec it suggests)
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "UTF-16 (little endian)", "utf-16"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "UTF-16 (big endian)", "utf-16"),
    (TEXT.encode("utf-16-le"), "UTF-16 (little endian)", "utf-16-le"),
    (TEXT.encode("utf-16-be"), "UTF-16 (big endian)", "utf-16-be"),
    (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "UTF-32 (little endian)", "utf-32"),
    (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), "UTF-32 (big endian)", "utf-32"),
    (TEXT.encode("utf-32-le"), "UTF-32 (little endian)", "utf-32-le"),
    (TEXT.encode("utf-32-be"), "UTF-32 (big endian)", "utf-32-be"),
]


@pytest.mark.parametrize(("data", "label", "codec"), WIDE)
def test_wide_text_is_reported_as_its_encoding(site, data: bytes, label: str, codec: str) -> None:
    root = site({POST: data})
    (finding,) = check_posts(load_site(root), jobs=1).findings
    assert (finding.rule, finding.line, finding.column) == ("encoding/invalid-utf8", 1, 1)
    assert finding.message == (
        f"this file is {label} text; convert it to UTF-8: "
        f"`pressbot fix --from-encoding {codec} {POST}`"
    )


@pytest.mark.parametrize(("data", "label", "codec"), WIDE)
def test_fix_converts_wide_text(site, cli, data: bytes, label: str, codec: str) -> None:
    root = site({POST: data})
    run = cli("fix", "--from-encoding", codec, root)
    assert (run.code, run.err) == (0, ""), run
    assert run.out == f"fixed {POST}: transcoded from {codec}\n"
    assert (root / POST).read_bytes() == TEXT.encode("utf-8")
    assert cli("check", root).code == 0


def test_wide_text_with_characters_newer_than_python(site) -> None:
    text = "---\ntitle: x\n---\nShaking face \U0001fae8, Unicode 15.\n"
    root = site({POST: text.encode("utf-16-le")})
    (finding,) = check_posts(load_site(root), jobs=1).findings
    assert finding.message.startswith("this file is UTF-16 (little endian) text")


def test_utf16_with_a_bom_read_as_utf16_le_loses_only_the_bom(site, cli) -> None:
    root = site({POST: codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")})
    run = cli("fix", "--from-encoding", "utf-16-le", root)
    assert run.code == 0, run
    assert run.out == f"fixed {POST}: transcoded from utf-16-le, byte-order mark removed\n"
    assert (root / POST).read_bytes() == TEXT.encode("utf-8")


def test_wide_text_is_not_changed_without_from_encoding(site, cli) -> None:
    data = codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")
    root = site({POST: data})
    run = cli("fix", root)
    assert run.code == 0, run
    assert run.err == (
        f"{POST}: not changed: this file is UTF-16 (little endian) text; convert it to UTF-8: "
        f"`pressbot fix --from-encoding utf-16 {POST}`\n"
    )
    assert (root / POST).read_bytes() == data


def test_diff_of_a_conversion(site, cli) -> None:
    root = site({POST: "---\ntitle: Café\n---\nHereâ€™s\n".encode("utf-16")})
    run = cli("fix", "--diff", "--from-encoding", "utf-16", root)
    assert run.code == 0, run
    assert "-Hereâ€™s\n+Here’s\n" in run.out
    assert "\x00" not in run.out


def test_diff_of_a_conversion_alone_says_so(site, cli) -> None:
    """A transcoding changes bytes, not text: the diff of the text is empty, the note is not
    (but for a BOM the codec keeps as text)."""
    data = "---\ntitle: Café\n---\nNaïve.\n".encode("cp1252")
    root = site({POST: data})
    run = cli("fix", "--diff", "--from-encoding", "cp1252", root)
    assert (run.code, run.out, run.err) == (0, f"# {POST}: transcoded from cp1252 to UTF-8\n", "")
    assert (root / POST).read_bytes() == data
    root = site({POST: codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")})
    run = cli("fix", "--diff", "--from-encoding", "utf-16-le", root)
    assert run.out.startswith(
        f"# {POST}: transcoded from utf-16-le to UTF-8\n# {POST}: byte-order mark removed\n"
        f"--- a/{POST}\n+++ b/{POST}\n@@ -1,"
    )  # UTF-16-LE keeps its BOM as text (so does `iconv`): removing it is a change of text
    assert "\n-\ufeff---\r\n+---\r\n" in run.out


def test_utf16_that_does_not_decode(site, cli) -> None:
    data = codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le") + b"\x00\xd8"  # a lone surrogate
    root = site({POST: data})
    run = cli("fix", "--from-encoding", "utf-16", root)
    assert run.code == 1, run
    assert "cannot be read as utf-16" in run.err
    assert (root / POST).read_bytes() == data


def test_a_latin_file_is_not_read_as_utf16(site, cli) -> None:
    data = "---\ntitle: Café\n---\nNaïve café.\n".encode("cp1252")
    assert len(data) % 2 == 0  # UTF-16 would decode it, to nonsense
    root = site({POST: data})
    run = cli("fix", "--from-encoding", "utf-16-le", root)
    assert run.code == 1, run
    assert run.err == (
        f"{POST}: cannot be read as utf-16-le (it is not UTF-16 or UTF-32 text); not changed\n"
    )
    assert (root / POST).read_bytes() == data


def test_utf16_is_not_read_as_another_codec(site, cli) -> None:
    data = TEXT.encode("utf-16")
    root = site({POST: data})
    for codec in ("cp1252", "latin-1", "utf-16-be"):
        run = cli("fix", "--from-encoding", codec, root)
        assert run.code == 1, run
        assert run.err.startswith(f"{POST}: cannot be read as {codec} ("), run
        assert (root / POST).read_bytes() == data


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
        b"---\ntitle: x\n---\nnul \x00 in text that is not UTF-8: caf\xe9\n",
        b"\x00" * 100,
        b"\xff\xfe\x00\xd8\x00\xd8",  # a UTF-16 BOM, then nothing that decodes
    ],
)
def test_binary_stays_binary(site, data: bytes) -> None:
    root = site({POST: data})
    assert [f.rule for f in check_posts(load_site(root), jobs=1).findings] == ["encoding/binary"]


def test_a_path_that_needs_quoting_is_not_offered_raw(site) -> None:
    name = "_posts/2026-01-01-it's $(here).md"
    root = site({name: TEXT.encode("utf-16")})
    (finding,) = check_posts(load_site(root), jobs=1).findings
    assert finding.message.endswith("`pressbot fix --from-encoding utf-16 PATH`")


@pytest.mark.parametrize(
    "codec",
    ["rot13", "base64", "zlib", "hex", "bz2", "undefined", "idna", "punycode", "unicode_escape"],
)
def test_codecs_that_are_not_file_encodings_are_usage_errors(site, cli, codec: str) -> None:
    root = site({POST: "---\n---\nHereâ€™s\n", "_posts/2026-01-02-x.md": b"caf\xe9"})
    run = cli("fix", "--from-encoding", codec, root)
    assert run.code == 2, run
    assert run.out == ""
    assert run.err.count("\n") == 1
    assert run.err.startswith(f"pressbot: {codec!r} is not a text encoding")
    assert (root / POST).read_text() == "---\n---\nHereâ€™s\n"
