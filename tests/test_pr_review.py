"""Inline suggestions: built from fixes, only on diff lines, never twice, never a rejected review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.pr import review
from bot.problem import Finding, Fix
from tests.test_pr_support import (
    REPO,
    TOKEN,
    FakeGitHub,
    Runner,
    SiteRepo,
    bot_comment,
    post,
)

PATH = "_posts/2024-01-02-hello.md"


def finding(line: int, fix: Fix, rule: str = "encoding/mojibake") -> Finding:
    return Finding(PATH, line, fix.column or 1, rule, "repair it", fix=fix)


def build(findings: list[Finding], lines: list[str]) -> list:
    return review.build(findings, lambda path: lines if path == PATH else None)


# -- building suggestions ------------------------------------------------------------------------


def test_a_range_fix_becomes_the_whole_new_line() -> None:
    lines = ["---", "title: Hereâ€™s one", "---"]
    [s] = build([finding(2, Fix(2, "’", column=12, end_column=15))], lines)
    assert (s.start_line, s.end_line, s.new_text) == (2, 2, "title: Here’s one")


def test_a_whole_line_fix() -> None:
    [s] = build([finding(1, Fix(1, "fixed line"))], ["broken line", "x"])
    assert (s.start_line, s.end_line, s.new_text) == (1, 1, "fixed line")


def test_fixes_on_one_line_are_one_suggestion() -> None:
    lines = ["It isnâ€™t fine. Itâ€™s broken."]
    fixes = [
        finding(1, Fix(1, "’", column=7, end_column=10)),
        finding(1, Fix(1, "’", column=20, end_column=23)),
    ]
    [s] = build(fixes, lines)
    assert s.new_text == "It isn’t fine. It’s broken."
    assert s.message == "repair it"  # the same message once


def test_a_multi_line_fix_covers_its_lines() -> None:
    lines = ["a", "bXX", "YYc", "d"]
    [s] = build([finding(2, Fix(2, "-", column=2, end_line=3, end_column=3))], lines)
    assert (s.start_line, s.end_line, s.new_text) == (2, 3, "b-c")


def test_overlapping_and_out_of_range_fixes_are_dropped() -> None:
    lines = ["abcdef"]
    overlapping = [
        finding(1, Fix(1, "x", column=1, end_column=4)),
        finding(1, Fix(1, "y", column=3, end_column=5)),
    ]
    assert build(overlapping, lines) == []
    assert build([finding(9, Fix(9, "x"))], lines) == []
    assert build([finding(1, Fix(1, "abcdef"))], lines) == []  # no change, no suggestion


def test_a_huge_suggestion_is_not_made() -> None:
    lines = ["â€™" + "x" * 100_000]
    assert build([finding(1, Fix(1, "’", column=1, end_column=4))], lines) == []


def test_fingerprint_has_no_line_number() -> None:
    fix_at = lambda n: finding(n, Fix(n, "’", column=5, end_column=8))  # noqa: E731
    [a] = build([fix_at(2)], ["x", "Hereâ€™s", "y"])
    [b] = build([fix_at(5)], ["x", "new", "lines", "above", "Hereâ€™s", "y"])
    assert a.fingerprint == b.fingerprint and a.start_line != b.start_line
    [c] = build([fix_at(2)], ["x", "Thatâ€™s", "y"])
    assert c.fingerprint != a.fingerprint


def test_suggestion_block_survives_backticks_and_keeps_the_text_verbatim() -> None:
    [s] = build([finding(1, Fix(1, "```` @someone <b> ::error::x"))], ["old"])
    body = review.comment_body(s)
    assert body.startswith(f"<!-- pressbot:fp:{s.fingerprint} -->\n")
    assert "`````suggestion\n```` @someone <b> ::error::x\n`````" in body


def test_only_lines_inside_one_hunk_are_inline() -> None:
    [s] = build([finding(5, Fix(5, "n", column=1, end_line=6, end_column=2))], ["l"] * 10)
    assert review.in_diff(s, {PATH: [(3, 7)]})
    assert not review.in_diff(s, {PATH: [(1, 5), (6, 9)]})  # two hunks
    assert not review.in_diff(s, {PATH: [(7, 9)]})
    assert not review.in_diff(s, {"other.md": [(1, 99)]})


# -- posting them (the privileged stage, from a results file) ------------------------------------


BASE_LINES = [f"Line {i} of the post." for i in range(1, 41)]


def text(lines: list[str]) -> str:
    return post("Hello", "\n".join(lines))


@pytest.fixture
def runner(fake: FakeGitHub, tmp_path: Path) -> Runner:
    site = SiteRepo.create(tmp_path / "repo", {PATH: text(BASE_LINES)})
    return Runner(fake, site, tmp_path)


def results_with(runner: Runner, pr, suggestions: list) -> Path:  # type: ignore[no-untyped-def]
    path = runner.tmp / "results.json"
    runner.run(pr, "--results", str(path), token=None)
    data = json.loads(path.read_text())
    data["findings"] = [
        {
            "path": s.path,
            "line": s.start_line,
            "column": 1,
            "rule": s.rule,
            "severity": "error",
            "message": s.message,
        }
        for s in suggestions
    ]
    data["suggestions"] = [s.model_dump() for s in suggestions]
    path.write_text(json.dumps(data))
    return path


def suggestion_at(line: int, new: str):  # type: ignore[no-untyped-def]
    f = Finding(PATH, line, 1, "encoding/mojibake", f"repair line {line}", fix=Fix(line, new))
    return review.build([f], lambda _p: ["x"] * 50)[0]


def test_suggestions_go_inline_only_on_diff_lines(runner: Runner, fake: FakeGitHub) -> None:
    changed = list(BASE_LINES)
    changed[24] = "Line 25 was changed in this PR."
    runner.site.commit({PATH: text(changed)})
    pr = runner.open_pr(fork=True)
    # the post's line 30 is file line 30 + 5 (front matter): inside the hunk; line 6 is not
    inside, outside = suggestion_at(30, "fixed 30"), suggestion_at(6, "fixed 6")
    results = results_with(runner, pr, [inside, outside])

    assert runner.post(pr, results).code == 0
    [rv] = [e for e in fake.log if e.path.endswith("/reviews")]
    assert [c["line"] for c in rv.body["comments"]] == [30]
    assert rv.body["comments"][0]["side"] == "RIGHT"
    assert rv.body["commit_id"] == pr.head_sha
    body = bot_comment(fake)["body"]
    assert "outside this pull request" in body and "fixed 6" in body and "fixed 30" not in body

    # a re-run posts nothing again: the suggestion is recognised by its fingerprint
    writes = len(fake.writes())
    assert runner.post(pr, results).code == 0
    assert len(fake.writes()) == writes


def test_a_rejected_review_moves_the_suggestions_to_the_comment(
    runner: Runner, fake: FakeGitHub
) -> None:
    changed = list(BASE_LINES)
    changed[24] = "Line 25 was changed in this PR."
    runner.site.commit({PATH: text(changed)})
    pr = runner.open_pr(fork=True)
    results = results_with(runner, pr, [suggestion_at(30, "fixed 30")])
    fake.inject(
        422,
        body={"message": "Unprocessable Entity", "errors": ["Line could not be resolved"]},
        path_contains="/reviews",
    )
    assert runner.post(pr, results).code == 0
    assert "fixed 30" in bot_comment(fake)["body"]


def test_fake_github_rejects_a_review_outside_the_diff(runner: Runner, fake: FakeGitHub) -> None:
    """The stand-in really enforces the rule the bot is built around."""
    from bot.github import GitHub, GitHubError

    changed = list(BASE_LINES)
    changed[24] = "changed"
    runner.site.commit({PATH: text(changed)})
    runner.open_pr()
    gh = GitHub(token=TOKEN, api_url=fake.url)
    comment = {"path": PATH, "line": 6, "side": "RIGHT", "body": "x"}
    with pytest.raises(GitHubError) as info:
        gh.post(f"/repos/{REPO}/pulls/7/reviews", {"event": "COMMENT", "comments": [comment]})
    assert info.value.status == 422 and "part of the diff" in str(info.value)


def test_mojibake_fix_suggested_inline_and_applying_it_passes(
    runner: Runner, fake: FakeGitHub
) -> None:
    changed = list(BASE_LINES)
    changed[24] = "It isnâ€™t fine. Itâ€™s broken."
    runner.site.commit({PATH: text(changed)})
    pr = runner.open_pr()
    first = runner.run(pr)
    assert first.code == 1
    [rv] = [e for e in fake.log if e.path.endswith("/reviews")]
    [c] = rv.body["comments"]
    assert c["line"] == 30 and "It isn’t fine. It’s broken." in c["body"]
    # apply the suggestion: the check passes, the comment turns green
    changed[24] = "It isn’t fine. It’s broken."
    runner.push(pr, {PATH: text(changed)})
    assert runner.run(pr).code == 0
    assert "all fixed" in bot_comment(fake)["body"]
