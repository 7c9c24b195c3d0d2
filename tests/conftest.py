from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.cli import main
from tests.fakeforem import FakeForem
from tests.fakegithub import FakeGitHub
from tests.receiver import Receiver
from tests.test_pr_support import TOKEN

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLE_SITE = ROOT / "examples" / "site"
REAL_POST = EXAMPLE_SITE / "_posts" / "2026-01-05-lee-jae-myung-to-meet-xi.md"


@pytest.fixture(autouse=True)
def _not_on_a_runner(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as on a machine of one's own, also in the project's own CI: on GitHub
    Actions `publish` refuses the default folder target (see tests/test_publish_default_in_ci.py,
    which sets `GITHUB_ACTIONS` where it means it)."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


class Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"Run(code={self.code}, out={self.out[:500]!r}, err={self.err[:500]!r})"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run `pressbot ...` in this process; returns exit code and captured output."""

    def run(*args: str | os.PathLike[str]) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return root


@pytest.fixture
def site(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Make a site (files by relative path) in a temp dir; returns its root."""

    def make(files: dict[str, str | bytes]) -> Path:
        return write_site(tmp_path / "site", files)

    return make


def git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def git_init(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    return root


def committed(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """``files`` written at ``root`` (see `write_site`), all in one commit of a new repository."""
    if files:
        write_site(root, files)
    git_init(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "site")
    return root


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A webhook receiver on 127.0.0.1 that logs and verifies every delivery."""
    r = Receiver()
    yield r
    r.stop()


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    """A GitHub stand-in on 127.0.0.1 that knows a writing token and a read-only one."""
    server = FakeGitHub()
    server.add_token(TOKEN)
    server.add_token("ghs_readonly", write=False)
    yield server
    server.close()


@pytest.fixture
def forem() -> Iterator[FakeForem]:
    """A fake Forem (dev.to) on 127.0.0.1, closed after the test."""
    fake = FakeForem()
    yield fake
    fake.close()


@pytest.fixture
def jekyll_oracle() -> None:
    """Real Jekyll for the comparison tests: skipped without it on a developer's machine; in
    CI (`PRESSBOT_REQUIRE_ORACLES=1`, set by `.ci/run`) a missing Jekyll is a failure, so the
    comparison cannot silently vanish."""
    if shutil.which("jekyll") is None:
        if os.environ.get("PRESSBOT_REQUIRE_ORACLES") == "1":
            pytest.fail("jekyll is not installed, and PRESSBOT_REQUIRE_ORACLES=1 requires it")
        pytest.skip("jekyll is not installed")


@pytest.fixture
def hugo_oracle() -> None:
    """Real Hugo for the comparison tests, required in CI as Jekyll is."""
    if shutil.which("hugo") is None:
        if os.environ.get("PRESSBOT_REQUIRE_ORACLES") == "1":
            pytest.fail("hugo is not installed, and PRESSBOT_REQUIRE_ORACLES=1 requires it")
        pytest.skip("hugo is not installed")
