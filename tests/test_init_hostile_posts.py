"""`pressbot init` writes text from the posts into `.pressbot.yml` (categories, tags,
fields, the authors it does not know, in comments too): whatever that text holds (a line
break, YAML's own breaks U+0085, U+2028 and U+2029, controls, a quote), it stays that text,
and no setting comes from a post. A post could otherwise write `schema: module:Model` into
the file, and the next run would import that module."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from tests.inputkit import pressbot

HOSTILE = [
    'bob"):\nschema: evil:Model\n#',
    "ann\u2028schema: evil:Model",
    "cy\x85publish: {targets: []}",
    "dee\u2029rules: {severity: {}}",
    "eve\r\nschema: evil:Model",
    "fay\x1b[31m\x07",
]


def _post(title: str, author: str, field: str) -> str:
    return yaml.safe_dump(
        {"title": title, "author": author, "categories": [author], field: "x"},
        allow_unicode=False,  # escaped: U+0085 as written is a YAML line break
    ).join(["---\n", "---\nBody.\n"])


@pytest.mark.parametrize("generator", ["jekyll", "hugo"])
def test_text_from_posts_stays_text(tmp_path: Path, generator: str) -> None:
    root = tmp_path / "site"
    if generator == "jekyll":
        (root / "_posts").mkdir(parents=True)
        (root / "_config.yml").write_text("title: T\n", encoding="utf-8")
        (root / "_data").mkdir()
        (root / "_data" / "authors.yml").write_text("ann-known: {}\n", encoding="utf-8")
        folder, name = root / "_posts", "2024-01-0{}-p.md"
    else:
        (root / "content" / "posts").mkdir(parents=True)
        (root / "hugo.toml").write_text('title = "T"\n', encoding="utf-8")
        (root / "data").mkdir()
        (root / "data" / "authors.yml").write_text("ann-known: {}\n", encoding="utf-8")
        folder, name = root / "content" / "posts", "p{}.md"
    for i, text in enumerate(HOSTILE, 1):
        field = "sub" + text.replace(":", "")  # a field's name holds the same breaks
        (folder / name.format(i)).write_text(_post(f"T{i}", text, field), encoding="utf-8")
    (root / "evil.py").write_text(f"open({str(tmp_path / 'ran')!r}, 'w')\n", encoding="utf-8")

    done = pressbot("init", cwd=root)
    assert done.code == 0, done
    data = yaml.safe_load((root / ".pressbot.yml").read_text(encoding="utf-8"))
    assert set(data) <= {
        "required", "categories", "tags", "authors_from_data", "unknown_fields",
        "extra_fields", "rules",
    }  # fmt: skip
    assert set(HOSTILE) <= set(data["categories"])  # each is one value, as written
    assert pressbot("check", cwd=root).code in (0, 1)
    assert not (tmp_path / "ran").exists()


MOJIBAKE = "---\ntitle: x\n---\nHere\u00e2\u20ac\u2122s\n"
FORGED = "::error file=a::pwned\x1b[31m"


def _inert(out: str) -> None:
    """Nothing runs in a terminal or a job log: no escape, no line that is a command."""
    assert "\x1b" not in out and "\x07" not in out, out
    assert not any(line.lstrip().startswith("::") for line in out.splitlines()), out
    assert "::error" not in out, out


def test_init_lists_a_failing_post_by_a_name_that_cannot_run(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: T\n", encoding="utf-8")
    (root / "_posts" / f"2024-01-02-x{FORGED}.md").write_text(MOJIBAKE, encoding="utf-8")
    done = pressbot("init", cwd=root)
    assert done.code == 0 and "would fail" in done.out, done
    _inert(done.out + done.err)


def test_fix_quotes_a_url_that_cannot_run(tmp_path: Path) -> None:
    """`fix` says when a repair moves a post; the URLs it quotes come from the post."""
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: T\n", encoding="utf-8")
    # a forged command Jekyll can build: `::error` would be an unknown `:error` placeholder
    permalink = '"/\\e]0;pwned\\a/:categories/\\n::Error file=x::Forged/"'
    (root / "_posts" / "2024-01-02-a.md").write_text(
        f"---\ntitle: x\npermalink: {permalink}\ncategories: [Here\u00e2\u20ac\u2122s]\n---\nb\n",
        encoding="utf-8",
    )
    done = pressbot("fix", "--diff", cwd=root)
    assert "the repair moves the post" in done.err, done
    _inert(done.err)


def _jekyll_site(root: Path) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: T\n", encoding="utf-8")
    (root / "_posts" / "2024-01-02-a.md").write_text("---\ntitle: A\n---\n", encoding="utf-8")
    return root


def test_a_pre_commit_file_that_is_not_utf8_is_left_as_it_is(tmp_path: Path) -> None:
    root = _jekyll_site(tmp_path / "site")
    config = root / ".pre-commit-config.yaml"
    config.write_bytes(b"repos: []\n# \xff\n")
    done = pressbot("init", "--pre-commit", cwd=root)
    assert done.code == 0 and "it is not UTF-8 text; add this under its `repos:`" in done.out
    assert config.read_bytes() == b"repos: []\n# \xff\n"


def test_fifos_where_init_writes_are_never_opened(tmp_path: Path) -> None:
    root = _jekyll_site(tmp_path / "site")
    os.mkfifo(root / ".pre-commit-config.yaml")
    done = pressbot("init", "--pre-commit", cwd=root, timeout=30)
    assert done.code == 0 and "it is not a regular file" in done.out, done
    (root / ".pressbot.yml").unlink()
    os.mkfifo(root / ".pressbot.yml")
    done = pressbot("init", "--force", cwd=root, timeout=30)
    assert done.code == 2 and "not a regular file" in done.err, done


@pytest.mark.parametrize(
    "folder", ["blog #1", "d'o\"c", "x${{ github.event.issue.title }}", "a\nb"]
)
def test_a_site_folder_a_workflow_cannot_carry_is_refused_before_writing(
    tmp_path: Path, folder: str
) -> None:
    repo = tmp_path / "repo"
    site = _jekyll_site(repo / folder)
    (repo / ".git").mkdir()  # the repository's top, as `git init` marks it
    done = pressbot("init", "--github", cwd=site)
    assert done.code == 2 and "a workflow file cannot carry safely" in done.err, done
    assert not (site / ".pressbot.yml").exists() and not (repo / ".github").exists()
    _inert(done.out + done.err)


def test_hugo_content_folders_any_name_in_the_hook_pattern(tmp_path: Path) -> None:
    import re

    root = tmp_path / "site"
    folder = "a\nb'c\u2028d"
    (root / folder / "posts").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "hugo.toml").write_text(f"contentDir = {json.dumps(folder)}\n", encoding="utf-8")
    (root / folder / "posts" / "p.md").write_text("---\ntitle: A\n---\n", encoding="utf-8")
    assert pressbot("init", "--pre-commit", cwd=root).code == 0
    data = yaml.safe_load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [hook] = data["repos"][0]["hooks"]
    assert set(hook) == {"id", "files"}
    assert re.search(hook["files"], f"{folder}/posts/p.md")
    assert not re.search(hook["files"], "content/posts/p.md")
