"""Speed of `pressbot check`: one post (process start-up) and a 20,000-post site.

    python bench/check_bench.py [--posts 20000] [--runs 15]

1. One post, whole process: `pressbot check one.md` against
   `python -c "from pydantic import BaseModel; import yaml"`, runs interleaved, medians
   compared (target: ratio <= 1.8).
2. A generated site (multilingual bodies, varied front matter): `pressbot check` with every
   rule, whole process, against a plain single-process loop of `frontmatter.load` over the
   same files (target: ratio <= 1.0).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sitegen import generate

LOOP = """
import sys
from pathlib import Path
import frontmatter
for path in sorted(Path(sys.argv[1]).glob("_posts/*.md")):
    frontmatter.load(path)
"""


# As installed Python runs: modules compiled once and their bytecode kept (some shells set
# PYTHONDONTWRITEBYTECODE, which would recompile pressbot, and not the baseline's packages,
# on every start).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    return time.perf_counter() - start


def interleaved(first: list[str], second: list[str], runs: int) -> tuple[float, float]:
    """Median times of two commands run in turn (after one warm-up run of each: bytecode
    written, files in the page cache), so that both meet the same machine."""
    timed(first), timed(second)
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        times[0].append(timed(first))
        times[1].append(timed(second))
    return statistics.median(times[0]), statistics.median(times[1])


def startup(runs: int, post: Path) -> None:
    base_cmd = [sys.executable, "-c", "from pydantic import BaseModel; import yaml"]
    ours_cmd = [sys.executable, "-m", "bot", "check", str(post)]
    b, o = interleaved(base_cmd, ours_cmd, runs)
    print(
        f"one post, whole process: pressbot check {o * 1000:.0f} ms, "
        f"baseline (pydantic + yaml import) {b * 1000:.0f} ms, ratio {o / b:.2f} (target <= 1.8)"
    )


def site(posts: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, posts)
        size = sum(p.stat().st_size for p in (root / "_posts").iterdir()) / 1e6
        loop_cmd = [sys.executable, "-c", LOOP, str(root)]
        ours_cmd = [sys.executable, "-m", "bot", "check", "--format", "json", str(root)]
        loop, ours = interleaved(loop_cmd, ours_cmd, runs)
        print(
            f"{posts} posts ({size:.0f} MB), medians of {runs}: pressbot check {ours:.2f} s, "
            f"frontmatter.load loop {loop:.2f} s, ratio {ours / loop:.2f} (target <= 1.0)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=15, help="start-up runs of each")
    parser.add_argument("--site-runs", type=int, default=3, help="site runs of each")
    args = parser.parse_args()
    post = Path(__file__).resolve().parent.parent / "examples/site/_posts"
    startup(args.runs, post / "2026-03-10-markets-rally-after-rate-decision.md")
    site(args.posts, args.site_runs)


if __name__ == "__main__":
    main()
