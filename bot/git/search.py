"""What Git can say about many files at once without pressbot reading them: which files of
the index are plain files, and which of them hold none of some words.

A partial run compares a few posts with the site's others, which may be 50,000. Most of
those can be ruled out by their name and by the absence of a few words (``permalink``,
``slug``, an id); ``git grep`` finds that absence at C speed over the whole work tree.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from bot.git.policy import GitError, NoRepository, end_process, executable

if TYPE_CHECKING:
    from bot.git.repo import Git

A = TypeVar("A")


def index_files(top: Path, prefix: str) -> list[str] | None:
    """The repository paths of the files the index lists under ``prefix`` ("" for all);
    None when one of them is not a plain file (a link, a submodule: what they hold is not
    listed) or Git cannot answer."""
    raw = index_listing(top, prefix)
    if raw is None:
        return None
    return [
        entry.partition(b"\t")[2].decode("utf-8", "surrogateescape")
        for entry in raw.split(b"\0")[:-1]
    ]


_NOT_PLAIN = re.compile(rb"\x00(?!100644 [0-9a-f]+ 0\t|100755 [0-9a-f]+ 0\t|\Z)")
"""The start of an entry of ``git ls-files -s -z`` (after a NUL put in front) that is not a
plain file at stage 0."""


def index_listing(top: Path, prefix: str) -> bytes | None:
    """``git ls-files -z -s`` under ``prefix`` ("" for all), as Git prints it: entries
    ``mode object stage<TAB>path``, each ended by a NUL. None when one of them is not a
    plain file at stage 0 (a link, a submodule or a conflict, whose content is not what the
    work tree's file holds) or Git cannot answer. Checked by one regular expression, so
    that 50,000 entries cost no Python loop."""
    git = _open(top)
    if git is None:
        return None
    try:
        proc = git.run(*_listing_command(prefix))
    except GitError:
        return None
    return _listing_answer(proc.returncode, proc.stdout, proc.stderr)


def files_without(top: Path, words: list[bytes], prefix: str) -> set[str] | None:
    """The repository paths of the index's files under ``prefix`` whose text in the work
    tree holds none of ``words`` (as bytes, anywhere in the file): the files ``git grep -L``
    searched and found none in. A file it could not search (unreadable, a link in the work
    tree, untracked) is not listed. None when Git cannot answer."""
    return _grep(top, words, prefix, "-L")


def files_with(top: Path, words: list[bytes], prefix: str) -> set[str] | None:
    """The repository paths of the index's files under ``prefix`` whose text in the work
    tree holds one of ``words`` (``git grep -l``; a short answer where most files hold
    none). Only for a work tree that is the index's commit checked out: a file Git could
    not search is not listed either. None when Git cannot answer.

    One thread: the search runs beside the check that will ask for it (a pull request's),
    which keeps the other core busy; more threads only contend for the disk's cache."""
    return _grep(top, words, prefix, "-l", _ONE_THREAD)


_ONE_THREAD = ("--threads", "1")


def _grep(
    top: Path, words: list[bytes], prefix: str, which: str, options: tuple[str, ...] = ()
) -> set[str] | None:
    command = grep_command(words, prefix, which, options)
    git = _open(top) if command is not None else None
    if git is None or command is None:
        return None
    proc = git.run(*command, check=False)
    return grep_answer(proc.returncode, proc.stdout, proc.stderr)


def grep_command(
    words: list[bytes], prefix: str, which: str, options: tuple[str, ...] = ()
) -> list[str] | None:
    """The ``git grep`` (after ``git`` and its settings) that lists the files under
    ``prefix``'s posts folders holding (``-l``) or lacking (``-L``) each of ``words``
    as bytes; None for words Git cannot search for."""
    if not words or any(b"\0" in w or b"\n" in w or not w for w in words):
        return None
    patterns: list[str] = []
    for word in sorted(set(words)):
        patterns += ["-e", word.decode("utf-8", "surrogateescape")]
    return [
        "grep", which, "-z", "-a", "-F", "--full-name", "--no-color",
        "--no-recurse-submodules", "--no-textconv", *options, *patterns, "--",
        *_in_posts_folders(prefix),
    ]  # fmt: skip


def grep_answer(code: int, stdout: bytes, stderr: bytes) -> set[str] | None:
    """The repository paths a finished ``grep_command`` named; None when it failed."""
    if code not in (0, 1) or stderr.strip():
        return None
    return {n.decode("utf-8", "surrogateescape") for n in stdout.split(b"\0") if n}


def start_search(
    top: Path, words: list[bytes], prefix: str, held: bool
) -> Callable[[], set[str] | None]:
    """`files_with` (``held``) or `files_without`, started now (`_start`): its answer,
    when called."""
    if held:
        command = grep_command(words, prefix, "-l", _ONE_THREAD)
    else:
        command = grep_command(words, prefix, "-L")
    if command is None:
        return lambda: None
    return _start(top, command, grep_answer)


def start_listing(top: Path, prefix: str) -> Callable[[], bytes | None]:
    """`index_listing`, started now (`_start`): its answer, when called."""
    return _start(top, _listing_command(prefix), _listing_answer)


def _listing_command(prefix: str) -> list[str]:
    return ["ls-files", "-z", "-s", "--", *((f":(literal){prefix}/",) if prefix else ())]


def _listing_answer(code: int, stdout: bytes, stderr: bytes) -> bytes | None:
    if code != 0 or (stdout and not stdout.endswith(b"\0")) or not _all_plain(stdout):
        return None
    return stdout


def _all_plain(raw: bytes) -> bool:
    """Whether every entry of ``raw`` (`index_listing`'s) is a plain file at stage 0.

    Counted at C speed where each entry holds one tab (as nearly every listing does: then
    every NUL ends an entry and every tab ends its object and stage, so an entry's mode
    follows a NUL and its stage precedes its tab); `_NOT_PLAIN` decides the others."""
    entries = raw.count(b"\0")
    if raw.count(b"\t") == entries:
        listed = b"\0" + raw
        modes = listed.count(b"\0100644 ") + listed.count(b"\0100755 ")
        if modes == entries and raw.count(b" 0\t") == entries:
            return True
    return _NOT_PLAIN.search(b"\0" + raw) is None


def _start(
    top: Path, command: list[str], answer: Callable[[int, bytes, bytes], A | None]
) -> Callable[[], A | None]:
    """``git COMMAND`` in ``top``, started now, without GitPython: ``answer`` of its exit
    code and output, when called; None when it cannot be had (the asker asks again).

    A pull request's check starts the questions whose answers grow with the site (its
    search, its listing) first of all, before GitPython is imported and has asked Git for
    its version (a tenth of a second), so that on a site of 50,000 posts Git is at work
    while the check is still starting. The git runs as every git pressbot starts does: the
    environment of `bot.git.policy`, its settings and its time for a git that only reads
    this clone. Its output is read on a thread, so that a long answer never stalls it; the
    thread does not hold the process open."""
    import subprocess
    import threading

    from bot.git.policy import LOCAL_TIMEOUT, OVERRIDES, SETTING_ARGS, scrub_environment

    env = dict(os.environ)
    scrub_environment(env)
    env.update(OVERRIDES)
    try:
        proc = subprocess.Popen(
            [executable(), *SETTING_ARGS, *command],
            cwd=top,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except (OSError, ValueError):
        return lambda: None
    got: list[A | None] = [None]

    def read() -> None:
        try:
            out, err = proc.communicate(timeout=LOCAL_TIMEOUT)
            got[0] = answer(proc.returncode, out, err)
        except subprocess.TimeoutExpired:
            end_process(proc)  # a disk that never answers: no answer, and no git left behind
        except (OSError, ValueError):
            pass

    reader = threading.Thread(target=read, name="pressbot-git", daemon=True)
    reader.start()

    def result() -> A | None:
        reader.join()
        return got[0]

    return result


_GLOB_SPECIAL = re.compile(r"[*?\[\]\\]")


def _in_posts_folders(prefix: str) -> tuple[str, ...]:
    """The pathspec of the files in `_posts` and `_drafts` folders under ``prefix``: the
    only files asked about, so that a site's images and other files are not read (a site
    that builds its drafts compares them too). Under a folder whose name a glob would read
    otherwise, the files under it."""
    if _GLOB_SPECIAL.search(prefix):
        return (f":(literal){prefix}/",)
    top = f"{prefix}/" if prefix else ""
    return (f":(glob){top}**/_posts/**", f":(glob){top}**/_drafts/**")


def _open(top: Path) -> Git | None:
    from bot.git.repo import Git

    try:
        return Git(top)
    except NoRepository:
        return None
