"""The one sticky comment on a pull request.

It is ours when it starts with :data:`MARKER` *and* its author is the bot's own login (compared
as GitHub does, ignoring case): a user who quotes the marker cannot make us edit (or adopt) their
comment, and post content cannot produce the marker because ``<`` never survives
`bot.render.markdown`. The comment a run creates says who we are: when its author is not the
login we looked for, that author is ours from then on (`Outcome.author` tells the caller).

Life cycle:
- nothing to say and no comment yet: no comment (and no write);
- findings: created once, then updated in place;
- findings gone: the same comment says "all fixed" (it is never deleted);
- the same text as what is there: no write at all.

Two runs racing to create it (two pushes in quick succession) both create one; each then lists
again and keeps the oldest, deleting the others. Whoever created last sees the earlier one, so
exactly one survives.

A create whose answer is lost or a 5xx may have been made: it is never sent again. The list
says whether it was: if so it is the comment, else the run fails and the next one creates it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.pr.markdown import TABLE_HEAD, headline, row, scope, suggestion_block, take
from bot.pr.remote import Authored, Comment, each, one, same_login
from bot.pr.results import Results, SuggestionData
from bot.render.markdown import github_length

MARKER = "<!-- pressbot:pr-comment -->"
LIMIT = 65_536
RESERVE = 2_000  # for the head and tail around the tables
ALL_FIXED = (
    f"{MARKER}\n### ✅ **pressbot**: all fixed\n\n"
    "The problems pressbot reported on this pull request's posts are fixed. Thank you!\n"
)
DEFAULT_BOT_LOGIN = "github-actions[bot]"


def render(
    results: Results,
    *,
    server_url: str,
    checks_url: str,
    outside: list[SuggestionData] | None = None,
    limit: int = LIMIT,
) -> str | None:
    """The comment for these results, or None when there is nothing to say."""
    if not results.findings and not results.findings_omitted:
        return None
    head = [MARKER, f"### {headline(results)}", ""]
    if results.whole_site:
        head += [f"{scope(results)[:1].upper()}{scope(results)[1:]}.", ""]
    budget = limit - RESERVE - sum(github_length(h) + 1 for h in head)
    rows, used, not_shown = take((row(f, server_url, results) for f in results.findings), budget)
    hidden = results.findings[len(results.findings) - not_shown :] if not_shown else []
    left = sum(f.count for f in hidden) + results.findings_omitted
    body = [*head, TABLE_HEAD, *rows]
    if left:
        body += ["", f"… and {left} more: see the job summary in [the checks]({checks_url})."]
    budget -= used
    if outside and budget > 1000:
        blocks, _used, not_shown = take(
            (suggestion_block(s, server_url, results) for s in outside), budget - 500
        )
        if blocks:
            body += [
                "",
                "<details><summary>Safe fixes for lines outside this pull request's changes"
                f" ({len(outside)})</summary>",
                "",
                *blocks,
            ]
            if not_shown:
                body.append(f"… and {not_shown} more.")
            body += ["</details>"]
    if results.suggestions:
        body += [
            "",
            "Safe fixes on changed lines come as suggestions you can apply from the review;"
            " `pressbot fix` applies all safe fixes locally.",
        ]
    text = "\n".join(body) + "\n"
    while github_length(text) > limit:  # never expected: the budget above keeps it short
        text = text[: len(text) - (github_length(text) - limit) - 1]
    return text


def _normal(body: str | None) -> str:
    return (body or "").replace("\r\n", "\n").strip()


def is_ours(comment: Any, bot_login: str) -> bool:
    """Written by ``bot_login`` and starting with the marker (``comment``: an answer's item)."""
    c = comment if isinstance(comment, Authored) else one(Authored, comment)
    return c is not None and same_login(c.login, bot_login) and (c.body or "").startswith(MARKER)


@dataclass
class Outcome:
    action: str  # "none" | "created" | "updated" | "unchanged" | "would-create" | ...
    comment_id: int | None = None
    deleted: list[int] = field(default_factory=list)
    author: str | None = None  # who wrote the comment we created, when GitHub said


def _ours(gh: Any, repository: str, number: int, bot_login: str) -> list[Comment]:
    comments = each(Comment, gh.paginate(f"/repos/{repository}/issues/{int(number)}/comments"))
    return sorted((c for c in comments if is_ours(c, bot_login)), key=lambda c: c.id)


def _delete_quietly(gh: Any, repository: str, comment_id: int) -> None:
    from bot.github import GitHubError

    try:
        gh.delete(f"/repos/{repository}/issues/comments/{int(comment_id)}")
    except GitHubError as exc:
        if exc.status != 404:  # another run already removed it
            raise


def _create(gh: Any, repository: str, number: int, body: str, bot_login: str) -> Comment | None:
    """The comment made; None when GitHub's answer does not say which (the list after tells).
    A create that may have been made is looked for, never repeated."""
    from bot.github import GitHubError

    path = f"/repos/{repository}/issues/{int(number)}/comments"
    try:
        return one(Comment, gh.post(path, {"body": body}))
    except GitHubError as exc:
        if exc.unsure and _ours(gh, repository, number, bot_login):
            return None  # it was made: the list that follows finds it
        raise


def sync(
    gh: Any,
    repository: str,
    number: int,
    body: str | None,
    *,
    bot_login: str = DEFAULT_BOT_LOGIN,
    dry_run: bool = False,
) -> Outcome:
    existing = _ours(gh, repository, number, bot_login)
    if body is None:
        if not existing:
            return Outcome("none")
        body = ALL_FIXED
    if existing:
        keeper, extras = existing[0], existing[1:]
        outcome = Outcome("unchanged", keeper.id)
        if dry_run:
            changed = _normal(keeper.body) != _normal(body)
            return Outcome("would-update" if changed else "unchanged", keeper.id)
        for extra in extras:
            _delete_quietly(gh, repository, extra.id)
            outcome.deleted.append(extra.id)
        if _normal(keeper.body) != _normal(body):
            gh.patch(f"/repos/{repository}/issues/comments/{int(keeper.id)}", {"body": body})
            outcome.action = "updated"
        return outcome
    if dry_run:
        return Outcome("would-create")
    created = _create(gh, repository, number, body, bot_login)
    outcome = Outcome("created", created.id if created else None)
    if created is not None and created.login:
        # GitHub wrote it as the token's account: that is us, whatever we were told.
        outcome.author = created.login
        bot_login = created.login
    # Another run may have created one at the same time: the oldest wins, the rest go.
    again = _ours(gh, repository, number, bot_login)
    if len(again) == 1:
        outcome.comment_id = again[0].id
    if len(again) > 1:
        keeper = again[0]
        for extra in again[1:]:
            _delete_quietly(gh, repository, extra.id)
            outcome.deleted.append(extra.id)
        if keeper.id != outcome.comment_id and _normal(keeper.body) != _normal(body):
            gh.patch(f"/repos/{repository}/issues/comments/{int(keeper.id)}", {"body": body})
        outcome.comment_id = keeper.id
    return outcome
