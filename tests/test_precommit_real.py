"""The hooks of `.pre-commit-hooks.yaml`, run by the real pre-commit on a throwaway site.

pre-commit installs the hooks from a one-commit copy of this project's working tree (tracked
and new files, as they are now), so the manifest, the packaging and the commands are tested
together, the way a site that adds the hooks gets them. (try-repo on the working tree itself
would install its HEAD, or with uncommitted changes a shadow copy that leaves out new files.) `pre-commit try-repo` builds a fresh environment on every call
(it keeps its store in a temporary folder, whatever PRE_COMMIT_HOME says), so it runs once;
the other tests run what try-repo runs, `pre-commit run` with the same configuration, and share
one PRE_COMMIT_HOME, which installs the environment once for the module.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, git, git_init, write_site
from tests.inputkit import pressbot

CLEAN = "---\ntitle: Markets rally\n---\n\nHere’s what happened in São Paulo.\n"
MOJIBAKE = CLEAN.replace("’", "â€™").replace("ã", "Ã£")
LATIN1 = "---\ntitle: Café\n---\n\nCafé crème.\n".encode("latin-1")
NO_FRONT_MATTER = "Here’s a note.\n".replace("’", "â€™")

_NOT_IN_HOOK_ENV = ("PYTHONPATH", "PRE_COMMIT", "PRE_COMMIT_HOME", "VIRTUAL_ENV")


@pytest.fixture(scope="module", autouse=True)
def pre_commit_oracle() -> None:
    """Skipped without pre-commit on a developer's machine; in CI (`PRESSBOT_REQUIRE_ORACLES=1`,
    set by `.ci/run`) a missing pre-commit is a failure, so these tests cannot silently vanish."""
    if importlib.util.find_spec("pre_commit") is None:
        if os.environ.get("PRESSBOT_REQUIRE_ORACLES") == "1":
            pytest.fail("pre-commit is not installed, and PRESSBOT_REQUIRE_ORACLES=1 requires it")
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")


def _project_files() -> list[str]:
    """This project's files as they are now: tracked (not deleted) and new, without ignored."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if listed.returncode == 0:
        names = [n for n in os.fsdecode(listed.stdout).split("\0") if n]
        return [n for n in names if (ROOT / n).is_file()]
    skip = {".git", ".venv", "build", "dist", "__pycache__"}
    return [
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*")
        if p.is_file()
        and not skip & set(p.relative_to(ROOT).parts)
        and not any(part.endswith(("_cache", ".egg-info")) for part in p.parts)
    ]


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Git repository holding one commit: this project's working tree. pre-commit installs
    hooks from a commit; this one is the code under test, uncommitted changes included."""
    repo = git_init(tmp_path_factory.mktemp("hooks") / "pressbot")
    for name in _project_files():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, repo / name)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "The working tree under test")
    return repo


def _config(hooks_repo: Path) -> str:
    """The configuration try-repo writes: this project's repository at its one commit."""
    hooks = [{"id": "pressbot-check"}, {"id": "pressbot-fix"}]
    rev = git(hooks_repo, "rev-parse", "HEAD")
    return yaml.safe_dump({"repos": [{"repo": str(hooks_repo), "rev": rev, "hooks": hooks}]})


