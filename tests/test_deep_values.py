"""Categories and tags nested as deep as YAML lets them be: `list` and `check` answer, no
internal error (Ruby's equality, the JSON output and the URL are all made without recursion)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.inputkit import pressbot

DEPTH = 900


def test_deeply_nested_categories_and_tags(tmp_path: Path) -> None:
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    nested = "[" * DEPTH + "x" + "]" * DEPTH
    (tmp_path / "_posts" / "2020-01-01-a.md").write_text(
        f"---\ntitle: a\ncategories: {nested}\ntags: {nested}\n---\nx\n", encoding="utf-8"
    )
    listed = pressbot("list", "--format", "json", "--site", tmp_path, cwd=tmp_path)
    assert listed.code == 0, listed
    [post] = json.loads(listed.out)["posts"]
    assert post["published"] and post["url"].endswith("/2020/01/01/a.html")
    checked = pressbot("check", "--site", tmp_path, cwd=tmp_path)
    assert checked.code == 1, checked
    assert "internal error" not in checked.err
