"""Every git that pressbot starts, for `check` as for `publish`, runs under one policy: the
same environment, scrubbed of what would point git at another repository or inject settings,
and settings that no configuration file can change (`bot.git.policy`)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from bot.git.policy import KEPT, scrub_environment
from tests.conftest import git, git_init
from tests.inputkit import GOOD, Done, pressbot

HOSTILE_NAMES = {
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_CONFIG_KEY_0",
    "GIT_CONFIG_VALUE_0",
    "GIT_EXTERNAL_DIFF",
    "GIT_NAMESPACE",
}
SHELL_OWN = {"PWD", "OLDPWD", "SHLVL", "_"}


def _commit_posts(root: Path, names: list[str]) -> None:
    (root / "_posts").mkdir(exist_ok=True)
    for name in names:
        (root / "_posts" / name).write_text(GOOD, encoding="utf-8")
        git(root, "add", ".")
        git(root, "commit", "-q", "-m", name)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = git_init(tmp_path / "site")
    _commit_posts(root, ["2026-01-01-a.md", "2026-01-02-b.md"])
    return root


@pytest.fixture
def decoy(tmp_path: Path) -> Path:
    """Another repository, with other posts, that a leaked GIT_DIR would point at."""
    root = git_init(tmp_path / "decoy")
    _commit_posts(root, ["2025-01-01-x.md", "2025-01-02-y.md", "2025-01-03-z.md"])
    return root


def _script(path: Path, body: str) -> Path:
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def _hostile_env(decoy: Path, marker: Path) -> dict[str, str]:
    touch = f"touch {marker}"
    return {
        "GIT_DIR": str(decoy / ".git"),
        "GIT_WORK_TREE": str(decoy),
        "GIT_INDEX_FILE": str(decoy / ".git" / "index"),
        "GIT_OBJECT_DIRECTORY": str(decoy / ".git" / "objects"),
        "GIT_CONFIG_PARAMETERS": f"'core.fsmonitor'='{touch}' 'diff.external'='{touch}'",
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "core.pager",
        "GIT_CONFIG_VALUE_0": touch,
        "GIT_EXTERNAL_DIFF": touch,
        "GIT_NAMESPACE": "elsewhere",
    }


def _runs(repo: Path, env: dict[str, str] | None = None) -> list[Done]:
    """`check --changed-since` (a diff against the work tree) and a publish dry run."""
    return [
        pressbot("check", "--format", "json", "--changed-since", "HEAD~1", "--site", repo, env=env),
        pressbot(
            "publish", "--dry-run", "--no-remote", "--since", "HEAD~1", "--site", repo, env=env
        ),
    ]


def _outputs(runs: list[Done]) -> list[tuple[int, str, str]]:
    return [(done.code, done.out, done.err) for done in runs]


def test_the_environment_cannot_point_git_elsewhere(
    repo: Path, decoy: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    plain = _runs(repo)
    assert [done.code for done in plain] == [0, 0], plain
    assert '"files_checked": 1' in plain[0].out
    assert "2026-01-02-b.md" in plain[1].out
    hostile = _runs(repo, _hostile_env(decoy, marker))
    assert _outputs(hostile) == _outputs(plain)
    assert not marker.exists()


def test_the_repository_configuration_cannot_change_what_git_says(
    repo: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    plain = _runs(repo)
    hook = _script(tmp_path / "hook", f"touch {marker}")
    order = tmp_path / "order"
    order.write_text("_posts/2026-01-02-b.md\n_posts/*\n", encoding="utf-8")
    for key, value in [
        ("core.fsmonitor", str(hook)),
        ("core.pager", str(hook)),
        ("diff.external", str(hook)),
        ("color.ui", "always"),
        ("color.diff", "always"),
        ("diff.noprefix", "true"),
        ("diff.orderFile", str(order)),
        ("log.showSignature", "true"),
    ]:
        git(repo, "config", key, value)
    (repo / "_posts" / "2026-01-02-b.md").write_text(GOOD + "More.\n", encoding="utf-8")
    (repo / "_posts" / "2026-01-02-b.md").write_text(GOOD, encoding="utf-8")  # stat changed
    assert _outputs(_runs(repo)) == _outputs(plain)
    assert not marker.exists()


def test_check_and_publish_start_git_with_one_environment(
    repo: Path, decoy: Path, tmp_path: Path
) -> None:
    """A `git` on PATH that writes down its arguments and environment, then runs the real
    one: every git of both commands (the persistent blob reader too) gets one environment."""
    real = shutil.which("git")
    assert real
    logs = tmp_path / "logs"
    logs.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = f'"$(mktemp {logs}/env.XXXXXX)"'
    _script(bin_dir / "git", f'{{ printf "%s\\0" "$*"; env -0; }} > {log}\nexec {real} "$@"')
    marker = tmp_path / "ran"
    env = {**_hostile_env(decoy, marker), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    seen: dict[str, set[frozenset[tuple[str, str]]]] = {}
    for name, argv in [
        ("check", ["check", "--changed-since", "HEAD~1", "--site", repo]),
        ("publish", ["publish", "--dry-run", "--no-remote", "--since", "HEAD~1", "--site", repo]),
    ]:
        done = pressbot(*argv, env=env)
        assert done.code == 0, done
        seen[name] = set()
        for path in logs.iterdir():
            command, *items = path.read_text().split("\0")
            path.unlink()
            pairs = {tuple(item.partition("=")[::2]) for item in items if item}
            assert not HOSTILE_NAMES & {k for k, _ in pairs}, command
            if command != "version":  # GitPython's own probe when it is imported
                seen[name].add(frozenset((k, v) for k, v in pairs if k not in SHELL_OWN))
    assert seen["check"] and seen["publish"]
    envs = list(seen["check"] | seen["publish"])
    assert len(envs) == 1, [sorted(env ^ envs[0]) for env in envs[1:]]
    got = dict(next(iter(seen["check"])))
    assert not HOSTILE_NAMES & got.keys()
    assert got["GIT_TERMINAL_PROMPT"] == "0"
    assert got["LC_ALL"] == "C"
    assert not marker.exists()


def test_scrubbing_keeps_how_to_reach_a_remote_and_who_the_user_is() -> None:
    env = {name: "x" for name in HOSTILE_NAMES | KEPT}
    env.update({"GIT_PYTHON_TRACE": "0", "GIT_TRACE": "/tmp/trace", "HOME": "/home/u"})
    scrub_environment(env)
    assert set(env) == KEPT | {"GIT_PYTHON_TRACE", "HOME"}
