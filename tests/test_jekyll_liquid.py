"""`jekyll/liquid` against real Jekyll: pressbot reports an error exactly for the posts whose
body's Liquid makes `jekyll build` fail.

Each snippet is a post's body (with front matter and `_config.yml` additions for some).
pressbot checks them all; then real Jekyll builds every post pressbot passes, together in
one site per configuration (which must build), and every post pressbot flags in a site of
its own (one failure stops the build), which must fail on that post.
"""

from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.inputkit import pressbot

BASE_FILES = {
    "_includes/there.html": "there\n",
    "_includes/sub/inner.html": "inner\n",
    "_posts/2020-01-01-target.md": "---\ntitle: Target\n---\ntarget\n",
    "_posts/2999-01-01-later.md": "---\ntitle: Later\n---\nlater\n",
    "_posts/2020-01-03-hidden.md": "---\ntitle: Hidden\npublished: false\n---\nhidden\n",
    "about.md": "---\ntitle: About\n---\nabout\n",
    "assets/x.png": "png\n",
}
BOGUS = 'Liquid::Template.register_tag("bogus", Liquid::Tag)\n'
JINJA = '```html\n{% extends "base.html" %}\n{% block content %}<p>Hi</p>{% endblock %}\n```\n'


@dataclass(frozen=True)
class Case:
    body: str
    front: str = ""  # front-matter lines
    config: str = ""  # `_config.yml` lines
    files: tuple[tuple[str, str], ...] = field(default=())


