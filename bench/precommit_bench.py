"""Cost of the pre-commit hooks on a commit of one post in a generated site.

    python bench/precommit_bench.py [--posts 5000] [--runs 7] [--keep DIR]

A site of ``--posts`` generated posts (bench/sitegen.py) in a Git repository, with both hooks
of `.pre-commit-hooks.yaml` installed by `pre-commit install` from this project's working tree
(the hook environment is built before anything is timed). Then, in turn, ``--runs`` times each:

- `git commit` of one changed post, hooks on (what an author waits for);
- `git commit --no-verify` of one changed post (Git's own share);
- the hook environment's `python -c pass` (the interpreter);
- its `pressbot --version` (the interpreter, `bot.cli`, argparse);
- its `pressbot check _posts/README`, a file that is not a post (pressbot's whole start-up:
  the command's imports, the site's configuration, no post read);
- its `pressbot check POST` and `pressbot fix POST` from the site root (start-up and work:
  what each hook runs).

Medians of wall-clock and CPU time are printed, with the split: the hooks' share of the
commit, pressbot's start-up against its work, and pre-commit's own overhead (the commit less
Git's share, less the two pressbot runs). Finally `python -X importtime` lists the modules
that `pressbot check POST` spends its start-up on.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sitegen import generate

ROOT = Path(__file__).resolve().parent.parent
ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PYTHONPATH"))},
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
    "PRE_COMMIT_COLOR": "never",
}


def run(cmd: list[str], cwd: Path, check: bool = True) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


def timed(
    cmd: list[str], cwd: Path, before: Callable[[], None] | None = None
) -> tuple[float, float]:
    """Wall-clock and CPU (user + system, children) seconds of one run of ``cmd``."""
    if before:
        before()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime


def project_snapshot(dest: Path) -> str:
    """A one-commit Git repository of this project's working tree (tracked and new files):
    what pre-commit installs the hooks from. Its commit id."""
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT)
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    run(["git", "init", "-q", "-b", "main"], dest)
    run(["git", "add", "-A"], dest)
    run(["git", "commit", "-q", "--no-verify", "-m", "snapshot"], dest)
    return run(["git", "rev-parse", "HEAD"], dest).strip()


def make_site(work: Path, posts: int) -> tuple[Path, list[Path]]:
    hooks = work / "pressbot"
    rev = project_snapshot(hooks)
    site = work / "site"
    paths = generate(site, posts)
    (site / "_posts" / "README").write_text("Not a post: Jekyll does not read it.\n")
    (site / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n"
        "      - id: pressbot-check\n      - id: pressbot-fix\n",
        encoding="utf-8",
    )
    run(["git", "init", "-q", "-b", "main"], site)
    run(["git", "add", "-A"], site)
    run(["git", "commit", "-q", "--no-verify", "-m", "A site"], site)
    pre_commit = [sys.executable, "-m", "pre_commit"]
    run([*pre_commit, "install"], site)
    started = time.perf_counter()
    run([*pre_commit, "install-hooks"], site)
    print(f"hook environment built in {time.perf_counter() - started:.1f} s (not counted below)")
    return site, paths


def hook_env_bin() -> Path:
    """The bin folder of the hook environment that pre-commit built."""
    home = Path(ENV["PRE_COMMIT_HOME"])
    (found,) = home.glob("repo*/py_env-*/bin/pressbot")
    return found.parent


def median(times: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(w for w, _ in times), statistics.median(c for _, c in times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="build the site here and keep it")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="pressbot-precommit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    ENV["PRE_COMMIT_HOME"] = str(work / "pre-commit-home")
    try:
        measure(work, args.posts, args.runs)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def measure(work: Path, posts: int, runs: int) -> None:
    started = time.perf_counter()
    site, paths = make_site(work, posts)
    print(f"site of {posts} posts generated and committed in {time.perf_counter() - started:.1f} s")
    bin_ = hook_env_bin()
    python, pressbot = str(bin_ / "python"), str(bin_ / "pressbot")
    post = paths[len(paths) // 2]
    rel = str(post.relative_to(site))
    counter = iter(range(10**9))

    def change_a_post() -> None:
        target = paths[next(counter) % len(paths)]
        with target.open("a", encoding="utf-8") as out:
            out.write("\nOne more line.\n")
        run(["git", "add", str(target)], site)

    commands: dict[str, tuple[list[str], Callable[[], None] | None]] = {
        "git commit, hooks on": (["git", "commit", "-q", "-m", "One post"], change_a_post),
        "git commit --no-verify": (["git", "commit", "-qnm", "x"], change_a_post),
        "python -c pass": ([python, "-c", "pass"], None),
        "pressbot --version": ([pressbot, "--version"], None),
        "pressbot check NOT-POST": ([pressbot, "check", "_posts/README"], None),
        "pressbot check POST": ([pressbot, "check", rel], None),
        "pressbot fix POST": ([pressbot, "fix", rel], None),
    }  # fmt: skip
    change_a_post()
    done = subprocess.run(
        commands["git commit, hooks on"][0], cwd=site, env=ENV, capture_output=True, text=True
    )
    if done.returncode != 0 or "Passed" not in done.stdout + done.stderr:
        raise SystemExit(f"the hooks did not pass on a clean post:\n{done.stdout}{done.stderr}")
    for cmd, _ in commands.values():  # warm-up: bytecode written, files in the page cache
        timed(cmd, site)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (cmd, before) in commands.items():
            times[name].append(timed(cmd, site, before))
    result = {name: median(t) for name, t in times.items()}

    print(f"\nmedians of {runs} interleaved runs (wall ms / CPU ms), site of {posts} posts:")
    for name, (wall, cpu) in result.items():
        print(f"  {name:<24} {wall * 1000:7.0f} {cpu * 1000:7.0f}")

    def ratios(i: int, label: str) -> None:
        commit, plain = result["git commit, hooks on"][i], result["git commit --no-verify"][i]
        interp, start = result["python -c pass"][i], result["pressbot --version"][i]
        fixed = result["pressbot check NOT-POST"][i]
        check, fix = result["pressbot check POST"][i], result["pressbot fix POST"][i]
        hooks = commit - plain
        overhead = hooks - check - fix
        print(
            f"\n{label}: the hooks add {hooks * 1000:.0f} ms to a commit "
            f"({hooks / commit:.0%} of it; Git alone {plain * 1000:.0f} ms)\n"
            f"  pressbot check + fix: {(check + fix) * 1000:.0f} ms "
            f"({(check + fix) / hooks:.0%} of the hooks' cost)\n"
            f"    start-up, no post read (check NOT-POST, twice): {2 * fixed * 1000:.0f} ms "
            f"({2 * fixed / (check + fix):.0%} of pressbot's share), of which the interpreter "
            f"{2 * interp * 1000:.0f} ms and the bare command line (--version) "
            f"{2 * (start - interp) * 1000:.0f} ms\n"
            f"    work on the post (check and fix less start-up): "
            f"{(check + fix - 2 * fixed) * 1000:.0f} ms\n"
            f"  pre-commit's own overhead: {overhead * 1000:.0f} ms "
            f"({overhead / hooks:.0%} of the hooks' cost)"
        )

    ratios(0, "wall clock")
    ratios(1, "CPU time")
    imports(python, pressbot, site, rel)


def imports(python: str, pressbot: str, site: Path, rel: str) -> None:
    """The modules that `pressbot check POST` imports, heaviest first (cumulative)."""
    code = (
        f"import sys; sys.argv = ['pressbot', 'check', {rel!r}]; from bot.cli import main; main()"
    )
    done = subprocess.run(
        [python, "-X", "importtime", "-c", code], cwd=site, env=ENV, capture_output=True, text=True
    )
    rows = []
    for line in done.stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if found and len(found.group(3)) <= 3:  # top-level imports and their direct children
            rows.append((int(found.group(2)), found.group(4), len(found.group(3)) == 1))
    total = sum(us for us, _, top in rows if top)
    print(
        f"\nimports of `pressbot check POST` (top level, cumulative; {total / 1000:.0f} ms in all):"
    )
    for us, name, _ in sorted(rows, reverse=True)[:12]:
        print(f"  {us / 1000:6.1f} ms  {name}")


if __name__ == "__main__":
    main()
