"""The two documents the privileged `pr --post` job reads: the workflow_run event and the results
artifact. Both are checked against a schema (types, bounds, nesting) before anything is used, and a
bad one is one line on stderr, exit 2, and nothing posted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.test_pr_support import (
    FakeGitHub,
    Runner,
    SiteRepo,
    bot_comment,
    event,
    post,
    workflow_run_event,
)

BAD = post("Hello", "A post with a \u202ehidden override.\nIt isnâ€™t fine.")
PATH = "_posts/2024-01-02-hello.md"
DEEP = 200_000


@pytest.fixture
def runner(fake: FakeGitHub, tmp_path: Path) -> Runner:
    site = SiteRepo.create(tmp_path / "repo", {})
    site.commit({PATH: BAD})
    return Runner(fake, site, tmp_path)


def good_results(runner: Runner, fork: bool = True) -> tuple[Any, dict[str, Any]]:
    pr = runner.open_pr(fork=fork)
    path = runner.tmp / "good.json"
    assert runner.run(pr, "--results", str(path), token=None).code == 1
    data = json.loads(path.read_text())
    assert data["findings"] and data["suggestions"], data  # every field below is present
    return pr, data


def set_at(doc: Any, where: str, value: Any) -> Any:
    """``doc`` with the value at a dotted path (``findings.0.line``) replaced."""
    keys = [int(k) if k.isdigit() else k for k in where.split(".")]
    target = doc
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value
    return doc


def post_with(runner: Runner, pr: Any, data: Any, raw: bytes | None = None) -> Any:
    path = runner.tmp / "results.json"
    path.write_bytes(raw if raw is not None else json.dumps(data).encode())
    return runner.post(pr, path)


def post_event(runner: Runner, results: dict[str, Any], payload: Any, raw: bytes | None = None):  # type: ignore[no-untyped-def]
    path = runner.tmp / "results.json"
    path.write_text(json.dumps(results))
    env = runner.env({}, "workflow_run")
    Path(env["GITHUB_EVENT_PATH"]).write_bytes(
        raw if raw is not None else json.dumps(payload).encode()
    )
    return runner.invoke(env, ("--post", str(path)), None)


def assert_refused(outcome: Any, fake: FakeGitHub, *words: str) -> None:
    assert outcome.code == 2, outcome
    assert outcome.err and "\n" not in outcome.err and "::" not in outcome.err, outcome.err
    for word in words:
        assert word in outcome.err, (word, outcome.err)
    assert fake.writes() == []


def test_the_good_results_are_posted(runner: Runner, fake: FakeGitHub) -> None:
    pr, data = good_results(runner)
    assert post_with(runner, pr, data).code == 0
    assert "2 errors" in bot_comment(fake)["body"]


# -- the results artifact ------------------------------------------------------------------------


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_results_nested_200000_deep(runner: Runner, fake: FakeGitHub, opener: str) -> None:
    pr, data = good_results(runner)
    closer = "]" if opener == "[" else "}"
    for raw in (
        (opener * DEEP + "1" + closer * DEEP).encode(),
        json.dumps({**data, "findings": "@"}).replace('"@"', "[" * DEEP + "]" * DEEP).encode(),
        (opener * DEEP).encode(),  # never closed
    ):
        assert_refused(post_with(runner, pr, None, raw), fake, "results file")


@pytest.mark.parametrize("levels", [65, 100, 199])
def test_nesting_below_the_parser_s_own_limit_is_refused_too(levels: int, tmp_path: Path) -> None:
    """The parser stops at about 200 levels; pressbot's documents stop at 64."""
    from bot.pr.documents import MAX_DEPTH
    from bot.pr.event import Actions, PrError
    from bot.pr.results import ResultsError, parse

    nested = "[" * (levels - 1) + "]" * (levels - 1)
    with pytest.raises(ResultsError, match=f"nested more than {MAX_DEPTH} deep"):
        parse(f'{{"version": 1, "x": {nested}}}'.encode())
    with pytest.raises(ResultsError, match="not valid"):  # at the limit: parsed, then refused
        parse(f'{{"version": 1, "x": {"[" * 63 + "]" * 63}}}'.encode())
    path = tmp_path / "event.json"
    path.write_text(f'{{"sender": {nested}}}')
    with pytest.raises(PrError, match=f"event file is nested more than {MAX_DEPTH} deep"):
        Actions.from_env({"GITHUB_EVENT_PATH": str(path)}).payload()


@pytest.mark.parametrize("value", [10**12, -5, 0, True, "7", 7.0, 1.5, None, [7], {"n": 7}])
def test_results_pull_request_number(runner: Runner, fake: FakeGitHub, value: Any) -> None:
    pr, data = good_results(runner)
    outcome = post_with(runner, pr, set_at(data, "pull_request", value))
    assert_refused(outcome, fake, "pull_request")


