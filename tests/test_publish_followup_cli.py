"""`python -m bot.publish` answers as `pressbot publish` does, and empty option values are
usage errors, not silently ignored."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.publishkit import ROOT, STEADY, World, _base_env
from tests.receiver import Receiver


def hook_world(tmp_path: Path, receiver: Receiver) -> World:
    world = World(
        tmp_path, targets=[{"name": "hook", "type": "webhook", "url": receiver.url, **STEADY}]
    )
    world.write("2024-01-02-hello.md", "Hello")
    world.commit("hello")
    world.push()
    return world


def module(world: World, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """`python -m bot.publish` as its own process, stdout and stderr apart."""
    where = world.publisher()
    proc = subprocess.run(
        [sys.executable, "-m", "bot.publish", "--site", str(where), *args],
        cwd=ROOT,
        env={**os.environ, **_base_env(env), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=180,
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_the_module_publishes(tmp_path: Path, receiver: Receiver) -> None:
    world = hook_world(tmp_path, receiver)
    code, out, err = module(world)
    assert code == 0, out + err
    assert "published _posts/2024-01-02-hello -> hook" in out
    world.check(receiver, {"_posts/2024-01-02-hello"})


def test_an_unknown_option_is_one_line_and_exit_2(tmp_path: Path, receiver: Receiver) -> None:
    world = hook_world(tmp_path, receiver)
    code, out, err = module(world, "--no-such-option")
    assert code == 2, out + err
    [line] = err.splitlines()
    assert line.startswith("pressbot: ") and "--no-such-option" in line
    assert receiver.log == [] and world.ledger() == {}


@pytest.mark.parametrize(
    "option",
    [["--claim-timeout", "nan"], ["--claim-timeout", "-5"], ["--wait", "x"], ["--wait", "inf"]],
)
def test_a_bad_number_of_seconds_is_refused_not_clamped(
    tmp_path: Path, receiver: Receiver, option: list[str]
) -> None:
    """A NaN claim timeout clamped to 0 would take over a live run's claims at once."""
    world = hook_world(tmp_path, receiver)
    code, out, err = module(world, *option)
    assert code == 2, out + err
    [line] = err.splitlines()
    assert line.startswith("pressbot: ") and option[0] in line
    assert receiver.log == [] and world.ledger() == {}


def test_an_internal_error_is_one_line_and_exit_3(tmp_path: Path, receiver: Receiver) -> None:
    # the test hook cannot write its flag (no such folder): an error of ours, not a traceback
    world = hook_world(tmp_path, receiver)
    env = {
        "PRESSBOT_TEST_PAUSE_AT": "delivery-claimed",
        "PRESSBOT_TEST_PAUSE_DIR": str(tmp_path / "missing"),
    }
    code, out, err = module(world, env=env)
    assert code == 3, out + err
    [line] = err.splitlines()
    assert line.startswith("pressbot: internal error") and "PRESSBOT_DEBUG=1" in line
    assert "Traceback" not in out + err


def test_ctrl_c_is_exit_130(tmp_path: Path, receiver: Receiver) -> None:
    world = hook_world(tmp_path, receiver)
    proc = world.spawn(pause="delivery-claimed")
    try:
        world.wait_point("delivery-claimed", proc, timeout=180)
        os.killpg(proc.pid, signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            world.kill(proc)
    assert proc.returncode == 130, out
    assert out.strip().splitlines()[-1] == "pressbot: interrupted"
    assert "Traceback" not in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--since", ""], "--since"),
        (["--since", "  "], "--since"),
        (["--ref", ""], "--ref"),
        (["--force", ""], "--force"),
        (["--force", "_posts/2024-01-02-hello", "--force", " "], "--force"),
        (["--remote", ""], "--remote"),
    ],
    ids=["since", "since-blank", "ref", "force", "force-second", "remote"],
)
def test_an_empty_value_is_a_usage_error(
    tmp_path: Path, receiver: Receiver, args: list[str], words: str
) -> None:
    world = hook_world(tmp_path, receiver)
    code, out, err = world.publish_split(*args)
    assert code == 2, out + err
    [line] = err.splitlines()
    assert line.startswith("pressbot: ") and words in line, line
    assert receiver.log == [] and world.ledger() == {}  # nothing was sent or recorded


def test_an_empty_value_through_the_module(tmp_path: Path, receiver: Receiver) -> None:
    world = hook_world(tmp_path, receiver)
    code, out, err = module(world, "--since", "")
    assert code == 2, out + err
    [line] = err.splitlines()
    assert "--since" in line and "empty" in line
    assert receiver.log == [] and world.ledger() == {}


def test_json_without_status_is_a_usage_error(tmp_path: Path, receiver: Receiver) -> None:
    world = hook_world(tmp_path, receiver)
    code, out, err = world.publish_split("--json")
    assert code == 2, out + err
    [line] = err.splitlines()
    assert "--json goes with --status" in line
    assert receiver.log == [] and world.ledger() == {}


def test_a_named_remote_that_does_not_exist_is_a_usage_error(
    tmp_path: Path, receiver: Receiver
) -> None:
    # the ledger would stay in this clone, where no other publisher sees it
    world = hook_world(tmp_path, receiver)
    code, out, err = world.publish_split("--remote", "upstream")
    assert code == 2, out + err
    [line] = err.splitlines()
    assert "--remote upstream: no such remote" in line
    assert receiver.log == [] and world.ledger() == {}


def test_since_after_the_first_run_is_said_to_be_unused(tmp_path: Path, receiver: Receiver) -> None:
    world = hook_world(tmp_path, receiver)
    assert world.publish()[0] == 0
    code, out = world.publish("--since", "HEAD~1")
    assert code == 0, out
    assert "note: --since HEAD~1: not used, the ledger says what was published" in out
    world.check(receiver, {"_posts/2024-01-02-hello"})
