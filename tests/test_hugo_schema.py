"""The schema rules on a Hugo site: a fixture site whose `content/flag/` pages are each
flagged as `strict.expected` says and whose `content/pass/` pages are not; real Hugo reads
the flagged pages as the messages say; and `pressbot schema` on a Hugo site gives the same
verdict as check on a table of front matters (TOML and JSON, keys in any case), judged by a
real JSON Schema validator. The cases JSON Schema cannot express are marked: for them the
verdicts must differ, so the list stays true."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from bot.hugo.frontmatter import tomllib  # tomli before Python 3.11
from tests.conftest import FIXTURES, ROOT, write_site
from tests.inputkit import pressbot

FIXTURE = FIXTURES / "hugo-schema"


def _copy(tmp_path: Path) -> Path:
    site = tmp_path / "strict"
    shutil.copytree(FIXTURE / "strict", site)
    return site


def test_flag_pages_are_flagged_as_expected_and_pass_pages_are_not(tmp_path: Path) -> None:
    site = _copy(tmp_path)
    done = pressbot("check", "--select", "schema", "--format", "text", "--site", site, cwd=site)
    assert done.code == 1, done
    found = [line for line in done.out.splitlines() if line.startswith("content/")]
    expected = (FIXTURE / "strict.expected").read_text(encoding="utf-8").splitlines()
    assert found == expected
    flagged = {line.split(":", 1)[0] for line in found}
    pages = {p.relative_to(site).as_posix() for p in (site / "content").rglob("*.md")}
    assert flagged == {p for p in pages if p.startswith("content/flag/")}
    assert not flagged & {p for p in pages if p.startswith("content/pass/")}


@pytest.mark.usefixtures("hugo_oracle")
def test_hugo_reads_the_flagged_pages_as_the_messages_say(tmp_path: Path) -> None:
    """`draft: "yes"` is not a draft, `title: yes` is the text "true"; `draft: "true"` is a
    draft. (A date Hugo cannot read is `hugo/invalid-date`'s, tested with the Hugo rules.)"""
    site = _copy(tmp_path)
    run = subprocess.run(
        ["hugo", "list", "all"], cwd=site, capture_output=True, text=True, timeout=120, check=True
    )
    rows = {row["path"]: row for row in csv.DictReader(io.StringIO(run.stdout))}
    assert rows["content/flag/draft-yes.md"]["draft"] == "false"
    assert rows["content/pass/draft-text.md"]["draft"] == "true"
    assert rows["content/flag/title-yaml-bool.md"]["title"] == "true"
    assert rows["content/pass/json-weight.md"]["publishDate"].startswith("2026-01-05")


def test_messages_name_fields_as_hugo_spells_them(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "hugo.toml": 'title = "x"\n',
            ".pressbot.yml": "unknown_fields: forbid\n",
            "content/a.md": '+++\ntitle = "a"\nLinkTitle = [3]\nlinktitel = "x"\n+++\n',
        },
    )
    done = pressbot("check", "--select", "schema", "--site", site, cwd=site)
    assert "content/a.md:3:1: error schema/type linkTitle: " in done.out
    assert 'unknown field "linktitel" (did you mean "linkTitle"?)' in done.out


HUGO_KEYS = (
    # hugolib/page__meta.go setMetadata (Hugo 0.111), its dates and `_build`, `cascade`
    'title = "a"\nlinkTitle = "a"\nsummary = "s"\ndescription = "d"\nslug = "a"\nurl = "/a/"\n'
    'type = "post"\nkeywords = ["k"]\nheadless = false\noutputs = ["html"]\ndraft = false\n'
    'layout = "single"\nmarkup = "markdown"\nweight = 1\naliases = ["/b/"]\n'
    'isCJKLanguage = false\ntranslationKey = "a"\npublished = true\n'
    "date = 2026-01-05\npublishDate = 2026-01-05\npubdate = 2026-01-05\n"
    "lastmod = 2026-01-05\nmodified = 2026-01-05\n"
    "expiryDate = 2099-01-05\nunpublishdate = 2099-01-05\n"
    # the page's values Hugo's own templates read (Open Graph, Twitter cards, schema, Disqus)
    'images = ["/a.png"]\nvideos = ["/a.mp4"]\naudio = ["/a.mp3"]\nseries = ["s"]\n'
    'locale = "en_GB"\ndisqus_identifier = "a"\ndisqus_title = "a"\ndisqus_url = "/a/"\n'
    'menu = "main"\n[_build]\nlist = "always"\n[sitemap]\npriority = 0.5\n'
    '[[resources]]\nsrc = "*.png"\n[[cascade]]\ntype = "post"\n'
)


