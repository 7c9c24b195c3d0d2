"""`pr --post` posts only on the pull request the triggering workflow run belongs to.

The results artifact is written by the pull request's own code, so the number in it proves
nothing. The run's head repository, branch and commit (from the workflow_run event, which GitHub
writes) find the pull request through the API (open pull requests with ``head=owner:branch``);
the artifact must name that one. Runs from forks have an empty ``pull_requests`` list, so the
lookup is what ties them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.test_pr_support import (
    REPO,
    FakeGitHub,
    PullRequest,
    Runner,
    SiteRepo,
    bot_comment,
    post,
    workflow_run_event,
)

BAD = post("Hello", "A post with a \u202ehidden override.")
PATH = "_posts/2024-01-02-hello.md"


@pytest.fixture
def runner(fake: FakeGitHub, tmp_path: Path) -> Runner:
    site = SiteRepo.create(tmp_path / "repo", {})
    site.commit({PATH: BAD})
    return Runner(fake, site, tmp_path)


def results_for(runner: Runner, pr: PullRequest, number: int | None = None) -> Path:
    """The artifact the check job of ``pr`` writes, naming ``number`` (default: its own)."""
    path = runner.tmp / f"results-{pr.number}-{number}.json"
    assert runner.run(pr, "--results", str(path), token=None).code == 1
    if number is not None:
        data = json.loads(path.read_text())
        data["pull_request"] = number
        path.write_text(json.dumps(data))
    return path


def twin(runner: Runner, pr: PullRequest, number: int, head_repo: str, ref: str) -> PullRequest:
    """Another open pull request with the same head commit, from ``head_repo``'s ``ref``."""
    return runner.fake.add_pull(
        PullRequest(
            REPO,
            number,
            pr.head_sha,
            pr.base_sha,
            head_repo,
            files=list(pr.files),
            head_ref=ref,
        )
    )


def post_as_run_of(runner: Runner, run_of: PullRequest, results: Path, **changes: Any):  # type: ignore[no-untyped-def]
    payload = workflow_run_event(run_of)
    payload["workflow_run"].update(changes)
    env = runner.env(payload, "workflow_run")
    return runner.invoke(env, ("--post", str(results)), None)


def test_an_artifact_cannot_post_on_another_fork_s_pr_with_the_same_sha(
    runner: Runner, fake: FakeGitHub
) -> None:
    victim = runner.open_pr(fork=True)  # someone/blog:topic, #7
    mallory = twin(runner, victim, 8, "mallory/blog", "evil")
    artifact = results_for(runner, mallory, number=victim.number)
    outcome = runner.post(mallory, artifact)
    assert outcome.code == 2 and "#7" in outcome.err, outcome
    assert "\n" not in outcome.err
    assert fake.writes() == []
    # the same artifact naming mallory's own pull request is posted there, and only there
    own = results_for(runner, mallory, number=mallory.number)
    assert runner.post(mallory, own).code == 0
    assert len(fake.bot_comments(REPO, 8)) == 1 and fake.bot_comments(REPO, 7) == []


def test_a_fork_s_run_finds_its_pr_by_head_repository_and_branch(
    runner: Runner, fake: FakeGitHub
) -> None:
    pr = runner.open_pr(fork=True)
    outcome = runner.post(pr, results_for(runner, pr))
    assert outcome.code == 0, outcome
    assert "1 error" in bot_comment(fake)["body"]
    lookups = [e.path for e in fake.log if e.method == "GET" and "/pulls?" in e.path]
    assert lookups and all("head=someone%3Atopic" in p for p in lookups), lookups


def test_same_branch_name_in_another_fork_is_not_the_run_s(
    runner: Runner, fake: FakeGitHub
) -> None:
    """``head=owner:branch`` is GitHub's filter; the head repository is compared as well."""
    victim = runner.open_pr(fork=True)
    twin(runner, victim, 8, "someone/other-blog", "topic")  # same owner and branch, other repo
    artifact = results_for(runner, victim)
    outcome = post_as_run_of(
        runner, victim, artifact, head_repository={"full_name": "someone/other-blog"}
    )
    assert outcome.code == 2 and fake.writes() == []


def test_the_event_s_pull_requests_do_not_outrank_the_head_check(
    runner: Runner, fake: FakeGitHub
) -> None:
    """A run's ``pull_requests`` may list pull requests of other repositories: a number there
    is only taken when this repository's pull request of that number has the run's head."""
    own = runner.open_pr()  # a branch of the repository itself, #7
    other = twin(runner, own, 9, "mallory/blog", "evil")
    artifact = results_for(runner, own, number=other.number)
    outcome = post_as_run_of(runner, own, artifact, pull_requests=[{"number": 9}])
    assert outcome.code == 2 and fake.writes() == []


def test_a_run_of_a_closed_pr_posts_nothing(runner: Runner, fake: FakeGitHub) -> None:
    pr = runner.open_pr(fork=True)
    artifact = results_for(runner, pr)
    pr.state = "closed"
    outcome = runner.post(pr, artifact)
    assert outcome.code == 0 and "no open pull request" in outcome.out, outcome
    assert fake.writes() == []


@pytest.mark.parametrize(
    "changes",
    [
        {"event": "push"},
        {"event": "workflow_dispatch"},
        {"head_repository": None},
        {"head_branch": None},
    ],
)
def test_a_run_that_cannot_be_tied_to_a_pr_is_refused(
    runner: Runner, fake: FakeGitHub, changes: dict[str, Any]
) -> None:
    pr = runner.open_pr(fork=True)
    artifact = results_for(runner, pr)
    outcome = post_as_run_of(runner, pr, artifact, **changes)
    assert outcome.code == 2 and "workflow run" in outcome.err, outcome
    assert fake.writes() == []


def test_a_malformed_answer_from_the_lookup_is_not_a_match(
    runner: Runner, fake: FakeGitHub
) -> None:
    pr = runner.open_pr(fork=True)
    artifact = results_for(runner, pr)
    forged = {
        "number": "7",
        "state": "open",
        "head": {"sha": pr.head_sha, "ref": "topic", "repo": {"full_name": "someone/blog"}},
        "base": {"sha": pr.base_sha, "repo": {"full_name": REPO}},
    }
    for answer in ([forged], [1, None, "x"]):
        fake.inject(200, body=answer, method="GET", path_contains="/pulls")
        outcome = runner.post(pr, artifact)
        assert outcome.code == 0 and "no open pull request" in outcome.out, (answer, outcome)
    # an answer that is no list at all is unreadable, not an empty list: an error
    fake.inject(200, body={"message": "not a list"}, method="GET", path_contains="/pulls")
    outcome = runner.post(pr, artifact)
    assert outcome.code == 2 and "not a list" in outcome.err, outcome
    assert fake.writes() == []


def test_a_run_listing_another_repository_s_pr_still_posts_on_its_own(
    runner: Runner, fake: FakeGitHub
) -> None:
    """``pull_requests`` of a run may name a pull request of another repository (one whose head
    is this branch): the pull request found by the head is the run's, whatever the list says."""
    own = runner.open_pr()
    artifact = results_for(runner, own)
    outcome = post_as_run_of(runner, own, artifact, pull_requests=[{"number": 3}])
    assert outcome.code == 0, outcome
    assert len(fake.bot_comments(REPO, 7)) == 1
