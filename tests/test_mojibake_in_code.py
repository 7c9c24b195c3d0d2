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


CONTAINERS = """---
title: Lists and quotes
---
1. First step

    Hereâ€™s case1, the paragraph of step one.

- item

    - nested Hereâ€™s case2

> ```
> echo Itâ€™s case3
> ```

- item two

        Itâ€™s case4, code in the item

>     Itâ€™s case5, indented code in a quote

- a
  - b

        Itâ€™s case6, code in the nested item

1. x
   ```
   Itâ€™s case7, fenced in the item
   ```

Back to the text.

    Itâ€™s case8, indented code

> quoted
>
>     Itâ€™s case9, code after a quoted paragraph

> ```
> fenced in a quote
Itâ€™s case10, after the quote ended

- item
```
Itâ€™s case11, a fence right after an item
```

1. item
  - not nested
    Itâ€™s case12, a lazy line
"""


def test_lists_and_blockquotes_are_read_as_kramdown_reads_them(site, jekyll_oracle) -> None:
    """A list item's paragraph or nested list indented four spaces is text, its code is
    indented four past its content; a blockquote's fence or indented block is code: as the
    page kramdown builds shows them."""
    import re
    import subprocess

    root = site({"_config.yml": "title: t\n", POST: CONTAINERS})
    done = subprocess.run(
        ["jekyll", "build", "--quiet", "--safe", "-s", str(root), "-d", str(root / "_site")],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    page = next((root / "_site").rglob("about-mojibake.html")).read_text(encoding="utf-8")
    built = {}
    for match in re.finditer(r"case(\d+)", page):
        before = page[: match.start()]
        built[int(match.group(1))] = before.rfind("<code") > before.rfind("</code>")
    lines = CONTAINERS.splitlines()
    ours = {}
    for found in check_posts(load_site(root)).findings:
        case = re.search(r"case(\d+)", lines[found.line - 1])
        assert case is not None, found
        ours[int(case.group(1))] = found.rule == "encoding/mojibake-in-code"
        assert (found.fix is None) == ours[int(case.group(1))], found
    assert len(built) == 12
    assert ours == built