def test_the_keys_hugo_reads_are_known_fields(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "hugo.toml": 'title = "x"\n',
            ".pressbot.yml": "unknown_fields: forbid\n",
            "content/a.md": f"+++\n{HUGO_KEYS}+++\n",
        },
    )
    done = pressbot("check", "--select", "schema", "--site", site, cwd=site)
    assert done.code == 0, done


def test_a_jekyll_site_is_not_judged_by_the_hugo_model(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {"_config.yml": "title: x\n", "_posts/2026-01-01-a.md": "---\ntitle: a\nweight: x\n---\n"},
    )
    done = pressbot("check", "--select", "schema", "--site", site, cwd=site)
    assert done.code == 0, done


# --- pressbot schema -----------------------------------------------------------------------


def test_schema_of_a_hugo_site_is_the_hugo_schema_and_generator_chooses(tmp_path: Path) -> None:
    shipped = (ROOT / "schemas" / "hugo-front-matter.schema.json").read_text(encoding="utf-8")
    site = write_site(tmp_path / "site", {"hugo.toml": 'title = "x"\n', "content/a.md": ""})
    done = pressbot("schema", "--site", site, cwd=site)
    assert done.code == 0 and done.out == shipped, done
    assert pressbot("schema", "--generator", "hugo", cwd=tmp_path).out == shipped
    jekyll = pressbot("schema", "--generator", "jekyll", "--site", site, cwd=site)
    assert jekyll.out == (ROOT / "schemas" / "post.schema.json").read_text(encoding="utf-8")
    schema = json.loads(shipped)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["required"] == ["title"]
    assert {"publishDate", "expiryDate", "linkTitle", "isCJKLanguage"} <= set(schema["properties"])


# --- the JSON Schema agrees with check -------------------------------------------------------

SITES: dict[str, dict[str, str]] = {
    "default": {},
    "strict": {
        ".pressbot.yml": (
            "required: [title, date]\n"
            "categories: [News, Sport]\n"
            "tags: [harbour]\n"
            "authors_from_data: true\n"
            "max_length: {title: 10}\n"
            "unknown_fields: forbid\n"
            "extra_fields: [subtitle]\n"
        ),
        "data/authors.yaml": "ann: {}\nbob: {}\n",
    },
    "terms": {
        ".pressbot.yml": (
            "categories: [News, '2021', '1.5', 'true', '1000000000000000000000', '2021-01-01']\n"
            "tags: [a]\n"
            "unknown_fields: forbid\n"
            "max_length: {excerpt: 3}\n"
        ),
    },
    "lengths": {".pressbot.yml": "max_length: {title: 3, excerpt: 3}\n"},
    "series": {"hugo.toml": 'title = "x"\n[taxonomies]\ntag = "tags"\nseries = "series"\n'},
}

