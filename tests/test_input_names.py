"""A post whose file name is not UTF-8 (Linux allows any bytes): every output format shows
it, as valid UTF-8, with the bad byte written `\\xff`; SARIF percent-encodes the exact bytes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.inputkit import Done, pressbot

NAME = b"2026-01-01-caf\xff.md"
SHOWN = "_posts/2026-01-01-caf\\xff.md"
ENVS = {
    "strict": {"PYTHONIOENCODING": "utf-8"},  # a UTF-8 terminal: unencodable text raises
    "c-locale": {"LC_ALL": "C.UTF-8", "PYTHONIOENCODING": ""},  # bytes would pass through
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    posts = os.fsencode(site / "_posts")
    with open(os.path.join(posts, NAME), "wb") as f:
        f.write(b"---\nlayout: post\n---\n\nNo title.\n")
    with open(os.path.join(posts, b"2026-01-02-a b%,c.md"), "wb") as f:
        f.write(b"---\nlayout: post\n---\n\nNo title.\n")
    return site


def run(root: Path, fmt: str, env: str) -> Done:
    # one rule, one finding a file: the names are what is looked at (the bad byte is also a
    # `jekyll/filename` error: Jekyll's build stops on it)
    done = pressbot("check", "--select", "schema/required", "--format", fmt, root, env=ENVS[env])
    assert done.code == 1, done
    assert "Traceback" not in done.err and done.err == "", done
    return done


def utf8_out(done: Done) -> str:
    raw = done.out.encode("utf-8", "surrogateescape")
    assert b"\\udc" not in raw
    return raw.decode("utf-8")  # strict: the output is valid UTF-8


@pytest.mark.parametrize("env", list(ENVS))
def test_text(root: Path, env: str) -> None:
    out = utf8_out(run(root, "text", env))
    assert f"{SHOWN}:1:1: error schema/required" in out
    assert "_posts/2026-01-02-a b%,c.md:1:1:" in out


@pytest.mark.parametrize("env", list(ENVS))
def test_json(root: Path, env: str) -> None:
    doc = json.loads(utf8_out(run(root, "json", env)))
    assert [f["path"] for f in doc["findings"]] == [SHOWN, "_posts/2026-01-02-a b%,c.md"]


@pytest.mark.parametrize("env", list(ENVS))
def test_github(root: Path, env: str) -> None:
    lines = utf8_out(run(root, "github", env)).splitlines()
    assert lines[0].startswith("::error file=_posts/2026-01-01-caf\\xff.md,line=1,")
    assert lines[1].startswith("::error file=_posts/2026-01-02-a b%25%2Cc.md,line=1,")


@pytest.mark.parametrize("env", list(ENVS))
def test_sarif(root: Path, env: str) -> None:
    doc = json.loads(utf8_out(run(root, "sarif", env)))
    results = doc["runs"][0]["results"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert uris == ["_posts/2026-01-01-caf%FF.md", "_posts/2026-01-02-a%20b%25%2Cc.md"]
    prints = {r["partialFingerprints"]["pressbot/v2"] for r in results}
    assert len(prints) == 2


def test_two_names_that_differ_only_in_a_bad_byte_keep_apart(root: Path) -> None:
    """`caf\\xff` and `caf\\xfe` are two files: two URIs, two fingerprints."""
    posts = os.fsencode(root / "_posts")
    with open(os.path.join(posts, b"2026-01-01-caf\xfe.md"), "wb") as f:
        f.write(b"---\nlayout: post\n---\n")
    doc = json.loads(utf8_out(run(root, "sarif", "strict")))
    results = doc["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert {"_posts/2026-01-01-caf%FE.md", "_posts/2026-01-01-caf%FF.md"} <= uris
    assert len({r["partialFingerprints"]["pressbot/v2"] for r in results}) == len(results)


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_output_encoding_that_cannot_show_the_text(tmp_path: Path, fmt: str) -> None:
    """An ASCII or Latin-1 terminal gets escapes for what it cannot show, never a crash."""
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_posts" / "2026-01-01-中.md").write_text(
        "---\ntitle: Hereâ€™s 中\n---\n", encoding="utf-8"
    )
    for encoding in ("ascii", "latin-1"):
        done = pressbot("check", "--format", fmt, site, env={"PYTHONIOENCODING": encoding})
        assert done.code == 1, done
        assert done.err == "", done
        assert "mojibake" in done.out


def test_list_json_with_a_name_that_is_not_utf8(root: Path) -> None:
    done = pressbot("list", "--format", "json", root, env=ENVS["strict"])
    assert done.code == 0 and done.err == "", done
    paths = [p["path"] for p in json.loads(done.out)["posts"]]
    assert len(paths) == 2 and "caf" in paths[0]


def test_repository_relative_paths_for_a_site_in_a_folder() -> None:
    """GitHub reads SARIF URIs and annotation files from the repository root: a site in
    `docs/` gets the prefix (the caller passes the site's folder)."""
    from bot.problem import Finding
    from bot.render.findings import render

    f = Finding(path="_posts/a b.md", line=1, column=1, rule="schema/required", message="m")
    doc = json.loads(render("sarif", [f], 1, prefix="docs/"))
    location = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "docs/_posts/a%20b.md"
    assert render("github", [f], 1, prefix="docs/").startswith("::error file=docs/_posts/a b.md,")
    assert render("text", [f], 1, prefix="docs/").startswith("_posts/a b.md:1:1:")


@pytest.mark.parametrize("env", list(ENVS))
def test_list(root: Path, env: str) -> None:
    done = pressbot("list", "--format", "json", root, env=ENVS[env])
    assert done.code == 0 and done.err == "", done
    posts = json.loads(utf8_out(done))["posts"]
    ours = next(p for p in posts if "caf" in p["path"])
    assert ours["path"] == SHOWN
    assert ours["id"] == SHOWN.removesuffix(".md")
    text = pressbot("list", root, env=ENVS[env])
    assert text.code == 0 and SHOWN in utf8_out(text), text
