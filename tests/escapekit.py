"""For the tests of what a post's text spells (escapes, HTML references, file names): one
page per front-matter language with a given value, and the encoding findings of a site."""

from __future__ import annotations

import json
from pathlib import Path

from tests.inputkit import pressbot

JEKYLL = {"_config.yml": "title: t\n"}
HUGO = {"hugo.toml": 'baseURL = "https://example.org/"\n'}
KINDS = ["jekyll", "yaml", "toml", "json"]


def nested_value_sites(text: str) -> dict[str, dict[str, str]]:
    """Per kind, a site whose page sets ``extra.note`` to ``text`` in a double-quoted string
    (so escapes in ``text`` are read as the language reads them); the key is on line 4 (3 in
    JSON)."""
    return {
        "jekyll": {
            **JEKYLL,
            "_posts/2020-01-01-a.md": f'---\ntitle: t\nextra:\n  note: "{text}"\n---\nbody\n',
        },
        "yaml": {**HUGO, "content/posts/a.md": f'---\ntitle: t\nextra:\n  note: "{text}"\n---\n'},
        "toml": {
            **HUGO,
            "content/posts/a.md": f'+++\ntitle = "t"\n[extra]\nnote = "{text}"\n+++\n',
        },
        "json": {
            **HUGO,
            "content/posts/a.md": f'{{\n"title": "t",\n"extra": {{"note": "{text}"}}\n}}\n',
        },
    }


def encoding_findings(root: Path, select: str = "encoding") -> list[dict[str, object]]:
    """`pressbot check --select SELECT` on the site at ``root``: its findings (no traceback)."""
    run = pressbot("check", "--format", "json", "--select", select, cwd=root)
    assert run.code in (0, 1) and "Traceback" not in run.err, run
    findings: list[dict[str, object]] = json.loads(run.out)["findings"]
    return findings
