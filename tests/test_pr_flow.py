"""`pressbot pr` end to end: a real Git repository, the fake GitHub on 127.0.0.1, the command."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from bot.pr.comment import MARKER
from tests.test_pr_support import (
    REPO,
    TOKEN,
    FakeGitHub,
    Runner,
    SiteRepo,
    bot_comment,
    event,
    git,
    post,
)

BIDI = "\u202e"
CLEAN = post("Hello", "A clean post.")
BAD = post("Hello", f"A post with a {BIDI}hidden override.")
OTHER = post("Other", "Another clean post.", date="2024-01-03")


@pytest.fixture
def runner(fake: FakeGitHub, tmp_path: Path) -> Runner:
    site = SiteRepo.create(tmp_path / "repo", {"_posts/2024-01-03-other.md": OTHER})
    return Runner(fake, site, tmp_path)


def test_first_run_with_findings(runner: Runner, fake: FakeGitHub) -> None:
    runner.site.commit({"_posts/2024-01-02-hello.md": BAD})
    pr = runner.open_pr()
    result = runner.run(pr)
    assert result.code == 1, result
    assert any(
        line.startswith("::error file=_posts/2024-01-02-hello.md,line=6,")
        and "title=encoding/bidi-control" in line
        for line in result.annotation_lines()
    ), result.out
    assert "encoding/bidi-control" in result.summary and "1 changed post checked" in result.summary
    body = bot_comment(fake)["body"]
    assert body.startswith(MARKER)
    # every character that can start Markdown syntax is escaped, `-`, `.` and `:` included
    assert "1 error" in body and "\\_posts/2024\\-01\\-02\\-hello\\.md\\:6" in body
    assert f"https://github.com/{REPO}/blob/{pr.head_sha}/_posts/2024-01-02-hello.md#L6" in body
    # only the changed post was checked
    assert "other" not in body


def test_rerun_without_change_writes_nothing(runner: Runner, fake: FakeGitHub) -> None:
    runner.site.commit({"_posts/2024-01-02-hello.md": BAD})
    pr = runner.open_pr()
    runner.run(pr)
    writes = len(fake.writes())
    again = runner.run(pr)
    assert again.code == 1
    assert len(fake.writes()) == writes
    assert "comment unchanged" in again.out


def test_fixed_turns_the_same_comment_green(runner: Runner, fake: FakeGitHub) -> None:
    runner.site.commit({"_posts/2024-01-02-hello.md": BAD})
    pr = runner.open_pr()
    runner.run(pr)
    first = bot_comment(fake)
    runner.push(pr, {"_posts/2024-01-02-hello.md": CLEAN})
    result = runner.run(pr)
    assert result.code == 0
    now = bot_comment(fake)
    assert now["id"] == first["id"]
    assert "all fixed" in now["body"] and "bidi" not in now["body"]
    assert [w.method for w in fake.writes()] == ["POST", "PATCH"]
    # and stays as it is
    runner.run(pr)
    assert len(fake.writes()) == 2


def test_clean_pr_gets_no_comment(runner: Runner, fake: FakeGitHub) -> None:
    runner.site.commit({"_posts/2024-01-02-hello.md": CLEAN})
    result = runner.run(runner.open_pr())
    assert result.code == 0
    assert fake.writes() == []
    assert "no problems" in result.summary


def test_others_comments_with_the_marker_are_never_taken(runner: Runner, fake: FakeGitHub) -> None:
    recorded = json.loads(
        (
            Path(__file__).parent / "fixtures/github/api/danger-js.issue-comments.list.json"
        ).read_text()
    )
    runner.site.commit({"_posts/2024-01-02-hello.md": BAD})
    pr = runner.open_pr()
    for c in recorded:  # real comments by people and other bots
        fake.add_comment(REPO, 7, c["body"], c["user"])
    quoted = fake.add_comment(
        REPO, 7, f"{MARKER}\nI quote the bot", {"login": "mallory", "type": "User"}
    )
    runner.run(pr)
    mine = bot_comment(fake)
    assert mine["id"] != quoted["id"]
    assert fake.comments[(REPO, 7)][len(recorded)]["body"].endswith("I quote the bot")
    assert all(w.method == "POST" for w in fake.writes())


def test_twenty_runs_two_of_them_concurrent_leave_one_comment(
    runner: Runner, fake: FakeGitHub
) -> None:
    runner.site.commit({"_posts/2024-01-02-hello.md": BAD})
    pr = runner.open_pr()
    fake.list_barrier = threading.Barrier(2)  # both runs list before either creates
    results = []
    threads = [threading.Thread(target=lambda: results.append(runner.run(pr))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    fake.list_barrier = None
    assert [r.code for r in results] == [1, 1], results
    assert sum(1 for w in fake.writes() if w.method == "POST") == 2  # both created one...
    survivor = bot_comment(fake)  # ...and exactly one is left
    contents = [BAD, CLEAN, BAD.replace("hidden", "secret")]
    for i in range(18):
        if i % 3 == 0:
            runner.push(pr, {"_posts/2024-01-02-hello.md": contents[(i // 3) % 3]})
        runner.run(pr)
        assert bot_comment(fake)["id"] == survivor["id"]
    assert len(fake.bot_comments(REPO, 7)) == 1


def test_fork_pr_without_token_then_workflow_run_posts(runner: Runner, fake: FakeGitHub) -> None:
    runner.site.commit({"_posts/2024-01-02-hello.md": BAD})
    pr = runner.open_pr(fork=True)
    results_file = runner.tmp / "pressbot-results.json"
    check = runner.run(pr, "--results", str(results_file), token=None)
    assert check.code == 1
    assert check.annotation_lines() and "encoding/bidi-control" in check.summary
    assert fake.log == []  # no token, history in the clone: GitHub was not asked anything
    data = json.loads(results_file.read_text())
    assert data["pull_request"] == 7 and data["head_sha"] == pr.head_sha

    posted = runner.post(pr, results_file)
    assert posted.code == 0, posted
    assert "1 error" in bot_comment(fake)["body"]
    # the fork's own run, with a read-only token and no --results, does not try to write
    runner.run(pr, token="ghs_readonly")
    assert len(fake.bot_comments(REPO, 7)) == 1


def test_post_refuses_results_for_another_commit(runner: Runner, fake: FakeGitHub) -> None:
    runner.site.commit({"_posts/2024-01-02-hello.md": BAD})
    pr = runner.open_pr(fork=True)
    results_file = runner.tmp / "r.json"
    runner.run(pr, "--results", str(results_file), token=None)
    data = json.loads(results_file.read_text())
    data["head_sha"] = "f" * 40
    results_file.write_text(json.dumps(data))
    refused = runner.post(pr, results_file)
    assert refused.code == 2 and "another commit" in refused.err
    assert fake.writes() == []


def test_post_refuses_a_pr_whose_head_is_not_the_run_s(runner: Runner, fake: FakeGitHub) -> None:
    runner.site.commit({"_posts/2024-01-02-hello.md": BAD})
    pr = runner.open_pr(fork=True)
    results_file = runner.tmp / "r.json"
    runner.run(pr, "--results", str(results_file), token=None)
    old = pr.head_sha
    runner.push(pr, {"_posts/2024-01-02-hello.md": CLEAN})
    pr_then = type(pr)(pr.repo, pr.number, old, pr.base_sha, pr.head_repo)
    stale = runner.post(pr_then, results_file)
    assert stale.code == 0 and "newer commit" in stale.out
    assert fake.writes() == []


@pytest.mark.parametrize(
    "content",
    [b"not json", b"[]", b'{"version": 1}', b'{"version": 2}', b"\xff\xfe"],
)
def test_post_rejects_invalid_results(runner: Runner, fake: FakeGitHub, content: bytes) -> None:
    runner.site.commit({"_posts/2024-01-02-hello.md": BAD})
    pr = runner.open_pr(fork=True)
    bad = runner.tmp / "bad.json"
    bad.write_bytes(content)
    outcome = runner.post(pr, bad)
    assert outcome.code == 2 and "results file" in outcome.err
    assert fake.writes() == []


def test_post_rejects_hostile_results_fields(runner: Runner, fake: FakeGitHub) -> None:
    runner.site.commit({"_posts/2024-01-02-hello.md": BAD})
    pr = runner.open_pr(fork=True)
    good = runner.tmp / "good.json"
    runner.run(pr, "--results", str(good), token=None)
    for field, value in [
        ("path", "../../etc/passwd"),
        ("rule", "x`y"),
        ("severity", "fatal"),
        ("message", "x" * 5000),
        ("line", -1),
    ]:
        data = json.loads(good.read_text())
        data["findings"][0][field] = value
        bad = runner.tmp / f"bad-{field}.json"
        bad.write_text(json.dumps(data))
        outcome = runner.post(pr, bad)
        assert outcome.code == 2 and f"findings.0.{field}" in outcome.err, (field, outcome)
        assert str(value) not in outcome.err or field == "severity"
    assert fake.writes() == []


def test_rate_limited_and_failing_api(runner: Runner, fake: FakeGitHub) -> None:
    runner.site.commit({"_posts/2024-01-02-hello.md": BAD})
    pr = runner.open_pr()
    fake.rate_limit_secondary(retry_after=1, path_contains="/comments", method="GET")
    fake.inject(502, body={"message": "Server Error"}, method="POST")
    result = runner.run(pr)
    # A write answered with a 5xx may have been made: never sent again. It was not (the list
    # says so): the run fails, and the next one makes it.
    assert result.code == 2 and "not repeated (it may have been made)" in result.err, result
    assert [e.method for e in fake.log].count("POST") == 1
    assert fake.bot_comments(REPO, 7) == []
    assert runner.run(pr).code == 1
    assert len(fake.bot_comments(REPO, 7)) == 1


MOJIBAKE = "Here\u00e2\u20ac\u2122s"


def test_writes_made_but_answered_with_a_5xx_are_not_repeated(
    runner: Runner, fake: FakeGitHub
) -> None:
    """A proxy's 502 after GitHub made the review and the comment: the run finds them made,
    and neither the suggestions nor the comment are there twice, then or on the next run."""
    runner.site.commit({"_posts/2024-01-02-hello.md": post(MOJIBAKE, f"Body {MOJIBAKE} text.")})
    pr = runner.open_pr()
    for path in ("/reviews", "/issues/7/comments"):
        fake.inject(
            502, body={"message": "Server Error"}, method="POST", path_contains=path, made=True
        )
    result = runner.run(pr)
    assert result.code == 1 and "comment created; 2 suggestion(s) posted" in result.out, result
    assert [e.method for e in fake.writes()] == ["POST", "POST"]
    assert len(fake.reviews[(REPO, 7)]) == 1 and len(fake.review_comments[(REPO, 7)]) == 2
    assert len(fake.bot_comments(REPO, 7)) == 1
    again = runner.run(pr)
    assert again.code == 1 and "0 suggestion(s) posted, 2 already there" in again.out, again
    assert len(fake.writes()) == 2


def test_rate_limit_longer_than_the_cap_is_an_error_not_a_hang(
    runner: Runner, fake: FakeGitHub
) -> None:
    runner.site.commit({"_posts/2024-01-02-hello.md": BAD})
    pr = runner.open_pr()
    fake.rate_limit_primary(reset_in=7200)
    result = runner.run(pr)
    assert result.code == 2 and "rate limit" in result.err
    assert TOKEN not in result.err + result.out
    assert "encoding/bidi-control" in result.summary  # what does not need GitHub was done


def test_shallow_clone_falls_back_to_the_pr_files_api(
    runner: Runner, fake: FakeGitHub, tmp_path: Path
) -> None:
    files: dict[str, str | bytes | None] = {
        f"_posts/2024-02-{d:02d}-p{d}.md": post("Hi", f"a {BIDI}b", date=f"2024-02-{d:02d}")
        for d in range(1, 29)
    }
    files.update({f"_drafts/draft-{i}.md": CLEAN for i in range(150)})
    files["images/logo.txt"] = "not a post"
    runner.site.commit(files)
    pr = runner.open_pr()
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{runner.site.root}", str(shallow))
    git(shallow, "checkout", "-q", pr.head_sha)
    result = runner.run(pr, site=shallow)
    assert result.code == 1, result
    pages = [e for e in fake.log if "/files" in e.path]
    assert len(pages) == 2  # 179 files, 100 a page, following the Link header
    assert "28 errors" in bot_comment(fake)["body"]
    assert "178 changed posts checked" in result.summary


def test_dry_run_shows_and_writes_nothing(runner: Runner, fake: FakeGitHub) -> None:
    runner.site.commit({"_posts/2024-01-02-hello.md": BAD})
    pr = runner.open_pr()
    result = runner.run(pr, "--dry-run")
    assert result.code == 1
    assert fake.writes() == []
    assert MARKER in result.out and "would-create" in result.out
    # the printed comment is fenced off from the runner's command parser
    assert "::stop-commands::" in result.out
    without_token = runner.run(pr, "--dry-run", token=None)
    assert MARKER in without_token.out and len(fake.writes()) == 0


def test_dry_run_shows_escape_sequences_as_escapes(runner: Runner, fake: FakeGitHub) -> None:
    """A post's escape sequence, quoted in a suggestion, reaches no terminal as itself."""
    body = "Hereâ€™s the \x1b]0;owned\x07 title and \x1b[2J more.\n"
    runner.site.commit({"_posts/2024-01-02-hello.md": post("Hello", body)})
    pr = runner.open_pr()
    result = runner.run(pr, "--dry-run", token=None)
    assert "--- suggestion on _posts/2024-01-02-hello.md" in result.out
    assert "\x1b" not in result.out and "\x07" not in result.out
    assert "\\x1b]0;owned\\x07" in result.out


