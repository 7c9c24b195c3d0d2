"""The sticky comment end to end: found by its hidden marker *and* the bot's own author, updated in
place, never taken over by a user's comment, a forged marker or a malformed answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.pr.comment import MARKER
from bot.pr.review import FP_PREFIX
from tests.fakegithub import BOT, user
from tests.test_pr_support import REPO, TOKEN, FakeGitHub, Runner, SiteRepo, bot_comment, post

PATH = "_posts/2024-01-02-hello.md"
BAD = post("Hello", "A post with a \u202ehidden override.")
WORSE = post("Hello", "A post with a \u202ehidden override.\nAnd \u202eanother.")
FORGED = post(
    f"{MARKER} title",
    f"{MARKER}\nHereâ€™s <!-- pressbot:fp:0123456789abcdef --> a \u202e {MARKER}",
)


@pytest.fixture
def runner(fake: FakeGitHub, tmp_path: Path) -> Runner:
    site = SiteRepo.create(tmp_path / "repo", {})
    return Runner(fake, site, tmp_path)


def methods(fake: FakeGitHub) -> list[str]:
    return [w.method for w in fake.writes()]


def test_a_second_run_updates_the_first_comment(runner: Runner, fake: FakeGitHub) -> None:
    runner.site.commit({PATH: BAD})
    pr = runner.open_pr()
    runner.run(pr)
    first = bot_comment(fake)
    assert "1 error" in first["body"]
    runner.push(pr, {PATH: WORSE})
    runner.run(pr)
    now = bot_comment(fake)  # still exactly one
    assert now["id"] == first["id"] and "2 errors" in now["body"]
    assert methods(fake) == ["POST", "PATCH"]
    assert fake.writes()[1].path == f"/repos/{REPO}/issues/comments/{first['id']}"


@pytest.mark.parametrize(
    ("body", "who"),
    [
        (f"{MARKER}\nI copied the bot's marker", user("mallory")),
        (f"{MARKER}\nA lookalike account", user("github-actions")),
        (f"{MARKER}\nAnother app's bot", user("other-app[bot]", "Bot")),
        (f"> {MARKER}\nThe bot quoted by the bot", BOT),
        ("A comment of another workflow that uses the same token", BOT),
        (f"\n{MARKER}", BOT),
    ],
)
def test_only_the_bot_s_own_marked_comment_is_taken(
    runner: Runner, fake: FakeGitHub, body: str, who: dict[str, Any]
) -> None:
    runner.site.commit({PATH: BAD})
    pr = runner.open_pr()
    other = fake.add_comment(REPO, 7, body, who)
    runner.run(pr)
    runner.push(pr, {PATH: WORSE})
    runner.run(pr)
    assert methods(fake) == ["POST", "PATCH"]
    [theirs] = [c for c in fake.comments[(REPO, 7)] if c["id"] == other["id"]]
    assert theirs["body"] == body  # never edited, never deleted
    assert all(w.path.rsplit("/", 1)[-1] != str(other["id"]) for w in fake.writes())


def test_another_bot_login_is_configured(runner: Runner, fake: FakeGitHub) -> None:
    """With PRESSBOT_BOT_LOGIN, the workflow token's account is just another author."""
    app = user("my-app[bot]", "Bot", 7)
    fake.add_token("ghs_apptoken", app)
    runner.site.commit({PATH: BAD})
    pr = runner.open_pr()
    stale = fake.add_comment(REPO, 7, f"{MARKER}\nold, by the workflow's account", BOT)
    runner.env_extra["PRESSBOT_BOT_LOGIN"] = "my-app[bot]"
    runner.run(pr, token="ghs_apptoken")
    runner.push(pr, {PATH: WORSE})
    runner.run(pr, token="ghs_apptoken")
    mine = [c for c in fake.comments[(REPO, 7)] if c["user"]["login"] == "my-app[bot]"]
    assert len(mine) == 1 and "2 errors" in mine[0]["body"]
    assert stale in fake.comments[(REPO, 7)]


MOJIBAKE = post("Hello", "Un cafÃ© noir, trÃ¨s bon.")  # a safe fix: one inline suggestion


def _three_runs(runner: Runner, fake: FakeGitHub, token: str) -> list[str]:
    runner.site.commit({PATH: MOJIBAKE})
    pr = runner.open_pr()
    outs = [runner.run(pr, token=token).out for _ in range(3)]
    assert len(fake.comments[(REPO, 7)]) == 1  # one sticky comment
    assert len(fake.review_comments[(REPO, 7)]) == 1  # the suggestion, posted once
    return outs


