"""The schema as a site tightens it: its own pydantic model, `pressbot schema`, messages."""

from __future__ import annotations

import json
import os
import sys

from bot.problem import Finding
from bot.render.findings import text, use_colour

CUSTOM_MODEL = """
from pydantic import BaseModel, ConfigDict, Field


class NewsPost(BaseModel):
    model_config = ConfigDict(extra="allow")

    title: str = Field(max_length=20)
    desk: str
"""


def test_site_names_its_own_model(site, cli) -> None:
    root = site(
        {
            "site_schema_mod.py": CUSTOM_MODEL,
            ".pressbot.yml": "schema: site_schema_mod:NewsPost\n",
            "_posts/2026-01-01-a.md": "---\ntitle: A title longer than twenty\n---\n",
        }
    )
    try:
        run = cli("check", "--format", "json", root)
        found = [(f["line"], f["rule"], f["message"]) for f in json.loads(run.out)["findings"]]
        assert (1, "schema/required", "desk: this field is required; add it") in found
        assert any(rule == "schema/value" and line == 2 for line, rule, _ in found), found
        schema = json.loads(cli("schema", "--site", root).out)
        assert set(schema["required"]) >= {"title", "desk"}
    finally:
        sys.modules.pop("site_schema_mod", None)


def test_bad_model_reference_is_a_usage_error(site, cli) -> None:
    root = site(
        {".pressbot.yml": "schema: nowhere:Model\n", "_posts/2026-01-01-a.md": "---\n---\n"}
    )
    run = cli("check", root)
    assert run.code == 2 and "nowhere:Model" in run.err


def test_effective_schema_carries_the_site_settings(cli) -> None:
    from tests.conftest import EXAMPLE_SITE

    schema = json.loads(cli("schema", "--site", EXAMPLE_SITE).out)
    assert set(schema["required"]) == {"title", "date", "author", "categories"}
    assert schema["additionalProperties"] is False
    assert {"maxLength": 100} in schema["properties"]["title"]["allOf"]
    assert "subtitle" in schema["properties"]


def test_messages_in_the_authors_words(site, cli) -> None:
    root = site(
        {
            "_posts/2026-01-01-a.md": "---\ntitle: [a, list]\ntags: [ok, {x: 1}]\nauthor: 7\n---\n",
        }
    )
    run = cli("check", "--format", "json", root)
    messages = {f["message"] for f in json.loads(run.out)["findings"]}
    assert "title: expected text, got a list" in messages
    assert "tags[1]: expected text or a number, got a mapping" in messages
    assert "author: expected text, a list or a mapping, got 7" in messages


def test_a_whole_number_is_asked_for_and_the_number_shown(site, cli) -> None:
    root = site({"_posts/2026-01-01-a.md": "---\ntitle: a\nid: 1.5\n---\n"})
    run = cli("check", "--format", "json", root)
    messages = {f["message"] for f in json.loads(run.out)["findings"]}
    assert messages == {"id: expected text or a whole number, got 1.5"}


def test_a_missing_field_of_a_mapping_is_named_by_its_keys(site, cli) -> None:
    """Not by the model's classes (`image.ImageInfo.path`)."""
    root = site({"_posts/2026-01-01-a.md": "---\ntitle: a\nimage:\n  alt: A photo\n---\n"})
    run = cli("check", "--format", "json", root)
    found = [(f["line"], f["message"]) for f in json.loads(run.out)["findings"]]
    assert found == [(3, "image.path: this field is required; add it")]


def test_a_number_that_is_no_number_is_named(site, cli) -> None:
    root = site(
        {
            "_posts/2026-01-01-a.md": "---\ntitle: a\nid: .nan\n---\n",
            "_posts/2026-01-02-b.md": "---\ntitle: b\nid: -.inf\n---\n",
        }
    )
    run = cli("check", "--format", "json", root)
    messages = {f["message"] for f in json.loads(run.out)["findings"]}
    assert "id: expected text or a whole number, got not a number (.nan)" in messages
    assert "id: expected text or a whole number, got an infinite number" in messages


class Terminal:
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(Terminal())
    with open(os.devnull, "w") as not_a_terminal:
        assert not use_colour(not_a_terminal)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(Terminal())
    finding = Finding("a.md", 1, 1, "encoding/bom", "m", severity="warning")
    assert "\033[" in text([finding], 1, colour=True)
    assert "\033[" not in text([finding], 1, colour=False)


