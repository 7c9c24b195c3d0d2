"""The site's pressbot configuration: `.pressbot.yml`, or `pressbot:` in `_config.yml`.

Every key is checked (unknown keys are refused, naming the key) so that a typo in the
configuration is an exit-2 error rather than a silently ignored setting.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.publish.target_config import TargetConfig, unique_names

Level = Literal["error", "warning", "info", "off"]


class _Strict(BaseModel):
    # Built on first validation: a configuration that is plainly valid never needs it
    # (`bot.settings` constructs it directly).
    model_config = ConfigDict(extra="forbid", defer_build=True)


class RulesConfig(_Strict):
    select: list[str] = Field(default_factory=list, description="Only these rules (prefixes).")
    ignore: list[str] = Field(default_factory=list, description="Never these rules (prefixes).")
    severity: dict[str, Level] = Field(
        default_factory=dict, description="Rule id (or prefix) -> error | warning | info | off."
    )

    @field_validator("severity", mode="before")
    @classmethod
    def _off_is_false(cls, value: Any) -> Any:
        return _off_is_off(value)


def _off_is_off(value: Any) -> Any:
    """YAML 1.1 reads a bare `off` as false: take it as the author meant it."""
    if isinstance(value, dict):
        return {k: "off" if v is False else v for k, v in value.items()}
    return value


class LengthLimits(_Strict):
    title: int | None = Field(default=None, ge=1, description="Most characters in `title`.")
    excerpt: int | None = Field(default=None, ge=1, description="Most characters in `excerpt`.")


class AssetsConfig(_Strict):
    fields: list[str] = Field(
        default_factory=lambda: ["image"],
        description="Front-matter fields that name files of the site (string or {path: ...}).",
    )
    must_exist: bool = Field(default=True, description="The file must be in the repository.")
    leading_slash: bool = Field(
        default=True, description="Local paths must start with `/` (site-root relative)."
    )


class PublishConfig(_Strict):
    targets: list[TargetConfig] = Field(
        default_factory=list,
        description="Publish targets, each with a unique `name` and a `type` (folder, webhook or "
        "devto); none means the embedded folder target.",
    )
    unpublish_deleted: bool = Field(
        default=True, description="A deleted post is unpublished at the targets."
    )
    max_unpublish: int = Field(
        default=10, ge=0, description="Refuse to unpublish more posts than this in one run."
    )
    max_attempts: int = Field(default=5, ge=1, description="Deliveries tried before 'dead'.")

    _unique = field_validator("targets")(unique_names)


class SiteConfig(_Strict):
    """What a site tightens in the default schema and the rules."""

    required: list[str] = Field(
        default_factory=lambda: ["title"], description="Front-matter fields every post must have."
    )
    categories: list[str] | None = Field(
        default=None, description="Allowed categories (case-sensitive); none means any."
    )
    tags: list[str] | None = Field(default=None, description="Allowed tags; none means any.")
    authors_from_data: bool = Field(
        default=False, description="Authors must be keys of `_data/authors.yml`."
    )
    max_length: LengthLimits = Field(default_factory=LengthLimits.model_construct)
    unknown_fields: Literal["allow", "forbid"] = Field(
        default="allow", description="`forbid`: fields outside the schema are findings."
    )
    extra_fields: list[str] = Field(
        default_factory=list, description="Site-specific fields that are known (not unknown)."
    )
    assets: AssetsConfig = Field(default_factory=AssetsConfig.model_construct)
    rules: RulesConfig = Field(default_factory=RulesConfig.model_construct)
    schema_: str | None = Field(
        default=None,
        alias="schema",
        description="`module:Class`: a pydantic model of your own for the front matter.",
    )
    publish: PublishConfig = Field(default_factory=PublishConfig.model_construct)

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)


def plain_config(raw: dict[str, Any]) -> SiteConfig | None:
    """``raw`` as `SiteConfig.model_validate` would make it, made without pydantic's validator
    (whose first build costs more than a whole check of one post); None when ``raw`` is not
    certainly valid in the plain shapes below, so that pydantic judges it and words the error.
    Tests compare both on many configurations."""
    for key, value in raw.items():
        check = _PLAIN_SETTINGS.get(key)
        if check is None or not check(value):
            return None
    values = dict(raw)
    for key, model in _NESTED.items():
        if key in values:
            values[key] = model.model_construct(**values[key])
    if "rules" in raw and "severity" in raw["rules"]:
        severity = _off_is_off(raw["rules"]["severity"])
        values["rules"] = RulesConfig.model_construct(**{**raw["rules"], "severity": severity})
    if "schema" in values:
        values["schema_"] = values.pop("schema")
    return SiteConfig.model_construct(**_copied(values))


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
    "publish": _mapping(
        targets=lambda v: type(v) is list and not v,
        unpublish_deleted=_is_bool,
        max_unpublish=_whole(0),
        max_attempts=_whole(1),
    ),
}
"""The settings in shapes `SiteConfig` certainly accepts, checked with `type()` alone (a
bool is no number). Publish targets always go to pydantic (publish is not the hot path)."""

_NESTED: dict[str, type[BaseModel]] = {
    "max_length": LengthLimits,
    "assets": AssetsConfig,
    "rules": RulesConfig,
    "publish": PublishConfig,
}
