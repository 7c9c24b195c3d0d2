"""Exit codes of the command line: 2 for any bad option value (one line), 3 for an internal
error (one line naming the file; the traceback only with PRESSBOT_DEBUG=1), 130 on Ctrl-C,
and a quiet exit when the reader of the output goes away."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.inputkit import GOOD, as_from_a_shell, assert_one_line_error, pressbot

POST = "_posts/2026-01-01-a.md"


def make_site(root: Path, model_code: str | None = None) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / POST).write_text(GOOD, encoding="utf-8")
    if model_code is not None:
        (root / ".pressbot.yml").write_text("schema: 'site_model:Post'\n", encoding="utf-8")
        (root / "site_model.py").write_text(model_code, encoding="utf-8")
    return root


def model_raising(body: str) -> str:
    """A model of the site whose validator runs ``body`` (real failures, not fakes)."""
    return (
        "from pydantic import BaseModel, field_validator\n\n"
        "def recurse(n):\n    return recurse(n + 1) + 1\n\n"
        "class Post(BaseModel):\n    title: str\n\n"
        "    @field_validator('title')\n    @classmethod\n"
        f"    def boom(cls, value):\n        {body}\n        return value\n"
    )


FAILURES = [
    ("1 / 0", "ZeroDivisionError"),
    ("recurse(0)", "RecursionError"),
    ("bytearray(1 << 62)", "MemoryError"),
    ("raise KeyError('x\\nsecond line')", "KeyError"),
]


@pytest.mark.parametrize(("body", "name"), FAILURES)
def test_internal_error_is_one_line_naming_the_file(tmp_path: Path, body: str, name: str) -> None:
    root = make_site(tmp_path / "site", model_raising(body))
    done = pressbot("check", "--site", root)
    assert_one_line_error(done, 3, "internal error", POST, name, "PRESSBOT_DEBUG=1")


def test_internal_error_traceback_with_debug(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", model_raising("1 / 0"))
    done = pressbot("check", "--site", root, env={"PRESSBOT_DEBUG": "1"})
    assert done.code == 3, done
    assert "Traceback (most recent call last)" in done.err
    assert done.err_lines[-1].startswith("pressbot: internal error while handling " + POST)


def test_ctrl_c_exits_130(tmp_path: Path) -> None:
    marker = tmp_path / "importing"
    code = f"import pathlib, time\npathlib.Path({str(marker)!r}).touch()\ntime.sleep(600)\n"
    root = make_site(tmp_path / "site", code)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "check", "--site", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
        preexec_fn=as_from_a_shell,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the site's module never started"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130
    assert err.decode() == "pressbot: interrupted\n"


@pytest.mark.parametrize("command", [["list"], ["check", "--format", "json"]])
def test_reader_going_away_is_quiet(tmp_path: Path, command: list[str]) -> None:
    """`pressbot list | head -1`: no traceback, no 'Exception ignored', exit 0."""
    root = make_site(tmp_path / "site")
    for day in range(1, 29):
        for n in range(60):
            (root / "_posts" / f"2026-02-{day:02d}-post-{n}.md").write_text("---\n---\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", *command, "--site", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=120)
    assert err == b""
    assert proc.returncode in (0, 1)


BAD_OPTIONS = [
    (["check", "--jobs", "-1"], "--jobs"),
    (["check", "--jobs", "0"], "--jobs"),
    (["check", "--jobs", "many"], "--jobs"),
    (["check", "--format", "xml"], "--format"),
    (["check", "--select", "nonexistent/"], "nonexistent/"),
    (["check", "--ignore", "nope"], "nope"),
    (["check", "--no-such-option"], "--no-such-option"),
    (["check", "--now", "garbage"], "--now"),
    (["list", "--now", "2026-13-45"], "--now"),
    (["publish", "--now", "tomorrow"], "--now"),
    (["check", "--changed-since", ""], "--changed-since"),
    (["list", "--changed-since", "no-such-ref"], "no-such-ref"),
    (["schema", "--kind", "x"], "--kind"),
    (["check", "--config", "/nonexistent/pressbot.yml"], "/nonexistent/pressbot.yml"),
]


@pytest.mark.parametrize(("args", "word"), BAD_OPTIONS, ids=[" ".join(a) for a, _ in BAD_OPTIONS])
def test_bad_option_value_is_one_line(tmp_path: Path, args: list[str], word: str) -> None:
    root = make_site(tmp_path / "site")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    done = pressbot(*args, "--site", root)
    assert_one_line_error(done, 2, word)


def test_schema_write_onto_a_file(tmp_path: Path) -> None:
    file = tmp_path / "taken"
    file.write_text("x", encoding="utf-8")
    assert_one_line_error(pressbot("schema", "--write", file), 2, "taken")


def test_now_option_moves_the_clock(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    (root / "_posts" / "2030-01-01-later.md").write_text(GOOD, encoding="utf-8")
    env = {"PRESSBOT_NOW": "2026-06-01T00:00:00+00:00"}

    def later(*extra: str) -> bool:
        done = pressbot("list", "--format", "json", *extra, "--site", root, env=env)
        assert done.code == 0, done
        return next(p for p in json.loads(done.out)["posts"] if "later" in p["path"])["published"]

    assert later() is False
    assert later("--now", "2030-01-02T00:00:00+00:00") is True


def test_now_without_an_offset_is_utc(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    (root / "_config.yml").write_text("timezone: America/New_York\n", encoding="utf-8")
    (root / "_posts" / "2030-01-01-new-year.md").write_text(
        "---\ntitle: T\ndate: 2030-01-01 00:00:00 -0500\n---\n", encoding="utf-8"
    )

    def published(now: str) -> bool:
        done = pressbot("list", "--format", "json", "--now", now, "--site", root)
        assert done.code == 0 and done.err == "", done
        return next(p for p in json.loads(done.out)["posts"] if "new-year" in p["path"])[
            "published"
        ]

    assert published("2030-01-01T04:59:59") is False  # UTC: still 31 December in New York
    assert published("2030-01-01T00:00:00-05:00") is True
    assert "UTC unless it has an offset" in " ".join(pressbot("list", "--help").out.split())


def test_a_now_the_time_setting_overrides_gets_a_notice(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    (root / "_config.yml").write_text("time: 2026-01-01 12:00:00 +0000\n", encoding="utf-8")
    (root / "_posts" / "2027-01-01-later.md").write_text(GOOD, encoding="utf-8")
    for env, args in (({}, ["--now", "2030-01-02"]), ({"PRESSBOT_NOW": "2030-01-02"}, [])):
        done = pressbot("list", "--format", "json", *args, "--site", root, env=env)
        assert done.code == 0, done
        later = [p for p in json.loads(done.out)["posts"] if "later" in p["path"]]
        assert later[0]["published"] is False  # `time` is the build's now
        assert done.err_lines == [
            "pressbot: _config.yml: setting 'time' (2026-01-01T12:00:00+00:00) is the build's"
            " now, as in Jekyll: --now/PRESSBOT_NOW ('2030-01-02') is not used; remove `time` to"
            " preview another moment"
        ], done
    done = pressbot("list", "--site", root)
    assert done.code == 0 and done.err == "", done  # no moment asked for: nothing to say


def test_publish_module_entry_point_bad_input(tmp_path: Path) -> None:
    """`python -m bot.publish` follows the same exit codes."""
    root = make_site(tmp_path / "site")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "bot.publish", "--site", str(root), "--status"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 2, done
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1


def test_usage_error_cannot_start_a_workflow_command(tmp_path: Path) -> None:
    """An argument with a newline is not echoed onto a line of its own (GitHub Actions reads
    `::error ...` lines of a step's output as commands)."""
    root = make_site(tmp_path / "site")
    for args in (["--x\n::error file=a::forged"], ["--changed-since", "x\n::error::forged"]):
        done = pressbot("check", *args, "--site", root)
        assert_one_line_error(done, 2)
        assert "\n::" not in done.err


def test_handling_names_the_innermost_file() -> None:
    from bot.cli import file_of
    from bot.errors import UsageError, handling

    with pytest.raises(ZeroDivisionError) as info, handling("outer.yml"), handling("inner.md"):
        _ = 1 / 0
    assert file_of(info.value) == "inner.md"
    with pytest.raises(UsageError) as usage, handling("x.md"):
        raise UsageError("bad")
    assert not hasattr(usage.value, "pressbot_file")