BODIES = [
    # Liquid Jekyll builds
    "{{ page.title }} and {{ }} and {{ x | no_such_filter }} and a }} or %} alone",
    "```html\n{% raw %}" + JINJA + "{% endraw %}\n```",
    "{%- raw -%}{% extends 'a' %}{%- endraw %} and {%raw%}{{{%endraw%}",
    "{% raw %}{{ a {% endraw -%}\n b",
    "{%- if page.title -%}\n  yes\n{%- elsif x -%}no{%- else -%}{%- endif -%}",
    "{% for i in (1..3) %}{% if i == 2 %}two{% else %}{{ i }}{% endif %}{% endfor %}",
    "{% for i in (1..2) reversed limit: 1 %}{% else %}none{% endfor %}",
    "{% comment %}{% bogus %}{% endif %}{% else %}{% endcomment %}",
    "{% comment %} {% comment %} {% endcomment %} {% endcomment %}",
    "{% # a note %}\n{%# another %}",
    "{% case x %}{% when 1, 2 %}a{% when 'b' or 'c' %}b{% else %}c{% endcase %}",
    "{% capture x %}hi{% endcapture %}{{ x }}{% assign y = 'a' | upcase %}{{ y }}",
    "{% cycle 'a', 'b' %}{% cycle n: 'a', 'b' %}{% increment n %}{% decrement n %}",
    "{% tablerow i in (1..2) cols: 2 %}{{ i }}{% endtablerow %}{% ifchanged %}a{% endifchanged %}",
    "{% unless x %}a{% elsif y %}b{% endunless %}{% echo 'x' %}",
    "{% if a and b or c %}1{% endif %}{% if a == 'x' %}{% endif %}{% if a contains b %}{% endif %}",
    "{% include there.html %}{% include there.html a='1' b=\"2\" c=page.title %}",
    "{% include sub/inner.html %}{% include /there.html %}",
    "{% include_relative 2020-01-01-target.md %}",
    "{% post_url 2020-01-01-target %} and {% post_url 2020-1-1-target %}",
    "{% link about.md %} {% link _posts/2020-01-01-target.md %} {% link assets/x.png %}",
    "{% highlight ruby linenos %}puts 1{% endhighlight %}",
    '{% highlight c++ hl_lines="1 2" %}\n{{ page.title }}\n{% endhighlight %}',
    "{% if false %}{% include missing.html %}{% post_url 2019-01-01-gone %}{% endif %}",
    "{% for x in no_such_list %}{% include missing.html %}{% link gone.md %}{% endfor %}",
    "{% if false %}{% render 'x' %}{% endif %}",
    "{% liquid\nassign x = 1\necho x %}",
    "`{{ inline }}` and\n\n    {{ indented code }}\n",
    "{% for i in (1..3) %}{% break %}{% continue %}{% endfor %}",
    # operators and filters Liquid evaluates only where rendered, or reads strictly
    "{% if x == 1 and y = 2 %}a{% endif %}{% if false %}{% if x = 1 %}{% endif %}{% endif %}",
    "{% if true %}{% elsif x is 1 %}{% endif %}{% if !x %}a{% endif %}{% if x==1 %}b{% endif %}",
    "{% if x CONTAINS 1 %}{% endif %}{% for i in nothing %}{% unless i = 1 %}{% endunless %}{% endfor %}",
    "{{ 'a' | default: 'b', allow_false: true }}{{ 1.0 | divided_by: 0 }}{{ 1 | divided_by: 0.0 }}",
    "{{ x | divided_by: 2 }}{% if false %}{{ x | append }}{{ 1 | modulo: 0 }}{% endif %}",
    "{{ 'a' | truncate: 1, '' }}{{ site.posts | where: 'title', 'x' | size }}{{ x | slice: 1, 2 }}",
    "{% liquid\nif x\n  echo 'a' | upcase\nendif\n# note\ncomment\nany words\nendcomment\n"
    "case x\nwhen 1\necho 1\nendcase %}",
    "{% liquid %}{% liquid\nfor a in (1..2)\necho a\nendfor %}",
    # filters the strict parser refuses, as the lax one reads them; conditions never reached
    "{{ x | append: 'a', }}{{ x | replace: 'a', }}{{ x | date: '%Y', }}{{ x | append: , 'a' }}",
    "{{ x | append: 'a' 'b' }}{{ x | upcase: }}{{ x | default: }}{{ | append: }}{{ append: }}",
    "{{ (1..3) | join: }}{{ x | append: a: 1 }}{{ x | truncate: , }}{{ x | append: 'a', , }}",
    "{{ x | 1append: }}{{ 'a' append: }}{{ x | append: 'a' | }}{{ x | date: format: '%Y' }}",
    "{% if false %}{{ x | append: }}{% if false or x = 1 %}{% endif %}{% endif %}",
    "{% unless true or x = 2 %}{% endunless %}{% unless nil %}{% elsif x = 2 %}{% endunless %}",
    "{% if true and false and x = 2 %}{% endif %}{% if true or x = 2 %}{% endif %}",
    "{% if false and x = 1 %}{% endif %}{% if false or x == 1 and y = 2 %}{% endif %}",
    "{% if false %}{% elsif true %}{% elsif x = 1 %}{% endif %}{% if '' %}{% elsif y %}{% endif %}",
    "{% if false %}{% else %}{% elsif x = 1 %}{% endif %}{% if false or true %}{% elsif y = 2 %}"
    "{% endif %}",
    "{% if false or x contains 'a' %}{% endif %}{% if false or x contains %}{% endif %}",
    "{% if false or x=1 %}{% endif %}{% if false or x= 1 %}{% endif %}{% if false or x Is 1 %}"
    "{% endif %}",
    "{% case x = 2 %}{% when x = 2 %}{% endcase %}{% case x %}{% when 1 %}{{ x | append: }}"
    "{% endcase %}",
    # Liquid that stops the build
    "{{ page.date | date: }}",
    "{{ 'x' | append: }}",
    "{% assign y = 'x' | split: %}",
    "{% echo x | append: %}",
    "{{ x | replace_last: 'a', }}",
    '{{ x | append: "a }}',
    "{{ x | minus: ,, }}",
    "{{ x | append: 'a' , b: 1 }}",
    "{{ x |\n append:\n }}",
    "{{ x | upcase | append: }}",
    "{{ '1' | divided_by: '0', }}",
    "{% if false or x = 2 %}{% endif %}",
    "{% if false %}{% elsif x = 2 %}{% endif %}",
    "{% unless true %}{% elsif x = 2 %}{% endunless %}",
    "{% unless false or x = 2 %}{% endunless %}",
    "{% if nil or null or '' and x = 2 %}{% endif %}",
    "{% if 0 and x is 2 %}{% endif %}",
    "{% if false or not x %}{% endif %}",
    "{% if false or x contain 'a' %}{% endif %}",
    "{% if false %}{% elsif false %}{% elsif x = 1 %}{% endif %}",
    "{% unless 'a' %}{% elsif false %}{% elsif x is 2 %}{% endunless %}",
    "{% capture c %}{% if false or x = 1 %}{% endif %}{% endcapture %}",
    "{% liquid\nif false\nelsif x = 1\nendif %}",
    "{% if false ortho x = 1 %}{% endif %}",
    "{% if not page.draft %}x{% endif %}",
    "{% if page.title = 'A' %}x{% endif %}",
    "{% unless x is 1 %}x{% endunless %}",
    "{% if x => 1 and y == 2 %}x{% endif %}",
    "{% capture c %}{% if x in y %}{% endif %}{% endcapture %}",
    "{{ page.title | append }}",
    "{{ page.date | date }}",
    "{{ page.title | split }}",
    "{{ 'a' | upcase: 1 }}",
    "{% assign y = page.title | append %}",
    "{% echo page.title | truncate: 1, 'a', 2 %}",
    "{{ 1 | divided_by: 0 }}",
    "{{ '7' | modulo: \"0\" | plus: 1 }}",
    "{% liquid extends 'base.html' %}",
    "{% liquid if x %}",
    "{% liquid\nassign x = 1\necho x | append %}",
    "{% liquid {{ x }} %}",
    "{% liquid raw\nendraw %}",
    "{% liquid liquid echo 1 %}",
    "{% liquid if x = 1\nendif %}",
    "{% capture a %}{% liquid if x = 1\nendif %}{% endcapture %}",
    "{% if x %}{% liquid endif %}{% endif %}",
    JINJA,
    "{% if x %} never closed",
    "{% for i in x %}{% if i %}{% endfor %}",
    "{% raw %} never closed",
    "{% raw %}x{%- endraw %}",
    "{% raw x %}{% endraw %}",
    "{% bogus_tag %}",
    "{% endif %}",
    "{%- endif -%}",
    "{% else %}",
    "{% elsif x %}",
    "{% when x %}",
    "{% capture x %}{% else %}{% endcapture %}",
    "{% for i in x %}{% else %}{% else %}{% endfor %}",
    "{% comment %}{% if x %}{% endcomment %}",
    "{% comment %}{% for %}{% endfor %}{% endcomment %}",
    "{% if false %}{% for x %}{% endfor %}{% endif %}",
    "a {% %} b",
    "a {% b",
    "a {{ b",
    "a {{ b } c",
    "{% if %}{% endif %}",
    "{% if a and %}{% endif %}",
    "{% if a %}{% elsif %}{% endif %}",
    "{% for %}{% endfor %}",
    "{% for x %}{% endfor %}",
    "{% assign %}",
    "{% capture %}{% endcapture %}",
    "{% case %}{% endcase %}",
    "{% case x %}{% when %}{% endcase %}",
    "{% case x %}{% else y %}{% endcase %}",
    "{% cycle %}",
    "{% tablerow %}{% endtablerow %}",
    "{% # a\nb %}",
    "{% render 'x' %}",
    "{% render x %}",
    "{% highlight %}x{% endhighlight %}",
    "{% highlight ruby bad-option %}x{% endhighlight %}",
    "{% include missing.html %}",
    "{% include there.html a= %}",
    "{% include ../there.html %}",
    "{% include %}",
    "{% include_relative missing.md %}",
    "{% capture x %}{% include missing.html %}{% endcapture %}",
    "{% highlight ruby %}{% include missing.html %}{% endhighlight %}",
    "{% post_url 2019-01-01-nothere %}",
    "{% post_url 2999-01-01-later %}",
    "{% post_url 2020-01-03-hidden %}",
    "{% if false %}{% post_url nodate %}{% endif %}",
    "{% link nothere.md %}",
    "{% if x %}" * 101 + "{% endif %}" * 101,
    "{% feed_meta %}",
]

