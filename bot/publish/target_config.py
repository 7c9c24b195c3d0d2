"""The settings of each publish target, as `.pressbot.yml` writes them under `publish.targets`.

They are part of the site's configuration (`bot.config`), so a mistyped target is refused when
the configuration is loaded (by `pressbot check` too), not first by a publish after merge.
This module imports neither `requests` nor the targets' delivery code: the targets
(`bot.publish.targets.*`) are given these settings already checked.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator

TARGET_TYPES = ("folder", "webhook", "devto")
"""The target types, as a `type:` names them (`forem` is another name of `devto`)."""


class _Settings(BaseModel):
    # Built on first validation: a configuration that is plainly valid never needs it.
    model_config = ConfigDict(extra="forbid", defer_build=True)


class RetryPolicy(_Settings):
    """How a networked target retries a delivery within one run."""

    timeout: float = Field(default=10.0, gt=0.0, description="Seconds to wait for an answer.")
    retries: int = Field(default=4, ge=0, description="Tries after the first, within one run.")
    backoff: float = Field(default=1.0, ge=0.0, description="First wait between tries (doubles).")
    max_wait: float = Field(default=60.0, ge=0.0, description="Longest wait, Retry-After included.")


def _name_without_slash(value: str) -> str:
    if "/" in value:
        raise ValueError(f'the target name "{value}" has a "/"; name it without one')
    return value


class FolderConfig(_Settings):
    """`folder`: writes each post, rendered, into a folder of the site (the default target)."""

    name: str = Field(default="outbox", min_length=1, description="The target's name.")
    type: Literal["folder"] = "folder"
    path: str = Field(default="_site-outbox", description="Output folder, relative to the site.")
    max_attempts: int | None = Field(
        default=None, ge=1, description="Deliveries tried before 'dead' (publish.max_attempts)."
    )

    _name = field_validator("name")(_name_without_slash)

    @field_validator("path")
    @classmethod
    def _inside(cls, value: str) -> str:
        # an absolute path is judged where it leads (`FolderTarget.place_problem`)
        if ".." in value.replace("\\", "/").split("/") or "\0" in value:
            raise ValueError(f"the output folder {value!r} must be inside the site (no '..')")
        return value


class WebhookConfig(RetryPolicy):
    """`webhook`: each post as JSON, signed as the Standard Webhooks specification says."""

    name: str = Field(min_length=1, description="The target's name.")
    type: Literal["webhook"]
    url: str = Field(pattern=r"^https?://", description="Where deliveries are POSTed.")
    secret_env: str = Field(
        default="PRESSBOT_WEBHOOK_SECRET",
        description='Environment variable holding the secret ("whsec_" + base64).',
    )
    max_attempts: int | None = Field(
        default=None, ge=1, description="Deliveries tried before 'dead' (publish.max_attempts)."
    )

    _name = field_validator("name")(_name_without_slash)


class DevtoConfig(RetryPolicy):
    """`devto` (or `forem`): articles on dev.to or any Forem, through its REST API."""

    name: str = Field(min_length=1, description="The target's name.")
    type: Literal["devto", "forem"]
    api_url: str = Field(
        default="https://dev.to", pattern=r"^https?://", description="The Forem's address."
    )
    api_key_env: str = Field(
        default="DEVTO_API_KEY", description="Environment variable holding the API key."
    )
    published: bool = Field(default=True, description="false: create drafts.")
    max_attempts: int | None = Field(
        default=None, ge=1, description="Deliveries tried before 'dead' (publish.max_attempts)."
    )

    _name = field_validator("name")(_name_without_slash)

    @field_validator("api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        from urllib.parse import urlsplit

        from bot.publish.targets.base import is_http_url, url_problem

        if not is_http_url(value) or url_problem(value):
            raise ValueError("expected the Forem's address, e.g. https://dev.to")
        parts = urlsplit(value)
        if parts.query or parts.fragment or parts.username or parts.password:
            raise ValueError("expected the Forem's address without query, fragment or login")
        return value


def _target_type(value: Any) -> str | None:
    """The union's branch: a target without `type` is a folder; `forem` is `devto`."""
    kind = value.get("type", "folder") if isinstance(value, dict) else getattr(value, "type", None)
    if kind == "forem":
        return "devto"
    return kind if isinstance(kind, str) else None


TargetConfig = Annotated[
    Annotated[FolderConfig, Tag("folder")]
    | Annotated[WebhookConfig, Tag("webhook")]
    | Annotated[DevtoConfig, Tag("devto")],
    Discriminator(
        _target_type,
        custom_error_type="unknown_kind",
        custom_error_message="not a target type",
        custom_error_context={"kind": "target type", "choices": "folder, webhook or devto"},
    ),
]
"""One entry of `publish.targets`, chosen by its `type`."""


def unique_names(targets: list[Any]) -> list[Any]:
    """Each target's name is its own: the ledger records deliveries by target name."""
    seen: dict[str, int] = {}
    for index, target in enumerate(targets):
        if target.name in seen:
            raise ValueError(
                f'targets[{index}] has the name "{target.name}" of targets[{seen[target.name]}]; '
                "give each target its own name"
            )
        seen[target.name] = index
    return targets
