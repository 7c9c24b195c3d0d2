"""Mojibake in Markdown code: an article may quote it on purpose, a scraped post may have
it by accident. It is reported (`encoding/mojibake-in-code`, a warning) and `pressbot fix`
never changes code; front matter and text outside code stay `encoding/mojibake` errors."""

from __future__ import annotations

from bot.linter import check_posts
from bot.site import load_site
from tests.inputkit import pressbot

POST = "_posts/2026-01-02-about-mojibake.md"
ARTICLE = """---
title: Why your apostrophes turn into `â€™`
---
When UTF-8 is read as Windows-1252, `’` becomes `â€™`, and Itâ€™s too.

```python
>>> "’".encode("utf-8").decode("cp1252")
'â€™'
```

    Ã©tÃ© (indented)
"""


def test_code_is_reported_as_a_warning_outside_code_as_an_error(site) -> None:
    root = site({POST: ARTICLE})
    found = [(f.line, f.column, f.severity, f.rule) for f in check_posts(load_site(root)).findings]
    assert found == [
        (2, 40, "error", "encoding/mojibake"),
        (4, 50, "warning", "encoding/mojibake-in-code"),
        (4, 62, "error", "encoding/mojibake"),
        (8, 2, "warning", "encoding/mojibake-in-code"),
        (11, 5, "warning", "encoding/mojibake-in-code"),
    ]
    in_code = [f for f in check_posts(load_site(root)).findings if f.line == 8]
    assert in_code[0].fix is None
    assert in_code[0].message == (
        'mojibake "â€™" in code: text decoded with the wrong codec (UTF-8 read as '
        'Windows-1252); unless the code quotes it on purpose, write "’" by hand; '
        "`pressbot fix` leaves code as it is"
    )


def test_fix_leaves_code_as_it_is(site) -> None:
    root = site({POST: ARTICLE})
    done = pressbot("fix", ".", cwd=root)
    assert done.code == 0, done
    fixed = (root / POST).read_text(encoding="utf-8")
    assert fixed == (ARTICLE.replace("turn into `â€™`", "turn into `’`").replace("Itâ€™s", "It’s"))
