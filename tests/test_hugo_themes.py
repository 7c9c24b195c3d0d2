"""A Hugo site's themes: Hugo serves each theme's `static/` at the site's root (a theme's own
configuration may name more themes), beside the site's `staticDir`, `staticDir0` to
`staticDir10`. An image is flagged exactly when a real build does not publish it. What
pressbot does not read of a theme (its content, its mounts) is said on stderr."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.inputkit import pressbot

IMAGES = {
    "/img/logo.png": "themes/t/static/img/logo.png",  # the theme's
    "/css/base.png": "themes/base/static/css/base.png",  # the theme's theme's
    "/extra.png": "more/extra.png",  # staticDir1
    "/only-static.png": "static/only-static.png",  # not served: staticDir1 replaces static/
    "/other.png": "themes/other/static/other.png",  # a theme the site does not use
    "/gone.png": None,
}


def _themed_site(tmp_path: Path) -> Path:
    body = " ".join(f"![{n}]({path})" for n, path in enumerate(IMAGES))
    files = {
        "hugo.toml": 'baseURL = "https://example.org/"\ntheme = ["t"]\nstaticDir1 = "more"\n',
        "themes/t/hugo.toml": 'theme = "base"\n',
        "themes/t/layouts/_default/single.html": "{{ .Content }}",
        "themes/t/layouts/_default/list.html": "L",
        "content/posts/a.md": f"---\ntitle: A\nimages: [/img/logo.png]\n---\n{body}\n",
    }
    files.update({source: "PNG" for source in IMAGES.values() if source})
    return write_site(tmp_path / "site", files)


def _missing(site: Path) -> set[str]:
    done = pressbot("check", "--select", "assets", "--format", "json", cwd=site)
    assert "Traceback" not in done.err, done
    findings = json.loads(done.out)["findings"]
    return {path for f in findings for path in IMAGES if f'"{path}"' in f["message"]}


def test_theme_static_files_are_found_where_hugo_serves_them(tmp_path: Path) -> None:
    missing = _missing(_themed_site(tmp_path))
    assert missing == {"/only-static.png", "/other.png", "/gone.png"}


@pytest.mark.usefixtures("hugo_oracle")
def test_an_image_is_flagged_exactly_when_hugo_does_not_publish_it(tmp_path: Path) -> None:
    site = _themed_site(tmp_path)
    public = tmp_path / "public"
    subprocess.run(["hugo", "--quiet", "-d", str(public)], cwd=site, check=True, timeout=120)
    missing = _missing(site)
    for path in IMAGES:
        assert (public / path.lstrip("/")).is_file() is (path not in missing), path


def test_a_theme_whose_mounts_give_its_static_files_is_not_read(tmp_path: Path) -> None:
    site = _themed_site(tmp_path)
    (site / "themes/t/hugo.toml").write_text(
        'theme = "base"\n[[module.mounts]]\nsource = "assets/img"\ntarget = "static/img"\n'
    )
    done = pressbot("check", "--select", "assets", cwd=site)
    assert "the theme 't' mounts its static files (module.mounts)" in done.err, done
    assert '"/img/logo.png" is not in more/ or themes/base/static/' in done.out, done


def test_theme_content_is_said_to_be_not_read(tmp_path: Path) -> None:
    site = _themed_site(tmp_path)
    write_site(site, {"themes/base/content/posts/demo.md": "---\ntitle: Demo\n---\n"})
    done = pressbot("list", cwd=site)
    assert done.code == 0, done
    assert "the theme 'base' has a content folder (themes/base/content)" in done.err
    assert "Hugo builds its pages too, pressbot does not read them" in done.err


def test_a_theme_named_what_no_folder_can_be_is_left_out(tmp_path: Path) -> None:
    names = '["a\\u0000b", 3, "../../etc", "' + "t" * 5000 + '", "t", "t"]'
    site = _themed_site(tmp_path)
    (site / "hugo.toml").write_text(f'baseURL = "https://example.org/"\ntheme = {names}\n')
    (site / "themes/t/hugo.toml").write_text('theme = ["t", "base"]\n')  # itself: once
    done = pressbot("check", "--select", "assets", "--format", "json", cwd=site)
    assert done.code == 1 and "Traceback" not in done.err, done
    assert _missing(site) == {"/extra.png", "/other.png", "/gone.png"}
