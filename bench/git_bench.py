"""Read the blobs of 5,000 posts of one commit through the Git seam and the ways before it;
print the times and their ratios.

- ``commit:path batch``: one `git cat-file --batch` run asked for ``commit:path`` of every
  post, how publish read them before the seam. Git searches the folder's tree for each
  path, so the time grows with the square of the posts in one folder.
- ``sha batch``: one `git ls-tree`, then one `git cat-file --batch` run asked for each blob
  by object name: the fastest a one-shot process can do.
- ``seam``: `Git.blobs_at`, the same `git ls-tree`, then GitPython's persistent reader, one
  request and answer per blob.

Usage: python bench/git_bench.py [--posts N] [--rounds R] [--size BYTES]

The repository is made in a temporary folder with `git fast-import`. Each round times a cold
read (a new `Git`: GitPython opens the repository and starts its persistent reader) and a
warm one (the same `Git` again), alternating with the one-shot batch; the best of the rounds
is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.git import Git  # noqa: E402

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def make_repo(root: Path, posts: int, size: int) -> tuple[str, list[str]]:
    """A repository whose one commit holds ``posts`` posts of about ``size`` bytes."""
    subprocess.run(["git", "init", "-q", str(root)], check=True, env=ENV)
    paths = []
    stream = [b"commit refs/heads/main\n", b"committer Bench <b@example.org> 0 +0000\n"]
    stream.append(b"data 5\nposts\n")
    for n in range(posts):
        day = dt.date(2000, 1, 1) + dt.timedelta(days=n)
        path = f"_posts/{day}-post-{n}.md"
        body = f"---\ntitle: Post {n}\n---\n\n".encode() + b"x" * max(0, size - 40) + b"\n"
        stream.append(f"M 100644 inline {path}\ndata {len(body)}\n".encode() + body + b"\n")
        paths.append(path)
    subprocess.run(
        ["git", "fast-import", "--quiet"], input=b"".join(stream), cwd=root, check=True, env=ENV
    )
    head = subprocess.run(
        ["git", "rev-parse", "refs/heads/main"], cwd=root, check=True, capture_output=True
    )
    return head.stdout.decode().strip(), paths


def commit_path_batch(root: Path, commit: str, paths: list[str]) -> dict[str, bytes | None]:
    """The reader publish had before the seam: one `cat-file --batch` for every path."""
    request = "".join(f"{commit}:{p}\n" for p in paths).encode("utf-8", "surrogateescape")
    data = subprocess.run(
        ["git", "cat-file", "--batch"], input=request, cwd=root, capture_output=True, check=True
    ).stdout
    out: dict[str, bytes | None] = {}
    pos = 0
    for path in paths:
        end = data.index(b"\n", pos)
        header = data[pos:end].split(b" ")
        pos = end + 1
        if header[-1] == b"missing" or len(header) != 3:
            out[path] = None
            continue
        size = int(header[2])
        out[path] = data[pos : pos + size] if header[1] == b"blob" else None
        pos += size + 1
    return out


def sha_batch(root: Path, commit: str, paths: list[str]) -> dict[str, bytes | None]:
    """One `ls-tree` for the object names, then one `cat-file --batch` run by object name."""
    listing = subprocess.run(
        ["git", "ls-tree", "-r", "-z", commit], cwd=root, capture_output=True, check=True
    ).stdout
    names = {}
    for entry in listing.split(b"\0"):
        meta, _, name = entry.partition(b"\t")
        if meta:
            names[name.decode("utf-8", "surrogateescape")] = meta.split(b" ")[2].decode()
    request = "".join(f"{names[p]}\n" for p in paths).encode()
    data = subprocess.run(
        ["git", "cat-file", "--batch"], input=request, cwd=root, capture_output=True, check=True
    ).stdout
    out: dict[str, bytes | None] = {}
    pos = 0
    for path in paths:
        end = data.index(b"\n", pos)
        size = int(data[pos:end].split(b" ")[2])
        out[path] = data[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--size", type=int, default=2000, help="bytes per post")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        head, paths = make_repo(root, args.posts, args.size)
        best = dict.fromkeys(["commit:path batch", "sha batch", "seam cold", "seam warm"], 1e9)
        for _ in range(args.rounds):
            start = time.perf_counter()
            expected = commit_path_batch(root, head, paths)
            best["commit:path batch"] = min(best["commit:path batch"], time.perf_counter() - start)
            start = time.perf_counter()
            by_sha = sha_batch(root, head, paths)
            best["sha batch"] = min(best["sha batch"], time.perf_counter() - start)

            start = time.perf_counter()
            repo = Git(root)
            got = repo.blobs_at(head, paths)
            best["seam cold"] = min(best["seam cold"], time.perf_counter() - start)
            start = time.perf_counter()
            repo.blobs_at(head, paths)
            best["seam warm"] = min(best["seam warm"], time.perf_counter() - start)
            repo.close()
            if got != expected or by_sha != expected:
                print("the seam read other bytes than the batch", file=sys.stderr)
                return 1
    print(f"{args.posts} posts of {args.size} bytes, best of {args.rounds}:")
    for name, seconds in best.items():
        print(
            f"  {name:<18} {seconds * 1000:9.1f} ms"
            f"  {seconds / best['commit:path batch']:7.3f}x commit:path batch"
            f"  {seconds / best['sha batch']:6.2f}x sha batch"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
