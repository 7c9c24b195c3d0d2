"""`jekyll/url-too-long` and `hugo/url-too-long` flag exactly the posts whose build stops
with "File name too long": each post of the rules' fixtures (either side of the 255-byte
limit: a slug, a category, a permalink, a title that is a Hugo slug, an alias) is built
alone by the real generator, which must fail where pressbot flags it and succeed where it
does not.

The bound that spares a bulk run the URL of every post (`bot.jekyll.may_write_long_name`)
is checked against the URLs themselves on generated posts near the limit.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.file_names import NAME_MAX, too_long
from bot.jekyll import describe, may_write_long_name, written_file
from bot.post import read_post
from bot.site import load_site
from tests.conftest import FIXTURES, write_site
from tests.inputkit import pressbot

RULES = FIXTURES / "rules"
JEKYLL = sorted(
    p
    for side in ("flag", "clean")
    for p in (RULES / "jekyll-url-too-long" / side / "_posts").iterdir()
)
HUGO = sorted(
    p
    for side in ("flag", "clean")
    for p in (RULES / "hugo-url-too-long" / side / "content/posts").iterdir()
)
LAYOUTS = {"layouts/_default/single.html": "{{ .Title }}\n", "layouts/_default/list.html": "x\n"}


def _flagged(site: Path, rule: str) -> bool:
    run = pressbot("check", "--select", rule, "--site", site, cwd=site)
    assert run.code in (0, 1), run
    return rule in run.out


@pytest.mark.usefixtures("jekyll_oracle")
@pytest.mark.parametrize("post", JEKYLL, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_jekyll_stops_exactly_where_the_rule_flags(tmp_path: Path, post: Path) -> None:
    site = write_site(tmp_path / "site", {"_config.yml": "title: x\n"})
    (site / "_posts").mkdir()
    shutil.copy(post, site / "_posts" / post.name)
    built = subprocess.run(
        ["jekyll", "build", "--quiet"], cwd=site, capture_output=True, text=True, timeout=300
    )
    fails = built.returncode != 0
    assert not fails or "File name too long" in built.stderr, built.stderr[-2000:]
    assert _flagged(site, "jekyll/url-too-long") == fails
    assert fails == (post.parent.parent.name == "flag")


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize("post", HUGO, ids=lambda p: f"{p.parent.parent.parent.name}/{p.name}")
def test_hugo_stops_exactly_where_the_rule_flags(tmp_path: Path, post: Path) -> None:
    config = (post.parents[2] / "hugo.toml").read_text("utf-8")
    site = write_site(tmp_path / "site", {"hugo.toml": config, **LAYOUTS})
    (site / "content/posts").mkdir(parents=True)
    shutil.copy(post, site / "content/posts" / post.name)
    built = subprocess.run(["hugo"], cwd=site, capture_output=True, text=True, timeout=300)
    fails = built.returncode != 0
    assert not fails or "file name too long" in built.stderr, built.stderr[-2000:]
    assert _flagged(site, "hugo/url-too-long") == fails
    assert fails == (post.parents[2].name == "flag")


TEMPLATES = [
    "date",
    "pretty",
    "/:categories/:title:output_ext",
    "/:title-:title/",
    "/:path/:slug",
    "/:year/:slugified_categories/:name/",
]


@pytest.mark.parametrize("seed", range(6))
def test_the_bound_never_spares_a_post_whose_file_is_too_long(tmp_path: Path, seed: int) -> None:
    """Posts with slugs, categories, names and permalinks of random lengths around the
    limit, under the site templates that place them: wherever the written file has a part
    over 255 bytes, the bound said the URL must be built; and it spares the short ones."""
    rng = random.Random(seed)
    files: dict[str, str | bytes] = {"_config.yml": f"permalink: {TEMPLATES[seed]}\n"}
    for n in range(40):
        size = rng.choice([10, 60, 120, 126, 127, 128, 170, 240, 250, 251, 256, 300])
        text = rng.choice(["a", "é", "İ", "ß"]) * (size // 2)
        lines = ["title: T"]
        where = rng.choice(["slug", "categories", "permalink", "name", "folder"])
        if where == "slug":
            lines.append(f'slug: "{text}"')
        elif where == "categories":
            lines.append(f'categories: ["{text}", short]')
        elif where == "permalink":
            lines.append(f'permalink: "/x/{text}/"')
        name = f"2026-01-01-p{n}-{_cut(text, 230) if where == 'name' else 'x'}.md"
        folder = (_cut(text, 250) + "/") if where == "folder" else ""
        files[f"{folder}_posts/{name}"] = "---\n" + "\n".join(lines) + "\n---\nBody.\n"
    root = write_site(tmp_path / "site", files)
    site = load_site(root)
    spared = longs = 0
    for rel in files:
        if "_posts/" not in rel:
            continue
        post = read_post(site, root / rel)
        info = describe(post, site)
        assert info.url, rel
        long = too_long(written_file(post, site, info.url), str(root / "_site")) is not None
        bounded = may_write_long_name(post, site)
        assert bounded or not long, (rel, info.url)
        spared += not bounded
        if long:
            longs += 1
            assert any(len(p) > NAME_MAX for p in written_file(post, site, info.url).split(b"/"))
    assert spared >= 5  # the bound does spare posts: it is not "always build the URL"
    assert longs >= 1  # and it met posts it must not spare: the first assertion was tested


def _cut(text: str, most: int) -> str:
    """``text`` cut to at most ``most`` bytes of UTF-8 (a file name's part may hold 255)."""
    return text.encode("utf-8")[:most].decode("utf-8", "ignore")


@pytest.mark.usefixtures("jekyll_oracle")
def test_a_path_too_long_as_a_whole_is_flagged_as_jekyll_stops(tmp_path: Path) -> None:
    """Parts of 200 bytes each, 21 of them: no part is too long, the whole path is."""
    long = "/".join(f"{i:02d}" + "p" * 198 for i in range(21))
    site = write_site(
        tmp_path / "site",
        {
            "_config.yml": "title: x\n",
            "_posts/2026-01-02-deep.md": f"---\ntitle: Deep\npermalink: /{long}/\n---\nBody.\n",
        },
    )
    built = subprocess.run(
        ["jekyll", "build", "--quiet"], cwd=site, capture_output=True, text=True, timeout=300
    )
    assert built.returncode != 0 and "File name too long" in built.stderr
    run = pressbot("check", "--select", "jekyll/url-too-long", "--site", site, cwd=site)
    assert run.code == 1 and "whose file has a path of" in run.out, run
