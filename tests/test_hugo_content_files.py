"""assets/missing and the files Hugo publishes from its content folders: every file there
that is no page is published (a leaf bundle's below its page's URL, which the slug shapes; a
section's below the section's; any other where it stands, below its language's prefix),
unless the page or branch that owns it is not built, or sets
`_build: {publishResources: false}`. A path is flagged exactly when real Hugo, building the
site, does not publish the file it names."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import write_site
from tests.inputkit import pressbot

PAGE = "content/posts/a.md"
QUIET = "content/posts/quiet/index.md"
# (page, path as written, Hugo publishes it)
IMAGES = [
    (PAGE, "/posts/images/foo.png", True),  # a folder of a section: where it stands
    (PAGE, "/images/home.png", True),  # a folder of the content root
    (PAGE, "/fr/images/home.fr.png", True),  # a French file: below the French prefix
    (PAGE, "/images/home.fr.png", False),
    (PAGE, "/posts/sib.png", True),  # the section's own file
    (PAGE, "../sib.png", False),  # from /2026/a/: /2026/sib.png
    (PAGE, "/2026/elsewhere/o.png", True),  # another bundle's file, below its page's URL
    (PAGE, "../elsewhere/o.png", True),
    (PAGE, "/posts/other/o.png", False),  # not below its folder
    (PAGE, "/2026/ghost/g.png", True),  # a headless bundle's files are published
    (PAGE, "/2026/held/h.png", False),  # the bundle's page is a draft
    (PAGE, "/2026/quiet/q.png", False),  # `publishResources: false`
    (PAGE, "/drafts/d.png", False),  # the section is a draft
    (PAGE, "/drafts/sub/s.png", True),  # a folder below it: copied all the same
    (QUIET, "q.png", False),  # its own file, which it does not publish
]
FILES: dict[str, str | bytes] = {
    "hugo.toml": (
        'baseURL = "https://example.org/"\ntitle = "t"\n[permalinks]\nposts = "/:year/:slug/"\n'
        "[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n"
    ),
    "layouts/_default/single.html": "{{ .Title }}{{ .Content }}",
    "layouts/_default/list.html": "{{ .Title }}",
    "content/posts/_index.md": "---\ntitle: Posts\n---\n",
    "content/posts/sib.png": "PNG",
    "content/posts/images/foo.png": "PNG",
    "content/images/home.png": "PNG",
    "content/images/home.fr.png": "PNG",
    "content/posts/other/index.md": "---\ntitle: O\ndate: 2026-01-04\nslug: elsewhere\n---\n",
    "content/posts/other/o.png": "PNG",
    "content/posts/ghost/index.md": "---\ntitle: Ghost\ndate: 2026-01-05\nheadless: true\n---\n",
    "content/posts/ghost/g.png": "PNG",
    "content/posts/held/index.md": "---\ntitle: Held\ndate: 2026-01-06\ndraft: true\n---\n",
    "content/posts/held/h.png": "PNG",
    QUIET: (
        "---\ntitle: Quiet\ndate: 2026-01-07\n_build:\n  publishResources: false\n---\n![q](q.png)\n"
    ),
    "content/posts/quiet/q.png": "PNG",
    "content/drafts/_index.md": "---\ntitle: D\ndraft: true\n---\n",
    "content/drafts/d.png": "PNG",
    "content/drafts/sub/s.png": "PNG",
    PAGE: "---\ntitle: A\ndate: 2026-01-03\n---\n"
    + " ".join(f"![i]({value})" for page, value, _ in IMAGES if page == PAGE)
    + "\n",
}


def _missing(site: Path) -> list[dict[str, str]]:
    done = pressbot("check", "--select", "assets/missing", "--format", "json", cwd=site)
    assert "Traceback" not in done.err, done
    return [f for f in json.loads(done.out)["findings"] if f["rule"] == "assets/missing"]


def test_a_content_file_is_flagged_exactly_when_hugo_does_not_publish_it(tmp_path: Path) -> None:
    missing = _missing(write_site(tmp_path / "site", FILES))
    for page, value, published in IMAGES:
        flagged = [f for f in missing if f["path"] == page and f'"{value}"' in f["message"]]
        assert bool(flagged) is not published, (page, value, flagged)
    assert len(missing) == sum(1 for *_, published in IMAGES if not published)


def test_the_message_says_why_hugo_does_not_publish_it(tmp_path: Path) -> None:
    missing = _missing(write_site(tmp_path / "site", FILES))
    said = {f["message"].split('"')[1]: f["message"] for f in missing}
    assert "whose page Hugo does not build (draft)" in said["/2026/held/h.png"]
    assert "publish that page first, or put the file in static/" in said["/2026/held/h.png"]
    assert "sets `_build: {publishResources: false}`" in said["/2026/quiet/q.png"]
    assert "remove the setting, or put the file in static/" in said["q.png"]
    assert "the branch content/drafts/, which Hugo does not build (draft" in said["/drafts/d.png"]
    assert said["/posts/other/o.png"].endswith(
        "Hugo publishes no file of the content folders there; add the file or correct the path"
    )


def test_a_page_not_built_may_name_the_files_of_another(tmp_path: Path) -> None:
    """A draft that names a draft bundle's file is published with it, or after it: only
    what never publishes the file (`publishResources: false`) is flagged."""
    files = {
        **FILES,
        PAGE: "---\ntitle: A\ndraft: true\n---\n![h](/2026/held/h.png) ![q](/2026/quiet/q.png)\n",
    }
    missing = _missing(write_site(tmp_path / "site", files))
    assert [f["message"].split('"')[1] for f in missing if f["path"] == PAGE] == [
        "/2026/quiet/q.png"
    ]


@pytest.mark.usefixtures("hugo_oracle")
def test_hugo_publishes_the_content_files_that_are_not_flagged(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    public = tmp_path / "public"
    subprocess.run(["hugo", "--quiet", "-d", str(public)], cwd=site, check=True, timeout=120)
    listed = subprocess.run(
        ["hugo", "list", "all"], cwd=site, capture_output=True, text=True, timeout=120, check=True
    )
    pages = {row["path"]: row["permalink"] for row in csv.DictReader(io.StringIO(listed.stdout))}
    for page, value, published in IMAGES:
        url = urlsplit(urljoin(pages[page], value)).path
        assert (public / url.lstrip("/")).is_file() is published, (page, value, url)


@pytest.mark.usefixtures("hugo_oracle")
def test_an_image_render_hook_may_publish_a_file_the_page_does_not(tmp_path: Path) -> None:
    """With an image render hook that asks for the page's resource, Hugo publishes it on
    demand: the bundle's file is no finding then."""
    hook = (
        '{{ with .Page.Resources.GetMatch .Destination }}<img src="{{ .RelPermalink }}">{{ end }}'
    )
    site = write_site(
        tmp_path / "site", {**FILES, "layouts/_default/_markup/render-image.html": hook}
    )
    public = tmp_path / "public"
    subprocess.run(["hugo", "--quiet", "-d", str(public)], cwd=site, check=True, timeout=120)
    assert (public / "2026/quiet/q.png").is_file()
    assert not [f for f in _missing(site) if f["path"] == QUIET]
