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
