"""Cost of the shared HTTP transport (`bot.net`) against a plain `requests.Session`.

    python bench/http_bench.py [--requests 500]

1. Time per request to a local server, both clients interleaved in rounds, medians compared.
2. Peak traced memory while a server streams 64 MB with no length: the transport stops at its
   cap (`MAX_ANSWER_BYTES`), a plain session holds the whole answer.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.net import NetError, fetch, new_session
from tests.localserver import Scripted, write_answer


def per_request(total: int) -> tuple[float, float]:
    import requests

    server = Scripted(lambda h, s: write_answer(h, 200, {"id": 1}))
    mine, plain = new_session(), requests.Session()
    rounds, each = 10, max(1, total // 10)
    ours: list[float] = []
    theirs: list[float] = []
    try:
        for _ in range(rounds):
            started = time.perf_counter()
            for _ in range(each):
                fetch(mine, "GET", server.url + "/x", timeout=5).json()
            ours.append((time.perf_counter() - started) / each)
            started = time.perf_counter()
            for _ in range(each):
                plain.get(server.url + "/x", timeout=5).json()
            theirs.append((time.perf_counter() - started) / each)
    finally:
        server.close()
    return statistics.median(ours), statistics.median(theirs)


def endless(handler: Any, seen: Any) -> None:
    handler.send_response(200)
    handler.send_header("Connection", "close")
    handler.end_headers()
    for _ in range(1024):
        handler.wfile.write(b"[" * 65536)


def peak(call: Any) -> float:
    tracemalloc.start()
    try:
        call()
    except NetError:
        pass
    finally:
        size = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return size / 2**20


def main(argv: list[str] | None = None) -> int:
    import requests

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args(argv)
    ours, theirs = per_request(args.requests)
    print(f"per request: transport {ours * 1000:.2f} ms, requests {theirs * 1000:.2f} ms")
    print(f"ratio: {ours / theirs:.2f}")
    server = Scripted(endless)
    try:
        mine = peak(lambda: fetch(new_session(), "GET", server.url, timeout=60))
        plain = peak(lambda: requests.get(server.url, timeout=60).content)
    finally:
        server.close()
    print(f"64 MB answer, peak memory: transport {mine:.1f} MB, requests {plain:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
