"""No silent green: a check that finds no post at all says why and fails (exit 2), unless
the site is empty on purpose (`--allow-empty`); paths given that are not posts get a note."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git, git_init, write_site
from tests.inputkit import pressbot
from tests.test_pr_action import run_action_script
from tests.test_pr_support import FakeGitHub, Runner, SiteRepo, post

POST = "---\ntitle: A post\n---\nText.\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A Git repository whose site is in `docs/`, with a README at the top."""
    root = write_site(
        tmp_path / "repo",
        {
            "README.md": "# The blog\n",
            "docs/_config.yml": "title: Blog\n",
            "docs/_posts/2026-01-01-a.md": POST,
            "other/notes.md": "notes\n",
        },
    )
    git_init(root)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start")
    return root


def assert_refused(done, *words: str) -> None:
    assert done.code == 2, done
    assert done.out == ""
    (line,) = done.err.splitlines()
    assert line.startswith("pressbot: no posts to check")
    assert "Traceback" not in done.err
    for word in ("--allow-empty", *words):
        assert word in line, (word, line)


def test_a_site_without_posts_is_refused_and_the_cause_named(repo: Path) -> None:
    done = pressbot("check", "--site", repo / "other", cwd=repo)
    assert_refused(done, "the site root is", "as given by --site", "has no _posts/ folder")


def test_a_wrong_site_points_at_the_right_one(repo: Path) -> None:
    write_site(repo, {"empty/_config.yml": "title: x\n", "empty/sub/_posts/2026-01-01-x.txt": ""})
    (repo / "empty" / "sub" / "_posts" / "2026-01-01-x.txt").unlink()
    done = pressbot("check", "--site", repo, cwd=repo / "other")
    assert done.code == 0  # the repository root holds docs/_posts: Jekyll reads it from there
    done = pressbot("check", cwd=repo / "empty")
    assert_refused(done, "the nearest folder with a _config.yml", "try --site sub")


def test_posts_folder_without_posts(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site", {"_config.yml": "x: 1\n", "_posts/.keep": "", "_posts/LICENSE": "MIT\n"}
    )
    done = pressbot("check", cwd=root)
    assert_refused(done, "its _posts/ hold no post named YYYY-MM-DD-slug.md")
    json_done = pressbot("check", "--format", "json", cwd=root)
    assert json_done.code == 2 and json_done.out == ""


def test_allow_empty(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"_config.yml": "x: 1\n"})
    done = pressbot("check", "--allow-empty", cwd=root)
    assert (done.code, done.out, done.err) == (0, "0 files checked: 0 error(s), 0 warning(s)\n", "")


def test_a_folder_named_without_posts_gets_a_note(repo: Path) -> None:
    done = pressbot("check", "other", "--site", ".", cwd=repo)
    assert done.code == 0, done
    assert done.err.startswith("pressbot: other holds no post (posts are")


def test_files_named_that_are_not_posts_get_a_note(repo: Path) -> None:
    write_site(repo, {"docs/_posts/LICENSE": "MIT\n"})
    done = pressbot("check", "docs/_posts/LICENSE", cwd=repo)
    assert done.code == 0, done
    assert done.err == (
        "pressbot: docs/_posts/LICENSE is not a post (posts are YYYY-MM-DD-slug files under "
        "_posts/ or _drafts/); nothing checked\n"
    )
    assert done.out == "0 files checked: 0 error(s), 0 warning(s)\n"


@pytest.mark.parametrize("command", ["check", "fix", "list"])
@pytest.mark.parametrize(
    "name",
    [
        "_config.yml",
        "_data/authors.yml",
        "_layouts/post.html",
        "about.md",
        "_site/_posts/2026-01-01-a.md",  # Jekyll's output: never read
        "_notes/_posts/2026-01-01-a.md",  # an underscore folder above the posts folder
        "node_modules/x/_posts/2026-01-01-a.md",
        "vendor/bundle/_posts/2026-01-01-a.md",  # excluded by Jekyll
        "_posts/.hidden/2026-01-01-a.md",
    ],
)
def test_a_site_file_named_that_jekyll_does_not_read_as_a_post_gets_a_note(
    tmp_path: Path, command: str, name: str
) -> None:
    """A file named (a script's `git diff --name-only`, pre-commit) is judged as a whole-site
    run judges it: Jekyll reads no post outside its posts folders."""
    body = "---\nlayout: default\n---\n{{ content }}\n" if name.endswith(".html") else "x: 1\n"
    root = write_site(
        tmp_path / "site",
        {"_config.yml": "title: T\n", "_posts/2026-01-01-ok.md": POST, name: body},
    )
    done = pressbot(command, name, cwd=root)
    assert done.code == 0, done
    assert name not in done.out, done
    assert (root / name).read_text() == body  # fix left it alone
    if command == "check":
        assert done.err == (
            f"pressbot: {name} is not a post (posts are YYYY-MM-DD-slug files under _posts/ or"
            " _drafts/); nothing checked\n"
        )
    whole = pressbot("list", "--format", "json", cwd=root)
    assert name not in whole.out and "_posts/2026-01-01-ok.md" in whole.out, whole


def test_posts_named_where_jekyll_reads_them_are_checked(tmp_path: Path) -> None:
    bad = "---\ntitle: [\n---\n"
    names = ["_posts/2026-01-01-a.md", "news/_posts/2026-01-01-b.md", "_drafts/c.md"]
    names.append("_notes/_posts/2026-01-01-d.md")
    root = write_site(
        tmp_path / "site",
        {"_config.yml": "title: T\ninclude: [_notes]\n", **{name: bad for name in names}},
    )
    done = pressbot("check", *names, cwd=root)
    assert done.code == 1, done
    assert sorted({line.split(":")[0] for line in done.out.splitlines() if ": error " in line}) == (
        sorted(names)
    )


def test_changed_since_with_no_changed_post_gets_a_note(repo: Path) -> None:
    write_site(repo, {"README.md": "# changed\n"})
    git(repo, "commit", "-qam", "readme")
    done = pressbot("check", "--changed-since", "HEAD~1", cwd=repo / "docs")
    assert done.code == 0, done
    assert done.err == "pressbot: no post changed since HEAD~1; nothing checked\n"


def test_pull_request_check_of_a_site_without_posts(fake: FakeGitHub, tmp_path: Path) -> None:
    site = SiteRepo.create(tmp_path / "repo", {"README.md": "hi\n"})
    runner = Runner(fake, site, tmp_path)
    site.commit({"about.md": "about\n"})
    pr = runner.open_pr()
    result = runner.run(pr)
    assert result.code == 2 and "no posts to check" in result.err and "--allow-empty" in result.err
    assert result.out == "" and result.summary == ""
    allowed = runner.run(pr, "--allow-empty")
    assert allowed.code == 0, allowed
    assert "0 changed posts checked" in allowed.summary


def test_pull_request_changing_no_post_in_a_site_with_posts(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    site = SiteRepo.create(tmp_path / "repo", {"_posts/2024-01-02-a.md": post("A", "x")})
    runner = Runner(fake, site, tmp_path)
    site.commit({"about.md": "about\n"})
    result = runner.run(runner.open_pr())
    assert result.code == 0 and "0 changed posts checked" in result.summary


def test_action_passes_allow_empty(tmp_path: Path) -> None:
    done = run_action_script(tmp_path, PRESSBOT_ALLOW_EMPTY="true")
    assert done.stdout == "[pr][--allow-empty]"
    done = run_action_script(tmp_path, PRESSBOT_ALLOW_EMPTY="false")
    assert done.stdout == "[pr]"
