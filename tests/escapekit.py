"""One page per front-matter language (Jekyll's YAML; Hugo's YAML, TOML and JSON), each with
a given text as a nested value: for the tests of what escapes spell."""

from __future__ import annotations

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
