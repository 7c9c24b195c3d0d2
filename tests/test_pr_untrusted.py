"""Hostile posts and big pull requests, end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bot.pr.comment import LIMIT, MARKER
from bot.render.markdown import github_length
from tests.test_pr_support import FakeGitHub, Runner, SiteRepo, bot_comment, post

HOSTILE_NAME = "_posts/2024-01-02-@someone-`x`-<b>::error::y.md"
LONG = "x" * 100_000
HOSTILE = f"""---
layout: post
title: "::error::forged @someone <!-- pressbot:pr-comment --> <img src=x> `code`"
date: not-a-date @someone
---
Hello @someone
::error file=a,line=1::forged from the body
::warning::also forged
<!-- pressbot:pr-comment -->
<script>alert(1)</script> ``` `x` | table | break |
{LONG}\u202e{LONG}
"""
COMMAND = re.compile(r"^::(error|warning|notice) ([a-zA-Z]+=[^,:]*)(,[a-zA-Z]+=[^,:]*)*::[^\n]*$")


def assert_inert_markdown(text: str) -> None:
    assert not re.search(r"@\w", text), "a mention got through"
    for bad in ("<img", "<script", "<b>", "::error", "::warning"):
        assert bad not in text
    assert text.count("<!--") <= 1


def test_hostile_post_cannot_forge_mention_or_spoof(fake: FakeGitHub, tmp_path: Path) -> None:
    site = SiteRepo.create(tmp_path / "repo", {})
    site.commit({HOSTILE_NAME: HOSTILE})
    runner = Runner(fake, site, tmp_path)
    pr = runner.open_pr(title="::error::x @someone <!-- pressbot:pr-comment -->")
    pr.body = "@someone `x` <img src=x>"
    result = runner.run(pr)
    assert result.code == 1

    # the log: our commands only, each one line, well-formed, nothing forged
    commands = result.annotation_lines()
    assert len(commands) == 2
    for line in commands:
        assert COMMAND.match(line), line
        assert "forged" not in line
    assert all(not line.startswith("::") or line in commands for line in result.out.splitlines())
    assert max(len(line) for line in result.out.splitlines()) < 3000  # no 100 KB line

    body = bot_comment(fake)["body"]
    assert body.startswith(MARKER + "\n") and github_length(body) <= LIMIT
    assert_inert_markdown(body)
    assert_inert_markdown(result.summary)
    assert len(body) < 10_000

    # the same holds for the fork-safe route through a results file
    results = tmp_path / "results.json"
    runner.run(pr, "--results", str(results), token=None)
    fake.comments.clear()
    pr.head_repo = "someone/blog"
    assert runner.post(pr, results).code == 0
    again = bot_comment(fake)["body"]
    assert_inert_markdown(again)
    assert json.loads(results.read_text())["findings"][0]["path"] == HOSTILE_NAME


def test_a_pr_touching_300_posts(fake: FakeGitHub, tmp_path: Path) -> None:
    site = SiteRepo.create(tmp_path / "repo", {})
    files: dict[str, str | bytes | None] = {}
    for i in range(300):
        day = f"2023-{1 + i // 28:02d}-{1 + i % 28:02d}"
        body = f"Post {i} with a \u202e hidden override." if i % 2 else f"Clean post {i}."
        files[f"_posts/{day}-post-{i}.md"] = post(f"Post {i}", body, date=day)
    site.commit(files)
    runner = Runner(fake, site, tmp_path)
    pr = runner.open_pr()
    result = runner.run(pr)
    assert result.code == 1
    assert "300 changed posts checked" in result.summary
    assert result.summary.count("\n| ❌ |") == 150
    commands = result.annotation_lines()
    assert commands[0].startswith("::notice") and "140 more findings" in commands[0]
    assert len(commands) == 11
    body = bot_comment(fake)["body"]
    assert "150 errors in 150 posts" in body and github_length(body) <= LIMIT
    # the whole thing took a handful of requests: list, create, re-list
    assert [e.method for e in fake.log] == ["GET", "POST", "GET"]


def test_control_characters_in_a_file_name(fake: FakeGitHub, tmp_path: Path) -> None:
    name = "_posts/2024-01-02-line\nbreak\t::error::x.md"
    site = SiteRepo.create(tmp_path / "repo", {})
    site.commit({name: post("Hi", "a \u202e b")})
    runner = Runner(fake, site, tmp_path)
    pr = runner.open_pr()
    result = runner.run(pr)
    assert result.code == 1, result
    commands = result.annotation_lines()
    assert commands and all(COMMAND.match(line) for line in commands), commands
    assert "%0A" in commands[0] and "forged" not in result.out
    assert_inert_markdown(bot_comment(fake)["body"])
