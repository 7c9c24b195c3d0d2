"""`pressbot check` and `fix` on a Hugo site: the posts are Hugo's regular pages, front matter
in YAML, TOML or JSON is read as Hugo reads it, and findings point at the line and column
where the trouble is written, whatever the format."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.inputkit import pressbot

CONFIG = 'baseURL = "https://example.org/"\ntitle = "T"\n'


def _site(root: Path, pages: dict[str, str], config: str = CONFIG) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text(config, encoding="utf-8")
    for rel, text in pages.items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return root


def _findings(*args: Any, cwd: Path | None = None) -> tuple[int, dict[str, Any]]:
    done = pressbot("check", "--format", "json", *args, cwd=cwd)
    assert done.code in (0, 1), done
    return done.code, json.loads(done.out)


def _where(doc: dict[str, Any], rule: str) -> list[tuple[str, int, int]]:
    return [(f["path"], f["line"], f["column"]) for f in doc["findings"] if f["rule"] == rule]


MOJIBAKE_PAGES = {
    "posts/toml.md": '+++\ntitle = "Hereâ€™s TOML"\n+++\nBody.\n',
    "posts/json.md": '{\n  "title": "Hereâ€™s JSON"\n}\nBody.\n',
    "posts/yaml.md": "---\ntitle: Hereâ€™s YAML\n---\nBody.\n",
    "posts/body.md": "+++\ntitle = 'Fine'\n+++\n\nA line.\nThe cafÃ© opens.\n",
}


def test_mojibake_is_found_in_every_front_matter_format_and_the_body(tmp_path: Path) -> None:
    root = _site(tmp_path, MOJIBAKE_PAGES)
    code, doc = _findings("--site", root)
    assert code == 1
    assert doc["files_checked"] == 4
    assert sorted(_where(doc, "encoding/mojibake")) == [
        ("content/posts/body.md", 6, 8),
        ("content/posts/json.md", 2, 17),
        ("content/posts/toml.md", 2, 14),
        ("content/posts/yaml.md", 2, 12),
    ]


def test_fix_repairs_mojibake_in_toml_and_json_and_keeps_every_other_byte(tmp_path: Path) -> None:
    root = _site(tmp_path, MOJIBAKE_PAGES)
    before = {p: (root / "content" / p).read_bytes() for p in MOJIBAKE_PAGES}
    done = pressbot("fix", "--site", root)
    assert done.code == 0, done
    for rel, old in before.items():
        new = (root / "content" / rel).read_bytes()
        expected = old.replace("â€™".encode(), "’".encode()).replace("Ã©".encode(), "é".encode())
        assert new == expected, rel
    code, doc = _findings("--site", root)
    assert code == 0 and doc["findings"] == []


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('+++\ntitle = "A"\ndate = \n+++\n', 3, 8),  # TOML: a key without a value
        ('\n\n+++\ntitle = "A"\nx = [1,\n+++\n', 6, 1),  # blank lines first; cut short
        ('{\n  "title": "A",\n  "draft" true\n}\n', 3, 11),  # JSON: a missing colon
    ],
)
def test_front_matter_hugo_cannot_decode_is_an_error_where_it_is(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    root = _site(tmp_path, {"posts/bad.md": text})
    code, doc = _findings("--site", root)
    assert code == 1
    assert _where(doc, "frontmatter/syntax") == [("content/posts/bad.md", line, column)]


def test_front_matter_never_closed_is_an_error(tmp_path: Path) -> None:
    root = _site(tmp_path, {"posts/open.md": '+++\ntitle = "A"\n\nBody without the end.\n'})
    code, doc = _findings("--site", root)
    assert code == 1
    assert [f["rule"] for f in doc["findings"]] == ["frontmatter/syntax"]
    assert "delimiter" in doc["findings"][0]["message"]


def test_a_page_without_front_matter_is_fine_for_hugo(tmp_path: Path) -> None:
    root = _site(tmp_path, {"posts/plain.md": "Just text, no front matter.\n"})
    _, doc = _findings("--site", root)
    # Not `frontmatter/missing` as on a Jekyll site: only the title the default schema wants.
    assert doc["files_checked"] == 1
    assert [(f["rule"], f["line"]) for f in doc["findings"]] == [("schema/required", 1)]


def test_a_key_given_twice_in_json_is_reported(tmp_path: Path) -> None:
    text = '{\n  "title": "A",\n  "draft": false,\n  "Title": "B"\n}\n'
    root = _site(tmp_path, {"posts/twice.md": text})
    code, doc = _findings("--site", root)
    assert code == 1
    assert _where(doc, "frontmatter/duplicate-key") == [("content/posts/twice.md", 4, 3)]


SECTIONS = {
    "_index.md": "+++\ntitle = 'Home â€“ not a page'\n+++\n",
    "posts/_index.md": "+++\ntitle = 'Section â€“ not a page'\n+++\n",
    "posts/bundle/index.md": "+++\ntitle = 'Bundle'\n+++\n",
    "posts/bundle/notes.md": "A resource of the bundle, not a page: cafÃ©\n",
    "posts/one.md": "+++\ntitle = 'One'\n+++\n",
    "about.md": "+++\ntitle = 'About'\n+++\n",
}


def test_the_posts_are_the_regular_pages(tmp_path: Path) -> None:
    root = _site(tmp_path, SECTIONS)
    code, doc = _findings("--site", root)
    # one.md, about.md and the bundle's index.md: not the `_index` files (mojibake in their
    # titles is not reported) nor the bundle's resource
    assert (code, doc["files_checked"], doc["findings"]) == (0, 3, [])


def test_named_files_are_judged_as_a_whole_site_run_judges_them(tmp_path: Path) -> None:
    root = _site(tmp_path, SECTIONS)
    content = root / "content"
    named = [content / "posts" / "bundle" / "notes.md", content / "_index.md"]
    done = pressbot("check", "--format", "json", "--allow-empty", *named, cwd=root)
    assert done.code == 0, done
    assert json.loads(done.out)["files_checked"] == 0
    _, doc = _findings(content / "posts" / "one.md", cwd=root)
    assert doc["files_checked"] == 1
    _, doc = _findings(content / "posts", cwd=root)
    assert doc["files_checked"] == 2  # one.md and the bundle's index.md


def test_the_site_root_is_found_from_inside_a_hugo_site_in_a_repository(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "docs").mkdir()
    root = _site(tmp_path / "docs", {"posts/toml.md": MOJIBAKE_PAGES["posts/toml.md"]})
    code, doc = _findings(cwd=root / "content" / "posts")
    assert code == 1
    assert _where(doc, "encoding/mojibake") == [("content/posts/toml.md", 2, 14)]


def test_generator_jekyll_in_the_configuration_overrides_detection(tmp_path: Path) -> None:
    root = _site(tmp_path, {"posts/toml.md": MOJIBAKE_PAGES["posts/toml.md"]})
    (root / ".pressbot.yml").write_text("generator: jekyll\n", encoding="utf-8")
    done = pressbot("check", "--format", "json", "--allow-empty", "--site", root)
    assert done.code == 0, done
    assert json.loads(done.out)["files_checked"] == 0  # no `_posts`: nothing for Jekyll


FORMATS = {
    "toml": ('+++\ntitle = "{v}"\n+++\n', 2),
    "yaml": ("---\ntitle: {v}\n---\n", 2),
    "json": ('{{\n  "title": "{v}"\n}}\n', 2),
}
"""Front matter of each format, with ``{v}`` where the title goes, and the title's line."""

