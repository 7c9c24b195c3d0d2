"""`pressbot pr` on a Hugo site: its regular pages are the posts, findings and suggestions
point at their repository paths (a site in a subfolder too), in TOML and JSON front matter.

A real Git repository, the fake GitHub on 127.0.0.1, the command as the workflow runs it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.pr.comment import MARKER
from tests.test_pr_support import FakeGitHub, Runner, SiteRepo, bot_comment, git

CONFIG = 'baseURL = "https://example.org/"\ntitle = "Harbour"\ntimeZone = "UTC"\n'
BROKEN = "It isnâ€™t fine."
FIXED = "It isn’t fine."
CLEAN = '+++\ntitle = "Clean"\ndate = 2024-01-02T10:00:00Z\n+++\nAll good.\n'


def toml_page(title: str, body: str = "All good.") -> str:
    return f'+++\ntitle = "{title}"\ndate = 2024-01-02T10:00:00Z\n+++\n{body}\n'


def json_page(title: str, body: str = "All good.") -> str:
    return f'{{\n  "title": "{title}",\n  "date": "2024-01-02T10:00:00Z"\n}}\n{body}\n'


def hugo_repo(root: Path, files: dict[str, str], folder: str = "") -> SiteRepo:
    """A Hugo site (at ``folder`` in the repository) on `main`, a `topic` branch checked out."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "t@example.org")
    git(root, "config", "user.name", "T")
    git(root, "config", "commit.gpgsign", "false")
    site = SiteRepo(root)
    at = f"{folder}/" if folder else ""
    base = {f"{at}hugo.toml": CONFIG, f"{at}content/posts/older.md": CLEAN}
    site.base = site.commit({**base, **{at + k: v for k, v in files.items()}}, "base")
    git(root, "checkout", "-q", "-b", "topic")
    return site


@pytest.fixture
def runner(fake: FakeGitHub, tmp_path: Path) -> Runner:
    return Runner(fake, hugo_repo(tmp_path / "repo", {}), tmp_path)


def errors_on(result: object, path: str) -> list[str]:
    lines = result.annotation_lines()  # type: ignore[attr-defined]
    return [line for line in lines if line.startswith(f"::error file={path},")]


def test_changed_pages_are_checked_with_their_paths(runner: Runner, fake: FakeGitHub) -> None:
    runner.site.commit(
        {
            "content/posts/toml.md": toml_page(BROKEN),
            "content/posts/data.md": json_page("Data", BROKEN),
            "content/posts/bundle/index.md": toml_page("Bundle", BROKEN),
            # not regular pages: a section's list page, a bundle's resource, a file outside
            # the content folder
            "content/posts/_index.md": toml_page(BROKEN),
            "content/posts/bundle/notes.md": BROKEN + "\n",
            "README.md": BROKEN + "\n",
            "_posts/2024-01-02-old.md": f"---\ntitle: x\n---\n{BROKEN}\n",
        }
    )
    pr = runner.open_pr()
    result = runner.run(pr)
    assert result.code == 1, result
    assert errors_on(result, "content/posts/toml.md")[0].startswith(
        "::error file=content/posts/toml.md,line=2,"
    )
    assert errors_on(result, "content/posts/data.md")[0].startswith(
        "::error file=content/posts/data.md,line=5,"
    )
    assert errors_on(result, "content/posts/bundle/index.md")
    for other in (
        "content/posts/_index.md",
        "content/posts/bundle/notes.md",
        "README.md",
        "_posts/2024-01-02-old.md",
    ):
        assert not errors_on(result, other), result.out
    assert "3 changed posts checked" in result.summary, result.summary
    body = bot_comment(fake)["body"]
    assert body.startswith(MARKER) and "older" not in body
    # the suggestions: one a line, on the pages only, the TOML title among them
    [rv] = [e for e in fake.log if e.path.endswith("/reviews")]
    comments = rv.body["comments"]
    assert {c["path"] for c in comments} == {
        "content/posts/toml.md",
        "content/posts/data.md",
        "content/posts/bundle/index.md",
    }
    [title] = [c for c in comments if c["path"] == "content/posts/toml.md" and c["line"] == 2]
    assert f'title = "{FIXED}"' in title["body"]
    [json_body] = [c for c in comments if c["path"] == "content/posts/data.md"]
    assert json_body["line"] == 5 and FIXED in json_body["body"]


def test_applying_the_suggestion_turns_the_comment_green(runner: Runner, fake: FakeGitHub) -> None:
    runner.site.commit({"content/posts/toml.md": toml_page(BROKEN)})
    pr = runner.open_pr()
    assert runner.run(pr).code == 1
    first = bot_comment(fake)
    runner.push(pr, {"content/posts/toml.md": toml_page(FIXED)})
    result = runner.run(pr)
    assert result.code == 0, result
    now = bot_comment(fake)
    assert now["id"] == first["id"] and "all fixed" in now["body"]


def test_a_site_in_a_subfolder(fake: FakeGitHub, tmp_path: Path) -> None:
    site = hugo_repo(tmp_path / "repo", {}, folder="web")
    runner = Runner(fake, site, tmp_path)
    site.commit(
        {
            "web/content/posts/toml.md": toml_page(BROKEN),
            "content/posts/outside.md": toml_page(BROKEN),  # outside the site: not checked
        }
    )
    pr = runner.open_pr()
    result = runner.run(pr, site=site.root / "web")
    assert result.code == 1, result
    assert errors_on(result, "web/content/posts/toml.md")
    assert not errors_on(result, "content/posts/outside.md")
    [rv] = [e for e in fake.log if e.path.endswith("/reviews")]
    assert {c["path"] for c in rv.body["comments"]} == {"web/content/posts/toml.md"}
    link = f"/blob/{pr.head_sha}/web/content/posts/toml.md#L2"
    assert link in bot_comment(fake)["body"]


