"""Jekyll's `collections_dir`: the folder posts (and every collection) are read from."""

from __future__ import annotations

from typing import Any


def collections_dir(jekyll: dict[str, Any]) -> str:
    """The site's `collections_dir` ("" when unset): where Jekyll reads `_posts` from."""
    value = jekyll.get("collections_dir")
    return value if isinstance(value, str) else ""


def collection_relative(rel: str, folder: str) -> str:
    """A site-relative path as Jekyll's `Document#relative_path` gives it: relative to the
    ``folder`` `collections_dir` names, for the paths inside it."""
    if folder and rel.startswith(folder + "/"):
        return rel[len(folder) + 1 :]
    return rel
