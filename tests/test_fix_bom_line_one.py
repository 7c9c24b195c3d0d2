"""A byte-order mark and a repair on line 1 of one file: the mark's fix takes the marks off
and nothing else, so the repair is made too, `fix` says only what it made, a second `fix`
changes nothing, and a pull request gets the repair's suggestion."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.fixes import applied
from bot.problem import Fix
from tests.conftest import write_site
from tests.inputkit import pressbot
from tests.test_hugo_pr import hugo_repo
from tests.test_pr_support import FakeGitHub, Runner

BROKEN, FIXED = "Here\u00e2\u20ac\u2122s", "Here\u2019s"
PAGES = {
    "content/posts/a.org": f"\ufeff#+TITLE: {BROKEN}\n\nbody\n",
    "content/posts/b.md": f'\ufeff{{"title": "{BROKEN}"}}\nbody\n',
    "content/posts/c.md": f'\ufeff\ufeff+++\ntitle = "{BROKEN}"\n+++\nbody\n',
}


def test_the_marks_go_and_the_repair_is_made() -> None:
    text = f"\ufeff\ufeffa {BROKEN}\nb\n"
    # columns as the rules count them: after the first mark, which the file's reading drops
    mark = Fix(1, f"a {BROKEN}")
    repair = Fix(1, FIXED, column=4, end_column=4 + len(BROKEN))
    new, left_out = applied(text, [mark, repair])
    assert new == f"a {FIXED}\nb\n" and left_out == []


def test_fix_makes_both_and_says_so_once(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"hugo.toml": "title = 'x'\n", **PAGES})
    first = pressbot("fix", cwd=root)
    assert first.code == 0, first
    for name in PAGES:
        assert f"fixed {name}: 1 mojibake repair, byte-order mark removed" in first.out
        text = (root / name).read_text(encoding="utf-8")
        assert FIXED in text and "\ufeff" not in text and BROKEN not in text
    second = pressbot("fix", cwd=root)
    assert second.code == 0 and "fixed" not in second.out, second


@pytest.mark.usefixtures("fake")
def test_a_pull_request_gets_the_repair_of_line_one(tmp_path: Path, fake: FakeGitHub) -> None:
    runner = Runner(fake, hugo_repo(tmp_path / "repo", {}), tmp_path)
    runner.site.commit({"content/posts/b.md": PAGES["content/posts/b.md"]})
    assert runner.run(runner.open_pr()).code == 1
    [review] = [e for e in fake.log if e.path.endswith("/reviews")]
    [comment] = review.body["comments"]
    assert comment["path"] == "content/posts/b.md" and comment["line"] == 1
    assert f'{{"title": "{FIXED}"}}' in comment["body"]
