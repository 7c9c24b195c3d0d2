"""Letter case in keys, as Hugo reads it. A key given in two letter cases (`Draft` and
`draft`), in front matter or the site's configuration: Hugo keeps the one not in lower case,
whatever the order (its `maps.PrepareParams` moves that one onto the lower-case key). A
section folder is looked up as written among the lower-cased keys. Compared with real Hugo."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.hugo.frontmatter import prepare
from tests.conftest import write_site
from tests.hugofuzz import site_differences

BASE = 'baseURL = "https://example.org/"\n'

SITES: dict[str, dict[str, str]] = {
    "front-matter": {
        "hugo.toml": BASE,
        "content/posts/a.md": "---\ntitle: A\nDraft: true\ndraft: false\n---\n",
        "content/posts/b.md": "---\ndraft: true\nDraft: false\ntitle: B\nTitle: Bee\n---\n",
        "content/posts/c.md": "---\ntitle: C\nslug: low\nSlug: High\nURL: /up/\nurl: /down/\n---\n",
        "content/posts/d.md": '+++\ntitle = "D"\nExpiryDate = 2001-01-01\n'
        "expirydate = 2999-01-01\n+++\n",
        "content/posts/e.md": '{"title": "E", "publishdate": "2001-01-01",'
        ' "PublishDate": "2002-02-02"}\n',
        "content/news/_index.md": "---\ntitle: News\ncascade:\n  Draft: true\n  draft: false\n---\n",
        "content/news/f.md": "---\ntitle: F\n---\n",
    },
    "configuration": {
        "hugo.toml": BASE + 'TimeZone = "Asia/Tokyo"\ntimezone = "UTC"\nUglyURLs = true\n'
        'uglyurls = false\n[permalinks]\nPosts = "/upper/:filename/"\nposts = "/lower/:filename/"\n',
        "content/posts/g.md": "---\ntitle: G\ndate: 2020-01-01T10:00:00\n---\n",
        "content/news/h.md": "---\ntitle: H\n---\n",
    },
    # In a branch's `cascade` list the entries keep their keys as written: `_Target` is no
    # target (the entry reaches every page below) and `_Build` no build option, and a
    # `_Target` with a kind that matches nothing does not stop Hugo.
    "cascade-list-entries": {
        "hugo.toml": BASE,
        "content/news/_index.md": "---\ntitle: N\ncascade:\n- draft: true\n  _Target:\n"
        "    kind: section\n---\n",
        "content/news/a.md": "---\ntitle: A\n---\n",
        "content/blog/_index.md": "---\ntitle: B\ncascade:\n- _Build:\n    list: never\n"
        "  _Target:\n    kind: bogus\n---\n",
        "content/blog/b.md": "---\ntitle: B\n---\n",
    },
    # Hugo looks a section up as its folder is written among keys it lower-cased: a folder
    # with a capital letter matches no `permalinks` or `uglyURLs` key, whatever its case.
    "section-folders": {
        "hugo.toml": BASE + '[permalinks]\nposts = "/p/:filename/"\nNews = "/n/:filename/"\n'
        'blog = "/b/:filename/"\n[uglyURLs]\nPosts = true\nblog = true\n',
        "content/Posts/a.md": "---\ntitle: A\n---\n",
        "content/News/b.md": "---\ntitle: B\n---\n",
        "content/blog/c.md": "---\ntitle: C\n---\n",
    },
}


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize("name", sorted(SITES))
def test_keys_as_hugo_reads_them(tmp_path: Path, name: str) -> None:
    site, differences = site_differences(write_site(tmp_path / name, SITES[name]))
    assert differences == []
    assert len(site.pages) == len([k for k in SITES[name] if "_index" not in k]) - 1


def test_prepare_moves_the_key_not_in_lower_case() -> None:
    assert prepare({"Draft": 1, "draft": 2}) == {"draft": 1}
    assert prepare({"draft": 2, "Draft": 1}) == {"draft": 1}
    assert prepare({"A": {"B": 1, "b": 2}, "x": [{"Y": 1}]}) == {"a": {"b": 1}, "x": [{"Y": 1}]}