# (site, valid, front matter as TOML lines or a JSON object, why JSON Schema differs)
CASES: list[tuple[str, bool, str, str]] = [
    ("default", True, 'title = "a"', ""),
    ("default", False, 'title = ""', ""),
    ("default", False, "weight = 1", ""),
    ("default", True, 'title = "a"\nweight = 3', ""),
    ("default", True, 'title = "a"\nweight = "3"', ""),
    ("default", False, 'title = "a"\nweight = "010"', ""),
    ("default", True, "title = 2021\nslug = 1984\nurl = 7", ""),
    ("default", False, "title = true", ""),
    ("default", False, 'title = "a"\nweight = 3.5', ""),
    ("default", True, '{"title": "a", "weight": 3}', ""),
    ("default", False, '{"title": "a", "weight": 3.5}', ""),
    ("default", True, 'title = "a"\naliases = "/x/ /y/"', ""),
    ("default", True, 'title = "a"\naliases = ["/x/"]', ""),
    ("default", False, 'title = "a"\naliases = [1]', ""),
    ("default", True, 'title = "a"\ndraft = true', ""),
    ("default", True, 'title = "a"\ndraft = "True"', ""),
    ("default", False, 'title = "a"\ndraft = "yes"', ""),
    ("default", False, 'title = "a"\nDraft = "no"', ""),
    ("default", False, 'title = "a"\ndraft = 1', ""),
    ("default", True, 'title = "a"\ntags = "one tag"', ""),
    ("default", True, 'title = "a"\ntags = [1, 1.5, true]', ""),  # the terms "1", "1.5", "true"
    # a mapping makes no term, and the build goes on: `hugo/term-value` warns
    ("default", True, 'title = "a"\ncategories = {a = 1}', ""),
    ("default", True, 'title = "a"\ncategories = [["a"], {a = 1}, ""]', ""),
    ("default", True, 'title = "a"\ndate = 2026-01-02', ""),
    ("default", True, 'title = "a"\npublishDate = 2026-01-02T10:00:00+01:00', ""),
    ("default", True, 'title = "a"\nPUBLISHDATE = "2026-01-02"', ""),
    ("default", True, 'title = "a"\npublishdate = 1700000000', ""),
    ("default", False, 'title = "a"\npublishdate = 1.5', ""),
    ("default", False, 'title = "a"\nexpiryDate = "2026-13-01"', "dates Hugo's layouts read"),
    ("default", False, 'title = "a"\ndate = "tomorrow"', "dates Hugo's layouts read"),
    ("default", True, 'title = "a"\n[params]\nx = 1', ""),
    ("default", False, 'title = "a"\nparams = "x"', ""),
    ("default", True, 'title = "a"\n[_build]\nlist = "never"', ""),
    ("default", True, 'title = "a"\n[_build]\nlist = 1', ""),  # Hugo's 1: always
    ("default", False, 'title = "a"\n[_build]\nlist = [1]', ""),
    ("default", True, 'title = "a"\n[sitemap]\npriority = 1', ""),
    ("default", False, 'title = "a"\n[[resources]]\ntitle = "x"', ""),
    ("default", True, 'title = "a"\ntittle = "x"', ""),
    ("default", True, 'Title = "a"', "a required field written in another case"),
    ("strict", True, 'title = "a"\ndate = 2026-01-02', ""),
    ("strict", False, 'title = "a"', ""),
    ("strict", False, 'title = "a"\ndate = 2026-01-02\ntittle = "x"', ""),
    ("strict", True, 'title = "a"\ndate = 2026-01-02\nsubtitle = "x"', ""),
    ("strict", True, 'title = "a"\ndate = 2026-01-02\nLinkTitle = "x"', ""),
    ("strict", True, 'title = "a"\ndate = 2026-01-02\npubdate = 2026-01-03', ""),
    ("strict", False, 'title = "0123456789x"\ndate = 2026-01-02', ""),
    ("strict", True, 'title = "a"\ndate = 2026-01-02\ncategories = "News"', ""),
    ("strict", False, 'title = "a"\ndate = 2026-01-02\ncategories = "News Sport"', ""),
    ("strict", True, 'title = "a"\ndate = 2026-01-02\ncategories = ["News", "Sport"]', ""),
    ("strict", False, 'title = "a"\ndate = 2026-01-02\ncategories = ["news"]', ""),
    ("strict", False, 'title = "a"\ndate = 2026-01-02\ntags = ["ferry"]', ""),
    ("strict", True, 'title = "a"\ndate = 2026-01-02\nauthor = "ann"', ""),
    ("strict", False, 'title = "a"\ndate = 2026-01-02\nauthor = "carol"', ""),
    ("strict", False, 'title = "a"\ndate = 2026-01-02\nauthors = ["ann", "carol"]', ""),
    ("strict", True, '{"title": "a", "date": "2026-01-02", "Weight": 2.0}', ""),
    ("strict", True, '{"title": "a", "Date": "2026-01-02"}', "a required field in another case"),
    # a term is the text Hugo makes of the value (cast.ToString); a list or mapping inside
    # the list, a null and the empty text make none
    ("terms", True, 'title = "a"\ncategories = 2021', ""),
    ("terms", True, 'title = "a"\ncategories = [2021, 1.5, true, "News"]', ""),
    ("terms", True, 'title = "a"\ncategories = 2021.0', ""),  # the term "2021"
    ("terms", True, 'title = "a"\ncategories = 1e21', ""),  # "1000000000000000000000"
    ("terms", True, '{"title": "a", "categories": [2021.0, 1.5]}', ""),
    ("terms", False, 'title = "a"\ncategories = 2022', ""),
    ("terms", False, 'title = "a"\ncategories = [false]', ""),
    ("terms", False, 'title = "a"\ncategories = "2021 News"', ""),  # one term
    ("terms", False, 'title = "a"\ntags = [true]', ""),
    ("terms", False, 'title = "a"\ntags = 1', ""),
    ("terms", False, 'title = "a"\ntags = ["a", 1.5]', ""),
    ("terms", True, 'title = "a"\ncategories = [["News"]]', ""),
    ("terms", True, 'title = "a"\ncategories = [["x"], {x = 1}]', ""),
    ("terms", True, 'title = "a"\ncategories = {x = 1}', ""),
    ("terms", True, 'title = "a"\ncategories = ""', ""),
    ("terms", True, 'title = "a"\ntags = ["", "a"]', ""),
    ("terms", True, "---\ntitle: a\ncategories: [~, News, 2021]", ""),
    ("terms", True, "---\ntitle: a\ncategories:", ""),
    ("terms", True, "---\ntitle: a\ncategories: '2021-01-01'", ""),
    ("terms", False, "---\ntitle: a\ntags: [true]", ""),
    ("terms", True, "---\ntitle: a\ncategories: 2021-01-01", ""),  # text to Hugo's YAML
    # Hugo has no `excerpt` (its field is `summary`): unknown, whatever `max_length` says
    ("terms", False, 'title = "a"\nexcerpt = "ab"', ""),
    ("terms", True, 'title = "a"\nsummary = "abcdef"', ""),
    ("lengths", True, 'title = "a"\nexcerpt = "ab"', ""),
    ("lengths", False, 'title = "a"\nexcerpt = "abcd"', ""),
    ("lengths", False, 'title = "abcd"', ""),
    ("lengths", True, "title = 1234", ""),  # a number is no text to measure
    # a taxonomy of the site's own takes any value, as `tags` and `categories` do
    ("series", True, 'title = "a"\nseries = [1, ["x"], {a = 1}]', ""),
    ("series", True, 'title = "a"\nseries = {a = 1}', ""),
    ("series", False, 'title = "a"\ncategories = {a = 1}', ""),  # not a taxonomy here
    ("series", True, 'title = "a"\ncategories = [["x"], 1]', ""),
]


