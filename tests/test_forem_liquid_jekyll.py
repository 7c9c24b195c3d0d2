"""The Liquid conversion against a real `jekyll build`: the same text for every value, and
the same URLs (made absolute) for `post_url`, `link` and the URL filters."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from bot.publish.liquid import SiteLinks, context_for, render
from bot.publish.targets.base import PostPayload

SNIPPETS = {
    "post": "{% post_url 2020-01-01-first %}",
    "post-nested": "{% post_url news/2020-02-02-nested %}",
    "link-post": "{% link _posts/2020-01-01-first.md %}",
    "link-page": "{% link about.md %}",
    "link-index": "{% link docs/index.md %}",
    "link-permalink": "{% link contact.html %}",
    "link-static": "{% link assets/a b.png %}",
    "relative": "{{ '/img/x.png' | relative_url }}",
    "absolute": "{{ 'img/x.png' | absolute_url }}",
    "values": "{{ site.title }}|{{ site.url }}{{ site.baseurl }}|{{ site.missing }}",
    "page": "{{ page.title }}|{{ page.url }}|{{ page.subtitle }}|{{ page.draft }}",
    "raw": "{% raw %}{{ x }} {% if %}{% endraw %}",
    "comment": "a{% comment %}x{% comment %}y{% endcomment %}z{% endcomment %}b",
    "strip": "a  {{- site.title -}}  b {%- raw -%} c {% endraw -%} d",
    "highlight": "{% highlight python %}\n\nx = '{{ site.title }}' < 1\n\n{% endhighlight %}",
}
URLS = {"post", "post-nested", "link-post", "link-page", "link-index", "link-permalink"}
URLS |= {"link-static", "relative"}


pytestmark = pytest.mark.usefixtures("jekyll_oracle")


def make_site(root: Path, permalink: str) -> None:
    body = "\n".join(f"<<<{name}:{text}>>>" for name, text in SNIPPETS.items())
    files = {
        "_config.yml": "title: My blog\nurl: https://blog.example.org\nbaseurl: /blog\n"
        f"permalink: {permalink}\ntimezone: UTC\n",
        "_posts/2020-01-01-first.md": "---\ntitle: First\n---\nx\n",
        "news/_posts/2020-02-02-nested.md": "---\ntitle: Nested\n---\nx\n",
        "about.md": "---\ntitle: About\n---\nx\n",
        "docs/index.md": "---\ntitle: Docs\n---\nx\n",
        "contact.html": "---\npermalink: /write-to-us/\n---\nx\n",
        "assets/a b.png": "PNG",
        "_posts/2020-03-03-oracle.html": "---\nlayout: null\ntitle: Oracle\ndraft: false\n---\n"
        + body
        + "\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def jekyll_values(root: Path, dest: Path) -> dict[str, str]:
    done = subprocess.run(
        ["jekyll", "build", "--quiet", "--safe", "-s", str(root), "-d", str(dest)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    [page] = [p for p in dest.rglob("*") if p.is_file() and "oracle" in str(p)]
    text = page.read_text(encoding="utf-8")
    return dict(re.findall(r"<<<([\w-]+):(.*?)>>>", text, re.S))


@pytest.mark.parametrize("permalink", ["date", "pretty"])
def test_conversion_agrees_with_jekyll(tmp_path: Path, permalink: str) -> None:
    root = tmp_path / "site"
    make_site(root, permalink)
    theirs = jekyll_values(root, tmp_path / "built")
    links = SiteLinks(root)
    [oracle] = [
        info for rel, info in links.posts().items() if rel.endswith("2020-03-03-oracle.html")
    ]
    post = PostPayload(
        id="_posts/2020-03-03-oracle",
        path="_posts/2020-03-03-oracle.html",
        url=oracle.url,
        title="Oracle",
        front_matter={"layout": None, "title": "Oracle", "draft": False},
    )
    ctx = context_for(post, links)
    assert set(theirs) == set(SNIPPETS)
    for name, text in SNIPPETS.items():
        expected = theirs[name]
        if name == "highlight":  # Jekyll's HTML, ours a fence: the same language and code
            lang, code = re.search(r'data-lang="(\w+)">(.*?)</code>', expected, re.S).groups()
            expected = f"```{lang}\n{html.unescape(re.sub('<[^>]+>', '', code)).strip()}\n```"
        if name in URLS:
            expected = "https://blog.example.org" + expected  # made absolute for the target
        assert render(text, ctx) == expected, name
