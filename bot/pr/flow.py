"""The two halves of `pressbot pr`: check a pull request, and post results to it."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO

from bot.pr import annotations as workflow_commands
from bot.pr import comment, review, summary, urls
from bot.pr.event import (
    PR_EVENTS,
    Actions,
    PrError,
    PullRequest,
    WorkflowRun,
    pull_request,
    workflow_run,
)
from bot.pr.remote import same_login
from bot.pr.results import (
    MAX_FINDINGS,
    MAX_REPLACEMENT,
    FindingData,
    FixData,
    Results,
    SuggestionData,
)
from bot.pr.results import load as load_results
from bot.render.terminal import clean, shown, visible
from bot.render.workflow import commands_stopped

if TYPE_CHECKING:
    from bot.pr.remote import Pull
    from bot.pr.urls import IndexedSite
    from bot.site import Site

MAX_FILES = 3000  # GitHub's PR files API lists at most this many


def _client(actions: Actions) -> Any:
    from bot.github import GitHub

    return GitHub(token=actions.token, api_url=actions.api_url)


def own_login(gh: Any, actions: Actions) -> str:
    """The login of the token's account, which owns the sticky comment and the suggestions:
    PRESSBOT_BOT_LOGIN when set; else what ``GET /user`` says (a personal access token's
    user); else the workflow's own account (an app's installation token, `ghs_`, such as the
    workflow's GITHUB_TOKEN, may not read ``/user``: GitHub answers 403)."""
    from bot.github import GitHubError, RateLimited
    from bot.pr.remote import User, one

    if actions.bot_login:
        return actions.bot_login
    if (actions.token or "").startswith("ghs_"):
        return comment.DEFAULT_BOT_LOGIN  # an installation's token: GitHub would say 403
    try:
        me = one(User, gh.get("/user"))
    except GitHubError as exc:
        if isinstance(exc, RateLimited) or exc.status not in (401, 403, 404):
            raise  # GitHub could not answer: the run stops as for any other request
        me = None
    return me.login if me is not None else comment.DEFAULT_BOT_LOGIN


# -- which posts ---------------------------------------------------------------------------------


def post_filter(prefix: str, accepts: Callable[[str], bool] | None = None) -> Any:
    """Accepts repository paths of the posts of the site at ``prefix`` in the repository:
    those whose site-relative path ``accepts`` takes (default: Jekyll's posts and drafts)."""
    if accepts is None:
        from bot.reading import is_jekyll_post_path

        accepts = is_jekyll_post_path

    def wanted(path: str) -> bool:
        if prefix and not path.startswith(prefix + "/"):
            return False
        return accepts(path[len(prefix) + 1 :] if prefix else path)

    return wanted


def site_post_filter(site: Site, prefix: str, branches: bool = True) -> Any:
    """`post_filter` for the site as its generator reads it (on Hugo, its regular pages as
    the checkout holds them, and, with ``branches``, its sections' `_index` files and its
    leaf bundles' content resources, which are checked for what stops Hugo)."""
    from bot.reading import is_branch_path, is_post_path, is_resource_path

    def wanted(rel: str) -> bool:
        if is_post_path(site, rel):
            return True
        return branches and (is_branch_path(site, rel) or is_resource_path(site, rel))

    return post_filter(prefix, wanted)


def config_filter(site: Site, prefix: str, named: Path | None = None) -> Callable[[str], bool]:
    """Accepts repository paths of the files that decide how every post of the site at
    ``prefix`` reads and what its check says: the generator's configuration (Jekyll's
    `_config.*`; Hugo's `hugo.*` or `config.*` and its `config/` folder), pressbot's own
    (`.pressbot.yml`, or the ``named`` one), and the authors file that a post's `author` is
    checked against. A pull request that changes one may break posts it does not touch."""
    from bot.generator import HUGO_CONFIG_NAMES, JEKYLL_CONFIG_NAMES
    from bot.site import CONFIG_NAMES as PRESSBOT_NAMES

    names = {*JEKYLL_CONFIG_NAMES, *PRESSBOT_NAMES}
    folders: tuple[str, ...] = ()
    if site.is_hugo:
        names.update(HUGO_CONFIG_NAMES)
        folders = ("config/",)
    exact = {f"{prefix}/{name}" if prefix else name for name in names}
    top = site.root.parents[prefix.count("/")] if prefix else site.root
    for path in (named, None if site.is_hugo else site.authors_file()):
        try:
            if path is not None:
                exact.add(path.resolve().relative_to(top.resolve()).as_posix())
        except (OSError, ValueError, RuntimeError):
            pass  # outside the repository: no pull request changes it
    starts = tuple(f"{prefix}/{f}" if prefix else f for f in folders)

    def wanted(path: str) -> bool:
        return path in exact or path.startswith(starts)

    return wanted