ENCODING_CASES = {
    # rule: (a title that flags, a title that passes)
    "encoding/bidi-control": ("Price \u202e01$", "Price $10"),
    "encoding/invisible-char": ("Zero\u200bwidth", "Zero width"),
    "encoding/control-char": ("Bell\x07here", "Bell here"),
    "encoding/replacement-char": ("Lost \ufffd char", "Lost char"),
    "encoding/mojibake": ("Hereâ€™s", "Here’s"),
}


@pytest.mark.parametrize("form", sorted(FORMATS))
@pytest.mark.parametrize("rule", sorted(ENCODING_CASES))
def test_each_encoding_rule_flags_and_passes_a_hugo_page(
    tmp_path: Path, form: str, rule: str
) -> None:
    template, line = FORMATS[form]
    bad, good = ENCODING_CASES[rule]
    body = "\nThe body.\n"
    root = _site(
        tmp_path,
        {
            "posts/bad.md": template.format(v=bad) + body,
            "posts/good.md": template.format(v=good) + body,
        },
    )
    _, doc = _findings("--site", root)
    flagged = {(f["path"], f["line"]) for f in doc["findings"] if f["rule"] == rule}
    assert flagged == {("content/posts/bad.md", line)}
    assert [f for f in doc["findings"] if f["path"] == "content/posts/good.md"] == []


@pytest.mark.parametrize(
    ("rule", "data"),
    [
        ("encoding/bom", "\ufeff+++\ntitle = 'A'\n+++\n".encode()),
        ("encoding/invalid-utf8", "+++\ntitle = 'Caf\xe9'\n+++\n".encode("latin-1")),
        ("encoding/invalid-utf8", "+++\ntitle = 'A'\n+++\n".encode("utf-16")),
        ("encoding/binary", b"+++\ntitle = 'A'\n+++\n\x00\x01\x02" + bytes(range(256)) * 4),
    ],
)
def test_the_rules_of_the_bytes_read_a_hugo_page_too(
    tmp_path: Path, rule: str, data: bytes
) -> None:
    root = _site(tmp_path, {"posts/good.md": "+++\ntitle = 'A'\n+++\n"})
    (root / "content" / "posts" / "bad.md").write_bytes(data)
    _, doc = _findings("--site", root)
    assert {f["path"] for f in doc["findings"] if f["rule"] == rule} == {"content/posts/bad.md"}
    assert [f for f in doc["findings"] if f["path"] == "content/posts/good.md"] == []


