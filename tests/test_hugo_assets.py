"""assets/missing on a Hugo site: an image is found where Hugo serves it (the site's static
folders, `staticDir` included; a leaf bundle's own files, by a relative path or at the
page's URL), in the asset fields and in the body. The fixture site's findings are those of
`assets.expected`, and real Hugo, building it, publishes exactly the images not flagged."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import FIXTURES, write_site
from tests.inputkit import pressbot

FIXTURE = FIXTURES / "hugo-schema" / "assets"

# (page, path as written, Hugo serves it)
IMAGES = [
    ("content/posts/trip/index.md", "cover.png", True),
    ("content/posts/trip/index.md", "./img/in.png", True),
    ("content/posts/trip/index.md", "img/in.png", True),
    ("content/posts/trip/index.md", "gone.png", False),
    ("content/posts/trip/index.md", "/img/ok.png", True),
    ("content/posts/trip/index.md", "/logo.png", True),
    ("content/posts/trip/index.md", "/2026/trip/cover.png", True),
    ("content/posts/trip/index.md", "/pipe.png", False),
    ("content/posts/plain.md", "/img/ok.png", True),
    ("content/posts/plain.md", "cover.png", False),
    ("content/posts/plain.md", "x.png", False),
    ("content/posts/plain.md", "/img/", False),
]


def _copy(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site)
    return site


def test_findings_are_as_expected(tmp_path: Path) -> None:
    site = _copy(tmp_path)
    done = pressbot("check", "--select", "assets", "--site", site, cwd=site)
    assert done.code == 1, done
    found = [line for line in done.out.splitlines() if line.startswith("content/")]
    expected = (FIXTURE.parent / "assets.expected").read_text(encoding="utf-8").splitlines()
    assert found == expected


def test_a_value_is_flagged_exactly_when_hugo_does_not_serve_it(tmp_path: Path) -> None:
    site = _copy(tmp_path)
    done = pressbot("check", "--select", "assets", "--format", "json", "--site", site)
    missing = [f for f in json.loads(done.out)["findings"] if f["rule"] == "assets/missing"]
    # `images` is taken from the site's root (`test_images_are_site_paths_to_hugo`)
    missing = [f for f in missing if not f["message"].startswith("images[")]
    for page, value, served in IMAGES:
        flagged = any(f["path"] == page and f'"{value}"' in f["message"] for f in missing)
        assert flagged is not served, (page, value)


@pytest.mark.usefixtures("hugo_oracle")
def test_hugo_publishes_the_images_that_are_not_flagged(tmp_path: Path) -> None:
    site = _copy(tmp_path)
    public = tmp_path / "public"
    subprocess.run(
        ["hugo", "--quiet", "--destination", str(public)],
        cwd=site,
        capture_output=True,
        timeout=120,
        check=True,
    )
    listed = subprocess.run(
        ["hugo", "list", "all"], cwd=site, capture_output=True, text=True, timeout=120, check=True
    )
    pages = {row["path"]: row["permalink"] for row in csv.DictReader(io.StringIO(listed.stdout))}
    for page, value, served in IMAGES:
        url = urlsplit(urljoin(pages[page], value)).path
        assert (public / url.lstrip("/")).is_file() is served, (page, value, url)


@pytest.mark.usefixtures("hugo_oracle")
def test_images_are_site_paths_to_hugo(tmp_path: Path) -> None:
    """Hugo's own templates (Open Graph, Twitter cards, schema.org) make each `images` entry
    a URL with `absURL`: from the site's root, in a bundle too. An entry is flagged exactly
    when the image they link to is not in the built site."""
    layout = '<head>{{ template "_internal/opengraph.html" . }}</head>'
    entries = ["img/ok.png", "./img/ok.png", "/img/ok.png", "cover.png", "gone.png"]
    images = ", ".join(f'"{e}"' for e in entries)
    site = write_site(
        tmp_path / "site",
        {
            "hugo.toml": 'baseURL = "https://example.org/"\n',
            "static/img/ok.png": "PNG",
            "layouts/_default/single.html": layout,
            "layouts/_default/list.html": "L",
            "content/posts/trip/index.md": f"---\ntitle: Trip\nimages: [{images}]\n---\n",
            "content/posts/trip/cover.png": "PNG",
            "content/posts/plain.md": f"---\ntitle: Plain\nimages: [{images}]\n---\n",
        },
    )
    public = tmp_path / "public"
    subprocess.run(["hugo", "--quiet", "-d", str(public)], cwd=site, check=True, timeout=120)
    done = pressbot("check", "--select", "assets", "--format", "json", cwd=site)
    findings = json.loads(done.out)["findings"]
    for page in ("posts/trip/index.html", "posts/plain/index.html"):
        html = (public / page).read_text()
        linked = [m.split('"')[0] for m in html.split('og:image" content="')[1:]]
        assert len(linked) == len(entries)
        source = "content/" + page.replace("/index.html", ".md").replace("trip.md", "trip/index.md")
        for index, url in enumerate(linked):
            served = (public / urlsplit(url).path.lstrip("/")).is_file()
            flagged = any(
                f["path"] == source and f["message"].startswith(f"images[{index}]")
                for f in findings
            )
            assert flagged is not served, (source, entries[index], url)
    assert not [f for f in findings if f["rule"] == "assets/relative-path"]
    [bundled] = [
        f for f in findings if f["message"].startswith("images[3]") and "trip" in f["path"]
    ]
    assert "Hugo serves at /posts/trip/cover.png: write that" in bundled["message"]


def test_a_relative_path_in_a_bundle_is_not_a_warning(tmp_path: Path) -> None:
    done = pressbot("check", "--select", "assets", "--site", _copy(tmp_path))
    assert "content/posts/trip/index.md" not in {
        line.split(":", 1)[0] for line in done.out.splitlines() if "relative-path" in line
    }


def test_hostile_paths_stay_in_the_site(tmp_path: Path) -> None:
    """A path that climbs, a link out of the site and a `staticDir` outside it never make
    an outside file count as served."""
    outside = tmp_path / "outside"
    write_site(outside, {"secret.png": "x"})
    site = write_site(
        tmp_path / "site",
        {
            "hugo.toml": 'title = "x"\nstaticDir = ["static", "../outside", "/etc"]\n',
            "static/.keep": "",
            "content/b/index.md": (
                "+++\ntitle = 'b'\nimage = '../../../outside/secret.png'\n+++\n"
                "![a](/../../outside/secret.png) ![l](/linked.png) ![p](/passwd)\n"
            ),
        },
    )
    (site / "static" / "linked.png").symlink_to(outside / "secret.png")
    done = pressbot("check", "--select", "assets", "--format", "json", "--site", site)
    messages = [f["message"] for f in json.loads(done.out)["findings"]]
    assert len(messages) == 4, messages
    assert any("link that points outside the site" in m for m in messages), messages