def test_not_a_pull_request_event_is_a_usage_error(runner: Runner) -> None:
    env = runner.env({"ref": "refs/heads/main"}, "push")
    outcome = runner.invoke(env, (), None)
    assert outcome.code == 2 and "pull_request" in outcome.err
    env = runner.env({}, "pull_request")
    env.pop("GITHUB_EVENT_PATH")
    assert "GITHUB_EVENT_PATH" in runner.invoke(env, (), None).err


def test_site_in_a_subfolder_uses_repository_paths(fake: FakeGitHub, tmp_path: Path) -> None:
    site = SiteRepo.create(tmp_path / "repo", {"docs/_config.yml": "title: x\n"})
    site.commit({"docs/_posts/2024-01-02-hello.md": BAD, "_posts/2024-01-02-outside.md": BAD})
    runner = Runner(fake, site, tmp_path)
    pr = runner.open_pr()
    result = runner.run(pr, site=site.root / "docs")
    assert "::error file=docs/_posts/2024-01-02-hello.md," in result.out
    assert "outside" not in result.out
    assert "docs/_posts/2024-01-02-hello.md#L6" in bot_comment(fake)["body"]


def test_duplicate_url_against_an_unchanged_post_is_found(fake: FakeGitHub, tmp_path: Path) -> None:
    site = SiteRepo.create(
        tmp_path / "repo",
        {
            "docs/_config.yml": "title: x\n",
            "docs/_posts/2024-01-02-hello.md": CLEAN,
            "docs/_posts/2024-01-02-other.md": CLEAN.replace("Hello", "Other"),
            "docs/_posts/2024-01-02-a[b]*c.md": CLEAN,
            "docs/my_posts/2024-01-02-pair.md": CLEAN,  # not a post: never a candidate
        },
    )
    site.commit(
        {
            "docs/_posts/2024-01-02-hello.html": CLEAN,  # same URL as the unchanged .md
            "docs/_posts/2024-01-02-pair.md": OTHER.replace("2024-01-03", "2024-01-02"),
            "docs/_posts/2024-01-02-pair.markdown": OTHER.replace("2024-01-03", "2024-01-02"),
            "docs/_posts/2024-01-02-a[b]*c.html": CLEAN,  # glob characters in the slug
        }
    )
    runner = Runner(fake, site, tmp_path)
    result = runner.run(runner.open_pr(), site=site.root / "docs")
    dupes = [line for line in result.annotation_lines() if "duplicate-url" in line]
    assert len(dupes) == 4, result.out
    assert any(
        "docs/_posts/2024-01-02-hello.html" in line and "_posts/2024-01-02-hello.md does" in line
        for line in dupes
    )
    assert sum("2024-01-02-pair" in line.split("::")[1] for line in dupes) == 2
    assert any("a[b]*c.html" in line and "a[b]*c.md does" in line for line in dupes)
    assert "my_posts" not in result.out


