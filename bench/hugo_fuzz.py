"""How often `pressbot list` reads a generated Hugo site's pages as real Hugo does.

    python bench/hugo_fuzz.py --sites 120 --pages 40 [--seed 1] [--show 30]

Generates sites (tests/hugofuzz.py), lists each with the installed `hugo list all`, and
prints the share of pages on which pressbot agrees with Hugo on everything compared (path,
URL, slug, title, date, publish and expiry dates, draft, and published or why not), the
differences grouped by kind, and examples.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hugofuzz import main_dir, remove, run_seed  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=120)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=30, help="examples printed")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    args = parser.parse_args()
    if shutil.which("hugo") is None:
        print("hugo is not installed", file=sys.stderr)
        return 2
    work = main_dir()
    total = agreeing = 0
    kinds: Counter[str] = Counter()
    examples: list[str] = []
    started = time.perf_counter()
    for seed in range(args.seed, args.seed + args.sites):
        site, diffs = run_seed(seed, work, args.pages)
        total += len(site.pages)
        bad = {d.split(": ", 1)[0] for d in diffs}
        agreeing += len(site.pages) - len(bad & set(site.pages))
        for line in diffs:
            parts = line.split(": ")
            kinds[parts[1] if len(parts) > 2 else line] += 1
            if len(examples) < args.show:
                examples.append(f"site {seed}: {line}")
        if not args.keep:
            remove(site.root)
    elapsed = time.perf_counter() - started
    share = 100 * agreeing / total if total else 100.0
    print(f"seeds: {args.seed}..{args.seed + args.sites - 1}, sites: {args.sites}, pages: {total}")
    print(f"pages read as Hugo reads them: {agreeing}/{total} = {share:.2f}%")
    print(f"time: {elapsed:.1f} s ({elapsed / max(args.sites, 1):.2f} s a site)")
    for kind, count in kinds.most_common():
        print(f"  {count:5d}  {kind}")
    if examples:
        print("examples:")
        for line in examples:
            print("  " + line)
    if args.keep:
        print(f"sites kept in {work}")
    else:
        remove(work)
    return 0 if agreeing == total else 1


if __name__ == "__main__":
    raise SystemExit(main())
