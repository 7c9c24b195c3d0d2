"""Every Forem answer is checked before it is used; the article list is read to its end.

A fake Forem on 127.0.0.1 does the work of each request and then answers as a broken or
hostile instance would. Nothing it says may reach the ledger unchecked, end a run in a
traceback, or make a second article.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.publish.targets.devto import MAX_PAGES
from tests.fakeforem import API_KEY, FakeForem
from tests.publishkit import World

ENV = {"DEVTO_API_KEY": API_KEY}
CANONICAL = "https://blog.example.org/2024/01/02/hello.html"
POST_ID = "_posts/2024-01-02-hello"
# Generous: the fake answers at once, faults are explicit; a slow machine must not add any.
FOREM = {"timeout": 30, "retries": 2, "backoff": 0.01, "max_wait": 1}


def forem_world(tmp_path: Path, forem: FakeForem) -> World:
    world = World(
        tmp_path, targets=[{"name": "dev", "type": "devto", "api_url": forem.url, **FOREM}]
    )
    world.write("2024-01-02-hello.md", "Hello", tags=["python"])
    world.commit("hello")
    world.push()
    return world


def entry(world: World) -> dict[str, Any]:
    return world.ledger()["deliveries"]["dev"][POST_ID]


def posts(forem: FakeForem) -> int:
    return sum(1 for method, path in forem.log if method == "POST")


def made_but_unrecorded(world: World, forem: FakeForem) -> None:
    """Run once with Forem making the article but answering nothing usable; clear its log.

    The delivery fails, so the next run must look the article up before anything else.
    """
    forem.answers.append(("POST", b""))
    code, out = world.publish(env=ENV)
    assert code == 1 and forem.copies()[CANONICAL] == 1, out
    forem.log.clear()


def with_fields(**fields: Any) -> Any:
    return lambda article: {**article, **fields}


def direct_target(
    forem: FakeForem, monkeypatch: pytest.MonkeyPatch, site_root: Path | None = None
) -> Any:
    from bot.publish.targets.devto import DevtoConfig, DevtoTarget

    monkeypatch.setenv("DEVTO_API_KEY", API_KEY)
    config = DevtoConfig(name="dev", type="devto", api_url=forem.url, **FOREM)
    return DevtoTarget(config, site_root)


def payload(**kw: Any) -> Any:
    from bot.publish.targets.base import PostPayload

    fields = {"id": POST_ID, "path": POST_ID + ".md", "url": "/2024/01/02/hello.html"}
    return PostPayload(**{**fields, "absolute_url": CANONICAL, "title": "Hello", **kw})


BAD_ARTICLES = [
    pytest.param(with_fields(url=12345), "url: Input should be a valid string", id="url-number"),
    pytest.param(with_fields(url="x" * 100_000), "url: String should have at most", id="url-100k"),
    pytest.param(with_fields(url="javascript:alert(1)"), "not an absolute http", id="url-js"),
    pytest.param(with_fields(url="/me/hello"), "not an absolute http", id="url-relative"),
    pytest.param(with_fields(url=None), "url: Input should be a valid string", id="url-null"),
    pytest.param(lambda a: {k: v for k, v in a.items() if k != "url"}, "url: Field required"),
    pytest.param(with_fields(id=True), "id: Input should be a valid integer", id="id-true"),
    pytest.param(with_fields(id="1001"), "id: Input should be a valid integer", id="id-text"),
    pytest.param(with_fields(id=-1), "id: Input should be greater", id="id-negative"),
    pytest.param(with_fields(id=2**64), "id: Input should be less", id="id-huge"),
    pytest.param(with_fields(id=1.5), "id: Input should be a valid integer", id="id-float"),
    pytest.param(b'{"id": 1e309, "url": "https://dev.example/x"}', "id: Input", id="id-1e309"),
    pytest.param(lambda a: [a], "got a list", id="list-not-object"),
    pytest.param(b"", "got no JSON", id="empty-body"),
    pytest.param(b"<html>oops</html>", "got no JSON", id="not-json"),
    pytest.param("created", "got a string", id="string"),
]


@pytest.mark.parametrize(("answer", "reason"), BAD_ARTICLES)
def test_unusable_create_answer_is_a_failure_then_found_not_made_again(
    forem: FakeForem, monkeypatch: pytest.MonkeyPatch, answer: Any, reason: str
) -> None:
    from bot.publish.targets.base import Previous

    target = direct_target(forem, monkeypatch)
    try:
        forem.answers.append(("POST", answer))
        failed = target.deliver("publish", payload(), Previous(), "k")
        assert not failed.ok and not failed.permanent, failed
        assert failed.remote_id is None and failed.url is None
        assert failed.error and "unusable" in failed.error and reason in failed.error
        again = target.deliver("publish", payload(), Previous(unsettled=True), "k")
    finally:
        target.close()
    [article] = forem.articles.values()
    assert again.ok and again.remote_id == str(article["id"]) and again.url == article["url"]
    assert posts(forem) == 1


@pytest.mark.parametrize("answer", [with_fields(url=12345), with_fields(url="x" * 100_000), b""])
def test_unusable_create_answer_in_a_whole_run_never_reaches_the_ledger(
    tmp_path: Path, forem: FakeForem, answer: Any
) -> None:
    world = forem_world(tmp_path, forem)
    forem.answers.append(("POST", answer))
    code, out = world.publish(env=ENV)
    assert code == 1 and "unusable" in out and "Traceback" not in out, out
    failed = entry(world)
    assert failed["state"] == "failed" and "remote_id" not in failed and "url" not in failed
    assert len(json.dumps(world.ledger())) < 20_000
    code, out = world.publish(env=ENV)  # Forem made the article: found, not made again
    assert code == 0, out
    assert forem.copies()[CANONICAL] == 1 and posts(forem) == 1
    [article] = forem.articles.values()
    done = entry(world)
    assert done["state"] == "published" and done["remote_id"] == str(article["id"])
    assert done["url"] == article["url"]


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        pytest.param(with_fields(id=999), "not the article", id="other-id"),
        pytest.param(with_fields(url="x" * 100_000), "String should have at most", id="url-100k"),
        pytest.param(b"", "no JSON", id="empty-body"),
        pytest.param([], "got a list", id="list"),
    ],
)
def test_unusable_update_answer_is_a_failure_then_retried(
    forem: FakeForem, monkeypatch: pytest.MonkeyPatch, answer: Any, reason: str
) -> None:
    from bot.publish.targets.base import Previous

    target = direct_target(forem, monkeypatch)
    try:
        made = target.deliver("publish", payload(), Previous(), "k1")
        known = Previous(remote_id=made.remote_id, url=made.url, published=True)
        forem.answers.append(("PUT", answer))
        failed = target.deliver("update", payload(title="Hello again"), known, "k2")
        assert not failed.ok and failed.error and reason in failed.error, failed
        done = target.deliver("update", payload(title="Hello again"), known, "k2")
    finally:
        target.close()
    [article] = forem.articles.values()
    assert done.ok and done.remote_id == made.remote_id and article["title"] == "Hello again"
    assert posts(forem) == 1


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        pytest.param({"articles": []}, "got an object", id="object-not-list"),
        pytest.param([{"id": "1001", "canonical_url": CANONICAL}], "item 0: id", id="id-text"),
        pytest.param([{"id": True, "canonical_url": CANONICAL}], "item 0: id", id="id-true"),
        pytest.param([{"id": 1, "canonical_url": 5}], "item 0: canonical_url", id="canon-number"),
        pytest.param([{"id": 1, "url": ["x"]}], "item 0: url", id="url-list"),
        pytest.param(["x"], "item 0: expected an article", id="item-string"),
        pytest.param(b"", "got no JSON", id="empty-body"),
    ],
)
def test_unusable_article_list_fails_the_lookup_and_makes_nothing(
    forem: FakeForem, monkeypatch: pytest.MonkeyPatch, answer: Any, reason: str
) -> None:
    from bot.publish.targets.base import Previous

    forem.articles[7] = {"id": 7, "url": "https://dev.example/me/hello-7"}
    forem.articles[7]["canonical_url"] = CANONICAL  # made by a delivery never recorded
    target = direct_target(forem, monkeypatch)
    try:
        forem.answers.append(("GET", answer))
        failed = target.deliver("publish", payload(), Previous(unsettled=True), "k")
        assert not failed.ok and failed.error, failed
        assert "looking up existing articles" in failed.error and reason in failed.error
        assert posts(forem) == 0
        found = target.deliver("publish", payload(), Previous(unsettled=True), "k")
    finally:
        target.close()
    assert found.ok and found.remote_id == "7" and posts(forem) == 0


def others(forem: FakeForem, count: int) -> None:
    """``count`` articles of the same author, made before ours."""
    for n in range(count):
        forem.articles[n + 1] = {
            "id": n + 1,
            "url": f"https://dev.example/me/other-{n + 1}",
            "canonical_url": f"https://elsewhere.example/{n + 1}",
            "title": f"Other {n + 1}",
        }


def pages_asked(forem: FakeForem) -> list[int]:
    from urllib.parse import parse_qs, urlsplit

    return [
        int(parse_qs(urlsplit(path).query)["page"][0])
        for method, path in forem.log
        if method == "GET"
    ]


def test_lookup_pages_past_the_instance_cap(tmp_path: Path, forem: FakeForem) -> None:
    forem.per_page_cap = 100
    others(forem, 149)
    world = forem_world(tmp_path, forem)
    made_but_unrecorded(world, forem)  # ours is the 150th: on page 2 of an instance capped at 100
    code, out = world.publish(env=ENV)
    assert code == 0, out
    assert forem.copies()[CANONICAL] == 1 and posts(forem) == 0
    assert pages_asked(forem) == [1, 2]  # page 2 is short: the end


def test_lookup_reads_an_exactly_full_last_page_then_stops_at_the_empty_one(
    tmp_path: Path, forem: FakeForem
) -> None:
    forem.per_page_cap = 100
    others(forem, 199)
    world = forem_world(tmp_path, forem)
    made_but_unrecorded(world, forem)
    assert world.publish(env=ENV)[0] == 0
    assert forem.copies()[CANONICAL] == 1 and pages_asked(forem) == [1, 2, 3]


def test_a_list_that_ignores_page_is_a_failed_lookup_not_a_duplicate(
    tmp_path: Path, forem: FakeForem
) -> None:
    forem.per_page_cap = 100
    others(forem, 149)
    world = forem_world(tmp_path, forem)
    made_but_unrecorded(world, forem)
    forem.ignore_page = True
    code, out = world.publish(env=ENV)
    assert code == 1 and "repeats earlier articles" in out, out
    assert forem.copies()[CANONICAL] == 1 and posts(forem) == 0


def test_a_list_without_end_is_bounded(tmp_path: Path, forem: FakeForem) -> None:
    world = forem_world(tmp_path, forem)
    made_but_unrecorded(world, forem)
    for page in range(MAX_PAGES + 5):
        items = [{"id": 10_000 + 2 * page + i, "canonical_url": None} for i in range(2)]
        forem.answers.append(("GET", items))
    code, out = world.publish(env=ENV)
    assert code == 1 and f"more than {MAX_PAGES} pages" in out, out
    assert len(pages_asked(forem)) == MAX_PAGES
    assert forem.copies()[CANONICAL] == 1 and posts(forem) == 0


def test_forem_error_text_is_reported_on_one_bounded_line(tmp_path: Path, forem: FakeForem) -> None:
    world = forem_world(tmp_path, forem)
    code, out = world.publish(env={"DEVTO_API_KEY": "wrong"})
    assert code == 1 and "HTTP 401: 'unauthorized'" in out, out
    error = entry(world)["error"]
    assert len(error) <= 300 and "\n" not in error
    assert json.dumps(error)


@pytest.mark.parametrize("remote_id", ["1001/../../admin", "1001?x=1", "١٠٠١", "-5", "9" * 40])
def test_a_remote_id_forem_never_gave_is_not_put_into_a_path(
    forem: FakeForem, monkeypatch: pytest.MonkeyPatch, remote_id: str
) -> None:
    from bot.publish.targets.base import Previous

    target = direct_target(forem, monkeypatch)
    try:
        outcome = target.deliver("update", payload(), Previous(remote_id=remote_id), "k")
    finally:
        target.close()
    assert outcome.ok, outcome
    assert all(remote_id not in path for _, path in forem.log)
    assert [m for m, _ in forem.log] == ["GET", "POST"]  # looked up, not found, made once


def test_a_canonical_url_forem_would_refuse_is_not_sent(
    forem: FakeForem, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.publish.targets.base import Previous

    target = direct_target(forem, monkeypatch)
    try:
        for bad in ("https://blog.example.org/a b/x.html", "/2024/01/02/hello.html", "x" * 5000):
            outcome = target.deliver("publish", payload(absolute_url=bad), Previous(), "k")
            assert not outcome.ok and outcome.permanent and "canonical_url" in (outcome.error or "")
    finally:
        target.close()
    assert forem.log == []


def test_a_long_canonical_url_of_another_article_does_not_stop_the_lookup(
    tmp_path: Path, forem: FakeForem
) -> None:
    others(forem, 3)
    forem.articles[2]["canonical_url"] = "https://elsewhere.example/" + "x" * 50_000
    world = forem_world(tmp_path, forem)
    made_but_unrecorded(world, forem)
    assert world.publish(env=ENV)[0] == 0
    assert forem.copies()[CANONICAL] == 1 and posts(forem) == 0


@pytest.mark.parametrize("known_by", ["site-url", "forem-url"])
def test_unpublish_without_a_recorded_id_finds_the_article(
    tmp_path: Path, forem: FakeForem, monkeypatch: pytest.MonkeyPatch, known_by: str
) -> None:
    """A removed post whose id was never recorded: found by its canonical URL (the site's
    `url` + its path) or by Forem's URL of it, and taken down."""
    from bot.publish.targets.base import Previous

    (tmp_path / "_config.yml").write_text("url: https://blog.example.org\n")
    others(forem, 3)
    forem.articles[50] = {"id": 50, "url": "https://dev.example/me/hello-50", "published": True}
    forem.articles[50]["canonical_url"] = CANONICAL
    forem_url = forem.articles[50]["url"]
    if known_by == "site-url":
        gone = payload(absolute_url=None, title="")
        previous = Previous()
    else:
        gone = payload(absolute_url=forem_url, url="", title="")
        previous = Previous(url=forem_url)
    target = direct_target(forem, monkeypatch, tmp_path)
    try:
        outcome = target.deliver("unpublish", gone, previous, "k")
    finally:
        target.close()
    assert outcome.ok, outcome
    assert forem.articles[50]["published"] is False
    assert ("PUT", "/api/articles/50") in forem.log


