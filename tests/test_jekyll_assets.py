"""`assets/missing` on a Jekyll site counts a file as there only where Jekyll publishes it:
not in an underscore or dot folder, an `exclude`d one or Jekyll's own excludes (unless
`include` names it), and, for the body's images, only below the site's `baseurl`
(`{{ site.baseurl }}` and `relative_url` resolved). Compared with real Jekyll's `_site`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.inputkit import pressbot

pytestmark = pytest.mark.usefixtures("jekyll_oracle")

_FILES = (
    "assets/ok.png",
    "_img/a.png",
    "_kept/k.png",
    "assets/raw/b.png",
    ".well/c.png",
    "node_modules/x/d.png",
    "vendor/bundle/e.png",
    "vendor/f.png",
)


def _site(root: Path, config: str, images: list[str]) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(f"title: t\n{config}", encoding="utf-8")
    for rel in _FILES:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"PNG")
    body = "".join(f"![i{n}]({src})\n" for n, src in enumerate(images))
    (root / "_posts/2020-01-02-a.md").write_text(f"---\ntitle: A\n---\n{body}", "utf-8")
    subprocess.run(["jekyll", "build", "-q"], cwd=root, check=True, capture_output=True)
    return root


def _flagged(root: Path) -> set[int]:
    """The lines of the body (from 0) that `check` reports as a missing image."""
    out = pressbot("check", "--site", root, cwd=root).out
    prefix = "_posts/2020-01-02-a.md:"
    return {
        int(line[len(prefix) :].split(":")[0]) - 4
        for line in out.splitlines()
        if line.startswith(prefix) and " error assets/missing " in line
    }


def _broken(root: Path, built: str) -> set[int]:
    """The body's images whose `src` in the built page names no file of `_site` below
    ``built`` (the URL path the site is served at)."""
    html = (root / "_site/2020/01/02/a.html").read_text(encoding="utf-8")
    sources = [part.split('"', 1)[0] for part in html.split('src="')[1:]]
    return {
        n
        for n, src in enumerate(sources)
        if not (src.startswith(built) and (root / "_site" / src[len(built) :]).is_file())
    }


def test_only_what_jekyll_publishes_is_there(tmp_path: Path) -> None:
    images = ["/" + rel for rel in _FILES]
    root = _site(tmp_path / "s", "exclude: [assets/raw]\ninclude: [_kept]\n", images)
    broken = _broken(root, "/")
    assert broken == {1, 3, 4, 5, 6}, broken  # _kept is included, vendor/ itself is not excluded
    assert _flagged(root) == broken
    out = pressbot("check", "--site", root, cwd=root).out
    assert '"/_img/a.png" is in the repository, but Jekyll does not publish it' in out, out
    assert "add _img to `include`" in out, out


def test_body_images_below_the_baseurl(tmp_path: Path) -> None:
    images = [
        "/blog/assets/ok.png",
        "{{ site.baseurl }}/assets/ok.png",
        "{{ site.baseurl }}/assets/missing.png",
        "/assets/ok.png",
        '{{ "/assets/ok.png" | relative_url }}',
        "{{ 'assets/nope.png' | relative_url }}",
        "{{ site.url }}{{ site.baseurl }}/assets/ok.png",
        "{{ site.baseurl }}/_img/a.png",
    ]
    root = _site(tmp_path / "s", "baseurl: /blog\n", images)
    broken = _broken(root, "/blog/")
    assert broken == {2, 3, 5, 7}, broken
    assert _flagged(root) == broken
    out = pressbot("check", "--site", root, cwd=root).out
    assert "outside the site's baseurl (/blog)" in out, out
