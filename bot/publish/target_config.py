"""The settings of each publish target, as `.pressbot.yml` writes them under `publish.targets`.

They are part of the site's configuration (`bot.config`), so a mistyped target is refused when
the configuration is loaded (by `pressbot check` too), not first by a publish after merge.
This module imports neither pydantic, `requests` nor the targets' delivery code: the targets
(`bot.publish.targets.*`) are given these settings already checked. As in `bot.config`, the
annotations say what pydantic checks when it is asked to (:func:`resolve`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

if TYPE_CHECKING:
    from pydantic import (
        AfterValidator,
        BeforeValidator,
        Field,
        StrictBool,
        StrictFloat,
        StrictInt,
        StrictStr,
    )

FORBID_EXTRA: Any = {"extra": "forbid"}
"""pydantic's configuration of every settings dataclass: an unknown key is an error."""

PYDANTIC_NAMES = (
    "AfterValidator", "BeforeValidator", "Discriminator", "Field", "Tag",
    "StrictBool", "StrictFloat", "StrictInt", "StrictStr",
)  # fmt: skip
"""The pydantic markers the settings' annotations name.

Every value is of a `Strict...` type, as the JSON Schema of the file (`schemas/`) says: pydantic
would otherwise take `true` for 1, `"3"` for 3 and `1` for true, and a setting written with the
wrong type would silently mean something else (`max_unpublish: false` as 0). A number may be
written with a fraction of zero (`3.0`), which JSON Schema counts as a whole number too
(:func:`whole_float`)."""


def whole_float(value: Any) -> Any:
    """``3.0`` as ``3``, for a whole-number setting (JSON Schema's integer includes it)."""
    if type(value) is float and value.is_integer():
        return int(value)
    return value


NO_SLASH: Any = {"pattern": "^[^/]+$"}
"""A target's name in the JSON Schema: it names a folder of the ledger, so it has no `/`
(:func:`_name_without_slash` says so in words)."""


def _name_without_slash(value: str) -> str:
    if "/" in value:
        raise ValueError(f'the target name "{value}" has a "/"; name it without one')
    return value


def _inside_site(value: str) -> str:
    # an absolute path is judged where it leads (`FolderTarget.place_problem`)
    if ".." in value.replace("\\", "/").split("/") or "\0" in value:
        raise ValueError(f"the output folder {value!r} must be inside the site (no '..')")
    return value


def _webhook_address(value: str) -> str:
    from bot.publish.targets.base import is_http_url, url_problem

    if not is_http_url(value) or url_problem(value):
        shown = value if len(value) <= 60 else value[:57] + "..."
        raise ValueError(f'expected the receiver\'s address (https://host/...), got "{shown}"')
    return value


def _forem_address(value: str) -> str:
    from urllib.parse import urlsplit

    from bot.publish.targets.base import is_http_url, url_problem

    if not is_http_url(value) or url_problem(value):
        raise ValueError("expected the Forem's address, e.g. https://dev.to")
    parts = urlsplit(value)
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError("expected the Forem's address without query, fragment or login")
    return value


@dataclass(kw_only=True)
class RetryPolicy:
    """How a networked target retries a delivery within one run."""

    __pydantic_config__ = FORBID_EXTRA

    timeout: Annotated[StrictFloat, Field(gt=0.0, description="Seconds to wait for an answer.")] = (
        10.0
    )
    retries: Annotated[
        StrictInt,
        Field(ge=0, description="Tries after the first, within one run."),
        BeforeValidator(whole_float),
    ] = 4
    backoff: Annotated[
        StrictFloat, Field(ge=0.0, description="First wait between tries (doubles).")
    ] = 1.0
    max_wait: Annotated[
        StrictFloat, Field(ge=0.0, description="Longest wait, Retry-After included.")
    ] = 60.0