CASES = [Case(body) for body in BODIES] + [
    Case("{% include {{ page.inc }} %}", front="inc: there.html"),
    Case("{% extends 'x' %} {% endraw %}", front="render_with_liquid: false"),
    Case("{% seo %}{% feed_meta %}", config="plugins: [jekyll-seo-tag, jekyll-feed]"),
    Case("{% seo %}{% bogus %}", config="plugins: [jekyll-seo-tag]"),
    *(
        Case(body, config="plugins: []", files=(("_plugins/bogus.rb", BOGUS),))
        for body in ("{% bogus %} a", "{% include missing.html %} {% bogus %}")
    ),
    Case("{% include head.html %}", config="theme: minima"),
    Case("{% include lib.html %}", config="includes_dir: _lib", files=(("_lib/lib.html", "x"),)),
    Case("{% include there.html %}", config="includes_dir: _lib"),
]


def _write(root: Path, case: Case, posts: dict[str, Case]) -> None:
    files = dict(BASE_FILES) | dict(case.files)
    files["_config.yml"] = f"title: T\n{case.config}\n"
    for name, post in posts.items():
        files[f"_posts/{name}"] = f"---\ntitle: {name}\n{post.front}\n---\n{post.body}\n"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def _flagged(root: Path) -> dict[str, str]:
    """Posts `pressbot check` reports under `jekyll/liquid`, with the message."""
    run = pressbot("check", "--format", "json", "--select", "jekyll/liquid", cwd=root)
    assert run.code in (0, 1), run
    found = json.loads(run.out)["findings"]
    return {f["path"].rsplit("/", 1)[-1]: f["message"] for f in found}


