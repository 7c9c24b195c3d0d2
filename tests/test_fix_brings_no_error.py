"""A repair never brings what the check then blocks. A mojibake whose repair is a line or
paragraph separator, a bidirectional override or another control is reported without an
automatic repair (U+2028 in YAML is a line break: the front matter would no longer parse);
and where repairs together would bring a new error (two keys repaired into one), `fix`
leaves the file as it is and says why."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_site
from tests.inputkit import pressbot


def _garbled(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", errors="replace")


def test_a_repair_to_a_separator_or_control_is_not_made(tmp_path: Path) -> None:
    posts = {
        "_posts/2020-01-01-a.md": f"---\ntitle: a{_garbled(chr(0x2028))}b\n---\nbody\n",
        "_posts/2020-01-02-b.md": f"---\ntitle: x\n---\na{_garbled(chr(0x202E))}b "
        f"Here{_garbled(chr(0x2019))}s\n",
    }
    root = write_site(tmp_path / "site", {"_config.yml": "title: T\n", **posts})
    checked = pressbot("check", cwd=root)
    assert "U+2028 LINE SEPARATOR, which breaks or hides text" in checked.out
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in checked.out
    assert "(1 fixable)" in checked.out
    done = pressbot("fix", cwd=root)
    assert done.code == 0 and "fixed _posts/2020-01-02-b.md: 1 mojibake repair" in done.out
    assert (root / "_posts/2020-01-01-a.md").read_text(encoding="utf-8") == posts[
        "_posts/2020-01-01-a.md"
    ]
    after = pressbot("check", cwd=root)
    assert "frontmatter/syntax" not in after.out and "bidi-control" not in after.out
    assert pressbot("fix", cwd=root).out == ""  # nothing left that it would change


def test_repairs_that_together_make_a_new_error_leave_the_file(tmp_path: Path) -> None:
    text = f"---\ntitle: x\ncafé: 1\ncaf{_garbled('é')}: 2\n---\nbody\n"
    root = write_site(
        tmp_path / "site", {"_config.yml": "title: T\n", "_posts/2020-01-01-a.md": text}
    )
    done = pressbot("fix", cwd=root)
    assert "not changed: the repairs would bring new errors (frontmatter/duplicate-key)" in done.err
    assert (root / "_posts/2020-01-01-a.md").read_text(encoding="utf-8") == text