@dataclass(kw_only=True)
class FolderConfig:
    """`folder`: writes each post, rendered, into a folder of the site (the default target)."""

    __pydantic_config__ = FORBID_EXTRA

    name: Annotated[
        StrictStr,
        Field(min_length=1, description="The target's name.", json_schema_extra=NO_SLASH),
        AfterValidator(_name_without_slash),
    ] = "outbox"
    type: Literal["folder"] = "folder"
    path: Annotated[
        StrictStr,
        Field(description="Output folder, relative to the site."),
        AfterValidator(_inside_site),
    ] = "_site-outbox"
    max_attempts: Annotated[
        StrictInt | None,
        Field(ge=1, description="Deliveries tried before 'dead' (publish.max_attempts)."),
        BeforeValidator(whole_float),
    ] = None


@dataclass(kw_only=True)
class WebhookConfig(RetryPolicy):
    """`webhook`: each post as JSON, signed as the Standard Webhooks specification says."""

    name: Annotated[
        StrictStr,
        Field(min_length=1, description="The target's name.", json_schema_extra=NO_SLASH),
        AfterValidator(_name_without_slash),
    ]
    type: Literal["webhook"]
    url: Annotated[
        StrictStr,
        Field(pattern=r"^https?://", description="Where deliveries are POSTed."),
        AfterValidator(_webhook_address),
    ]
    secret_env: Annotated[
        StrictStr,
        Field(description='Environment variable holding the secret ("whsec_" + base64).'),
    ] = "PRESSBOT_WEBHOOK_SECRET"
    max_attempts: Annotated[
        StrictInt | None,
        Field(ge=1, description="Deliveries tried before 'dead' (publish.max_attempts)."),
        BeforeValidator(whole_float),
    ] = None


@dataclass(kw_only=True)
class DevtoConfig(RetryPolicy):
    """`devto` (or `forem`): articles on dev.to or any Forem, through its REST API."""

    name: Annotated[
        StrictStr,
        Field(min_length=1, description="The target's name.", json_schema_extra=NO_SLASH),
        AfterValidator(_name_without_slash),
    ]
    type: Literal["devto", "forem"]
    api_url: Annotated[
        StrictStr,
        Field(pattern=r"^https?://", description="The Forem's address."),
        AfterValidator(_forem_address),
    ] = "https://dev.to"
    api_key_env: Annotated[
        StrictStr, Field(description="Environment variable holding the API key.")
    ] = "DEVTO_API_KEY"
    published: Annotated[StrictBool, Field(description="false: create drafts.")] = True
    max_attempts: Annotated[
        StrictInt | None,
        Field(ge=1, description="Deliveries tried before 'dead' (publish.max_attempts)."),
        BeforeValidator(whole_float),
    ] = None


TargetConfig = Union[FolderConfig, WebhookConfig, DevtoConfig]  # noqa: UP007 (evaluated on 3.10)
"""One entry of `publish.targets`."""


def _target_type(value: Any) -> str | None:
    """The union's branch: a target without `type` is a folder; `forem` is `devto`."""
    kind = value.get("type", "folder") if isinstance(value, dict) else getattr(value, "type", None)
    if kind == "forem":
        return "devto"
    return kind if isinstance(kind, str) else None


def resolve(names: dict[str, Any]) -> None:
    """Give this module the pydantic markers its annotations name (``names``)."""
    globals().update(names)


def discriminated_union() -> Any:
    """:data:`TargetConfig` as pydantic validates it: chosen by `type`, worded when unknown."""
    from pydantic import Discriminator, Tag

    return Annotated[
        Union[  # noqa: UP007
            Annotated[FolderConfig, Tag("folder")],
            Annotated[WebhookConfig, Tag("webhook")],
            Annotated[DevtoConfig, Tag("devto")],
        ],
        Discriminator(
            _target_type,
            custom_error_type="unknown_kind",
            custom_error_message="not a target type",
            custom_error_context={
                "kind": "target type",
                "choices": "folder, webhook, devto or forem",
            },
        ),
    ]


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