BUILD = """\
require "jekyll"
require "json"
ARGV.each do |source|
  begin
    Jekyll::Commands::Build.process(
      "source" => source, "destination" => File.join(source, "_site"), "quiet" => true
    )
    puts JSON.generate([source, true, ""])
  rescue Exception => e
    logged = Jekyll.logger.messages.grep(/Exception|ERROR/).join(" ")
    puts JSON.generate([source, false, "#{e.class}: #{e.message} #{logged}"])
  end
  Jekyll.logger.messages.clear
  $stdout.flush
end
"""
"""`jekyll build` of each site named, in one Ruby process (Jekyll loaded once): its build
command, whose failure on one site is caught and reported before the next."""


def _build(sites: list[Path]) -> dict[Path, tuple[bool, str]]:
    """Whether Jekyll builds each of ``sites`` (all of one configuration: the plugins one
    loads stay loaded), and its error."""
    done = subprocess.run(
        ["ruby", "-e", BUILD, *map(str, sites)], capture_output=True, text=True, timeout=300
    )
    results = {
        Path(line[0]): (line[1], line[2]) for line in map(json.loads, done.stdout.split("\n")[:-1])
    }
    assert set(results) == set(sites), done.stderr[-2000:]
    return results


def _groups() -> dict[tuple[str, tuple[tuple[str, str], ...]], dict[str, Case]]:
    """The cases by site configuration, each named as a post of its own."""
    groups: dict[tuple[str, tuple[tuple[str, str], ...]], dict[str, Case]] = {}
    for n, case in enumerate(CASES):
        groups.setdefault((case.config, case.files), {})[f"2020-02-01-case{n}.md"] = case
    return groups


@pytest.mark.usefixtures("jekyll_oracle")
def test_errors_exactly_where_jekyll_fails(tmp_path: Path) -> None:
    runs: list[list[tuple[Path, str | None]]] = []  # per configuration: (site, culprit)
    flagged_count = 0
    for g, (_, posts) in enumerate(_groups().items()):
        first = next(iter(posts.values()))
        every = tmp_path / f"all{g}"
        _write(every, first, posts)
        flagged = _flagged(every)
        assert set(flagged) <= set(posts), flagged
        flagged_count += len(flagged)
        good = {name: post for name, post in posts.items() if name not in flagged}
        site = tmp_path / f"good{g}"
        _write(site, first, good)
        runs.append([(site, None)])
        for name in flagged:
            site = tmp_path / f"bad{g}-{name}"
            _write(site, first, {name: posts[name]})
            runs[-1].append((site, name))
    with ThreadPoolExecutor(max_workers=2) as pool:
        built = [
            r
            for part in pool.map(lambda run: _build([s for s, _ in run]), runs)
            for r in part.items()
        ]
    verdicts = dict(built)
    disagreements = []
    for site, culprit in (pair for run in runs for pair in run):
        ok, error = verdicts[site]
        if culprit is None and not ok:
            disagreements.append(f"pressbot passes every post of {site.name}; Jekyll: {error}")
        elif culprit is not None and (ok or culprit not in error):
            disagreements.append(f"pressbot flags {culprit}; Jekyll: {error or 'builds it'}")
    assert not disagreements, "\n".join(disagreements)
    assert flagged_count >= 50  # the snippets exercise both verdicts
    assert len(CASES) - flagged_count >= 30


