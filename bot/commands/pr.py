"""`pressbot pr`: check a pull request's changed posts and report on GitHub.

Modes:
- (default) check the PR's changed posts; annotations and a job summary always; the sticky
  comment and inline suggestions when a token can write (not for fork PRs);
- ``--results FILE``: the same check, but the results go to FILE for a privileged job, and
  nothing is posted (the unprivileged ``pull_request`` half of the fork-safe setup);
- ``--post FILE``: post results written by ``--results`` (the ``workflow_run`` half); the file
  is untrusted input and nothing from the PR is run.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from bot.commands.options import add_allow_empty, add_selection


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the comment and suggestions that would be posted; write nothing to GitHub",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--results",
        type=Path,
        metavar="FILE",
        help="write the results to FILE for a later --post, and post nothing",
    )
    mode.add_argument(
        "--post",
        type=Path,
        metavar="FILE",
        help="post the results in FILE (from --results) in a privileged workflow_run job",
    )
    add_selection(parser)
    add_allow_empty(parser)


def run(args: argparse.Namespace) -> int:
    return execute(args, os.environ, sys.stdout)


def execute(args: argparse.Namespace, env: Mapping[str, str], out: TextIO) -> int:
    """``run`` with the environment and output given (what tests call)."""
    from bot.errors import UsageError

    started = None
    if args.post is None:
        # Git's search of the site's other posts starts before the site is loaded and the
        # rest of the check imported: on a site of 50,000 posts it then runs beside that
        # work, not after it.
        from bot.pr import urls

        search = urls.start(args.site)
        from bot.site import load_site

        site = load_site(args.site, args.config, None)
        started = (site, None if site.is_hugo else search)

    from bot.github import GitHubError
    from bot.pr import flow
    from bot.pr.event import PrError
    from bot.pr.results import ResultsError
    from bot.render.terminal import clean

    # Every message becomes one inert line: it may quote GitHub's answer or a name from the
    # event, and the runner reads workflow commands from stderr as well as stdout.
    try:
        if args.post is not None:
            return flow.post_results(args, env, out)
        return flow.check_pull_request(args, env, out, started)
    except (PrError, ResultsError) as exc:
        raise UsageError(clean(exc, 1000)) from None
    except GitHubError as exc:
        hint = ""
        if exc.status == 403 and "not accessible" in str(exc):
            hint = (
                " (the token cannot write here: give the job `pull-requests: write`, or use"
                " the two-workflow setup for pull requests from forks)"
            )
        raise UsageError(f"GitHub: {clean(exc, 1000)}{hint}") from None
