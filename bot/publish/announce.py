"""Tell people where the posts went: a job summary, and a comment on each merged PR.

The PR is found from the commit that last changed the post (`GET
/repos/{repo}/commits/{sha}/pulls`), which works for merge, squash and rebase merges.
Titles are the authors' text and untrusted: they are escaped so that they cannot mention
anyone, reference an issue, open HTML, or break the comment's Markdown; URLs are
percent-encoded. Without `GITHUB_TOKEN` (or outside Actions) only the summary is written.

A comment stays within GitHub's limit (65,536 characters, counted as GitHub may: the larger
of code points and UTF-16 code units): past it the list ends with "... and N more (see the
job summary)", and the summary holds every line. The summary itself stays within the 1 MiB
GitHub accepts for one step's summary.
"""

from __future__ import annotations

import html
import os
import re
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from bot.git import Git
    from bot.publish.plan import Plan
    from bot.publish.runner import Done, Report
    from bot.site import Site

MARKER = "<!-- pressbot:publish -->"
COMMENT_LIMIT = 65_536
SUMMARY_LIMIT = 1024 * 1024  # bytes of one step's summary
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>=:])")
# what GitHub's autolinker starts from (after escaping): a zero-width space breaks each
_REFERENCE = re.compile(r"(?<![A-Za-z0-9])(?i:gh)\\-|\\:/|(?<![A-Za-z0-9])(?i:www)(?=\\\.)")
VERBS = {"publish": "published", "update": "updated", "unpublish": "unpublished"}


def md_text(value: object, limit: int = 200) -> str:
    """Untrusted text as inert Markdown: one line, no HTML, no mentions, no markup."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(value))
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # a zero-width space keeps GitHub from turning @name and #123 into mentions and links
    text = _REFERENCE.sub(lambda m: m.group(0) + "\u200b", text)
    return text.replace("@", "@\u200b").replace("#", "#\u200b")


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for a Markdown link target, or None."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    return quote(url, safe=":/?#&=%~-._+,;!$'*")


def line_for(done: Done) -> str:
    title = md_text(done.title or done.id)
    url = safe_url(done.url)
    verb = VERBS.get(done.action, done.action)
    if done.action == "unpublish":
        return f"- {verb}: {title} ({md_text(done.target)})"
    if url:
        return f"- {verb}: [{title}]({url}) ({md_text(done.target)})"
    where = md_text(done.url or done.path)
    return f"- {verb}: {title}, {where} ({md_text(done.target)})"


def summary_markdown(report: Report, limit: int = SUMMARY_LIMIT) -> str:
    lines = ["### pressbot publish", ""]
    for done in report.done:
        lines.append(line_for(done))
    for failed in report.failed:
        state = "dead" if failed.dead else "failed"
        lines.append(
            f"- **{state}**: {md_text(failed.title or failed.id)} ({md_text(failed.target)}, "
            f"{md_text(failed.action)}): {md_text(failed.error)}"
        )
    for item in report.blocked:
        lines.append(f"- **blocked** (fix the errors to publish): {md_text(item.path)}")
        for finding in item.findings[:10]:
            lines.append(
                f"  - line {finding.line}: {md_text(finding.rule)} {md_text(finding.message)}"
            )
    for item in report.deferred:
        lines.append(f"- deferred until {md_text(item.due)}: {md_text(item.path)}")
    for item in report.held:
        lines.append(f"- **held** (mass unpublish guard): {md_text(item.path)}")
    if len(lines) == 2:
        lines.append("Nothing to publish.")
    return _bounded(lines[:2], lines[2:], limit, _utf8_length, "see the job log")


def comment_markdown(done: list[Done], limit: int = COMMENT_LIMIT) -> str:
    head = [MARKER, "**Published by pressbot**", ""]
    return _bounded(head, [line_for(d) for d in done], limit, github_length, "see the job summary")


def github_length(text: str) -> int:
    """Length as GitHub may count it: the larger of code points and UTF-16 code units."""
    return max(len(text), len(text.encode("utf-16-le")) // 2)


def _utf8_length(text: str) -> int:
    return len(text.encode("utf-8"))


def _bounded(
    head: list[str], lines: list[str], limit: int, measure: Callable[[str], int], where: str
) -> str:
    """``head`` and as many of ``lines`` as fit in ``limit``, then how many were left out."""
    text = "\n".join([*head, *lines]) + "\n"
    if measure(text) <= limit:
        return text
    tail = f"- ... and {len(lines)} more ({where})"
    budget = limit - measure("\n".join(head) + "\n") - measure(tail + "\n")
    kept: list[str] = []
    for line in lines:
        size = measure(line + "\n")
        if size > budget:
            break
        kept.append(line)
        budget -= size
    tail = f"- ... and {len(lines) - len(kept)} more ({where})"
    return "\n".join([*head, *kept, tail]) + "\n"


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
    shown = [d for d in report.done if d.action in ("publish", "update")]
    token = os.environ.get("GITHUB_TOKEN")
    repo = os.environ.get("GITHUB_REPOSITORY", "")
    if not shown or not token or not re.fullmatch(r"[\w.-]+/[\w.-]+", repo):
        return log
    try:
        log.extend(_comment(shown, git, plan, site, token, repo))
    except Exception as exc:  # the posts are out; a failed announcement is only reported
        log.append(f"note: could not comment on the pull request: {type(exc).__name__}: {exc}")
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


def _merged_pr(client: object, repo: str, sha: str) -> int | None:
    pulls = client.get(f"/repos/{repo}/commits/{sha}/pulls")  # type: ignore[attr-defined]
    if not isinstance(pulls, list):
        return None
    merged = [p for p in pulls if isinstance(p, dict) and p.get("merged_at")]
    for pr in merged:
        if pr.get("merge_commit_sha") == sha:
            return int(pr["number"])
    return int(merged[0]["number"]) if merged else None
