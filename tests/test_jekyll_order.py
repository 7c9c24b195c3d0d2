"""`bot.jekyll_order` sorts posts as the Ruby that runs Jekyll does, also where some have no
date and `Document#<=>` is no order at all: held against `Array#sort!` of the installed Ruby
(Jekyll's own), on random lists."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.jekyll_order import document_compare, merge_sort, read_key

pytestmark = pytest.mark.usefixtures("jekyll_oracle")

SORT = """
require "json"
Item = Struct.new(:date, :path) do
  def <=>(other)
    cmp = date <=> other.date
    cmp = path <=> other.path if cmp.nil? || cmp.zero?
    cmp
  end
end
lists = JSON.parse(STDIN.read)
puts JSON.generate(lists.map { |l| l.map { |d, p| Item.new(d, p) }.sort!.map(&:path) })
"""


def test_the_merge_sort_is_rubys_sort_even_without_an_order() -> None:
    ruby = shutil.which("ruby")
    assert ruby is not None, "Jekyll runs on Ruby"
    rng = random.Random(5)
    lists = []
    for _ in range(200):
        size = rng.randint(2, rng.choice([8, 40, 300]))
        lists.append(
            [
                [rng.choice([None, 1, 2, 3, 4]), f"/s/_posts/{rng.randrange(999):03d}.md"]
                for _ in range(size)
            ]
        )
    done = subprocess.run(
        [ruby, "-e", SORT], input=json.dumps(lists), capture_output=True, text=True, check=True
    )
    expected = json.loads(done.stdout)
    day = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    for items, theirs in zip(lists, expected, strict=True):
        mine = merge_sort(
            [(None if d is None else day + dt.timedelta(days=d), p.encode()) for d, p in items],
            document_compare,
        )
        assert [p.decode() for _, p in mine] == theirs


def test_posts_are_read_folder_by_folder_as_the_file_system_lists_them(tmp_path: Path) -> None:
    for rel in ("b/_posts/x.md", "a/_posts/y.md", "_posts/z/1.md", "_posts/z.md", "_drafts/d.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    listed = [n for n in os.listdir(tmp_path) if n in ("a", "b")]
    order = sorted(
        ["b/_posts/x.md", "a/_posts/y.md", "_posts/z.md", "_posts/z/1.md", "_drafts/d.md"],
        key=lambda rel: read_key(tmp_path, rel),
    )
    # the root's own posts (Ruby's glob: a folder's files right after its name), then its
    # drafts, then each folder as listed
    assert order[:3] == ["_posts/z/1.md", "_posts/z.md", "_drafts/d.md"]
    assert order[3:] == [f"{name}/_posts/{'x' if name == 'b' else 'y'}.md" for name in listed]
