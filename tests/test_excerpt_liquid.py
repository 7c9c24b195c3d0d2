"""`jekyll/excerpt-liquid`: a post whose excerpt (its body up to `excerpt_separator`, with
end tags added only for blocks whose name has none in it) stops the build where the excerpt
is shown. Compared with real Jekyll on generated posts, on a site whose layout shows
`page.excerpt`; a site that shows no excerpt builds (hence a warning).
"""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

import pytest

from bot.jekyll_liquid import excerpt_source
from bot.linter import check_posts
from bot.post import read_post
from bot.site import load_site
from tests.conftest import write_site

RULE = "jekyll/excerpt-liquid"
BLOCKS = [
    ("{% if true %}{% if true %}x{% endif %}", "{% endif %}"),
    ("{% for i in (1..2) %}{% for j in (1..2) %}{% endfor %}", "{% endfor %}"),
    ("{% if true %}", "{% endif %}"),
    ("{%- unless false -%}", "{%- endunless -%}"),
    ("{% raw %}{% if %}", "{% endraw %}"),
    ("{% comment %}x", "{% endcomment %}"),
    ("{% capture c %}{% if true %}", "{% endif %}{% endcapture %}"),
    ("{% if true %}{% unless false %}{% endunless %}", "{% endif %}"),
    ("", ""),
]
BLOCKS += BLOCKS[:2] * 2
"""Blocks opened before a separator and closed after it; nested blocks of one name with one
closed before it leave the other open in the excerpt."""
MIDDLES = ["\n\n", "\n\n", "\n\n", "\n\n", "<!--more-->", "\n", "[x]\n\n[x]: /y\n"]
ENDS = ["", "", "\n\nmore", "{{ page.title }}", "{% if true %}"]
SEPARATORS = [None, None, None, None, None, "<!--more-->", '""', "'\\n'"]


def generate(seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    opening, closing = rng.choice(BLOCKS)
    body = f"{opening}a{rng.choice(MIDDLES)}b{closing}{rng.choice(ENDS)}"
    config = "title: T\ndefaults: [{scope: {path: ''}, values: {layout: show}}]\n"
    separator = rng.choice(SEPARATORS)
    front = ""
    if separator is not None:
        if rng.random() < 0.5:
            config += f"excerpt_separator: {separator}\n"
        else:
            front = f"excerpt_separator: {separator}\n"
    return {
        "_config.yml": config,
        "_layouts/show.html": "{{ page.excerpt }}|{{ content }}\n",
        "_posts/2020-01-01-a.md": f"---\ntitle: A\n{front}---\n{body}\n",
    }


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def jekyll_error(root: Path, out: Path) -> str | None:
    done = subprocess.run(
        ["jekyll", "build", "-s", root, "-d", out], capture_output=True, text=True, timeout=300
    )
    if done.returncode == 0:
        return None
    return _ANSI.sub("", done.stdout + done.stderr)


def findings(root: Path) -> set[str]:
    result = check_posts(load_site(root), None, jobs=1)
    return {f.rule for f in result.findings if f.rule in (RULE, "jekyll/liquid")}


@pytest.mark.usefixtures("jekyll_oracle")
@pytest.mark.parametrize("seed", range(60))
def test_the_excerpts_flagged_are_those_that_stop_jekyll(tmp_path: Path, seed: int) -> None:
    root = write_site(tmp_path / "site", generate(seed))
    error = jekyll_error(root, tmp_path / "built")
    rules = findings(root)
    if error is None:
        assert rules == set()
    elif "#excerpt" in error:
        assert rules == {RULE}, error
    else:
        assert "jekyll/liquid" in rules, error


def test_the_generated_posts_break_their_excerpts_often(tmp_path: Path) -> None:
    flagged = sum(
        RULE in findings(write_site(tmp_path / f"s{seed}", generate(seed))) for seed in range(60)
    )
    assert flagged >= 6


@pytest.mark.usefixtures("jekyll_oracle")
def test_a_site_that_shows_no_excerpt_builds(tmp_path: Path) -> None:
    files = generate(0)
    files["_posts/2020-01-01-a.md"] = (
        "---\ntitle: A\n---\n{% if true %}{% if true %}a{% endif %}\n\nb{% endif %}\n"
    )
    del files["_layouts/show.html"]
    files["_config.yml"] = "title: T\n"
    root = write_site(tmp_path, files)
    assert jekyll_error(root, tmp_path / "built") is None
    result = check_posts(load_site(root), None, jobs=1)
    assert [(f.rule, f.severity, f.line, f.column) for f in result.findings] == [
        (RULE, "warning", 4, 1)
    ]


@pytest.mark.parametrize(
    ("body", "front", "config", "excerpt"),
    [
        ("a\n\nb", "", "", "a"),
        ("a\n\nb", "excerpt_separator: ''\n", "", None),
        ("a\n\nb", "", "excerpt_separator: ''\n", None),
        ("a b", "", "", None),
        ("a\n\nb", "excerpt: mine\n", "", None),
        ("a\n\nb", "excerpt: false\n", "", "a"),
        ("a<!--more-->b\n\nc", "", "excerpt_separator: <!--more-->\n", "a"),
        ("{% if x %}a\n\nb{% endif %}", "", "", "{% if x %}a\n{% endif %}"),
        ("{% if x %}{% if y %}a{% endif %}\n\nb{% endif %}", "", "", None),
        ("{% for i in x %}{% if y %}\n\nb", "", "", "{% for i in x %}{% if y %}\n{% endif %}"),
        ("see [x]\n\n[x]: /y\n", "", "", "see [x]\n\n[x]: /y"),
    ],
)
def test_the_excerpt_is_jekylls(
    tmp_path: Path, body: str, front: str, config: str, excerpt: str | None
) -> None:
    root = write_site(
        tmp_path, {"_config.yml": config or "title: T\n", "_posts/2020-01-01-a.md": ""}
    )
    (root / "_posts/2020-01-01-a.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    site = load_site(root)
    got = excerpt_source(read_post(site, root / "_posts/2020-01-01-a.md"), site)
    if body.startswith("{% if x %}{% if y %}"):
        assert got == "{% if x %}{% if y %}a{% endif %}"  # an `endif` is there: none added
    elif body.startswith("{% for"):
        assert got == "{% for i in x %}{% if y %}\n{% endif %}\n{% endfor %}"
    else:
        assert got == excerpt
