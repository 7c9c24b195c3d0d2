"""`pressbot init`: a configuration made from the site's own posts, the workflows pinned to
this version, the pre-commit entry; nothing replaced without --force."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot import __version__
from bot.adopt.precommit import CannotAdd, added, has_pressbot
from bot.commands.init import for_site
from bot.site import load_site
from bot.templates import REGENERATE, WORKFLOWS, workflow
from tests.conftest import ROOT, git, git_init, write_site
from tests.inputkit import assert_one_line_error, pressbot

AUTHORS = "jane:\n  name: Jane\nbob:\n  name: Bob\n"


def post(title: str, author: str = "jane", categories: str = "[News]", extra: str = "") -> str:
    return (
        f"---\ntitle: {title}\nauthor: {author}\ncategories: {categories}\n"
        f"tags: [a, 'yes', 2026]\n{extra}---\nText.\n"
    )


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = write_site(
        tmp_path / "blog",
        {
            "_config.yml": "title: Blog\ntimezone: Europe/Paris\n",
            "_data/authors.yml": AUTHORS,
            "_posts/2026-01-01-one.md": post("One", extra="subtitle: s\n"),
            "_posts/2026-01-02-two.md": post("Two", "bob", '["World", "Café: \\"x\\""]'),
            "_drafts/three.md": post("Three", categories="News"),
        },
    )
    git_init(root)
    return root


def test_config_starts_from_what_the_site_has(blog: Path) -> None:
    done = pressbot("init", cwd=blog)
    assert done.code == 0, done
    assert "wrote .pressbot.yml" in done.out
    assert "All 3 post(s) pass `pressbot check`" in done.out
    text = (blog / ".pressbot.yml").read_text()
    assert "Europe/Paris" in text
    config = load_site(blog).config  # pressbot's own loader
    assert config.required == ["title", "author", "categories", "tags"]
    assert config.categories == ['Café: "x"', "News", "World"]
    assert config.tags == ["2026", "a", "yes"]
    assert config.authors_from_data is True
    assert config.unknown_fields == "forbid" and config.extra_fields == ["subtitle"]
    assert pressbot("check", cwd=blog).code == 0
    # the configuration now catches what it should
    write_site(blog, {"_posts/2026-01-03-x.md": post("X", "ghost", "[Sport]", "tittle: y\n")})
    found = pressbot("check", "--format", "json", cwd=blog)
    # errors only: the posts' tag 2026, a number, is also a `jekyll/number-category` warning
    findings = yaml.safe_load(found.out)["findings"]
    rules = {f["rule"] for f in findings if f["severity"] == "error"}
    assert rules == {"schema/value", "schema/unknown-field"}


def test_posts_that_would_fail_are_listed(blog: Path) -> None:
    write_site(blog, {"_posts/2026-01-04-typo.md": post("T", "nobody", extra="tittle: x\n")})
    done = pressbot("init", cwd=blog)
    assert done.code == 0
    assert "1 post(s) would fail `pressbot check`" in done.out
    assert "  _posts/2026-01-04-typo.md: schema/unknown-field\n" in done.out
    text = (blog / ".pressbot.yml").read_text()
    assert "# authors_from_data: true" in text and '("nobody")' in text
    assert '"tittle" (for "title"?)' in text


def test_nothing_is_replaced_without_force(blog: Path) -> None:
    write_site(
        blog,
        {".pressbot.yml": "required: [title]\n", ".github/workflows/pressbot-pr.yml": "x: 1\n"},
    )
    done = pressbot("init", "--github", cwd=blog)
    assert done.code == 0, done
    assert (blog / ".pressbot.yml").read_text() == "required: [title]\n"
    assert (blog / ".github/workflows/pressbot-pr.yml").read_text() == "x: 1\n"
    assert "kept .pressbot.yml (it exists: --force replaces it)" in done.out
    assert "All 3 post(s) pass `pressbot check` with the site's configuration." in done.out
    assert "wrote .github/workflows/pressbot-publish.yml" in done.out
    forced = pressbot("init", "--github", "--force", cwd=blog)
    assert forced.code == 0
    assert (blog / ".github/workflows/pressbot-pr.yml").read_text() == workflow("pressbot-pr.yml")
    again = pressbot("init", "--github", cwd=blog)
    assert "wrote" not in again.out and again.out.count("already as init writes it") == 4


def test_pressbot_settings_in_config_yml_are_not_shadowed(blog: Path) -> None:
    write_site(blog, {"_config.yml": "title: Blog\npressbot:\n  required: [title]\n"})
    done = pressbot("init", cwd=blog)
    assert done.code == 0 and not (blog / ".pressbot.yml").exists()
    assert "`pressbot:` settings in _config.yml" in done.out


def test_a_site_in_a_folder_of_the_repository(tmp_path: Path) -> None:
    repo = write_site(tmp_path / "repo", {"README.md": "x\n", "docs/_config.yml": "title: x\n"})
    write_site(repo / "docs", {"_posts/2026-01-01-a.md": post("A")})
    git_init(repo)
    done = pressbot("init", "--github", "--pre-commit", cwd=repo / "docs")
    assert done.code == 0, done
    assert (repo / "docs" / ".pressbot.yml").is_file()
    pr = yaml.safe_load((repo / ".github/workflows/pressbot-pr.yml").read_text())
    action = next(
        s for s in pr["jobs"]["check"]["steps"] if "pressbot/pressbot@" in s.get("uses", "")
    )
    assert action["with"]["site"] == "docs"
    assert (
        "run: pressbot publish --site docs\n"
        in (repo / ".github/workflows/pressbot-publish.yml").read_text()
    )
    assert (repo / ".pre-commit-config.yaml").is_file()
    assert "--site docs" in done.out


def test_not_a_site(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    done = pressbot("init", cwd=tmp_path / "empty")
    assert_one_line_error(done, 2, "does not look like a Jekyll or Hugo site")


def test_a_site_without_posts(tmp_path: Path) -> None:
    root = write_site(tmp_path / "new", {"_config.yml": "title: New\n"})
    done = pressbot("init", cwd=root)
    assert done.code == 0 and "no posts yet" in done.out and "--allow-empty" in done.out
    assert load_site(root).config.required == []
    assert pressbot("check", "--allow-empty", cwd=root).code == 0


@pytest.mark.parametrize(
    "categories",
    [
        "['~', 'null', 'no', '- x', '#c', '*a', '&b', '!t', '%p', '@at', '`b`', '{x}', '[y]']",
        '["tab\\there", "new\\nline", "nul\\0", "\\u202e", "é\\u0301"]',
        "[1.5, 7, -0, 1e3, 0x1F, .inf]",
        "[" + "9" * 5000 + ", big]",
        "news, foundation",
    ],
)
def test_any_category_a_post_has_round_trips(tmp_path: Path, categories: str) -> None:
    root = write_site(
        tmp_path / "site",
        {"_config.yml": "title: x\n", "_posts/2026-01-01-a.md": post("A", categories=categories)},
    )
    done = pressbot("init", cwd=root)
    assert done.code == 0, done
    check = pressbot("check", "--format", "json", cwd=root)
    rules = {f["rule"] for f in yaml.safe_load(check.out)["findings"]}
    assert "schema/value" not in rules, check


def test_singular_category_and_tag_are_allowed_as_written(tmp_path: Path) -> None:
    """`category: Local news` is one name (not split), and the written lists hold it."""
    root = write_site(
        tmp_path / "site",
        {
            "_config.yml": "title: x\n",
            "_posts/2026-01-01-a.md": "---\ntitle: A\ncategory: Local news\ntag: go\n---\nA\n",
            "_posts/2026-01-02-b.md": "---\ntitle: B\ncategories: [blog]\ntags: rust\n---\nB\n",
        },
    )
    assert pressbot("init", cwd=root).code == 0
    config = load_site(root).config
    assert config.categories == ["Local news", "blog"] and config.tags == ["go", "rust"]
    check = pressbot("check", "--format", "json", cwd=root)
    assert check.code == 0, check


# -- the workflows -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", WORKFLOWS)
def test_project_workflows_are_what_init_writes(name: str) -> None:
    ours = (ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8")
    assert for_site(name, workflow(name), "") == ours, (
        f".github/workflows/{name} and bot/templates/workflows/{name} differ: after editing "
        f"the workflow, run `{REGENERATE}` at the project root to make the template from it"
    )
    assert f"pressbot@v{__version__}" in ours


def test_workflows_are_pinned_to_the_version_asked() -> None:
    for name in WORKFLOWS:
        text = workflow(name, "9.8.7")
        assert "@v9.8.7" in text and f"@v{__version__}" not in text


# -- the pre-commit entry ------------------------------------------------------------------------

EXISTING = """\
# our hooks
repos:
- repo: https://github.com/pre-commit/pre-commit-hooks
  rev: v4.6.0
  hooks:
  - id: trailing-whitespace   # keep this comment

