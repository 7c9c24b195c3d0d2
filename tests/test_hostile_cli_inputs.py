"""Inputs that broke the promise of "a clear error, never a traceback": a post path that is
a link to itself, named to `list` and `check`, and a `--now` (or PRESSBOT_NOW) near the ends
of the calendar, where some zones have no local time."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_site
from tests.inputkit import assert_one_line_error, pressbot

SITES = {
    "jekyll": ({"_config.yml": "title: T\n", "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n"},
               "_posts/2024-01-02-self.md"),
    "hugo": ({"hugo.toml": "title = 'T'\n", "content/posts/a.md": "---\ntitle: A\n---\n"},
             "content/posts/self.md"),
}  # fmt: skip


@pytest.mark.parametrize("generator", sorted(SITES))
def test_a_link_to_itself(tmp_path: Path, generator: str) -> None:
    files, loop = SITES[generator]
    root = write_site(tmp_path / "site", files)
    (root / loop).symlink_to(Path(loop).name)
    for command in ("list", "check"):
        done = pressbot(command, root / loop, cwd=root)
        assert done.code in (0, 1) and "internal error" not in done.err, done
    done = pressbot("check", cwd=root)
    assert f"{loop}:1:1: error file/unreadable this path is a link that leads back" in done.out


@pytest.mark.parametrize(
    "moment", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:30:00+01:00", "9999-12-31"]
)
@pytest.mark.parametrize("generator", sorted(SITES))
def test_a_now_at_the_ends_of_the_calendar(tmp_path: Path, generator: str, moment: str) -> None:
    root = write_site(tmp_path / "site", SITES[generator][0])
    assert_one_line_error(pressbot("check", "--now", moment, cwd=root), 2, "--now")
    done = pressbot("list", cwd=root, env={"PRESSBOT_NOW": moment})
    assert_one_line_error(done, 2, "PRESSBOT_NOW")


@pytest.mark.parametrize("value", ["0b_", "0x,", "-0x_", ".e+5", "+.e+5"])
@pytest.mark.parametrize("where", ["post", "config"])
def test_text_psych_fails_on(tmp_path: Path, value: str, where: str) -> None:
    """Plain text Ruby's Psych raises on (`Integer("0b")`): Jekyll cannot read the file. A
    post is a `frontmatter/syntax` error; the site's configuration a one-line error."""
    files = dict(SITES["jekyll"][0])
    if where == "post":
        files["_posts/2024-01-03-b.md"] = f"---\ntitle: {value}\n---\n"
    else:
        files["_config.yml"] = f"title: {value}\n"
    root = write_site(tmp_path / "site", files)
    done = pressbot("check", cwd=root)
    if where == "post":
        assert done.code == 1 and "2024-01-03-b.md:2:8: error frontmatter/syntax" in done.out
    else:
        assert_one_line_error(done, 2, "_config.yml")


def test_a_fifo_named_as_a_sections_index_is_never_opened(tmp_path: Path) -> None:
    import os

    root = write_site(tmp_path / "site", SITES["hugo"][0])
    os.mkfifo(root / "content/posts/_index.md")
    for command in ("check", "fix"):
        done = pressbot(command, root / "content/posts/_index.md", cwd=root, timeout=30)
        assert done.code == 0, done


@pytest.mark.parametrize("zone", ["UTC+24", "UTC-24", "A-24B,J1/0,J365/25"])
def test_a_posix_zone_24_hours_from_utc(tmp_path: Path, zone: str) -> None:
    files = {**SITES["jekyll"][0], "_config.yml": f'title: T\ntimezone: "{zone}"\n'}
    done = pressbot("check", cwd=write_site(tmp_path / "site", files))
    assert done.code == 0 and "internal error" not in done.err, done


@pytest.mark.usefixtures("hugo_oracle")
@pytest.mark.parametrize(
    "pair", ['"url": "/u\\ud800/"', '"aliases": ["/a\\ud800"]', '"tags": ["t\\udfff"]']
)
def test_half_a_surrogate_pair_in_json_front_matter(tmp_path: Path, pair: str) -> None:
    """Go's JSON reads `\\ud800` alone as U+FFFD, as real Hugo shows the title; pressbot too,
    in every command (it kept a character no output can hold, and stopped)."""
    page = '{"title": "a\\ud800b", ' + pair + "}\nbody\n"
    root = write_site(tmp_path / "site", {**SITES["hugo"][0], "content/posts/b.md": page})
    for command in (
        ("check", "--format", "json"),
        ("check", "--format", "sarif"),
        ("check", "--format", "github"),
        ("fix", "--diff"),
        ("list", "--format", "json"),
    ):
        done = pressbot(*command, cwd=root)
        assert done.code in (0, 1) and "internal error" not in done.err, (command, done)
    from tests.hugofuzz import site_differences

    site, differences = site_differences(root)
    assert differences == [] and "content/posts/b.md" in site.pages


@pytest.mark.parametrize("where", ["_config.yml", ".pressbot.yml", "_posts/2024-01-02-b.md"])
def test_an_alias_bomb_is_named_where_it_is(tmp_path: Path, where: str) -> None:
    """Aliases that expand a few lines into millions of values: one clear error, in the file
    where they are (the configuration's is no "front matter")."""
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    files = dict(SITES["jekyll"][0])
    if where.endswith(".md"):
        files[where] = f"---\ntitle: B\n{bomb}---\n"
    else:
        files[where] = ("title: T\n" if where == "_config.yml" else "") + bomb
    root = write_site(tmp_path / "site", files)
    done = pressbot("check", cwd=root)
    assert "Traceback" not in done.err and "internal error" not in done.err, done
    said = done.out if where.endswith(".md") else done.err
    assert where in said and "the YAML expands to more than" in said, done
    assert "front matter expands" not in said