@dataclass
class Changes:
    """A pull request's changed files that a check wants, and their diff hunks."""

    paths: list[str]
    hunks: dict[str, list[tuple[int, int]]]
    unlisted: int = 0
    """Changed files that GitHub's list left out (it lists at most `MAX_FILES`): none of
    them was seen. -1: some, how many is not known."""
    gone: list[str] = field(default_factory=list)
    """Wanted files the pull request removes, and the old names of those it renames."""


def changed_posts(
    repo_root: Path,
    prefix: str,
    pr: PullRequest,
    actions: Actions,
    out: TextIO,
    wanted: Any = None,
) -> Changes:
    """Changed posts (repository paths ``wanted`` accepts, by default Jekyll's) and their
    diff hunks: from Git, else (a shallow clone) from GitHub's PR files API."""
    from bot.git import pr_diff

    wanted = wanted or post_filter(prefix)
    # No pathspec: matching one costs a test per file of the site; the whole diff costs what
    # the pull request changes.
    found = pr_diff(repo_root, pr.base_sha, pr.head_sha, wanted)
    if found is not None:
        return Changes(found.paths, found.hunks, gone=found.gone)
    out.write("pressbot: the clone's history is too shallow to diff; asking GitHub instead\n")
    gh = _client(actions)
    return api_changes(
        gh, actions.repository, pr.number, wanted, repo_root, out, True, pr.changed_files
    )


def api_changes(
    gh: Any,
    repository: str,
    number: int,
    wanted: Any,
    root: Path | None,
    out: TextIO,
    removed: bool = False,
    changed_files: int | None = None,
) -> Changes:
    """The changed files ``wanted`` accepts, and their hunks, from GitHub's PR files API
    (with ``removed``, the removed ones too, as Git's diff names them). An entry that is not
    a changed file is an error: skipped, it could be a post left unchecked. A file name that
    is not a file of the work tree at ``root`` (see `outside_tree`; without a work tree, one
    that cannot name a file in any) is skipped with a note on ``out``: it is never read.
    GitHub lists at most `MAX_FILES` files: those it leaves out of ``changed_files`` (the
    event's count) are counted in `Changes.unlisted`."""
    from bot.github import GitHubError
    from bot.pr.hunks import new_side_ranges
    from bot.pr.remote import ChangedFile, one

    paths: list[str] = []
    gone: list[str] = []
    hunks: dict[str, list[tuple[int, int]]] = {}
    files = gh.paginate(f"/repos/{repository}/pulls/{int(number)}/files", limit=MAX_FILES)
    listed = 0
    for index, item in enumerate(files):
        listed = index + 1
        f = one(ChangedFile, item)
        if f is None:
            raise GitHubError(
                f"the pull request's files, entry {index + 1}: not a changed file as GitHub"
                " describes one; stopped"
            )
        if f.status == "renamed" and f.previous_filename and wanted(f.previous_filename):
            gone.append(f.previous_filename)
        if f.status == "removed" and wanted(f.filename):
            gone.append(f.filename)
        if (f.status == "removed" and not removed) or f.filename in hunks:
            continue
        why = outside_tree(root, f.filename)
        if why is not None:
            name = clean(f.filename, 300)
            out.write(f"pressbot: GitHub lists the changed file {name}, {why}; skipped\n")
            continue
        if not wanted(f.filename):
            continue
        paths.append(f.filename)
        hunks[f.filename] = new_side_ranges(f.patch) if f.patch is not None else []
    if changed_files is not None and changed_files > listed:
        unlisted = changed_files - listed
    else:
        unlisted = -1 if listed >= MAX_FILES and changed_files is None else 0
    return Changes(paths, hunks, unlisted, gone)


