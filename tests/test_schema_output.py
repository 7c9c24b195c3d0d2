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
