"""A pull request that changes what decides how every post reads (the generator's
configuration, pressbot's own) has every post of the site checked, and says so: posts it
does not touch may break."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_pr_support import CONFIG, FakeGitHub, Runner, SiteRepo, bot_comment, git, post

HELLO = post("Hello", "Clean.")
OTHER = post("Other", "Another clean post.", date="2024-01-03")
JEKYLL_POSTS = {"_posts/2024-01-02-hello.md": HELLO, "_posts/2024-01-03-other.md": OTHER}
SAID = "the site's configuration changed: every post checked (2 files)"


def _hugo_site(root: Path, files: dict[str, str]) -> SiteRepo:
    """A Hugo site with two pages in `content/posts`, on a branch `topic`."""
    site = SiteRepo.create(root, {})
    site.commit(
        {
            "_config.yml": None,
            "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n',
            "content/posts/a.md": '---\ntitle: "A"\ndate: 2024-01-02\n---\nA\n',
            "content/posts/b.md": '---\ntitle: "B"\ndate: 2024-01-03\n---\nB\n',
        }
    )
    site.base = site.head()
    site.commit(files)
    return site


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"_config.yml": CONFIG + "permalink: /:year/\n"}, "jekyll/duplicate-url"),
        ({".pressbot.yml": "required: [title, author]\n"}, "schema/"),
    ],
    ids=["_config.yml", ".pressbot.yml"],
)
def test_a_jekyll_configuration_change_checks_every_post(
    fake: FakeGitHub, tmp_path: Path, change: dict[str, str], rule: str
) -> None:
    site = SiteRepo.create(tmp_path / "repo", JEKYLL_POSTS)
    site.commit(change)
    runner = Runner(fake, site, tmp_path)
    done = runner.run(runner.open_pr())
    assert done.code == 1, done.out
    assert SAID[:1].upper() + SAID[1:] + "." in done.summary
    assert "_posts/2024-01-02-hello.md" in done.out and "_posts/2024-01-03-other.md" in done.out
    assert rule in done.summary
    assert SAID[:1].upper() + SAID[1:] + "." in bot_comment(fake)["body"]


@pytest.mark.parametrize(
    "change",
    [
        {
            "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "T"\n[permalinks]\nposts = "/:year/"\n'
        },
        {"config/_default/permalinks.toml": 'posts = "/:year/"\n'},
    ],
    ids=["hugo.toml", "config-folder"],
)
def test_a_hugo_configuration_change_checks_every_page(
    fake: FakeGitHub, tmp_path: Path, change: dict[str, str]
) -> None:
    site = _hugo_site(tmp_path / "repo", change)
    runner = Runner(fake, site, tmp_path)
    done = runner.run(runner.open_pr())
    assert done.code == 1, done.out
    assert done.summary.count("hugo/duplicate-url") >= 2
    assert SAID[:1].upper() + SAID[1:] in done.summary


def test_a_configuration_change_is_seen_on_a_shallow_clone(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    """GitHub's list of changed files (the clone has no history) names the configuration."""
    site = SiteRepo.create(tmp_path / "repo", JEKYLL_POSTS)
    site.commit({"_config.yml": CONFIG + "permalink: /:year/\n"})
    runner = Runner(fake, site, tmp_path)
    pr = runner.open_pr()
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{site.root}", str(shallow))
    git(shallow, "checkout", "-q", pr.head_sha)
    pr.base_sha = "1" * 40  # not in the clone: GitHub is asked
    done = runner.run(pr, site=shallow)
    assert done.code == 1 and "asking GitHub instead" in done.out
    assert SAID[:1].upper() + SAID[1:] in done.summary


def test_other_files_do_not_widen_the_check(fake: FakeGitHub, tmp_path: Path) -> None:
    site = SiteRepo.create(tmp_path / "repo", JEKYLL_POSTS)
    site.commit({"README.md": "# A blog\n", "docs/_config.yml": "permalink: /:year/\n"})
    runner = Runner(fake, site, tmp_path)
    done = runner.run(runner.open_pr())
    assert done.code == 0
    assert "no problems (0 changed posts checked)" in done.summary


def test_a_files_list_that_github_cuts_short_has_every_post_checked(
    fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GitHub's files API lists at most 3,000 files (here: its cap made 20, for both sides);
    the event counts them all. The post past the cap is checked all the same, and the run
    says why every post was."""
    import bot.pr.flow
    import tests.fakegithub
    from tests.test_pr_support import PullRequest

    monkeypatch.setattr(tests.fakegithub, "MAX_FILES", 20)
    monkeypatch.setattr(bot.pr.flow, "MAX_FILES", 20)
    files = {f"_posts/2024-01-02-a{i:02d}.md": post(f"A{i}", "Clean.") for i in range(20)}
    files["_posts/2024-01-02-zz-bad.md"] = post("Bad", "A \u202ehidden override.")
    site = SiteRepo.create(tmp_path / "repo", {})
    site.commit(files)
    runner = Runner(fake, site, tmp_path)
    pr = fake.add_pull(
        PullRequest("octo/blog", 7, site.head(), "1" * 40, "octo/blog", files=site.pr_files())
    )
    assert len(pr.files) == 21
    done = runner.run(pr)  # the base is in no clone: GitHub is asked
    assert done.code == 1, done.out
    assert "::warning title=pressbot::GitHub lists only 20 of this pull request's 21" in done.out
    assert "_posts/2024-01-02-zz-bad.md" in done.summary
    assert "every post checked (21 files)" in done.summary
    assert "every post checked (21 files)." in bot_comment(fake)["body"]