def outside_tree(root: Path | None, name: str) -> str | None:
    """Why ``name``, a changed file's name from GitHub's answer, is not a file of the work
    tree at ``root``; None when it may be one. GitHub names files from the repository's root
    with ``/``, as Git does: an absolute name, a ``..`` (or ``.``, or empty) part, a NUL or a
    way through a link to outside the tree would read a file that is not the pull request's."""
    parts = name.split("/")
    if name.startswith("/") or "\x00" in name or any(p in ("", ".", "..") for p in parts):
        return "which is not a path inside the repository"
    if root is None:
        return None
    try:
        path = root / name
        inside = path.resolve().is_relative_to(root.resolve())
        path.is_file()  # a name too long to look up, or not encodable, is none of its files
    except (OSError, ValueError, RuntimeError):
        return "which is not a file name this system can hold"
    return None if inside else "which leads outside the repository through a link"


def is_post_file(path: str, content_folders: Iterable[str] = ()) -> bool:
    """A post or draft at any depth (``--post`` does not know the site folder), never in a
    hidden folder such as ``.github``: the only files a suggestion may edit. Without the
    site, a Hugo page is a content file, other than a branch's `_index`, under a folder
    named `content` (Hugo's default) or one of ``content_folders`` (the site's, as the
    results file names them) that can hold pages."""
    parts = path.split("/")
    if any(part.startswith(".") for part in parts):
        return False
    return post_filter("")(path) or _hugo_content_file(parts, content_folders)


HUGO_OWN_FOLDERS = frozenset(
    (
        *("archetypes", "assets", "config", "data", "i18n", "layouts", "public"),
        *("resources", "static", "themes", "node_modules"),
    )
)
"""Folders of a Hugo site that hold no pages: a content folder named in the (untrusted)
results file is not taken when it is, or is in, one of them."""


def _hugo_content_file(parts: list[str], content_folders: Iterable[str] = ()) -> bool:
    from bot.hugo.content import CONTENT_EXTENSIONS

    folders = [f.split("/") for f in content_folders]
    inside = "content" in parts[:-1] or any(
        len(f) < len(parts)
        and parts[: len(f)] == f
        and not any(p.startswith(".") or p in HUGO_OWN_FOLDERS for p in f)
        for f in folders
    )
    if not inside:
        return False
    name = parts[-1]
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or ext not in CONTENT_EXTENSIONS:
        return False
    return not (name.startswith(("#", "_index.")) or name.endswith("~"))


# -- the check -----------------------------------------------------------------------------------


def _finding_data(f: Any, prefix: str) -> FindingData:
    """The finding as the results file carries it (repository path); values that the file's
    validation would refuse (a control character in a file name, an odd rule id) are made
    presentable instead of failing the run."""
    import re

    from pydantic import ValidationError

    fix = None
    # A replacement too long for the results file is dropped, never cut: a cut suggestion
    # would corrupt the post.
    if f.fix is not None and f.fix.line >= 1 and len(f.fix.replacement) <= MAX_REPLACEMENT:
        fix = FixData(
            line=f.fix.line,
            replacement=f.fix.replacement,
            column=f.fix.column if f.fix.column is None or f.fix.column >= 0 else None,
            end_line=f.fix.end_line if f.fix.end_line and f.fix.end_line >= f.fix.line else None,
            end_column=f.fix.end_column
            if f.fix.end_column is None or f.fix.end_column >= 0
            else None,
        )
    line = max(1, f.line)
    fields = dict(
        path=f"{prefix}/{f.path}" if prefix else f.path,
        line=line,
        column=max(0, f.column),
        end_line=f.end_line if f.end_line and f.end_line >= line else None,
        end_column=f.end_column if f.end_column is not None and f.end_column >= 0 else None,
        rule=f.rule,
        severity=f.severity,
        message=f.message[:2000],
        fix=fix,
        count=min(max(1, f.count), 10**7),
    )
    try:
        return FindingData(**fields)
    except ValidationError:
        # A name that is not UTF-8 is shown `\xe9`, as `check` shows it (no suggestion then).
        path = shown(re.sub(r"[\x00-\x1f\x7f\\]", "?", str(fields["path"])))[:1024]
        rule = re.sub(r"[^a-z0-9/-]", "-", str(f.rule).lower()).strip("-/") or "pressbot"
        fields.update(
            path=path,
            rule=rule if "/" in rule else f"pressbot/{rule}",
            severity=f.severity if f.severity in ("error", "warning", "info") else "error",
            message=shown(str(fields["message"])),
            fix=None,
        )
        return FindingData(**fields)


