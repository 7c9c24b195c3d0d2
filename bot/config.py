"""The site's pressbot configuration: `.pressbot.yml`, or `pressbot:` in `_config.yml`.

Every key is checked (unknown keys are refused, naming the key) so that a typo in the
configuration is an exit-2 error rather than a silently ignored setting.

The settings are plain dataclasses; their types, limits and descriptions are written once,
in their annotations, which pydantic reads (:func:`validator`) to judge a configuration that
is not plainly valid, to word its errors and to make the JSON Schema (`schemas/`). A check
of a plainly valid configuration (:func:`plain_config`) never builds pydantic's validator,
nor even imports pydantic's field machinery: start-up stays cheap.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Annotated, Any, Literal

from bot.publish import target_config
from bot.publish.target_config import FORBID_EXTRA, unique_names, whole_float

if TYPE_CHECKING:
    from pydantic import (
        AfterValidator,
        BeforeValidator,
        Field,
        StrictBool,
        StrictInt,
        StrictStr,
        TypeAdapter,
    )

    from bot.publish.target_config import TargetConfig as _TargetEntry

Level = Literal["error", "warning", "info", "off"]


def _off_is_off(value: Any) -> Any:
    """YAML 1.1 reads a bare `off` as false: take it as the author meant it."""
    if isinstance(value, dict):
        return {k: "off" if v is False else v for k, v in value.items()}
    return value


@dataclass(kw_only=True)
class RulesConfig:
    """Which rules run, and how severe their findings are."""

    __pydantic_config__ = FORBID_EXTRA

    select: Annotated[list[StrictStr], Field(description="Only these rules (prefixes).")] = field(
        default_factory=list
    )
    ignore: Annotated[list[StrictStr], Field(description="Never these rules (prefixes).")] = field(
        default_factory=list
    )
    severity: Annotated[
        dict[StrictStr, Level],
        BeforeValidator(_off_is_off),
        Field(description="Rule id (or prefix) -> error | warning | info | off."),
    ] = field(default_factory=dict)


@dataclass(kw_only=True)
class LengthLimits:
    """The most characters of some front-matter fields."""

    __pydantic_config__ = FORBID_EXTRA

    title: Annotated[
        StrictInt | None,
        Field(ge=1, description="Most characters in `title`."),
        BeforeValidator(whole_float),
    ] = None
    excerpt: Annotated[
        StrictInt | None,
        Field(ge=1, description="Most characters in `excerpt`."),
        BeforeValidator(whole_float),
    ] = None


@dataclass(kw_only=True)
class AssetsConfig:
    """The files of the site that front matter names."""

    __pydantic_config__ = FORBID_EXTRA

    fields: Annotated[
        list[StrictStr],
        Field(
            description="Front-matter fields that name files of the site (string or {path: ...})."
        ),
    ] = field(default_factory=lambda: ["image"])
    must_exist: Annotated[StrictBool, Field(description="The file must be in the repository.")] = (
        True
    )
    leading_slash: Annotated[
        StrictBool, Field(description="Local paths must start with `/` (site-root relative).")
    ] = True


@dataclass(kw_only=True)
class PublishConfig:
    """Where merged posts are published, and the guards of a run."""

    __pydantic_config__ = FORBID_EXTRA

    targets: Annotated[
        list[_TargetEntry],
        AfterValidator(unique_names),
        Field(
            description="Publish targets, each with a unique `name` and a `type` (folder, "
            "webhook or devto); none means the embedded folder target."
        ),
    ] = field(default_factory=list)
    unpublish_deleted: Annotated[
        StrictBool, Field(description="A deleted post is unpublished at the targets.")
    ] = True
    max_unpublish: Annotated[
        StrictInt,
        Field(ge=0, description="Refuse to unpublish more posts than this in one run."),
        BeforeValidator(whole_float),
    ] = 10
    max_attempts: Annotated[
        StrictInt,
        Field(ge=1, description="Deliveries tried before 'dead'."),
        BeforeValidator(whole_float),
    ] = 5


_BY_NAME_OR_ALIAS: Any = {**FORBID_EXTRA, "populate_by_name": True}


@dataclass(kw_only=True)
class SiteConfig:
    """What a site tightens in the default schema and the rules."""

    __pydantic_config__ = _BY_NAME_OR_ALIAS

    required: Annotated[
        list[StrictStr], Field(description="Front-matter fields every post must have.")
    ] = field(default_factory=lambda: ["title"])
    categories: Annotated[
        list[StrictStr] | None,
        Field(description="Allowed categories (case-sensitive); none means any."),
    ] = None
    tags: Annotated[list[StrictStr] | None, Field(description="Allowed tags; none means any.")] = (
        None
    )
    authors_from_data: Annotated[
        StrictBool, Field(description="Authors must be keys of `_data/authors.yml`.")
    ] = False
    max_length: LengthLimits = field(default_factory=LengthLimits)
    unknown_fields: Annotated[
        Literal["allow", "forbid"],
        Field(description="`forbid`: fields outside the schema are findings."),
    ] = "allow"
    extra_fields: Annotated[
        list[StrictStr], Field(description="Site-specific fields that are known (not unknown).")
    ] = field(default_factory=list)
    assets: AssetsConfig = field(default_factory=AssetsConfig)
    rules: RulesConfig = field(default_factory=RulesConfig)
    schema_: Annotated[
        StrictStr | None,
        Field(
            alias="schema",
            description="`module:Class`: a pydantic model of your own for the front matter.",
        ),
    ] = None
    publish: PublishConfig = field(default_factory=PublishConfig)
    generator: Annotated[
        Literal["jekyll", "hugo"] | None,
        Field(description="The site's generator; none means detected from its files."),
    ] = None


@functools.cache
def validator() -> TypeAdapter[SiteConfig]:
    """pydantic's validator (and JSON Schema) of the configuration, made on first use.

    The annotations above name pydantic's markers (`Field`, validators) and the targets'
    union, which are imported only now: the plain path never needs them."""
    import pydantic

    names = {name: getattr(pydantic, name) for name in target_config.PYDANTIC_NAMES}
    target_config.resolve(names)
    globals().update(names, _TargetEntry=target_config.discriminated_union())
    return pydantic.TypeAdapter(SiteConfig)


def validated(raw: Any) -> SiteConfig:
    """``raw`` checked by pydantic; raises `pydantic.ValidationError`."""
    return validator().validate_python(raw)


def plain_config(raw: dict[str, Any]) -> SiteConfig | None:
    """``raw`` as :func:`validated` would make it, made without pydantic (whose validator
    costs more to build than a whole check of one post); None when ``raw`` is not certainly
    valid in the plain shapes below, so that pydantic judges it and words the error. Tests
    compare both on many configurations."""
    for key, value in raw.items():
        check = _PLAIN_SETTINGS.get(key)
        if check is None or not check(value):
            return None
    values = dict(raw)
    for key, model in _NESTED.items():
        if key in values:
            values[key] = model(**_copied(values[key]))
    if "rules" in raw and "severity" in raw["rules"]:
        severity = _off_is_off(raw["rules"]["severity"])
        values["rules"] = RulesConfig(**_copied({**raw["rules"], "severity": severity}))
    if "schema" in values:
        values["schema_"] = values.pop("schema")
    return SiteConfig(**_copied(values))


def _copied(values: dict[str, Any]) -> dict[str, Any]:
    """Lists of the settings as copies, as validation makes them (the YAML data stays apart)."""
    return {k: list(v) if type(v) is list else v for k, v in values.items()}


def _texts(value: Any) -> bool:
    return type(value) is list and all(type(item) is str for item in value)


def _maybe_texts(value: Any) -> bool:
    return value is None or _texts(value)


def _whole(least: int) -> Any:
    return lambda value: type(value) is int and value >= least


def _mapping(**fields: Any) -> Any:
    """A mapping of (some of) ``fields``, each value passing its check."""

    def check(value: Any) -> bool:
        return type(value) is dict and all(
            key in fields and fields[key](item) for key, item in value.items()
        )

    return check


def _is_bool(value: Any) -> bool:
    return type(value) is bool


def _severities(value: Any) -> bool:
    return type(value) is dict and all(
        type(key) is str and (level is False or (type(level) is str and level in _LEVELS))
        for key, level in value.items()
    )


_LEVELS = ("error", "warning", "info", "off")


_PLAIN_SETTINGS: dict[str, Any] = {
    "required": _texts,
    "categories": _maybe_texts,
    "tags": _maybe_texts,
    "authors_from_data": _is_bool,
    "max_length": _mapping(
        title=lambda v: v is None or _whole(1)(v), excerpt=lambda v: v is None or _whole(1)(v)
    ),
    "unknown_fields": lambda v: v in ("allow", "forbid") and type(v) is str,
    "extra_fields": _texts,
    "assets": _mapping(fields=_texts, must_exist=_is_bool, leading_slash=_is_bool),
    "rules": _mapping(select=_texts, ignore=_texts, severity=_severities),
    "schema": lambda v: v is None or type(v) is str,
    "generator": lambda v: v is None or (type(v) is str and v in ("jekyll", "hugo")),
    "publish": _mapping(
        targets=lambda v: type(v) is list and not v,
        unpublish_deleted=_is_bool,
        max_unpublish=_whole(0),
        max_attempts=_whole(1),
    ),
}
"""The settings in shapes `SiteConfig` certainly accepts, checked with `type()` alone (a
bool is no number). Publish targets always go to pydantic (publish is not the hot path)."""

_NESTED: dict[str, Any] = {
    "max_length": LengthLimits,
    "assets": AssetsConfig,
    "rules": RulesConfig,
    "publish": PublishConfig,
}


def setting_names(raw: Any, path: tuple[Any, ...]) -> list[str]:
    """The settings the mapping at ``path`` of the configuration ``raw`` may hold (a
    target's, by its `type`): what a misspelt key is compared with. Empty for a path that
    holds no settings of their own (`rules.severity`)."""
    model: Any = _MODELS.get(path)
    if len(path) == 3 and path[:2] == ("publish", "targets") and isinstance(path[2], int):
        try:
            entry = raw["publish"]["targets"][path[2]]
        except (KeyError, IndexError, TypeError):
            entry = None
        kind = entry.get("type", "folder") if isinstance(entry, dict) else None
        model = _TARGET_MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        return []
    return [f.name.rstrip("_") for f in fields(model)]


_MODELS: dict[tuple[str, ...], Any] = {
    (): SiteConfig,
    ("max_length",): LengthLimits,
    ("assets",): AssetsConfig,
    ("rules",): RulesConfig,
    ("publish",): PublishConfig,
}

_TARGET_MODELS: dict[str, Any] = {
    "folder": target_config.FolderConfig,
    "webhook": target_config.WebhookConfig,
    "devto": target_config.DevtoConfig,
    "forem": target_config.DevtoConfig,
}