@pytest.mark.parametrize("fault", ["made-502", "drop"])
def test_a_create_that_may_have_been_made_is_looked_up_not_repeated(
    tmp_path: Path, forem: FakeForem, fault: str
) -> None:
    world = forem_world(tmp_path, forem)
    forem.faults.append(("POST", fault))  # made, then a 502 from the proxy or no answer
    code, out = world.publish(env=ENV)
    assert code == 0, out
    assert forem.copies()[CANONICAL] == 1 and posts(forem) == 1
    [article] = forem.articles.values()
    assert entry(world)["remote_id"] == str(article["id"])


def test_a_create_refused_with_429_is_tried_again(tmp_path: Path, forem: FakeForem) -> None:
    world = forem_world(tmp_path, forem)
    forem.faults.append(("POST", ("429", 0)))
    forem.faults.append(("POST", "500"))  # refused before anything was made: looked up, tried
    code, out = world.publish(env=ENV)
    assert code == 0, out
    assert forem.copies()[CANONICAL] == 1 and posts(forem) == 3


@pytest.mark.parametrize("field", ["title", "description", "body"])
def test_text_that_is_not_valid_unicode_is_not_sent(
    forem: FakeForem, monkeypatch: pytest.MonkeyPatch, field: str
) -> None:
    from bot.publish.targets.base import Previous

    bad = "caf\ud800"
    post = {
        "title": payload(title=bad),
        "description": payload(front_matter={"description": bad}),
        "body": payload(markdown=bad),
    }[field]
    target = direct_target(forem, monkeypatch)
    try:
        outcome = target.deliver("publish", post, Previous(), "k")
    finally:
        target.close()
    assert not outcome.ok and outcome.permanent and "not valid Unicode" in (outcome.error or "")
    assert [m for m, _ in forem.log if m != "GET"] == []
