"""`pressbot fix` never loses or corrupts a byte: concurrent edits, links, modes, full disks.

The races are made deterministic with an audit hook in a child process: when `fix` reaches a
given point (its first step after reading a post, its temporary file's creation, the rename),
the hook performs the concurrent change itself, then lets `fix` go on.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.inputkit import on_a_terminal

POST = "_posts/2026-01-01-cafe.md"
BROKEN = "---\ntitle: x\n---\nNicolÃ¡s\n"
FIXED = "---\ntitle: x\n---\nNicolás\n"

RACE = textwrap.dedent(
    """
    import os, shutil, sys
    from bot.cli import main

    trigger, action, target, other = sys.argv[1:5]
    done = []
    read = []

    def act():
        if action == "edit":
            with open(target, "a", encoding="utf-8") as f:
                f.write("an edit made meanwhile\\n")
        elif action == "repoint":
            os.unlink(target)
            os.symlink(other, target)
        elif action == "swap-folder":
            folder = os.path.dirname(target)
            os.rename(folder, folder + ".old")
            os.symlink(other, folder)
        elif action == "delete":
            os.unlink(target)
        elif action == "folder":
            os.unlink(target)
            os.mkdir(target)
        elif action == "hardlink":
            os.link(target, other)
        elif action == "kill":
            os.kill(os.getpid(), 9)
        elif action == "sweep":  # another run's clean-up, as if it had started later
            from bot.atomicwrite import remove_stale_temps
            folder = os.open(os.path.dirname(target), os.O_RDONLY)
            print("swept", remove_stale_temps(folder, 1 << 62), file=sys.stderr, flush=True)
            os.close(folder)

    def reads_a_post(event, args):
        return (
            event == "open"
            and isinstance(args[0], str)
            and args[0].endswith(".md")
            and isinstance(args[2], int)
            and not args[2] & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        )

    def hook(event, args):
        if done:
            return
        if reads_a_post(event, args):
            read.append(True)
        if trigger == "plan":  # after a post was read: the first step towards repairing it
            hit = read and (
                (event == "import" and args[0] == "bot.mojibake") or event == "os.scandir"
            )
        elif trigger == "temp":
            hit = (
                event == "open"
                and isinstance(args[0], str)
                and isinstance(args[2], int)
                and args[2] & os.O_CREAT
                and os.path.basename(args[0]).startswith(".")
                and args[0].endswith(".tmp")
            )
        else:  # "rename": the temporary file is written, about to replace the post
            hit = event == "os.rename"
        if hit:
            done.append(True)
            print("raced", file=sys.stderr, flush=True)
            act()

    sys.addaudithook(hook)
    sys.exit(main(sys.argv[5:]))
    """
)


def race(trigger: str, action: str, target: Path, other: Path | str, *args: object):
    """Run `pressbot ARGS` in a child; at ``trigger`` do ``action`` on ``target``."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    argv = [sys.executable, "-c", RACE, trigger, action, str(target), str(other)]
    done = subprocess.run(
        [*argv, *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )
    lines = done.stderr.splitlines()
    assert "raced" in lines, done.stderr  # the change did happen mid-run
    lines.remove("raced")
    return done.returncode, done.stdout, "\n".join(lines)


def make_site(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


@pytest.mark.parametrize("trigger", ["plan", "temp"])
def test_an_edit_made_while_fixing_is_kept(tmp_path: Path, trigger: str) -> None:
    root = make_site(tmp_path / "site", {POST: BROKEN, "_posts/2026-01-02-b.md": BROKEN})
    code, out, err = race(trigger, "edit", root / POST, "-", "fix", root)
    assert (root / POST).read_text() == BROKEN + "an edit made meanwhile\n"
    assert err == f"{POST}: changed while fixing; not written"
    assert code == 1
    assert out == "fixed _posts/2026-01-02-b.md: 1 mojibake repair\n"  # the rest goes on
    assert sorted(p.name for p in (root / "_posts").iterdir()) == [
        "2026-01-01-cafe.md",
        "2026-01-02-b.md",
    ]


@pytest.mark.parametrize("trigger", ["plan", "temp"])
def test_a_link_repointed_while_fixing_writes_nothing(tmp_path: Path, trigger: str) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(BROKEN)
    root = make_site(tmp_path / "site", {"shared/cafe.md": BROKEN})
    (root / "_posts").mkdir()
    os.symlink("../shared/cafe.md", root / POST)
    code, _, err = race(
        trigger, "repoint", root / POST, outside, "fix", "--site", root, root / POST
    )
    assert outside.read_text() == BROKEN
    assert (root / "shared/cafe.md").read_text() == BROKEN
    assert os.readlink(root / POST) == str(outside)
    assert err == f"{POST}: changed while fixing; not written"
    assert code == 1


@pytest.mark.parametrize("trigger", ["plan", "temp"])
def test_a_folder_swapped_for_a_link_while_fixing(tmp_path: Path, trigger: str) -> None:
    elsewhere = make_site(tmp_path / "elsewhere", {"2026-01-01-cafe.md": BROKEN})
    root = make_site(tmp_path / "site", {POST: BROKEN})
    code, _, err = race(trigger, "swap-folder", root / POST, elsewhere, "fix", root)
    assert (elsewhere / "2026-01-01-cafe.md").read_text() == BROKEN
    assert (root / "_posts.old/2026-01-01-cafe.md").read_text() == BROKEN
    assert err == f"{POST}: changed while fixing; not written"
    assert code == 1
    assert [p.name for p in elsewhere.iterdir()] == ["2026-01-01-cafe.md"]


@pytest.mark.parametrize("trigger", ["plan", "temp"])
def test_a_file_deleted_while_fixing_stays_deleted(tmp_path: Path, trigger: str) -> None:
    root = make_site(tmp_path / "site", {POST: BROKEN})
    code, _, err = race(trigger, "delete", root / POST, "-", "fix", root)
    assert list((root / "_posts").iterdir()) == []
    assert err == f"{POST}: changed while fixing; not written"
    assert code == 1


@pytest.mark.parametrize("trigger", ["plan", "temp"])
def test_a_file_replaced_by_a_folder_while_fixing(tmp_path: Path, trigger: str) -> None:
    root = make_site(tmp_path / "site", {POST: BROKEN})
    code, _, err = race(trigger, "folder", root / POST, "-", "fix", root)
    assert (root / POST).is_dir()
    assert [p.name for p in (root / "_posts").iterdir()] == ["2026-01-01-cafe.md"]
    assert err == f"{POST}: changed while fixing; not written"
    assert code == 1


def test_a_hard_link_made_while_fixing_is_not_split(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", {POST: BROKEN})
    copy = tmp_path / "copy.md"
    code, _, err = race("temp", "hardlink", root / POST, copy, "fix", root)
    assert os.path.samefile(copy, root / POST)
    assert copy.read_text() == BROKEN
    assert code == 1, err


def test_hard_linked_file_is_left_whole_with_a_note(site, cli, tmp_path: Path) -> None:
    root = site({POST: BROKEN, "_posts/2026-01-02-b.md": BROKEN})
    os.link(root / POST, tmp_path / "backup.md")
    run = cli("fix", root)
    assert (root / POST).read_text() == BROKEN
    assert os.path.samefile(root / POST, tmp_path / "backup.md")
    assert run.err == (
        f"{POST}: has 2 hard links; not written (replacing it would split them; "
        "fix each copy or remove the extra links)\n"
    )
    assert run.out == "fixed _posts/2026-01-02-b.md: 1 mojibake repair\n"
    assert run.code == 1


def test_mode_and_owner_are_kept(site, cli) -> None:
    root = site({POST: BROKEN})
    path = root / POST
    os.chmod(path, 0o640)
    owner = (os.getuid(), os.getgid())
    if os.geteuid() == 0:
        owner = (1234, 5678)
        os.chown(path, *owner)
    before = path.stat()
    assert cli("fix", root).code == 0
    after = path.stat()
    assert path.read_text() == FIXED
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert (after.st_uid, after.st_gid) == owner
    assert after.st_ino != before.st_ino  # replaced in one rename, not rewritten in place


def test_no_temporary_file_is_left_after_a_kill(tmp_path: Path, cli) -> None:
    root = make_site(tmp_path / "site", {POST: BROKEN})
    code, _, _ = race("rename", "kill", root / POST, "-", "fix", root)
    assert code == -9
    (temp,) = [p for p in (root / "_posts").iterdir() if p.name != "2026-01-01-cafe.md"]
    assert temp.name.startswith(".2026-01-01-cafe.md.pressbot-") and temp.name.endswith(".tmp")
    assert (root / POST).read_text() == BROKEN
    old = temp.stat().st_mtime - 60  # killed a minute ago
    os.utime(temp, (old, old))
    # Look-alikes that pressbot did not leave behind: kept.
    alike = [
        ".notes.md.swp.tmp",
        ".2026-01-01-cafe.md.pressbot-zzzzzzzz.tmp",
        "x.pressbot-0123abcd.tmp",
    ]
    for name in alike:
        (root / "_posts" / name).write_text("user data")
        os.utime(root / "_posts" / name, (old, old))
    os.mkdir(root / "_posts" / ".2026-01-01-cafe.md.pressbot-0123abcd.tmp")
    run = cli("fix", root)
    assert run.code == 0, run
    assert (root / POST).read_text() == FIXED
    assert sorted(p.name for p in (root / "_posts").iterdir()) == sorted(
        ["2026-01-01-cafe.md", ".2026-01-01-cafe.md.pressbot-0123abcd.tmp", *alike]
    )


def test_the_temporary_file_is_busy_until_renamed(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", {POST: BROKEN})
    code, out, err = race("rename", "sweep", root / POST, "-", "fix", root)
    assert err == "swept []"
    assert (code, out) == (0, f"fixed {POST}: 1 mojibake repair\n")
    assert (root / POST).read_text() == FIXED


def test_extended_attributes_are_kept(site, cli) -> None:
    root = site({POST: BROKEN})
    try:
        os.setxattr(root / POST, "user.origin", b"imported from the old site")
    except OSError:
        pytest.skip("this file system has no user extended attributes")
    assert cli("fix", root).code == 0
    assert (root / POST).read_text() == FIXED
    assert os.getxattr(root / POST, "user.origin") == b"imported from the old site"


def test_a_busy_temporary_file_is_not_removed(site, cli) -> None:
    import fcntl

    root = site({POST: BROKEN})
    busy = root / "_posts" / ".2026-01-01-cafe.md.pressbot-0badc0de.tmp"
    busy.write_text("another run is writing this")
    os.utime(busy, (1, 1))
    with open(busy, "rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        assert cli("fix", root).code == 0
    assert busy.exists()


FULL_DISK = textwrap.dedent(
    """
    import resource, sys
    from bot.cli import main
    limit = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    sys.exit(main(sys.argv[2:]))
    """
)


def test_a_full_disk_leaves_the_original_and_goes_on(tmp_path: Path) -> None:
    """RLIMIT_FSIZE stands in for a full disk: a write past it fails (EFBIG) like ENOSPC."""
    big = ("---\ntitle: Café\n---\n" + "Naïve café, “quoted” — déjà vu.\n" * 400).encode("cp1252")
    small = "---\ntitle: Café\n---\nNaïve\n".encode("cp1252")
    root = make_site(
        tmp_path / "site",
        {"_posts/2026-01-01-big.md": big, "_posts/2026-01-02-small.md": small},
    )
    limit = len(big) + 100  # the file fits; its UTF-8 form does not
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(limit), "fix", "--from-encoding", "cp1252", root],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr == ("_posts/2026-01-01-big.md: cannot write (File too large); not changed\n")
    assert done.stdout == "fixed _posts/2026-01-02-small.md: transcoded from cp1252\n"
    assert (root / "_posts/2026-01-01-big.md").read_bytes() == big
    assert (root / "_posts/2026-01-02-small.md").read_text() == "---\ntitle: Café\n---\nNaïve\n"
    assert sorted(p.name for p in (root / "_posts").iterdir()) == [
        "2026-01-01-big.md",
        "2026-01-02-small.md",
    ]


def run_unprivileged(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`pressbot ARGS` in a process that file permissions apply to.

    Root ignores them: as root, the child runs without the capabilities that override them
    (`setpriv` drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH).
    """
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permissions cannot be made to apply")
        caps = "-dac_override,-dac_read_search"
        prefix = [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}"]
    return subprocess.run(
        [*prefix, sys.executable, "-m", "bot", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=120,
    )


def test_an_unwritable_folder_is_one_line_and_exit_2(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", {POST: BROKEN, "_drafts/cafe.md": BROKEN})
    os.chmod(root / "_posts", 0o555)
    done = run_unprivileged("fix", root)
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"{POST}: cannot write (Permission denied); not changed\n"
    assert done.stdout == "fixed _drafts/cafe.md: 1 mojibake repair\n"
    assert (root / POST).read_text() == BROKEN


def test_a_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", {POST: BROKEN})
    os.chmod(root / POST, 0o444)
    done = run_unprivileged("fix", root)
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"{POST}: cannot write (Permission denied); not changed\n"
    assert (root / POST).read_text() == BROKEN


def test_a_long_file_name(site, cli) -> None:
    name = "_posts/2026-01-01-" + "a" * 230 + ".md"
    root = site({name: BROKEN})
    run = cli("fix", root)
    assert run.code == 0, run
    assert (root / name).read_text() == FIXED
    assert len(list((root / "_posts").iterdir())) == 1


def test_the_same_file_named_twice_is_fixed_once(site, cli) -> None:
    root = site({POST: BROKEN})
    os.symlink("2026-01-01-cafe.md", root / "_posts/2026-01-03-link.md")
    run = cli("fix", "--check", "--site", root, root / POST, root / "_posts", root / POST)
    assert run.code == 1, run
    assert run.out == f"would fix {POST}: 1 mojibake repair\n"
    run = cli("fix", "--diff", "--site", root, root / "_posts/2026-01-03-link.md", root / POST)
    assert run.out.count("+++ ") == 1, run
    run = cli("fix", "--site", root, root / "_posts", root / POST)
    assert (run.code, run.out) == (0, f"fixed {POST}: 1 mojibake repair\n")
    assert (root / POST).read_text() == FIXED
    assert (root / "_posts/2026-01-03-link.md").is_symlink()


def test_a_path_outside_the_site_is_refused(site, cli, tmp_path: Path) -> None:
    root = site({POST: BROKEN})
    outside = tmp_path / "elsewhere" / "_posts" / "2026-01-01-x.md"
    outside.parent.mkdir(parents=True)
    outside.write_text(BROKEN)
    run = cli("fix", "--site", root, outside)
    assert outside.read_text() == BROKEN
    assert run.code == 2, run
    assert run.err == (
        f"{outside}: the file is outside the site ({root}); check it with --site set to its "
        "own site; not changed\n"
    )


CONTROLS = [chr(c) for c in [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)]]
CONTROLS += ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068"]
CONTROLS += ["\u2069", "\u2028", "\u2029"]


def test_diff_and_messages_never_send_controls_to_the_terminal(site, cli) -> None:
    name = "_posts/2026-01-01-\x1b]0;owned\x07\x1b[2J\u202eevil.md"
    content = "---\ntitle: x\n---\nHereâ€™s \x1b[31mred\r lone CR \u202e rtl \x85 nel \u2028 ls\n"
    root = site({name: content, "_posts/2026-01-02-\x1b[1m.md": b"\xff\xfe\x00\x00bad"})
    shown = on_a_terminal("fix", "--diff", root, cwd=root)  # a diff is exact, but not here
    assert "\\x1b[31mred\\x0d lone CR \\u202e" in shown.out, shown
    assert not [c for c in CONTROLS if c in shown.out], shown.out
    diff = cli("fix", "--diff", root)  # to a file or a pipe: what applies, in headers quoted
    assert '--- "a/_posts/2026-01-01-\\033]0;owned\\a\\033[2J\\342\\200\\256evil.md"\n' in diff.out
    assert not [c for c in CONTROLS if c in diff.err], diff.err
    for args in (("--check",), ()):
        run = cli("fix", *args, root)
        for text in (run.out, run.err):
            assert not [c for c in CONTROLS if c in text], (args, text)
    assert "Here’s" in (root / name).read_text()
