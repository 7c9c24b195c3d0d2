"""The cost of `pressbot pr` follows the pull request, not the site.

    python bench/pr_bench.py [--big 50000] [--small 100] [--runs 7]

Two Git repositories of generated posts (bench/sitegen.py), one small and one big, each with
the same 3-post pull request (one post edited, one added with a problem, one renamed date);
`pressbot pr --dry-run` runs on both as GitHub Actions would run it (event file, no token),
whole process, interleaved; medians are compared (target: big / small <= 1.2). It also counts
the requests the run made to GitHub (target: none without a token, as history is in the clone).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from sitegen import generate  # noqa: E402

CHANGED = {
    "_posts/2099-01-01-new-post.md": (
        '---\nlayout: post\ntitle: "A new post"\ndate: 2099-01-01\n---\n'
        "Hereâ€™s a new post with a \u202e hidden override.\n"
    ),
    "_posts/2099-01-02-second-post.md": (
        "---\nlayout: post\ntitle: Second\ndate: 2099-01-02\n---\nA clean second post.\n"
    ),
}


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


def make_repo(root: Path, posts: int) -> tuple[str, str]:
    started = time.perf_counter()
    files = generate(root, posts)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "gc.auto", "0")  # no background packing while we measure
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    base = git(root, "rev-parse", "HEAD")
    git(root, "checkout", "-q", "-b", "topic")
    edited = sorted(files)[len(files) // 2]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAn edited line.\n", "utf-8")
    for rel, text in CHANGED.items():
        (root / rel).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "three posts")
    head = git(root, "rev-parse", "HEAD")
    print(f"  made {posts} posts + 3-post PR in {time.perf_counter() - started:.1f} s")
    return base, head


def event_file(folder: Path, base: str, head: str) -> Path:
    payload = json.loads(
        (ROOT / "tests/fixtures/github/webhooks/pull_request.opened.json").read_text()
    )
    payload["pull_request"]["head"]["sha"] = head
    payload["pull_request"]["base"]["sha"] = base
    path = folder / "event.json"
    path.write_text(json.dumps(payload))
    return path


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"pressbot pr failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=int, default=50_000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        cases = {}
        for label, posts in (("small", args.small), ("big", args.big)):
            repo = Path(tmp) / label
            repo.mkdir()
            base, head = make_repo(repo, posts)
            env = {
                k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PRESSBOT_"))
            }
            events = Path(tmp) / f"{label}-event"
            events.mkdir()
            env.update(
                GITHUB_EVENT_NAME="pull_request",
                GITHUB_EVENT_PATH=str(event_file(events, base, head)),
                GITHUB_REPOSITORY="octo/blog",
                # an address nothing listens on: a request would fail the run, loudly
                GITHUB_API_URL="http://127.0.0.1:9",
                PYTHONPATH=str(ROOT),
            )
            cmd = [sys.executable, "-m", "bot", "pr", "--dry-run", "--site", str(repo)]
            cases[label] = (posts, cmd, env)

        times: dict[str, list[float]] = {"small": [], "big": []}
        outputs: dict[str, str] = {}
        for label in ("small", "big"):  # warm the page cache once
            timed(cases[label][1], cases[label][2])
        for _ in range(args.runs):
            for label in ("small", "big"):
                elapsed, out = timed(cases[label][1], cases[label][2])
                times[label].append(elapsed)
                outputs[label] = out
        small, big = statistics.median(times["small"]), statistics.median(times["big"])
        for label in ("small", "big"):
            posts = cases[label][0]
            med = statistics.median(times[label])
            print(
                f"pressbot pr --dry-run, 3-post PR, {posts:>6} posts: median {med * 1000:.0f} ms "
                f"(min {min(times[label]) * 1000:.0f}, max {max(times[label]) * 1000:.0f},"
                f" {args.runs} runs)"
            )
        pairs = statistics.median(b / s for s, b in zip(times["small"], times["big"], strict=True))
        fastest = min(times["big"]) / min(times["small"])
        print(f"ratio big / small: {big / small:.2f} of the medians (target <= 1.2);")
        print(f"  median of the paired ratios {pairs:.2f}, ratio of the fastest runs {fastest:.2f}")
        for label in ("small", "big"):
            rows = [line for line in outputs[label].splitlines() if line.startswith("| ")]
            print(f"  {label}: {len(rows) - 2} findings in the comment that would be posted")
        print("requests to GitHub: 0 (no token; the API address given accepts no connection)")


if __name__ == "__main__":
    main()
