"""A new user's first hour, played end to end with the real tools: an empty Git repository
with a small Jekyll site, `pressbot init --github --pre-commit`, then the written workflows
against GitHub's workflow schema, the written configuration against `pressbot check`, the
written pre-commit configuration run by pre-commit itself, and every rule's page."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.rules.registry import RULES
from bot.templates import WORKFLOWS
from tests.conftest import ROOT, git, git_init, write_site
from tests.inputkit import pressbot

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = shutil.which(name, path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if found is None:
        pytest.fail(f"{name} is not installed (it is in the test extra)")
    return found


SITE = {
    "_config.yml": "title: My blog\ntimezone: America/Chicago\n",
    "_data/authors.yml": "ana:\n  name: Ana\n",
    "_posts/2026-03-01-hello.md": "---\ntitle: Hello\nauthor: ana\ncategories: [News]\n---\nHi.\n",
    "_posts/2026-03-02-again.md": "---\ntitle: Again\nauthor: ana\ncategories: [Notes]\n---\nMore.\n",
    "index.md": "---\nlayout: home\n---\n",
}


@pytest.fixture
def newcomer(tmp_path: Path) -> Path:
    repo = git_init(tmp_path / "my-blog")
    write_site(repo, SITE)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "My blog")
    return repo


def test_first_hour(newcomer: Path, tmp_path: Path) -> None:
    done = pressbot("init", "--github", "--pre-commit", cwd=newcomer)
    assert done.code == 0, done
    assert "All 2 post(s) pass `pressbot check`" in done.out and "Next:" in done.out

    workflows = [newcomer / ".github" / "workflows" / name for name in WORKFLOWS]
    schema = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *workflows],
        capture_output=True,
        text=True,
        check=False,
    )
    assert schema.returncode == 0, schema.stdout + schema.stderr

    check = pressbot("check", cwd=newcomer)
    assert (check.code, check.out) == (0, "2 files checked: 0 error(s), 0 warning(s)\n"), check

    # The written pre-commit configuration, pointed at this checkout instead of GitHub.
    config = newcomer / ".pre-commit-config.yaml"
    data = yaml.safe_load(config.read_text())
    (entry,) = data["repos"]
    assert entry["repo"] == "https://github.com/pressbot/pressbot"
    commit = git(ROOT, "rev-parse", "HEAD").strip()
    config.write_text(
        config.read_text().replace(entry["repo"], str(ROOT)).replace(entry["rev"], commit)
    )
    git(newcomer, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    env.pop("PYTHONPATH", None)

    def hooks() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [tool("pre-commit"), "run", "--all-files", "--color", "never"],
            cwd=newcomer,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )

    clean = hooks()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "pressbot check" in clean.stdout and "Passed" in clean.stdout

    write_site(
        newcomer,
        {
            "_posts/2026-03-03-oops.md": "---\ntitle: Itâ€™s here\nauthor: bob\ncategories: [News]\n---\n"
        },
    )
    git(newcomer, "add", "-A")
    failing = hooks()
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "encoding/mojibake" in failing.stdout and "schema/value" in failing.stdout
    assert "pressbot rule RULE" in failing.stdout

    for rule_id in RULES:
        page = pressbot("rule", rule_id, cwd=newcomer)
        assert page.code == 0 and page.out.startswith(rule_id) and "How to fix" in page.out