@pytest.fixture(scope="module")
def installing(
    tmp_path_factory: pytest.TempPathFactory, hooks_repo: Path
) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """One PRE_COMMIT_HOME for the module, its hook environment built in the background
    (`pre-commit install-hooks`) while the try-repo test builds its own."""
    home = tmp_path_factory.mktemp("pre-commit-home")
    warm = git_init(tmp_path_factory.mktemp("warm") / "site")
    (warm / ".pre-commit-config.yaml").write_text(_config(hooks_repo), encoding="utf-8")
    argv = [sys.executable, "-m", "pre_commit", "install-hooks"]
    with subprocess.Popen(
        argv, cwd=warm, env=_env(home), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        yield home, process
        if process.poll() is None:
            process.kill()


@pytest.fixture
def home(installing: tuple[Path, subprocess.Popen[str]]) -> Path:
    """The module's PRE_COMMIT_HOME, once its hook environment is built."""
    path, process = installing
    out, _ = process.communicate(timeout=600) if process.returncode is None else ("", "")
    assert process.returncode == 0, out
    return path


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", *_NOT_IN_HOOK_ENV))}
    env.update(
        PRE_COMMIT_HOME=str(home),
        PRE_COMMIT_COLOR="never",
        NO_COLOR="1",
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.org",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.org",
    )
    return env


class Ran:
    def __init__(self, done: subprocess.CompletedProcess[str]) -> None:
        self.code, self.out = done.returncode, done.stdout + done.stderr

    def __repr__(self) -> str:
        return f"Ran(code={self.code}, out={self.out[-3000:]!r})"

    def status(self, hook: str) -> str:
        """`Passed`, `Failed` or `(no files to check)Skipped` for the hook named ``hook``."""
        found = re.search(rf"^{re.escape(hook)}\.+(.*)$", self.out, re.MULTILINE)
        assert found, self
        return found.group(1).strip()

    def flagged(self) -> set[str]:
        """The files named in findings (`path:line:col: severity rule message`)."""
        return set(re.findall(r"^(.+?):\d+:\d+: (?:error|warning|info) ", self.out, re.MULTILINE))


def _run(cwd: Path, home: Path, *argv: str) -> Ran:
    done = subprocess.run(
        [*argv], cwd=cwd, env=_env(home), capture_output=True, text=True, timeout=600
    )
    return Ran(done)


def pre_commit(cwd: Path, home: Path, *args: str) -> Ran:
    return _run(cwd, home, sys.executable, "-m", "pre_commit", *args)


@pytest.fixture
def make_site(tmp_path: Path, hooks_repo: Path) -> Callable[..., Path]:
    """A Git repository holding a small Jekyll site (in ``folder``) and the configuration
    try-repo writes, committed; ``files`` are then written and staged, as an author does
    before `git commit`."""

    def make(files: dict[str, str | bytes], folder: str = "") -> Path:
        repo = git_init(tmp_path / "site")
        site = repo / folder if folder else repo
        write_site(site, {"_config.yml": "title: The Gazette\n"})
        (repo / ".pre-commit-config.yaml").write_text(_config(hooks_repo), encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "--no-verify", "-m", "A site")
        write_site(site, files)
        git(repo, "add", "-A")
        return repo

    return make


def test_try_repo_checks_and_fixes_the_staged_posts(
    installing, make_site, hooks_repo: Path, tmp_path: Path
) -> None:
    repo = make_site(
        {
            "_posts/2026-01-01-clean.md": CLEAN,
            "_posts/2026-01-02-mojibake.md": MOJIBAKE,
            "_posts/2026-01-03-latin1.md": LATIN1,
        }
    )
    ran = pre_commit(repo, tmp_path / "unused-home", "try-repo", str(hooks_repo))
    assert ran.code == 1, ran
    assert ran.status("pressbot check") == "Failed", ran
    assert ran.flagged() == {"_posts/2026-01-02-mojibake.md", "_posts/2026-01-03-latin1.md"}, ran
    assert "encoding/mojibake" in ran.out and "encoding/invalid-utf8" in ran.out, ran
    assert ran.status("pressbot fix") == "Failed", ran
    assert "files were modified by this hook" in ran.out, ran
    posts = repo / "_posts"
    assert (posts / "2026-01-02-mojibake.md").read_text(encoding="utf-8") == CLEAN
    assert (posts / "2026-01-01-clean.md").read_text(encoding="utf-8") == CLEAN
    assert (posts / "2026-01-03-latin1.md").read_bytes() == LATIN1


def test_a_clean_post_passes_both_hooks(make_site, home) -> None:
    repo = make_site({"_posts/2026-01-01-clean.md": CLEAN})
    ran = pre_commit(repo, home, "run")
    assert ran.code == 0, ran
    assert ran.status("pressbot check") == ran.status("pressbot fix") == "Passed", ran
    assert (repo / "_posts" / "2026-01-01-clean.md").read_text(encoding="utf-8") == CLEAN


def test_a_commit_with_mojibake_is_stopped_and_the_post_repaired(make_site, home) -> None:
    """The author's whole loop: `git commit` fails, the post is repaired on disk, and adding
    the repair lets the commit through."""
    repo = make_site({"_posts/2026-01-02-mojibake.md": MOJIBAKE})
    assert pre_commit(repo, home, "install").code == 0
    post = repo / "_posts" / "2026-01-02-mojibake.md"

    first = _run(repo, home, "git", "commit", "-q", "-m", "A post")
    assert first.code == 1, first
    assert "encoding/mojibake" in first.out, first
    assert post.read_text(encoding="utf-8") == CLEAN
    assert git(repo, "show", ":_posts/2026-01-02-mojibake.md") + "\n" == MOJIBAKE

    git(repo, "add", str(post))
    second = _run(repo, home, "git", "commit", "-q", "-m", "A post")
    assert second.code == 0, second
    assert git(repo, "show", "HEAD:_posts/2026-01-02-mojibake.md") + "\n" == CLEAN


def test_a_latin1_post_is_left_alone_by_fix_and_caught_by_check(make_site, home) -> None:
    repo = make_site({"_posts/2026-01-03-latin1.md": LATIN1})
    fix = pre_commit(repo, home, "run", "pressbot-fix")
    assert fix.code == 0 and fix.status("pressbot fix") == "Passed", fix
    assert (repo / "_posts" / "2026-01-03-latin1.md").read_bytes() == LATIN1
    check = pre_commit(repo, home, "run", "pressbot-check")
    assert check.code == 1, check
    assert "encoding/invalid-utf8" in check.out and "--from-encoding cp1252" in check.out, check


#: Files under `_posts/` (and `_drafts/`) that Jekyll does not read as posts. Each would be
#: flagged if it were taken for one (mojibake, no front matter, not UTF-8, not text).
NOT_POSTS: dict[str, str | bytes] = {
    "_posts/LICENSE": NO_FRONT_MATTER,
    "_posts/.hidden.md": NO_FRONT_MATTER,
    "_posts/.2026-01-04-hidden.md": MOJIBAKE,
    "_posts/_drafts/2026-01-04-x.md": MOJIBAKE,
    "_posts/_notes/2026-01-04-note.md": MOJIBAKE,
    "_posts/.notes/2026-01-04-note.md": MOJIBAKE,
    "_posts/#2026-01-04-autosave.md#": MOJIBAKE,
    "_posts/2026-01-04-backup.md~": MOJIBAKE,
    "_posts/2026-01-04-photo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00",
    "_posts/2026-01-04-photo.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x81",
    "_posts/2026-01-04-no-extension": LATIN1,
    "_drafts/.2026-01-04-hidden.md": MOJIBAKE,
}

#: Posts, each with something to flag, as controls: what a whole-site run flags.
POSTS: dict[str, str | bytes] = {
    "_posts/2026-01-02-mojibake.md": MOJIBAKE,
    "_posts/2026-01-03-latin1.md": LATIN1,
    "_posts/2026/2026-01-05-in-a-folder.markdown": MOJIBAKE,
    "_posts/2026-01-06-utf16.md": "\ufeff" + CLEAN,
    "_posts/2026-01-07-utf16.textile": "\ufeff" + CLEAN,
    "_posts/2026-01-08-plain.txt": MOJIBAKE,
    "_drafts/a-draft.md": MOJIBAKE,
    "_posts/2026-01-10-my post.md": MOJIBAKE,
    "_posts/2026-01-11-안녕#1.md": MOJIBAKE,
    "_posts/2026-01-12--dash.md": LATIN1,
}

#: Files pressbot checks although Jekyll may not publish them (to say so, or because they
#: are text with a post's name); the hooks must judge them as a whole-site run does.
OTHERS: dict[str, str | bytes] = {
    "_posts/README.md": NO_FRONT_MATTER,
    "_posts/images/2026-01-04-chart.svg": "<svg xmlns='http://www.w3.org/2000/svg'>â€™</svg>\n",
    "_posts/2026-01-09-binary.dat": "\ufeff" + CLEAN,
}


def _as_written(files: dict[str, str | bytes]) -> dict[str, bytes]:
    """The files' bytes: text as UTF-8, or as UTF-16 (with its byte-order mark) when the name
    says so."""
    return {
        name: body
        if isinstance(body, bytes)
        else body.encode("utf-16" if "utf16" in name or name.endswith(".dat") else "utf-8")
        for name, body in files.items()
    }


def _changed(root: Path, files: dict[str, bytes]) -> set[str]:
    return {name for name, body in files.items() if (root / name).read_bytes() != body}


@pytest.mark.parametrize("folder", ["", "docs"], ids=["site-at-root", "site-in-docs"])
def test_hooks_judge_files_as_a_whole_site_run_does(make_site, home, folder: str) -> None:
    """What pre-commit passes the hooks (its `files:` pattern and file types) and what pressbot
    then takes as a post agree with a whole-site run: the same files flagged by check, the same
    files changed by fix, and nothing that is not a post touched."""
    files = _as_written({**NOT_POSTS, **POSTS, **OTHERS})
    repo = make_site(files, folder)
    site = repo / folder if folder else repo

    def in_site(path: str) -> str:
        return str((repo / path).resolve().relative_to(site.resolve()))

    whole = pressbot("check", cwd=repo)
    assert whole.code == 1, whole
    whole_flagged = {
        in_site(path)
        for path in re.findall(r"^(.+?):\d+:\d+: (?:error|warning|info) ", whole.out, re.MULTILINE)
    }
    assert set(POSTS) <= whole_flagged, whole
    assert not whole_flagged & set(NOT_POSTS), whole
    would_fix = pressbot("fix", "--check", cwd=repo)
    fixable = {in_site(m) for m in re.findall(r"(?im)^would fix (.+): ", would_fix.out)}
    assert "_posts/2026-01-02-mojibake.md" in fixable, would_fix

    check = pre_commit(repo, home, "run", "pressbot-check")
    assert check.code == 1, check
    assert {in_site(p) if (repo / p).exists() else p for p in check.flagged()} == whole_flagged, (
        check
    )
    assert _changed(site, files) == set(), check

    fix = pre_commit(repo, home, "run", "pressbot-fix")
    assert fix.code == 1, fix
    assert _changed(site, files) == fixable, fix


def test_on_a_hugo_site_the_hook_init_adds_checks_the_staged_pages(
    tmp_path: Path, hooks_repo: Path, home: Path
) -> None:
    """`.pre-commit-hooks.yaml` matches Jekyll's posts folders; on a Hugo site (here in a
    subfolder, with a second language's content folder) `init --pre-commit` gives the hook the
    site's content folders, so a staged page is checked and a file elsewhere is not."""
    repo = git_init(tmp_path / "repo")
    site = repo / "site"
    config = (
        'baseURL = "https://example.org/"\ndefaultContentLanguage = "en"\n'
        '[languages.en]\ncontentDir = "content"\n[languages.fr]\ncontentDir = "content.fr"\n'
    )
    write_site(site, {"hugo.toml": config, "content/posts/old.md": CLEAN})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "A site")
    assert pressbot("init", "--pre-commit", cwd=site).code == 0
    written = (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    [entry] = [r for r in yaml.safe_load(written)["repos"] if "pressbot" in r["repo"]]
    assert entry["hooks"] == [
        {"id": "pressbot-check", "files": r"^(site/content|site/content\.fr)/"}
    ]
    rev = git(hooks_repo, "rev-parse", "HEAD")
    written = written.replace("https://github.com/pressbot/pressbot", str(hooks_repo))
    (repo / ".pre-commit-config.yaml").write_text(re.sub(r"rev: \S+", f"rev: {rev}", written))
    write_site(
        site,
        {
            "content/posts/new.md": MOJIBAKE,
            "content.fr/posts/nouveau.md": MOJIBAKE,
            "notes/todo.md": MOJIBAKE,
        },
    )
    git(repo, "add", "-A")
    ran = pre_commit(repo, home, "run")
    assert ran.code == 1 and ran.status("pressbot check") == "Failed", ran
    # findings name files from the site's root, as a whole-site run does
    assert ran.flagged() == {"content/posts/new.md", "content.fr/posts/nouveau.md"}, ran
    clean = pre_commit(repo, home, "run", "--files", "site/content/posts/old.md", "site/hugo.toml")
    assert clean.code == 0 and clean.status("pressbot check") == "Passed", clean
