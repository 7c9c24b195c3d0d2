"""Reading posts (`bot.post.read_post`, used by check and fix): never hangs, never floods memory,
never a traceback, whatever sits at a post's path or happens to it meanwhile."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from bot.post import MAX_POST_BYTES, read_post
from bot.rules import file
from bot.site import load_site
from tests.conftest import ROOT
from tests.test_fix_safety import run_unprivileged

POST = "_posts/2026-01-01-x.md"
GOOD = "---\ntitle: x\n---\nok\n"

SWAP_AT_OPEN = textwrap.dedent(
    """
    import os, sys
    from bot.cli import main

    target, action = sys.argv[1:3]
    done = []

    def hook(event, args):
        if not done and event == "open" and args[0] == target:
            done.append(True)
            os.unlink(target)
            if action == "fifo":
                os.mkfifo(target)
            elif action == "link":
                os.symlink("/etc/hostname", target)

    sys.addaudithook(hook)
    code = main(sys.argv[3:])
    print("raced" if done else "no race", file=sys.stderr)
    sys.exit(code)
    """
)


def check_json(*args: str | Path, code: str = "") -> tuple[int, list[dict[str, object]], str]:
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,  # a hang is a failure, not a stuck suite
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    findings = json.loads(done.stdout)["findings"] if done.stdout.startswith("{") else []
    return done.returncode, findings, done.stderr


def test_a_fifo_swapped_in_before_the_open_does_not_hang(site) -> None:
    root = site({POST: GOOD})
    target = root / POST
    code, findings, err = check_json(
        target, "fifo", "check", "--format", "json", root, code=SWAP_AT_OPEN
    )
    assert err.endswith("raced\n"), err
    assert [(f["rule"], f["message"]) for f in findings] == [
        ("file/unreadable", "the file changed while being read; run again")
    ]
    assert code == 1


def test_a_link_swapped_in_before_the_open_is_not_followed(site) -> None:
    root = site({POST: GOOD})
    code, findings, err = check_json(
        root / POST, "link", "check", "--format", "json", root, code=SWAP_AT_OPEN
    )
    assert err.endswith("raced\n"), err
    assert [f["rule"] for f in findings] == ["file/unreadable"]
    assert code == 1


def test_a_link_into_the_git_folder_is_not_read(site, cli) -> None:
    secret = '[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\nâ€™\n'
    root = site({".git/config": secret, "_posts/2026-01-02-ok.md": GOOD})
    os.symlink("../.git/config", root / POST)
    for args in (("check", "--format", "json", root), ("fix", "--diff", root)):
        run = cli(*args)
        assert "c2VjcmV0" not in run.out + run.err, run
    run = cli("check", root)
    assert f"{POST}:1:1: error file/outside-site this path leads into the Git folder" in run.out
    run = cli("fix", root)
    assert run.code == 2, run
    assert (root / ".git/config").read_text() == secret


def test_a_fifo_named_like_a_post(site, cli) -> None:
    root = site({})
    (root / "_posts").mkdir(parents=True)
    os.mkfifo(root / POST)
    run = cli("check", root)
    assert run.code == 1
    assert f"{POST}:1:1: error file/unreadable this is not a regular file" in run.out


def test_a_two_gigabyte_file_is_not_read(site) -> None:
    """A sparse file: nothing on disk, 2 GB to a reader. The child may not use 1 GB."""
    root = site({})
    (root / "_posts").mkdir(parents=True)
    with open(root / POST, "wb") as out:
        out.truncate(2 << 30)
    limited = textwrap.dedent(
        """
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from bot.cli import main
        sys.exit(main(sys.argv[1:]))
        """
    )
    code, findings, err = check_json("check", "--format", "json", root, code=limited)
    assert code == 1, err
    assert [(f["rule"], f["message"]) for f in findings] == [
        (
            "file/unreadable",
            "the file is 2048.0 MiB; a post over 64 MiB is not read (is it really a post?); "
            "move it out of the posts folder",
        )
    ]


def test_a_file_that_grows_past_the_bound_while_read(site) -> None:
    root = site({POST: GOOD})
    site_ = load_site(root)
    grow = textwrap.dedent(
        """
        import os, sys
        from pathlib import Path
        from bot.post import read_post
        from bot.site import load_site
        target = sys.argv[1]
        done = []
        def hook(event, args):
            if not done and event == "open" and args[0] == target:
                done.append(True)
                with open(target, "ab") as out:
                    out.truncate(os.path.getsize(target) + (100 << 20))
        sys.addaudithook(hook)
        post = read_post(load_site(Path(sys.argv[2])), target)
        print(post.readable, post.read_error.reason)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", grow, str(root / POST), str(root)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.stdout.startswith("False the file is 100.0 MiB; a post over 64 MiB"), done.stderr
    assert read_post(site_, root / POST).read_error.reason.startswith("the file is 100.0")


def test_a_file_that_vanished(site) -> None:
    root = site({POST: GOOD})
    site_ = load_site(root)
    os.unlink(root / POST)
    post = read_post(site_, root / POST)
    assert not post.readable
    assert [(f.rule, f.message) for f in file.check(post, site_)] == [
        ("file/unreadable", "the file is gone (deleted or renamed while pressbot ran); run again")
    ]


def test_an_unreadable_folder_is_named(site) -> None:
    root = site({"_posts/locked/2026-01-01-x.md": GOOD, "_posts/2026-01-02-y.md": GOOD})
    os.chmod(root / "_posts/locked", 0)
    try:
        done = run_unprivileged("check", root)
    finally:
        os.chmod(root / "_posts/locked", 0o755)
    assert done.stdout.splitlines()[0] == (
        "_posts/locked:1:1: error file/unreadable this folder cannot be read "
        "(Permission denied); the posts in it were not checked: make it readable to pressbot"
    ), done
    assert done.returncode == 1


def test_a_file_in_an_unreadable_folder(site) -> None:
    root = site({"_posts/locked/2026-01-01-x.md": GOOD})
    os.chmod(root / "_posts/locked", 0)
    try:
        done = run_unprivileged(
            "check", "--format", "json", "--site", root, root / "_posts/locked/2026-01-01-x.md"
        )
    finally:
        os.chmod(root / "_posts/locked", 0o755)
    assert done.returncode in (1, 2), done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") <= 1


def test_the_bound_holds_a_fifty_megabyte_post() -> None:
    assert MAX_POST_BYTES == 64 << 20
