"""The `.pressbot.yml` that `init` writes: the site's own values, each setting commented."""

from __future__ import annotations

import json
import re

from bot.adopt.survey import Survey

MAX_ALLOWED = 100
"""More distinct categories or tags than this are left open (a comment says how to close)."""


_UNSAFE = re.compile(r"[^\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What may not stand as it is in the file: controls, and what YAML takes for a line break
(U+0085, U+2028, U+2029), which would end a comment and start a setting."""


def _escaped(json_text: str) -> str:
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def _list(values: list[str]) -> str:
    """A YAML flow list of text (JSON's quoting: every value stays text, `yes` and `1` too;
    controls and line breaks escaped)."""
    return _escaped(json.dumps(values, ensure_ascii=False))


def _shown(text: str) -> str:
    """Text from the posts, for a comment: quoted, on one line, whatever it holds."""
    return _escaped(json.dumps(text, ensure_ascii=False))


def config_text(found: Survey, version: str) -> str:
    lines = [
        f"# pressbot's settings for this site, written by `pressbot init` (pressbot {version})",
        f"# from its {found.posts} post{'s' if found.posts != 1 else ''}. Every key is optional;",
        "# `pressbot rule RULE` explains a rule, and the README's Configuration section each key.",
        "",
    ]
    lines += _required(found)
    lines += _allowed("categories", found.categories)
    lines += _allowed("tags", found.tags)
    lines += _authors(found)
    lines += _fields(found)
    lines += [
        "",
        "# Longest title and excerpt, in characters:",
        "# max_length:",
        "#   title: 100",
        "#   excerpt: 200",
        "",
        "# A rule's severity (error | warning | info | off), by id or family:",
        "rules:",
        "  severity: {}",
        "  #   encoding/invisible-char: error",
        "",
    ]
    lines += _timezone(found)
    lines += [
        "",
        "# Where merged posts are published (`pressbot publish`). None: the folder _site-outbox",
        "# on a run by hand; on GitHub Actions, publish stops (exit 2) until a target is set.",
        "# publish:",
        "#   targets:",
        "#     - name: hook",
        "#       type: webhook",
        "#       url: https://example.org/hooks/posts",
        "#       secret_env: PRESSBOT_WEBHOOK_SECRET",
    ]
    return "\n".join(lines) + "\n"


def _required(found: Survey) -> list[str]:
    out = ["# Fields every post must have (the ones all posts have now):"]
    out.append(f"required: {_list(found.required)}")
    if found.missing_title:
        out.append(
            f"# `title` is not required: {found.missing_title} post(s) have none. "
            "Add it to them, then here."
        )
    return out


def _allowed(key: str, values: list[str]) -> list[str]:
    if not values:
        return ["", f"# Allowed {key} (none used yet; any is allowed):", f"# {key}: []"]
    if len(values) > MAX_ALLOWED:
        return [
            "",
            f"# The posts use {len(values)} {key}: any is allowed. To allow only some:",
            f"# {key}: [...]",
        ]
    return [
        "",
        f"# Allowed {key} (case-sensitive; the ones the posts use now): a new one is added here.",
        f"{key}: {_list(values)}",
    ]


def _authors(found: Survey) -> list[str]:
    data = "data/authors.yml" if found.generator == "hugo" else "_data/authors.yml"
    if found.authors_data is None:
        return [
            "",
            f"# Authors must be keys of {data} (the site has none yet):",
            "# authors_from_data: true",
        ]
    unknown = found.unknown_authors
    if unknown:
        shown = ", ".join(map(_shown, unknown[:10])) + (" ..." if len(unknown) > 10 else "")
        return [
            "",
            f"# Authors must be keys of {data}; not on yet, as some posts name",
            f"# authors it does not list ({shown}):",
            "# authors_from_data: true",
        ]
    return ["", f"# Authors must be keys of {data}:", "authors_from_data: true"]


def _fields(found: Survey) -> list[str]:
    out = [
        "",
        "# Fields outside pressbot's schema are findings (a typo such as `tittle`), except",
        "# the site's own fields listed in extra_fields:",
        "unknown_fields: forbid",
        f"extra_fields: {_list(found.extra_fields)}",
    ]
    if found.likely_typos:
        pairs = ", ".join(
            f"{_shown(k)} (for {_shown(v)}?)" for k, v in sorted(found.likely_typos.items())
        )
        out.append(f"# Left out as likely typos, used once: {pairs}")
    return out


def _timezone(found: Survey) -> list[str]:
    if found.generator == "hugo":
        if found.timezone:
            shown = _shown(found.timezone)
            return [f"# Dates are read in {shown} (`timeZone` in Hugo's configuration)."]
        return [
            "# Hugo's configuration sets no `timeZone`: dates without an offset are read as UTC.",
            "# Set `timeZone = 'Area/City'` there if the pages mean local time.",
        ]
    if found.timezone:
        return [
            f"# Dates are read in {_shown(found.timezone)} (`timezone` in _config.yml), as "
            "Jekyll does.",
        ]
    return [
        "# _config.yml sets no `timezone`: dates without an offset are read as UTC, as Jekyll",
        "# on a CI machine does. Set `timezone: Area/City` there if the posts mean local time.",
    ]
