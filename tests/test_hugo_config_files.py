"""A Hugo site's configuration as Hugo 0.111 reads it from its files: `outputs` cast as Hugo
casts it, the files of `config/_default/` (in folders too) placed by their base name, and a
setting Hugo refuses reported against the file that holds it. Held against real Hugo."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.inputkit import hugo_list, pressbot, pressbot_list

pytestmark = pytest.mark.usefixtures("hugo_oracle")

BASE = (
    'baseURL = "https://example.org/"\n'
    'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
)
PAGE = "---\ntitle: t\ndate: 2024-03-05\n---\nx\n"


def hugo_stops(root: Path) -> bool:
    done = subprocess.run(["hugo", "list", "all"], cwd=root, capture_output=True, text=True)
    return done.returncode != 0


@pytest.mark.parametrize("value", ["5", "1.5", "true"])
def test_outputs_of_one_value_name_one_format(tmp_path: Path, value: str) -> None:
    """`page = 5` is the format "5" to Hugo, which it does not know: it stops."""
    root = write_site(
        tmp_path,
        {"hugo.toml": BASE + f"[outputs]\npage = {value}\n", "content/posts/a.md": PAGE},
    )
    assert hugo_stops(root)
    run = pressbot("check", cwd=root)
    assert run.code == 2, run
    assert f"hugo.toml: outputs.page names {value!r}" in run.err, run


SUBFOLDERS: dict[str, tuple[dict[str, str], str]] = {
    # (files of config/_default/ beside a hugo.toml with BASE, the URL of posts/p.md)
    "a file in a folder is placed by its base name": (
        {"sub/permalinks.toml": 'posts = "/sub/:filename/"\n'},
        "/sub/p/",
    ),
    "folders and files in the order of their names: the top's wins over a/": (
        {
            "a/permalinks.toml": 'posts = "/a/:filename/"\n',
            "permalinks.toml": 'posts = "/top/:filename/"\n',
            "z/permalinks.TOML": 'other = "/o/:filename/"\n',
        },
        "/top/p/",
    ),
    "a language's file: its name cut at the last dot": (
        {
            "languages.toml": "[en]\nweight = 1\n",
            "site.v2.en.toml": '[permalinks]\nposts = "/v2/:filename/"\n',
        },
        "/v2/p/",
    ),
}


@pytest.mark.parametrize("name", SUBFOLDERS)
def test_config_folders_are_read_as_hugo_reads_them(tmp_path: Path, name: str) -> None:
    written, url = SUBFOLDERS[name]
    files = {f"config/_default/{rel}": text for rel, text in written.items()}
    files["config/_default/hugo.toml"] = BASE
    files["content/posts/p.md"] = PAGE
    files["content/other/o.md"] = PAGE
    root = write_site(tmp_path, files)
    theirs = hugo_list(root)
    assert theirs["content/posts/p.md"] == url
    assert pressbot_list(root) == theirs


WRONG: dict[str, tuple[dict[str, str], str]] = {
    # (files beside content/posts/a.md, the start of pressbot's message)
    "a pattern of permalinks.toml": (
        {
            "config/_default/config.yaml": 'baseURL: "https://example.org/"\n',
            "config/_default/permalinks.toml": 'posts = "/:nope/"\n',
        },
        "config/_default/permalinks.toml: permalinks.posts: ",
    ),
    "a pattern set by the second of two files": (
        {
            "hugo.toml": BASE + '[permalinks]\nposts = "/:slug/"\n',
            "config/_default/sub/permalinks.toml": 'tags = "/:nope/"\n',
        },
        "config/_default/sub/permalinks.toml: permalinks.tags: ",
    ),
    "a pattern the site's file sets, beside another file's": (
        {
            "hugo.toml": BASE + '[permalinks]\nposts = "/:nope/"\n',
            "config/_default/permalinks.toml": 'tags = "/:slug/"\n',
        },
        "hugo.toml: permalinks.posts: ",
    ),
    "a language's baseURL in languages.toml": (
        {
            "hugo.toml": BASE,
            "config/_default/languages.toml": (
                '[en]\nbaseURL = "https://example.org/"\n[fr]\nbaseURL = "https://a b/"\n'
            ),
        },
        "config/_default/languages.toml: languages.fr.baseURL ",
    ),
    "a language's file, in a folder: its settings": (
        {
            "hugo.toml": BASE + "[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n",
            "config/_default/x/site.fr.toml": '[permalinks]\nposts = "/:nope/"\n',
        },
        "config/_default/x/site.fr.toml: languages.fr.permalinks.posts: ",
    ),
    "outputs in their own file": (
        {"hugo.toml": BASE, "config/_default/outputs.toml": 'page = ["nope"]\n'},
        "config/_default/outputs.toml: outputs.page names 'nope'",
    ),
}


@pytest.mark.parametrize("name", WRONG)
def test_a_setting_hugo_refuses_names_its_file(tmp_path: Path, name: str) -> None:
    files, message = WRONG[name]
    root = write_site(tmp_path, {**files, "content/posts/a.md": PAGE})
    assert hugo_stops(root)
    run = pressbot("check", cwd=root)
    assert run.code == 2, run
    assert run.err.startswith(f"pressbot: {message}"), run


ALIASES: dict[str, tuple[str, dict[str, str], str, bool]] = {
    # (configuration after BASE, pages of content/posts/, a file Hugo writes, a collision)
    "an absolute alias below the site's html path: no clash with the page at its place": (
        '[outputFormats.html]\npath = "p"\n',
        {"a.md": "aliases: [/p/x/]\n", "b.md": "url: /x/\n"},
        "p/p/x/index.html",
        False,
    ),
    "an absolute alias below the site's html path: clashes with the page there": (
        '[outputFormats.html]\npath = "p"\n',
        {"a.md": "aliases: [/old/]\n", "b.md": "url: /old/\n"},
        "p/old/index.html",
        True,
    ),
    "an alias written for amp too": (
        "",
        {"a.md": "outputs: [html, amp]\naliases: [/old/]\n", "b.md": "url: /amp/old/\n"},
        "amp/old/index.html",
        True,
    ),
    "no alias for a page without an html format": (
        "",
        {"a.md": "outputs: [json]\naliases: [/old/]\n", "b.md": "url: /old/\n"},
        "old/index.html",
        False,
    ),
}


@pytest.mark.parametrize("name", ALIASES)
def test_aliases_follow_the_pages_html_formats(tmp_path: Path, name: str) -> None:
    config, pages, written, clash = ALIASES[name]
    files = {
        f"content/posts/{rel}": f"---\ntitle: t\n{front}---\nx\n" for rel, front in pages.items()
    }
    files["hugo.toml"] = BASE + config
    files["layouts/_default/single.html"] = "{{ .Title }}"
    files["layouts/_default/single.json"] = "{}"
    root = write_site(tmp_path, files)
    done = subprocess.run(["hugo", "--quiet"], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (root / "public" / written).is_file()
    run = pressbot("check", cwd=root)
    assert ("hugo/duplicate-url" in run.out) is clash, run