default_stages: [pre-commit]
"""


def test_pre_commit_entry_is_added_keeping_the_file() -> None:
    new = added(EXISTING, "v0.1.0")
    assert new is not None and new.startswith(EXISTING.split("\n\n")[0])
    assert "# keep this comment" in new and "# our hooks" in new
    data = yaml.safe_load(new)
    assert data["default_stages"] == ["pre-commit"]
    assert [r["repo"] for r in data["repos"]] == [
        "https://github.com/pre-commit/pre-commit-hooks",
        "https://github.com/pressbot/pressbot",
    ]
    assert data["repos"][1] == {
        "repo": "https://github.com/pressbot/pressbot",
        "rev": "v0.1.0",
        "hooks": [{"id": "pressbot-check"}],
    }
    assert added(new, "v0.1.0") is None  # never twice


def test_pre_commit_entry_keeps_the_file_s_line_ends() -> None:
    windows = EXISTING.replace("\n", "\r\n")
    new = added(windows, "v0.1.0")
    assert new is not None and new.startswith(windows.split("\r\n\r\n")[0])
    assert "\n" not in new.replace("\r\n", "")
    assert yaml.safe_load(new) == yaml.safe_load(added(EXISTING, "v0.1.0") or "")


@pytest.mark.parametrize(
    "text",
    [
        "repos: []\n",
        "repos:\n",
        "- not a mapping\n",
        "repos: [\n",
        "repos:\n  - repo: local\n    hooks: [{id: pressbot-check, name: x, entry: x, language: system}]\n",
        "repos:\n    -   repo: x\n        rev: y\n        hooks: [{id: z}]\n",
    ],
)
def test_pre_commit_layouts(text: str) -> None:
    try:
        new = added(text, "v1")
    except CannotAdd:
        return
    if new is None:
        assert has_pressbot(yaml.safe_load(text))
        return
    data = yaml.safe_load(new)
    assert has_pressbot(data)
    old = yaml.safe_load(text)
    assert data["repos"][:-1] == (old.get("repos") or [])


def test_init_pre_commit_twice_and_a_broken_file(blog: Path) -> None:
    (blog / ".pre-commit-config.yaml").write_text(EXISTING)
    assert pressbot("init", "--pre-commit", cwd=blog).code == 0
    once = (blog / ".pre-commit-config.yaml").read_text()
    assert once.count("pressbot-check") == 1
    assert pressbot("init", "--pre-commit", cwd=blog).code == 0
    assert (blog / ".pre-commit-config.yaml").read_text() == once
    (blog / ".pre-commit-config.yaml").write_text("repos: [\n")
    done = pressbot("init", "--pre-commit", cwd=blog)
    assert done.code == 0 and "did not change .pre-commit-config.yaml" in done.out
    assert (blog / ".pre-commit-config.yaml").read_text() == "repos: [\n"


def test_an_empty_flow_list_of_repos_gets_the_entry() -> None:
    text = "repos: []  # none yet\nminimum_pre_commit_version: '3.0'\n"
    new = added(text, "v1")
    assert new is not None and new.startswith("repos:  # none yet\n  - repo: "), new
    data = yaml.safe_load(new)
    assert [r["repo"] for r in data["repos"]] == ["https://github.com/pressbot/pressbot"]
    assert data["minimum_pre_commit_version"] == "3.0"


def test_next_steps_say_to_add_the_entry_init_could_not_add(blog: Path) -> None:
    flow = "repos: [{repo: local, hooks: []}]\n"
    (blog / ".pre-commit-config.yaml").write_text(flow)
    done = pressbot("init", "--pre-commit", cwd=blog)
    assert done.code == 0 and "did not change .pre-commit-config.yaml" in done.out, done
    assert (blog / ".pre-commit-config.yaml").read_text() == flow
    steps = done.out.split("Next:\n")[1]
    assert "Add pressbot's entry shown above under `repos:`" in steps, steps
    assert "\n  2. `pre-commit install`" not in steps, steps
    (blog / ".pre-commit-config.yaml").write_text("repos: []\n")
    done = pressbot("init", "--pre-commit", cwd=blog)
    assert "(pressbot's hook added)" in done.out and "Add pressbot's entry" not in done.out, done
    assert "\n  2. `pre-commit install` runs the check" in done.out, done


def test_init_in_a_git_repository_with_commits(blog: Path) -> None:
    git(blog, "add", "-A")
    git(blog, "commit", "-qm", "site")
    done = pressbot("init", "--github", "--pre-commit", cwd=blog / "_posts")
    assert done.code == 0, done
    assert (blog / ".github/workflows/pressbot-pr-comment.yml").is_file()


@pytest.mark.parametrize(
    ("flag", "link"),
    [("--github", ".github"), ("--github", ".github/workflows"), ("--pre-commit", "")],
)
def test_init_never_writes_through_a_link(blog: Path, tmp_path: Path, flag: str, link: str) -> None:
    """A folder init writes into that is a link (to outside the repository) is refused before
    anything is written; a file that is a link is left as it is, never followed."""
    outside = tmp_path / "outside"
    outside.mkdir()
    if link:
        (blog / link).parent.mkdir(parents=True, exist_ok=True)
        (blog / link).symlink_to(outside)
        assert_one_line_error(pressbot("init", flag, cwd=blog), 2, "not a folder of the repository")
        assert not (blog / ".pressbot.yml").exists()
    else:
        (outside / "pre-commit.yaml").write_text("repos: []\n")
        (blog / ".pre-commit-config.yaml").symlink_to(outside / "pre-commit.yaml")
        done = pressbot("init", flag, cwd=blog)
        assert done.code == 0 and "did not change .pre-commit-config.yaml" in done.out, done
        assert (outside / "pre-commit.yaml").read_text() == "repos: []\n"
    assert sorted(p.name for p in outside.rglob("*")) in ([], ["pre-commit.yaml"])


def test_repos_given_twice_is_refused_naming_it(blog: Path) -> None:
    """pre-commit reads the last `repos:`; adding to the first would add a hook it never runs,
    and again on each `init`."""
    text = "repos:\n  - repo: local\n    hooks: []\nrepos: []\n"
    with pytest.raises(CannotAdd, match=r"`repos:` twice \(line 4\).*reads only the last"):
        added(text, "v1")
    (blog / ".pre-commit-config.yaml").write_text(text)
    for _ in range(2):
        done = pressbot("init", "--pre-commit", cwd=blog)
        assert done.code == 0 and "did not change .pre-commit-config.yaml" in done.out, done
        assert "gives `repos:` twice" in done.out and "hook added" not in done.out, done
        assert (blog / ".pre-commit-config.yaml").read_text() == text


def test_a_byte_order_mark_is_kept_and_the_entry_added_once(blog: Path) -> None:
    path = blog / ".pre-commit-config.yaml"
    path.write_bytes(b"\xef\xbb\xbfrepos:\n  - repo: local\n    hooks: []\n")
    done = pressbot("init", "--pre-commit", cwd=blog)
    assert done.code == 0 and "(pressbot's hook added)" in done.out, done
    once = path.read_bytes()
    assert once.startswith(b"\xef\xbb\xbfrepos:\n  - repo: local\n"), once[:40]
    data = yaml.safe_load(once.decode("utf-8-sig"))
    assert has_pressbot(data) and once.count(b"pressbot-check") == 1
    done = pressbot("init", "--pre-commit", cwd=blog)
    assert "it has pressbot's hook already" in done.out and path.read_bytes() == once, done