@pytest.mark.parametrize(
    "value", ['"2024-13-05"', "true", "12:00:00", '"next tuesday"', "[2024]"], ids=str
)
def test_a_date_hugo_cannot_read_is_reported_once(tmp_path: Path, value: str) -> None:
    root = _site(tmp_path, {"posts/a.md": f'+++\ntitle = "A"\nlastmod = {value}\n+++\n'})
    _, doc = _findings("--site", root)
    assert [(f["rule"], f["line"]) for f in doc["findings"]] == [("hugo/invalid-date", 3)]


def test_a_whole_number_where_a_date_belongs_is_a_unix_time_and_no_finding(
    tmp_path: Path,
) -> None:
    """Hugo reads it as seconds since 1970 (`test_hugo_reads_a_number_...` below)."""
    root = _site(tmp_path, {"posts/a.md": '+++\ntitle = "A"\nlastmod = 5\n+++\n'})
    _, doc = _findings("--site", root)
    assert doc["findings"] == []


def test_aliases_written_as_text_are_split_on_spaces_as_hugo_does(tmp_path: Path) -> None:
    root = _site(
        tmp_path,
        {
            "posts/a.md": "+++\ntitle = 'A'\naliases = '/x/ /y/'\n+++\n",
            "notes/b.md": "+++\ntitle = 'B'\nurl = '/y/'\n+++\n",
        },
    )
    _, doc = _findings("--site", root)
    assert sorted(_where(doc, "hugo/duplicate-url")) == [
        ("content/notes/b.md", 1, 1),
        ("content/posts/a.md", 1, 1),
    ]


@pytest.mark.usefixtures("hugo_oracle")
def test_hugo_reads_a_number_where_a_date_belongs_as_seconds(tmp_path: Path) -> None:
    root = _site(tmp_path, {"posts/a.md": '+++\ntitle = "A"\ndate = 5\n+++\n'})
    run = subprocess.run(["hugo", "list", "all"], cwd=root, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "content/posts/a.md" in run.stdout and "1970-01-01T00:00:05Z" in run.stdout


def test_a_content_folder_outside_the_site_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    (outside / "posts").mkdir(parents=True)
    (outside / "posts" / "secret.md").write_text("+++\ntitle = 'SECRET'\n+++\n", "utf-8")
    root = _site(tmp_path / "site", {}, CONFIG + f'contentDir = "{outside}"\n')
    (root / "content").mkdir()  # what tells a Hugo site from its files
    listed = pressbot("list", "--format", "json", "--site", root)
    assert listed.code == 0, listed
    assert json.loads(listed.out)["posts"] == [] and "SECRET" not in listed.out
    done = pressbot("check", "--site", root)
    assert done.code == 2 and "Traceback" not in done.err, done
    assert "is outside the site: pressbot does not read it" in done.err
    assert "secret" not in done.out + done.err


def test_a_page_linked_to_a_file_outside_the_site_is_not_read_through_the_link(
    tmp_path: Path,
) -> None:
    (tmp_path / "outside.md").write_text("+++\ntitle = 'SECRET'\n+++\n", "utf-8")
    root = _site(tmp_path / "site", {"posts/fine.md": "+++\ntitle = 'Fine'\n+++\n"})
    (root / "content" / "posts" / "linked.md").symlink_to(tmp_path / "outside.md")
    listed = pressbot("list", "--format", "json", "--site", root)
    assert listed.code == 0, listed
    assert "SECRET" not in listed.out
    _, doc = _findings("--site", root)
    assert _where(doc, "file/outside-site") == [("content/posts/linked.md", 1, 1)]


def test_a_hugo_site_without_pages_says_where_it_looked(tmp_path: Path) -> None:
    root = _site(tmp_path, {})
    (root / "content").mkdir()
    done = pressbot("check", "--site", root)
    assert done.code == 2, done
    assert "it is a Hugo site whose content/ holds no regular page" in done.err
    named = pressbot("check", root / "content")
    assert named.code == 0 and "regular pages of the Hugo site" in named.err, named


def test_a_content_folder_outside_the_site_is_said_not_read(tmp_path: Path) -> None:
    """Hugo builds the pages of `contentDir = "../out"`; pressbot never reads outside the site
    (a pull request could name any folder), and says so rather than pass the site as one
    without a page."""
    (tmp_path / "out/posts").mkdir(parents=True)
    (tmp_path / "out/posts/a.md").write_text("---\ntitle: A\ndate: 2024-01-01\n---\nx\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / "hugo.toml").write_text('baseURL = "https://e.org/"\ncontentDir = "../out"\n')
    for command in ("check", "list"):
        done = pressbot(command, cwd=site)
        assert "contentDir '../out' is outside the site folder 'site'" in done.err, done
        assert "pressbot does not read them" in done.err and "Traceback" not in done.err