def write_results(path: Path, text: str) -> None:
    """Write through a temporary file and a rename: a link the pull request put at ``path``
    (its checkout is the working folder) is replaced, never followed."""
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=".pressbot-results-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)  # what a plain write would give: the upload step reads it
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_pull_request(
    args: argparse.Namespace,
    env: Mapping[str, str],
    out: TextIO,
    started: tuple[Site, IndexedSite | None] | None = None,
) -> int:
    """Check the pull request's changed posts and report them. ``started``: the site, and
    the search of its other posts, when the caller began them already."""
    from bot.commands import empty
    from bot.commands.options import split_rules
    from bot.discover import has_posts
    from bot.git import find_root as find_repo_root
    from bot.git.root import repo_prefix
    from bot.linter import check_posts
    from bot.post import read_post
    from bot.site import load_site

    if started is None:
        site = load_site(args.site, args.config, None)
        # Git searches the site's other posts while the pull request is read and checked (a
        # Jekyll site's: a Hugo site's partial run compares with every page it describes).
        started = (site, None if site.is_hugo else urls.start(site.root))
    site, indexed = started
    if not getattr(args, "allow_empty", False) and not has_posts(site):
        # a site without a single post (the action's `site:` pointing at the wrong folder)
        # would stay green forever
        raise empty.refuse(site, args.site)
    actions = Actions.from_env(env)
    pr = pull_request(actions, actions.payload())
    top = find_repo_root(site.root) or site.root
    prefix = repo_prefix(site.root, top)

    posts = site_post_filter(site, prefix)
    shape = config_filter(site, prefix, args.config)
    changes = changed_posts(top, prefix, pr, actions, out, lambda path: posts(path) or shape(path))
    paths, hunks = changes.paths, changes.hunks
    configs = [p for p in paths if shape(p) and not posts(p)]
    paths = [p for p in paths if p not in configs]
    for name in configs:
        del hunks[name]
    whole_site: Literal["", "configuration", "unlisted"] = "configuration" if configs else ""
    if changes.unlisted:
        # the files GitHub did not list may be posts, or the configuration: check them all
        whole_site = "unlisted"
        many = f"{pr.changed_files:,}" if pr.changed_files else "more"
        out.write(
            f"::warning title=pressbot::GitHub lists only {MAX_FILES:,} of this pull request's"
            f" {many} changed files: every post of the site is checked\n"
        )
    is_post = site_post_filter(site, prefix, branches=False)
    kept = {p for p in paths if (top / p).is_file()}
    present = [top / p for p in paths if p in kept]
    linking: list[str] = []
    if not whole_site and not site.is_hugo:
        published = _published_now(site, top)
        linking = urls.linking_posts(top, prefix, [*paths, *changes.gone], is_post, published)
    findings: list[Any] = []
    files_checked = 0
    if present or linking or whole_site:
        result = check_posts(
            site,
            None if whole_site else [*present, *(top / p for p in linking)],
            select=split_rules(args.select),
            ignore=split_rules(args.ignore, "--ignore"),
            candidates=None if whole_site else indexed,
        )
        findings, files_checked = result.findings, result.files_checked
        findings = [f for f in findings if not _unrelated(f, prefix, linking)]

    data = [_finding_data(f, prefix) for f in findings]
    omitted = sum(d.count for d in data[MAX_FINDINGS:])

    def lines_of(repo_path: str) -> list[str] | None:
        post = read_post(site, top / repo_path)
        return post.lines if post.readable and post.text is not None else None

    suggestions = review.build(data, lines_of)
    results = Results(
        repository=actions.repository or "unknown/unknown",
        pull_request=pr.number,
        head_sha=pr.head_sha,
        base_sha=pr.base_sha,
        files_checked=files_checked,
        posts_changed=sum(1 for path in paths if is_post(path) and path in kept),
        pages_reached=0
        if whole_site
        else max(
            0, files_checked - len(linking) - sum(1 for p in paths if is_post(p) and p in kept)
        ),
        links_checked=len(linking),
        whole_site=whole_site,
        content_folders=_content_folders(site, prefix),
        findings=data[:MAX_FINDINGS],
        findings_omitted=omitted,
        suggestions=suggestions[:1000],
    )

    for line in workflow_commands.render(results.findings):
        out.write(line + "\n")
    text = summary.render(results, server_url=actions.server_url, suggestions=suggestions)
    if actions.step_summary and not summary.write(actions.step_summary, text):
        out.write("::warning title=pressbot::cannot write the job summary (GITHUB_STEP_SUMMARY)\n")
    if args.results is not None:
        try:
            write_results(args.results, results.dumps())
        except OSError as exc:
            raise PrError(f"cannot write the results file {args.results}: {exc.strerror}") from None
        out.write(f"pressbot: results written to {args.results} for the posting job\n")
    elif pr.is_fork and not args.dry_run:
        out.write(
            "pressbot: a pull request from a fork gets annotations and the job summary here;"
            " the comment comes from the workflow_run job (pressbot pr --post)\n"
        )
    elif not actions.token and not args.dry_run:
        out.write("pressbot: no GITHUB_TOKEN, so no comment: see the annotations and summary\n")
    else:
        # On Hugo, the changed posts were judged with the site's own content folders.
        editable = (lambda path: True) if site.is_hugo else is_post_file
        publish(
            actions,
            results,
            hunks,
            args.dry_run,
            env,
            out,
            can_read=bool(actions.token),
            editable=editable,
        )
    return 1 if results.errors else 0


