"""GitHub turns references in a comment into links, and some of them into notifications or
cross-references on other issues: ``#123``, ``GH-123``, ``owner/repo#5``, ``owner/repo@sha``,
``@user``, ``@org/team``, bare URLs. Post content is the author's, so in every Markdown text
pressbot writes (the sticky comment, the job summary, the review comments) none of them may form.

One table of hostile strings, run through every Markdown output: as a message, in a path, and as
a suggestion's text (kept verbatim, inside a code block, where GitHub links nothing).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.pr import comment, review, summary
from bot.pr.results import FindingData, Results, SuggestionData
from bot.rules.docs import DOCS_URL
from tests.test_pr_support import REPO, FakeGitHub, Runner, SiteRepo

HOSTILE = [
    "#123",
    "fixes #1, closes #2 and resolves #3",
    "GH-123 and gh-7",
    "octo/blog#5",
    "octo/blog@0123456789abcdef0123456789abcdef01234567",
    "octo/blog@a1b2c3d",
    "@user",
    "@org/team",
    "cc @octo-org/admins and mail@example.org",
    "https://github.com/octo/blog/issues/1",
    "http://example.org/x and HTTPS://EXAMPLE.ORG",
    "www.example.org",
    "<https://example.org/autolink>",
    "[link](https://example.org) ![img](https://example.org/i.png)",
    "&#35;123 &#64;user",
    "\\#123 \\@user",
    "#123\u200b",
    "x#1 x@y",
    comment.MARKER + " #4 @x",
]
# What GitHub would link or mention, in text outside code.
AUTOLINK = [
    re.compile(r"#\d"),
    re.compile(r"(?i)\bgh-\d"),
    re.compile(r"@[A-Za-z0-9]"),
    re.compile("(?i)https?://(?!\u200b)"),
    re.compile(r"(?i)\bwww\."),
    re.compile(r"&#"),
]
SHA = "c" * 40
SERVER = "https://github.com"


def outside_code_and_our_links(markdown: str) -> str:
    """The text GitHub renders as prose: fenced blocks, code spans and the targets of the links
    pressbot itself writes (blob URLs, the checks page, the rule pages) taken out."""
    text = re.sub(r"(?ms)^(`{3,})[^\n]*\n.*?^\1\s*$", "", markdown)
    text = re.sub(r"`[^`\n]*`", "", text)
    ours = (
        r"https://github\.com/octo/blog/[^)\s]*|CHECKS|"
        + re.escape(DOCS_URL)
        + r"docs/rules/[a-z]+/[a-z0-9-]+\.md"
    )
    return re.sub(rf"\]\((?:{ours})\)", "]", text)


def assert_no_autolink(markdown: str) -> None:
    prose = outside_code_and_our_links(markdown)
    for pattern in AUTOLINK:
        found = pattern.search(prose)
        assert found is None, (
            pattern.pattern,
            prose[max(0, found.start() - 60) : found.end() + 60],
        )


def outputs(text: str) -> list[tuple[str, str]]:
    path = "_posts/2024-01-02-" + re.sub(r"[\s/\\]", "-", text)[:200] + ".md"
    finding = FindingData(
        path=path, line=6, column=1, rule="encoding/mojibake", severity="error", message=text
    )
    s = SuggestionData(
        path=path,
        start_line=6,
        end_line=6,
        new_text=text,
        rule="encoding/mojibake",
        message=text,
        fingerprint="0" * 16,
    )
    results = Results(
        repository="octo/blog",
        pull_request=7,
        head_sha=SHA,
        base_sha="d" * 40,
        files_checked=1,
        findings=[finding],
        suggestions=[s],
    )
    body = comment.render(results, server_url=SERVER, checks_url="CHECKS", outside=[s])
    assert body is not None and text in body  # the suggestion's text verbatim, in its block
    return [
        ("comment", body),
        ("summary", summary.render(results, server_url=SERVER, suggestions=[s])),
        ("review comment", review.comment_body(s)),
    ]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_reference_forms_in_any_markdown_output(text: str) -> None:
    for name, markdown in outputs(text):
        try:
            assert_no_autolink(markdown)
        except AssertionError as exc:
            raise AssertionError(f"{name}: {exc}") from None


def test_the_detector_sees_what_it_should() -> None:
    """The check above is not vacuous: the raw strings do trip it."""
    for text in HOSTILE[:13]:
        with pytest.raises(AssertionError):
            assert_no_autolink(text)


# -- end to end: a post full of references, checked and posted ------------------------------------


def test_a_post_full_of_references_end_to_end(fake: FakeGitHub, tmp_path: Path) -> None:
    refs = "#123 GH-5 octo/blog#5 octo/blog@a1b2c3d @user @org/team https://github.com/o/r/issues/1"
    name = "_posts/2024-01-02-#9-@someone-gh-3.md"
    text = (
        f'---\ntitle: "{refs}"\ndate: "{refs} 99:99"\nauthor: "{refs}"\n---\n'  # Ruby reads the references alone as 2005-10-05
        f"Hereâ€™s {refs}\n\u202e {refs}\n"
    )
    site = SiteRepo.create(tmp_path / "repo", {})
    site.commit({name: text})
    runner = Runner(fake, site, tmp_path)
    result = runner.run(runner.open_pr())
    assert result.code == 1, result
    [posted] = fake.bot_comments(REPO, 7)
    [review_comment] = fake.review_comments[(REPO, 7)]
    assert "Here’s #123" in review_comment["body"]  # the fix itself, verbatim in its block
    for markdown in (posted["body"], result.summary, review_comment["body"]):
        assert "123" in markdown
        assert_no_autolink(markdown)
