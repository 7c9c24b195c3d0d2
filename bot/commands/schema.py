"""`pressbot schema`: the effective front-matter JSON Schema (or the configuration's)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.render.terminal import inert_json

if TYPE_CHECKING:
    from bot.site import Site

SCHEMA_FILES = {"post": "post.schema.json", "config": "pressbot-config.schema.json"}
HUGO_FILE = "hugo-front-matter.schema.json"
"""The default Hugo front-matter schema, written by `--write` beside the others."""


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
        help="write the default schemas (both kinds, Jekyll's and Hugo's front matter) into "
        "DIR, as shipped in schemas/",
    )
    parser.add_argument(
        "--generator",
        choices=("jekyll", "hugo"),
        help="the front matter of this generator (default: the site's); without a site, the "
        "default schema of that generator",
    )


def post_schema(site: Site | None) -> dict[str, Any]:
    """The front matter's JSON Schema as ``site`` checks it: its model, tightened by its
    configuration (`bot.schema_json`). Without a site: the default model under the default
    configuration, as every site that sets nothing checks it (`schemas/post.schema.json`)."""
    from bot.config import SiteConfig
    from bot.schema import JekyllPost, load_model
    from bot.schema_json import json_schema_of, tighten
    from bot.schema_plain import tightening, tightening_of

    model = load_model(site.config.schema_, site.root) if site else JekyllPost
    schema = json_schema_of(model, site.config.schema_ if site else None)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    tighten(schema, tightening(site) if site is not None else tightening_of(SiteConfig()))
    return schema


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
        (folder / HUGO_FILE).write_text(dump(hugo_schema(None)), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{folder}: cannot write the schemas there ({exc.strerror})") from None


def run(args: argparse.Namespace) -> int:
    if args.write:
        _write(args.write)
        return 0
    if args.kind == "config":
        sys.stdout.write(inert_json(dump(config_schema())))
        return 0
    from bot.site import load_site

    site = load_site(args.site, args.config)
    generator = args.generator or site.generator
    if generator == "hugo":
        sys.stdout.write(inert_json(dump(hugo_schema(site if site.is_hugo else None))))
    else:
        sys.stdout.write(inert_json(dump(post_schema(site))))
    return 0


def hugo_schema(site: Site | None) -> dict[str, Any]:
    """Hugo's front matter as ``site`` checks it (`bot.schema_hugo_json`)."""
    from bot.schema_hugo_json import hugo_schema as made

    return made(site)
