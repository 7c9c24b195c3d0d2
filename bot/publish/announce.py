"""Tell people where the posts went: a job summary, and a comment on each merged PR.

The PR is found from the commit that last changed the post (`GET
/repos/{repo}/commits/{sha}/pulls`), which works for merge, squash and rebase merges.
Without `GITHUB_TOKEN` (or outside Actions) only the summary is written. What is written
(and how the authors' text is made inert) is `bot.publish.report`'s.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from bot.publish.report import comment_markdown, summary_markdown
from bot.publish.states import Action
from bot.render.terminal import clean

if TYPE_CHECKING:
    from bot.git import Git
    from bot.publish.desired import Plan
    from bot.publish.report import Done, Report
    from bot.site import Site


def announce(report: Report, git: Git, plan: Plan, site: Site) -> list[str]:
    """Write the summary and the PR comments; return log lines (never raises)."""
    log: list[str] = []
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        try:
            with open(summary_path, "a", encoding="utf-8") as handle:
                handle.write(summary_markdown(report))
        except OSError as exc:
            log.append(f"note: cannot write the job summary: {exc.strerror}")
    shown = [d for d in report.done if d.action in (Action.PUBLISH, Action.UPDATE)]
    token = os.environ.get("GITHUB_TOKEN")
    repo = os.environ.get("GITHUB_REPOSITORY", "")
    if not shown or not token or not re.fullmatch(r"[\w.-]+/[\w.-]+", repo):
        return log
    try:
        log.extend(_comment(shown, git, plan, site, token, repo))
    except Exception as exc:  # the posts are out; a failed announcement is only reported
        log.append(
            f"note: could not comment on the pull request: {type(exc).__name__}: {clean(exc)}"
        )
    return log


def _comment(
    done: list[Done], git: Git, plan: Plan, site: Site, token: str, repo: str
) -> list[str]:
    from bot.github import GitHub
    from bot.publish.plan import site_prefix

    prefix = site_prefix(git, site)
    paths = {prefix + d.path for d in done}
    commits = git.last_commits(plan.base, plan.head, paths)
    by_commit: dict[str, list[Done]] = defaultdict(list)
    for d in done:
        by_commit[commits.get(prefix + d.path, plan.head)].append(d)
    client = GitHub(
        token=token, api_url=os.environ.get("GITHUB_API_URL") or "https://api.github.com"
    )
    by_pr: dict[int, list[Done]] = defaultdict(list)
    try:
        for sha, items in by_commit.items():
            number = _merged_pr(client, repo, sha)
            if number is not None:
                by_pr[number].extend(items)
        log = []
        for number, items in sorted(by_pr.items()):
            client.post(
                f"/repos/{repo}/issues/{number}/comments", {"body": comment_markdown(items)}
            )
            log.append(f"announced {len(items)} posts on pull request #{number}")
        return log
    finally:
        client.close()


def _merged_pr(client: Any, repo: str, sha: str) -> int | None:
    """The merged pull request the commit came from; an answer that is not a list of pull
    requests is an error (reported), never "none"."""
    from bot.github import GitHubError

    pulls = client.get(f"/repos/{repo}/commits/{sha}/pulls")
    if not isinstance(pulls, list) or not all(_pull(p) for p in pulls):
        raise GitHubError(f"the pull requests of commit {sha[:12]}: not a list of them")
    merged = [p for p in pulls if p.get("merged_at")]
    for pr in merged:
        if pr.get("merge_commit_sha") == sha:
            return int(pr["number"])
    return int(merged[0]["number"]) if merged else None


def _pull(item: Any) -> bool:
    """A pull request as this reads one: its number a positive integer."""
    number = item.get("number") if isinstance(item, dict) else None
    return isinstance(number, int) and not isinstance(number, bool) and number > 0
