"""Untrusted text (post content, file names, titles, remote errors) as inert Markdown.

Everything a post author controls may end up in Markdown that GitHub renders: the sticky
comment, the job summary, review comments, the publish announcement. There it may not:

- mention anyone or reference anything: ``@someone`` and ``@org/team`` notify, ``#123``,
  ``GH-123``, ``owner/repo#5`` and a bare issue URL cross-reference another issue,
  ``owner/repo@sha`` links a commit: a zero-width space follows every ``@`` and ``#``, the ``-``
  of ``GH-``, the ``:/`` of a URL and ``www`` (GitHub links none of them then);
- forge a workflow command when the Markdown is printed to a log: ``:`` is escaped, so ``::``
  never appears, and line breaks never survive (whitespace runs become one space);
- inject HTML or break the Markdown around it (tables, links, code spans, emphasis, headings,
  lists): ``&<>`` become entities and every ASCII character that starts Markdown syntax is
  backslash-escaped;
- spoof our hidden markers (``<!-- pressbot:... -->``): ``<`` is always an entity;
- hide or reorder text: control, format and bidirectional characters are written ``U+202E``;
- flood the output (a 100 KB line): text is cut to a length before it is escaped.

Inside a fenced code block GitHub renders no HTML and links nothing, so `fence` keeps its
content verbatim (a suggestion must be exactly the text it puts in the file).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from bot.render.terminal import raw_bytes

ZWSP = "\u200b"
_ZWJ = "\u200d"  # joins emoji sequences: shown as it is
# Every ASCII character that starts or ends Markdown syntax somewhere (emphasis, code, links and
# images, headings, lists, tables, strikethrough, setext lines, the `:` of a workflow command).
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~=:])")
# What GitHub's autolinker starts from, after escaping: a zero-width space after each breaks it.
_REFERENCE = re.compile(r"[@#]|(?<![A-Za-z0-9])(?i:gh)\\-|\\:/|(?<![A-Za-z0-9])(?i:www)(?=\\\.)")


def _visible(char: str) -> str:
    return char if char.isprintable() or char == _ZWJ else f"U+{ord(char):04X}"


def inline(text: object, limit: int = 500) -> str:
    """Inline Markdown (a table cell, a list item, a link text) that renders as the literal
    text: one line of at most ``limit`` characters (the last one ``…`` when it was cut)."""
    s = " ".join(str(text).split())
    if len(s) > limit:
        s = s[: max(limit - 1, 0)] + "…"
    if not (s.isascii() and s.isprintable()):
        s = "".join(_visible(ch) for ch in s)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _SPECIAL.sub(r"\\\1", s)
    return _REFERENCE.sub(lambda m: m.group(0) + ZWSP, s)


def code(text: object, limit: int = 100) -> str:
    """A code span around one line of ``text`` (a rule id), with a backtick run longer than
    any in it. GitHub renders no HTML and links nothing in a code span."""
    s = "".join(_visible(ch) for ch in " ".join(str(text).split())[:limit])
    longest = max((len(m) for m in re.findall(r"`+", s)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{ticks}{pad}{s}{pad}{ticks}"


def fence(content: str, info: str = "") -> str:
    """A fenced code block around ``content``, with a fence longer than any backtick run in it."""
    longest = max((len(m) for m in re.findall(r"`+", content)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{info}\n{content}\n{ticks}"


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for a Markdown link target (percent-encoded), or None."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    return quote(raw_bytes(url), safe=":/?#&=%~-._+,;!$'*")


def github_length(text: str) -> int:
    """Length as GitHub may count it: the larger of code points and UTF-16 code units."""
    return max(len(text), len(text.encode("utf-16-le", "surrogatepass")) // 2)
