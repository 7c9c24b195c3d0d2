"""`pressbot check --format sarif` as GitHub code scanning reads it, validated against the
official SARIF 2.1.0 JSON Schema (tests/fixtures/sarif/, see SOURCE.md there) with format
checking on: URIs are repository-relative, percent-encoded `uri-reference`s that name the
exact file; fingerprints are unique per finding and survive lines inserted above; every rule
carries its summary, help and link."""

from __future__ import annotations

import json
import os
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

import jsonschema
import pytest

from tests.conftest import EXAMPLE_SITE, ROOT, git_init, write_site
from tests.inputkit import pressbot

FIXTURES = Path(__file__).parent / "fixtures" / "sarif"
NO_TITLE = b"---\nlayout: post\n---\n\nText.\n"

HOSTILE_NAMES = [
    "2026-01-02-my post.md",
    "2026-01-03-안녕#1.md",
    "2026-01-04-100%.md",
    "2026-01-04-%41.md",
    "2026-01-05-why?.md",
    "2026-01-06-back\\slash.md",
    unicodedata.normalize("NFD", "2026-01-07-café.md"),
    unicodedata.normalize("NFC", "2026-01-07-café.md"),
    "2026-01-08-a:b.md",
    '2026-01-09-[x]{y}<z>|`^".md',
    "2026-01-10-tab\there.md",
    "2026-01-11-\u202eevil.md",
]
"""File names that break a URI written as-is: space, `#` (a fragment), `%` (an escape),
`?` (a query), backslash, two normal forms of one name, `:` (a scheme), characters RFC 3986
never allows, a control and a bidirectional override."""


@cache
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    # Every format jsonschema knows: draft 4's own checker has no `uri-reference`.
    checker = jsonschema.FormatChecker()
    assert {"uri", "uri-reference", "date-time"} <= set(checker.checkers)
    return jsonschema.Draft4Validator(schema, format_checker=checker)