def _published_now(site: Site, top: Path) -> Callable[[str], bool]:
    """Whether the post at a repository path is in the work tree and Jekyll publishes it:
    a `post_url` to it still finds it by its name."""
    from bot.post import read_post
    from bot.reading import unpublished_reason

    def published(repo_path: str) -> bool:
        name = top / repo_path
        if not name.is_file():
            return False
        post = read_post(site, name)
        return post.readable and unpublished_reason(post, site) is None

    return published


def _unrelated(finding: Any, prefix: str, linking: list[str]) -> bool:
    """A finding on an unchanged post checked for its `post_url` tags (see
    `urls.linking_posts`) that is not about one: the pull request did not make it."""
    if not linking:
        return False
    path = f"{prefix}/{finding.path}" if prefix else finding.path
    if path not in linking:
        return False
    from bot.rules.jekyll import LIQUID

    return not (finding.rule == LIQUID.id and "post_url" in finding.message)


def _content_folders(site: Site, prefix: str) -> list[str]:
    """The Hugo site's content folders as repository paths, for the posting job."""
    from bot.reading import post_folders

    folders = (f"{prefix}/{f}" if prefix else f for f in post_folders(site))
    return [f.rstrip("/") for f in folders if f.rstrip("/")]


# -- posting -------------------------------------------------------------------------------------


def publish(
    actions: Actions,
    results: Results,
    hunks: dict[str, list[tuple[int, int]]],
    dry_run: bool,
    env: Mapping[str, str],
    out: TextIO,
    can_read: bool = True,
    editable: Callable[[str], bool] = is_post_file,
) -> None:
    """Inline suggestions first (those GitHub refuses go to the comment), then the comment.

    ``hunks`` holds the pull request's changed posts: a suggestion for any other file (a
    workflow, the README: the artifact may name anything) is not shown at all, nor one for
    a file ``editable`` refuses.
    """
    suggestions = [s for s in results.suggestions if s.path in hunks and editable(s.path)]
    inside, outside = review.split(suggestions, hunks)
    number = results.pull_request
    checks_url = actions.checks_url(number)
    if not can_read:  # a dry run without a token: show everything, read nothing
        body = comment.render(
            results, server_url=actions.server_url, checks_url=checks_url, outside=outside
        )
        _show(out, env, body, "comment (if there is none yet: would create)", inside)
        return
    gh = _client(actions)
    login = own_login(gh, actions)
    rv = review.post(
        gh, actions.repository, number, results.head_sha, inside, bot_login=login, dry_run=dry_run
    )
    body = comment.render(
        results,
        server_url=actions.server_url,
        checks_url=checks_url,
        outside=outside + rv.rejected,
    )
    outcome = comment.sync(gh, actions.repository, number, body, bot_login=login, dry_run=dry_run)
    if outcome.author and not same_login(outcome.author, login):
        out.write(
            f"::warning title=pressbot::the comment was written by {clean(outcome.author, 100)},"
            f" not {clean(login, 100)}: set PRESSBOT_BOT_LOGIN to {clean(outcome.author, 100)}"
            " so that the next run updates it (and its suggestions) instead of adding more\n"
        )
    if dry_run:
        _show(out, env, body or comment.ALL_FIXED, f"comment ({outcome.action})", rv.would_post)
        return
    out.write(
        f"pressbot: comment {outcome.action}"
        + (f" (removed {len(outcome.deleted)} duplicate)" if outcome.deleted else "")
        + f"; {len(rv.posted)} suggestion(s) posted, {rv.already} already there"
        + (f", {len(rv.rejected)} moved to the comment" if rv.rejected else "")
        + "\n"
    )


