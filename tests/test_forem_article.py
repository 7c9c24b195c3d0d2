"""What is sent to Forem is checked first: canonical URL, title and tags.

A post Forem would refuse or show differently is blocked with a reason that says what to
change (nothing is sent); a site without an absolute `url` is a configuration error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.publish.targets.devto import ArticleError, forem_tags
from tests.fakeforem import API_KEY, FakeForem
from tests.publishkit import World

ENV = {"DEVTO_API_KEY": API_KEY}
POST_ID = "_posts/2024-01-02-hello"
FOREM = {"timeout": 30, "retries": 2, "backoff": 0.01, "max_wait": 1}


def world_with(
    tmp_path: Path, forem: FakeForem, title: str = "Hello", config: str = "", **fm: object
) -> World:
    world = World(
        tmp_path, targets=[{"name": "dev", "type": "devto", "api_url": forem.url, **FOREM}]
    )
    if config:
        world.write_raw("_config.yml", config)
    world.write("2024-01-02-hello.md", title, **fm)
    world.commit("hello")
    world.push()
    return world


def sent(forem: FakeForem) -> list[tuple[str, str]]:
    return [(m, p) for m, p in forem.log if m in ("POST", "PUT")]


@pytest.mark.parametrize(
    "config",
    [
        "title: Test site\ntimezone: UTC\n",
        "title: Test site\nurl: ''\n",
        "title: Test site\nurl: /blog\n",
        "title: Test site\nurl: blog.example.org\n",
        "title: Test site\nurl: 'https://'\n",
        "title: Test site\nurl: 'ftp://blog.example.org'\n",
        "title: Test site\nurl: [https://blog.example.org]\n",
    ],
)
def test_site_without_absolute_url_is_a_configuration_error(
    tmp_path: Path, forem: FakeForem, config: str
) -> None:
    world = world_with(tmp_path, forem)
    world.write_raw("_config.yml", config)
    world.commit("no url")
    world.push()
    code, out = world.publish(env=ENV)
    assert code == 2, out
    [line] = out.strip().splitlines()
    assert "publish.targets[0]" in line and "`url`" in line and "_config.yml" in line, line
    assert forem.log == [] and world.ledger().get("deliveries", {}).get("dev") is None


def test_pressbot_publish_exits_2_on_a_relative_site_url(
    tmp_path: Path, forem: FakeForem, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    world = world_with(tmp_path, forem)
    world.write_raw("_config.yml", "title: Test site\nurl: /blog\n")
    world.commit("relative url")
    world.push()
    site = world.publisher()
    code = main(["publish", "--site", str(site)])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert "Forem needs each post's absolute URL" in err and forem.log == []


def test_site_url_with_baseurl_makes_the_canonical_url(tmp_path: Path, forem: FakeForem) -> None:
    config = "url: https://blog.example.org\nbaseurl: /blog\ntimezone: UTC\n"
    world = world_with(tmp_path, forem, config=config)
    assert world.publish(env=ENV)[0] == 0
    [article] = forem.articles.values()
    assert article["canonical_url"] == "https://blog.example.org/blog/2024/01/02/hello.html"


def blocked(world: World, forem: FakeForem, reason: str) -> None:
    code, out = world.publish(env=ENV)
    assert code == 1 and reason in out and "not sent to Forem" in out, out
    assert sent(forem) == [] and forem.articles == {}
    assert world.ledger()["deliveries"]["dev"][POST_ID]["state"] == "dead"


def test_title_over_128_characters_is_blocked(tmp_path: Path, forem: FakeForem) -> None:
    world = world_with(tmp_path, forem, title="T" * 129)
    blocked(world, forem, "the title has 129 characters; Forem allows at most 128")


def test_title_of_128_characters_is_sent_whole(tmp_path: Path, forem: FakeForem) -> None:
    title = "é" * 127 + "!"
    world = world_with(tmp_path, forem, title=title)
    assert world.publish(env=ENV)[0] == 0
    [article] = forem.articles.values()
    assert article["title"] == title


@pytest.mark.parametrize(
    ("tags", "reason"),
    [
        (["web-dev"], "tag 'web-dev' does not fit Forem"),
        (["C++"], "tag 'C++' does not fit Forem"),
        (["machine learning"], "tag 'machine learning'"),
        (["café"], "tag 'café'"),
        ([""], "tag ''"),
        (["a" * 31], "tag '" + "a" * 31 + "'"),
        (["a", "b", "c", "d", "e"], "5 tags (a, b, c, d, e); Forem takes at most 4"),
    ],
)
def test_tags_forem_would_refuse_block_the_post(
    tmp_path: Path, forem: FakeForem, tags: list[str], reason: str
) -> None:
    world = world_with(tmp_path, forem, tags=tags)
    blocked(world, forem, reason)


def test_fixing_the_tags_publishes_the_post(tmp_path: Path, forem: FakeForem) -> None:
    world = world_with(tmp_path, forem, tags=["web-dev"])
    assert world.publish(env=ENV)[0] == 1
    world.write("2024-01-02-hello.md", "Hello", tags=["webdev"])
    world.commit("tags")
    world.push()
    assert world.publish(env=ENV)[0] == 0
    [article] = forem.articles.values()
    assert article["tags"] == ["webdev"]


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ([], []),
        (["Python"], ["python"]),
        (["Python", "python", "PYTHON"], ["python"]),
        (["a", "b", "c", "d", "A"], ["a", "b", "c", "d"]),
        (["a" * 30, "x2"], ["a" * 30, "x2"]),
        ([2024], ["2024"]),
    ],
)
def test_forem_tags_only_lowercases_and_merges(tags: list[str], expected: list[str]) -> None:
    assert forem_tags(tags) == expected


@pytest.mark.parametrize(
    "tags", [["git-hub"], ["a b"], ["ｐｙｔｈｏｎ"], ["x\n"], ["a", "b", "c", "d", "e"], ["a" * 31]]
)
def test_forem_tags_never_mangles(tags: list[str]) -> None:
    with pytest.raises(ArticleError):
        forem_tags(tags)


@pytest.mark.parametrize(
    "api_url",
    [
        "https://",
        "http://dev.example/api?x=1",
        "https://user:pw@dev.example",
        "ftp://dev.example",
        "https://dev example",
    ],
)
def test_unusable_api_url_is_a_configuration_error(
    tmp_path: Path, forem: FakeForem, api_url: str
) -> None:
    world = world_with(tmp_path, forem)
    world.set_config([{"name": "dev", "type": "devto", "api_url": api_url, **FOREM}])
    world.commit("api_url")
    world.push()
    code, out = world.publish(env=ENV)
    assert code == 2 and "api_url" in out and "Traceback" not in out, out
    assert len(out.strip().splitlines()) == 1