def assert_valid(doc: Any) -> None:
    errors = sorted(validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def sarif_of(*args: str | os.PathLike[str], cwd: Path | None = None) -> dict[str, Any]:
    done = pressbot("check", "--format", "sarif", *args, cwd=cwd)
    assert done.code in (0, 1) and done.err == "", done
    doc: dict[str, Any] = json.loads(done.out)
    assert_valid(doc)
    return doc


def uris(doc: dict[str, Any]) -> list[str]:
    return [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in doc["runs"][0]["results"]
    ]


def prints(doc: dict[str, Any]) -> list[str]:
    return [r["partialFingerprints"]["pressbot/v2"] for r in doc["runs"][0]["results"]]


def test_the_format_checker_is_on() -> None:
    """A URI that is not a `uri-reference` fails: the validation below means something."""
    from bot.problem import Finding
    from bot.render.findings import render

    finding = Finding(path="_posts/a.md", line=1, column=1, rule="schema/required", message="m")
    doc = json.loads(render("sarif", [finding], 1))
    assert_valid(doc)
    location = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    for bad in ("_posts/my post.md", "_posts/a#b#c.md", "_posts/100%.md", "_posts/\\x.md"):
        location["artifactLocation"]["uri"] = bad
        assert not validator().is_valid(doc), bad
    doc["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = "not a uri"
    location["artifactLocation"]["uri"] = "_posts/a.md"
    assert not validator().is_valid(doc)


def test_the_example_site_is_valid_sarif() -> None:
    doc = sarif_of(EXAMPLE_SITE)
    assert doc["runs"][0]["results"], "the example site has findings to render"
    in_git = (ROOT / ".git").exists()  # the example site is in the project's repository
    top, prefix = (ROOT, "examples/site/") if in_git else (EXAMPLE_SITE, "")
    for uri in uris(doc):
        assert uri.startswith(prefix), uri
        assert (top / unquote_to_bytes(uri).decode()).is_file(), uri
    assert len(set(prints(doc))) == len(prints(doc))


def test_hostile_file_names(tmp_path: Path) -> None:
    """Each name becomes one valid URI that decodes to its exact bytes."""
    site = write_site(tmp_path / "site", {"_config.yml": "title: x\n"})
    posts = site / "_posts"
    posts.mkdir()
    names = [os.fsencode(name) for name in HOSTILE_NAMES] + [b"2026-01-12-caf\xe9.md"]
    for name in names:
        with open(os.path.join(os.fsencode(posts), name), "wb") as f:
            f.write(NO_TITLE)
    doc = sarif_of("--select", "schema", site)  # (names with control characters have more)
    got = {unquote_to_bytes(uri) for uri in uris(doc)}
    assert got == {b"_posts/" + name for name in names}
    assert len(uris(doc)) == len(names)  # one finding each, none merged
    for uri in uris(doc):
        assert uri.isascii() and " " not in uri and "#" not in uri and "?" not in uri
    assert len(set(prints(doc))) == len(names)


def _repository(tmp_path: Path) -> Path:
    top = git_init(tmp_path / "repo")
    write_site(
        top,
        {
            "README.md": "repo\n",
            "docs/_config.yml": "title: docs\n",
            "docs/_posts/2026-01-01-my post.md": NO_TITLE.decode(),
        },
    )
    return top


def test_a_site_in_a_folder_gets_repository_relative_uris(tmp_path: Path) -> None:
    """Code scanning resolves URIs against the repository root: every way of naming the site
    `docs/` gives `docs/_posts/...`, which names the file from the top."""
    top = _repository(tmp_path)
    docs = top / "docs"
    post = docs / "_posts" / "2026-01-01-my post.md"
    runs = {
        "--site docs from the top": sarif_of("--site", "docs", cwd=top),
        "--site with an absolute path": sarif_of("--site", docs, cwd=tmp_path),
        "inside docs/": sarif_of(cwd=docs),
        "inside docs/_posts/": sarif_of(cwd=docs / "_posts"),
        "--site . inside docs/": sarif_of("--site", ".", cwd=docs),
        "the site as an argument": sarif_of(docs, cwd=top),
        "a post as an argument": sarif_of(post.relative_to(top), cwd=top),
    }
    for how, doc in runs.items():
        assert uris(doc) == ["docs/_posts/2026-01-01-my%20post.md"], how
        assert (top / unquote_to_bytes(uris(doc)[0]).decode()).is_file()
    assert len({tuple(prints(doc)) for doc in runs.values()}) == 1
    for cwd in (top, docs):  # annotations, too, name the file from the top
        done = pressbot("check", "--format", "github", "--site", docs, cwd=cwd)
        assert done.out.startswith("::error file=docs/_posts/2026-01-01-my post.md,"), done
    done = pressbot("check", "--format", "json", "--site", docs, cwd=top)  # a site's own view
    assert json.loads(done.out)["findings"][0]["path"] == "_posts/2026-01-01-my post.md"


def test_a_site_at_the_top_or_outside_git_has_no_prefix(tmp_path: Path) -> None:
    top = git_init(tmp_path / "repo")
    write_site(top, {"_posts/2026-01-01-a.md": NO_TITLE.decode()})
    assert uris(sarif_of(cwd=top)) == ["_posts/2026-01-01-a.md"]
    loose = write_site(tmp_path / "loose", {"_posts/2026-01-01-a.md": NO_TITLE.decode()})
    assert uris(sarif_of(loose)) == ["_posts/2026-01-01-a.md"]


def test_a_folder_name_that_needs_encoding(tmp_path: Path) -> None:
    top = git_init(tmp_path / "repo")
    write_site(top, {"my docs #2/_posts/2026-01-01-a.md": NO_TITLE.decode()})
    doc = sarif_of("--site", "my docs #2", cwd=top)
    assert uris(doc) == ["my%20docs%20%232/_posts/2026-01-01-a.md"]


BODY = "zero\u200bwidth\n"
POST = "---\ntitle: T\n---\n\n" + BODY + "other\n" + BODY + "Zero\u200bwidth\n"


def test_identical_findings_on_different_lines_keep_apart(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"_posts/2026-01-01-a.md": POST})
    results = sarif_of(site)["runs"][0]["results"]
    messages = {r["message"]["text"] for r in results}
    assert len(results) == 3 and len(messages) == 1  # the same finding, three times
    assert len(set(prints(sarif_of(site)))) == 3


@pytest.mark.parametrize(
    "edit",
    [
        lambda text: text.replace("title: T\n", "title: T\nlayout: post\ntags: [a]\n"),
        lambda text: text.replace("---\n\n", "---\n\nA new paragraph.\n\n\n", 1),
        lambda text: text.replace("other\n", "other\nmore\nand more\n"),
    ],
    ids=["front-matter", "body-above", "between"],
)
def test_fingerprints_survive_lines_inserted_above(tmp_path: Path, edit: Any) -> None:
    site = write_site(tmp_path / "site", {"_posts/2026-01-01-a.md": POST})
    before = sarif_of(site)
    (site / "_posts" / "2026-01-01-a.md").write_text(edit(POST), encoding="utf-8")
    after = sarif_of(site)
    lines = [
        [
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
            for r in doc["runs"][0]["results"]
        ]
        for doc in (before, after)
    ]
    assert lines[0] != lines[1]  # the findings moved...
    assert prints(before) == prints(after)  # ...and kept their fingerprints, in order


def test_a_changed_line_gets_a_new_fingerprint(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"_posts/2026-01-01-a.md": POST})
    before = prints(sarif_of(site))
    changed = POST.replace("Zero\u200bwidth", "Zero\u200bwidths")
    (site / "_posts" / "2026-01-01-a.md").write_text(changed, encoding="utf-8")
    after = prints(sarif_of(site))
    assert after[:2] == before[:2] and after[2] != before[2]


