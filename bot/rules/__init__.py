"""The rule families. Each module has `RULES` (id -> default severity) and `check(post, site)`.

A rule says what and where; `bot.linter` stamps severity, applies selection and sorts.
"""

from __future__ import annotations

FAMILIES = ("files", "encoding", "mojibake", "frontmatter", "schema", "jekyll", "assets")
