"""Each setting of `.pressbot.yml` takes the JSON types its shipped JSON Schema gives it, and
only those: pressbot and `schemas/pressbot-config.schema.json` give every value of every
JSON type, at every setting, the same verdict. A value of the wrong type is an error naming
the file, the key and what was expected, never read as something else (`true` as 1, `"3"`
as 3, `false` as 0, `1` as true).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from bot.config import _MODELS, _TARGET_MODELS
from bot.errors import UsageError
from bot.site import parse_config
from bot.validation_errors import dotted

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schemas" / "pressbot-config.schema.json").read_text("utf-8"))
SOURCE = Path(".pressbot.yml")

SAMPLES: dict[str, list[Any]] = {
    "null": [None],
    "boolean": [True, False],
    "integer": [0, 1, 3, -1, 3.0],
    "number": [2.5, 0.5],
    "string": ["3", "true", "", "encoding", "a/b"],
    "array": [[], ["encoding"], [1], [True], [None]],
    "object": [{}, {"encoding": "off"}, {"title": 3}, {"encoding": True}],
}
"""Values of each JSON type; `3.0` is a whole number to JSON Schema."""

OWN: dict[str, list[Any]] = {
    "unknown_fields": ["forbid"],
    "generator": ["hugo"],
    "url": ["https://example.org/hook"],
    "api_url": ["https://forem.example.org"],
}
"""Text a setting of a few values takes, by its name (a target's `type`: its own)."""

TARGETS = {
    "folder": {"type": "folder", "name": "out", "path": "out"},
    "webhook": {"type": "webhook", "name": "hook", "url": "https://example.org/hook"},
    "devto": {"type": "devto", "name": "dev"},
}
"""A valid target of each type, where each of its settings is given a value in turn."""


def settings() -> list[tuple[Any, ...]]:
    """The path of every setting: each field of each settings mapping, a target's by type."""
    paths: list[tuple[Any, ...]] = []
    for where, model in _MODELS.items():
        paths += [(*where, f.name.rstrip("_")) for f in dataclasses.fields(model)]
    for kind in TARGETS:
        model = _TARGET_MODELS[kind]
        paths += [("publish", "targets", kind, f.name) for f in dataclasses.fields(model)]
    return paths


def config_with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """A configuration that is valid but for ``value`` at ``path``."""
    if len(path) == 4:
        entry = {**TARGETS[path[2]], path[3]: value}
        return {"publish": {"targets": [entry]}}
    raw: dict[str, Any] = {}
    node = raw
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value
    return raw


def pressbot_verdict(raw: dict[str, Any]) -> list[str]:
    """The lines of pressbot's error about ``raw``; none when it takes it."""
    try:
        parse_config(raw, SOURCE)
    except UsageError as exc:
        return list(getattr(exc, "lines", None) or [str(exc)])
    return []


def schema_verdict(raw: dict[str, Any]) -> list[str]:
    return [e.message for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(raw)]


@pytest.mark.parametrize("path", settings(), ids=lambda path: dotted(path))
def test_every_json_type_gets_the_schemas_verdict(path: tuple[Any, ...]) -> None:
    taken: set[str] = set()
    own = [TARGETS[path[2]]["type"]] if path[-1] == "type" else OWN.get(path[-1], [])
    for json_type, values in {**SAMPLES, "string": SAMPLES["string"] + own}.items():
        for value in values:
            raw = config_with(path, value)
            by_schema, by_pressbot = schema_verdict(raw), pressbot_verdict(raw)
            shown = f"{dotted(path)} = {value!r}"
            if by_schema:
                assert by_pressbot, f"{shown}: the schema refuses it ({by_schema[0]}), pressbot not"
                key = dotted(("publish", "targets", 0, path[3]) if len(path) == 4 else path)
                assert any(line.startswith(f".pressbot.yml: {key}") for line in by_pressbot), (
                    shown,
                    by_pressbot,
                )
            else:
                assert not by_pressbot, f"{shown}: the schema takes it, pressbot says {by_pressbot}"
                taken.add(json_type)
    assert taken, f"{dotted(path)}: no sample is of a type the setting takes"


@pytest.mark.parametrize(
    ("yaml_value", "path", "expected"),
    [
        ("max_length: {title: true}", "max_length.title", "expected a whole number, got true"),
        ('max_length: {title: "3"}', "max_length.title", "expected a whole number, got text"),
        ("publish: {max_unpublish: false}", "publish.max_unpublish", "expected a whole number"),
        ("assets: {must_exist: 1}", "assets.must_exist", "expected true or false, got 1"),
        (
            'publish: {targets: [{type: webhook, name: h, url: "https://x.org/", timeout: "3"}]}',
            "publish.targets[0].timeout",
            "expected a number, got text",
        ),
        (
            'publish: {targets: [{type: webhook, name: h, url: "https://x.org/", retries: true}]}',
            "publish.targets[0].retries",
            "expected a whole number, got true",
        ),
        ("tags: [news, !!binary aGk=]", "tags[1]", "expected text"),
    ],
)
def test_a_wrong_type_is_named_not_converted(yaml_value: str, path: str, expected: str) -> None:
    import yaml

    lines = pressbot_verdict(yaml.safe_load(yaml_value))
    assert any(line.startswith(f".pressbot.yml: {path}: {expected}") for line in lines), lines


def test_whole_numbers_written_with_a_zero_fraction_are_whole() -> None:
    config = parse_config({"max_length": {"title": 80.0}, "publish": {"max_unpublish": 2.0}}, None)
    assert config.max_length.title == 80 and type(config.max_length.title) is int
    assert config.publish.max_unpublish == 2 and type(config.publish.max_unpublish) is int


def test_yaml_off_stays_the_level_off() -> None:
    """The one leniency the README documents: a bare `off` (YAML 1.1's false) as a level."""
    config = parse_config({"rules": {"severity": {"encoding/bom": False}}}, None)
    assert config.rules.severity == {"encoding/bom": "off"}
