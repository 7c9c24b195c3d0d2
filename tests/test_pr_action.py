"""The files that make claims: action.yml and the two workflows a site copies."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "action.yml"
CHECK = ROOT / ".github" / "workflows" / "pressbot-pr.yml"
COMMENT = ROOT / ".github" / "workflows" / "pressbot-pr-comment.yml"


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for job in workflow["jobs"].values() for s in job["steps"]]


def test_action_is_composite_and_never_interpolates_inputs_into_scripts() -> None:
    action = load(ACTION)
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"mode", "results-file", "site", "github-token"}
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], "expressions go through env, not into the script"
            assert step["shell"] == "bash"


def run_action_script(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    action = load(ACTION)
    script = next(s for s in action["runs"]["steps"] if s.get("name") == "pressbot pr")["run"]
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir(exist_ok=True)
    stub = fake_bin / "pressbot"
    stub.write_text('#!/bin/sh\nfor a in "$@"; do printf "[%s]" "$a"; done\n')
    stub.chmod(stub.stat().st_mode | stat.S_IEXEC)
    full_env = {
        "PATH": f"{fake_bin}{os.pathsep}{os.environ['PATH']}",
        "PRESSBOT_MODE": "check",
        "PRESSBOT_RESULTS": "pressbot-results.json",
        "PRESSBOT_SITE": "",
        **env,
    }
    return subprocess.run(
        ["bash", "-c", script], env=full_env, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "[pr]"),
        ({"PRESSBOT_MODE": "results"}, "[pr][--results][pressbot-results.json]"),
        (
            {"PRESSBOT_MODE": "post", "PRESSBOT_RESULTS": "/tmp/r s.json", "PRESSBOT_SITE": "a b"},
            "[pr][--site][a b][--post][/tmp/r s.json]",
        ),
        ({"PRESSBOT_SITE": "$(touch /tmp/pwned)"}, "[pr][--site][$(touch /tmp/pwned)]"),
    ],
)
def test_action_script_builds_the_command(
    tmp_path: Path, env: dict[str, str], expected: str
) -> None:
    done = run_action_script(tmp_path, **env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected


def test_action_script_rejects_an_unknown_mode(tmp_path: Path) -> None:
    done = run_action_script(tmp_path, PRESSBOT_MODE="everything")
    assert done.returncode == 2 and done.stdout.startswith("::error title=pressbot::")


def test_check_workflow_is_unprivileged_and_uploads_the_results() -> None:
    wf = load(CHECK)
    assert set(wf["on"]) == {"pull_request"}  # never pull_request_target
    assert all(level != "write" for level in wf["permissions"].values())
    checkout = next(s for s in steps(wf) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["persist-credentials"] is False
    assert checkout["with"]["fetch-depth"] == 0
    ours = next(s for s in steps(wf) if s.get("uses", "").startswith("pressbot/pressbot@"))
    assert ours["with"]["mode"] == "results"
    upload = next(s for s in steps(wf) if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["if"] == "always()"  # the check fails on errors; the results still go
    assert upload["with"]["path"] == ours["with"]["results-file"]


def test_comment_workflow_runs_no_pr_code_and_posts_the_artifact() -> None:
    check, wf = load(CHECK), load(COMMENT)
    assert wf["on"]["workflow_run"]["workflows"] == [check["name"]]
    assert wf["permissions"]["pull-requests"] == "write"
    uses = [s.get("uses", "") for s in steps(wf)]
    assert not any(u.startswith("actions/checkout") for u in uses)
    download = next(s for s in steps(wf) if s.get("uses", "").startswith("actions/download-art"))
    upload = next(s for s in steps(check) if s.get("uses", "").startswith("actions/upload-art"))
    assert download["with"]["name"] == upload["with"]["name"]
    assert "workflow_run.id" in download["with"]["run-id"]
    ours = next(s for s in steps(wf) if s.get("uses", "").startswith("pressbot/pressbot@"))
    assert ours["with"]["mode"] == "post"
    assert ours["with"]["results-file"] == f"{download['with']['path']}/{upload['with']['path']}"


def test_workflows_pin_the_same_action_release() -> None:
    pins = {
        s["uses"]
        for wf in (load(CHECK), load(COMMENT))
        for s in steps(wf)
        if s.get("uses", "").startswith("pressbot/")
    }
    assert len(pins) == 1 and re.fullmatch(r"pressbot/pressbot@v\d+\.\d+\.\d+", pins.pop())