def _as_written(text: str) -> dict[str, Any]:
    """The front matter as an editor's JSON Schema validator sees it (TOML dates as text)."""
    if text.startswith("{"):
        data: dict[str, Any] = json.loads(text)
        return data
    if text.startswith("---"):
        return dict(yaml.load(text[4:], Loader=_Yaml12) or {})

    def plain(value: Any) -> Any:
        if isinstance(value, (dt.date, dt.time)):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return dict(plain(tomllib.loads(text)))


class _Yaml12(yaml.SafeLoader):
    """YAML as an editor reads it: a timestamp is text."""


_Yaml12.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in found if tag != "tag:yaml.org,2002:timestamp"]
    for first, found in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _page(text: str) -> str:
    if text.startswith("---"):
        return f"{text}\n---\n"
    return f"{text}\n" if text.startswith("{") else f"+++\n{text}\n+++\n"


def test_json_schema_and_check_agree(tmp_path: Path) -> None:
    verdicts: dict[tuple[str, int], tuple[bool, bool]] = {}
    for name, extra in SITES.items():
        files = {"hugo.toml": 'title = "x"\n', **extra}
        mine = [(i, case) for i, case in enumerate(CASES) if case[0] == name]
        for index, (_, _, text, _) in mine:
            files[f"content/case-{index}.md"] = _page(text)
        site = write_site(tmp_path / name, files)
        rules = "schema,hugo/invalid-date"  # a date Hugo cannot read is the Hugo rule's
        done = pressbot("check", "--select", rules, "--format", "json", "--site", site)
        assert done.code in (0, 1), done
        flagged = {f["path"] for f in json.loads(done.out)["findings"]}
        schema = pressbot("schema", "--site", site, cwd=site)
        assert schema.code == 0, schema
        validator = jsonschema.Draft202012Validator(json.loads(schema.out))
        for index, (_, _, text, _) in mine:
            by_check = f"content/case-{index}.md" not in flagged
            verdicts[(name, index)] = (by_check, validator.is_valid(_as_written(text)))
    wrong = []
    for index, (name, valid, text, differs) in enumerate(CASES):
        by_check, by_schema = verdicts[(name, index)]
        if by_check != valid or (by_schema != by_check) != bool(differs):
            wrong.append((name, text, valid, by_check, by_schema, differs))
    assert wrong == [], "\n".join(map(repr, wrong))