def test_text_output_neutralises_terminal_escapes() -> None:
    finding = Finding("a\x1b[2J.md", 1, 1, "schema/value", "bad \x1b]0;title\x07 value")
    out = text([finding], 1)
    assert "\x1b" not in out and "\x07" not in out


def test_plainly_valid_front_matter_is_valid_for_the_model() -> None:
    """The shortcut that skips validation must never accept what the model refuses."""
    import datetime as dt
    import random

    from pydantic import ValidationError

    from bot.schema import JekyllPost
    from bot.schema_plain import _PLAIN_SHAPES, KNOWN_FIELDS, plainly_valid

    values = [
        None, "", "text", 0, 1, 2.5, True, False, [], ["a"], ["a", 1], ["a", None],
        [True], [["x"]], {"name": "x"}, {"path": "/a.png"}, {}, dt.date(2026, 1, 1),
        {"name": "x", "url": None, "extra": 1}, {"name": 1}, {"path": "/a", "alt": 5},
        {"path": "/a", "alt": "x", "caption": None, "width": 3}, {"name": "x", "email": []},
        dt.datetime(2026, 1, 1, 10), b"bytes",
    ]  # fmt: skip
    assert set(_PLAIN_SHAPES) == set(JekyllPost.model_fields) == KNOWN_FIELDS
    rng = random.Random(5)
    accepted = 0
    for _ in range(20000):
        keys = rng.sample([*_PLAIN_SHAPES, "custom"], rng.randint(1, 6))
        data = {key: rng.choice(values) for key in keys}
        if plainly_valid(data):
            accepted += 1
            try:
                JekyllPost.model_validate(data)
            except ValidationError as exc:  # pragma: no cover - the failure being tested for
                raise AssertionError(f"{data!r}: {exc}") from None
    assert accepted > 500


def test_config_schema_documents_the_targets() -> None:
    from bot.commands.schema import config_schema

    schema = config_schema()
    targets = schema["$defs"]["PublishConfig"]["properties"]["targets"]["items"]
    kinds = {ref["$ref"].rsplit("/", 1)[1] for ref in targets["oneOf"]}
    assert kinds == {"FolderConfig", "WebhookConfig", "DevtoConfig"}
    webhook = schema["$defs"]["WebhookConfig"]
    assert webhook["required"] == ["name", "type", "url"]
    assert webhook["properties"]["retries"]["minimum"] == 0


def test_check_and_schema_read_one_tightening(site, cli) -> None:
    """What `check` enforces of `.pressbot.yml` is what `pressbot schema` writes."""
    from bot.schema_plain import tightening
    from bot.site import load_site

    root = site(
        {
            ".pressbot.yml": "required: [title, desk]\ntags: [a, b]\nmax_length: {title: 5}\n"
            "authors_from_data: true\nunknown_fields: forbid\nextra_fields: [desk]\n",
            "_data/authors.yml": "ann: {}\nbob: {}\n",
            "_posts/2026-01-01-a.md": "---\ntitle: Too long\ntags: [c]\nauthor: eve\nx: 1\n---\n",
        }
    )
    site_schema = tightening(load_site(root))
    assert site_schema.required == ("title", "desk")
    assert site_schema.allowed == {"tags": ["a", "b"]}
    assert site_schema.max_length == {"title": 5}
    assert site_schema.authors == {"ann", "bob"}
    schema = json.loads(cli("schema", "--site", root).out)
    props = schema["properties"]
    assert set(schema["required"]) == {"title", "desk"}
    assert {"maxLength": 5} in props["title"]["allOf"]
    import jsonschema

    valid = jsonschema.Draft202012Validator(schema).is_valid
    post = {"title": "Short", "desk": "d"}
    assert valid(post) and valid({**post, "tags": ["a", "b"], "author": "ann"})
    assert valid({**post, "tags": "a b", "author": ["ann", "bob"]})
    for bad in ({"tags": ["c"]}, {"tags": "a c"}, {"author": "eve"}, {"title": "Too long"}):
        assert not valid({**post, **bad}), bad
    assert schema["additionalProperties"] is False and "desk" in props
    run = cli("check", "--format", "json", root)
    rules = sorted(f["rule"] for f in json.loads(run.out)["findings"])
    assert rules == [
        "schema/required",
        "schema/unknown-field",
        "schema/value",
        "schema/value",
        "schema/value",
    ]
