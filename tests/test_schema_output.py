"""What `pressbot schema` writes: `schemas/` is exactly what `--write` makes, and a site
that sets nothing gets the shipped schema, its default `required` included."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tests.conftest import ROOT, write_site
from tests.inputkit import pressbot

SCHEMAS = ROOT / "schemas"


def test_schemas_folder_is_what_write_makes(tmp_path: Path) -> None:
    done = pressbot("schema", "--write", tmp_path / "out")
    assert done.code == 0 and done.err == "", done
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(p.name for p in SCHEMAS.iterdir())
    for name in written:
        assert (tmp_path / "out" / name).read_bytes() == (SCHEMAS / name).read_bytes(), name


def test_the_shipped_post_schema_requires_a_title() -> None:
    schema = json.loads((SCHEMAS / "post.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["required"] == ["title"]
    check = jsonschema.Draft202012Validator(schema)
    assert check.is_valid({"title": "Hi"})
    for bad in ({}, {"title": ""}, {"title": None}, {"title": "Hi", "date": "2026-13-45"}):
        assert not check.is_valid(bad), bad


def test_a_site_that_sets_nothing_gets_the_shipped_schema(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"_config.yml": "title: x\n", "_posts/.keep": ""})
    done = pressbot("schema", "--site", site)
    assert done.code == 0 and done.err == "", done
    assert done.out == (SCHEMAS / "post.schema.json").read_text(encoding="utf-8")


def test_settings_are_added_to_the_model_s_shapes_not_put_in_their_place(tmp_path: Path) -> None:
    """`excerpt:` left empty stays valid once its length is limited; an author may still be a
    list or a mapping once authors must be known."""
    site = write_site(
        tmp_path / "site",
        {
            ".pressbot.yml": "authors_from_data: true\nmax_length: {excerpt: 5}\n",
            "_data/authors.yml": "ann: {}\n",
        },
    )
    done = pressbot("schema", "--site", site)
    assert done.code == 0, done
    check = jsonschema.Draft202012Validator(json.loads(done.out))
    for good in ({"excerpt": None}, {"author": ["ann"]}, {"author": {"name": "ann"}}):
        assert check.is_valid({"title": "t", **good}), good
    for bad in ({"excerpt": "123456"}, {"author": ["bob"]}, {"author": {"name": "bob"}}):
        assert not check.is_valid({"title": "t", **bad}), bad


def test_a_site_model_with_forbidden_unknown_fields_knows_what_check_knows(tmp_path: Path) -> None:
    """check knows the default fields (`layout`, `tags`...) whatever the site's model names."""
    site = write_site(
        tmp_path / "site",
        {
            "own_post.py": "from pydantic import BaseModel\n\n"
            "class Post(BaseModel):\n    title: str\n",
            ".pressbot.yml": "schema: own_post:Post\nunknown_fields: forbid\n",
            "_posts/2026-01-01-a.md": "---\ntitle: t\nlayout: post\ntags: [a]\n---\n",
            "_posts/2026-01-02-b.md": "---\ntitle: t\nlayuot: post\n---\n",
        },
    )
    done = pressbot("check", "--select", "schema", "--format", "json", "--site", site)
    flagged = {f["path"] for f in json.loads(done.out)["findings"]}
    assert flagged == {"_posts/2026-01-02-b.md"}, done
    done = pressbot("schema", "--site", site)
    assert done.code == 0, done
    check = jsonschema.Draft202012Validator(json.loads(done.out))
    assert check.is_valid({"title": "t", "layout": "post", "tags": ["a"]})
    assert not check.is_valid({"title": "t", "layuot": "post"})


HOSTILE_CATEGORIES = [
    "C++",
    "a.b",
    "(x)",
    "[y]",
    "{z}",
    "a|b",
    "^$",
    "back\\slash",
    "/s",
    "-d",
    "안녕",
    "😀",
]


def _patterns(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _patterns(value)]
    return []


def test_patterns_mean_the_same_to_an_editor_s_javascript(tmp_path: Path) -> None:
    """Editors run `pattern` as ECMA-262 regular expressions: every pattern compiles there
    (unicode mode) and matches what Python's `re` matches, for hostile allowed values."""
    import re
    import shutil
    import subprocess

    import pytest

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    config = "categories: " + json.dumps(HOSTILE_CATEGORIES, ensure_ascii=False) + "\n"
    site = write_site(tmp_path / "site", {".pressbot.yml": config})
    done = pressbot("schema", "--site", site)
    assert done.code == 0, done
    patterns = sorted(set(_patterns(json.loads(done.out))))
    assert len(patterns) >= 3
    samples = [
        *HOSTILE_CATEGORIES,
        " ".join(HOSTILE_CATEGORIES),
        "axb",
        "a",
        "b",
        "x",
        "C+",
        "backslash",
        "2026-02-29",
        " 2024-02-29 10:00",
        "2026-13-01",
        "0000-01-01",
        "",
    ]
    script = (
        "const [patterns, samples] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(patterns.map(p => { const r = new RegExp(p, 'u');"
        " return samples.map(s => r.test(s)); })));"
    )
    run = subprocess.run(
        [node, "-e", script],
        input=json.dumps([patterns, samples]),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    in_js = json.loads(run.stdout)
    in_python = [[re.search(p, s) is not None for s in samples] for p in patterns]
    assert in_js == in_python
