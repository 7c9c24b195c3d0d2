"""Speed of `pressbot check`: one post (process start-up) and a generated site.

    python bench/check_bench.py [--posts 20000] [--runs 15] [--site-runs 3] [--no-site]

1. One post, whole process: `pressbot check` of the seed post
   (`examples/site/_posts/2026-01-05-lee-jae-myung-to-meet-xi.md`, which has findings) in the
   example site, which has a `.pressbot.yml`, against
   `python -c "from pydantic import BaseModel; import yaml"`; runs alternate, medians are
   compared (target: ratio <= 1.5).
2. A generated site (multilingual bodies, varied front matter), of which one post in eight
   carries findings of several rules (wrong shapes, a missing title, mojibake, a BOM), so
   that the slow paths are measured too: `pressbot check` with every rule, whole process,
   against a plain single-process loop of `frontmatter.load` over the same files (target:
   ratio <= 1.0).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sitegen import generate

ROOT = Path(__file__).resolve().parent.parent
SEED_POST = ROOT / "examples/site/_posts/2026-01-05-lee-jae-myung-to-meet-xi.md"
BASELINE = [sys.executable, "-c", "from pydantic import BaseModel; import yaml"]

LOOP = """
import sys
from pathlib import Path
import frontmatter
for path in sorted(Path(sys.argv[1]).glob("_posts/*.md")):
    frontmatter.load(path)
"""

# As installed Python runs: modules compiled once and their bytecode kept (some shells set
# PYTHONDONTWRITEBYTECODE, which would recompile pressbot, and not the baseline's packages,
# on every start). pressbot is this checkout's, whatever the environment has installed.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPATH"] = str(ROOT)

FLAWS = (
    ("id: 1.5\n", ""),  # schema/type, through the validator
    ("tags: [ok, {x: 1}]\n", ""),  # schema/type, a union branch that got further
    ("title:\n", ""),  # schema/required (an empty title)
    ("", "Here\u00e2\u20ac\u2122s what happened.\n"),  # encoding/mojibake
)
"""Front-matter lines and body text that carry findings; a flawed post gets two of them."""


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


def interleaved(first: list[str], second: list[str], runs: int) -> tuple[float, float]:
    """Median wall-clock times of two commands run in turn (after one warm-up run of each:
    bytecode written, files in the page cache), so that both meet the same machine."""
    (first_wall, _), (second_wall, _) = both(first, second, runs)
    return first_wall, second_wall


def both(
    first: list[str], second: list[str], runs: int
) -> tuple[tuple[float, float], tuple[float, float]]:
    """(wall, CPU) medians of each of two commands run in turn. On a busy machine the CPU
    time is the steadier figure: waiting for a core counts in the wall time only."""
    timed(first), timed(second)
    runs_of: tuple[list[tuple[float, float]], list[tuple[float, float]]] = ([], [])
    for _ in range(runs):
        runs_of[0].append(timed(first))
        runs_of[1].append(timed(second))
    medians = [
        (statistics.median(wall for wall, _ in times), statistics.median(cpu for _, cpu in times))
        for times in runs_of
    ]
    return medians[0], medians[1]


def startup(runs: int) -> None:
    ours_cmd = [sys.executable, "-m", "bot", "check", str(SEED_POST)]
    (b, b_cpu), (o, o_cpu) = both(BASELINE, ours_cmd, runs)
    print(
        f"one post, whole process, medians of {runs} alternating runs: pressbot check "
        f"{o * 1000:.0f} ms, baseline (pydantic + yaml import) {b * 1000:.0f} ms, "
        f"ratio {o / b:.2f} (target <= 1.5); CPU time {o_cpu * 1000:.0f} ms against "
        f"{b_cpu * 1000:.0f} ms, ratio {o_cpu / b_cpu:.2f}"
    )


def add_flaws(paths: list[Path], every: int = 8) -> int:
    """Give one post in ``every`` two flaws of :data:`FLAWS`; the number of posts changed."""
    changed = 0
    for index, path in enumerate(paths):
        if index % every:
            continue
        text = path.read_text(encoding="utf-8")
        head, _, body = text.partition("\n---\n")
        for front, extra in (FLAWS[changed % 4], FLAWS[(changed + 1) % 4]):
            if front.startswith("title:"):
                head = "\n".join(line for line in head.split("\n") if not line.startswith("title:"))
            head += "\n" + front.rstrip("\n") if front else ""
            body = extra + body
        data = head + "\n---\n" + body
        path.write_bytes(data.encode("utf-8") if changed % 3 else b"\xef\xbb\xbf" + data.encode())
        changed += 1
    return changed


def flagged_share(root: Path, posts: int) -> tuple[float, int]:
    """The share of posts with findings, and how many rules found something."""
    cmd = [sys.executable, "-m", "bot", "check", "--format", "json", str(root)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=ENV)
    findings = json.loads(done.stdout)["findings"]
    return len({f["path"] for f in findings}) / posts, len({f["rule"] for f in findings})


def site(posts: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        add_flaws(generate(root, posts))
        share, rules = flagged_share(root, posts)
        size = sum(p.stat().st_size for p in (root / "_posts").iterdir()) / 1e6
        loop_cmd = [sys.executable, "-c", LOOP, str(root)]
        ours_cmd = [sys.executable, "-m", "bot", "check", "--format", "json", str(root)]
        loop, ours = interleaved(loop_cmd, ours_cmd, runs)
        print(
            f"{posts} posts ({size:.0f} MB, {share:.0%} with findings of {rules} rules), "
            f"medians of {runs}: pressbot check {ours:.2f} s, frontmatter.load loop "
            f"{loop:.2f} s, ratio {ours / loop:.2f} (target <= 1.0)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=15, help="start-up runs of each")
    parser.add_argument("--site-runs", type=int, default=3, help="site runs of each")
    parser.add_argument("--no-site", action="store_true", help="only the one-post figure")
    args = parser.parse_args()
    startup(args.runs)
    if not args.no_site:
        site(args.posts, args.site_runs)


if __name__ == "__main__":
    main()
