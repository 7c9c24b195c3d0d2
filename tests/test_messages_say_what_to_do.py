"""Every finding says what to do, as the README promises: the messages of the rules' fixture
files each hold an instruction after what is wrong, and the messages that only said what was
wrong (a YAML error, a category or field the site does not know) now say how to fix it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, write_site
from tests.inputkit import pressbot

EXPECTED = [
    *sorted((FIXTURES / "rules").glob("*/flag/expected.txt")),
    FIXTURES / "hugo-schema" / "strict.expected",
]
VERBS = (
    "add|remove|write|rename|use|put|quote|correct|close|keep|give|save|replace|shorten|set|"
    "move|fix|create|indent|list|name|restore|convert|run|wrap|define|start|end|make|change|"
    "flatten|line up|delete|drop|merge"
)
INSTRUCTION = re.compile(rf"[;:(][^;:(]*\b({VERBS})\b")
SHAPE = re.compile(r"^[\w.\[\]]+: expected [^,]+, got ")
"""`title: expected text, got 2026`: the shape to write is the instruction (the style's own)."""


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.parent.parent.name or p.name)
def test_every_fixture_message_says_what_to_do(path: Path) -> None:
    for line in path.read_text(encoding="utf-8").splitlines():
        message = line.split(" ", 3)[3]
        assert INSTRUCTION.search(message) or SHAPE.match(message), line


def messages(root: Path) -> dict[str, str]:
    done = pressbot("check", "--format", "json", "--site", root, cwd=root)
    return {f["rule"] + f" {f['line']}": f["message"] for f in json.loads(done.out)["findings"]}


def test_the_readme_examples_say_what_to_do(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "_config.yml": "title: T\n",
            ".pressbot.yml": "categories: [News, World]\ntags: [a]\nunknown_fields: forbid\n",
            "_posts/2026-01-05-a.md": '---\ntitle: "the "wrong" quotes"\n---\nx\n',
            "_posts/2026-01-05-b.md": "---\ntitle: ok\ncategories: [Sport]\nhtml_title: y\n---\n",
        },
    )
    found = messages(root)
    assert found["frontmatter/syntax 2"] == (
        "front matter: did not find expected key (while parsing a block mapping); quote a value "
        "holding quotes with the other kind ('say \"hi\"'), and line up the keys"
    )
    assert found["schema/value 3"] == (
        'categories: "Sport" is not one of the site\'s categories (allowed: "News", "World"); '
        "use one of them, or add it to `categories` in .pressbot.yml"
    )
    assert found["schema/unknown-field 4"] == (
        'unknown field "html_title"; the site does not use it: remove it, or list it in '
        "`extra_fields` in .pressbot.yml"
    )


def test_settings_in_jekylls_config_are_named_there(tmp_path: Path) -> None:
    allowed = ", ".join(f"C{i}" for i in range(8))
    root = write_site(
        tmp_path,
        {
            "_config.yml": f"title: T\npressbot:\n  categories: [{allowed}]\n",
            "_posts/2026-01-05-b.md": "---\ntitle: ok\ncategories: [Sport]\n---\n",
        },
    )
    assert messages(root)["schema/value 3"] == (
        'categories: "Sport" is not one of the site\'s categories (allowed: "C0", "C1", "C2", '
        '"C3", "C4" and 3 more); use one of them, or add it to `pressbot.categories` in '
        "_config.yml"
    )


@pytest.mark.parametrize(
    ("front", "remedy"),
    [
        ("title: x\n\tdate: y", "indent with spaces, not tabs"),
        ("title: @x", "put the value in quotes"),
        ("title: a: b", 'put a value holding ": " in quotes'),
        ("tags: [a, b", "close the list with ]"),
        ("title: 'it", "close the quote the value opens"),
        ("a: *nope", "define the anchor (&name) before the alias (*name)"),
    ],
)
def test_yaml_errors_say_what_to_do(tmp_path: Path, front: str, remedy: str) -> None:
    root = write_site(
        tmp_path, {"_config.yml": "title: T\n", "_posts/2026-01-05-a.md": f"---\n{front}\n---\n"}
    )
    (message,) = messages(root).values()
    assert f"; {remedy}" in message, message


@pytest.mark.parametrize(
    ("name", "text", "remedy"),
    [
        ("a.md", '+++\ntitle: "a"\n+++\n', "; correct the TOML here"),
        ("b.md", '{"title": "a",}\n', "; correct the JSON here"),
        ("c.md", "---\n- a\n---\n", "; write it as `key: value` lines"),
        ("d.md", "---\ntitle: a\n", "; close the front matter"),
    ],
)
def test_hugo_decoder_errors_say_what_to_do(
    tmp_path: Path, name: str, text: str, remedy: str
) -> None:
    root = write_site(tmp_path, {"hugo.toml": 'title = "x"\n', f"content/{name}": text})
    (message,) = messages(root).values()
    assert remedy in message, message
