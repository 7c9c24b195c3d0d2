"""A remote that refuses the ledger's ref (a pre-receive hook, a protected ref, a ruleset) is
no race: the run stops at once (exit 2, one line with the remote's reason, made inert), sends
nothing, and the next run, once the remote accepts the ref, publishes. A remote that refuses
a push because the ref moved meanwhile is still a race, tried again.

The remote is a real bare repository whose hook refuses, as a server's policy does.
"""

from __future__ import annotations

from pathlib import Path

from tests.publishkit import STEADY, World, git
from tests.receiver import Receiver

LEDGER = "refs/pressbot/ledger"


def refuse_pressbot_refs(origin: Path, log: Path) -> Path:
    """A pre-receive hook on ``origin`` that refuses every ref under `refs/pressbot/`,
    saying so with colours and a workflow command, and counts the pushes it saw."""
    hook = origin / "hooks" / "pre-receive"
    hook.write_text(
        "#!/bin/sh\n"
        f"echo push >> '{log}'\n"
        "while read old new ref; do case $ref in refs/pressbot/*)\n"
        "  printf '\\033[31mrefs/pressbot/* is protected by policy\\033[0m\\n' >&2\n"
        "  printf '::error::pwned\\n##[warning]pwned\\n' >&2\n"
        "  exit 1;; esac; done\n"
    )
    hook.chmod(0o755)
    return hook


def test_a_refused_ledger_push_stops_the_run_with_the_remote_reason(
    tmp_path: Path, receiver: Receiver
) -> None:
    world = World(
        tmp_path, targets=[{"name": "hook", "type": "webhook", "url": receiver.url, **STEADY}]
    )
    world.write("2024-02-01-post-1.md", "Post 1")
    world.commit("post")
    world.push()
    pushes = tmp_path / "pushes.log"
    hook = refuse_pressbot_refs(world.origin, pushes)
    code, out, err = world.publish_split("--since", "HEAD~1")
    assert code == 2, out + err
    assert "Traceback" not in err and "kept changing" not in err, err
    [line] = err.splitlines()
    assert line.startswith("pressbot: origin refused the ledger refs/pressbot/ledger"), line
    assert "(pre-receive hook declined: refs/pressbot/* is protected by policy;" in line, line
    assert "\x1b" not in line and "[31m" not in line
    assert "::error" not in line and "##[" not in line
    assert "nothing was sent" in line
    assert pushes.read_text().count("push") == 1  # refused once, never tried again
    assert receiver.log == []
    assert git(world.origin, "for-each-ref", "refs/pressbot/") == ""

    hook.unlink()  # the policy now lets the job write its ledger
    code, out = world.publish("--since", "HEAD~1")
    assert code == 0, out
    world.check(receiver, {"_posts/2024-02-01-post-1"})


def test_a_refusal_of_a_ref_that_moved_meanwhile_is_a_race(tmp_path: Path) -> None:
    """The remote itself may see two pushes at once (``cannot lock ref``): its refusal of a
    ref that no longer holds the lease is a lost race, not a policy."""
    from bot.git import Git

    origin, clone = tmp_path / "origin.git", tmp_path / "clone"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    for n in (1, 2, 3):
        git(clone, "commit", "-q", "--allow-empty", "-m", f"c{n}")
    one, two, three = (git(clone, "rev-parse", f"HEAD~{n}") for n in (2, 1, 0))
    repo = Git(clone)
    assert repo.push_with_lease("origin", one, LEDGER, None) is True
    assert repo.push_with_lease("origin", two, LEDGER, None) is False  # [rejected] (stale info)
    # a rival's push lands while the remote checks ours, which it then refuses
    git(clone, "push", "-q", "origin", f"{two}:refs/heads/rival")
    hook = origin / "hooks" / "pre-receive"
    hook.write_text(
        "#!/bin/sh\nunset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES\n"
        f"git update-ref {LEDGER} {two} && echo 'cannot lock ref' >&2\nexit 1\n"
    )
    hook.chmod(0o755)
    assert repo.push_with_lease("origin", three, LEDGER, one) is False
    assert git(origin, "rev-parse", LEDGER) == two
