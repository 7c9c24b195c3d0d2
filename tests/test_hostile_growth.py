"""Hostile input costs time linear in its size: four times the input must not cost sixteen
times as much (the mark of quadratic work).

Each case times the same work at two sizes, the best of three runs each, in CPU time of
this process (which other processes on a busy machine do not add to), with the garbage
collector paused: its passes cost time in proportion to
everything the test process holds (a whole suite's objects), not to the input. A large run under
`FLOOR` is below what the timer can compare and
passes; the sizes are chosen so that quadratic work takes far longer than that.
`bench/hostile_bench.py` prints the same figures at larger sizes.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

from bot.jekyll import describe
from bot.linter import check_posts, drop_covered
from bot.post import read_post
from bot.problem import Finding
from bot.rules.jekyll import duplicate_urls
from bot.site import load_site
from bot.site_index import PostUrl
from tests.conftest import write_site

FLOOR = 0.05
"""Seconds: a large run faster than this passes whatever the ratio."""


def best_of_3(work: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            work()
            times.append(time.process_time() - start)
        finally:
            gc.enable()
    return min(times)


def assert_linear(work_for: Callable[[int], Callable[[], object]], size: int) -> None:
    small = best_of_3(work_for(size))
    large = best_of_3(work_for(4 * size))
    assert large < FLOOR or large < 8 * small, f"x4 input: {small:.4f}s -> {large:.4f}s"


def check_site(root: Path) -> Callable[[], object]:
    """A whole `check` of the site, from a fresh load (no memo carried between runs)."""
    return lambda: check_posts(load_site(root), jobs=1)


def test_long_date_strings(tmp_path: Path) -> None:
    def work_for(size: int) -> Callable[[], object]:
        spaces = " " * size
        root = write_site(
            tmp_path / str(size),
            {
                "_posts/2024-01-03-a.md": f'---\ndate: "2024-01-03 10:00{spaces}x"\n---\n',
                "_posts/2024-01-03-b.md": f'---\ndate: "January 3, 2024{spaces}x"\n---\n',
                "_posts/2024-01-03-c.md": f'---\ndate: "{spaces}2024-01-03T10:00{spaces}"\n---\n',
                "_posts/2024-01-03-d.md": f'---\nlast_modified_at: "2024-01-03{spaces}+"\n---\n',
            },
        )
        return check_site(root)

    assert_linear(work_for, 3000)


def test_categories_did_you_mean(tmp_path: Path) -> None:
    def work_for(size: int) -> Callable[[], object]:
        allowed = [f"section{i:05d}" for i in range(size // 8)]
        given = [f"topic{i:05d}x" for i in range(size)]
        root = write_site(
            tmp_path / str(size),
            {
                ".pressbot.yml": f"categories: [{', '.join(allowed)}]\ntags: [{', '.join(allowed)}]\n",
                "_posts/2024-01-03-a.md": f"---\ncategories: [{', '.join(given)}]\n---\n",
                "_posts/2024-01-03-b.md": f"---\ntags: {' '.join(given)}\n---\n",
            },
        )
        return check_site(root)

    assert_linear(work_for, 500)


def test_unknown_fields_did_you_mean(tmp_path: Path) -> None:
    def work_for(size: int) -> Callable[[], object]:
        keys = "".join(f"tittle{i}: x\n" for i in range(size))
        long_key = "t" * size
        root = write_site(
            tmp_path / str(size),
            {
                ".pressbot.yml": "unknown_fields: forbid\n",
                "_posts/2024-01-03-a.md": f"---\n{keys}{long_key}: x\n---\n",
            },
        )
        return check_site(root)

    assert_linear(work_for, 1000)


def test_body_image_links(tmp_path: Path) -> None:
    def work_for(size: int) -> Callable[[], object]:
        root = write_site(
            tmp_path / str(size),
            {
                "_posts/2024-01-03-a.md": "---\ntitle: t\n---\n" + "![a](/" * size + "\n",
                "_posts/2024-01-03-b.md": "---\ntitle: t\n---\n" + '![a](/x "' * size + "\n",
                "_posts/2024-01-03-c.md": "---\ntitle: t\n---\n](/x " + "![a" * size + "\n",
            },
        )
        return check_site(root)

    assert_linear(work_for, 400)


def test_shape_errors_of_a_long_list(tmp_path: Path) -> None:
    def work_for(size: int) -> Callable[[], object]:
        items = ", ".join(["{}"] * size)
        root = write_site(
            tmp_path / str(size), {"_posts/2024-01-03-a.md": f"---\ntags: [{items}]\n---\n"}
        )
        return check_site(root)

    assert_linear(work_for, 6000)  # past the sizes where caches, not the work, set the pace


def test_categories_from_defaults_and_front_matter(tmp_path: Path) -> None:
    def work_for(size: int) -> Callable[[], object]:
        names = ", ".join(f"c{i}" for i in range(size))
        root = write_site(
            tmp_path / str(size),
            {
                "_config.yml": f"defaults:\n  - scope: {{path: ''}}\n    values: {{categories: [{names}]}}\n",
                "_posts/2024-01-03-a.md": f"---\ncategories: [{names.replace('c', 'd')}]\n---\n",
            },
        )
        site = load_site(root)
        return lambda: describe(read_post(site, root / "_posts/2024-01-03-a.md"), site)

    assert_linear(work_for, 6000)  # past the sizes where caches, not the work, set the pace


def test_many_posts_with_one_url() -> None:
    def work_for(size: int) -> Callable[[], object]:
        entries = [PostUrl(f"_posts/2024-01-03-p{i}.md", "/same/", True) for i in range(size)]
        return lambda: duplicate_urls(entries)

    assert_linear(work_for, 1000)


def test_findings_covered_by_mojibake() -> None:
    """Characters inside a mojibake run are reported once: the filter over a line holding
    thousands of runs and thousands of other findings."""

    def work_for(size: int) -> Callable[[], object]:
        runs = [
            Finding("p.md", 1, 10 * i + 1, "encoding/mojibake", "m", end_column=10 * i + 4)
            for i in range(size)
        ]
        others = [
            Finding("p.md", 1, 10 * i + 6, "encoding/invisible-char", "z") for i in range(size)
        ]
        return lambda: drop_covered(runs + others)

    assert_linear(work_for, 1000)


def test_an_org_key_given_again_and_again() -> None:
    """Hugo keeps every value of an Org key given twice (on lines of their own): joined once,
    not once per line."""
    from bot.hugo import orgmode

    def work_for(size: int) -> Callable[[], object]:
        body = "#+K: value\n" * size
        return lambda: orgmode.decode(body)

    assert_linear(work_for, 20_000)


def test_escaped_values_under_many_keys(tmp_path: Path) -> None:
    """Each escaped value's own lines are found among thousands of keys by bisection."""
    from bot.escaped_values import values

    def work_for(size: int) -> Callable[[], object]:
        keys = "".join(f'k{i}: "a\\u202eb"\n' for i in range(size))
        root = write_site(
            tmp_path / str(size), {"_posts/2024-01-03-a.md": f"---\ntitle: t\n{keys}---\n"}
        )
        post = read_post(load_site(root), root / "_posts/2024-01-03-a.md")

        def work() -> object:
            post.memo.clear()
            return values(post)

        return work

    assert_linear(work_for, 2000)


