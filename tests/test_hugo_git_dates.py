"""`:git` in a Hugo site's `frontmatter` dates (with `enableGitInfo`): each page is dated by
the author date of the last commit that touched its file, as real Hugo 0.111 dates it, in
real repositories (the site in a folder of one, renamed and uncommitted files, a name Git
quotes); and a site in no repository says so once, as Hugo's build fails there."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import write_site
from tests.inputkit import pressbot

NOW = "2025-06-15T12:00:00Z"
CONFIG = (
    'baseURL = "https://example.org/"\ntitle = "t"\nenableGitInfo = true\n'
    '[frontmatter]\ndate = [":git", "date"]\npublishDate = [":git", "date"]\n'
    '[permalinks]\nposts = "/:year/:month/:slug/"\n'
)
LAYOUTS = {"layouts/_default/single.html": "page\n", "layouts/_default/list.html": "list\n"}


def page(title: str) -> str:
    return f"---\ntitle: {title}\ndate: 2020-01-01\n---\nx\n"


def commit(repo: Path, when: str, *paths: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "A",
        "GIT_AUTHOR_EMAIL": "a@example.org",
        "GIT_COMMITTER_NAME": "A",
        "GIT_COMMITTER_EMAIL": "a@example.org",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",  # Hugo reads the author's
    }
    for args in (("add", "-A", "--", *paths), ("commit", "-q", "-m", "x")):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def listed(root: Path) -> tuple[dict[str, dict[str, object]], str]:
    run = pressbot("list", "--format", "json", "--now", NOW, "--site", root, cwd=root)
    assert run.code == 0 and "Traceback" not in run.err, run
    return {str(p["path"]): p for p in json.loads(run.out)["posts"]}, run.err


def instant(text: str) -> dt.datetime:
    """An ISO 8601 date as an instant (`pressbot list` shows it in the site's zone, `hugo
    list` at its own offset)."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def hugo_listed(root: Path) -> dict[str, dict[str, str]]:
    done = subprocess.run(
        ["hugo", "list", "all"], cwd=root, capture_output=True, text=True, check=True
    )
    table = done.stdout[done.stdout.index("path,") :]
    return {row["path"]: row for row in csv.DictReader(io.StringIO(table))}


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize("quote_path", [None, "false"])
def test_git_dates_are_the_last_commits_author_dates_as_hugo_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quote_path: str | None
) -> None:
    (tmp_path / "gitconfig").write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    repo = tmp_path / "repo"
    site = repo / "docs"
    write_site(repo, {"README.md": "r\n"})
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    if quote_path is not None:
        subprocess.run(["git", "config", "core.quotePath", quote_path], cwd=repo, check=True)
    write_site(
        site,
        {
            "hugo.toml": CONFIG,
            **LAYOUTS,
            "content/posts/old.md": page("Old"),
            "content/posts/edited.md": page("Edited"),
            "content/posts/moved.md": page("Moved"),
            "content/posts/café.md": page("Cafe"),
        },
    )
    commit(repo, "2021-03-04T10:00:00+02:00", ".")
    (site / "content/posts/edited.md").write_text(page("Edited again"), encoding="utf-8")
    (site / "content/posts/moved.md").rename(site / "content/posts/here.md")
    commit(repo, "2031-05-05T00:00:00Z", ".")  # a commit in the future: those pages wait
    write_site(site, {"content/posts/new.md": page("New")})  # never committed
    rows = hugo_listed(site)
    mine, err = listed(site)
    assert set(mine) == set(rows)
    for path, row in rows.items():
        assert urlsplit(row["permalink"]).path == mine[path]["url"], path
        assert instant(str(mine[path]["date"])) == instant(row["date"]), path
    assert instant(str(mine["content/posts/old.md"]["date"])) == instant("2021-03-04T08:00:00Z")
    assert mine["content/posts/edited.md"]["reason"] == "future"
    assert mine["content/posts/here.md"]["url"] == "/2031/05/moved/"
    assert mine["content/posts/new.md"]["url"] == "/2020/01/new/"
    # Git quotes the name unless `core.quotePath` is false: then Hugo finds no Git date for it
    cafe = "2020-01-01T00:00:00+00:00" if quote_path is None else "2021-03-04T08:00:00+00:00"
    assert mine["content/posts/café.md"]["date"] == cafe
    assert err == ""


def test_a_site_in_no_repository_says_so_once_and_reads_the_next_key(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {"hugo.toml": CONFIG, "content/posts/a.md": page("A"), "content/posts/b.md": page("B")},
    )
    mine, err = listed(site)
    assert mine["content/posts/a.md"]["url"] == "/2020/01/a/"
    assert err.count("\n") == 1 and "enableGitInfo" in err and "no Git repository" in err
    assert "Failed to read Git log" in err


@pytest.mark.parametrize(
    "config",
    [
        CONFIG.replace("enableGitInfo = true", "enableGitInfo = false"),
        'enableGitInfo = true\n[permalinks]\nposts = "/:year/:month/:slug/"\n',
    ],
    ids=["git-info-off", "only-lastmod-reads-git"],
)
def test_git_is_not_read_where_no_date_that_counts_comes_from_it(
    tmp_path: Path, config: str
) -> None:
    site = write_site(tmp_path / "site", {"hugo.toml": config, "content/posts/a.md": page("A")})
    mine, err = listed(site)
    assert mine["content/posts/a.md"]["url"] == "/2020/01/a/" and err == ""
