"""The site's JSON Schema (`pressbot schema`) and `pressbot check --select schema` give the
same verdict on every post of a table of front matters, judged by a real JSON Schema
validator (jsonschema, Draft 2020-12, format checking on) and by the real CLI on real sites.

check is the reference (it reads front matter as Jekyll does); the JSON Schema follows it.
The cases JSON Schema cannot express are in the table too, marked with the reason (the
README lists them under "What the JSON Schema cannot check"): for them the two verdicts
must differ, so the list stays true."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import write_site
from tests.inputkit import pressbot

SITES: dict[str, dict[str, str]] = {
    "default": {},
    "strict": {
        ".pressbot.yml": (
            "required: [title, date, author, categories]\n"
            "categories: [News, World, '2021', 'C++', '1.5', a.b, '(x)']\n"
            "tags: [python, yaml]\n"
            "authors_from_data: true\n"
            "max_length: {title: 10, excerpt: 20}\n"
            "unknown_fields: forbid\n"
            "extra_fields: [subtitle]\n"
        ),
        "_data/authors.yml": "ann:\n  name: Ann\nbob:\n  name: Bob\n",
    },
    "loose": {
        ".pressbot.yml": "categories: [News]\nmax_length: {excerpt: 5}\n",
    },
    "no-authors-file": {".pressbot.yml": "authors_from_data: true\n"},
    "hostile": {
        ".pressbot.yml": 'categories: ["C++", a.b, "(x)", "[y]", a|b, "^$", "back\\\\slash", 안녕]\n'
    },
    "defaults": {
        "_config.yml": "defaults:\n  - scope: {path: ''}\n    values: {title: From defaults}\n",
    },
}

BASE: dict[str, dict[str, str]] = {
    "default": {"title": "Hi"},
    "strict": {"title": "Hi", "author": "ann", "categories": "[News]", "date": "2026-01-02"},
    "loose": {"title": "Hi"},
    "no-authors-file": {"title": "Hi"},
    "hostile": {"title": "Hi"},
    "defaults": {},
}


@dataclass(frozen=True)
class Case:
    site: str
    fields: tuple[tuple[str, str | None], ...]
    valid: bool
    differs: str = ""
    """Why JSON Schema cannot agree: then the verdicts must differ (``valid`` is check's)."""
    pending: str = field(default="", compare=False)


def c(site: str, valid: bool, differs: str = "", pending: str = "", **fields: str | None) -> Case:
    return Case(site, tuple(fields.items()), valid, differs, pending)


# Field values are YAML as written in the front matter; None removes the field.
CASES = [
    c("default", True),
    c("default", False, title='""'),
    c("default", False, title=""),
    c("default", False, title=None),
    c("default", True, title='"  "'),
    c("default", False, title="123"),
    c("default", False, title="[a]"),
    c("default", True, categories="[]"),
    c("default", True, categories="Sport"),
    c("default", True, categories="[1, 2.5, x]"),
    c("default", False, categories="[true]"),
    c("default", False, categories="{a: 1}"),
    c("default", True, category="Sport"),
    c("default", True, category="[a, 2]"),
    c("default", False, category="[[a]]"),
    c("default", True, tag="[a]"),
    c("default", True, render_with_liquid="false"),
    c("default", False, render_with_liquid='"false"'),
    c("default", True, excerpt_separator='"<!--more-->"'),
    c("default", False, excerpt_separator="[a]"),
    c("default", True, tag="1"),
    c("default", True, tags="a b"),
    c("default", False, tags="[[a]]"),
    c("default", True, author='""'),
    c("default", True, author="[ann, bob]"),
    c("default", True, author="{name: Ann, email: a@example.org}"),
    c("default", False, author="{email: a@example.org}"),
    c("default", False, author="[1]"),
    c("default", False, author="{name: 1}"),
    c("default", True, authors="[ann]"),
    c("default", False, authors="ann"),
    c("default", True, image="/a.png"),
    c("default", True, image="{path: /a.png, alt: A}"),
    c("default", False, image="{alt: A}"),
    c("default", False, image="[a]"),
    c("default", False, image="{path: /a.png, alt: 1}"),
    c("default", True, published="false"),
    c("default", True, published="true"),
    c("default", True, published=""),
    c("default", True, published="yes"),
    c("default", False, published='"false"'),
    c("default", False, published="0"),
    c("default", False, date='"2026-13-45"'),
    c("default", False, date="2026-13-45"),
    c("default", True, date='"2026-02-30"'),  # rolled over: a warning, not invalid
    c("default", True, date='"2026-02-29"'),  # rolled over: a warning, not invalid
    c("default", True, date='"2024-02-29"'),
    c("default", True, date='"2000-02-29"'),
    c("default", True, date='"1900-02-29"'),  # rolled over: a warning, not invalid
    c("default", False, date='"0000-01-01"'),
    c("default", True, date="2026-01-02 10:00:00 +0100"),
    c("default", True, date='"2026-01-02"'),
    c("default", True, date="2026-02-30"),  # rolled over: a warning, not invalid
    c("default", True, date='" 2026-02-30"'),  # rolled over: a warning, not invalid
    c("default", True, date='"2026-02-30x"'),  # rolled over: a warning, not invalid
    c("default", False, date='"2026-02-301"'),
    c("default", True, date='"2026-02-30T10:00:00"'),  # rolled over: a warning, not invalid
    c("default", True, date="2026-04-31 10:00:00"),  # rolled over: a warning, not invalid
    c("default", True, date='"2026-01-02T10:00:00Z"'),
    c("default", True, date='"9999-12-31"'),
    c("default", True, date='"20260230"'),
    c("default", True, date="2026-1-5"),
    c("default", False, date="2026-1-32", differs="date spellings other than YYYY-MM-DD"),
    c("default", False, date="[2026]"),
    c("default", False, last_modified_at='"2026-13-01"'),
    c("default", True, last_modified_at="2026-03-01"),
    c("default", False, date='"yesterday"', differs="date spellings other than YYYY-MM-DD"),
    c("default", False, date='"2026-01-02 25:00"', differs="a time of day Ruby cannot read"),
    c("default", False, date='"' + "2026-01-02 " + "x" * 200 + '"'),
    c("default", True, id="7"),
    c("default", True, id="x"),
    c("default", False, id="1.5"),
    c("default", False, id="1.0", differs="JSON Schema counts 1.0 as an integer"),
    c("default", True, tittle="x"),
    c("default", False, layout="1"),
    c("default", True, redirect_from="[/a, /b]"),
    c("default", False, redirect_from="[1]"),
    c("default", True, comments="false"),
    c("default", False, comments='"no"'),
    c("strict", True),
    c("strict", False, title='""'),
    c("strict", True, title="0123456789"),
    c("strict", False, title="0123456789x"),
    c("strict", True, title="한국어한국어한국어한"),
    c("strict", True, excerpt=""),
    c("strict", True, excerpt='""'),
    c("strict", True, excerpt="x" * 20),
    c("strict", False, excerpt="x" * 21),
    c("strict", False, excerpt="5"),
    c("strict", False, categories="[]"),
    c("strict", False, categories=None),
    c("strict", False, categories="Sport"),
    c("strict", True, categories="News"),
    c("strict", True, categories="News World"),
    c("strict", True, categories='" News   World "'),
    c("strict", False, categories="NewsWorld"),
    c("strict", False, categories="news"),
    c("strict", False, categories="[News, Sport]"),
    c("strict", True, categories="[2021, News]"),
    c("strict", True, categories="[1.5]"),
    c("strict", True, categories="2021 C++"),
    c("strict", True, categories="[C++]"),
    c("strict", False, categories="[C+]"),
    c("strict", True, categories="a.b (x)"),
    c("strict", False, categories="axb"),
    c("strict", False, categories="x"),
    c("strict", True, categories='"News\\tWorld"'),
    c("strict", False, categories="[News, 2022]"),
    c("strict", False, categories="[2021.0]", differs="JSON Schema equates 2021 and 2021.0"),
    c("strict", True, category="News"),
    c("strict", True, category="2021"),
    c("strict", False, category="Sport"),
    c("strict", True, category="[News, 2021]"),
    c("strict", False, category="[News, Sport]"),
    c("strict", True, tags="python"),
    c("strict", True, tags='""'),
    c("strict", True, tags="python yaml"),
    c("strict", False, tags="[python, go]"),
    c("strict", False, tags="go"),
    c("strict", True, tag="yaml"),
    c("strict", False, tag="go"),
    c("strict", False, author='""'),
    c("strict", False, author="carol"),
    c("strict", True, author="[ann, bob]"),
    c("strict", False, author="[ann, carol]"),
    c("strict", False, author="[]"),
    c("strict", True, author="{name: ann}"),
    c("strict", False, author="{name: carol}"),
    c("strict", True, authors="[bob]"),
    c("strict", False, authors="[carol]"),
    c("strict", False, date=None),
    c("strict", False, date='""'),
    c("strict", True, subtitle="x"),
    c("strict", False, tittle="x"),
    c("strict", False, **{"1": "x"}),
    c("strict", True, image="{path: /a.png, alt: A, credit: B}"),
    c("loose", True),
    c("loose", True, excerpt=""),
    c("loose", True, excerpt='"12345"'),
    c("loose", False, excerpt="123456"),
    c("loose", True, tittle="1"),
    c("loose", True, categories="News News"),
    c("loose", False, categories="Sport"),
    c("loose", True, tags="anything at all"),
    c("loose", True, author="anyone"),
    c("no-authors-file", False, author="ann"),
    c("no-authors-file", True, author=""),
    c("no-authors-file", True),
    c("hostile", True, categories='"C++ a.b (x) [y] a|b ^$ 안녕"'),
    c("hostile", True, categories='"back\\\\slash"'),
    c("hostile", True, categories='["back\\\\slash", "[y]"]'),
    c("hostile", False, categories="axb"),
    c("hostile", False, categories="a"),
    c("hostile", False, categories='"^"'),
    c("hostile", False, categories='"C+"'),
    c("hostile", False, categories="backslash"),
    c("hostile", False, categories='"[y] (x)x"'),
    c("defaults", True, differs="`defaults` of _config.yml, which check applies first"),
    c("defaults", True, title="Own"),
]


def front_matter(case: Case) -> str:
    fields: dict[str, str | None] = {**BASE[case.site], **dict(case.fields)}
    lines = [f"{key}: {value}".rstrip() for key, value in fields.items() if value is not None]
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n\nText.\n"


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor hands it to a JSON Schema validator: dates stay text."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in found if tag != "tag:yaml.org,2002:timestamp"]
    for first, found in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def instance(text: str) -> Any:
    data = yaml.load(text.split("---\n")[1], Loader=EditorLoader)  # a SafeLoader
    return json.loads(json.dumps(data or {}))  # keys as JSON has them: text


@dataclass
class Verdicts:
    check: dict[Case, bool]
    schema: dict[Case, bool]
    messages: dict[Case, list[str]]


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> Verdicts:
    out = Verdicts({}, {}, {})
    for name, files in SITES.items():
        cases = [case for case in CASES if case.site == name]
        posts = {
            f"_posts/2026-01-01-case{i}.md": front_matter(case) for i, case in enumerate(cases)
        }
        root = write_site(tmp_path_factory.mktemp(name), {**files, **posts})
        done = pressbot("check", "--select", "schema", "--format", "json", "--site", root)
        assert done.code in (0, 1) and done.err == "", done
        found: dict[str, list[str]] = {}
        for f in json.loads(done.out)["findings"]:
            found.setdefault(f["path"], []).append(f"{f['rule']}: {f['message']}")
        done = pressbot("schema", "--site", root)
        assert done.code == 0 and done.err == "", done
        schema = json.loads(done.out)
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        for i, case in enumerate(cases):
            path = f"_posts/2026-01-01-case{i}.md"
            out.check[case] = path not in found
            out.messages[case] = found.get(path, [])
            out.schema[case] = validator.is_valid(instance(posts[path]))
    return out


def _id(case: Case) -> str:
    shown = ",".join(f"{k}={v}" for k, v in case.fields) or "base"
    return f"{case.site}:{shown[:60]}"


def _params() -> list[Any]:
    return [
        pytest.param(
            case,
            id=_id(case),
            marks=[pytest.mark.xfail(reason=case.pending, strict=False)] if case.pending else [],
        )
        for case in CASES
    ]


@pytest.mark.parametrize("case", _params())
def test_schema_and_check_agree(case: Case, verdicts: Verdicts) -> None:
    checked, by_schema = verdicts.check[case], verdicts.schema[case]
    where = (front_matter(case), verdicts.messages[case])
    if case.pending:  # what the JSON Schema says already
        assert by_schema is case.valid, where
    assert checked is case.valid, where
    if case.differs:
        assert by_schema is not checked, (case.differs, where)
    else:
        assert by_schema is checked, where


def test_the_cases_are_distinct() -> None:
    assert len(set(CASES)) == len(CASES)


def test_the_readme_lists_what_the_schema_cannot_check() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    _, _, section = readme.partition("What the JSON Schema cannot check")
    assert section
    for phrase in ("defaults", "YYYY-MM-DD", "2021.0", "1.0", "time of day"):
        assert phrase in section[:3000], phrase
