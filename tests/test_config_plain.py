"""The configuration's plain path (no pydantic validator) makes what validation makes."""

from __future__ import annotations

import random
from dataclasses import asdict
from typing import Any

from pydantic import ValidationError

from bot.config import _PLAIN_SETTINGS, plain_config, validated

VALUES: list[Any] = [
    None, "", "text", "forbid", "allow", "error", "off", 0, 1, 7, -1, 2.5, True, False,
    [], ["a"], ["a", 1], [None], {}, {"title": 5}, {"title": 0}, {"excerpt": None},
    {"title": True}, {"fields": ["image", "cover"]}, {"must_exist": False},
    {"leading_slash": 1}, {"select": ["encoding/"]}, {"ignore": "x"},
    {"severity": {"encoding/bom": False}}, {"severity": {"x": "fatal"}},
    {"severity": {1: "error"}}, {"targets": []}, {"targets": [{"path": "o"}]},
    {"max_unpublish": 0}, {"max_attempts": 0}, {"unpublish_deleted": "yes"},
    {"title": 3, "nope": 1}, "module:Model",
]  # fmt: skip

NEAR: dict[str, list[Any]] = {
    "max_length": [{"title": 1}, {"title": 0}, {"excerpt": 200, "title": None}, {"title": 1.0}],
    "assets": [{"fields": []}, {"must_exist": True, "leading_slash": False}, {"fields": [1]}],
    "rules": [{"severity": {"a": "info"}}, {"severity": {"a": "off", "b": "fatal"}},
              {"select": [], "ignore": ["x"]}, {"severity": {"a": None}}],
    "publish": [{"max_attempts": 1}, {"max_attempts": 0}, {"max_unpublish": -1},
                {"max_unpublish": 0, "unpublish_deleted": False}, {"targets": None}],
    "unknown_fields": ["Forbid", "forbid", "allow"],
}  # fmt: skip
"""Values close to the edge of what each setting accepts."""


def test_plain_path_agrees_with_validation() -> None:
    rng = random.Random(9)
    plain = 0
    for _ in range(6000):
        keys = rng.sample([*_PLAIN_SETTINGS, "nope"], rng.randint(0, 5))
        raw = {key: rng.choice(NEAR.get(key, VALUES) + VALUES[:8]) for key in keys}
        made = plain_config(raw)
        if made is None:
            continue
        plain += 1
        try:
            made_by_pydantic = validated(raw)
        except ValidationError as exc:  # pragma: no cover - the failure being tested for
            raise AssertionError(f"{raw!r}: {exc}") from None
        assert made == made_by_pydantic, raw
        assert asdict(made) == asdict(made_by_pydantic), raw
    assert plain > 1000


def test_the_example_site_takes_the_plain_path() -> None:
    import yaml

    from tests.conftest import EXAMPLE_SITE

    raw = yaml.safe_load((EXAMPLE_SITE / ".pressbot.yml").read_text(encoding="utf-8"))
    made = plain_config(raw)
    assert made is not None and made == validated(raw)


def test_yaml_off_is_the_level_off() -> None:
    made = plain_config({"rules": {"severity": {"encoding/bom": False}}})
    assert made is not None and made.rules.severity == {"encoding/bom": "off"}