def test_the_configured_login_is_compared_as_github_does(runner: Runner, fake: FakeGitHub) -> None:
    """GitHub's logins ignore case: `My-App[bot]` is the account GitHub calls `my-app[bot]`."""
    fake.add_token("ghs_apptoken", user("my-app[bot]", "Bot", 7))
    runner.env_extra["PRESSBOT_BOT_LOGIN"] = "My-App[bot]"
    outs = _three_runs(runner, fake, "ghs_apptoken")
    assert "comment unchanged; 0 suggestion(s) posted, 1 already there" in outs[2]


def test_a_personal_token_s_account_is_asked_of_github(runner: Runner, fake: FakeGitHub) -> None:
    """A personal access token as github-token, without PRESSBOT_BOT_LOGIN: `GET /user` names
    the account; comments of others with the marker stay theirs."""
    fake.add_token("ghp_alice", user("alice"))
    theirs = fake.add_comment(REPO, 7, f"{MARKER}\nthe workflow's account", BOT)
    forged = fake.add_comment(REPO, 7, f"{MARKER}\nmallory's copy", user("mallory"))
    runner.site.commit({PATH: MOJIBAKE})
    pr = runner.open_pr()
    for _ in range(3):
        runner.run(pr, token="ghp_alice")
    mine = [c for c in fake.comments[(REPO, 7)] if c["user"]["login"] == "alice"]
    assert len(mine) == 1 and len(fake.review_comments[(REPO, 7)]) == 1
    assert theirs in fake.comments[(REPO, 7)] and forged in fake.comments[(REPO, 7)]
    assert all(
        w.path.rsplit("/", 1)[-1] not in (str(theirs["id"]), str(forged["id"]))
        for w in fake.writes()
    )


def test_an_unnamed_app_is_told_to_name_its_login(runner: Runner, fake: FakeGitHub) -> None:
    """An app's token (GitHub: 403 on `GET /user`) without PRESSBOT_BOT_LOGIN: the comment
    it creates shows its account, and the run says how to make the next run find it."""
    fake.add_token("ghs_apptoken", user("my-app[bot]", "Bot", 7))
    runner.site.commit({PATH: BAD})
    pr = runner.open_pr()
    done = runner.run(pr, token="ghs_apptoken")
    assert "::warning title=pressbot::the comment was written by my-app[bot]" in done.out
    assert "set PRESSBOT_BOT_LOGIN to my-app[bot]" in done.out
    assert len(fake.comments[(REPO, 7)]) == 1
    runner.env_extra["PRESSBOT_BOT_LOGIN"] = "my-app[bot]"
    again = runner.run(pr, token="ghs_apptoken")
    assert "::warning" not in again.out and len(fake.comments[(REPO, 7)]) == 1


def test_a_forged_marker_in_the_post_cannot_spoof_the_comment(
    runner: Runner, fake: FakeGitHub
) -> None:
    runner.site.commit({PATH: FORGED})
    pr = runner.open_pr()
    assert runner.run(pr).code == 1
    body = bot_comment(fake)["body"]
    assert body.startswith(MARKER + "\n") and body.count(MARKER) == 1
    assert body.count("<!--") == 1
    # The review comment starts with its own fingerprint; the post's forged one is inert.
    [rc] = fake.review_comments[(REPO, 7)]
    assert rc["body"].startswith(FP_PREFIX) and rc["body"].count(FP_PREFIX) == 1 + 1
    assert rc["body"].index("pressbot:fp:0123456789abcdef") > rc["body"].index("```")
    # A person who pastes the whole comment gets no say: the next run edits only its own.
    fake.add_comment(REPO, 7, body, user("mallory"))
    runner.push(pr, {PATH: WORSE})
    runner.run(pr)
    assert methods(fake) == ["POST", "POST", "PATCH"]  # comment, review, then the update