def test_a_content_folder_of_the_sites_own(fake: FakeGitHub, tmp_path: Path) -> None:
    """`contentDir` names the pages' folder: those are checked, and suggested on."""
    site = hugo_repo(tmp_path / "repo", {})
    site.commit({"hugo.toml": CONFIG + 'contentDir = "articles"\n'})
    site.base = site.head()
    runner = Runner(fake, site, tmp_path)
    site.commit({"articles/toml.md": toml_page(BROKEN), "content/posts/old.md": toml_page(BROKEN)})
    pr = runner.open_pr()
    result = runner.run(pr)
    assert result.code == 1, result
    assert errors_on(result, "articles/toml.md")
    assert not errors_on(result, "content/posts/old.md")  # no longer the content folder
    [rv] = [e for e in fake.log if e.path.endswith("/reviews")]
    assert {c["path"] for c in rv.body["comments"]} == {"articles/toml.md"}


def test_languages_each_read_their_own_folder(fake: FakeGitHub, tmp_path: Path) -> None:
    config = (
        CONFIG
        + 'defaultContentLanguage = "en"\n'
        + '[languages.en]\ncontentDir = "content/en"\n'
        + '[languages.fr]\ncontentDir = "content/fr"\n'
    )
    site = hugo_repo(tmp_path / "repo", {})
    site.commit({"hugo.toml": config})
    site.base = site.head()
    runner = Runner(fake, site, tmp_path)
    site.commit(
        {
            "content/fr/posts/page.md": toml_page(BROKEN),
            "content/en/posts/page.md": toml_page("Clean"),
        }
    )
    result = runner.run(runner.open_pr())
    assert result.code == 1, result
    assert errors_on(result, "content/fr/posts/page.md")
    assert "2 changed posts checked" in result.summary


def test_a_shallow_clone_asks_github_for_the_changed_pages(
    runner: Runner, fake: FakeGitHub
) -> None:
    runner.site.commit(
        {"content/posts/toml.md": toml_page(BROKEN), "content/posts/_index.md": toml_page(BROKEN)}
    )
    pr = runner.open_pr()
    shallow = runner.tmp / "shallow"
    git(runner.tmp, "clone", "-q", "--depth", "1", f"file://{runner.site.root}", str(shallow))
    git(shallow, "checkout", "-q", pr.head_sha)
    result = runner.run(pr, site=shallow)
    assert result.code == 1, result
    assert "too shallow" in result.out
    assert errors_on(result, "content/posts/toml.md")
    assert not errors_on(result, "content/posts/_index.md")


def test_a_fork_posts_its_hugo_suggestions_from_the_results_file(
    runner: Runner, fake: FakeGitHub
) -> None:
    runner.site.commit({"content/posts/toml.md": toml_page(BROKEN), "README.md": "x\n"})
    pr = runner.open_pr(fork=True)
    results = runner.tmp / "results.json"
    checked = runner.run(pr, "--results", str(results), token=None)
    assert checked.code == 1 and not fake.writes()
    data = json.loads(results.read_text())
    [fixable] = [s for s in data["suggestions"] if s["start_line"] == 2]
    # a results file naming other files of the pull request gets nothing posted for those
    data["suggestions"].append({**fixable, "path": "README.md", "fingerprint": "f" * 16})
    results.write_text(json.dumps(data))
    posted = runner.post(pr, results)
    assert posted.code == 0, posted
    [rv] = [e for e in fake.log if e.path.endswith("/reviews")]
    assert {c["path"] for c in rv.body["comments"]} == {"content/posts/toml.md"}
    assert "README" not in bot_comment(fake)["body"]


@pytest.mark.parametrize(
    ("path", "editable"),
    [
        ("content/posts/a.md", True),
        ("web/content/posts/a.md", True),
        ("content/posts/bundle/index.md", True),
        ("content/a.adoc", True),
        ("content/posts/_index.md", False),
        ("content/.github/a.md", False),
        (".github/content/a.md", False),
        ("content/posts/a.yml", False),
        ("content/posts/a.md~", False),
        ("contents/a.md", False),
        ("content.md", False),
        ("README.md", False),
        ("_posts/2024-01-02-a.md", True),
    ],
)
def test_what_a_results_file_may_suggest_on(path: str, editable: bool) -> None:
    from bot.pr.flow import is_post_file

    assert is_post_file(path) is editable


def test_a_broken_section_index_is_an_error(runner: Runner) -> None:
    """A section's `_index` file is no post, but Hugo stops the whole build on front matter
    it cannot read: a pull request that changes only that file is held."""
    runner.site.commit({"content/posts/_index.md": "+++\ntitle = 'Posts\n+++\n"})
    result = runner.run(runner.open_pr())
    assert result.code == 1, result
    [error] = errors_on(result, "content/posts/_index.md")
    assert "frontmatter/syntax" in error and "stops the whole build" in error


def test_a_broken_bundle_resource_is_an_error(fake: FakeGitHub, tmp_path: Path) -> None:
    """A leaf bundle's content resource is no post, but Hugo reads its front matter and
    stops the whole build on what it cannot read: a pull request that changes only that
    file is held."""
    site = hugo_repo(tmp_path / "repo", {"content/posts/trip/index.md": toml_page("Trip")})
    runner = Runner(fake, site, tmp_path)
    site.commit({"content/posts/trip/notes.md": "+++\ntitle = 'Notes\n+++\n"})
    result = runner.run(runner.open_pr())
    assert result.code == 1, result
    [error] = errors_on(result, "content/posts/trip/notes.md")
    assert "frontmatter/syntax" in error and "stops the whole build" in error
