"""The embedded default target: writes each post, rendered, into a folder.

For a post whose URL is `/2024/01/02/hello.html` it writes `2024/01/02/hello.html` (the
rendered HTML), `hello.md` (the Markdown body) and `hello.json` (the metadata) beside it;
a URL ending in `/` gets `index.html`, `index.md` and `index.json` in that folder. An
unpublish removes the three files. Writes are atomic (write, then rename) and repeatable, so
a delivery done twice leaves the same files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.publish.targets.base import Action, Outcome, PostPayload, Previous


class FolderConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="outbox", min_length=1)
    type: Literal["folder"] = "folder"
    path: str = Field(default="_site-outbox", description="Output folder, relative to the site.")
    max_attempts: int | None = Field(default=None, ge=1)


def html_path_for(url: str) -> PurePosixPath | None:
    """The file Jekyll would write for ``url``, relative and confined (None if unusable)."""
    parts = [p for p in url.split("?")[0].split("#")[0].split("/") if p not in ("", ".")]
    if any(p == ".." or "\\" in p or "\0" in p for p in parts):
        return None
    if url.endswith("/") or not parts:
        parts.append("index.html")
    elif "." not in parts[-1]:
        parts[-1] += ".html"
    return PurePosixPath(*parts)


class FolderTarget:
    type = "folder"

    def __init__(self, config: FolderConfig, site_root: Path) -> None:
        self.name = config.name
        self.max_attempts = config.max_attempts
        out = Path(config.path)
        self.root = out if out.is_absolute() else site_root / out

    def _files(self, url: str) -> list[Path] | None:
        """The HTML, Markdown and metadata files for ``url``, inside the folder (or None)."""
        rel = html_path_for(url)
        if rel is None:
            return None
        html = self.root.joinpath(*rel.parts)
        try:
            html.parent.resolve().relative_to(self.root.resolve())
        except ValueError:
            return None
        return [html, html.with_suffix(".md"), html.with_suffix(".json")]

    def deliver(self, action: Action, post: PostPayload, previous: Previous, key: str) -> Outcome:
        # remote_id is the HTML file's path in the folder: what to remove later
        try:
            if action == "unpublish":
                self._remove(previous.remote_id or post.url)
                return Outcome(True, url=previous.url)
            files = self._files(post.url)
            if files is None:
                return Outcome(
                    False, error=f"URL {post.url!r} leaves the output folder", permanent=True
                )
            html, md, meta = files
            rel = html.relative_to(self.root).as_posix()
            if previous.remote_id and previous.remote_id != rel:
                self._remove(previous.remote_id)
            html.parent.mkdir(parents=True, exist_ok=True)
            meta_data = {k: v for k, v in post.as_data().items() if k not in ("markdown", "html")}
            _write(html, _page(post).encode())
            _write(md, post.markdown.encode())
            _write(meta, (json.dumps(meta_data, indent=1, ensure_ascii=False) + "\n").encode())
            return Outcome(True, remote_id=rel, url=post.absolute_url or post.url)
        except OSError as exc:
            return Outcome(False, error=f"cannot write to {self.root}: {exc.strerror or exc}")

    def _remove(self, url: str) -> None:
        files = self._files(url)
        if files is None:
            return
        for file in files:
            file.unlink(missing_ok=True)
        folder = files[0].parent
        root = self.root.resolve()
        while folder.resolve() != root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent

    def close(self) -> None:
        pass


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _page(post: PostPayload) -> str:
    from html import escape

    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(post.title)}</title>\n</head>\n<body>\n"
        f"<article>\n<h1>{escape(post.title)}</h1>\n{post.html}</article>\n</body>\n</html>\n"
    )