# Values a lenient reader converts (a digit string to a number, true to 1, 3.0 to 3, a number to a
# string) and values of the wrong shape altogether: every field is checked for its type.
FIELDS = [
    ("version", "1"),
    ("repository", 5),
    ("repository", "octo/.."),
    ("repository", "../blog"),
    ("head_sha", 1),
    ("base_sha", None),
    ("files_checked", "1"),
    ("files_checked", True),
    ("posts_changed", 1.0),
    ("findings", {"0": {}}),
    ("findings", "x"),
    ("findings_omitted", -1),
    ("findings_omitted", "3"),
    ("suggestions", 5),
    ("findings.0", "x"),
    ("findings.0.path", 5),
    ("findings.0.path", "a/./b.md"),
    ("findings.0.line", "6"),
    ("findings.0.line", True),
    ("findings.0.line", 6.0),
    ("findings.0.column", "1"),
    ("findings.0.end_line", "7"),
    ("findings.0.end_line", 1),  # before the finding's own line
    ("findings.0.end_column", False),
    ("findings.0.rule", ["encoding/bidi-control"]),
    ("findings.0.severity", 1),
    ("findings.0.message", 5),
    ("findings.0.message", None),
    ("findings.0.fix", "x"),
    ("suggestions.0", []),
    ("suggestions.0.path", None),
    ("suggestions.0.path", "/etc/passwd"),
    ("suggestions.0.start_line", "1"),
    ("suggestions.0.end_line", True),
    ("suggestions.0.start_line", 10**6),  # after its end line
    ("suggestions.0.new_text", 5),
    ("suggestions.0.rule", None),
    ("suggestions.0.message", 1),
    ("suggestions.0.fingerprint", 12),
]


@pytest.mark.parametrize(("where", "value"), FIELDS, ids=[f"{w}={v!r}" for w, v in FIELDS])
def test_results_fields_are_type_checked(
    runner: Runner, fake: FakeGitHub, where: str, value: Any
) -> None:
    pr, data = good_results(runner)
    outcome = post_with(runner, pr, set_at(data, where, value))
    assert_refused(outcome, fake, "results file", where.split(".")[0])


def test_results_unknown_key_cannot_write_to_the_log(runner: Runner, fake: FakeGitHub) -> None:
    pr, data = good_results(runner)
    data["findings"][0]["\n::error::forged\r\n::add-mask::x"] = 1
    outcome = post_with(runner, pr, data)
    assert_refused(outcome, fake, "findings.0")


def test_results_text_that_is_not_unicode(runner: Runner, fake: FakeGitHub) -> None:
    pr, data = good_results(runner)
    data["findings"][0]["message"] = "@"
    raw = json.dumps(data).replace('"@"', '"a lone \\ud800 surrogate"', 1).encode()
    assert_refused(post_with(runner, pr, None, raw), fake, "results file")
    for junk in (b"", b"   ", b"{} x", b"\xef\xbb\xbf{}", b"[NaN]", b"null"):
        assert_refused(post_with(runner, pr, None, junk), fake, "results file")


# -- the workflow_run event ----------------------------------------------------------------------


def test_event_nested_200000_deep(runner: Runner, fake: FakeGitHub) -> None:
    pr, data = good_results(runner)
    payload = workflow_run_event(pr)
    text = json.dumps({**payload, "sender": "@"}).replace('"@"', "[" * DEEP + "]" * DEEP)
    assert_refused(post_event(runner, data, None, text.encode()), fake, "event")
    assert_refused(post_event(runner, data, None, b"{" * DEEP), fake, "event")


EVENT_FIELDS = [
    ("workflow_run", 5),
    ("workflow_run.pull_requests", 5),
    ("workflow_run.pull_requests", {"number": 7}),
    ("workflow_run.pull_requests.0", 7),
    ("workflow_run.pull_requests.0.number", "7"),
    ("workflow_run.pull_requests.0.number", True),
    ("workflow_run.pull_requests.0.number", 10**12),
    ("workflow_run.pull_requests.0.number", -5),
    ("workflow_run.pull_requests.0.number", 7.0),
    ("workflow_run.head_sha", 5),
    ("workflow_run.head_sha", "HEAD"),
    ("workflow_run.head_branch", 5),
    ("workflow_run.head_branch", "topic\n::error::x"),
    ("workflow_run.head_repository", "someone/blog"),
    ("workflow_run.head_repository.full_name", 5),
    ("workflow_run.head_repository.full_name", "someone/../../x"),
    ("workflow_run.head_repository.full_name", "someone/blog?x=1"),
    ("workflow_run.event", 5),
]


