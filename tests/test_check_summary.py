"""The end of `check`'s text output: the count per rule, the command that makes the safe
fixes, and where to read about a rule; and the rule links of the pull-request Markdown."""

from __future__ import annotations

import shlex

from bot.pr import comment, summary
from bot.pr.results import FindingData, Results
from bot.rules.docs import help_uri
from bot.rules.registry import RULES

MOJIBAKE_POST = "---\ntitle: Hereâ€™s one\n---\nItâ€™s here.\nno\u200bspace\n"


def test_counts_per_rule_and_the_fix_command(site, cli) -> None:
    root = site(
        {
            "_posts/2026-01-01-a.md": MOJIBAKE_POST,
            "_posts/2026-01-02-b.md": "---\nlayout: post\n---\n",
        }
    )
    run = cli("check", root)
    assert run.code == 1
    lines = run.out.splitlines()
    blank = lines.index("")
    assert lines[blank + 1 :] == [
        "  2  encoding/mojibake (2 fixable)",
        "  1  encoding/invisible-char",
        "  1  schema/required",
        f"`pressbot fix {shlex.quote(str(root))}` repairs these 2 (add `--diff` to see the changes first)",
        "2 files checked: 3 error(s), 1 warning(s); `pressbot rule RULE` explains a rule and how to fix it",
    ]
    # the command it names does what it says
    assert cli("fix", root).code == 0
    after = cli("check", root)
    assert "encoding/mojibake" not in after.out and "fixable" not in after.out


def test_the_fix_command_keeps_the_selection(site, cli) -> None:
    root = site({"_posts/2026-01-01-a.md": MOJIBAKE_POST, ".pressbot.yml": "{}\n"})
    post = root / "_posts" / "2026-01-01-a.md"
    run = cli("check", "--site", root, "--config", root / ".pressbot.yml", post)
    expected = shlex.join(
        ["pressbot", "fix", "--site", str(root), "--config", str(root / ".pressbot.yml"), str(post)]
    )
    assert f"`{expected}` repairs these 2" in run.out


def test_one_fixable_and_none(site, cli) -> None:
    root = site({"_posts/2026-01-01-a.md": "\ufeff---\ntitle: x\n---\n"})
    assert "repairs it (add" in cli("check", root).out
    root = site({"_posts/2026-01-01-a.md": "---\nlayout: x\n---\n"})
    assert "repairs" not in cli("check", root).out


def test_a_clean_check_is_one_line(site, cli) -> None:
    root = site({"_posts/2026-01-01-a.md": "---\ntitle: x\n---\n"})
    run = cli("check", root)
    assert (run.code, run.out) == (0, "1 file checked: 0 error(s), 0 warning(s)\n")


def test_a_hostile_path_in_the_fix_command_is_escaped(site, cli) -> None:
    root = site({"_posts/2026-01-01-a.md": MOJIBAKE_POST})
    odd = root.parent / "a\x1b[31m\nsite"
    root.rename(odd)
    run = cli("check", odd)
    assert "\x1b" not in run.out
    assert not any(line.startswith("site") for line in run.out.splitlines())


def _results(rule: str) -> Results:
    finding = FindingData(
        path="_posts/2026-01-01-a.md", line=2, column=1, rule=rule, severity="error", message="m"
    )
    return Results(
        repository="octo/blog",
        pull_request=7,
        head_sha="c" * 40,
        base_sha="d" * 40,
        files_checked=1,
        findings=[finding],
    )


def test_pull_request_markdown_links_each_rule_to_its_page() -> None:
    rule = RULES["encoding/mojibake"]
    results = _results(rule.id)
    body = comment.render(results, server_url="https://github.com", checks_url="CHECKS", outside=[])
    assert body is not None
    link = f"[`{rule.id}`]({help_uri(rule)})"
    assert link in body
    assert link in summary.render(results, server_url="https://github.com")


def test_an_unknown_rule_id_is_not_linked() -> None:
    body = comment.render(
        _results("pressbot/made-up"), server_url="https://github.com", checks_url="C", outside=[]
    )
    assert body is not None and "`pressbot/made-up`" in body
    assert "docs/rules/pressbot" not in body
