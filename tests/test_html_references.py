"""Characters that HTML character references spell: `Here&acirc;&euro;&trade;s` is mojibake
on the page (kramdown and Goldmark write references as the characters), `&#x202E;` an
override. Reported at the references, mojibake with the characters as its fix; code (fenced
blocks, code spans) shows references as written and is left alone."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.escapekit import HUGO, JEKYLL, encoding_findings
from tests.inputkit import pressbot


def page(generator: str, body: str, title: str = "t") -> dict[str, str]:
    if generator == "jekyll":
        return {**JEKYLL, "_posts/2020-01-01-a.md": f'---\ntitle: "{title}"\n---\n{body}\n'}
    return {**HUGO, "content/posts/a.md": f'---\ntitle: "{title}"\n---\n{body}\n'}


def found(root: Path) -> list[dict[str, object]]:
    return encoding_findings(root)


@pytest.mark.parametrize("generator", ["jekyll", "hugo"])
@pytest.mark.parametrize(
    ("body", "column", "end", "repair"),
    [
        ("Here&acirc;&euro;&trade;s the plan", 5, 25, "’"),  # named references
        ("Caf&#195;&#169; open", 4, 16, "é"),  # decimal
        ("Caf&#xC3;&#xA9; open", 4, 16, "é"),  # hexadecimal
    ],
)
def test_mojibake_spelled_by_references_is_found_and_fixed(
    tmp_path: Path, generator: str, body: str, column: int, end: int, repair: str
) -> None:
    root = write_site(tmp_path, page(generator, body))
    findings = found(root)
    assert [f["rule"] for f in findings] == ["encoding/mojibake"], findings
    finding = findings[0]
    assert (finding["line"], finding["column"], finding["end_column"]) == (4, column, end)
    assert "HTML references of" in str(finding["message"])
    fixed = pressbot("fix", cwd=root)
    assert fixed.code == 0, fixed
    path = next(p for p in root.rglob("*a.md"))
    line = path.read_text(encoding="utf-8").splitlines()[3]
    assert line == body[: column - 1] + repair + body[end - 1 :]
    assert found(root) == []


@pytest.mark.parametrize(
    ("reference", "rule", "named"),
    [
        ("&#x202E;", "encoding/bidi-control", "U+202E"),
        ("&#8294;", "encoding/bidi-control", "U+2066"),
        ("&#8203;", "encoding/invisible-char", "U+200B"),
        ("&ZeroWidthSpace;", "encoding/invisible-char", "U+200B"),
        ("&#7;", "encoding/control-char", "U+0007"),
        ("&#x1b;", "encoding/control-char", "U+001B"),
        ("&#xFFFD;", "encoding/replacement-char", "U+FFFD"),
    ],
)
def test_a_character_spelled_by_a_reference_is_found(
    tmp_path: Path, reference: str, rule: str, named: str
) -> None:
    body = f"Pay to {reference}1234 now"
    findings = found(write_site(tmp_path, page("jekyll", body)))
    assert [f["rule"] for f in findings] == [rule], findings
    finding = findings[0]
    assert (finding["column"], finding["end_column"]) == (8, 8 + len(reference))
    assert named in str(finding["message"]) and f"(as {reference})" in str(finding["message"])


def test_references_in_the_front_matter_are_found(tmp_path: Path) -> None:
    findings = found(write_site(tmp_path, page("hugo", "body", title="Here&acirc;&euro;&trade;s")))
    assert [(f["line"], f["rule"]) for f in findings] == [(2, "encoding/mojibake")]


@pytest.mark.parametrize(
    "body",
    [
        "caf&eacute; &amp; cr&egrave;me &nbsp; &#8217;quoted&rsquo; &lt;b&gt; &#39;",
        "line&#13;\nend&#10; tab&#9;",
        "family &#x1F469;&zwj;&#x1F467;",  # a joiner inside an emoji sequence
        "in a span: `&#x202E; &acirc;&euro;&trade;` and ``a ` &#8203; b``",
        "```html\n&#x202E; Caf&Atilde;&copy;\n```",
        "~~~~\n&#8203;\n~~~~\nafter the fence: fine",
        "&unknown; &#xZZ; & alone; &#;",
    ],
)
def test_clean_references_and_code_are_not_flagged(tmp_path: Path, body: str) -> None:
    assert found(write_site(tmp_path, page("jekyll", body))) == []


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("```\n&#x202E;\n``` not a close\n&#x202E;\n```\n&#x202E;", 9),
        ("``` a`b is no fence\n&#x202E;", 5),
        ("~~~ a`b\n&#x202E;\n~~~\n&#x202E;", 7),
        ("    ```indented four: no fence\n&#x202E;", 5),
        ("````\n```\n&#x202E;\n````\n&#x202E;", 8),
        ("text\n    four spaces after text: a paragraph &#x202E;", 5),
        ("text\n\n    indented code &#x202E;\n\n    still code &#x202E;\nout &#x202E;", 9),
        ("text\n\n\tcode after a tab &#x202E;\nout &#x202E;", 7),
    ],
)
def test_fences_open_and_close_as_commonmark_says(tmp_path: Path, body: str, line: int) -> None:
    findings = found(write_site(tmp_path, page("jekyll", body)))
    assert [(f["line"], f["rule"]) for f in findings] == [(line, "encoding/bidi-control")]


def test_after_a_fence_closes_references_count_again(tmp_path: Path) -> None:
    body = "```\n&#x202E;\n```\nout of code: &#x202E;"
    findings = found(write_site(tmp_path, page("jekyll", body)))
    assert [(f["line"], f["rule"]) for f in findings] == [(7, "encoding/bidi-control")]


@pytest.mark.usefixtures("jekyll_oracle", "hugo_oracle")
def test_jekyll_and_hugo_write_the_characters(tmp_path: Path) -> None:
    """Real Jekyll (kramdown) and Hugo (Goldmark) put the characters the references spell in
    the page."""
    body = "Here&acirc;&euro;&trade;s and &#x202E;x"
    jekyll = write_site(
        tmp_path / "j", {**page("jekyll", body), "_layouts/post.html": "{{ content }}"}
    )
    subprocess.run(
        ["jekyll", "build", "--quiet", "-s", str(jekyll), "-d", str(tmp_path / "jo")],
        check=True,
        capture_output=True,
    )
    hugo = write_site(
        tmp_path / "h", {**page("hugo", body), "layouts/_default/single.html": "{{ .Content }}"}
    )
    subprocess.run(
        ["hugo", "--quiet", "-s", str(hugo), "-d", str(tmp_path / "ho")],
        check=True,
        capture_output=True,
    )
    for built in (tmp_path / "jo" / "2020/01/01/a.html", tmp_path / "ho" / "posts/a/index.html"):
        assert "Hereâ€™s and \u202ex" in built.read_text(encoding="utf-8")
    for root in (jekyll, hugo):
        assert sorted(str(f["rule"]) for f in found(root)) == [
            "encoding/bidi-control",
            "encoding/mojibake",
        ]


def test_hostile_backticks_cost_no_backtracking(tmp_path: Path) -> None:
    """Code spans are found in one pass over the backtick runs: lines of 100,000 backticks
    (or backticks and spaces) with references are read at once (a backtracking pattern
    took minutes), and references outside the spans are still found."""
    body = "\n".join(["a" + "`" * 100_000 + "&#x202E;", "` " * 50_000 + "&#x202E;", "``a" * 30_000])
    findings = found(write_site(tmp_path, page("jekyll", body)))
    assert [(f["line"], f["rule"]) for f in findings] == [
        (4, "encoding/bidi-control"),
        (5, "encoding/bidi-control"),
    ]


def test_an_html_post_has_no_markdown_code(tmp_path: Path) -> None:
    """In an HTML post a fence, an indented line or backticks are text: the browser decodes
    the references there."""
    body = "```\n&#x202E;\n```\n\n    &#x202E;\n`&#x202E;`"
    root = write_site(
        tmp_path, {**JEKYLL, "_posts/2020-01-01-a.html": f"---\ntitle: t\n---\n{body}\n"}
    )
    assert [f["line"] for f in found(root)] == [5, 8, 9]


def test_a_run_of_characters_and_references_is_one_finding(tmp_path: Path) -> None:
    """Mojibake written half as characters, half as references is one run, read with its
    references (the characters' own reading of a part would be a second, overlapping
    repair); one `fix` repairs the whole line."""
    body = "rÃ©sum&Atilde;&copy; and â€&trade;s and plain rÃ©sumÃ©"
    root = write_site(tmp_path, page("jekyll", body))
    findings = found(root)
    assert [(f["column"], f["end_column"]) for f in findings] == [(2, 21), (26, 35), (48, 55)]
    assert pressbot("fix", cwd=root).code == 0
    fixed = (root / "_posts/2020-01-01-a.md").read_text(encoding="utf-8").splitlines()[3]
    assert fixed == "résumé and ’s and plain résumé"
    assert found(root) == []