LINES = "\n\t"
"""What a shown comment keeps as written: its line breaks and tabs."""


def _show(
    out: TextIO,
    env: Mapping[str, str],
    body: str | None,
    what: str,
    suggestions: list[SuggestionData],
) -> None:
    """Print what would be posted. In Actions the log is fenced with ``stop-commands`` so that
    nothing in it (it quotes post content) is taken as a workflow command; anywhere, what
    is not printable (an escape sequence in a post) is shown as its escape."""
    with commands_stopped(out, env):
        text = body if body is not None else "(no comment needed)"
        out.write(f"--- {what} ---\n{visible(text, keep=LINES)}\n")
        for s in suggestions:
            out.write(f"--- suggestion on {clean(s.path, 300)}:{s.start_line}-{s.end_line} ---\n")
            out.write(visible(review.comment_body(s), keep=LINES))


def _check_run(run: WorkflowRun) -> None:
    if run.event not in PR_EVENTS:
        raise PrError(
            "the workflow run was not for a pull request"
            f" (event {clean(run.event or 'none', 40)!r}); nothing to post"
        )
    if not run.head_repo or not run.head_branch:
        raise PrError(
            "the workflow run names no head repository and branch (a deleted fork?);"
            " its pull request cannot be found"
        )


def run_pulls(gh: Any, repository: str, run: WorkflowRun) -> list[Pull]:
    """The open pull requests of ``repository`` whose head is the run's head repository and
    branch: GitHub's ``head=owner:branch`` filter, then each compared exactly."""
    from bot.pr.remote import Pull, each

    owner = run.head_repo.split("/")[0]
    listed = gh.paginate(
        f"/repos/{repository}/pulls",
        params={"state": "open", "head": f"{owner}:{run.head_branch}"},
        limit=100,
    )
    return [
        p
        for p in each(Pull, listed)
        if p.state == "open"
        and p.head_repo.lower() == run.head_repo.lower()
        and p.head.ref == run.head_branch
        and p.base_repo.lower() == repository.lower()
    ]


def tied_pull(gh: Any, repository: str, run: WorkflowRun, number: int, out: TextIO) -> bool:
    """Whether pull request ``number`` is the run's, at the run's commit: found among the open
    pull requests with the run's head (a mismatch is an error; a pull request that is gone or
    has moved on is said on ``out``, and nothing is posted)."""
    pulls = run_pulls(gh, repository, run)
    head = clean(f"{run.head_repo}:{run.head_branch}", 300)
    if not pulls:
        out.write(f"pressbot: no open pull request has the run's head ({head}); nothing posted\n")
        return False
    pr = next((p for p in pulls if p.number == number), None)
    if pr is None:
        ours = ", ".join(f"#{p.number}" for p in pulls[:5])
        raise PrError(
            f"the results file names pull request #{number}, but the workflow run is for {ours}"
            f" ({head}); nothing posted"
        )
    if pr.head.sha != run.head_sha:
        out.write(
            f"pressbot: pull request #{number} has moved on to a newer commit;"
            " these results are out of date and are not posted\n"
        )
        return False
    return True


def post_results(args: argparse.Namespace, env: Mapping[str, str], out: TextIO) -> int:
    """Post an artifact, once it is tied to the pull request of the run that made it: the run's
    head (repository, branch, commit) finds the pull request; the artifact must name it.

    The run's own ``pull_requests`` is not consulted: empty for forks, and it may list pull
    requests of other repositories that share the branch.
    """
    actions = Actions.from_env(env)
    run = workflow_run(actions, actions.payload())
    _check_run(run)
    results = load_results(args.post)
    if results.repository.lower() != actions.repository.lower():
        raise PrError("the results file is for another repository")
    if results.head_sha != run.head_sha:
        raise PrError("the results file is for another commit than the workflow run")
    if not actions.token:
        raise PrError("pressbot pr --post needs GITHUB_TOKEN (with pull-requests: write)")
    gh = _client(actions)
    number = results.pull_request
    if not tied_pull(gh, actions.repository, run, number, out):
        return 0

    # No work tree here (nothing of the pull request is checked out): the names are only
    # compared with the suggestions' paths, and those of no file at all are left out.
    def editable(path: str) -> bool:
        return is_post_file(path, results.content_folders)

    changes = api_changes(gh, actions.repository, number, editable, None, out)
    publish(actions, results, changes.hunks, args.dry_run, env, out, editable=editable)
    return 0