def test_mojibake_of_characters_and_references_on_one_line(tmp_path: Path) -> None:
    """A line of thousands of garbled runs written out and thousands spelled by HTML
    references: each written one is held against the references' runs by bisection."""
    from bot.rules import mojibake

    def work_for(size: int) -> Callable[[], object]:
        line = "CafÃ© Caf&Atilde;&copy; " * size
        root = write_site(tmp_path / str(size), {"_posts/2024-01-03-a.md": f"---\n---\n{line}\n"})
        site = load_site(root)
        post = read_post(site, root / "_posts/2024-01-03-a.md")

        def work() -> object:
            post.memo.clear()
            return list(mojibake.check(post, site))

        return work

    assert_linear(work_for, 2000)


def test_a_long_dotted_toml_key(tmp_path: Path) -> None:
    """A dotted key of thousands of parts (a few KB) costs Python's TOML reader the square of
    its parts: refused, with a finding, in a page, a section's cascade and the configuration."""
    from tests.inputkit import pressbot

    key = ".".join(["a"] * 4000)
    root = write_site(
        tmp_path,
        {
            "hugo.toml": 'baseURL = "https://example.org/"\n',
            "content/posts/a.md": f'+++\ntitle = "x"\n{key} = 1\n+++\nb\n',
            "content/news/_index.md": f'+++\ntitle = "n"\n[cascade]\n{key} = 1\n+++\n',
            "content/news/b.md": '+++\ntitle = "b"\n+++\n',
        },
    )
    done = pressbot("check", cwd=root)
    assert done.code == 1, done
    assert "content/posts/a.md:2:1: error frontmatter/syntax" in done.out
    assert "a dotted key of more than 1000 parts" in done.out
    assert "content/news/_index.md" in done.out
    (root / "hugo.toml").write_text(f'baseURL = "https://example.org/"\n{key} = 1\n')
    done = pressbot("check", cwd=root)
    assert done.code == 2 and "a dotted key of more than 1000 parts" in done.err, done
    assert "Traceback" not in done.err


