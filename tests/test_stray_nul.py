"""A UTF-8 post with a stray NUL byte (pasted from a PDF) is UTF-8 text with a control
character, as Jekyll and Hugo read it (both publish it), not a binary file and not UTF-16.
Compared with a real `jekyll build` and `hugo`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.post import wide_encoding
from tests.inputkit import pressbot

POST = "_posts/2020-01-06-m.md"
TEXT = b"---\ntitle: x\ncategories: news\n---\nSome text. Some text. Some text.\x00\x00\n"


def _build(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    found = shutil.which(tool)
    assert found is not None
    return subprocess.run(
        [found, *args], capture_output=True, text=True, errors="replace", check=False, timeout=120
    )


@pytest.mark.usefixtures("jekyll_oracle")
def test_jekyll_publishes_it_and_check_points_at_the_nul(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: T\n")
    (site / POST).write_bytes(TEXT)
    built = _build("jekyll", "build", "-s", str(site), "-d", str(tmp_path / "out"))
    assert built.returncode == 0, built
    assert (tmp_path / "out/news/2020/01/06/m.html").is_file()

    checked = pressbot("check", "--site", str(site))
    assert checked.code == 1
    assert checked.out.splitlines()[:2] == [
        f"{POST}:5:33: error encoding/control-char control character U+0000 is not text; remove it",
        f"{POST}:5:34: error encoding/control-char control character U+0000 is not text; remove it",
    ]
    listed = json.loads(pressbot("list", "--format", "json", "--site", str(site)).out)
    (post,) = listed["posts"]
    assert (post["published"], post["url"], post["categories"]) == (
        True,
        "/news/2020/01/06/m.html",
        ["news"],
    )
    # the UTF-16 reading once advised turns the post into CJK: never done
    pressbot("fix", "--from-encoding", "utf-16-be", str(site / POST))
    assert (site / POST).read_bytes() == TEXT


@pytest.mark.usefixtures("hugo_oracle")
def test_hugo_publishes_it_and_check_points_at_the_nul(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content/posts").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "T"\n')
    (site / "layouts/_default").mkdir(parents=True)
    (site / "layouts/_default/single.html").write_text("{{ .Content }}")
    (site / "content/posts/m.md").write_bytes(TEXT)
    built = _build("hugo", "-s", str(site), "-d", str(tmp_path / "out"))
    assert built.returncode == 0, built
    assert (tmp_path / "out/posts/m/index.html").is_file()

    checked = pressbot("check", "--site", str(site))
    assert checked.code == 1
    assert "content/posts/m.md:5:33: error encoding/control-char" in checked.out
    assert "encoding/binary" not in checked.out
    assert "invalid-utf8" not in checked.out
    listed = json.loads(pressbot("list", "--format", "json", "--site", str(site)).out)
    (post,) = listed["posts"]
    assert (post["published"], post["categories"]) == (True, ["news"])


@pytest.mark.parametrize(
    "data",
    [
        TEXT,
        b"\x00" + TEXT,
        TEXT * 50 + b"\x00",
        "---\ntitle: café\n---\n한국어\x00 text\n".encode(),
        b"---\ntitle: x\n---\nnul \x00 in text that is not UTF-8: caf\xe9\n",
    ],
)
def test_text_with_a_few_nuls_is_not_wide_text(data: bytes) -> None:
    assert wide_encoding(data) is None


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: x\n---\nSome text.\n",
        "---\ntitle: 標題\n---\n" + "中文的文章內容。" * 400 + "\n",  # little ASCII
        "---\ntitle: x\n---\n" + "Ābc " * 300,  # U+0100: a NUL byte the other way round
    ],
)
def test_wide_text_without_a_bom_is_still_wide(codec: str, text: str) -> None:
    found = wide_encoding(text.encode(codec))
    assert found is not None and found[0] == codec
