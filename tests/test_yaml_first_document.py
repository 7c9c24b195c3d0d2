"""Jekyll reads front matter and `_config.yml` with `Psych.safe_load` (through `Psych.parse`)
and Hugo with go-yaml's `Unmarshal`: both read the first YAML document and parse nothing
after it (a `--- x`, `... x` or `%YAML` line ends it), but for control characters, which
libyaml's reader refuses anywhere. Compared with real Ruby, `jekyll build` and `hugo`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from bot import yamlread
from tests.inputkit import pressbot

CASES = [
    "title: x\n--- [unclosed\n",
    "title: x\n---\nfoo: [\n",
    "title: x\n...\nfoo: [\n",
    "title: x\n... [\n",
    "title: x\n%YAML 1.1\n---\nfoo: [\n",
    "title: x\n...\n%YAML 1.1\n---\nfoo: [\n",
    "title: Hello\ncategories: news\n--- # end\nIntro [text\n\n",
    "title: x\n--- a: b\n",
    "title: x\n--- *nope\n",
    "title: x\n--- |0\n",
    "title: x\n---\n\tfoo\n",
    "a: 1\na: 2\n---\nx\n",
    "---\ntitle: T\n---\n",
    "---\n---\ntitle: x\n",
    "...\ntitle: x\n",  # no first document: an error
    "title: x\n---\n\x01\n",  # a control character anywhere: an error
    "title: x\n...\n\x01\n",
    "title: [\n---\nfoo: bar\n",  # an error in the first document
]

_PSYCH = (
    'require "yaml"; require "date"; require "json"; '
    'out = STDIN.read.split("\\0").map { |s| begin; '
    "[true, Psych.safe_load(s, permitted_classes: [Date, Time], aliases: true)]; "
    "rescue Psych::SyntaxError; [false, nil]; end }; puts JSON.generate(out)"
)


@pytest.mark.usefixtures("jekyll_oracle")
def test_the_first_document_is_read_as_psych_reads_it() -> None:
    ruby = shutil.which("ruby")
    assert ruby is not None
    done = subprocess.run(
        [ruby, "-e", _PSYCH],
        input="\0".join(CASES),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    for text, (read, data) in zip(CASES, json.loads(done.stdout), strict=True):
        try:
            ours = [True, yamlread.load(text).data]
        except yamlread.YamlProblem:
            ours = [False, None]
        assert ours == [read, data], text


def _build(tool: str, *args: str) -> None:
    found = shutil.which(tool)
    assert found is not None
    subprocess.run([found, *args], capture_output=True, check=True, timeout=120)


def _pages(out: Path) -> set[str]:
    return {"/" + p.relative_to(out).as_posix() for p in out.rglob("*.html")}


@pytest.mark.usefixtures("jekyll_oracle")
def test_jekyll_posts_and_config_with_a_second_document(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    # `--- # a comment` does not close Jekyll's front matter (its regex wants the line bare):
    # the front matter runs to the next `---` line, and Psych stops at the first.
    (site / "_posts/2020-01-05-a.md").write_text(
        "---\ntitle: Hello\ncategories: news\n--- # end of front matter\nIntro [text\n\n"
        "---\n\nMore.\n"
    )
    (site / "_posts/2020-01-05-d.md").write_text(
        "---\ntitle: x\ncategories: c\n--- [unclosed\n---\nbody\n"
    )
    (site / "_config.yml").write_text("---\ntitle: T\npermalink: /:categories/:title/\n---\n")
    _build("jekyll", "build", "-s", str(site), "-d", str(tmp_path / "out"))
    assert _pages(tmp_path / "out") == {"/news/a/index.html", "/c/d/index.html"}

    checked = pressbot("check", "--site", str(site))
    assert (checked.code, checked.err) == (1, ""), checked
    # no syntax error; the text Jekyll drops is said
    assert [line.split(" ", 3)[:3] for line in checked.out.splitlines()[:-3]] == [
        ["_posts/2020-01-05-a.md:5:1:", "error", "frontmatter/second-document"],
        ["_posts/2020-01-05-d.md:4:1:", "error", "frontmatter/second-document"],
    ]
    listed = json.loads(pressbot("list", "--format", "json", "--site", str(site)).out)
    assert [(p["url"], p["date"][:10], p["categories"]) for p in listed["posts"]] == [
        ("/news/a/", "2020-01-05", ["news"]),
        ("/c/d/", "2020-01-05", ["c"]),
    ]

    (site / "_config.yml").write_text("title: T\npermalink: pretty\n--- \nfoo: [\n")
    _build("jekyll", "build", "-s", str(site), "-d", str(tmp_path / "out2"))
    assert "/news/2020/01/05/a/index.html" in _pages(tmp_path / "out2")
    listed = json.loads(pressbot("list", "--format", "json", "--site", str(site)).out)
    assert listed["posts"][0]["url"] == "/news/2020/01/05/a/"


@pytest.mark.usefixtures("hugo_oracle")
def test_hugo_front_matter_with_a_second_document(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content/posts").mkdir(parents=True)
    (site / "layouts/_default").mkdir(parents=True)
    (site / "layouts/_default/single.html").write_text("{{ .Title }}|{{ .Params.foo }}")
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "T"\n')
    # Hugo's front matter closes at the first line starting with `---`; `...` lines stay in it
    (site / "content/posts/e.md").write_text("---\ntitle: E\n... x\nfoo: [\n---\nbody\n")
    (site / "content/posts/h.md").write_text("---\ntitle: H\n...\nfoo: bar\n---\nbody\n")
    _build("hugo", "-s", str(site), "-d", str(tmp_path / "out"))
    assert (tmp_path / "out/posts/e/index.html").read_text() == "E|"
    assert (tmp_path / "out/posts/h/index.html").read_text() == "H|"

    checked = pressbot("check", "--site", str(site))
    assert (checked.code, checked.out.splitlines()[-1]) == (
        0,
        "2 files checked: 0 error(s), 0 warning(s)",
    ), checked
    listed = json.loads(pressbot("list", "--format", "json", "--site", str(site)).out)
    assert [(p["url"], p["published"]) for p in listed["posts"]] == [
        ("/posts/e/", True),
        ("/posts/h/", True),
    ]


@pytest.mark.usefixtures("hugo_oracle")
def test_hugo_still_stops_on_a_control_character_after_the_document(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content/posts").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "T"\n')
    (site / "content/posts/j.md").write_text("---\ntitle: J\n...\n\x01\n---\nbody\n")
    hugo = shutil.which("hugo")
    assert hugo is not None
    built = subprocess.run(
        [hugo, "-s", str(site), "-d", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert built.returncode != 0 and "control characters are not allowed" in built.stderr
    checked = pressbot("check", "--site", str(site))
    assert "content/posts/j.md:4:1: error frontmatter/syntax" in checked.out, checked
