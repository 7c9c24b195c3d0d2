"""Every rule's page is made from its `Rule` object: `pressbot rule`, `docs/rules/`, the
README's rule table. The pages' examples are checked against the rules themselves."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.rules import docs
from bot.rules.registry import RULES
from tests.conftest import ROOT, write_site

STALE = f"stale: run `{docs.REGENERATE}` at the project root to regenerate them"


def test_every_rule_is_documented() -> None:
    for rule in RULES.values():
        for part in ("why", "fix", "example", "flags", "passes"):
            assert getattr(rule, part).strip(), (rule.id, part)
        page = docs.help_markdown(rule)
        for heading in ("## Why it matters", "## How to fix", "## Flagged", "## Not flagged"):
            assert heading in page, (rule.id, heading)
        assert f"    {rule.id}: warning" in page  # how to change its severity
        assert page.count("```") % 2 == 0, rule.id


def test_docs_rules_are_current() -> None:
    folder = ROOT / docs.DOCS_FOLDER
    on_disk = {
        p.relative_to(folder).as_posix(): p.read_text("utf-8") for p in folder.glob("*/*.md")
    }
    assert set(on_disk) == set(docs.pages(RULES.values())), f"docs/rules/ is {STALE}"
    for name, text in docs.pages(RULES.values()).items():
        assert on_disk[name] == text, f"docs/rules/{name} is {STALE}"
    for rule in RULES.values():
        assert (ROOT / docs.doc_path(rule)).is_file()
        assert docs.help_uri(rule).endswith("/" + docs.doc_path(rule))


def test_readme_rule_table_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert docs.with_table(readme, docs.rule_table(RULES.values())) == readme, (
        f"the README's rule table is {STALE}"
    )


def test_the_regenerating_command_has_help_and_refuses_a_folder_without_readme(
    tmp_path: Path,
) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "bot.rules.docs", *args]
        return subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, env=env)

    done = run("--help")
    assert done.returncode == 0 and "usage: python -m bot.rules.docs" in done.stdout, done
    done = run()
    assert done.returncode == 2 and "has no README.md" in done.stderr, done
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []  # no `--help/docs/rules/` left behind


def test_write_pages_removes_pages_of_rules_that_are_gone(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "rule.md").write_text("# old/rule\n")
    written = docs.write_pages(tmp_path, RULES.values())
    assert not (tmp_path / "old" / "rule.md").exists()
    assert len(written) == len(RULES) + 1
    assert docs.write_pages(tmp_path, RULES.values()) == []  # current: nothing written


def test_rule_lists_and_prints_pages(cli) -> None:
    listing = cli("rule")
    assert listing.code == 0
    for rule_id in RULES:
        assert re.search(rf"^{re.escape(rule_id)} ", listing.out, re.MULTILINE), rule_id
    for rule in RULES.values():
        page = cli("rule", rule.id)
        assert page.code == 0 and page.err == ""
        assert page.out.startswith(f"{rule.id}\n") and "How to fix" in page.out
        assert "```" not in page.out  # code blocks indented for a terminal
        markdown = cli("rule", rule.id, "--format", "markdown")
        assert markdown.out == docs.help_markdown(rule)


def test_rule_by_family_and_by_unique_name(cli) -> None:
    family = cli("rule", "jekyll")
    assert family.code == 0
    assert {line.split()[0] for line in family.out.splitlines()[:-2]} == {
        r.id for r in RULES.values() if r.family == "jekyll"
    }
    assert cli("rule", "mojibake").out.startswith("encoding/mojibake\n")


@pytest.mark.parametrize(
    ("given", "suggested"),
    [
        ("encoding/bomb", "encoding/bom"),
        ("mojibak", "encoding/mojibake"),
        ("schema/requried", "schema/required"),
        ("missing", 'frontmatter/missing" or "assets/missing'),  # two rules have the name
        ("\x1b[31mred", None),
    ],
)
def test_unknown_rule_is_a_usage_error(cli, given: str, suggested: str | None) -> None:
    run = cli("rule", given)
    assert run.code == 2 and run.out == ""
    assert len(run.err.splitlines()) == 1 and "\x1b" not in run.err
    assert "`pressbot rule` lists them all" in run.err
    if suggested:
        assert f'did you mean "{suggested}"?' in run.err
    else:
        assert "did you mean" not in run.err


def test_write_docs_option(cli, tmp_path: Path) -> None:
    run = cli("rule", "--write-docs", tmp_path / "pages")
    assert run.code == 0
    assert (tmp_path / "pages" / "encoding" / "mojibake.md").read_text() == docs.help_markdown(
        RULES["encoding/mojibake"]
    )
    assert cli("rule", "encoding/bom", "--write-docs", tmp_path).code == 2


# -- the examples on the pages are what the rules do -----------------------------------------------

FENCED = re.compile(r"```markdown\n(.*?)```", re.DOTALL)
ESCAPE = re.compile(r"\\(x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})")
CONFIG = {"schema/unknown-field": "unknown_fields: forbid\nextra_fields: [subtitle]\n"}
"""What the pages say the example needs besides the default configuration."""
EXAMPLE_PATH = "_posts/2026-01-05-example.md"
"""Where a page's example post is put (the date-mismatch examples name it)."""


def _post(markdown: str) -> str | None:
    """The example post in a page's section (its escapes made the characters they name), or
    None when the example is a description (a file name, a link, two posts)."""
    found = FENCED.search(markdown)
    if found is None:
        return None
    return ESCAPE.sub(lambda m: chr(int(m.group(1)[1:], 16)), found.group(1))


def _rules_found(tmp_path: Path, rule_id: str, text: str, cli) -> set[str]:
    root = write_site(
        tmp_path / rule_id.replace("/", "-"),
        {
            "_config.yml": "title: Example\n",
            ".pressbot.yml": CONFIG.get(rule_id, "{}\n"),
            "assets/x.png": b"\x89PNG\r\n\x1a\n",
            EXAMPLE_PATH: text,
        },
    )
    run = cli("check", "--format", "json", "--site", root, root / EXAMPLE_PATH)
    assert run.code in (0, 1), run
    return {f["rule"] for f in json.loads(run.out)["findings"]}


EXAMPLES = [r.id for r in RULES.values() if _post(r.flags) is not None]


def test_most_rules_have_a_checked_example() -> None:
    assert len(EXAMPLES) >= 15


@pytest.mark.parametrize("rule_id", EXAMPLES)
def test_page_examples_flag_and_pass(tmp_path: Path, cli, rule_id: str) -> None:
    rule = RULES[rule_id]
    flagged = _post(rule.flags)
    passing = _post(rule.passes)
    assert flagged is not None and passing is not None
    assert rule_id in _rules_found(tmp_path / "flags", rule_id, flagged, cli)
    assert rule_id not in _rules_found(tmp_path / "passes", rule_id, passing, cli)
