"""How often `pressbot list` reads a generated site's posts as real Jekyll does.

    python bench/jekyll_fuzz.py --sites 40 --posts 12 [--seed 1] [--show 30] [--progress]

Generates sites (tests/jekyllfuzz.py), builds each with the installed `jekyll`, and prints
the share of posts on which pressbot agrees with Jekyll on everything compared (published,
URL, date, categories, tags, and an error for each post Jekyll fails on), the differences
grouped by kind, and examples.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.jekyllfuzz import main_dir, run_seed  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=40)
    parser.add_argument("--posts", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=30, help="examples printed")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    parser.add_argument("--progress", action="store_true", help="a line per site on stderr")
    args = parser.parse_args()
    if shutil.which("jekyll") is None:
        print("jekyll is not installed", file=sys.stderr)
        return 2
    work = main_dir()
    total = agreeing = 0
    kinds: Counter[str] = Counter()
    examples: list[str] = []
    start = time.monotonic()
    for seed in range(args.seed, args.seed + args.sites):
        site, diffs = run_seed(seed, work, args.posts)
        total += len(site.posts)
        bad = {d.split(": ", 1)[0] for d in diffs}
        agreeing += len(site.posts) - len(bad)
        if args.progress:
            print(
                f"site {seed}: {len(bad)} of {len(site.posts)} differ; "
                f"{agreeing}/{total} so far, {time.monotonic() - start:.0f} s",
                *diffs,
                sep="\n  ",
                file=sys.stderr,
                flush=True,
            )
        for line in diffs:
            detail = line.split(": ", 1)[1]
            kind = detail.split(":", 1)[0] if re.match(r"[a-z]+:", detail) else detail
            kinds[re.sub(r"\(.*", "", kind).strip()] += 1
            if len(examples) < args.show:
                examples.append(f"site {seed}: {line}")
    last = args.seed + args.sites - 1
    print(f"seeds {args.seed}..{last}: {args.sites} sites, {total} posts compared")
    print(f"posts read as Jekyll reads them: {agreeing}/{total} = {100 * agreeing / total:.1f}%")
    for kind, count in kinds.most_common():
        print(f"  {count:5d}  {kind}")
    print("examples:")
    for line in examples:
        print("  " + line)
    if args.keep:
        print(f"sites kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