def _one(tmp_path: Path, body: str, config: str = "") -> dict[str, str]:
    _write(tmp_path, Case(body, config=config), {"2020-02-01-x.md": Case(body)})
    return _flagged(tmp_path)


def test_position_and_advice(tmp_path: Path) -> None:
    _write(tmp_path, Case(""), {"2020-02-01-x.md": Case("Intro\n\n" + JINJA)})
    run = pressbot("check", "--select", "jekyll/liquid", "--format", "json", cwd=tmp_path)
    (finding,) = json.loads(run.out)["findings"]
    assert (finding["line"], finding["column"]) == (8, 1)  # front matter takes four lines
    assert "{% extends" in finding["message"] and "{% raw %}" in finding["message"]
    assert run.code == 1


def test_never_closed_points_at_the_opening_tag(tmp_path: Path) -> None:
    body = "a\n  b {% if x %}\n{% for i in y %}{% endfor %}\n"
    _write(tmp_path, Case(""), {"2020-02-01-x.md": Case(body)})
    run = pressbot("check", "--select", "jekyll/liquid", "--format", "json", cwd=tmp_path)
    (finding,) = json.loads(run.out)["findings"]
    assert (finding["line"], finding["column"]) == (6, 5)
    assert "{% endif %}" in finding["message"]


def test_list_says_invalid(tmp_path: Path) -> None:
    _write(tmp_path, Case(""), {"2020-02-01-x.md": Case(JINJA)})
    run = pressbot("list", "--format", "json", cwd=tmp_path)
    posts = {p["path"]: p for p in json.loads(run.out)["posts"]}
    assert posts["_posts/2020-02-01-x.md"]["reason"] == "invalid"
    assert posts["_posts/2020-01-01-target.md"]["published"] is True


def test_unpublished_post_is_not_judged(tmp_path: Path) -> None:
    _write(tmp_path, Case(""), {"2020-02-01-x.md": Case(JINJA, front="published: false")})
    assert _flagged(tmp_path) == {}


def test_defaults_can_turn_liquid_off(tmp_path: Path) -> None:
    config = "defaults:\n  - scope: {path: ''}\n    values: {render_with_liquid: false}"
    assert _one(tmp_path, JINJA, config) == {}


def test_unknown_plugins_leave_unknown_tags_alone(tmp_path: Path) -> None:
    assert _one(tmp_path, JINJA, "plugins: [jekyll-something-else]") == {}
    assert set(_one(tmp_path, "{% endif %}", "plugins: [jekyll-something-else]")) == {
        "2020-02-01-x.md"
    }


def test_a_later_condition_is_named_where_it_is(tmp_path: Path) -> None:
    """The `elsif` Liquid reaches is the tag the finding points at, with what to write."""
    body = "{% if false %}a\n  {% elsif page.x = 2 %}b{% endif %}\n{{ page.date | date: }}"
    _write(tmp_path, Case(""), {"2020-02-01-x.md": Case(body)})
    run = pressbot("check", "--select", "jekyll/liquid", "--format", "json", cwd=tmp_path)
    (finding,) = json.loads(run.out)["findings"]
    assert (finding["line"], finding["column"]) == (6, 3)
    assert "{% elsif page.x = 2 %}: Liquid knows no operator '='" in finding["message"]
    assert finding["message"].endswith("use ==")
    _write(tmp_path, Case(""), {"2020-02-01-x.md": Case("{% if false or not page.x %}{% endif %}")})
    run = pressbot("check", "--select", "jekyll/liquid", "--format", "json", cwd=tmp_path)
    (finding,) = json.loads(run.out)["findings"]
    assert finding["message"].endswith("Liquid has no `not`: test page.x in an unless")
