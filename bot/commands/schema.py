"""`pressbot schema`: the effective front-matter JSON Schema (or the configuration's)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.site import Site

SCHEMA_FILES = {"post": "post.schema.json", "config": "pressbot-config.schema.json"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kind",
        choices=tuple(SCHEMA_FILES),
        default="post",
        help="post: the front matter as this site checks it; config: .pressbot.yml",
    )
    parser.add_argument(
        "--write",
        type=Path,
        metavar="DIR",
        help="write the default schemas (both kinds) into DIR, as shipped in schemas/",
    )


def post_schema(site: Site | None) -> dict[str, Any]:
    """The front matter's JSON Schema as ``site`` checks it: its model, tightened by its
    configuration (`bot.schema_json`). Without a site: the default model under the default
    configuration, as every site that sets nothing checks it (`schemas/post.schema.json`)."""
    from bot.config import SiteConfig
    from bot.schema import JekyllPost, load_model
    from bot.schema_json import tighten
    from bot.schema_plain import tightening, tightening_of

    model = load_model(site.config.schema_, site.root) if site else JekyllPost
    schema = _json_schema_of(model, site.config.schema_ if site else None)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    tighten(schema, tightening(site) if site is not None else tightening_of(SiteConfig()))
    return schema


def _json_schema_of(model: Any, spec: str | None) -> dict[str, Any]:
    """The model's JSON Schema; a site's model that has none is a configuration error."""
    from pydantic.errors import PydanticUserError

    from bot.errors import UsageError

    try:
        return dict(model.model_json_schema())
    except (PydanticUserError, TypeError, ValueError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UsageError(
            f"setting 'schema': {spec!r} has no JSON Schema ({detail}); "
            "use field types that JSON Schema can describe"
        ) from None


def config_schema() -> dict[str, Any]:
    from bot.config import validator

    schema = validator().json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "pressbot configuration (.pressbot.yml)"
    return schema


def dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _write(folder: Path) -> None:
    from bot.errors import UsageError

    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / SCHEMA_FILES["post"]).write_text(dump(post_schema(None)), encoding="utf-8")
        (folder / SCHEMA_FILES["config"]).write_text(dump(config_schema()), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{folder}: cannot write the schemas there ({exc.strerror})") from None


def run(args: argparse.Namespace) -> int:
    if args.write:
        _write(args.write)
        return 0
    if args.kind == "config":
        sys.stdout.write(dump(config_schema()))
        return 0
    from bot.site import load_site

    site = load_site(args.site, args.config)
    sys.stdout.write(dump(post_schema(site)))
    return 0
