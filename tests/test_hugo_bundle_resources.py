"""A leaf bundle's content resource (`b/res.md` beside `b/index.md`) is no post, yet Hugo
reads its front matter whenever it builds the bundle's page, and stops the whole build on
front matter it cannot read or an `outputs` it does not know: `check` reports that (and
nothing else) at the file, in a whole-site run, when the bundle's page is checked and when
the file itself is named. Held against real Hugo."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.inputkit import pressbot

CONFIG = 'baseURL = "https://example.org/"\n'
PAGE = "---\ntitle: a page\n---\ntext\n"
BROKEN = {
    "res.md": ('---\ntitle: "bad "quote"\n---\n', "frontmatter/syntax"),
    "toml-in-yaml.md": ('---\ntitle = "toml"\n---\n', "frontmatter/syntax"),
    "notes/deeper.org": ("+++\ntitle = 'unclosed\n+++\n", "frontmatter/syntax"),
    "res.html": ("---\ntitle: [unclosed\n---\n<p>x</p>\n", "frontmatter/syntax"),
    "res.fr.md": ("---\ntitle: [unclosed\n---\n", "frontmatter/syntax"),
    "outputs.md": ("---\ntitle: ok\noutputs: [jsn]\n---\n", "hugo/unknown-output"),
    "latin1.md": (b"---\ntitle: caf\xe9\n---\n", "encoding/invalid-utf8"),
}
NOT_READ = {
    "upper.MD": "---\ntitle: [unclosed\n---\n",  # no content file: copied as it is
    "plain.html": "<p>\n---\ntitle: [unclosed\n---\n",  # an HTML document, copied
    "fine.md": "---\ntitle: fine\noutputs: [html, json]\nanything: [1, 2]\n---\n",
}


def _site(tmp_path: Path, name: str, text: str | bytes, index: str = PAGE) -> Path:
    root = write_site(
        tmp_path,
        {
            "hugo.toml": CONFIG,
            "content/posts/b/index.md": index,
            "content/posts/a.md": PAGE,
        },
    )
    resource = root / "content/posts/b" / name
    resource.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        resource.write_bytes(text)
    else:
        resource.write_text(text)
    return root


def _hugo_builds(root: Path) -> bool:
    done = subprocess.run(
        ["hugo", "--quiet", "-d", str(root / "out")], cwd=root, capture_output=True, text=True
    )
    return done.returncode == 0


def _findings(root: Path, *paths: str) -> list[dict]:
    run = pressbot("check", "--format", "json", *paths, cwd=root)
    assert run.code in (0, 1) and "Traceback" not in run.err, run
    return json.loads(run.out)["findings"]


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize("name", BROKEN)
def test_what_stops_hugo_is_an_error(tmp_path: Path, name: str) -> None:
    text, rule = BROKEN[name]
    root = _site(tmp_path, name, text)
    assert not _hugo_builds(root)
    path = f"content/posts/b/{name}"
    [found] = _findings(root)
    assert (found["path"], found["rule"], found["severity"]) == (path, rule, "error")
    assert found["line"] >= 2
    # a partial run: the bundle's page, the file or its folder named; not a page elsewhere
    assert [f["path"] for f in _findings(root, "content/posts/b/index.md")] == [path]
    named = pressbot("check", path, cwd=root)
    assert named.code == 1 and "is not a post" not in named.err, named
    assert [f["path"] for f in _findings(root, "content/posts/b")] == [path]
    assert _findings(root, "content/posts/a.md") == []


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize("name", NOT_READ)
def test_what_hugo_builds_is_not(tmp_path: Path, name: str) -> None:
    """No schema, no `required`: a resource is not a post; and what Hugo does not read as
    a page is not looked at."""
    (tmp_path / ".pressbot.yml").write_text("required: [tags]\n")
    root = _site(tmp_path, name, NOT_READ[name], index="---\ntitle: B\ntags: [x]\n---\n")
    (root / "content/posts/a.md").write_text("---\ntitle: A\ntags: [x]\n---\n")
    assert _hugo_builds(root)
    assert _findings(root) == []


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize(
    "index", ["---\ntitle: B\ndraft: true\n---\n", "---\ntitle: B\ndate: 2999-01-01\n---\n"]
)
def test_a_bundle_hugo_does_not_build_has_no_resource_read(tmp_path: Path, index: str) -> None:
    """A draft's or a future page's resources are never read: Hugo builds the site."""
    text, _rule = BROKEN["res.md"]
    root = _site(tmp_path, "res.md", text, index=index)
    assert _hugo_builds(root)
    assert [f for f in _findings(root) if f["path"] == "content/posts/b/res.md"] == []
    assert _findings(root, "content/posts/b/res.md") == []
