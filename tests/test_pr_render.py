"""What `pressbot pr` writes: annotations, the comment, the summary, and untrusted text in them."""

from __future__ import annotations

import re

import pytest

from bot.pr import annotations, comment, summary
from bot.pr.results import FindingData, Results, SuggestionData, parse
from bot.render.markdown import ZWSP, fence, github_length, inline
from bot.render.terminal import clean

SHA = "c" * 40
HOSTILE = [
    "::error file=x,line=1::forged",
    "hello @someone and @org/team",
    comment.MARKER,
    "<img src=x onerror=alert(1)><script>x</script>",
    "`code` ``` ``` ~~~",
    "line\nbreak\r\n::warning::second",
    "| a | b |",
    "[link](javascript:alert(1))",
    "\u202eevil\u2066",
]


def results(findings: list[FindingData], **kw: object) -> Results:
    return Results(
        repository="octo/blog",
        pull_request=7,
        head_sha=SHA,
        base_sha="d" * 40,
        files_checked=len({f.path for f in findings}),
        findings=findings,
        **kw,  # type: ignore[arg-type]
    )


def fd(
    path: str = "_posts/a.md", line: int = 1, severity: str = "error", msg: str = "bad"
) -> FindingData:
    return FindingData(
        path=path, line=line, column=1, rule="encoding/bidi-control", severity=severity, message=msg
    )  # type: ignore[arg-type]


# -- sanitising ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_text_is_inert(text: str) -> None:
    out = inline(text)
    assert "\n" not in out and "\r" not in out
    assert "<" not in out and ">" not in out  # no HTML, no marker
    assert "::" not in out
    assert not re.search(r"@\w", out)  # no mention
    assert "`" not in out.replace("\\`", "")  # every backtick escaped
    assert "|" not in out.replace("\\|", "")  # table cells stay cells
    if "\u202e" in text:
        # shown by name; its `+` escaped like every character that starts Markdown syntax
        assert "\u202e" not in out and "U\\+202E" in out


def test_huge_text_is_cut() -> None:
    line = "x" * 100_000
    assert len(clean(line, 500)) == 501 and clean(line, 500).endswith("…")
    assert len(inline("@" * 100_000, 300)) < 300 * 3


def test_plain_text_keeps_words_readable() -> None:
    assert clean("Here’s a café") == "Here’s a café"
    assert inline("a_b*c") == "a\\_b\\*c"
    assert inline("@x") == f"@{ZWSP}x"


def test_fence_is_longer_than_any_backtick_run() -> None:
    assert fence("a ```` b", "suggestion").startswith("`````suggestion\n")
    assert fence("plain").startswith("```\n")


# -- annotations ---------------------------------------------------------------------------------


def test_workflow_command_escaping() -> None:
    f = fd(path="_posts/a,b:c%.md", msg="100% wrong\r\n::error::forged")
    [line] = annotations.render([f])
    assert line.startswith("::error file=_posts/a%2Cb%3Ac%25.md,line=1,col=1,")
    assert "title=encoding/bidi-control::" in line
    message = line.split("::", 2)[2]
    assert "\n" not in line and "\r" not in line and "::" not in message
    assert message.startswith("100%25 wrong")


def test_ten_of_each_most_important_first_and_a_notice() -> None:
    errors = [fd(f"_posts/{n}.md", line=i) for n in "abc" for i in range(1, 8)]
    warnings = [fd("_posts/w.md", line=i, severity="warning") for i in range(1, 13)]
    lines = annotations.render(warnings + errors)
    assert lines[0].startswith("::notice title=pressbot::13 more findings are not annotated")
    kinds = [line.split(" ", 1)[0] for line in lines[1:]]
    assert kinds == ["::error"] * 10 + ["::warning"] * 10
    # every file gets its first finding shown before any gets a second
    first_three = [re.search(r"file=([^,]+)", line).group(1) for line in lines[1:4]]
    assert first_three == ["_posts/a.md", "_posts/b.md", "_posts/c.md"]


def test_no_notice_when_everything_fits() -> None:
    lines = annotations.render([fd()])
    assert len(lines) == 1 and lines[0].startswith("::error ")


# -- the comment ---------------------------------------------------------------------------------


def test_comment_stays_within_github_limit_and_says_what_is_left() -> None:
    many = [fd(f"_posts/{i:05d}-{'é' * 200}.md", i, msg="ü" * 1900) for i in range(1, 5000)]
    body = comment.render(results(many), server_url="https://github.com", checks_url="CHECKS")
    assert body is not None and github_length(body) <= comment.LIMIT
    assert body.startswith(comment.MARKER + "\n")
    left = int(re.search(r"… and (\d+) more", body).group(1))
    shown = body.count("\n| ❌ |")
    assert shown + left == len(many) and "(CHECKS)" in body


def test_comment_with_huge_suggestions_stays_within_the_limit() -> None:
    sug = [
        SuggestionData(
            path="_posts/a.md",
            start_line=i,
            end_line=i,
            new_text="y" * 19_000,
            rule="encoding/mojibake",
            message="m",
            fingerprint=f"{i:016x}",
        )
        for i in range(1, 20)
    ]
    body = comment.render(
        results([fd()]), server_url="https://github.com", checks_url="C", outside=sug
    )
    assert body is not None and github_length(body) <= comment.LIMIT
    assert "… and" in body


def test_hostile_findings_cannot_break_the_comment() -> None:
    findings = [fd(path=f"_posts/{i}.md", msg=text) for i, text in enumerate(HOSTILE)]
    body = comment.render(results(findings), server_url="https://github.com", checks_url="C")
    assert body is not None
    assert body.count("<!--") == 1 and body.startswith(comment.MARKER)
    assert not re.search(r"@\w", body)
    assert "<img" not in body and "<script" not in body
    rows = [line for line in body.splitlines() if line.startswith("| ❌")]
    assert len(rows) == len(HOSTILE)
    for row in rows:  # four cells each, whatever the message held
        assert len(re.findall(r"(?<!\\)\|", row)) == 5


def test_nothing_to_say_is_no_comment() -> None:
    assert comment.render(results([]), server_url="s", checks_url="c") is None


def test_is_ours_needs_marker_and_author() -> None:
    mine = {"user": {"login": "github-actions[bot]"}, "body": comment.MARKER + "\nx"}
    assert comment.is_ours(mine, "github-actions[bot]")
    assert not comment.is_ours({**mine, "user": {"login": "mallory"}}, "github-actions[bot]")
    quoted = {**mine, "body": "> " + comment.MARKER}
    assert not comment.is_ours(quoted, "github-actions[bot]")


# -- the summary ---------------------------------------------------------------------------------


def test_summary_stays_under_one_mebibyte() -> None:
    many = [fd(f"_posts/{i}.md", i, msg="€" * 1900) for i in range(1, 20_000)]
    text = summary.render(results(many), server_url="https://github.com")
    assert len(text.encode()) <= summary.LIMIT_BYTES
    assert "more findings not shown" in text


def test_summary_of_a_clean_pr() -> None:
    text = summary.render(results([], posts_changed=3), server_url="https://github.com")
    assert text.startswith("### ✅") and "3 changed posts checked" in text


# -- the results file ----------------------------------------------------------------------------


def test_results_round_trip() -> None:
    r = results([fd()])
    assert parse(r.dumps().encode()) == r


def test_results_file_size_is_capped() -> None:
    from bot.pr.results import MAX_BYTES, ResultsError

    with pytest.raises(ResultsError, match="larger than"):
        parse(b" " * (MAX_BYTES + 1))
