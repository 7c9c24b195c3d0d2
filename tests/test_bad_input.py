"""Bad input gets a clear finding or a one-line error: never a traceback, nothing revealed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.linter import check_posts
from bot.site import load_site
from tests.conftest import ROOT
from tests.inputkit import as_reader_without_override

GOOD = "---\ntitle: Fine\n---\n\nText.\n"


def rules_of(root: Path, *paths: Path) -> list[tuple[str, int, int, str]]:
    site = load_site(root)
    result = check_posts(site, list(paths) or None, jobs=1)
    return [(f.path, f.line, f.column, f.rule) for f in result.findings]


def test_empty_file(site) -> None:
    root = site({"_posts/2026-01-01-empty.md": ""})
    assert rules_of(root) == [("_posts/2026-01-01-empty.md", 1, 1, "frontmatter/missing")]


def test_binary_file_named_md(site) -> None:
    root = site({"_posts/2026-01-01-photo.md": bytes(range(256)) * 4})
    assert rules_of(root) == [("_posts/2026-01-01-photo.md", 1, 1, "encoding/binary")]


def test_fifty_megabyte_post(site, cli) -> None:
    body = ("A line of ordinary news text, “quoted” and plain. " * 20 + "\n") * 50_000
    root = site({"_posts/2026-01-01-huge.md": GOOD + body})
    assert (root / "_posts/2026-01-01-huge.md").stat().st_size > 50_000_000
    run = cli("check", "--format", "json", root)
    assert run.code == 0, run
    assert json.loads(run.out)["files_checked"] == 1


ALIAS_BOMB = (
    "---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    + "---\n"
)


def test_yaml_alias_bomb_is_refused_quickly_and_small() -> None:
    """In a fresh process: the bomb is refused within about a second, in little memory."""
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from bot.linter import check_posts\n"
        "from bot.site import load_site\n"
        "root = Path(sys.argv[1])\n"
        "start = time.perf_counter()\n"
        "r = check_posts(load_site(root), jobs=1)\n"
        "print(time.perf_counter() - start)\n"
        "status = Path('/proc/self/status').read_text()\n"
        "print(next(l.split()[1] for l in status.splitlines() if l.startswith('VmHWM')))\n"
        "print(r.findings[0].rule)\n"
    )
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        post = Path(tmp) / "_posts" / "2026-01-01-bomb.md"
        post.parent.mkdir()
        post.write_text(ALIAS_BOMB, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-c", code, tmp], capture_output=True, text=True, cwd=ROOT, timeout=60
        )
    assert done.returncode == 0, done.stderr
    seconds, max_rss_kb, rule = done.stdout.split()
    assert rule == "frontmatter/syntax"
    assert float(seconds) < 3.0  # generous on a shared machine; it takes ~0.3 s
    assert int(max_rss_kb) < 300_000  # a billion "lol"s would need gigabytes


def test_python_tags_are_never_run(site, tmp_path: Path) -> None:
    """Jekyll's YAML reader does not know these tags and reads the values as if untagged
    (`tests/test_yaml_tags.py`); nothing they name is run."""
    marker = tmp_path / "ran"
    root = site(
        {
            "_posts/2026-01-01-evil.md": "---\ntitle: !!python/object/apply:os.system "
            f"['touch {marker}']\n---\n",
            "_posts/2026-01-02-evil.md": "---\n!!python/object:collections.OrderedDict {}\n---\n",
        }
    )
    found = rules_of(root)
    assert "frontmatter/syntax" not in [r[3] for r in found]
    assert any(r[3] == "schema/type" for r in found)  # a title read as the list it is
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("---\n- a\n- b\n---\n", "frontmatter/not-a-mapping"),
        ("---\n42\n---\n", "frontmatter/not-a-mapping"),
        ("---\ntitle: open\n\nno end\n", "frontmatter/missing"),
    ],
)
def test_front_matter_shapes(site, text: str, rule: str) -> None:
    root = site({"_posts/2026-01-01-x.md": text})
    assert [r[3] for r in rules_of(root)] == [rule]


def test_invalid_utf8_names_first_bad_byte(site) -> None:
    data = "---\ntitle: ok\n---\n\nline five\nsix: naïve ".encode() + b"caf\xe9\n"
    root = site({"_posts/2026-01-01-latin.md": data})
    found = rules_of(root)
    assert found == [("_posts/2026-01-01-latin.md", 6, 15, "encoding/invalid-utf8")]


def test_invalid_utf8_suggests_the_likely_codec(site) -> None:
    data = "---\ntitle: Café\n---\n\nNaïve “quotes” — and more.\n".encode("cp1252")
    root = site({"_posts/2026-01-01-latin.md": data})
    (finding,) = check_posts(load_site(root), jobs=1).findings
    assert "--from-encoding cp1252" in finding.message


def test_bom_and_crlf(site) -> None:
    text = "\ufeff---\r\ntitle: Windows\r\n---\r\n\r\nLine.\r\n"
    root = site({"_posts/2026-01-01-win.md": text})
    site_ = load_site(root)
    result = check_posts(site_, jobs=1)
    assert [(f.rule, f.line) for f in result.findings] == [("encoding/bom", 1)]
    from bot.jekyll import describe
    from bot.post import read_post

    post = read_post(site_, root / "_posts/2026-01-01-win.md")
    assert post.front_matter == {"title": "Windows"}
    assert describe(post, site_).published


def test_symlinked_post_outside_is_refused_without_reading(site, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: TOP-SECRET-VALUE\n---\nzero\u200bwidth\n", encoding="utf-8")
    root = site({"_posts/2026-01-01-real.md": GOOD})
    os.symlink(secret, root / "_posts" / "2026-01-02-link.md")
    result = check_posts(load_site(root), jobs=1)
    rules = [(f.path, f.rule) for f in result.findings]
    assert rules == [("_posts/2026-01-02-link.md", "file/outside-site")]
    text = json.dumps([f.as_dict() for f in result.findings])
    assert "TOP-SECRET" not in text and str(secret) not in text


def test_symlinked_image_outside_is_refused(site, tmp_path: Path) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(b"\x89PNG")
    root = site({"_posts/2026-01-01-x.md": "---\ntitle: x\nimage: /assets/pic.png\n---\n"})
    (root / "assets").mkdir()
    os.symlink(outside, root / "assets" / "pic.png")
    result = check_posts(load_site(root), jobs=1)
    (finding,) = [f for f in result.findings if f.rule == "assets/missing"]
    assert "outside the site" in finding.message
    assert str(outside) not in finding.message


def test_image_path_climbing_out(site) -> None:
    root = site({"_posts/2026-01-01-x.md": "---\ntitle: x\nimage: ../../etc/passwd\n---\n"})
    result = check_posts(load_site(root), jobs=1)
    missing = [f for f in result.findings if f.rule == "assets/missing"]
    assert len(missing) == 1 and "climbs out of the site" in missing[0].message


def test_folder_named_like_a_post(site, cli) -> None:
    root = site({"_posts/2026-01-01-ok.md": GOOD})
    (root / "_posts" / "2026-01-02-x.md").mkdir()
    run = cli("check", "--format", "json", root)
    assert run.code == 0, run
    assert json.loads(run.out)["files_checked"] == 1
    run = cli("check", root / "_posts" / "2026-01-02-x.md")
    assert run.code == 0 and "0 files checked" in run.out


def test_unreadable_file(site) -> None:
    """No read permission (root too: it runs without the capability to override it)."""
    root = site({"_posts/2026-01-01-locked.md": GOOD})
    path = root / "_posts/2026-01-01-locked.md"
    path.chmod(0)
    try:
        done = as_reader_without_override("check", "--format", "json", "--site", root)
    finally:
        path.chmod(0o644)
    assert done.code == 1, done
    found = [(f["path"], f["rule"]) for f in json.loads(done.out)["findings"]]
    assert found == [("_posts/2026-01-01-locked.md", "file/unreadable")]


def test_unreadable_file_as_root_via_dangling_link(site) -> None:
    """A link to a vanished file cannot be read by anyone, root included."""
    root = site({"_posts/2026-01-01-ok.md": GOOD})
    os.symlink(root / "_posts" / "gone.md", root / "_posts" / "2026-01-02-dangling.md")
    found = rules_of(root)
    assert found == [("_posts/2026-01-02-dangling.md", 1, 1, "file/unreadable")]


def test_fifo_named_like_a_post_is_not_opened(site) -> None:
    """Opening a FIFO would wait for a writer forever; it is reported, never opened."""
    root = site({"_posts/2026-01-01-ok.md": GOOD})
    os.mkfifo(root / "_posts" / "2026-01-02-pipe.md")
    found = rules_of(root, root / "_posts" / "2026-01-02-pipe.md")
    assert found == [("_posts/2026-01-02-pipe.md", 1, 1, "file/unreadable")]


def test_missing_path_is_a_usage_error(site, cli) -> None:
    root = site({"_posts/2026-01-01-ok.md": GOOD})
    run = cli("check", root / "_posts" / "nope.md")
    assert run.code == 2
    assert run.err.startswith("pressbot: ") and "no such file" in run.err
    assert "Traceback" not in run.err


@pytest.mark.parametrize(
    ("config", "names"),
    [
        ("requried: [title]\n", "requried"),
        ("max_length:\n  title: many\n", "max_length.title"),
        ("rules:\n  severity:\n    encoding/bom: loud\n", "rules.severity"),
        ("required: [title\n", ".pressbot.yml:2"),
        ("- just\n- a list\n", "mapping"),
    ],
)
def test_broken_config_exits_2_naming_the_key(site, cli, config: str, names: str) -> None:
    root = site({"_posts/2026-01-01-ok.md": GOOD, ".pressbot.yml": config})
    run = cli("check", "--site", root)
    assert run.code == 2, run
    assert names in run.err and run.err.count("\n") == 1
    assert "Traceback" not in run.err


def test_unknown_rule_in_select_is_a_usage_error(site, cli) -> None:
    root = site({"_posts/2026-01-01-ok.md": GOOD})
    run = cli("check", "--select", "encodng", root)
    assert run.code == 2 and "encodng" in run.err


@pytest.mark.parametrize(
    ("before", "char"),
    [
        ('title: ok\nauthor: "a ', "\ufffe"),
        ('title: ok\nauthor: "a ', "\x7f"),
        ('title: ok\r\nlead: x\rauthor: "a ', "\x9f"),  # a lone CR ends no line of the file
        ("\ufefftitle: ok\nauthor: 'a ", "\x07"),
        ('títle: ok\nauthor: "é ', "\x7f"),  # counted in characters, not bytes
        ('title: "a\u2028b\x85c"\nauthor: "a\u2029 ', "\x7f"),  # nor NEL, U+2028, U+2029
    ],
)
def test_a_character_yaml_refuses_is_found_where_it_is(site, before: str, char: str) -> None:
    """YAML allows no control character or noncharacter, not even in quotes: the finding
    points at it (its line and column), not at the front matter's start."""
    text = f'---\n{before}{char} b"\n---\nx\n'
    root = site({"_posts/2026-01-01-char.md": text.encode("utf-8")})
    syntax = [r for r in rules_of(root) if r[3] == "frontmatter/syntax"]
    line = 1 + before.count("\n") + 1  # the file's lines, which a lone CR does not end
    column = len(before.rsplit("\n", 1)[-1]) + 1
    assert syntax == [("_posts/2026-01-01-char.md", line, column, "frontmatter/syntax")]