def test_a_token_that_cannot_write_says_what_to_do(runner: Runner, fake: FakeGitHub) -> None:
    runner.site.commit({"_posts/2024-01-02-hello.md": BAD})
    pr = runner.open_pr()
    result = runner.run(pr, token="ghs_readonly")
    assert result.code == 2 and "pull-requests: write" in result.err
    assert "encoding/bidi-control" in result.summary and result.annotation_lines()


def test_the_real_command_line(runner: Runner, fake: FakeGitHub) -> None:
    import os
    import subprocess
    import sys

    runner.site.commit({"_posts/2024-01-02-hello.md": BAD})
    pr = runner.open_pr()
    env = {**os.environ, **runner.env(event(pr), "pull_request")}
    root = Path(__file__).resolve().parent.parent
    env["PYTHONPATH"] = str(root)
    cmd = [sys.executable, "-m", "bot", "pr", "--site", str(runner.site.root)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    assert "::error file=_posts/2024-01-02-hello.md" in done.stdout
    assert len(fake.bot_comments(REPO, 7)) == 1
    outside = {k: v for k, v in env.items() if not k.startswith("GITHUB_")}
    done = subprocess.run(cmd, env=outside, capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "GITHUB_EVENT_PATH" in done.stderr


def test_unwritable_outputs_are_reported_not_raised(runner: Runner, tmp_path: Path) -> None:
    runner.site.commit({"_posts/2024-01-02-hello.md": BAD})
    pr = runner.open_pr()
    runner.env_extra["GITHUB_STEP_SUMMARY"] = str(tmp_path / "no" / "such" / "summary.md")
    result = runner.run(pr, "--results", str(tmp_path / "missing" / "r.json"), token=None)
    assert result.code == 2 and "cannot write the results file" in result.err
    assert "::warning title=pressbot::cannot write the job summary" in result.out


def test_findings_past_the_per_rule_cap_are_counted(
    runner: Runner, fake: FakeGitHub, tmp_path: Path
) -> None:
    """2,500 invisible characters in one post: the comment, the summary and the results file
    say 2,500 findings (the record past the cap stands for 500 of them), not 2,001."""
    body = ("a\u200b" * 50 + "\n") * 50
    runner.site.commit({"_posts/2024-01-02-hello.md": post("Hello", body)})
    pr = runner.open_pr()
    results = tmp_path / "results.json"
    outcome = runner.run(pr, "--results", str(results))
    assert outcome.code == 0, outcome
    assert "2500 warnings in 1 post" in outcome.summary
    assert "By rule: 2500 [`encoding/invisible-char`]" in outcome.summary
    records = json.loads(results.read_text())["findings"]
    assert len(records) == 2001 and records[-1]["count"] == 500
    assert runner.post(pr, results).code == 0
    body = bot_comment(fake)["body"]
    assert "2500 warnings in 1 post" in body
    shown = sum(1 for line in body.splitlines() if line.startswith("| ⚠️ |"))
    assert 0 < shown < 2000 and f"… and {2500 - shown} more" in body
