"""Jekyll Liquid is converted for Forem, or the post is blocked: it never leaves raw.

Tables for the conversion (`render`), for what Forem must not run (`protect_for_forem`)
and for what blocks a post; then whole runs against the fake Forem with a real site.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest

from bot.publish.liquid import (
    Context,
    LiquidError,
    SiteLinks,
    protect_for_forem,
    render,
)
from tests.fakeforem import API_KEY, FakeForem
from tests.publishkit import World

BASE = "https://blog.example.org/blog"


class TableLinks:
    """The site's URLs for the tables: two posts and a page (site-relative, as Jekyll's)."""

    jekyll: ClassVar[dict[str, object]] = {}

    def post_url(self, name: str) -> str | None:
        return {
            "2020-01-01-first": "/2020/01/01/first.html",
            "sub/2020-02-02-nested": "/sub/2020/02/02/nested.html",
        }.get(name.lstrip("/"))

    def link(self, path: str) -> str | None:
        return {"about.md": "/about.html", "assets/a.png": "/assets/a.png"}.get(path.lstrip("/"))


def ctx() -> Context:
    site = {"url": "https://blog.example.org", "baseurl": "/blog", "title": "My blog", "n": 3}
    page = {"title": "Hello", "url": "/2024/01/02/hello.html", "tags": ["a"], "draft": False}
    return Context(base=BASE, site=site, page=page, links=TableLinks())


CONVERTED = [
    ("plain text, no Liquid", "plain text, no Liquid"),
    ("a {% raw %}{{ x }} {% if %}{% endraw %} b", "a {{ x }} {% if %} b"),
    ("{% raw %}\n{% endraw %}", "\n"),
    ("> {%- raw -%}{{ test }}{% endraw -%} <", ">{{ test }}<"),
    ("{%raw%}{{{%endraw%}", "{{"),
    ("a{% comment %} hidden {% if x %} {% endcomment %}b", "ab"),
    ("a{% comment %}1{% comment %}2{% endcomment %}3{% endcomment %}b", "ab"),
    ("a {% # a note %}b", "a b"),
    (
        "Code:\n{% highlight python %}\nprint(1)\n{% endhighlight %}\nafter",
        "Code:\n```python\nprint(1)\n```\nafter",
    ),
    (
        "{% highlight ruby linenos %}\n\nputs 1\n\n{% endhighlight %}",
        "```ruby\nputs 1\n```",
    ),
    ("x {% highlight sh %}ls{% endhighlight %} y", "x \n```sh\nls\n```\n y"),
    (
        "{% highlight md %}\n```js\n{% endhighlight %}",
        "~~~md\n```js\n~~~",
    ),
    (
        "{% highlight md %}\n```\n~~~\n{% endhighlight %}",
        "````md\n```\n~~~\n````",
    ),
    (
        "{% highlight liquid %}\n{% raw %}{{ x }}{% endraw %} {{ site.title }}\n{% endhighlight %}",
        "```liquid\n{{ x }} My blog\n```",
    ),
    ("[first]({% post_url 2020-01-01-first %})", f"[first]({BASE}/2020/01/01/first.html)"),
    ("{% post_url /sub/2020-02-02-nested %}", f"{BASE}/sub/2020/02/02/nested.html"),
    ("{%\tpost_url\n 2020-01-01-first\t%}", f"{BASE}/2020/01/01/first.html"),
    ("{%raw%}{{{%endraw%}{% highlight\tsh %}x{% endhighlight %}", "{{\n```sh\nx\n```"),
    ("[about]({% link about.md %})", f"[about]({BASE}/about.html)"),
    ("![a]({% link /assets/a.png %})", f"![a]({BASE}/assets/a.png)"),
    ("{{ site.url }}{{ site.baseurl }}/x", "https://blog.example.org/blog/x"),
    ("{{site.title}} / {{ page.title }}", "My blog / Hello"),
    ("{{ site.n }} {{ page.draft }} [{{ site.missing }}] [{{ page.subtitle }}]", "3 false [] []"),
    ("{{ '/img/a.png' | relative_url }}", f"{BASE}/img/a.png"),
    ('{{ "img/a.png" | absolute_url }}', f"{BASE}/img/a.png"),
    ("{{ page.url | absolute_url }}", f"{BASE}/2024/01/02/hello.html"),
    ("{{ 'https://x.example/a' | absolute_url }}", "https://x.example/a"),
    ("a  {{- site.title -}}  b", "aMy blogb"),
    ("a }} b %} c", "a }} b %} c"),
]


@pytest.mark.parametrize(("body", "expected"), CONVERTED)
def test_jekyll_liquid_is_converted(body: str, expected: str) -> None:
    assert render(body, ctx()) == expected


BLOCKED = [
    ("{% include note.html %}", "{% include %} cannot be converted"),
    ("{% if x %}a{% endif %}", "{% if %} cannot be converted"),
    ("{% assign x = 1 %}", "{% assign %} cannot be converted"),
    ("{% gist 123 %}", "{% gist %} cannot be converted"),
    ("{% endif %}", "{% endif %} closes nothing"),
    ("a\nb {% raw %} never closed", "{% raw %} is never closed (body line 2)"),
    ("{% raw %}x{%- endraw %}", "{% raw %} is never closed"),
    ("{% comment %} never closed", "{% comment %} is never closed"),
    ("{% highlight py %}\nx", "{% highlight %} is never closed"),
    ("{% highlight %}x{% endhighlight %}", "no language"),
    ("{% highlight a;b %}x{% endhighlight %}", "no language"),
    ("{% post_url 2020-09-09-missing %}", "no such published post"),
    ("{% post_url {{ page.x }} %}", "must be written out"),
    ("{% link nope.md %}", "no such file of the site"),
    ("{% link %}", "must be written out"),
    ("{{ page.tags }}", "not plain text"),
    ("{{ page.date }}", "not plain text"),
    ("{{ site.time }}", "not plain text"),
    ("{{ site.posts }}", "not plain text"),
    ("{{ page.slug }}", "not plain text"),
    ("{{ page.excerpt }}", "not plain text"),
    ("{{ site.title | upcase }}", "filter 'upcase'"),
    ("{{ site.data.x }}", "cannot be converted"),
    ("{{ x }}", "cannot be converted"),
    ("{{ }}", "not a complete Liquid output"),
    ("text {{ unclosed", "not a complete Liquid output"),
    ("text {% unclosed", "is not closed"),
]


@pytest.mark.parametrize(("body", "reason"), BLOCKED)
def test_liquid_that_cannot_be_converted_blocks(body: str, reason: str) -> None:
    with pytest.raises(LiquidError, match=None) as info:
        render(body, ctx())
    assert reason in str(info.value)


def test_site_urls_need_the_site_url() -> None:
    with pytest.raises(LiquidError, match="needs the site's `url`"):
        render("{% post_url 2020-01-01-first %}", Context(links=TableLinks()))


PROTECTED = [
    ("no liquid here", "no liquid here"),
    ("a {{ x }} b", "a {% raw %}{{{% endraw %} x }} b"),
    ("{% if %}", "{% raw %}{%{% endraw %} if %}"),
    ("a {{{ b", "a {% raw %}{{{% endraw %}{ b"),
    ("`{{ x }}` and ``{% y %}``", "`{{ x }}` and ``{% y %}``"),
    (
        "```\n{{ x }}\n{% endraw %}\n```\n{{ y }}",
        "```\n{{ x }}\n{% endraw %}\n```\n{% raw %}{{{% endraw %} y }}",
    ),
    ("~~~\n{% if %}\n~~~", "~~~\n{% if %}\n~~~"),
    ("    indented {{ x }}", "    indented {% raw %}{{{% endraw %} x }}"),
    ("<code>\n{{ x }}\n</code>", "\n```\n\n{{ x }}\n\n```\n"),
    ("<pre>\n<code>\n{{ x }}\n</code>", "<pre>\n<code>\n{% raw %}{{{% endraw %} x }}\n</code>"),
    ('`<img src="data:x">`', '`<img src="data:x">`'),
]


@pytest.mark.parametrize(("text", "expected"), PROTECTED)
def test_what_forem_would_run_is_shown_as_written(text: str, expected: str) -> None:
    assert protect_for_forem(text) == expected


@pytest.mark.parametrize("code", ["`{%endraw%}`", "```\n{%- endraw %}\n```", "`{%  endraw %}`"])
def test_code_forem_cannot_show_blocks(code: str) -> None:
    with pytest.raises(LiquidError, match="Forem cannot show"):
        protect_for_forem(code)


@pytest.mark.parametrize(
    "text",
    ['<img src="data:image/png;base64,x">', "<img src='&#106;avascript'>", "DATA:TEXT/HTML,x"],
)
def test_what_forem_refuses_outside_code_blocks(text: str) -> None:
    with pytest.raises(LiquidError, match="Forem refuses"):
        protect_for_forem("intro\n" + text)


# -- whole runs: a real site, the fake Forem ----------------------------------------------

ENV = {"DEVTO_API_KEY": API_KEY}
FOREM = {"timeout": 30, "retries": 2, "backoff": 0.01, "max_wait": 1}


def site_world(tmp_path: Path, forem: FakeForem) -> World:
    world = World(
        tmp_path, targets=[{"name": "dev", "type": "devto", "api_url": forem.url, **FOREM}]
    )
    world.write("2024-01-01-first.md", "First")
    world.write_raw("about.md", "---\ntitle: About\n---\nAbout me.\n")
    world.write_raw("assets/diagram.png", "PNG")
    world.commit("first, about")
    world.push()
    return world


BODY = """See [the first post]({% post_url 2024-01-01-first %}), [about]({% link about.md %})
and ![a diagram]({{ "/assets/diagram.png" | relative_url }}).

