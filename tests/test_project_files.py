"""The files that make claims: generated schemas, the README, the hook manifest, CI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.commands.schema import SCHEMA_FILES, config_schema, dump, post_schema
from bot.linter import registry
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def shell_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, re.DOTALL)


def test_schemas_are_current() -> None:
    """Run `pressbot schema --write schemas/` after changing bot/schema.py or bot/config.py."""
    assert (ROOT / "schemas" / SCHEMA_FILES["post"]).read_text() == dump(post_schema(None))
    assert (ROOT / "schemas" / SCHEMA_FILES["config"]).read_text() == dump(config_schema())


def test_readme_has_the_two_commands_and_ci_runs_the_test_one() -> None:
    blocks = [b.strip() for b in shell_blocks(README)]
    run_example, run_tests = blocks[0], blocks[1]
    assert run_example.endswith("pressbot check examples/site")
    assert run_tests.endswith("pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert run_tests in ci.splitlines()


def test_pressbot_says_it_is_for_jekyll_and_hugo() -> None:
    from tests.inputkit import pressbot

    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (description,) = re.findall(r'^description = "(.*)"$', project, re.MULTILINE)
    done = pressbot("--help")
    assert done.code == 0, done
    assert "Jekyll and Hugo sites" in description
    assert "Jekyll and Hugo sites" in done.out


def test_readme_lists_every_rule() -> None:
    table = {m for m in re.findall(r"^\| \[?`([a-z]+/[a-z0-9-]+)`", README, re.MULTILINE)}
    assert set(registry()) <= table


def test_readme_configuration_example_is_the_example_sites() -> None:
    (block,) = [b for b in re.findall(r"```yaml\n(.*?)```", README, re.DOTALL) if "required:" in b]
    shown = yaml.safe_load(block)
    actual = yaml.safe_load((ROOT / "examples" / "site" / ".pressbot.yml").read_text())
    assert shown == actual


def test_pre_commit_hooks_manifest() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) >= {"pressbot-check", "pressbot-fix"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["entry"].split()[0] == "pressbot"
        assert re.search(hook["files"], "site/_posts/2026-01-01-x.md")
        assert not re.search(hook["files"], "site/about.md")
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'pressbot = "bot.cli:main"' in pyproject


def test_pre_commit_accepts_the_hooks_manifest() -> None:
    """pre-commit's own reading of the manifest; the hooks take every file under a posts folder
    (no `types:`), so that pressbot, not a file-type guess, decides what is a post."""
    clientlib = pytest.importorskip("pre_commit.clientlib")
    hooks = clientlib.load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert {h["id"] for h in hooks} >= {"pressbot-check", "pressbot-fix"}
    for hook in hooks:
        assert hook["types"] == ["file"] and hook["types_or"] == [], hook["id"]
        assert hook["exclude_types"] == [], hook["id"]


def test_ci_workflow_runs_lint_and_tests_on_both_pythons() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    job = workflow["jobs"]["test"]
    assert job["strategy"]["matrix"]["python"] == ["3.10", "3.12"]
    steps = " ".join(str(step.get("run", "")) for step in job["steps"])
    assert "ruff check" in steps and "pytest" in steps


def test_example_site_holds_the_real_post_unchanged() -> None:
    post = ROOT / "examples" / "site" / "_posts" / "2026-01-05-lee-jae-myung-to-meet-xi.md"
    data = post.read_bytes()
    assert "Hereâ€™s".encode() in data  # the mojibake it was received with
    assert b"date: 2026-01-05T00:13:58\n" in data


def test_every_command_has_help(cli) -> None:
    from bot.cli import COMMANDS

    for name in COMMANDS:
        with pytest.raises(SystemExit) as exit_:
            cli(name, "--help")
        assert exit_.value.code == 0, name


def test_version(cli, capsys) -> None:
    from bot import __version__

    with pytest.raises(SystemExit) as exit_:
        cli("--version")
    assert exit_.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_python_dash_m(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "bot", "check", "--format", "json", str(ROOT / "examples/site")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 1 and '"files_checked": 18' in done.stdout


def test_the_example_site_shows_what_the_readme_says(cli) -> None:
    """The Quick start names the rules the example shows; "every rule" only if it does."""
    import json

    done = cli("check", "--format", "json", ROOT / "examples" / "site")
    shown = {f["rule"] for f in json.loads(done.out)["findings"]}
    assert {"encoding", "frontmatter", "schema", "assets"} <= {r.split("/")[0] for r in shown}
    assert {"encoding/mojibake", "jekyll/filename", "jekyll/date-mismatch"} <= shown
    assert {"jekyll/categories-string", "jekyll/number-category", "jekyll/duplicate-url"} <= shown
    jekyll_rules = {rule for rule in registry() if not rule.startswith("hugo/")}
    (claim,) = re.findall(r"Run pressbot on the bundled example site \((.*?)\):", README, re.S)
    assert ("every rule" in claim.split(";")[0]) == (jekyll_rules <= shown), claim


def test_readme_example_output_is_what_check_prints(cli) -> None:
    (block,) = re.findall(r"Among them, the real post's:\n\n```\n(.*?)```", README, re.DOTALL)
    out = cli("check", ROOT / "examples" / "site").out.splitlines()
    for shown in block.splitlines():
        if shown.endswith("; ..."):
            assert any(line.startswith(shown[: -len(" ...")]) for line in out), shown
        else:
            assert shown in out, shown
