"""Values from the event, the artifact, the environment or GitHub's answers never shape a URL path
(``../``, ``?``) or a second log line (a workflow command) of `pressbot pr`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_pr_support import FakeGitHub, Runner, SiteRepo, post, workflow_run_event

PATH = "_posts/2024-01-02-hello.md"
BAD = post("Hello", "A post with a \u202ehidden override.")


@pytest.fixture
def runner(fake: FakeGitHub, tmp_path: Path) -> Runner:
    site = SiteRepo.create(tmp_path / "repo", {})
    site.commit({PATH: BAD})
    return Runner(fake, site, tmp_path)


@pytest.mark.parametrize(
    "repository", ["octo/..", "../blog", "./x", "octo/blog/../../x", "o/b?x=1"]
)
def test_a_repository_name_with_dot_segments_is_refused(
    runner: Runner, fake: FakeGitHub, repository: str
) -> None:
    pr = runner.open_pr()
    runner.env_extra["GITHUB_REPOSITORY"] = repository
    outcome = runner.run(pr)
    assert outcome.code == 2 and "GITHUB_REPOSITORY" in outcome.err, outcome
    assert fake.log == []


@pytest.mark.parametrize(
    "message",
    [
        "Validation failed\n::error file=x::forged\n::add-mask::x",
        "line\r::warning::forged",
        "\u2028::error::forged",
    ],
)
def test_github_s_error_message_is_one_inert_line(
    runner: Runner, fake: FakeGitHub, message: str
) -> None:
    pr = runner.open_pr()
    fake.inject(422, body={"message": message, "errors": [message]}, method="POST")
    outcome = runner.run(pr)
    assert outcome.code == 2, outcome
    assert "\n" not in outcome.err and "\r" not in outcome.err and "\u2028" not in outcome.err
    assert "::" not in outcome.err and "forged" in outcome.err


def test_the_run_s_branch_in_a_log_line_is_inert(runner: Runner, fake: FakeGitHub) -> None:
    pr = runner.open_pr(fork=True)
    path = runner.tmp / "r.json"
    runner.run(pr, "--results", str(path), token=None)
    payload = workflow_run_event(pr)
    payload["workflow_run"]["head_branch"] = "x::error::forged"
    env = runner.env(payload, "workflow_run")
    outcome = runner.invoke(env, ("--post", str(path)), None)
    assert outcome.code == 0 and "no open pull request" in outcome.out, outcome
    assert "::error" not in outcome.out
    lookups = [e.path for e in fake.log if "/pulls?" in e.path]
    assert lookups and all("%3A%3Aerror" in p for p in lookups)  # a query value, encoded


def test_a_pull_request_number_reaches_paths_as_a_number(runner: Runner, fake: FakeGitHub) -> None:
    pr = runner.open_pr(fork=True)
    path = runner.tmp / "r.json"
    runner.run(pr, "--results", str(path), token=None)
    for number in ("7/../../../user", "7?per_page=1", 7.5):
        data = json.loads(path.read_text())
        data["pull_request"] = number
        bad = runner.tmp / "bad.json"
        bad.write_text(json.dumps(data))
        outcome = runner.post(pr, bad)
        assert outcome.code == 2 and "pull_request" in outcome.err
    assert fake.log == []


def test_the_results_file_replaces_a_link_the_pull_request_put_there(
    runner: Runner, tmp_path: Path
) -> None:
    target = tmp_path / "outside.txt"
    target.write_text("not pressbot's\n")
    pr = runner.open_pr(fork=True)
    results = runner.site.root / "pressbot-results.json"
    results.symlink_to(target)
    outcome = runner.run(pr, "--results", str(results), token=None)
    assert outcome.code == 1, outcome
    assert target.read_text() == "not pressbot's\n"
    assert not results.is_symlink() and json.loads(results.read_text())["pull_request"] == 7
    assert [p.name for p in results.parent.glob(".pressbot-results-*")] == []
