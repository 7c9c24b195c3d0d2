"""The cost of `pressbot pr` follows the pull request, not the site.

    python bench/pr_bench.py [--big 50000] [--small 100] [--runs 3] [--cache DIR]

Two Git repositories of generated posts (bench/sitegen.py), one small and one big, each with
the same 3-post pull request: one post edited, one added whose `permalink:` puts it on an
older post's URL, one added onto whose URL an older post's `permalink:` puts itself. Both
added posts collide only through front matter, so the run must find the site's posts that
set a URL of their own, not only those named like the changed ones.

The source repositories are generated once per size and kept under ``--cache`` (generating
50,000 posts takes minutes); every measurement runs on a fresh `git clone` of one, as GitHub
Actions runs on a fresh checkout, so nothing is left from an earlier run. `pressbot pr
--dry-run` runs as Actions would run it (event file, no token), whole process, alternating
sizes; medians are compared (target: big / small <= 1.5). The findings of both must be the
same: the two collisions, and nothing about the site's size.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))
from sitegen import generate  # noqa: E402

FORMAT = 2
"""Bumped when the generated repositories change, so that a cached one is not reused."""

OLD_POSTS = {
    # An older post that moves itself, by its permalink, onto the URL of a post the pull
    # request adds.
    "_posts/2020-01-01-old-notes.md": (
        "---\nlayout: post\ntitle: Old notes\npermalink: /news/2025/05/05/breaking.html\n---\n"
        "Notes from long ago.\n"
    ),
    # Posts with a URL of their own that collide with nothing.
    "_posts/2020-01-02-moved.md": (
        "---\nlayout: post\ntitle: Moved\npermalink: /archive/moved/\n---\nMoved here.\n"
    ),
    "_posts/2020-01-03-renamed.md": (
        "---\nlayout: post\ntitle: Renamed\nslug: renamed-story\n---\nRenamed.\n"
    ),
}
TARGET = "_posts/2025-08-08-story-00007.md"
"""The generated post whose URL the pull request's first new post takes by its permalink."""


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
    }
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def url_of(root: Path, rel: str) -> str:
    """The URL pressbot gives the post at ``rel`` of the site at ``root``."""
    from bot.jekyll import describe
    from bot.post import read_post
    from bot.site import load_site

    site = load_site(root, None, None)
    info = describe(read_post(site, root / rel), site)
    assert info.published and info.url, info
    return info.url


