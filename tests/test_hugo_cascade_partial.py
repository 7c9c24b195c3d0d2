"""A partial run that names a section's `_index` file checks the pages its `cascade` reaches.

What a cascade changes (a `url` two pages now share, a date, a draft) is a finding on the pages
below the branch, not on the `_index` file; a pre-commit hook, `--changed-since` or a pull
request that changes only that file must still report it. For generated sites
(`tests.hugopartialsites`: cascaded `url`, `slug`, `title` and `aliases`, two languages), a
run naming one branch file reports on the pages below it exactly what the whole-site run
reports on them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bot.linter import check_posts
from bot.site import load_site
from tests.conftest import git, git_init, write_site
from tests.hugopartialsites import generate
from tests.test_hugo_pr import hugo_repo
from tests.test_pr_support import FakeGitHub, Runner, bot_comment

Key = tuple[str, int, int, str, str]


def _keys(findings: list) -> set[Key]:  # type: ignore[type-arg]
    return {(f.path, f.line, f.column, f.rule, f.message) for f in findings}


def _below(path: str, folder: str, lang: str) -> bool:
    """A regular page of ``lang`` under ``folder`` (this generator's files only: a `.fr.md`
    suffix is French, everything else the default English)."""
    name = path.rsplit("/", 1)[-1]
    in_lang = "fr" if name.endswith(".fr.md") else "en"
    return path.startswith(folder + "/") and not name.startswith("_index") and in_lang == lang


@pytest.mark.parametrize("seed", range(150))
def test_a_run_naming_a_branch_reports_what_the_whole_site_run_reports_below_it(
    tmp_path: Path, seed: int
) -> None:
    root = write_site(tmp_path / f"site-{seed}", generate(seed))
    site = load_site(root)
    whole = _keys(check_posts(site, None, jobs=1).findings)
    for branch in sorted((root / "content").glob("*/_index.md")):
        folder = branch.parent.relative_to(root).as_posix()
        result = check_posts(load_site(root), [branch], jobs=1)
        pages = {k for k in _keys(result.findings) if not k[0].endswith("/_index.md")}
        assert pages == {k for k in whole if _below(k[0], folder, "en")}, branch
        assert result.files_checked == sum(
            1
            for p in (root / folder).rglob("*.md")
            if _below(p.relative_to(root).as_posix(), folder, "en") and _is_page(p, root)
        )


def _is_page(path: Path, root: Path) -> bool:
    """Not a resource of a leaf bundle (a folder with an `index` file above it)."""
    above = list(path.parents)[1 if path.name.startswith("index.") else 0 :]
    return not any(
        next(folder.glob("index.*"), None) is not None
        for folder in above
        if folder.is_relative_to(root / "content")
    )


CONFIG = 'baseURL = "https://example.org/"\ntitle = "Harbour"\n'


def _page(title: str) -> str:
    return f"---\ntitle: {title}\ndate: 2024-01-02\n---\nBody.\n"


def _branch(cascade: str) -> str:
    return f"---\ntitle: Posts\n{cascade}---\n"


def _site(root: Path, cascade: str = "") -> Path:
    return write_site(
        root,
        {
            "hugo.toml": CONFIG,
            "content/posts/_index.md": _branch(cascade),
            "content/posts/a.md": _page("A"),
            "content/posts/deep/b.md": _page("B"),
            "content/news/c.md": _page("C"),
        },
    )


def test_a_cascaded_url_is_a_collision_of_the_pages_below(tmp_path: Path) -> None:
    root = _site(tmp_path / "s", "cascade:\n  url: /same/\n")
    result = check_posts(load_site(root), [root / "content/posts/_index.md"], jobs=1)
    assert result.files_checked == 2
    assert {(f.path, f.rule) for f in result.findings} == {
        ("content/posts/a.md", "hugo/duplicate-url"),
        ("content/posts/deep/b.md", "hugo/duplicate-url"),
    }


def test_a_branch_without_a_cascade_reaches_no_page(tmp_path: Path) -> None:
    root = _site(tmp_path / "s")
    result = check_posts(load_site(root), [root / "content/posts/_index.md"], jobs=1)
    assert result.files_checked == 0 and result.findings == []


def test_the_word_in_any_letter_case_and_format(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "s",
        {
            "hugo.toml": CONFIG,
            "content/posts/_index.md": '+++\ntitle = "Posts"\n[Cascade]\nurl = "/same/"\n+++\n',
            "content/posts/a.md": _page("A"),
            "content/posts/b.md": '{"title": "B"}\n',
        },
    )
    result = check_posts(load_site(root), [root / "content/posts/_index.md"], jobs=1)
    assert result.files_checked == 2
    assert [(f.path, f.rule) for f in result.findings] == [
        ("content/posts/a.md", "hugo/duplicate-url"),
        ("content/posts/b.md", "hugo/duplicate-url"),
    ]


def test_changed_since_checks_what_a_changed_cascade_reaches(tmp_path: Path) -> None:
    root = _site(git_init(tmp_path / "repo"), "cascade:\n  draft: false\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "site")
    (root / "content/posts/_index.md").write_text(_branch("cascade:\n  url: /same/\n"))
    done = subprocess.run(
        ["python", "-m", "bot", "check", "--changed-since", "HEAD"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "content/posts/a.md:1:1: error hugo/duplicate-url" in done.stdout
    assert "content/posts/deep/b.md:1:1: error hugo/duplicate-url" in done.stdout
    assert "content/news/c.md" not in done.stdout
    assert "2 files checked" in done.stdout


def test_a_pull_request_changing_only_a_cascade(tmp_path: Path, fake: FakeGitHub) -> None:
    files = {
        "content/posts/_index.md": _branch(""),
        "content/posts/a.md": _page("A"),
        "content/posts/b.md": _page("B"),
    }
    runner = Runner(fake, hugo_repo(tmp_path / "repo", files), tmp_path)
    runner.site.commit({"content/posts/_index.md": _branch("cascade:\n  url: /same/\n")})
    result = runner.run(runner.open_pr())
    assert result.code == 1, result
    assert any(
        line.startswith("::error file=content/posts/a.md,") for line in result.annotation_lines()
    )
    assert "0 changed posts checked, and 3 pages a changed `cascade` reaches" in result.summary
    assert "content/posts/b.md" in bot_comment(fake)["body"]
