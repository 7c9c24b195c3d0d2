"""One table of hostile strings through every renderer pressbot has.

Each string goes in wherever a post author (or a remote answer) could put text: a file name, a
message, a title, an error, a URL. Whatever comes out must be inert where it lands:

- Markdown (the PR comment, the job summary, review comments, the publish announcement): no
  live mention or autolink, no HTML, no forged marker, no raw control or bidi character;
- logs and terminals (text, github, PR annotations, publish lines): no line that starts a
  workflow command except ours, none that holds the old ``##[command]`` form anywhere, each of
  ours well-formed on one line, nothing unprintable;
- json and sarif: still parse, and hold the text itself (escaped, not cut: they are data), with
  no ``##[`` in what is printed.

Every line-based output stays bounded whatever the input's length. The content of a suggestion
block is the exception by design: a suggestion must be exactly the text it puts in the file, and
GitHub renders nothing inside a code block, so the test checks that the block cannot be left.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable

import pytest

from bot.pr import annotations, comment, review, summary
from bot.pr.results import FindingData, Results, SuggestionData
from bot.problem import Finding
from bot.publish.report import (
    COMMENT_LIMIT,
    Done,
    Failed,
    Report,
    comment_markdown,
    run_lines,
    summary_markdown,
)
from bot.render.findings import render
from bot.render.markdown import github_length
from bot.render.terminal import clean, shown

HOSTILE = [
    "@octocat and @org/team",
    "#123, owner/repo#5, GH-1, gh-7",
    "owner/repo@0123456789abcdef0123456789abcdef01234567",
    "https://evil.example/x http://a.example HTTPS://B.EXAMPLE www.evil.example",
    "<https://evil.example/autolink>",
    "::error::forged",
    "::stop-commands::token",
    ":::warning file=a,line=1::three colons",
    "  ::notice::indented",
    "##[error]the old form, read anywhere in a line",
    "x ##[stop-commands]token",
    "#[##[add-mask]#[",
    "x\n::error file=a,line=1::after a newline",
    "x\r::error::after a carriage return",
    "x\r\n::warning::after CRLF",
    comment.MARKER,
    "<!-- pressbot:publish -->",
    "<!-- pressbot:fp:0123456789abcdef -->",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "<!-- hidden",
    "`code` ``` ~~~",
    "```\n::error::inside a fence\n```",
    "| a | b |",
    "[link](javascript:alert(1)) ![i](https://evil.example/i.png)",
    "**bold** _em_ ~~s~~ # heading\n- item\n1. item\n===",
    "&#64;user &#35;1 &amp;",
    "\u202eevil\u2066 \u2067x\u2069 \u200e\u200f\u061c",
    "\x00\x07\x1b[31mred\x1b[0m\x7f",
    "\x85\x9b31m\u2028\u2029",
    "\ud800 \udcff \udc80",
    "\U000e0041\U000e0042 tags \ufeff bom",
    "x" * 100_000,
    "@" * 100_000,
    ("::error::" + "y" * 1000 + "\n") * 100,
]

# What GitHub would link or mention in Markdown prose (outside code).
AUTOLINK = [
    re.compile(r"#\d"),
    re.compile(r"(?i)\bgh-\d"),
    re.compile(r"@[A-Za-z0-9]"),
    re.compile(r"(?i)\b(?:https?|javascript):"),
    re.compile(r"(?i)\bwww\."),
    re.compile(r"&#"),
    re.compile(r"[A-Za-z0-9]/[A-Za-z0-9.]+[#@]\w"),
]
COMMAND = re.compile(
    r"^::(error|warning|notice) ([a-zA-Z]+=[^,:\n]*)(,[a-zA-Z]+=[^,:\n]*)*::[^\n]*$"
)
OUR_MARKERS = re.compile(r"<!-- pressbot:(?:pr-comment|publish|fp:[0-9a-f]{16}) -->")
SERVER = "https://github.com"
LINE_LIMIT = 20_000
MARKDOWN_LIMIT = 1024 * 1024  # a job summary's; a comment's is 65,536 (checked below)


def raw_unsafe(text: str) -> list[str]:
    """Characters no output may carry raw: controls (but the line feed), format and bidi
    characters (but the zero-width space we add and the joiner of emoji), separators,
    surrogates, private use."""
    return sorted(
        {
            f"U+{ord(ch):04X}"
            for ch in text
            if ch != "\n"
            and ch not in "\u200b\u200d"
            and unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
        }
    )


def prose(markdown: str) -> str:
    """The Markdown GitHub renders as text: fenced blocks, code spans and the targets of the
    links pressbot itself writes taken out."""
    text = re.sub(r"(?ms)^(`{3,})[^\n]*\n.*?^\1$", "", markdown)
    text = re.sub(r"(?<!\\)`[^`\n\\]*`", "", text)
    return re.sub(r"(?<!\\)\]\((?:https?://[^)\s]*|CHECKS)\)", "]", text)


def assert_inert_markdown(markdown: str, markers: int) -> None:
    text = prose(markdown)
    for pattern in AUTOLINK:
        found = pattern.search(text)
        assert found is None, (pattern.pattern, text[max(0, found.start() - 60) : found.end() + 60])
    without_ours = OUR_MARKERS.sub("", text, count=markers)
    assert len(OUR_MARKERS.findall(text)) == markers
    assert "<" not in without_ours.replace("<details>", "").replace("</details>", "").replace(
        "<summary>", ""
    ).replace("</summary>", "")
    assert not raw_unsafe(text)
    assert not any(line.lstrip().startswith("::") for line in text.splitlines())
    assert len(markdown.encode()) <= MARKDOWN_LIMIT


def assert_inert_log(text: str, ours: Callable[[str], bool] = lambda line: False) -> None:
    """No line of ``text`` starts a workflow command but ours, each of ours well-formed."""
    for line in text.split("\n"):
        assert "\r" not in line
        if ours(line):
            assert COMMAND.match(line), line[:300]
            message = line.split("::", 2)[2]
            assert "::" not in message
            # the runner reads a line as `::` form before it looks for `##[`: only the file
            # property, kept exact for the annotation to find its file, may hold one
            assert "##[" not in re.sub(r"(?<=[ ,])file=[^,:]*", "", line), line[:300]
        else:
            assert "##[" not in line, line[:300]
            assert not line.lstrip().startswith("::"), line[:300]
            assert "::" not in line.replace(":\u200b:", ""), line[:300]
        assert len(line) < LINE_LIMIT
    assert not raw_unsafe(text)


# -- the renderers --------------------------------------------------------------------------------


def finding(text: str) -> Finding:
    return Finding(path=text, line=3, column=2, rule="encoding/bidi-control", message=text)


# The records a results file is read into refuse most of these strings (see `bot.pr.results`);
# built without validation here, so that the renderers are shown safe on their own.


def finding_data(text: str) -> FindingData:
    return FindingData.model_construct(
        path=text, line=3, column=2, rule="encoding/bidi-control", severity="error", message=text
    )


def suggestion(text: str) -> SuggestionData:
    return SuggestionData.model_construct(
        path=text,
        start_line=3,
        end_line=3,
        new_text="fixed line " + shown(text[:200]),  # a file's text: decoded, never a surrogate
        rule="encoding/mojibake",
        message=text,
        fingerprint="0" * 16,
    )


def results(text: str) -> Results:
    return Results.model_construct(
        repository="octo/blog",
        pull_request=7,
        head_sha="c" * 40,
        base_sha="d" * 40,
        files_checked=1,
        findings=[finding_data(text)],
        suggestions=[suggestion(text)],
    )


def publish_report(text: str) -> Report:
    return Report(
        done=[
            Done("folder", text, "publish", text, text, text),
            Done("folder", text, "update", "https://blog.example/" + text[:300], text, text),
            Done("folder", text, "unpublish", None, None, text),
        ],
        # the runner cleans an error when it records it
        failed=[Failed("devto", text, "publish", clean(text), False, text)],
        dead=[text],
        busy=[text],
        notes=[text],
    )


def publish_lines(text: str) -> str:
    return "\n".join(run_lines(publish_report(text)))


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_check_text(text: str) -> None:
    assert_inert_log(render("text", [finding(text)], 1))


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_check_github(text: str) -> None:
    out = render("github", [finding(text)], 1)
    assert out.count("\n") == 1
    assert_inert_log(out, ours=lambda line: line.startswith("::error "))


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_check_json_and_sarif(text: str) -> None:
    valid = text.replace("\ud800", "\\ud800").replace("\udcff", "\\xff").replace("\udc80", "\\x80")
    doc = json.loads(render("json", [finding(text)], 1))
    assert doc["findings"][0]["message"] == valid and doc["findings"][0]["path"] == valid
    out = render("sarif", [finding(text)], 1)
    assert json.loads(out)["runs"][0]["results"][0]["message"]["text"] == valid
    for raw in (render("json", [finding(text)], 1), out):
        assert not raw_unsafe(raw)
        assert "##[" not in raw


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_pr_annotations(text: str) -> None:
    out = "\n".join(annotations.render([finding_data(text)]))
    assert_inert_log(out, ours=lambda line: line.startswith("::error "))


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_pr_comment(text: str) -> None:
    r = results(text)
    body = comment.render(r, server_url=SERVER, checks_url="CHECKS", outside=r.suggestions)
    assert body is not None and body.startswith(comment.MARKER + "\n")
    assert github_length(body) <= comment.LIMIT
    assert_inert_markdown(body, markers=1)


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_pr_job_summary(text: str) -> None:
    r = results(text)
    out = summary.render(r, server_url=SERVER, suggestions=r.suggestions)
    assert_inert_markdown(out, markers=0)


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_review_suggestion_body(text: str) -> None:
    s = suggestion(text)
    body = review.comment_body(s)
    assert review.FP_RE.match(body)
    assert_inert_markdown(body, markers=1)
    # the block holds the new text verbatim and cannot be left from inside
    fence = body.split("\n")[3]
    assert fence.startswith("```") and body.endswith("\n" + fence.replace("suggestion", "") + "\n")
    assert s.new_text in body


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_publish_announcement(text: str) -> None:
    report = publish_report(text)
    body = comment_markdown(report.done)
    assert github_length(body) <= COMMENT_LIMIT
    assert_inert_markdown(body, markers=1)
    assert_inert_markdown(summary_markdown(report), markers=0)


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_publish_terminal_lines(text: str) -> None:
    assert_inert_log(publish_lines(text))


def test_the_checks_are_not_vacuous() -> None:
    """The raw strings do trip the checks above."""
    with pytest.raises(AssertionError):
        assert_inert_markdown("@octocat", markers=0)
    with pytest.raises(AssertionError):
        assert_inert_markdown(comment.MARKER, markers=0)
    with pytest.raises(AssertionError):
        assert_inert_markdown("a \u202e b", markers=0)
    with pytest.raises(AssertionError):
        assert_inert_log("x\n::error::forged")
    with pytest.raises(AssertionError):
        assert_inert_log("x ##[error]forged")
    with pytest.raises(AssertionError):
        assert_inert_log("::error file=a::x ##[error]y", ours=lambda line: True)
    with pytest.raises(AssertionError):
        assert_inert_log("x" * LINE_LIMIT)
    with pytest.raises(AssertionError):
        assert_inert_log("::error file=a::x\n::error::y", ours=lambda line: True)