def make_source(root: Path, posts: int) -> tuple[str, str]:
    """A repository of ``posts`` generated posts (and `OLD_POSTS`) with the pull request's
    commit on top; the base and head commits."""
    started = time.perf_counter()
    files = generate(root, posts)
    for rel, text in OLD_POSTS.items():
        (root / rel).write_text(text, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "gc.auto", "0")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    base = git(root, "rev-parse", "HEAD")
    git(root, "checkout", "-q", "-b", "topic")
    edited = next(p for p in files if p.name.endswith("-story-00050.md"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAn edited line.\n", "utf-8")
    taken = url_of(root, TARGET)
    (root / "_posts/2025-02-03-fresh-take.md").write_text(
        f"---\nlayout: post\ntitle: A fresh take\npermalink: {taken}\n---\nFresh.\n",
        encoding="utf-8",
    )
    (root / "_posts/2025-05-05-breaking.md").write_text(
        "---\nlayout: post\ntitle: Breaking\ncategories: [News]\n---\nBreaking news.\n",
        encoding="utf-8",
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "three posts")
    head = git(root, "rev-parse", "HEAD")
    git(root, "checkout", "-q", "--detach")
    print(f"  made {posts} posts + 3-post PR in {time.perf_counter() - started:.1f} s")
    return base, head


def source(cache: Path, posts: int) -> tuple[Path, str, str]:
    """The cached source repository for ``posts`` (made when missing), base and head."""
    folder = cache / f"v{FORMAT}-{posts}"
    done = folder / "commits.json"
    if not done.is_file():
        shutil.rmtree(folder, ignore_errors=True)
        repo = folder / "repo"
        repo.mkdir(parents=True)
        base, head = make_source(repo, posts)
        done.write_text(json.dumps({"base": base, "head": head}))
    commits = json.loads(done.read_text())
    return folder / "repo", commits["base"], commits["head"]


def event_file(folder: Path, base: str, head: str) -> Path:
    payload = json.loads(
        (ROOT / "tests/fixtures/github/webhooks/pull_request.opened.json").read_text()
    )
    payload["pull_request"]["head"]["sha"] = head
    payload["pull_request"]["base"]["sha"] = base
    path = folder / "event.json"
    path.write_text(json.dumps(payload))
    return path


def measure(repo: Path, base: str, head: str, work: Path) -> tuple[float, float, str]:
    """One run of `pressbot pr --dry-run` on a fresh clone of ``repo`` at ``head``: its
    wall time, its CPU time (with the gits it started) and its output."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    clone = work / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)
    git(clone, "checkout", "-q", head)
    # The clone's files are written out before the clock starts, as they are on a runner by
    # the time a workflow's later step runs: the kernel's writing of 50,000 fresh files is
    # not the check's cost (the files stay in memory, as they do there).
    os.sync()
    # as on a runner after `pip install`: Python's compiled modules are kept and reused
    unset = ("GITHUB_", "PRESSBOT_", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(unset)}
    env.update(
        GITHUB_EVENT_NAME="pull_request",
        GITHUB_EVENT_PATH=str(event_file(work, base, head)),
        GITHUB_REPOSITORY="octo/blog",
        # an address nothing listens on: a request would fail the run, loudly
        GITHUB_API_URL="http://127.0.0.1:9",
        PYTHONPATH=str(ROOT),
    )
    cmd = [sys.executable, "-m", "bot", "pr", "--dry-run", "--site", str(clone)]
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime
    if done.returncode not in (0, 1):
        raise SystemExit(f"pressbot pr failed ({done.returncode}): {done.stderr.strip()}")
    shutil.rmtree(work, ignore_errors=True)
    return elapsed, cpu, done.stdout


def collisions(output: str) -> list[str]:
    return sorted(
        line for line in output.splitlines() if "duplicate-url" in line and line.startswith("::")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=int, default=50_000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "pressbot-pr-bench"
    )
    args = parser.parse_args()

    sizes = {"small": args.small, "big": args.big}
    sources = {label: source(args.cache, posts) for label, posts in sizes.items()}
    load_before = os.getloadavg()
    times: dict[str, list[float]] = {"small": [], "big": []}
    cpus: dict[str, list[float]] = {"small": [], "big": []}
    outputs: dict[str, str] = {}
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        for run in range(args.runs):
            for label in ("small", "big"):
                repo, base, head = sources[label]
                elapsed, cpu, out = measure(repo, base, head, Path(tmp) / f"{label}-{run}")
                times[label].append(elapsed)
                cpus[label].append(cpu)
                outputs[label] = out
    for label, posts in sizes.items():
        med = statistics.median(times[label])
        each = ", ".join(f"{t * 1000:.0f}" for t in times[label])
        print(
            f"pressbot pr --dry-run, 3-post PR, {posts:>6} posts, fresh clone each run: "
            f"median {med * 1000:.0f} ms ({each} ms); CPU median "
            f"{statistics.median(cpus[label]) * 1000:.0f} ms"
        )
    small, big = statistics.median(times["small"]), statistics.median(times["big"])
    print(f"ratio big / small: {big / small:.2f} of the medians (target <= 1.5)")
    cores = os.cpu_count() or 1
    loads = ", ".join(
        f"{a:.1f} -> {b:.1f}" for a, b in zip(load_before, os.getloadavg(), strict=True)
    )
    print(f"  load average (1, 5, 15 min) before -> after: {loads} on {cores} cores")
    cpu_ratio = statistics.median(cpus["big"]) / statistics.median(cpus["small"])
    print(f"  CPU time ratio {cpu_ratio:.2f} (what a loaded machine does not blur)")
    for label in ("small", "big"):
        found = collisions(outputs[label])
        print(f"  {label}: {len(found)} duplicate-url annotations")
        for line in found:
            print(f"    {line[:160]}")
    if collisions(outputs["small"]) != collisions(outputs["big"]):
        print("  the two sizes report different collisions")
    print("requests to GitHub: 0 (no token; the API address given accepts no connection)")


if __name__ == "__main__":
    main()
