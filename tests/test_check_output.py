"""The output formats of `pressbot check` and its exit codes, on the example site."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import EXAMPLE_SITE, REAL_POST

LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|info) (?P<rule>[a-z0-9-]+/[a-z0-9-]+) \S"
)


def test_text_lines_and_summary(cli) -> None:
    run = cli("check", EXAMPLE_SITE)
    assert run.code == 1
    *lines, summary = run.out.splitlines()
    lines = lines[: lines.index("")]  # then the count per rule
    assert all(LINE.match(line) for line in lines), [x for x in lines if not LINE.match(x)]
    assert re.fullmatch(
        r"\d+ files checked: \d+ error\(s\), \d+ warning\(s\); `pressbot rule RULE` explains a rule and how to fix it",
        summary,
    )
    assert "\033[" not in run.out  # no colour when not on a terminal


def test_json_is_sorted_and_complete(cli) -> None:
    run = cli("check", "--format", "json", EXAMPLE_SITE)
    doc = json.loads(run.out)
    assert doc["version"] == 1 and doc["files_checked"] == 18
    keys = [(f["path"], f["line"], f["column"]) for f in doc["findings"]]
    assert keys == sorted(keys)
    for finding in doc["findings"]:
        assert {"path", "line", "column", "rule", "severity", "message"} <= set(finding)
        assert not finding["path"].startswith("/")


def test_real_post_findings(cli) -> None:
    run = cli("check", "--format", "json", REAL_POST)
    found = {(f["line"], f["column"], f["rule"]) for f in json.loads(run.out)["findings"]}
    assert (4, 1, "jekyll/date-mismatch") in found  # 00:13 UTC is Jan 4 in New York
    assert (9, 1, "assets/relative-path") in found
    assert (9, 1, "assets/missing") in found


def test_warnings_only_exit_zero(site, cli) -> None:
    root = site({"_posts/2026-01-01-x.md": "\ufeff---\ntitle: BOM only\n---\n"})
    run = cli("check", root)
    assert run.code == 0 and "warning encoding/bom" in run.out


def test_select_ignore_and_severity_config(site, cli) -> None:
    root = site(
        {
            "_posts/2026-01-01-x.md": "\ufeff---\ntitle: x\ncategories: a, b\n---\nzero\u200bwidth\n",
            ".pressbot.yml": "rules:\n  severity:\n    encoding: error\n    jekyll/categories-string: off\n",
        }
    )
    run = cli("check", "--format", "json", root)
    rules = {(f["rule"], f["severity"]) for f in json.loads(run.out)["findings"]}
    assert rules == {("encoding/bom", "error"), ("encoding/invisible-char", "error")}
    run = cli("check", "--format", "json", "--select", "encoding/bom", root)
    assert [f["rule"] for f in json.loads(run.out)["findings"]] == ["encoding/bom"]
    run = cli("check", "--format", "json", "--ignore", "encoding", root)
    assert json.loads(run.out)["findings"] == []


def test_github_format_escapes_untrusted_text(site, cli) -> None:
    title = "x%0A::error::forged,:\r\nline"
    root = site({"_posts/2026-01-01-a,b:c.md": f'---\ntitle: 1\nevil: "{title}"\n---\n'})
    (root / ".pressbot.yml").write_text("unknown_fields: forbid\n")
    run = cli("check", "--format", "github", root)
    lines = run.out.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    for line in lines:
        props, _, message = line[2:].partition("::")
        assert "\n" not in message and "\r" not in message
        assert "file=_posts/2026-01-01-a%2Cb%3Ac.md" in props


def test_sarif_shape(cli) -> None:
    run = cli("check", "--format", "sarif", EXAMPLE_SITE)
    doc = json.loads(run.out)
    assert doc["version"] == "2.1.0"
    (sarif_run,) = doc["runs"]
    rules = [r["id"] for r in sarif_run["tool"]["driver"]["rules"]]
    for result in sarif_run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_changed_since(tmp_path: Path, cli) -> None:
    from tests.conftest import git, git_init, write_site

    root = git_init(tmp_path / "repo")
    write_site(root, {"_posts/2026-01-01-old.md": "---\ntitle: old\n---\nzero\u200bwidth\n"})
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first")
    write_site(root, {"_posts/2026-01-02-new.md": "---\ntitle: new\n---\nzero\u200bwidth\n"})
    run = cli("check", "--format", "json", "--changed-since", "HEAD", root)
    doc = json.loads(run.out)
    assert doc["files_checked"] == 1
    assert {f["path"] for f in doc["findings"]} == {"_posts/2026-01-02-new.md"}
    run = cli("check", "--changed-since", "no-such-ref", root)
    assert run.code == 2 and "no-such-ref" in run.err


def test_list_json(cli) -> None:
    run = cli("list", "--format", "json", EXAMPLE_SITE)
    posts = {p["path"]: p for p in json.loads(run.out)["posts"]}
    real = posts["_posts/2026-01-05-lee-jae-myung-to-meet-xi.md"]
    assert real["url"] == "/news/2026/01/04/lee-jae-myung-to-meet-xi.html"
    assert real["date"] == "2026-01-04T19:13:58-05:00" and real["published"]
    reasons = {p["path"].rsplit("/", 1)[-1]: p["reason"] for p in posts.values()}
    assert reasons["upcoming-interview.md"] == "draft"
    assert reasons["2026-04-08-withdrawn-story.md"] == "published-false"
    assert reasons["2030-01-01-scheduled-new-year.md"] == "future"
    assert reasons["notes-for-editors.md"] == "not-a-post-name"
    assert reasons["2026-04-09-latin1-file.md"] == "invalid"


def test_published_semantics(site, cli) -> None:
    cases = {
        "false": "published-false",
        "": "published-false",
        "null": "published-false",
        "'false'": None,
        "0": None,
        "true": None,
    }
    files = {
        f"_posts/2026-01-{i + 1:02d}-p{i}.md": f"---\ntitle: t\npublished: {value}\n---\n"
        for i, value in enumerate(cases)
    }
    root = site(files)
    run = cli("list", "--format", "json", root)
    got = [p["reason"] for p in json.loads(run.out)["posts"]]
    assert got == list(cases.values())


def test_categories_and_tags_semantics(site, cli) -> None:
    root = site(
        {
            "world/asia/_posts/2026-01-01-a.md": "---\ncategories: news foundation\n"
            "tags: one two\n---\n",
            "_posts/2026-01-02-b.md": "---\ncategory: Big News\ntag: one two\n---\n",
        }
    )
    posts = json.loads(cli("list", "--format", "json", root).out)["posts"]
    assert posts[0]["categories"] == ["Big News"] and posts[0]["tags"] == ["one two"]
    assert posts[0]["url"] == "/big%20news/2026/01/02/b.html"
    assert posts[1]["categories"] == ["world", "asia", "news", "foundation"]
    assert posts[1]["tags"] == ["one", "two"]


def test_permalink_styles(site, cli) -> None:
    post = "---\ntitle: t\ndate: 2026-03-04 05:06:07 +0000\ncategories: [A b]\n---\n"
    expected = {
        "date": "/a%20b/2026/03/04/hello-world.html",
        "pretty": "/a%20b/2026/03/04/hello-world/",
        "ordinal": "/a%20b/2026/063/hello-world.html",
        "none": "/a%20b/hello-world.html",
        "/:year/:slug/": "/2026/hello-world/",
    }
    for style, url in expected.items():
        root = site(
            {"_config.yml": f"permalink: '{style}'\n", "_posts/2026-03-04-hello-world.md": post}
        )
        (info,) = json.loads(cli("list", "--format", "json", root).out)["posts"]
        assert info["url"] == url, style


def test_defaults_longest_path_wins(site, cli) -> None:
    root = site(
        {
            "_config.yml": (
                "defaults:\n"
                "  - scope: {path: '', type: posts}\n    values: {categories: [general], author: a}\n"
                "  - scope: {path: 'sport/_posts', type: posts}\n    values: {author: b}\n"
                "  - scope: {path: 'sport', type: pages}\n    values: {author: c}\n"
            ),
            "sport/_posts/2026-01-01-match.md": "---\ntitle: t\n---\n",
            ".pressbot.yml": "required: [author]\nauthors_from_data: true\n",
            "_data/authors.yml": "b: {name: B}\n",
        }
    )
    run = cli("check", "--format", "json", root)
    assert json.loads(run.out)["findings"] == [], run.out
    (info,) = json.loads(cli("list", "--format", "json", root).out)["posts"]
    assert info["categories"] == ["sport", "general"]


def test_colour_on_a_terminal_but_not_a_dumb_one(tmp_path: Path) -> None:
    from tests.inputkit import assert_one_line_error, on_a_terminal, pressbot

    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text("title: t\n")
    (tmp_path / "_posts" / "2024-01-02-a.md").write_text("---\ntitle: a\n---\nCafÃ©\n")
    coloured = on_a_terminal("check", cwd=tmp_path, env_changes={"NO_COLOR": None, "TERM": "xterm"})
    assert coloured.code == 1 and "\033[" in coloured.out, coloured
    dumb = on_a_terminal("check", cwd=tmp_path, env_changes={"NO_COLOR": None, "TERM": "dumb"})
    assert dumb.code == 1 and "\033[" not in dumb.out and "encoding/mojibake" in dumb.out, dumb
    for option in ("--select", "--ignore"):
        done = pressbot("check", option, "", cwd=tmp_path)
        assert_one_line_error(done, 2, f"{option} '' names no rule")
