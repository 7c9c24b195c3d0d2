"""The engine: runs the enabled rules over posts, stamps each finding with its rule's
configured severity, and sorts.

Rules only say what and where (`bot.rules`). The engine decides which rules run
(`--select/--ignore`, the site's `rules:`), stamps the severity, runs the site-level rules
(`check_site`, after every post) and returns everything sorted. Large runs are spread over
the machine's cores with one worker process each. `Linter` is the one entry point: `check`,
`pr` and `publish` all judge posts through it.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from bot.problem import SEVERITIES, Finding, Severity
from bot.site_index import Candidates, PostId, PostUrl, SiteRun, id_of
from bot.spans import by_line

if TYPE_CHECKING:
    from bot.post import Post
    from bot.rules.base import Rule
    from bot.site import Site

MAX_PER_RULE = 2000
"""Findings of one rule listed for one file: more says nothing new (a scraped page of 100,000
invisible characters), and each costs memory; the rest are counted in one more record (its
`Finding.count`), which the totals count as that many findings."""

PARALLEL_THRESHOLD = 400
"""Fewer files than this are checked in-process: starting workers would cost more."""


@cache
def families() -> tuple[ModuleType, ...]:
    """The rule families, imported once (before any helper process is forked)."""
    from bot.rules.registry import FAMILIES

    return FAMILIES


@cache
def all_rules() -> dict[str, Rule]:
    """Every rule by id."""
    from bot.rules.registry import RULES

    return RULES


@cache
def registry() -> dict[str, Severity]:
    """Every rule id and its default severity (shared: do not change it)."""
    return {rule.id: rule.severity for rule in all_rules().values()}


def _matches(rule: str, prefix: str) -> bool:
    prefix = prefix.strip().rstrip("/")
    return rule == prefix or rule.startswith(prefix + "/")


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()

    def level(self, rule: str, default: Severity) -> Severity | None:
        """The severity for ``rule``, or None when it does not run."""
        if self.select and not any(_matches(rule, p) for p in self.select):
            return None
        if any(_matches(rule, p) for p in self.ignore):
            return None
        best: tuple[int, str] | None = None
        for prefix, configured in self.severity:
            if _matches(rule, prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), configured)
        chosen = best[1] if best else default
        for known in SEVERITIES:
            if chosen == known:
                return known
        return None  # "off"


def rule_problem(prefix: str) -> str | None:
    """Why ``prefix`` (of `--select`, `--ignore` or the site's `rules:`) names no rule or
    family, with the id it most likely misspells; None when it names one."""
    from bot.rules.docs import suggest

    known = all_rules()
    if any(_matches(rule, prefix) for rule in known):
        return None
    word = prefix.strip().rstrip("/")
    longer = [rule for rule in known if word and rule.startswith(word)]  # `encoding/bidi`
    families = sorted({rule.partition("/")[0] for rule in known})
    close = longer[0] if len(longer) == 1 else suggest(word, [*known, *families])
    hint = f' (did you mean "{close}"?)' if close else ""
    return f'no rule or family "{prefix}"{hint}; `pressbot rule` lists them'


def config_rule_problems(raw: Any) -> list[tuple[tuple[Any, ...], str]]:
    """The rule ids of the settings ``raw`` (`rules.select`, `rules.ignore`, the keys of
    `rules.severity`) that name no rule, each with its path in the file; values of the wrong
    shape are left to the settings' validation."""
    rules = raw.get("rules") if isinstance(raw, dict) else None
    if not isinstance(rules, dict):
        return []
    named: list[tuple[tuple[Any, ...], Any]] = []
    for key in ("select", "ignore"):
        if isinstance(rules.get(key), list):
            named += [(("rules", key, i), item) for i, item in enumerate(rules[key])]
    if isinstance(rules.get("severity"), dict):
        named += [(("rules", "severity", key), key) for key in rules["severity"]]
    out = []
    for path, prefix in named:
        problem = rule_problem(prefix) if isinstance(prefix, str) else None
        if problem:
            out.append((path, problem))
    return out


def selection_for(site: Site, select: list[str] | None, ignore: list[str] | None) -> Selection:
    """The rules that run: the command line's `--select` (in place of the site's) and
    `--ignore` (besides the site's). An unknown id on the command line is a usage error
    naming the option (the site's own are refused when its settings are loaded)."""
    rules = site.config.rules
    named = [("--select", p) for p in select or []] + [("--ignore", p) for p in ignore or []]
    named += [("rules", p) for p in [*rules.select, *rules.ignore, *rules.severity]]
    lines = [f"{option}: {problem}" for option, p in named if (problem := rule_problem(p))]
    if lines:
        from bot.validation_errors import SettingsError

        raise SettingsError(lines)
    return Selection(
        select=tuple(select or rules.select),
        ignore=tuple([*(ignore or []), *rules.ignore]),
        severity=tuple(rules.severity.items()),
    )


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    posts: list[Any] = field(default_factory=list)
    """Per file checked: its `PostInfo` (in bulk runs a `PostUrl`, with the URL only where
    it can collide), or None when it could not be read."""


class Linter:
    """The rules a site runs, at the severities it gives them.

    `check` judges one parsed post, `check_site` what a run gathered across posts; both
    return findings stamped with their severity, rules turned off left out.
    """

    def __init__(
        self, site: Site, select: list[str] | None = None, ignore: list[str] | None = None
    ) -> None:
        self.site = site
        self.selection = selection_for(site, select, ignore)
        self.families = families()
        self.rules = all_rules()

    def level(self, rule: Rule) -> Severity | None:
        """The severity ``rule`` runs at here, or None when it does not run."""
        return self.selection.level(rule.id, rule.severity)

    def stamp(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings of rules that run, each with the severity its rule runs at."""
        out = []
        for finding in findings:
            rule = self.rules.get(finding.rule)
            level = self.selection.level(finding.rule, rule.severity if rule else "error")
            if level is not None:
                out.append(replace(finding, severity=level))
        return out

    def check(self, post: Post) -> list[Finding]:
        """The findings of one post, sorted; at most `MAX_PER_RULE` of one rule, and a last
        one that says how many more there are."""
        findings: list[Finding] = []
        extra: dict[str, tuple[Finding, int]] = {}
        counts: Counter[str] = Counter()
        for family in self.families:
            for finding in family.check(post, self.site):
                counts[finding.rule] += 1
                if counts[finding.rule] <= MAX_PER_RULE:
                    findings.append(finding)
                else:
                    first, more = extra.get(finding.rule, (finding, 0))
                    extra[finding.rule] = (first, more + 1)
        for first, more in extra.values():
            message = (
                f"and {more} more finding(s) of this rule from here on, not listed one by one "
                f"(a file shows at most {MAX_PER_RULE} of a rule)"
            )
            findings.append(
                replace(
                    first, message=message, fix=None, end_line=None, end_column=None, count=more
                )
            )
        out = self.stamp(drop_covered(findings))
        out.sort(key=Finding.sort_key)
        return out

    def errors(self, post: Post) -> list[Finding]:
        """The post's error-level findings: a post with any is not fit to publish."""
        return [f for f in self.check(post) if f.severity == "error"]

    def check_site(self, run: SiteRun) -> list[Finding]:
        """The findings across posts (duplicate URLs and ids), for the rules that run (the
        families' `check_site` hooks, which skip the work of a rule that does not)."""
        run.enabled = lambda rule: self.level(rule) is not None
        findings: list[Finding] = []
        for family in self.families:
            hook = getattr(family, "check_site", None)
            if hook is not None:
                findings.extend(hook(run, self.site))
        return self.stamp(findings)


@cache
def _covered_by_mojibake() -> tuple[frozenset[str], frozenset[str]]:
    """Characters that are part of a mojibake run are reported once, as mojibake (whose
    repair restores them), not again one by one: the mojibake rules and the rules they
    cover."""
    from bot.rules import encoding, mojibake

    covered = (encoding.CONTROL_CHAR, encoding.REPLACEMENT_CHAR, encoding.INVISIBLE_CHAR)
    ids = frozenset(rule.id for rule in mojibake.RULES)
    return ids, frozenset(rule.id for rule in covered)


def drop_covered(findings: list[Finding]) -> list[Finding]:
    """The findings without those of characters inside a mojibake run (runs looked up by
    line and bisection: a line may hold thousands of each). Only runs with their span
    count: one reported at a key (spelled by escapes) covers nothing else of the value."""
    mojibake_ids, covered = _covered_by_mojibake()
    runs = by_line(
        (f.line, f.column, f.end_column)
        for f in findings
        if f.rule in mojibake_ids and f.end_column is not None and f.end_line == f.line
    )
    if not runs:
        return findings
    return [
        f
        for f in findings
        if f.rule not in covered or f.line not in runs or not runs[f.line].covers(f.column)
    ]


_JOB: dict[str, Any] = {}
"""The engine of the bulk run under way, for `_worker_chunk` (inherited by the forked
helpers)."""


def _check_one(
    linter: Linter, path: str, bulk: bool = False
) -> tuple[list[Finding], Any, PostId | None]:
    """The post's findings, its entry for `CheckResult.posts`, and its id."""
    from bot.post import read_post
    from bot.reading import describe, unpublished_reason, url_tail

    site = linter.site
    post = read_post(site, path)
    findings = linter.check(post)
    ident = id_of(post)
    if not post.readable:
        return findings, None, ident
    if not bulk:
        return findings, describe(post, site), ident
    if unpublished_reason(post, site) is not None:
        return findings, PostUrl(post.path, None, False), ident
    tail = url_tail(post, site)
    if tail is not None:
        return findings, PostUrl(post.path, None, True, tail), ident
    info = describe(post, site)
    aliases = tuple(info.aliases) if info.published else ()
    url = info.url if info.writes else None  # a page that writes no file takes no URL
    entry = PostUrl(info.path, url, info.published, None, aliases, info.lang, info.written)
    return findings, entry, ident


Sent = tuple[Any, ...] | None


def _worker_chunk(paths: list[str]) -> tuple[list[Finding], list[Sent], list[Sent]]:
    """A chunk's findings, and per post its `PostUrl` and `PostId` as plain tuples (cheaper
    to send)."""
    linter: Linter = _JOB["job"]
    findings: list[Finding] = []
    entries: list[Sent] = []
    ids: list[Sent] = []
    for path in paths:
        found, entry, ident = _check_one(linter, path, bulk=True)
        findings.extend(found)
        entries.append(None if entry is None else tuple(entry))
        ids.append(None if ident is None else tuple(ident))
    return findings, entries, ids


def _run(
    linter: Linter, names: Sequence[str], jobs: int | None
) -> tuple[list[Finding], list[Any], list[PostId | None]]:
    """All findings, and per file its entry for `CheckResult.posts` and its id."""
    jobs = jobs or os.cpu_count() or 1
    bulk = len(names) >= PARALLEL_THRESHOLD
    findings: list[Finding] = []
    infos: list[Any] = []
    ids: list[PostId | None] = []
    if jobs <= 1 or not bulk:
        for name in names:
            found, info, ident = _check_one(linter, name, bulk)
            findings.extend(found)
            infos.append(info)
            ids.append(ident)
        return findings, infos, ids
    from bot.parallel import share

    size = max(32, len(names) // (jobs * 64))  # small chunks: every process ends at once
    chunks = [list(names[i : i + size]) for i in range(0, len(names), size)]
    _JOB["job"] = linter
    try:
        for found, entries, sent in share(chunks, _worker_chunk, jobs):
            findings.extend(found)
            infos.extend(None if e is None else PostUrl._make(e) for e in entries)
            ids.extend(None if i is None else PostId._make(i) for i in sent)
    finally:
        _JOB.clear()
    return findings, infos, ids


def check_posts(
    site: Site,
    paths: list[Path] | None = None,
    *,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    jobs: int | None = None,
    candidates: Candidates | None = None,
) -> CheckResult:
    """Check ``paths`` (files or folders; default: the site's posts and drafts).

    When only some posts are checked, the site-level rules also compare them with every
    other post of the site that could collide with them (see `bot.other_posts`). A pull
    request gives ``candidates`` (posts it knows may share a URL): its checkout is a commit,
    so the other posts are listed from Git's index rather than the site's folders.
    """
    from bot.discover import discover_names

    linter = Linter(site, select, ignore)
    if paths and any(os.path.abspath(p) == str(site.root) for p in paths):
        paths = None  # the whole site: nothing else to compare with
    files = discover_names(site, paths)
    findings, infos, ids = _run(linter, files, jobs)
    result = CheckResult(findings=findings, files_checked=len(files), posts=infos)
    run = SiteRun(
        entries=result.posts,
        ids=ids,
        partial=bool(paths),
        checked={site.relpath(f) for f in files} if paths else set(),
        named={site.relpath(p) for p in paths} if paths else set(),
        candidates=candidates,
    )
    result.findings.extend(linter.check_site(run))
    result.findings.sort(key=Finding.sort_key)
    return result
