"""`defaults` that Jekyll's own code fails on: it logs "could not read file", leaves the
post out and exits 0. pressbot must not list such a post as published, and must report an
error for it; every other shape of `defaults` keeps working. Compared with real Jekyll."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.jekyllfuzz import written

pytestmark = pytest.mark.usefixtures("jekyll_oracle")

POSTS = {
    "_posts/2020-01-01-a.md": "---\ntitle: A\n---\nx\n",
    "_posts/news/2020-01-02-b.md": "---\ntitle: B\n---\nx\n",
}
CONFIGS = {
    "scoped-then-unscoped": '- scope: {path: ""}\n  values: {layout: post}\n'
    "- values: {author: x}\n",
    "unscoped-then-scoped": '- values: {author: x}\n- scope: {path: ""}\n  values: {layout: p}\n',
    "empty-scope-then-unscoped": "- scope: {}\n  values: {layout: post}\n- values: {author: x}\n",
    "number-path-after-a-match": '- scope: {path: ""}\n  values: {a: 1}\n'
    "- scope: {path: 2020}\n  values: {b: 2}\n",
    "number-path-alone": "- scope: {path: 2020}\n  values: {b: 2}\n",
    "list-path-after-a-match": '- scope: {path: ""}\n  values: {a: 1}\n'
    "- scope: {path: [a]}\n  values: {b: 2}\n",
    "posts-type-and-news-path": "- scope: {type: posts}\n  values: {categories: [x]}\n"
    "- scope: {path: _posts/news, type: posts}\n  values: {categories: [y]}\n",
    # `ensure_time!` runs on every set's `values.date`: `Time.parse` takes only text
    "day-date": '- scope: {path: ""}\n  values: {date: 2024-02-03}\n',
    "day-date-out-of-scope": "- scope: {path: elsewhere/}\n  values: {date: 2024-02-03}\n",
    "day-date-after-a-text-date": '- scope: {path: ""}\n  values: {date: "2024-02-03"}\n'
    "- scope: {path: x/}\n  values: {date: 2024-02-04}\n",
    "tagged-day-date": "- values: {date: !!timestamp 2024-02-03}\n",
    "number-date": "- values: {date: 2024}\n",
    "null-date": "- values: {date: null}\n",
    "list-date": "- values: {date: [2024-02-03]}\n",
    "date-with-time": "- values: {date: 2024-02-03 10:00:00}\n",
    "text-date": '- values: {date: "2024-02-03"}\n',
    "unreadable-text-date-out-of-scope": "- scope: {path: elsewhere/}\n  values: {date: soon}\n",
    "day-in-other-keys": "- values: {updated: 2024-02-03, meta: {date: 2024-02-03}}\n",
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_defaults_as_jekyll_applies_them(tmp_path: Path, name: str) -> None:
    _site, jekyll, errors = written(
        tmp_path, {"_config.yml": "defaults:\n" + CONFIGS[name], **POSTS}
    )
    dropped = {p for p in POSTS if p not in jekyll.posts}
    assert dropped <= errors  # a post Jekyll leaves out has an error


@pytest.mark.parametrize(
    "config",
    ["- scope:\n  values: {b: 2}\n", "- scope: _posts\n  values: {b: 2}\n",
     "- scope: {path: '', type: 5}\n  values: {b: 2}\n"],
)  # fmt: skip
def test_defaults_jekyll_fails_on_for_every_post_are_a_configuration_error(
    tmp_path: Path, config: str
) -> None:
    """A `scope` that is not a mapping, or a `type` that is not text: Jekyll fails on every
    post (and page); pressbot refuses the configuration, naming the setting."""
    from tests.inputkit import pressbot

    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("defaults:\n" + config, encoding="utf-8")
    (root / "_posts" / "2020-01-01-a.md").write_text("---\ntitle: A\n---\n")
    done = pressbot("check", "--site", str(root))
    assert done.code == 2 and "setting 'defaults[0].scope" in done.err, done


def test_a_default_day_without_a_time_is_named_where_it_is_written(tmp_path: Path) -> None:
    """Every post fails, even one with its own date; the error names the configuration's
    line and what to write, in a whole-site run and for one file; `list` publishes none."""
    from tests.inputkit import pressbot

    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    config = 'title: T\ndefaults:\n  - scope: {path: ""}\n    values:\n      date: 2024-02-03\n'
    (root / "_config.yml").write_text(config, encoding="utf-8")
    (root / "_posts" / "2024-01-01-a.md").write_text("---\ntitle: A\n---\n")
    (root / "_posts" / "2024-01-02-b.md").write_text("---\ntitle: B\ndate: 2024-01-02\n---\n")
    for args in ((), ("_posts/2024-01-02-b.md",)):
        done = pressbot("check", "--site", str(root), *[str(root / a) for a in args])
        lines = [line for line in done.out.splitlines() if "error jekyll/defaults" in line]
        assert len(lines) == (2 if not args else 1), done
        assert "_posts/2024-01-02-b.md:1:1: error jekyll/defaults" in done.out, done
        assert "`defaults[0].values.date` (_config.yml:5:7)" in lines[-1], done
        assert 'write it in quotes ("2024-02-03") or give a time' in lines[-1], done
    listed = pressbot("list", "--site", str(root))
    assert "0 published" in listed.out and listed.out.count("not published (invalid)") == 2
