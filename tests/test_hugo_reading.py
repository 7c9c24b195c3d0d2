"""Hugo sites as Hugo 0.111 reads them: detection, front matter in three formats with Go's
types, dates in the site's time zone, drafts, expiry and URLs; `pressbot list` on them.
Where Hugo is installed, the same sites are listed by `hugo list all` too."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.generator import detect
from bot.hugo import gotime
from bot.hugo.dates import DateError, parse_text
from bot.hugo.frontmatter import FrontMatterError, read
from bot.hugo.urls import PathRules

NOW = "2025-06-15T12:00:00+00:00"
Make = Callable[[dict[str, str | bytes]], Path]


def listed(cli: Any, root: Path) -> dict[str, dict[str, Any]]:
    run = cli("list", "--format", "json", "--now", NOW, "--site", root)
    assert run.code == 0, run
    doc = json.loads(run.out)
    assert doc["generator"] == "hugo"
    return {p["path"]: p for p in doc["posts"]}


def hugo_rows(root: Path) -> dict[str, dict[str, str]] | None:
    if shutil.which("hugo") is None:
        return None
    done = subprocess.run(
        ["hugo", "list", "all"], cwd=root, capture_output=True, text=True, check=True
    )
    table = done.stdout[done.stdout.index("path,slug") :]
    return {row["path"]: row for row in csv.DictReader(io.StringIO(table))}


# --- detection ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"hugo.toml": "", "content/a.md": ""}, "hugo"),
        ({"config.yaml": "", "content/a.md": ""}, "hugo"),
        ({"hugo.json": "{}", "content/.keep": ""}, "hugo"),
        ({"config/_default/hugo.toml": ""}, "hugo"),
        ({"hugo.toml": ""}, "hugo"),  # named for Hugo: its content may be elsewhere
        ({"hugo.yaml": "contentDir: src\n", "src/a.md": ""}, "hugo"),
        ({"config.toml": ""}, "jekyll"),
        ({"config.toml": 'contentDir = "src"\n', "src/a.md": ""}, "jekyll"),
        ({"content/a.md": ""}, "jekyll"),
        ({"_config.yml": "", "config.toml": "", "content/a.md": ""}, "jekyll"),
        ({"_config.yaml": "", "config.toml": "", "content/a.md": ""}, "jekyll"),
        ({"_config.toml": "", "hugo.toml": "", "content/a.md": ""}, "jekyll"),
        ({"_config.yml": "", "_posts/2024-01-01-a.md": ""}, "jekyll"),
    ],
)
def test_the_generator_is_detected_from_the_files(
    site: Make, files: dict[str, str | bytes], expected: str
) -> None:
    assert detect(site(files)) == expected


def test_the_configuration_names_the_generator(site: Make, cli: Any) -> None:
    root = site({"hugo.toml": "", "content/posts/a.md": "---\ntitle: A\n---\n"})
    assert detect(root, "jekyll") == "jekyll"
    (root / ".pressbot.yml").write_text("generator: jekyll\n")
    run = cli("list", "--format", "json", "--site", root)
    assert json.loads(run.out)["generator"] == "jekyll"
    (root / ".pressbot.yml").write_text("generator: hugo\n")
    assert list(listed(cli, root)) == ["content/posts/a.md"]


def test_a_wrong_generator_is_a_configuration_error(site: Make, cli: Any) -> None:
    root = site({".pressbot.yml": "generator: gatsby\n", "_config.yml": ""})
    run = cli("list", "--site", root)
    assert run.code == 2
    assert "generator" in run.err


def test_jekyll_lists_name_their_generator(site: Make, cli: Any) -> None:
    root = site({"_config.yml": "", "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n"})
    doc = json.loads(cli("list", "--format", "json", "--site", root).out)
    assert doc["generator"] == "jekyll"
    assert [p["path"] for p in doc["posts"]] == ["_posts/2024-01-01-a.md"]


# --- front matter ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "draft"),
    [
        ("---\ndraft: yes\n---\n", True),
        ("---\ndraft: y\n---\n", True),
        ("---\ndraft: off\n---\n", False),
        ("---\ndraft: 1\n---\n", True),
        ('---\ndraft: "True"\n---\n', True),
        ('---\ndraft: "yes"\n---\n', False),
        ("+++\ndraft = 1\n+++\n", False),
        ('+++\ndraft = "true"\n+++\n', True),
        ('{"draft": 1}\n', False),
        ('{"draft": "t"}\n', True),
        ("---\npublished: false\n---\n", True),
        ("---\npublished: false\ndraft: false\n---\n", False),
        ("\n\n---\nDraft: true\n---\n", True),
    ],
)
def test_draft_is_read_with_go_types(site: Make, cli: Any, text: str, draft: bool) -> None:
    root = site({"hugo.toml": "", "content/posts/a.md": text + "body\n"})
    (post,) = listed(cli, root).values()
    assert (post["reason"] == "draft") is draft
    rows = hugo_rows(root)
    if rows is not None:
        assert rows["content/posts/a.md"]["draft"] == str(draft).lower()


def test_front_matter_closes_at_a_line_starting_with_the_delimiter() -> None:
    assert read("---\ntitle: a\n---- more\nbody").data == {"title": "a"}
    assert read("+++\ntitle = 'a'\n+++").data == {"title": "a"}
    assert read('{"title": "a}", "x": {"y": 1}}\nbody').data["x"] == {"y": 1.0}
    assert read("no front matter").format is None
    with pytest.raises(FrontMatterError):
        read("---\ntitle: a\n")
    with pytest.raises(FrontMatterError):
        read("-- nope\n")


# --- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "instant"),
    [
        ("2024-01-02", "2024-01-02T00:00:00+09:00"),
        ("2024-01-02T03:04:05", "2024-01-02T03:04:05+09:00"),
        ("2024-01-02T3:04:05", "2024-01-02T03:04:05+09:00"),
        ("2024-01-02 10:00:00.25", "2024-01-02T10:00:00.250000+09:00"),
        ("2024-01-02 10:00:00 +2400", "2024-01-01T10:00:00+00:00"),
        ("2024-01-02T24:00:00", None),
        ("2024-01-02 3:04:05", "2024-01-02T03:04:05+09:00"),
        ("2024-01-02T03:04:05Z", "2024-01-02T03:04:05+00:00"),
        ("2024-01-02T03:04:05.5-05:00", "2024-01-02T03:04:05.500000-05:00"),
        ("2024-01-02   10:00:00", "2024-01-02T10:00:00+09:00"),
        ("02 Jan 2024", "2024-01-02T00:00:00+09:00"),
        ("Tue, 02 jan 2024 10:00:00 GMT", "2024-01-02T10:00:00+09:00"),
        ("2024-02-30", None),
        ("2024-1-2", None),
        ("2024/01/02", None),
    ],
)
def test_dates_are_read_as_go_reads_them(text: str, instant: str | None) -> None:
    from zoneinfo import ZoneInfo

    if instant is None:
        with pytest.raises(DateError):
            parse_text(text, ZoneInfo("Asia/Tokyo"))
    else:
        assert parse_text(text, ZoneInfo("Asia/Tokyo")).isoformat() == instant


def test_go_layouts_keep_their_quirks() -> None:
    assert gotime.parse("2006-01-02 15:04:05", "2024-01-02 10:00:00.25").nanosecond == 250000000
    with pytest.raises(gotime.GoParseError):
        gotime.parse("2006-01-02", "2024-01-02 ")
    assert gotime.format_time("2006/01/_2 Jan Mon", parse_text("2024-03-04", _utc())) == (
        "2024/03/ 4 Mar Mon"
    )


def _utc() -> Any:
    import datetime as dt

    return dt.timezone.utc


FUTURE_AND_EXPIRED = {
    "hugo.toml": 'timeZone = "America/New_York"\n',
    "content/posts/future.md": "---\ndate: 2025-06-15T09:00:00\n---\n",
    "content/posts/past.md": "---\ndate: 2025-06-15T07:00:00\n---\n",
    "content/posts/expired.md": "+++\nexpiryDate = 2025-06-15\n+++\n",
    "content/posts/toml-local.md": "+++\ndate = 2025-06-15T08:30:00\n+++\n",
    "content/posts/json-number.md": '{"date": 1750000000, "title": "n"}\n',
    "content/posts/publish.md": "---\ndate: 2020-01-01\npublishDate: 2030-01-01\n---\n",
}


def test_offsetless_dates_are_in_the_sites_zone(site: Make, cli: Any) -> None:
    posts = listed(cli, site(FUTURE_AND_EXPIRED))
    reasons = {path.rsplit("/", 1)[1]: post["reason"] for path, post in posts.items()}
    assert reasons == {
        "future.md": "future",
        "past.md": None,
        "expired.md": "expired",
        "toml-local.md": "future",
        "json-number.md": None,
        "publish.md": "future",
    }
    assert posts["content/posts/future.md"]["date"] == "2025-06-15T09:00:00-04:00"
    assert posts["content/posts/json-number.md"]["date"] is None


def test_hugo_agrees_on_dates(site: Make, hugo_oracle: None) -> None:
    root = site(FUTURE_AND_EXPIRED)
    rows = hugo_rows(root)
    assert rows is not None
    assert rows["content/posts/future.md"]["date"] == "2025-06-15T09:00:00-04:00"
    assert rows["content/posts/json-number.md"]["date"] == "0001-01-01T00:00:00Z"
    assert rows["content/posts/expired.md"]["expiryDate"] == "2025-06-15T00:00:00-04:00"


# --- URLs -----------------------------------------------------------------------------

URL_SITE = {
    "hugo.yaml": (
        "baseURL: https://example.org/blog/\n"
        "uglyURLs: {notes: true}\n"
        "permalinks:\n  posts: /:year/:month/:slug/\n  docs: /:sections/:filename/\n"
    ),
    "content/posts/a.md": "---\ntitle: Hello, Wörld!\ndate: 2024-03-04\n---\n",
    "content/posts/b.md": "---\ntitle: T\nslug: --My Slug--\ndate: 2024-03-04\n---\n",
    "content/posts/bundle/index.md": "---\ntitle: Bundled\ndate: 2024-03-04\n---\n",
    "content/posts/bundle/extra.md": "---\ntitle: a resource\n---\n",
    "content/docs/guide/_index.md": "---\ntitle: Guide\n---\n",
    "content/docs/guide/Step One.md": "---\ntitle: s\n---\n",
    "content/notes/n.md": "---\ntitle: n\n---\n",
    "content/about.md": "---\ntitle: About\nurl: /Who-We-Are\n---\n",
    "content/_index.md": "---\ntitle: Home\n---\n",
}


def test_urls_follow_permalinks_slugs_and_bundles(site: Make, cli: Any) -> None:
    posts = listed(cli, site(URL_SITE))
    urls = {path: post["url"] for path, post in posts.items()}
    assert urls == {
        "content/about.md": "/blog/Who-We-Are/",
        "content/docs/guide/Step One.md": "/blog/docs/guide/step-one/",
        "content/notes/n.md": "/blog/notes/n.html",
        "content/posts/a.md": "/blog/2024/03/hello-w%C3%B6rld/",
        "content/posts/b.md": "/blog/2024/03/my-slug/",
        "content/posts/bundle/index.md": "/blog/2024/03/bundled/",
    }


def test_hugo_agrees_on_urls(site: Make, cli: Any, hugo_oracle: None) -> None:
    root = site(URL_SITE)
    rows = hugo_rows(root)
    assert rows is not None
    theirs = {p: r["permalink"].removeprefix("https://example.org") for p, r in rows.items()}
    assert theirs == {p: post["url"] for p, post in listed(cli, root).items()}


LANGUAGE_SITE = {
    "hugo.toml": (
        'defaultContentLanguage = "en"\n'
        "[languages.en]\nweight = 1\n"
        '[languages.fr]\nweight = 2\ntimeZone = "Europe/Paris"\n'
        '[languages.de]\nweight = 3\ncontentDir = "content.de"\n'
    ),
    "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01T10:00:00\n---\n",
    "content/posts/a.fr.md": "---\ntitle: A fr\ndate: 2024-01-01T10:00:00\n---\n",
    "content.de/posts/a.md": "---\ntitle: A de\n---\n",
    "content/posts/_index.fr.md": "---\ncascade:\n  draft: true\n---\n",
}


def test_languages_have_prefixes_zones_and_their_own_cascade(site: Make, cli: Any) -> None:
    posts = listed(cli, site(LANGUAGE_SITE))
    assert {p: (x["id"], x["url"], x["date"], x["reason"]) for p, x in posts.items()} == {
        "content.de/posts/a.md": ("de:/posts/a", "/de/posts/a/", None, None),
        "content/posts/a.fr.md": (
            "fr:/posts/a",
            "/fr/posts/a/",
            "2024-01-01T10:00:00+01:00",
            "draft",
        ),
        "content/posts/a.md": ("en:/posts/a", "/posts/a/", "2024-01-01T10:00:00+00:00", None),
    }


def test_hugo_agrees_on_languages(site: Make, cli: Any, hugo_oracle: None) -> None:
    root = site(LANGUAGE_SITE)
    rows = hugo_rows(root)
    assert rows is not None
    ours = listed(cli, root)
    assert set(rows) == set(ours)
    for path, row in rows.items():
        assert row["permalink"].removeprefix("http://localhost:1313") == ours[path]["url"]
        assert (row["draft"] == "true") == (ours[path]["reason"] == "draft")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello World", "hello-world"),
        ("  spaced   out ", "spaced-out"),
        ("C++ & C#", "c++-c"),
        ("C# rocks", "c#-rocks"),
        ("100%", "100"),
        ("50%25", "50%25"),
        ("Ünïcode", "%C3%BCn%C3%AFcode"),
        ("İstanbul", "istanbul"),
        ("a/b.c_d~e@f", "a/b.c_d~e@f"),
    ],
)
def test_urlize_is_hugos(text: str, expected: str) -> None:
    assert PathRules().urlize(text) == expected


# --- bad input ------------------------------------------------------------------------


def test_a_broken_configuration_is_one_clear_line(site: Make, cli: Any) -> None:
    root = site({"hugo.toml": "baseURL = \n", "content/a.md": ""})
    run = cli("list", "--site", root)
    assert run.code == 2
    assert "hugo.toml" in run.err and "Traceback" not in run.err
    root = site({"hugo.toml": 'timeZone = "Mars/Olympus"\n', "content/a.md": ""})
    run = cli("list", "--site", root)
    assert run.code == 2 and "Mars/Olympus" in run.err


def test_pages_hugo_cannot_read_are_invalid(site: Make, cli: Any) -> None:
    root = site(
        {
            "hugo.toml": "",
            "content/posts/open.md": "---\ntitle: never closed\n",
            "content/posts/list.md": "---\n- a\n- b\n---\n",
            "content/posts/latin1.md": b"---\ntitle: caf\xe9\n---\n",
            "content/posts/http.md": "---\nurl: https://elsewhere.example/\n---\n",
            "content/posts/ok.md": "---\ntitle: fine\n---\n",
        }
    )
    reasons = {p.rsplit("/", 1)[1]: x["reason"] for p, x in listed(cli, root).items()}
    assert reasons == {
        "open.md": "invalid",
        "list.md": "invalid",
        "latin1.md": "invalid",
        "http.md": "invalid",
        "ok.md": None,
    }


def test_list_takes_paths_inside_a_hugo_site(site: Make, cli: Any, monkeypatch: Any) -> None:
    root = site(URL_SITE)
    monkeypatch.chdir(root)
    run = cli("list", "--format", "json", "content/posts")
    doc = json.loads(run.out)
    assert doc["generator"] == "hugo"
    assert sorted(p["path"] for p in doc["posts"]) == [
        "content/posts/a.md",
        "content/posts/b.md",
        "content/posts/bundle/index.md",
    ]
    text = cli("list", "--now", NOW, "content/notes").out
    assert "content/notes/n.md  published" in text and "1 post(s), 1 published" in text


def test_a_permalink_hugo_refuses_is_a_configuration_error(site: Make, cli: Any) -> None:
    root = site({"hugo.toml": '[permalinks]\nposts = "/:nonsense/"\n', "content/posts/a.md": ""})
    run = cli("list", "--site", root)
    assert run.code == 2 and "permalinks.posts" in run.err


def test_dates_at_the_ends_of_the_calendar_are_listed(site: Make, cli: Any) -> None:
    root = site(
        {
            "hugo.toml": 'timeZone = "Pacific/Kiritimati"\n',
            "content/a.md": '---\ndate: "9999-12-31T23:00:00-05:00"\n---\n',
            "content/b.md": '---\ndate: "0001-01-01T00:00:00Z"\n---\n',
            "content/c.md": "---\ndate: 99999999999999\n---\n",
        }
    )
    posts = listed(cli, root)
    assert posts["content/a.md"]["date"] == "9999-12-31T23:00:00-05:00"
    assert posts["content/a.md"]["reason"] == "future"
    # Go's time.Unix in the machine's zone (UTC here): the year 3170843, as `hugo list` says
    assert str(posts["content/c.md"]["date"]).startswith("3170843-11-07T")
    assert posts["content/c.md"]["reason"] == "future"


HIDDEN_SITE = {
    "hugo.toml": "",
    "content/posts/nolist.md": "---\ntitle: n\n_build:\n  list: never\n---\n",
    "content/posts/local.md": "---\ntitle: l\n_build:\n  list: local\n---\n",
    "content/posts/norender.md": "---\ntitle: r\n_build:\n  render: false\n---\n",
    "content/posts/headless/index.md": "---\ntitle: h\nheadless: true\n---\n",
    "content/posts/shown.md": "---\ntitle: s\n---\n",
}


def test_pages_hugo_does_not_list_are_not_posts(site: Make, cli: Any) -> None:
    posts = listed(cli, site(HIDDEN_SITE))
    assert sorted(posts) == ["content/posts/norender.md", "content/posts/shown.md"]
    assert posts["content/posts/norender.md"]["url"] is None


def test_hugo_agrees_on_hidden_pages(site: Make, hugo_oracle: None) -> None:
    rows = hugo_rows(site(HIDDEN_SITE))
    assert rows is not None
    assert sorted(rows) == ["content/posts/norender.md", "content/posts/shown.md"]
    assert rows["content/posts/norender.md"]["permalink"] == ""


MULTIHOST_SITE = {
    ".pressbot.yml": "generator: hugo\n",
    "hugo.toml": (
        'contentDir = "src"\n'
        '[languages.en]\nbaseURL = "https://en.example.org/en-path/"\nweight = 1\n'
        '[languages.fr]\nbaseURL = "https://fr.example.org/"\nweight = 2\n'
    ),
    "src/posts/a.md": "---\ntitle: Hello\n---\n",
    "src/posts/a.fr.md": "---\ntitle: Bonjour\nurl: fr/rel\n---\n",
}


def test_each_host_has_its_own_base_path(site: Make, cli: Any) -> None:
    urls = {p: x["url"] for p, x in listed(cli, site(MULTIHOST_SITE)).items()}
    assert urls == {"src/posts/a.md": "/en-path/posts/a/", "src/posts/a.fr.md": "/fr/rel/"}


def test_a_time_a_clock_change_skips_is_placed_as_go_places_it(site: Make, cli: Any) -> None:
    root = site(
        {
            "hugo.toml": 'timeZone = "Europe/Berlin"\n',
            "content/gap.md": "---\ndate: 2025-03-30T02:25:34\n---\n",
            "content/fold.md": "+++\ndate = 2025-10-26T02:30:00\n+++\n",
        }
    )
    posts = listed(cli, root)
    assert posts["content/gap.md"]["date"] == "2025-03-30T03:25:34+02:00"
    rows = hugo_rows(root)
    if rows is not None:
        assert rows["content/gap.md"]["date"] == posts["content/gap.md"]["date"]
        assert rows["content/fold.md"]["date"] == posts["content/fold.md"]["date"]


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("0x1F", "31"),
        ("1e3", "1000"),
        (".5", "0.5"),
        ("1_000", "1000"),
        ("-0b101", "-5"),
        ("12:30", "12:30"),
        ("2024-01-01", "2024-01-01"),
        ("1e400", "1e400"),
        ("9223372036854775808", "9223372036854775808"),
        ("-9223372036854775809", "-9223372036854776000"),
        ("08", "8"),
        ("Off", "false"),
        ("~", ""),
    ],
)
def test_yaml_scalars_are_go_yaml_v2s(raw: str, title: str) -> None:
    from bot.hugo.values import to_string

    assert to_string(read(f"---\ntitle: {raw}\n---\n").data["title"]) == title