def test_findings_of_one_rule_in_a_file_are_capped(tmp_path: Path) -> None:
    """A post of 2,500 invisible characters lists 2,000 findings and one that counts the rest
    (each finding costs memory: a few MB of them took more than a gigabyte)."""
    from bot.linter import MAX_PER_RULE

    body = ("a\u200b" * 50 + "\n") * 50
    root = write_site(
        tmp_path,
        {"_config.yml": "title: T\n", "_posts/2024-01-01-a.md": f"---\ntitle: A\n---\n{body}"},
    )
    found = [
        f
        for f in check_posts(load_site(root), jobs=1).findings
        if f.rule.endswith("invisible-char")
    ]
    assert len(found) == MAX_PER_RULE + 1
    assert found[-1].message.startswith("and 500 more finding(s) of this rule")
    assert found[-1].fix is None
    assert [f.count for f in found] == [1] * MAX_PER_RULE + [500]


def test_the_totals_count_the_findings_past_the_cap(tmp_path: Path) -> None:
    """The summary, the count per rule, JSON and SARIF all say 2,500 findings, not 2,001."""
    import json

    from tests.inputkit import pressbot

    body = ("a\u200b" * 50 + "\n") * 50
    root = write_site(
        tmp_path,
        {"_config.yml": "title: T\n", "_posts/2024-01-01-a.md": f"---\ntitle: A\n---\n{body}"},
    )
    done = pressbot("check", cwd=root)
    assert done.code == 0, done
    assert done.out.splitlines()[-2:] == [
        "  2500  encoding/invisible-char",
        "1 file checked: 0 error(s), 2500 warning(s) (2000 of them listed one by one, the rest"
        " counted per file and rule); `pressbot rule RULE` explains a rule and how to fix it",
    ]
    findings = json.loads(pressbot("check", "--format", "json", cwd=root).out)["findings"]
    assert sum(f.get("count", 1) for f in findings) == 2500 and findings[-1]["count"] == 500
    assert "count" not in findings[0]
    sarif = json.loads(pressbot("check", "--format", "sarif", cwd=root).out)
    results = sarif["runs"][0]["results"]
    assert sum(r.get("properties", {}).get("count", 1) for r in results) == 2500


def _one_rule_on_one_line(
    tmp_path: Path, rule: str, line_for: Callable[[int], str]
) -> Callable[[int], Callable[[], object]]:
    """The work of one rule module's `check` over a post of one long line."""
    import importlib

    module = importlib.import_module(f"bot.rules.{rule}")

    def work_for(size: int) -> Callable[[], object]:
        post_file = (
            write_site(
                tmp_path / f"{rule}{size}",
                {"_posts/2024-01-03-a.md": f"---\n---\n{line_for(size)}\n"},
            )
            / "_posts/2024-01-03-a.md"
        )
        site = load_site(post_file.parents[1])
        post = read_post(site, post_file)

        def work() -> object:
            post.memo.clear()
            if rule == "encoding":
                module._mojibake_runs.cache_clear()
            return list(module.check(post, site))

        return work

    return work_for


def test_c1_controls_of_mojibake_on_one_line(tmp_path: Path) -> None:
    """Thousands of C1 controls in thousands of mojibake runs on one line: each control finds
    its run by bisection, not by a walk over every run of the line."""
    work_for = _one_rule_on_one_line(tmp_path, "encoding", lambda n: "It\x92s \x93a\x94 " * n)
    assert_linear(work_for, 1000)


def test_guessed_repairs_on_one_line(tmp_path: Path) -> None:
    """Thousands of guesses on one line (`\\x85` is "Ö" or "…"), each showing its word
    repaired: the spans inside a word are found by bisection, not by a walk over the line's."""
    assert_linear(_one_rule_on_one_line(tmp_path, "mojibake", lambda n: "\x85é" * n), 2000)


def test_mojibake_in_code_spans_on_one_line(tmp_path: Path) -> None:
    """Thousands of code spans holding mojibake on one line: the line's code spans are found
    once, not once for each run."""
    assert_linear(_one_rule_on_one_line(tmp_path, "mojibake", lambda n: "`Itâ€™s` " * n), 500)


def test_hugo_ref_shortcodes(tmp_path: Path) -> None:
    """A page of many `ref` shortcodes, found and not found: each is placed in the file
    once the body's lines are known (a count of line breaks from the start for each was
    quadratic: 50,000 took 20 s)."""

    def work_for(size: int) -> Callable[[], object]:
        refs = '{{< ref "posts/p.md" >}} {{< ref "posts/none.md" >}}\n' * size
        root = write_site(
            tmp_path / str(size),
            {
                "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "t"\n',
                "content/posts/p.md": f"---\ntitle: p\n---\n{refs}",
            },
        )
        return check_site(root)

    assert_linear(work_for, 1500)
