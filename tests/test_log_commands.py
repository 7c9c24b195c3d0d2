"""No post, file name or setting makes a real run of pressbot write a workflow command.

GitHub's runner reads two forms from every line a step writes (actions/runner,
`ActionCommandManager.TryProcessCommand`): ``::name ...::data`` at the start of a line after
any whitespace (`ActionCommand.TryParseV2`), else the older ``##[name ...]data`` anywhere in it
(`ActionCommand.TryParse`). `runner_commands` reads a log the same way, ``stop-commands``
included, and the tests run the commands a workflow runs on a site whose posts carry both.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.inputkit import pressbot

REGISTERED = {
    "add-mask", "add-matcher", "add-path", "debug", "echo", "endgroup", "error", "group",
    "notice", "remove-matcher", "save-state", "set-env", "set-output", "stop-commands",
    "warning",
}  # fmt: skip
EVIL_NAME = "_posts/2024-01-02-##[stop-commands]pwned.md"
EVIL_CATEGORY = "##[error]Forged-annotation"
MOJIBAKE = "Here\u00e2\u20ac\u2122s"
GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@b"}
GIT_ENV |= {"GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@b"}


def _command(line: str, registered: set[str]) -> tuple[str, str] | None:
    """The registered command the runner reads from one line, and its data; None for none."""
    v2 = line.lstrip()
    end = v2.find("::", 2)
    if v2.startswith("::") and end > 0:
        name = v2[2:end].split(" ")[0]
        if name in registered:
            return name, v2[end + 2 :]
    start = line.find("##[")
    close = line.find("]", start)
    if start >= 0 and close > 0:
        name = line[start + 3 : close].split(" ")[0]
        if name in registered:
            return name, line[close + 1 :]
    return None


def runner_commands(log: str) -> list[str]:
    """The commands the runner would take from ``log``, in order. ``stop-commands`` registers
    its token as a command; until that command comes, no other one is carried out."""
    done: list[str] = []
    token: str | None = None
    for line in log.split("\n"):
        found = _command(line, REGISTERED | ({token} if token else set()))
        if found is None:
            continue
        name, data = found
        if token is not None:
            if name == token:
                token = None
            continue
        done.append(name)
        if name == "stop-commands":
            token = data
    return done


def test_the_reader_reads_both_forms() -> None:
    assert runner_commands("x ##[error]y\n  ::warning::z\n##[x]y") == ["error", "warning"]
    assert runner_commands("::stop-commands::t1\n::error::x\nx ##[error]y\n::t1::\n##[debug]z") == [
        "stop-commands",
        "debug",
    ]


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV}, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, str]:
    """A site whose posts carry ``##[`` in a file name and a category, and ``::error::`` at
    the start of a line; with the commit before them."""
    root = tmp_path / "site"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "_config.yml").write_text("title: t\ntimezone: UTC\nurl: https://e.org\n")
    (root / ".pressbot.yml").write_text(
        "categories: [News]\npublish:\n  targets: [{name: outbox, type: folder, path: _outbox}]\n"
    )
    (root / "_posts").mkdir()
    (root / "_posts/2024-01-02-ok.md").write_text(
        "---\ntitle: Hi\ndate: 2024-01-02\ncategories: News\n---\nx\n"
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    base = git(root, "rev-parse", "HEAD")
    (root / EVIL_NAME).write_text(f"---\ntitle: Hi\ndate: 2024-01-05\n---\n{MOJIBAKE}\n")
    (root / "_posts/2024-01-03-b.md").write_text(
        f'---\ntitle: Hi\ndate: 2024-01-03\ncategories: "{EVIL_CATEGORY}"\n---\nx\n'
    )
    (root / "_posts/2024-01-02-c.md").write_text(
        "---\ntitle: x\ndate: 2024-01-02\ncategories: News\n---\n"
        f"::error::forged from a post line\n  ##[error]and the old form\n{MOJIBAKE}\n"
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "posts")
    return root, base


ACTIONS = {"GITHUB_ACTIONS": "true"}


def test_check_text_json_and_sarif(site: tuple[Path, str]) -> None:
    root, _ = site
    text = pressbot("check", cwd=root, env=ACTIONS)
    assert text.code == 1 and EVIL_CATEGORY[3:] in text.out, text
    assert runner_commands(text.out + text.err) == []
    for fmt in ("json", "sarif"):
        done = pressbot("check", "--format", fmt, cwd=root, env=ACTIONS)
        assert runner_commands(done.out) == [] and "##[" not in done.out
        assert EVIL_CATEGORY in json.dumps(json.loads(done.out), ensure_ascii=False)


def test_check_github_writes_only_its_annotations(site: tuple[Path, str]) -> None:
    root, _ = site
    done = pressbot("check", "--format", "github", cwd=root, env=ACTIONS)
    lines = [line for line in done.out.splitlines() if line]
    assert lines and runner_commands(done.out) == [line[2:7] for line in lines]
    assert set(runner_commands(done.out)) == {"error"}


def test_list_and_schema(site: tuple[Path, str]) -> None:
    root, _ = site
    text = pressbot("list", cwd=root, env=ACTIONS)
    assert "stop-commands" in text.out and runner_commands(text.out) == []
    listed = pressbot("list", "--format", "json", cwd=root, env=ACTIONS)
    assert runner_commands(listed.out) == []
    paths = {p["path"] for p in json.loads(listed.out)["posts"]}
    categories = {c for p in json.loads(listed.out)["posts"] for c in p["categories"]}
    assert EVIL_NAME in paths and EVIL_CATEGORY in categories
    (root / ".pressbot.yml").write_text(f'categories: [News, "{EVIL_CATEGORY}"]\n')
    schema = pressbot("schema", cwd=root, env=ACTIONS)
    assert schema.code == 0 and runner_commands(schema.out) == []
    assert EVIL_CATEGORY in json.dumps(json.loads(schema.out), ensure_ascii=False)


def test_a_setting_in_a_warning(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text('timezone: "##[error]x"\n')
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts/2024-01-02-a.md").write_text("---\ntitle: a\n---\nx\n")
    done = pressbot("check", cwd=tmp_path, env=ACTIONS)
    assert "timezone" in done.err and runner_commands(done.err) == [], done


def test_publish_log_and_status(site: tuple[Path, str]) -> None:
    root, base = site
    run = pressbot("publish", "--since", base, cwd=root, env=ACTIONS)
    assert "blocked:" in run.out and "stop-commands" in run.out, run
    assert runner_commands(run.out + run.err) == []
    for extra in ((), ("--json",)):
        status = pressbot("publish", "--status", *extra, cwd=root, env=ACTIONS)
        assert "stop-commands" in status.out and runner_commands(status.out) == [], status
    doc = json.loads(pressbot("publish", "--status", "--json", cwd=root).out)
    assert EVIL_NAME in json.dumps(doc, ensure_ascii=False)


def test_fix_diff_is_fenced_and_still_applies(site: tuple[Path, str]) -> None:
    root, _ = site
    done = pressbot("fix", "--diff", "_posts/2024-01-02-c.md", EVIL_NAME, cwd=root, env=ACTIONS)
    assert " ::error::forged from a post line" in done.out, done
    assert "##[error]and the old form" in done.out
    assert runner_commands(done.out + done.err) == ["stop-commands", "stop-commands"]
    patch = root / "fix.patch"
    patch.write_text(done.out)
    git(root, "apply", "--check", str(patch))
    outside = pressbot("fix", "--diff", "_posts/2024-01-02-c.md", cwd=root)
    assert "stop-commands" not in outside.out and " ::error::" in outside.out
