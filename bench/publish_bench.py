"""Publish 1,000 posts to a local webhook receiver; print posts/s, duplicates and losses.

Usage: python bench/publish_bench.py [--posts N] [--faults]

A real Git world in a temporary folder (bare origin, author clone, publisher clone), the
real receiver of the tests (signatures verified with `standardwebhooks`). With --faults
the receiver answers 5% of requests with 500, drops 2% of connections after reading the
body and answers 1% too late; the run is then repeated until nothing is left to do.
Duplicates (a post accepted under two keys) and losses (a post never accepted) must be 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.publishkit import FAST, World  # noqa: E402
from tests.receiver import Receiver  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--faults", action="store_true")
    args = parser.parse_args(argv)
    receiver = Receiver()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        world = World(
            Path(tmp), targets=[{"name": "hook", "type": "webhook", "url": receiver.url, **FAST}]
        )
        world.publish()  # the ledger's first point: an empty site
        ids = set()
        for n in range(args.posts):
            day = dt.date(2020, 1, 1) + dt.timedelta(days=n)
            world.write(f"{day}-post-{n}.md", f"Post {n}", body=f"Body of post {n}.\n\n* a\n* b\n")
            ids.add(f"_posts/{day}-post-{n}")
        world.commit(f"{args.posts} posts")
        world.push()
        if args.faults:
            faults: list[object] = []
            for _ in range(args.posts * 2):
                roll = rng.random()
                faults.append(
                    "500"
                    if roll < 0.05
                    else "drop"
                    if roll < 0.07
                    else ("sleep", 0.6)
                    if roll < 0.08
                    else None
                )
            receiver.queue(*faults)
        world.publisher()  # clone and check out before the clock starts
        started = time.perf_counter()
        runs = 0
        while True:
            runs += 1
            code, _ = world.publish("--no-announce")
            if code == 0 or runs >= 5:
                break
        elapsed = time.perf_counter() - started
        accepted = receiver.events()
        duplicates = len(receiver.duplicates())
        losses = len(ids - set(accepted))
        ledger_live = set(world.live_in_ledger("hook"))
        print(
            f"posts: {args.posts}  runs: {runs}  exit: {code}  "
            f"faults: {'on' if args.faults else 'off'}"
        )
        print(
            f"requests: {len(receiver.log)}  accepted: {len(receiver.accepted)}  repeats: "
            f"{sum(1 for i in receiver.log if i.answer == 'repeat')}"
        )
        print(f"time: {elapsed:.2f} s  posts/s: {args.posts / elapsed:.0f}")
        print(f"duplicates: {duplicates}  losses: {losses}  ledger agrees: {ledger_live == ids}")
    receiver.stop()
    return 0 if duplicates == 0 and losses == 0 and ledger_live == ids else 1


if __name__ == "__main__":
    sys.exit(main())