def test_fingerprints_without_the_files_are_still_unique() -> None:
    """Rendered without the site (no line text), identical findings differ by their rank."""
    from bot.problem import Finding
    from bot.render.findings import render

    found = [
        Finding(path="_posts/a.md", line=n, column=1, rule="encoding/bom", message="m")
        for n in (3, 9, 1)
    ]
    doc = json.loads(render("sarif", found, 1))
    assert_valid(doc)
    assert len(set(prints(doc))) == 3


def test_a_file_outside_the_site_is_a_file_uri() -> None:
    from bot.problem import Finding
    from bot.render.findings import render

    finding = Finding(path="/elsewhere/a b.md", line=1, column=1, rule="file/x", message="m")
    doc = json.loads(render("sarif", [finding], 1, prefix="docs/"))
    assert_valid(doc)
    location = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "file:///elsewhere/a%20b.md"}


def test_every_rule_carries_its_documentation() -> None:
    from bot.rules.docs import help_markdown, help_uri
    from bot.rules.registry import RULES

    doc = sarif_of(EXAMPLE_SITE)
    described = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert set(RULES) <= set(described)
    level = {"error": "error", "warning": "warning", "info": "note"}
    for rule_id, rule in RULES.items():
        entry = described[rule_id]
        assert entry["shortDescription"]["text"] == rule.summary
        assert entry["fullDescription"]["text"] == (rule.doc or rule.summary)
        assert entry["help"]["markdown"] == help_markdown(rule)
        assert entry["help"]["text"].strip() and not entry["help"]["text"].startswith("#")
        assert entry["helpUri"] == help_uri(rule)
        assert entry["defaultConfiguration"]["level"] == level[rule.severity]
    for result in doc["runs"][0]["results"]:
        rules = doc["runs"][0]["tool"]["driver"]["rules"]
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
