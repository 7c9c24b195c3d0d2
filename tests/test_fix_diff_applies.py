"""`pressbot fix --diff` prints a diff that applies exactly: `git apply` and `patch -p1`, run
on a copy of the site, make every file what `pressbot fix` writes, byte for byte. Generated
posts mix every shape the diff must carry: no final newline (on a repaired line or an
untouched one), CRLF and CR-only endings, a BOM, a BOM and nothing else, an empty file,
control characters, lines that look like diff syntax or workflow commands, names that must be
quoted; and files transcoded from cp1252 or UTF-16, where the diff applies to the text in
UTF-8 that the `#` line announces.

A seeded generator stands in for a property-testing library; a failure names the seed.
"""

from __future__ import annotations

import ast
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, git_init
from tests.inputkit import on_a_terminal

SEEDS = [1, 2, 3]
POSTS = 40
LINES = [
    "Hereâ€™s a repair", "CafÃ© culture", "plain text", "", "  indented", "\ttab\tthere",
    "--- a/looks/like/a/header", "+++ b/x", "@@ -1 +1 @@", "\\ No newline at end of file",
    " ::error::forged", "##[error]forged", "ctrl \x1b[2J and \x07", "form\ffeed", "lone\rcr",
    "trailing space   ", "NaÃ¯ve rÃ©sumÃ©", "naïve", "“quoted”",
]  # fmt: skip
ENDINGS = ["\n", "\n", "\r\n", "\r"]
NAMES = ["p{i}", "a b{i}", 'q"{i}', "back\\slash{i}", "tab\t{i}", "café{i}"]
FIXED = {  # the shapes named in the README, whatever the generator draws
    "last-line-repaired": "---\ntitle: x\n---\nno newline cafÃ©",
    "last-line-untouched": "---\ntitle: CafÃ©\n---\na\nb\nc\nd\nno newline",
    "crlf-no-newline": "---\r\ntitle: x\r\n---\r\nHereâ€™s\r\nend",
    "crlf-newline": "---\r\ntitle: x\r\n---\r\nHereâ€™s\r\n",
    "cr-only": "---\rtitle: x\r---\rHereâ€™s\r",
    "ends-in-cr": "---\ntitle: x\n---\nHereâ€™s\r",
    "bom-only": "\ufeff",
    "bom-newline": "\ufeff\n",
    "bom-repair": "\ufeff---\ntitle: x\n---\nHereâ€™s",
    "empty": "",
    "only-mojibake": "CafÃ©",
}


def _post(rng: random.Random) -> str:
    ending = rng.choice(ENDINGS)
    body = [rng.choice(LINES) for _ in range(rng.randrange(0, 12))]
    head = ["---", f"title: {rng.choice([*LINES[:3], 'x'])}", "---"]
    parts = [line + (rng.choice(ENDINGS) if rng.random() < 0.1 else ending) for line in head + body]
    text = "".join(parts)
    if rng.random() < 0.4:  # no final newline
        text = text.rstrip("\r\n")
    return ("\ufeff" if rng.random() < 0.15 else "") + text


def _site(root: Path, seed: int, codec: str) -> Path:
    rng = random.Random(seed)
    texts = {f"fixed-{key}": text for key, text in FIXED.items()}
    for i in range(POSTS):
        texts[rng.choice(NAMES).format(i=i)] = _post(rng)
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: T\n")
    for i, (name, text) in enumerate(texts.items()):
        data = text.encode(codec, "replace")
        (root / "_posts" / f"2024-01-{i % 28 + 1:02d}-{name}.md").write_bytes(data)
    return root


def _pressbot(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "PYTHONIOENCODING": "ascii"}
    argv = [sys.executable, "-m", "bot", *map(str, args)]
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, check=False)


def _transcoded(diff: bytes) -> dict[str, str]:
    """The files the diff's `#` lines say were transcoded, and from which codec."""
    said = re.findall(rb"^# (.+): transcoded from (\S+) to UTF-8$", diff, re.M)
    return {_unquoted(name): codec.decode() for name, codec in said}


def _unquoted(name: bytes) -> str:
    """A name as the diff's headers write it; a quoted one (C style) is ASCII in this test,
    and a Python bytes literal reads the same escapes."""
    if name.startswith(b'"'):
        return os.fsdecode(ast.literal_eval("b" + name.decode("ascii")))
    return name.decode("utf-8")


def _files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (root / "_posts").iterdir()}


@pytest.mark.parametrize("codec", ["utf-8", "cp1252", "utf-16-le"])
@pytest.mark.parametrize("seed", SEEDS)
def test_the_printed_diff_applies_exactly(tmp_path: Path, seed: int, codec: str) -> None:
    site = _site(tmp_path / "site", seed, codec)
    extra = [] if codec == "utf-8" else ["--from-encoding", codec]
    shown = _pressbot("fix", "--diff", *extra, cwd=site)
    assert shown.returncode in (0, 1) and b"Traceback" not in shown.stderr, (seed, shown)
    diff = shown.stdout  # a file left alone (a UTF-16 one read as binary) is only noted
    assert diff.isascii() is False  # written as UTF-8 although the stream is ASCII
    base = tmp_path / "base"
    shutil.copytree(site, base)
    for name, was in _transcoded(diff).items():  # the diff is of the text, in UTF-8
        path = base / name
        path.write_bytes(path.read_bytes().decode(was).encode("utf-8"))
    assert _pressbot("fix", *extra, cwd=site).returncode == shown.returncode
    fixed = _files(site)
    changed = sum(fixed[name] != data for name, data in _files(base).items())
    assert changed >= 5, (seed, changed)  # the draw is not a dud
    (tmp_path / "fix.diff").write_bytes(diff)
    tools = [["git", "apply", "--whitespace=nowarn"], ["patch", "-p1", "--quiet"]]
    for tool in tools[: 2 if shutil.which("patch") else 1]:
        copy = tmp_path / tool[0]
        shutil.copytree(base, copy)
        git_init(copy)
        with (tmp_path / "fix.diff").open("rb") as patch:
            done = subprocess.run(tool, cwd=copy, stdin=patch, capture_output=True, check=False)
        assert done.returncode == 0, (seed, tool, done.stdout, done.stderr)
        assert _files(copy) == fixed, (seed, tool)
    assert _pressbot("fix", "--diff", *extra, cwd=site).stdout == b""