@pytest.mark.parametrize(
    ("where", "value"), EVENT_FIELDS, ids=[f"{w}={v!r}" for w, v in EVENT_FIELDS]
)
def test_event_fields_are_type_checked(
    runner: Runner, fake: FakeGitHub, where: str, value: Any
) -> None:
    pr, data = good_results(runner, fork=False)  # a run from the repository: pull_requests set
    payload = workflow_run_event(pr)
    assert payload["workflow_run"]["pull_requests"] == [{"number": 7}]
    outcome = post_event(runner, data, set_at(payload, where, value))
    assert_refused(outcome, fake, "event")


def test_event_that_is_not_a_json_object(runner: Runner, fake: FakeGitHub) -> None:
    _pr, data = good_results(runner)
    for raw in (b"[]", b"null", b"not json", b"\xff", b'{"workflow_run": {"head_sha": "\\udc00"}}'):
        assert_refused(post_event(runner, data, None, raw), fake, "event")


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("pull_request.number", True),
        ("pull_request.number", "7"),
        ("pull_request.number", 10**12),
        ("pull_request.number", -5),
        ("pull_request.number", 1.5),
        ("pull_request.head.sha", 5),
        ("pull_request.head.repo.full_name", 5),
        ("pull_request.base.repo.full_name", "../.."),
        ("pull_request.base.repo", "octo/blog"),
        ("pull_request", [1]),
    ],
)
def test_pull_request_event_fields_are_type_checked(
    runner: Runner, fake: FakeGitHub, where: str, value: Any
) -> None:
    pr = runner.open_pr()
    env = runner.env(set_at(event(pr), where, value), "pull_request")
    outcome = runner.invoke(env, (), None)
    assert_refused(outcome, fake, "event")
    assert outcome.summary == ""  # nothing was checked on the strength of a bad event


def test_pull_request_event_nested_deep(runner: Runner, fake: FakeGitHub) -> None:
    pr = runner.open_pr()
    env = runner.env({}, "pull_request")
    text = json.dumps({**event(pr), "sender": "@"}).replace('"@"', "[" * DEEP + "]" * DEEP)
    Path(env["GITHUB_EVENT_PATH"]).write_text(text)
    assert_refused(runner.invoke(env, (), None), fake, "event")


def test_the_real_command_line_on_a_deep_artifact(runner: Runner, fake: FakeGitHub) -> None:
    import os
    import subprocess
    import sys

    pr, _data = good_results(runner)
    path = runner.tmp / "deep.json"
    path.write_text("[" * DEEP + "]" * DEEP)
    env = {**os.environ, **runner.env(workflow_run_event(pr), "workflow_run")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    cmd = [sys.executable, "-m", "bot", "pr", "--post", str(path)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False, cwd=runner.tmp)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert fake.writes() == []


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "too large", "missing"])
@pytest.mark.parametrize("document", ["results", "event"])
def test_a_document_that_is_not_a_readable_regular_file(
    runner: Runner, fake: FakeGitHub, kind: str, document: str
) -> None:
    """One line and exit 2, at once: a FIFO nobody writes to must not hang the job."""
    import os
    import subprocess
    import sys

    pr, _data = good_results(runner)
    good = runner.tmp / "good.json"
    odd = runner.tmp / f"odd-{document}"
    if kind == "fifo":
        os.mkfifo(odd)
    elif kind == "device":
        odd = Path("/dev/zero")
    elif kind == "folder":
        odd.mkdir()
    elif kind == "too large":
        odd.write_bytes(b" " * (25 * 1024 * 1024 + 1))
    env = {**os.environ, **runner.env(workflow_run_event(pr), "workflow_run")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    results = good
    if document == "event":
        env["GITHUB_EVENT_PATH"] = str(odd)
    else:
        results = odd
    cmd = [sys.executable, "-m", "bot", "pr", "--post", str(results)]
    done = subprocess.run(
        cmd, env=env, capture_output=True, text=True, check=False, cwd=runner.tmp, timeout=120
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert document in done.stderr
    assert fake.writes() == []


def test_a_document_of_millions_of_empty_lists_is_refused_before_parsing() -> None:
    from bot.pr.documents import MAX_CONTAINERS
    from bot.pr.results import ResultsError, parse

    wide = b'{"version": 1, "x": [' + b"[]," * MAX_CONTAINERS + b"{}]}"
    with pytest.raises(ResultsError, match="more than 1,000,000 lists and objects"):
        parse(wide)
    just = b'{"version": 1, "x": [' + b"[]," * (MAX_CONTAINERS - 3) + b"[]]}"
    with pytest.raises(ResultsError, match="not valid"):  # parsed, then refused by the model
        parse(just)