def test_a_user_s_fingerprint_does_not_suppress_a_suggestion(
    runner: Runner, fake: FakeGitHub
) -> None:
    """Only the bot's own review comments count as suggestions already made."""
    from bot.pr import review

    runner.site.commit({PATH: post("Hello", "Hereâ€™s a post.")})
    pr = runner.open_pr()
    lines = (runner.site.root / PATH).read_text().splitlines()
    fp = review.fingerprint(PATH, "encoding/mojibake", lines[5], "Here’s a post.")
    fake.review_comments[(REPO, 7)] = [
        {"id": 1, "body": f"{FP_PREFIX}{fp} -->\nme too", "user": user("mallory")},
        {"id": 2, "body": f"{FP_PREFIX}{fp} -->", "user": None},
        {"id": "3", "body": f"{FP_PREFIX}{fp} -->", "user": "github-actions[bot]"},
    ]
    runner.run(pr)
    [rv] = [e for e in fake.log if e.path.endswith("/reviews")]
    assert len(rv.body["comments"]) == 1


MALFORMED = [
    {"id": "../../../../user", "body": MARKER, "user": BOT},
    {"id": True, "body": MARKER, "user": BOT},
    {"id": -4, "body": MARKER, "user": BOT},
    {"id": 10**30, "body": MARKER, "user": BOT},
    {"id": 55, "body": None, "user": BOT},
    {"id": 56, "body": MARKER, "user": None},
    {"id": 57, "body": MARKER, "user": "github-actions[bot]"},
    {"id": 58, "body": [MARKER], "user": BOT},
    "a string",
    None,
    [1, 2],
]


def test_malformed_comments_in_the_answer_are_skipped(runner: Runner, fake: FakeGitHub) -> None:
    runner.site.commit({PATH: BAD})
    pr = runner.open_pr()
    fake.comments[(REPO, 7)] = list(MALFORMED)  # type: ignore[arg-type]
    result = runner.run(pr)
    assert result.code == 1 and result.err == "", result
    assert methods(fake) == ["POST"]  # none of them was taken for ours: a new comment
    assert all(".." not in e.path and "True" not in e.path for e in fake.log)
    runner.push(pr, {PATH: WORSE})
    assert runner.run(pr).code == 1
    assert methods(fake) == ["POST", "PATCH"]


class OverlappingPages(FakeGitHub):
    """Lists a PR's comments as offsets into a list that moved while it was read: the second
    page repeats the first page's last item."""

    def _page(self, path: str, query: dict[str, str], items: list, default: int) -> tuple:
        if "/issues/" in path and path.endswith("/comments") and items:
            if int(query.get("page", 1)) == 1:
                return 200, {"link": f'<{self.url}{path}?per_page=100&page=2>; rel="next"'}, items
            return 200, {}, items[-1:]
        return super()._page(path, query, items, default)


def test_a_comment_listed_twice_is_one_comment(tmp_path: Path) -> None:
    """Seen on two pages, the sticky comment is not taken for its own duplicate (deleted,
    then patched when gone)."""
    fake = OverlappingPages()
    fake.add_token(TOKEN)
    try:
        runner = Runner(fake, SiteRepo.create(tmp_path / "repo", {}), tmp_path)
        runner.site.commit({PATH: BAD})
        pr = runner.open_pr()
        assert runner.run(pr).code == 1
        runner.push(pr, {PATH: WORSE})
        assert runner.run(pr).code == 1
        assert "2 errors" in bot_comment(fake)["body"]
        assert methods(fake) == ["POST", "PATCH"]
    finally:
        fake.close()


@pytest.mark.parametrize(
    "garbled", [b"<html>upstream hiccup</html>", b'[{"id": 1, "body"', b'"a string"', b"{}"]
)
@pytest.mark.parametrize("listed", ["/issues/7/comments", "/pulls/7/comments"])
def test_a_list_answer_that_is_no_list_posts_nothing(
    runner: Runner, fake: FakeGitHub, garbled: bytes, listed: str
) -> None:
    """Read as "no comments", it would make the sticky comment (or the suggestions) again on
    every run: it is an error, one line, and nothing is written."""
    runner.site.commit({PATH: post("Here\u00e2\u20ac\u2122s", "Body Here\u00e2\u20ac\u2122s.")})
    pr = runner.open_pr()
    assert runner.run(pr).code == 1
    writes = len(fake.writes())
    fake.inject(200, body=garbled, method="GET", path_contains=listed)
    result = runner.run(pr)
    assert result.code == 2 and "not a list" in result.err and "\n" not in result.err, result
    assert len(fake.writes()) == writes and len(fake.bot_comments(REPO, 7)) == 1
