"""`pressbot fix`: only the repaired characters change, atomically; --diff, --check, encodings."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.conftest import REAL_POST, git, git_init

POST = "_posts/2026-01-01-cafe.md"


def test_real_post_changes_exactly_the_mojibake(site, cli) -> None:
    root = site({"_posts/" + REAL_POST.name: REAL_POST.read_bytes()})
    path = root / "_posts" / REAL_POST.name
    before = path.read_bytes()
    run = cli("fix", root)
    assert run.code == 0, run
    assert run.out == f"fixed _posts/{REAL_POST.name}: 1 mojibake repair\n"
    after = path.read_bytes()
    old_text, new_text = before.decode(), after.decode()
    i = old_text.index("Hereâ€™s")
    assert new_text == old_text[: i + 4] + "’" + old_text[i + 7 :]
    assert cli("fix", "--check", root).code == 0  # nothing left to do


def test_every_other_byte_stays(site, cli) -> None:
    original = (
        "---\r\n"
        "title:   'CafÃ© culture'   \r\n"
        "tags: [a,b]  # comment\r\n"
        "---\r\n"
        "trailing spaces   \r\n"
        "NicolÃ¡s\tand\ttabs\r\n"
        "no newline at the end: rÃ©sumÃ©"
    ).encode()
    root = site({POST: b"\xef\xbb\xbf" + original})
    run = cli("fix", "--site", root, root / POST)
    assert run.code == 0, run
    assert run.out == f"fixed {POST}: 3 mojibake repairs, byte-order mark removed\n"
    expected = (
        original.decode()
        .replace("CafÃ©", "Café")
        .replace("NicolÃ¡s", "Nicolás")
        .replace("rÃ©sumÃ©", "résumé")
    )
    assert (root / POST).read_bytes() == expected.encode()


def test_diff_shows_and_changes_nothing(site, cli) -> None:
    content = "---\ntitle: x\n---\nHereâ€™s \x1b[2J text\n"
    root = site({POST: content})
    run = cli("fix", "--diff", root)
    assert run.code == 0, run
    assert f"--- a/{POST}\n+++ b/{POST}\n" in run.out
    assert "-Hereâ€™s \x1b[2J text\n+Here’s \x1b[2J text\n" in run.out  # exact (not a terminal)
    assert (root / POST).read_text() == content


def test_check_exits_1_and_changes_nothing(site, cli) -> None:
    root = site(
        {POST: "---\ntitle: x\n---\nHereâ€™s\n", "_posts/2026-01-02-ok.md": "---\n---\nok\n"}
    )
    run = cli("fix", "--check", root)
    assert run.code == 1, run
    assert run.out == f"would fix {POST}: 1 mojibake repair\n"
    assert (root / POST).read_text() == "---\ntitle: x\n---\nHereâ€™s\n"


def test_clean_site_is_left_alone(site, cli) -> None:
    root = site({POST: "---\ntitle: SÃO TOMÉ\n---\n“Fine” – ¯\\_(ツ)_/¯\n"})
    mtime = (root / POST).stat().st_mtime_ns
    assert cli("fix", "--check", root).code == 0
    run = cli("fix", root)
    assert (run.code, run.out) == (0, "")
    assert (root / POST).stat().st_mtime_ns == mtime


def test_permissions_kept_and_no_temp_files(site, cli) -> None:
    root = site({POST: "---\n---\nNicolÃ¡s\n"})
    os.chmod(root / POST, 0o640)
    assert cli("fix", root).code == 0
    assert stat.S_IMODE((root / POST).stat().st_mode) == 0o640
    assert sorted(p.name for p in (root / "_posts").iterdir()) == ["2026-01-01-cafe.md"]


def test_link_inside_site_is_kept_and_its_target_fixed(site, cli) -> None:
    root = site({"shared/cafe.md": "---\n---\nNicolÃ¡s\n"})
    (root / "_posts").mkdir()
    os.symlink("../shared/cafe.md", root / POST)
    assert cli("fix", "--site", root, root / POST).code == 0
    assert (root / POST).is_symlink()
    assert (root / "shared/cafe.md").read_text() == "---\n---\nNicolás\n"


def test_not_utf8_is_not_rewritten_without_from_encoding(site, cli) -> None:
    data = "---\ntitle: Café\n---\nNaïve café, “quoted”\n".encode("cp1252")
    root = site({POST: data})
    run = cli("fix", root)
    assert run.code == 0, run
    assert run.err.startswith(f"{POST}: not changed: byte 0xe9 is not UTF-8")
    assert (root / POST).read_bytes() == data


def test_from_encoding_transcodes_the_whole_file(site, cli) -> None:
    text = "---\r\ntitle: Café\r\n---\r\nNaïve café, “quoted”\r\n"
    root = site({POST: text.encode("cp1252"), "_posts/2026-01-02-utf8.md": "---\n---\né\n"})
    run = cli("fix", "--from-encoding", "cp1252", root)
    assert run.code == 0, run
    assert run.out == f"fixed {POST}: transcoded from cp1252\n"
    assert (root / POST).read_bytes() == text.encode("utf-8")
    assert (root / "_posts/2026-01-02-utf8.md").read_text() == "---\n---\né\n"


def test_from_encoding_that_does_not_fit(site, cli) -> None:
    root = site({POST: b"---\n---\n\x81\x8d\xff\n"})
    run = cli("fix", "--from-encoding", "cp1252", root)
    assert run.code == 1, run
    assert "cannot be read as cp1252" in run.err
    assert (root / POST).read_bytes() == b"---\n---\n\x81\x8d\xff\n"


@pytest.mark.parametrize("codec", ["no-such-codec", "rot13x"])
def test_unknown_encoding_is_a_usage_error(site, cli, codec: str) -> None:
    root = site({POST: "---\n---\nx\n"})
    run = cli("fix", "--from-encoding", codec, root)
    assert run.code == 2
    assert run.err == f"pressbot: unknown encoding {codec!r}\n"


def test_changed_since_fixes_only_changed_posts(tmp_path: Path, cli) -> None:
    root = git_init(tmp_path / "repo")
    (root / "_posts").mkdir()
    old = root / "_posts/2026-01-01-old.md"
    old.write_text("---\n---\nNicolÃ¡s\n")
    git(root, "add", ".")
    git(root, "commit", "-qm", "old")
    new = root / "_posts/2026-01-02-new.md"
    new.write_text("---\n---\nNicolÃ¡s\n")
    git(root, "add", ".")
    run = cli("fix", "--site", root, "--changed-since", "HEAD")
    assert run.code == 0, run
    assert new.read_text() == "---\n---\nNicolás\n"
    assert old.read_text() == "---\n---\nNicolÃ¡s\n"


def test_a_repair_that_moves_a_post_says_how_to_keep_its_url(tmp_path: Path, cli) -> None:
    """A repaired category is a new path segment of a Jekyll URL (a repaired title is not:
    Jekyll's `:title` is the file name's). `fix` names the move and the `permalink:` that
    keeps the old URL; with it added, the post builds at the old URL again."""
    from tests.conftest import write_site

    root = write_site(
        tmp_path,
        {
            "_config.yml": "title: x\n",
            "_posts/2026-01-02-moved.md": "---\ntitle: T\ncategories: [CafÃ©]\n---\nBody.\n",
            "_posts/2026-01-03-kept.md": "---\ntitle: CafÃ© kept\n---\nBody.\n",
        },
    )
    run = cli("fix", "--site", str(root))
    assert run.code == 0, run
    notes = [line for line in run.err.splitlines() if line]
    before, after = "/caf%C3%A3%C2%A9/2026/01/02/moved.html", "/caf%C3%A9/2026/01/02/moved.html"
    assert notes == [
        f"_posts/2026-01-02-moved.md: the repair moves the post from {before} to {after}: "
        f"if it is published already, keep the old one with `permalink: {before}`"
    ]
    moved = root / "_posts/2026-01-02-moved.md"
    moved.write_text(moved.read_text("utf-8").replace("---\n", f"---\npermalink: {before}\n", 1))
    listed = cli("list", "--format", "json", "--site", str(root))
    urls = {p["path"]: p["url"] for p in json.loads(listed.out)["posts"]}
    assert urls["_posts/2026-01-02-moved.md"] == before
