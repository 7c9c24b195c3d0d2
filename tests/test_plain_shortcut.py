"""The shortcut that skips pydantic (`bot.schema_plain.plainly_valid`) gives the same
findings as full validation on every input: keys of every YAML type at every level (int,
float, bool, null, dates), unknown keys inside known mappings, and every known field with
values of every shape."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.post import Post, parse_post
from bot.rules import schema
from bot.schema import JekyllPost
from bot.schema_plain import KNOWN_FIELDS, plainly_valid
from bot.site import Site, load_site

NESTED_FIELDS = ["name", "email", "url", "path", "alt", "caption"]

scalars = st.one_of(
    st.text(max_size=6),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.datetimes(timezones=st.sampled_from([None, dt.timezone.utc])),
)
keys = st.one_of(
    st.sampled_from(sorted(KNOWN_FIELDS) + NESTED_FIELDS),
    st.text(max_size=6),
    st.integers(min_value=-5, max_value=3000),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12,
)
known_mappings = st.dictionaries(st.sampled_from(NESTED_FIELDS), scalars, max_size=4).map(
    lambda d: {**d, **({"name": "x"} if "name" not in d and "path" not in d else {})}
)
mapping_with_odd_keys = st.builds(
    lambda known, odd: {**known, **odd}, known_mappings, st.dictionaries(keys, values, max_size=2)
)
field_values = st.one_of(
    scalars, values, known_mappings, mapping_with_odd_keys, st.lists(scalars, max_size=4)
)
text = st.one_of(st.none(), st.text(max_size=4))
texts = st.one_of(text, st.lists(st.text(max_size=3), max_size=3))
numbers = st.one_of(st.integers(), st.floats())
scalar_lists = st.lists(st.one_of(st.text(max_size=3), numbers), max_size=3)
RIGHT_SHAPES = {
    "author": st.one_of(texts, known_mappings),
    "authors": st.one_of(st.none(), st.lists(st.text(max_size=3), max_size=3)),
    "categories": st.one_of(text, scalar_lists),
    "tags": st.one_of(text, scalar_lists),
    "category": st.one_of(text, numbers, scalar_lists),
    "tag": st.one_of(text, numbers, scalar_lists),
    "date": st.one_of(text, st.dates(), st.datetimes()),
    "last_modified_at": st.one_of(text, st.dates(), st.datetimes()),
    "image": st.one_of(text, known_mappings.map(lambda d: {**d, "path": "/a.png"})),
    "published": st.one_of(st.none(), st.booleans()),
    "comments": st.one_of(st.none(), st.booleans()),
    "render_with_liquid": st.one_of(st.none(), st.booleans()),
    "regenerate": st.one_of(st.none(), st.booleans()),
    "id": st.one_of(text, st.integers()),
    "redirect_from": texts,
}
likely = st.fixed_dictionaries(
    {}, optional={name: RIGHT_SHAPES.get(name, text) for name in sorted(KNOWN_FIELDS)}
)
"""Front matter of the right shapes, so that the shortcut is taken often."""
front_matters = st.one_of(
    st.builds(
        lambda known, odd: {**known, **odd},
        st.dictionaries(st.sampled_from(sorted(KNOWN_FIELDS)), field_values, max_size=6),
        st.dictionaries(keys, values, max_size=3),
    ),
    st.builds(
        lambda known, odd: {**known, **odd},
        likely,
        st.dictionaries(keys, st.one_of(scalars, values), max_size=1),
    ),
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("site")
    (root / "_posts").mkdir()
    (root / "_config.yml").write_text("title: t\n", encoding="utf-8")
    return load_site(root)


def _post(site: Site, data: dict[Any, Any]) -> Post:
    post = parse_post(site, "_posts/2020-01-01-a.md", b"---\ntitle: a\n---\nBody.\n")
    post.front_matter = data
    post.positions = {}
    return post


def _findings(site: Site, data: dict[Any, Any], monkeypatch: pytest.MonkeyPatch, fast: bool):
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(schema, "plainly_valid", lambda data: False)
        return list(schema.check(_post(site, data), site))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matters)
def test_plainly_valid_means_the_model_accepts(data: dict[Any, Any]) -> None:
    if plainly_valid(data):
        try:
            JekyllPost.model_validate(data)
        except ValidationError as exc:
            raise AssertionError(f"{data!r} passes the shortcut, not the model: {exc}") from None


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(front_matters)
def test_shortcut_and_full_validation_find_the_same(
    site: Site, monkeypatch: pytest.MonkeyPatch, data: dict[Any, Any]
) -> None:
    fast = _findings(site, data, monkeypatch, fast=True)
    full = _findings(site, data, monkeypatch, fast=False)
    assert fast == full, data


@pytest.mark.parametrize(
    "data",
    [
        {2024: "archive"},
        {"title": "t", None: "x"},
        {True: 1},
        {dt.date(2020, 1, 1): "x"},
        {1.5: "x"},
        {"author": {"name": "a", 1: "x"}},
        {"image": {"path": "/a.png", None: "x"}},
    ],
)
def test_non_text_keys_go_to_full_validation(
    site: Site, monkeypatch: pytest.MonkeyPatch, data: dict[Any, Any]
) -> None:
    assert not plainly_valid(data)
    full = _findings(site, data, monkeypatch, fast=False)
    assert full and _findings(site, data, monkeypatch, fast=True) == full


def test_plain_front_matter_takes_the_shortcut(tmp_path: Path) -> None:
    data = {
        "title": "t",
        "author": {"name": "a", "twitter": "x"},
        "categories": ["a", 1, 2.5],
        "date": dt.date(2020, 1, 1),
        "custom": {"deep": [{"x": 1}]},
    }
    assert plainly_valid(data)
