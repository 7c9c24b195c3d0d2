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


SECRET = "SECRET Here\u00e2\u20ac\u2122s"


def _escapes(root: Path) -> list[str]:
    """Names GitHub's files answer could hold that are no file of the work tree at ``root``
    (a post outside it, ``{tmp}/secret/_posts/2024-01-02-secret.md``, is what they reach)."""
    outside = f"{root.parent}/secret/_posts/2024-01-02-secret.md"
    return [
        "_posts/../../secret/_posts/2024-01-02-secret.md",
        "_posts/" + "../" * (len(root.parts) + 2) + outside.lstrip("/"),
        outside,
        "_posts/link/2024-01-02-secret.md",
        "_posts/./2024-01-02-hello.md",
        "_posts//2024-01-02-hello.md",
        "_posts/2024-01-02-\x00.md",
        "_posts/2024-01-02-" + "a" * 300 + ".md",
        "_posts/" + "a" * 300 + "/2024-01-02-x.md",
    ]


@pytest.mark.parametrize("index", range(9))
def test_a_changed_file_named_outside_the_work_tree_is_never_read(
    fake: FakeGitHub, tmp_path: Path, index: int
) -> None:
    """On a shallow clone the changed files come from GitHub's answer: a name in it that is no
    file of the work tree is skipped with a note, and the pull request's own post is checked."""
    secret = tmp_path / "secret" / "_posts"
    secret.mkdir(parents=True)
    (secret / "2024-01-02-secret.md").write_text(post("Secret", SECRET))
    site = SiteRepo.create(tmp_path / "repo", {})
    (site.root / "_posts").mkdir(exist_ok=True)
    (site.root / "_posts" / "link").symlink_to(secret)
    site.commit({PATH: BAD})  # the link is committed with it
    runner = Runner(fake, site, tmp_path)
    pr = runner.open_pr()
    pr.base_sha = "1" * 40  # not in the clone: too shallow, GitHub is asked
    name = _escapes(site.root)[index]
    pr.files = [*pr.files, {"filename": name, "status": "added", "patch": "@@ -0,0 +1 @@\n+x"}]
    outcome = runner.run(pr)
    assert outcome.code == 1, outcome
    notes = [line for line in outcome.out.splitlines() if "skipped" in line]
    assert len(notes) == 1 and "GitHub lists the changed file" in notes[0], outcome.out
    everything = outcome.out + outcome.summary + json.dumps([e.body for e in fake.log])
    assert "SECRET" not in everything and "Secret" not in everything
    assert "encoding/bidi-control" in outcome.summary  # the real changed post was checked


def test_which_names_are_files_of_the_work_tree(tmp_path: Path) -> None:
    from bot.pr.flow import outside_tree

    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "up").symlink_to(tmp_path.parent)
    (tmp_path / "_posts" / "link").symlink_to(tmp_path.parent)
    (tmp_path / "_posts" / "here").symlink_to(tmp_path / "_posts")
    for name in [PATH, "_posts/here/2024-01-02-a.md", "_posts/sub/2024-01-02-a.md", "a..b/c.md"]:
        assert outside_tree(tmp_path, name) is None, name
    for name in [*_escapes(tmp_path), "_posts/up/2024-01-02-a.md", "_posts/2024-01-02-\ud800.md"]:
        assert outside_tree(tmp_path, name) is not None, name
    assert outside_tree(None, "_posts/up/2024-01-02-a.md") is None  # no tree: names only
    assert outside_tree(None, "/etc/_posts/2024-01-02-a.md") is not None
