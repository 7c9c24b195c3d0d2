"""Untrusted text (post content, file names, anything read from a results artifact) made inert.

Everything a post author controls ends up in Markdown (the sticky comment, the job summary, review
comments) or in the job log. Here it may not:

- mention anyone or reference anything: ``@someone`` and ``@org/team`` notify, ``#123``,
  ``GH-123``, ``owner/repo#5`` and a bare issue URL cross-reference another issue,
  ``owner/repo@sha`` links a commit: a zero-width space follows every ``@`` and ``#``, the ``-`` of
  ``GH-``, the ``://`` of a URL and ``www`` (GitHub links none of them then);
- forge a workflow command (``::error::...`` at the start of a log line): ``::`` is split the
  same way, and line breaks never survive;
- inject HTML or break the Markdown around it (tables, links, code spans): ``&<>`` become
  entities and the punctuation that starts Markdown syntax is backslash-escaped;
- spoof our hidden markers (``<!-- pressbot:... -->``): ``<`` is always an entity;
- flood the output (a 100 KB line): text is cut to a length before it is escaped.
"""

from __future__ import annotations

import re
import unicodedata

ZWSP = "\u200b"
# What could start emphasis, code, a link or image, strikethrough or a table cell; `<`, `>`
# and `&` become entities, so no HTML (nor a hidden marker) can form.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# What GitHub's autolinker starts from; a zero-width space after each breaks the reference.
_REFERENCE = re.compile(r"[@#]|(?<![A-Za-z0-9])(?i:gh)-|://|(?<![A-Za-z0-9])(?i:www)(?=\.)")
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _visible(ch: str) -> str:
    """Control, format and bidi characters as ``U+XXXX``; everything else as is."""
    if ch in "\t":
        return " "
    if ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cs", "Co") or ch in "\u2028\u2029":
        return f"U+{ord(ch):04X}"
    return ch


def plain(text: object, limit: int = 500) -> str:
    """One line of plain text: no control characters, no line breaks, at most ``limit`` chars.

    Safe for a log line or a workflow-command message (which still gets its own escaping).
    """
    s = str(text)
    cut = len(s) > limit
    s = s[:limit]
    s = "".join(_visible(ch) if not ch.isprintable() or ch in _BIDI else ch for ch in s)
    s = s.replace("::", ":" + ZWSP + ":")
    return s + ("…" if cut else "")


def markdown(text: object, limit: int = 500) -> str:
    """Inline Markdown (a table cell, a sentence, a link text) that renders as the literal text."""
    s = plain(text, limit)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MARKDOWN_SPECIAL.sub(r"\\\1", s)
    return _REFERENCE.sub(lambda m: m.group(0) + ZWSP, s)


def fence(content: str, info: str = "") -> str:
    """A fenced code block around ``content``, with a fence longer than any backtick run in it.

    Inside a code block GitHub renders no HTML and links no @mentions, so the content is kept
    verbatim (a suggestion must be exactly the text it puts in the file).
    """
    longest = max((len(m) for m in re.findall(r"`+", content)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{info}\n{content}\n{ticks}"


def github_length(text: str) -> int:
    """Length as GitHub may count it: the larger of code points and UTF-16 code units."""
    return max(len(text), len(text.encode("utf-16-le")) // 2)
