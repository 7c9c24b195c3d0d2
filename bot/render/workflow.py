"""GitHub workflow commands (``::error file=...,line=1::message``), the only way pressbot
writes them.

The runner reads a command from a whole log line, so the message is made one plain line
(`terminal.clean`: no line break, no control character, no ``::``) before the toolkit's own
escaping (``%``, CR and LF percent-encoded; in a property value ``:`` and ``,`` as well). The
file property keeps the path exact (a line break in a file name is percent-encoded, which the
runner decodes) but escapes any other control character, so a file name cannot write raw
escapes into the log.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any, TextIO

from bot.render.terminal import clean, shown, visible

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
MAX_PATH = 4096
MAX_TITLE = 100
MAX_MESSAGE = 1000


def escape_data(value: str) -> str:
    """Escape the message part of a workflow command (GitHub's toolkit `escapeData`)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value of a workflow command (toolkit `escapeProperty`)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, properties: dict[str, object], message: str) -> str:
    """``::kind k=v,...::message``, every value and the message made safe here."""
    props = ",".join(f"{k}={_property(v)}" for k, v in properties.items())
    head = f"::{kind} {props}" if props else f"::{kind}"
    return f"{head}::{escape_data(clean(message, MAX_MESSAGE))}"


@contextlib.contextmanager
def commands_stopped(out: TextIO, env: Mapping[str, str]) -> Iterator[None]:
    """Within: lines written exactly (a diff that must still apply, a comment as it will be
    posted) that may hold anything, ``::error::`` or ``##[error]`` included. In GitHub Actions
    the runner is told to read no workflow command until a token no post can guess
    (``stop-commands``); anywhere else no one reads them."""
    import secrets

    token = secrets.token_hex(16) if env.get("GITHUB_ACTIONS") == "true" else None
    if token:
        out.write(f"::stop-commands::{token}\n")
    try:
        yield
    finally:
        if token:
            out.write(f"::{token}::\n")


def _property(value: object) -> str:
    """A value exact (a line break in a file name is percent-encoded, which the runner
    decodes) but for characters no log line may carry raw."""
    return escape_property(visible(shown(str(value)), keep="\r\n"))


def annotation(finding: Any, path: str | None = None, title: str | None = None) -> str:
    """One finding (``path``, ``line``, ``column``, ``end_line``, ``end_column``, ``rule``,
    ``severity``, ``message``) as an annotation; ``path`` overrides the finding's own."""
    props: dict[str, object] = {
        "file": (finding.path if path is None else path)[:MAX_PATH],
        "line": int(finding.line),
    }
    if finding.column:
        props["col"] = int(finding.column)
    if finding.end_line:
        props["endLine"] = int(finding.end_line)
    if finding.end_column and finding.end_line in (None, finding.line):
        props["endColumn"] = int(finding.end_column)
    props["title"] = clean(title or finding.rule, MAX_TITLE)
    return command(LEVEL.get(finding.severity, "warning"), props, finding.message)
