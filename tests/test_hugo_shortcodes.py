"""`hugo/shortcode` against real Hugo 0.111: a body whose shortcodes stop `hugo` is flagged
where Hugo says, and its near misses, which Hugo builds, are not."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from bot.hugo.shortcodes import template_inner
from tests.conftest import write_site
from tests.inputkit import pressbot

CONFIG = 'baseURL = "https://e.org/"\ntitle = "t"\n'
SITE = {
    "layouts/_default/single.html": "S:{{ .Content }}",
    "layouts/_default/list.html": "L",
    "layouts/shortcodes/plain.html": "plain {{ .Get 0 }}",
    "layouts/shortcodes/box.html": "<div>{{ .Inner }}</div>",
    "layouts/shortcodes/docs/note.html": "{{ $.InnerDeindent | markdownify }}",
    "themes/t/layouts/shortcodes/themed.html": "{{/* .Inner is not used */}}themed",
    "content/posts/other.md": "---\ntitle: Other\n---\nx\n",
    "content/posts/bun/index.md": "---\ntitle: Bundle\n---\nx\n",
    "content/docs/guide.md": "---\ntitle: Guide\n---\nx\n",
}
STOPS = [
    'Embed: {{< mywidget id="3" >}}',
    "Code: {{< highlight go >}} x := 1",
    '```\n{{< tweets user="x" >}} is how you embed\n```',
    "<!-- {{< mywidget >}} -->",
    "{{% nope %}}",
    "{{< plain />}}",
    "{{< plain >}}x{{< /plain >}}",
    "{{< box >}}{{< nope >}}{{< /box >}}",
    "{{< box >}}a{{< /box >}} and {{< box >}}",
    "{{< box >}}a{{< /plain >}}",
    "{{< docs/note >}}",
    "{{< plain https://e.org >}}",
    "{{< plain a=b c >}}",
    "{{< >}}",
    "{{< plain ",
    "{{</* plain >}}",
    "{{< plain.x >}}",
    '{{< plain a="1\n" >}}',
    'See [x]({{< ref "missing.md" >}}).',
    '{{< relref "missing" >}}',
    '{{< ref "/docs/nope.md#part" >}}',
    '{{< ref path="missing.md" >}}',
    "{{< ref >}}",
]
BUILDS = [
    "{{</* mywidget */>}}",
    '```\n{{</* tweets user="x" */>}}\n```',
    "{{< highlight go />}}",
    '{{< highlight go "linenos=table" >}}\nx := 1\n{{< / highlight >}}',
    '{{< plain "a b" `c d` e 3.5 >}} {{< plain x=1 y="2" >}}',
    "{{< box >}}{{< box >}}in{{< /box >}}{{< /box >}}",
    "{{% box %}}*a*{{% /box %}}",
    "{{< docs/note >}}a{{< /docs/note >}}",
    "{{< themed >}}",
    "{{< x.inline >}}hi{{< /x.inline >}}",
    "{{{< plain >}}} {{ not a shortcode }}",
    '{{< plain\n  a="1"\n  b="2" >}}',
    '{{< ref "other.md" >}} {{< ref "/posts/other.md" >}} {{< relref "posts/other" >}}',
    '{{< ref "OTHER.MD#x" >}} {{< ref "./other.md" >}} {{< ref "../posts/other.md" >}}',
    '{{< ref "bun" >}} {{< ref "/posts/bun/index.md" >}} {{< ref "guide" >}}',
    '{{< ref "docs/guide.md" >}} {{< ref "/docs/" >}} {{< ref "/" >}} {{< ref "#top" >}}',
    '{{< ref path="other.md" >}} {{< ref "/tags/" >}}',
    '```\n{{</* ref "missing.md" */>}}\n```',
]


def build(root: Path) -> tuple[int, str]:
    done = subprocess.run(
        ["hugo", "-d", str(root.parent / "public")],
        cwd=root,
        capture_output=True,
        text=True,
    )
    return done.returncode, done.stderr + done.stdout


def findings(root: Path) -> list[dict[str, object]]:
    run = pressbot("check", "--format", "json", "--select", "hugo/shortcode", cwd=root)
    assert run.code in (0, 1) and "Traceback" not in run.err, run
    found: list[dict[str, object]] = json.loads(run.out)["findings"]
    return found


def page_site(tmp_path: Path, body: str, config: str = CONFIG + 'theme = "t"\n') -> Path:
    files = {**SITE, "hugo.toml": config, "content/posts/a.md": f"---\ntitle: A\n---\n{body}\n"}
    return write_site(tmp_path / "site", files)


@pytest.mark.parametrize("body", STOPS)
def test_a_shortcode_that_stops_hugo_is_flagged_where_hugo_says(
    body: str, tmp_path: Path, hugo_oracle: None
) -> None:
    root = page_site(tmp_path, body)
    code, err = build(root)
    assert code != 0, err
    found = findings(root)
    assert [f["rule"] for f in found] == ["hugo/shortcode"], found
    assert "build stops" in str(found[0]["message"])
    where = re.search(r"a\.md:(\d+):(\d+)", err)
    assert where is not None
    if where.groups() != ("1", "1"):  # (Hugo places its lexer's errors at the file's start)
        assert (found[0]["line"], found[0]["column"]) == tuple(map(int, where.groups())), err


@pytest.mark.parametrize("body", BUILDS)
def test_a_shortcode_hugo_builds_is_not_flagged(
    body: str, tmp_path: Path, hugo_oracle: None
) -> None:
    root = page_site(tmp_path, body)
    code, err = build(root)
    assert code == 0, err
    assert findings(root) == []


@pytest.mark.parametrize(
    "front", ["draft: true", "expiryDate: 2001-01-01", "publishDate: 2999-01-01"]
)
def test_a_page_hugo_does_not_build_is_not_read(
    front: str, tmp_path: Path, hugo_oracle: None
) -> None:
    root = page_site(tmp_path, "")
    (root / "content/posts/a.md").write_text(f"---\ntitle: A\n{front}\n---\n{{{{< nope >}}}}\n")
    assert build(root)[0] == 0
    assert findings(root) == []


def test_a_page_without_front_matter_is_read(tmp_path: Path, hugo_oracle: None) -> None:
    root = page_site(tmp_path, "")
    (root / "content/posts/a.md").write_text("Text {{< nope >}}\n")
    code, err = build(root)
    assert code != 0 and "a.md:1:6" in err, err
    found = findings(root)
    assert [(f["line"], f["column"]) for f in found] == [(1, 6)]


def test_a_site_with_modules_reports_no_unknown_shortcode(tmp_path: Path) -> None:
    config = CONFIG + '[module]\n[[module.imports]]\npath = "github.com/x/shortcodes"\n'
    root = page_site(tmp_path, "{{< fromamodule >}} {{< highlight go >}}", config)
    assert findings(root) == []


def test_list_still_shows_the_page_as_published(tmp_path: Path) -> None:
    """The build stops, which is a `check` error: the page itself is published."""
    root = page_site(tmp_path, "{{< mywidget >}}")
    run = pressbot("list", "--format", "json", cwd=root)
    posts = json.loads(run.out)["posts"]
    mine = [(p["published"], p["reason"]) for p in posts if p["path"] == "content/posts/a.md"]
    assert mine == [(True, None)]


@pytest.mark.parametrize(
    ("template", "inner"),
    [
        ("{{ .Inner }}", True),
        ("{{ with .InnerDeindent }}{{ . }}{{ end }}", True),
        ("{{ $.Inner | markdownify }}", True),
        ("{{ .Get 0 }}", False),
        ("{{/* .Inner */}}x", False),
        ('{{ print ".Inner" }}', None),
    ],
)
def test_a_template_uses_inner_as_hugo_reads_it(template: str, inner: bool | None) -> None:
    assert template_inner(template) is inner


def test_deeply_nested_shortcodes_end_in_no_traceback(tmp_path: Path) -> None:
    root = page_site(tmp_path, "{{< box >}}" * 5000)
    run = pressbot("check", "--select", "hugo/shortcode", cwd=root)
    assert run.code == 0 and "Traceback" not in run.err, run


def test_a_missing_ref_is_no_error_where_hugo_only_warns(tmp_path: Path, hugo_oracle: None) -> None:
    config = CONFIG + 'refLinksErrorLevel = "WARNING"\n'
    root = page_site(tmp_path, '{{< ref "missing.md" >}}', config)
    code, err = build(root)
    assert code == 0 and "REF_NOT_FOUND" in err, err
    assert findings(root) == []
