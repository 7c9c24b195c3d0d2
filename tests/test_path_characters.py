"""The characters of a post's path: the path is the page's URL (or its slug) and what a
reviewer reads in the list of changed files, so mojibake, overrides, invisible and control
characters in a file's or folder's name are reported (at the file's first line, without a
fix: the file is renamed)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.escapekit import HUGO, JEKYLL, encoding_findings
from tests.inputkit import pressbot

POST = "---\ntitle: t\n---\nbody\n"

CASES = [
    ("pay\u202egpj", "encoding/bidi-control", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("zero\u200bwidth", "encoding/invisible-char", "U+200B zero-width space"),
    ("bell\x07", "encoding/control-char", "U+0007"),
    ("esc\x1b[31mred", "encoding/control-char", "U+001B"),
    ("two\nlines", "encoding/control-char", "U+000A"),
    ("tab\there", "encoding/control-char", "U+0009"),
    ("caf\ufffd", "encoding/replacement-char", "U+FFFD"),
    ("cafÃ©", "encoding/mojibake", 'rename it "2020-01-01-café.md"'),
]


def found(root: Path) -> list[dict[str, object]]:
    return encoding_findings(root)


@pytest.mark.parametrize("generator", ["jekyll", "hugo"])
@pytest.mark.parametrize(("name", "rule", "named"), CASES)
def test_a_character_in_the_file_name_is_reported(
    tmp_path: Path, generator: str, name: str, rule: str, named: str
) -> None:
    path = (
        f"_posts/2020-01-01-{name}.md" if generator == "jekyll" else f"content/2020-01-01-{name}.md"
    )
    root = write_site(tmp_path, {**(JEKYLL if generator == "jekyll" else HUGO), path: POST})
    findings = found(root)
    assert [f["rule"] for f in findings] == [rule], findings
    message = str(findings[0]["message"])
    assert message.startswith("the file's path: ") and named in message
    assert (findings[0]["line"], findings[0]["column"]) == (1, 1) and findings[0].get("fix") is None


def test_a_folder_name_is_part_of_the_path(tmp_path: Path) -> None:
    root = write_site(tmp_path, {**HUGO, "content/Ã©tÃ©/post.md": POST})
    findings = found(root)
    assert len(findings) == 1 and 'mojibake "Ã©tÃ©"' in str(findings[0]["message"])
    assert 'rename it "été"' in str(findings[0]["message"])


@pytest.mark.parametrize(
    "name",
    [
        "café-crème",
        "São-Paulo",
        "family-\U0001f469\u200d\U0001f467",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian, with a non-joiner
        "Ελληνικά",
        "日本語",
    ],
)
def test_clean_names_are_not_flagged(tmp_path: Path, name: str) -> None:
    root = write_site(tmp_path, {**JEKYLL, f"_posts/2020-01-01-{name}.md": POST})
    assert found(root) == []


def test_an_annotation_keeps_the_name_on_one_line(tmp_path: Path) -> None:
    """The workflow command names the file with its line feed escaped, so the name cannot
    start a command of its own."""
    name = "_posts/2020-01-01-x\n::warning::injected.md"
    root = write_site(tmp_path, {**JEKYLL, name: POST})
    run = pressbot("check", "--format", "github", "--select", "encoding", cwd=root)
    lines = run.out.splitlines()
    assert lines and all(line.startswith("::error ") for line in lines if line.startswith("::"))
    assert not any(line.startswith("::warning") for line in lines), run.out


@pytest.mark.usefixtures("jekyll_oracle")
def test_jekyll_publishes_the_garbled_name(tmp_path: Path) -> None:
    """Real Jekyll: the mojibake of the name is in the page's URL (its slug keeps the
    letter `Ã` and drops the sign `©`)."""
    root = write_site(tmp_path, {**JEKYLL, "_posts/2020-01-01-cafÃ©.md": POST})
    subprocess.run(
        ["jekyll", "build", "--quiet", "-s", str(root), "-d", str(tmp_path / "out")],
        check=True,
        capture_output=True,
    )
    assert (tmp_path / "out" / "2020" / "01" / "01" / "cafÃ.html").is_file()
    assert [f["rule"] for f in found(root)] == ["encoding/mojibake"]
