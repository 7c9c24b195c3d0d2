"""A pull request that removes, renames or unpublishes a post that an unchanged post names in
`{% post_url %}` breaks Jekyll's build ("Could not find post"): the naming post is checked too,
for its `post_url` tags only. Jekyll is the oracle."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.test_pr_support import FakeGitHub, Runner, SiteRepo, git, post

HELLO = "_posts/2024-01-02-hello.md"
LINKING = "_posts/2024-01-03-a.md"
# an unchanged post that names HELLO, with a problem of its own the pull request did not make
A = (
    '---\nlayout: post\ntitle: "A"\ndate: 2024-01-03\n---\n'
    "See {% post_url 2024-01-02-hello %}. Un cafÃ© noir.\n"
)


def _change(site: SiteRepo, variant: str) -> None:
    if variant == "delete":
        site.commit({HELLO: None})
    elif variant == "rename":
        git(site.root, "mv", HELLO, "_posts/2024-01-02-hello-world.md")
        site.commit({})
    elif variant == "unpublish":
        site.commit({HELLO: post("Hello", "Clean.").replace("---\n", "---\npublished: false\n", 1)})
    else:  # an edit that keeps the post
        site.commit({HELLO: post("Hello", "Clean, and longer.")})


@pytest.mark.parametrize("variant", ["delete", "rename", "unpublish", "edit"])
def test_a_post_named_in_post_url_that_goes_fails_the_check(
    fake: FakeGitHub, tmp_path: Path, variant: str, jekyll_oracle: None
) -> None:
    site = SiteRepo.create(tmp_path / "repo", {LINKING: A, HELLO: post("Hello", "Clean.")})
    _change(site, variant)
    runner = Runner(fake, site, tmp_path)
    done = runner.run(runner.open_pr())
    built = subprocess.run(
        ["jekyll", "build", "-q"], cwd=site.root, capture_output=True, text=True, check=False
    )
    breaks = variant != "edit"
    assert (built.returncode != 0) == breaks, built.stderr  # the oracle
    assert done.code == (1 if breaks else 0), done.out
    if breaks:
        assert f"file={LINKING},line=6" in done.out and "post_url" in done.out
        assert "1 other post naming a changed one in `post_url`" in done.summary
    # the linking post's own mojibake is not the pull request's: not reported
    assert "encoding/mojibake" not in done.summary and "encoding/mojibake" not in done.out


@pytest.mark.parametrize("variant", ["delete", "rename"])
def test_a_shallow_clone_finds_the_linking_post_through_github(
    fake: FakeGitHub, tmp_path: Path, variant: str
) -> None:
    """Without the history to diff, GitHub's file list names the removed post, and the old
    name of a renamed one (``previous_filename``): the linking post is checked as before."""
    site = SiteRepo.create(tmp_path / "repo", {LINKING: A, HELLO: post("Hello", "Clean.")})
    _change(site, variant)
    runner = Runner(fake, site, tmp_path)
    pr = runner.open_pr()
    if variant == "rename":
        assert [f.get("previous_filename") for f in pr.files] == [HELLO]
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{site.root}", str(shallow))
    done = runner.run(pr, site=shallow)
    assert "too shallow" in done.out
    assert done.code == 1, done.out
    assert f"file={LINKING},line=6" in done.out and "post_url" in done.out