{% highlight python %}
print("{{ site.title }}")
{% endhighlight %}

Liquid as text: {% raw %}{{ page.title }}{% endraw %}"""


def test_post_with_liquid_is_sent_converted(tmp_path: Path, forem: FakeForem) -> None:
    world = site_world(tmp_path, forem)
    world.write_raw("_config.yml", "title: Test site\nurl: https://blog.example.org\n")
    world.write("2024-01-02-hello.md", "Hello", body=BODY)
    world.commit("hello")
    world.push()
    code, out = world.publish(env=ENV)
    assert code == 0, out
    [article] = [a for a in forem.articles.values() if a["title"] == "Hello"]
    assert article["body_markdown"] == (
        "See [the first post](https://blog.example.org/2024/01/01/first.html), "
        "[about](https://blog.example.org/about.html)\n"
        "and ![a diagram](https://blog.example.org/assets/diagram.png).\n\n"
        '```python\nprint("Test site")\n```\n\n'
        "Liquid as text: {% raw %}{{{% endraw %} page.title }}\n"
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("{% include note.html %}", "{% include %} cannot be converted"),
        ("{{ page.date }}", "not plain text"),
    ],
)
def test_post_with_liquid_that_cannot_be_converted_is_blocked(
    tmp_path: Path, forem: FakeForem, body: str, reason: str
) -> None:
    world = site_world(tmp_path, forem)
    world.write_raw("_includes/note.html", "A note.\n")
    world.write("2024-01-02-hello.md", "Hello", body=body)
    world.commit("hello")
    world.push()
    code, out = world.publish(env=ENV)
    assert code == 1 and "not sent to Forem" in out and reason in out, out
    assert [a for a in forem.articles.values() if a["title"] == "Hello"] == []
    entry = world.ledger()["deliveries"]["dev"]["_posts/2024-01-02-hello"]
    assert entry["state"] == "dead"


@pytest.mark.parametrize(
    "body",
    [
        "{% include note.html %}",
        "[x]({% post_url 2023-01-01-gone %})",
        "[x]({% link missing.md %})",
        "{% raw %} open",
    ],
)
def test_post_whose_liquid_stops_jekyll_is_blocked_before_any_target(
    tmp_path: Path, forem: FakeForem, body: str
) -> None:
    world = site_world(tmp_path, forem)
    world.write("2024-01-02-hello.md", "Hello", body=body)
    world.commit("hello")
    world.push()
    code, out = world.publish(env=ENV)
    assert code == 0 and "jekyll/liquid" in out and " 1 blocked" in out, out
    assert [a for a in forem.articles.values() if a["title"] == "Hello"] == []


def test_render_with_liquid_false_is_sent_as_written_and_shown_as_written(
    tmp_path: Path, forem: FakeForem
) -> None:
    world = site_world(tmp_path, forem)
    world.write("2024-01-02-hello.md", "Hello", body="{% include x %}", render_with_liquid=False)
    world.commit("hello")
    world.push()
    assert world.publish(env=ENV)[0] == 0
    [article] = [a for a in forem.articles.values() if a["title"] == "Hello"]
    assert article["body_markdown"] == "{% raw %}{%{% endraw %} include x %}\n"


def test_site_links_follow_jekyll(tmp_path: Path) -> None:
    root = tmp_path / "site"
    files = {
        "_config.yml": "url: https://blog.example.org\npermalink: pretty\n",
        "_posts/2020-01-01-first.md": "---\ntitle: First\n---\nx\n",
        "news/_posts/2020-02-02-nested.md": "---\ntitle: Nested\n---\nx\n",
        "_posts/2020-03-03-hidden.md": "---\ntitle: Hidden\npublished: false\n---\nx\n",
        "_posts/2020-04-04-v1.2.md": "---\ntitle: Dotted\n---\nx\n",
        "about.md": "---\ntitle: About\n---\nx\n",
        "docs/index.md": "---\ntitle: Docs\n---\nx\n",
        "contact.html": "---\npermalink: /write-to-us/\n---\nx\n",
        "assets/a b.png": "PNG",
        "_data/x.yml": "a: 1\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    links = SiteLinks(root)
    assert links.post_url("2020-01-01-first") == "/2020/01/01/first/"
    assert links.post_url("news/2020-02-02-nested") == "/news/2020/02/02/nested/"
    assert links.post_url("2020-03-03-hidden") is None
    assert links.post_url("2020-04-04-v1.2") == "/2020/04/04/v1.2/"
    assert links.post_url("2020-04-04-v1") == "/2020/04/04/v1.2/"  # Jekyll's match, too
    with pytest.raises(LiquidError, match="expected a post's name"):
        links.post_url("hello")
    assert links.post_url("a/" * 20_000 + "2020-01-01-first") is None  # linear, no match
    with pytest.raises(LiquidError, match="expected a post's name"):
        links.post_url("a/" * 20_000 + "x")
    assert links.link("_posts/2020-01-01-first.md") == "/2020/01/01/first/"
    assert links.link("about.md") == "/about/"
    assert links.link("docs/index.md") == "/docs/"
    assert links.link("contact.html") == "/write-to-us/"
    assert links.link("assets/a b.png") == "/assets/a%20b.png"
    for missing in ("_data/x.yml", "../etc/passwd", "nope.md", "assets"):
        assert links.link(missing) is None


# -- hostile bodies: bounded work, a reason, never a hang or a crash ----------------------

HOSTILE = [
    " " * 200_000,
    "{{" * 100_000,
    "{%" * 100_000,
    "```\n" * 50_001,
    "` " * 100_001,
    "{{ " + " " * 100_000 + "x}",
    "{% highlight a %}" * 5_000,
    "{% comment %}" * 20_000 + "{% endcomment %}" * 20_000,
    "{% post_url " + "a/" * 20_000 + "x %}",
    "{% raw %}x{% endraw %}" * 50_000,
]


@pytest.mark.parametrize("body", HOSTILE, ids=lambda b: f"{b[:12]!r}x{len(b)}")
def test_hostile_bodies_take_bounded_time(body: str) -> None:
    import time

    started = time.monotonic()
    try:
        protect_for_forem(render(body, ctx()))
    except LiquidError as exc:
        assert "body line" in str(exc)
    assert time.monotonic() - started < 30  # quadratic work would take hours here


def test_highlight_inside_highlight_is_blocked_not_recursed() -> None:
    with pytest.raises(LiquidError, match="inside"):
        render("{% highlight a %}" * 5_000, ctx())


def test_numbers_ruby_would_print_differently_are_blocked() -> None:
    big = Context(site={"n": 10**30, "f": 1.5})
    with pytest.raises(LiquidError, match="not plain text"):
        render("{{ site.n }}", big)
    with pytest.raises(LiquidError, match="not plain text"):
        render("{{ site.f }}", big)


def test_site_links_answer_the_same_to_parallel_deliveries(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("url: https://blog.example.org\n")
    for n in range(1, 29):
        (root / "_posts" / f"2020-02-{n:02d}-p{n}.md").write_text(f"---\ntitle: P{n}\n---\nx\n")
    links = SiteLinks(root)
    names = [f"2020-02-{n:02d}-p{n}" for n in range(1, 29)] * 4
    with ThreadPoolExecutor(8) as pool:
        urls = list(pool.map(links.post_url, names))
    assert urls == [f"/2020/02/{n:02d}/p{n}.html" for n in range(1, 29)] * 4