def test_a_terminal_sees_escapes_and_is_told_so(tmp_path: Path) -> None:
    """On a terminal a control character of a post is shown as its escape (it would clear the
    screen or move the cursor); that copy of the diff does not apply, and a `#` line says so."""
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: T\n")
    (root / "_posts/2024-01-02-a.md").write_bytes(
        "---\ntitle: x\n---\nHereâ€™s \x1b[2J\rtext\n".encode()
    )
    shown = on_a_terminal("fix", "--diff", cwd=root)
    assert shown.code == 0, shown
    assert "-Hereâ€™s \\x1b[2J\\x0dtext\n+Here’s \\x1b[2J\\x0dtext\n" in shown.out, shown
    assert "\x1b" not in shown.out and "\r" not in shown.out
    assert "are shown as escapes; write the diff to a file for one that applies\n" in shown.out
    piped = _pressbot("fix", "--diff", cwd=root).stdout
    assert "-Hereâ€™s \x1b[2J\rtext\n+Here’s \x1b[2J\rtext\n".encode() in piped
    assert b"escapes" not in piped


def test_an_actions_log_sees_escapes_and_a_file_gets_the_exact_diff(tmp_path: Path) -> None:
    """In GitHub Actions the log (a pipe) is shown by a viewer that acts on escape sequences
    as a terminal does: the post's control characters are escapes there. A diff redirected to
    a file still applies byte for byte."""
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: T\n")
    (root / "_posts/2024-01-02-a.md").write_bytes(
        "---\ntitle: x\n---\nHereâ€™s \x1b[2J\rtext\n".encode()
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "GITHUB_ACTIONS": "true"}
    argv = [sys.executable, "-m", "bot", "fix", "--diff"]
    logged = subprocess.run(argv, cwd=root, env=env, capture_output=True, check=False).stdout
    assert b"\x1b" not in logged and b"\r" not in logged, logged
    assert b"\\x1b[2J\\x0dtext" in logged and b"are shown as escapes" in logged
    with (tmp_path / "fix.diff").open("wb") as out:
        subprocess.run(argv, cwd=root, env=env, stdout=out, check=False)
    written = (tmp_path / "fix.diff").read_bytes()
    assert "+Here’s \x1b[2J\rtext\n".encode() in written and b"escapes" not in written


def test_a_linked_post_s_diff_names_the_file_written(tmp_path: Path) -> None:
    """A post that is a link to a file of the site, and one in a category folder that is a
    link (`news -> blog`), are fixed where they are: the diff names those files, and `git
    apply` (which changes no file beyond a link) and `patch -p1` (which replaces no link)
    apply it to a checkout as `fix` writes it."""
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "shared").mkdir()
    (site / "blog" / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: T\n")
    (site / "shared" / "hello.md").write_text("---\ntitle: Hello\n---\nHereâ€™s text\n")
    os.symlink("../shared/hello.md", site / "_posts" / "2024-01-02-hello.md")
    (site / "blog" / "_posts" / "2024-01-03-b.md").write_text("---\ntitle: B\n---\nCafÃ©\n")
    os.symlink("blog", site / "news")
    git_init(site)
    subprocess.run(["git", "add", "-A"], cwd=site, check=True)
    commit = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "posts"]
    subprocess.run(commit, cwd=site, check=True)
    shown = _pressbot("fix", "--diff", cwd=site)
    assert shown.returncode == 0, shown
    headers = re.findall(rb"^(?:---|\+\+\+) .*$", shown.stdout, re.M)
    assert sorted(headers) == [
        b"+++ b/blog/_posts/2024-01-03-b.md",
        b"+++ b/shared/hello.md",
        b"--- a/blog/_posts/2024-01-03-b.md",
        b"--- a/shared/hello.md",
    ], shown.stdout
    (tmp_path / "fix.diff").write_bytes(shown.stdout)
    tools = [["git", "apply"], ["patch", "-p1", "--quiet"]]
    for tool in tools[: 2 if shutil.which("patch") else 1]:
        copy = tmp_path / tool[0]
        subprocess.run(["git", "clone", "-q", str(site), str(copy)], check=True)
        with (tmp_path / "fix.diff").open("rb") as patch:
            done = subprocess.run(tool, cwd=copy, stdin=patch, capture_output=True, check=False)
        assert done.returncode == 0, (tool, done.stdout, done.stderr)
    assert _pressbot("fix", cwd=site).returncode == 0
    for name in ("shared/hello.md", "blog/_posts/2024-01-03-b.md"):
        for tool in tools:
            if (tmp_path / tool[0]).exists():
                assert (tmp_path / tool[0] / name).read_bytes() == (site / name).read_bytes()
    assert os.path.islink(site / "_posts" / "2024-01-02-hello.md")
