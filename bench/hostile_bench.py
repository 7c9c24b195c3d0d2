"""Time of `check` on hostile input at growing sizes: seconds per MB and the growth ratio.

    python bench/hostile_bench.py                  # every case, three sizes each
    python bench/hostile_bench.py --case date --sizes 4
    python bench/hostile_bench.py --budget 20      # stop growing a case past 20 s a run

Each case writes a small site whose posts hold one hostile construct scaled to a size, and
times a whole in-process check of it (a fresh site load each run, best of `--runs`). The
growth ratio is (time ratio) / (size ratio) between successive sizes: about 1 for linear
work, 4 for quadratic work when the size grows four times. Run from the repository root.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.linter import check_posts, drop_covered  # noqa: E402
from bot.problem import Finding  # noqa: E402
from bot.rules.jekyll import duplicate_urls  # noqa: E402
from bot.site import load_site  # noqa: E402
from bot.site_index import PostUrl  # noqa: E402

Work = Callable[[], object]


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def checked(root: Path, files: dict[str, str]) -> tuple[Work, int]:
    write(root, files)
    size = sum(len(text.encode("utf-8")) for text in files.values())
    return (lambda: check_posts(load_site(root), jobs=1)), size


def date(root: Path, n: int) -> tuple[Work, int]:
    """A quoted date followed by blanks (a 60 kB one took 29 s)."""
    pad = " " * n
    return checked(
        root,
        {
            "_posts/2024-01-03-a.md": f'---\ndate: "2024-01-03 10:00{pad}x"\n---\n',
            "_posts/2024-01-03-b.md": f'---\ndate: "January 3, 2024{pad}x"\n---\n',
            "_posts/2024-01-03-c.md": f'---\nlast_modified_at: "{pad}2024-01-03{pad}+"\n---\n',
        },
    )


def categories(root: Path, n: int) -> tuple[Work, int]:
    """n categories given, n/8 allowed, none of them allowed (1,000/8,000 took 120 s)."""
    allowed = ", ".join(f"section{i:06d}" for i in range(n // 8))
    given = ", ".join(f"topic{i:06d}x" for i in range(n))
    return checked(
        root,
        {
            ".pressbot.yml": f"categories: [{allowed}]\ntags: [{allowed}]\n",
            "_posts/2024-01-03-a.md": f"---\ncategories: [{given}]\ntags: [{given}]\n---\n",
        },
    )


def unknown_fields(root: Path, n: int) -> tuple[Work, int]:
    keys = "".join(f"tittle{i}: x\n" for i in range(n // 10))
    return checked(
        root,
        {
            ".pressbot.yml": "unknown_fields: forbid\n",
            "_posts/2024-01-03-a.md": f"---\n{keys}{'t' * n}: x\n---\n",
        },
    )


def body_images(root: Path, n: int) -> tuple[Work, int]:
    """Image links that never close (cubic for the former pattern)."""
    k = n // 6
    return checked(
        root,
        {
            "_posts/2024-01-03-a.md": "---\ntitle: t\n---\n" + "![a](/" * k + "\n",
            "_posts/2024-01-03-b.md": "---\ntitle: t\n---\n" + '![a](/x "' * k + "\n",
        },
    )


def shape_errors(root: Path, n: int) -> tuple[Work, int]:
    """A list of n mappings where text is expected: one error per item."""
    items = ", ".join(["{}"] * (n // 4))
    return checked(root, {"_posts/2024-01-03-a.md": f"---\ntitle: t\ntags: [{items}]\n---\n"})


def category_union(root: Path, n: int) -> tuple[Work, int]:
    names = ", ".join(f"c{i}" for i in range(n // 8))
    defaults = f"defaults:\n  - scope: {{path: ''}}\n    values: {{categories: [{names}]}}\n"
    post = f"---\ntitle: t\ncategories: [{names.replace('c', 'd')}]\n---\n"
    return checked(root, {"_config.yml": defaults, "_posts/2024-01-03-a.md": post})


def mojibake(root: Path, n: int) -> tuple[Work, int]:
    """One long line of mojibake without spaces (450 kB is the reported case)."""
    unit = "Hereâ€™sÃ©tÃ©"
    line = unit * (n // len(unit.encode("utf-8")))
    return checked(root, {"_posts/2024-01-03-a.md": f"---\ntitle: t\n---\n{line}\n"})


def one_url(root: Path, n: int) -> tuple[Work, int]:
    """n posts building to one URL: each finding names the others."""
    k = n // 30
    entries = [PostUrl(f"_posts/2024-01-03-post{i:06d}.md", "/same/", True) for i in range(k)]
    return (lambda: duplicate_urls(entries)), k * 30


def covered(root: Path, n: int) -> tuple[Work, int]:
    """Findings inside mojibake runs on one line, thousands of each."""
    k = n // 10
    runs = [
        Finding("p.md", 1, 10 * i + 1, "encoding/mojibake", "m", end_column=10 * i + 4)
        for i in range(k)
    ]
    others = [Finding("p.md", 1, 10 * i + 6, "encoding/invisible-char", "z") for i in range(k)]
    return (lambda: drop_covered(runs + others)), n


def _site_with_ids(root: Path, n: int, spell: Callable[[int], str]) -> tuple[Work, int]:
    """A site of n/200 posts, each with an id; one post, checked alone (as by a pre-commit
    hook), holds the id of another: every other post is searched for it."""
    count = n // 200
    size = 0
    folder = root / "_posts"
    folder.mkdir(parents=True)
    for i in range(count):
        text = (
            f"---\ntitle: Story {i} about the news of the day\nlayout: post\n"
            f"id: {spell(i)}\ncategories: [News]\ntags: [a, b]\n---\n\nText of story {i}.\n"
        )
        (folder / f"2025-01-{1 + i % 28:02d}-story-{i:06d}.md").write_text(text, encoding="utf-8")
        size += len(text)
    checked = folder / "2026-01-01-new.md"
    checked.write_text(f"---\ntitle: New\nid: {spell(count // 2)}\n---\n", encoding="utf-8")

    def work() -> object:
        result = check_posts(load_site(root), [checked], select=["jekyll/duplicate-id"], jobs=1)
        assert len(result.findings) == 1, result.findings
        return result

    return work, size


def partial_ids(root: Path, n: int) -> tuple[Work, int]:
    """Ids written as text: a post is parsed only when it holds the checked id's text."""
    return _site_with_ids(root, n, lambda i: f"story-{i:06d}-a3f9")


def partial_number_ids(root: Path, n: int) -> tuple[Work, int]:
    """Numeric ids (several spellings read as one number): each `id:` line is read alone."""
    return _site_with_ids(root, n, lambda i: str(1000 + i))


CASES: dict[str, tuple[Callable[[Path, int], tuple[Work, int]], int]] = {
    "date": (date, 15_000),
    "categories": (categories, 2_000),
    "unknown-fields": (unknown_fields, 15_000),
    "body-images": (body_images, 30_000),
    "shape-errors": (shape_errors, 8_000),
    "category-union": (category_union, 16_000),
    "mojibake": (mojibake, 28_000),
    "one-url": (one_url, 30_000),
    "covered": (covered, 30_000),
    "partial-ids": (partial_ids, 625_000),
    "partial-number-ids": (partial_number_ids, 625_000),
}


def best(work: Work, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="(default: all)")
    parser.add_argument("--sizes", type=int, default=3, help="sizes per case, each 4x the last")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (best kept)")
    parser.add_argument("--budget", type=float, default=10.0, help="seconds a run may take")
    args = parser.parse_args()
    print(f"{'case':<16}{'input':>12}{'seconds':>10}{'s/MB':>10}{'growth':>8}")
    for name in args.case or list(CASES):
        make, first = CASES[name]
        previous: tuple[int, float] | None = None
        for step in range(args.sizes):
            with tempfile.TemporaryDirectory() as tmp:
                work, size = make(Path(tmp), first * 4**step)
                seconds = best(work, args.runs if step < args.sizes - 1 else 1)
            growth = ""
            if previous is not None and previous[1] > 0:
                growth = f"{(seconds / previous[1]) / (size / previous[0]):.2f}"
            print(f"{name:<16}{size:>12,}{seconds:>10.3f}{seconds / size * 1e6:>10.2f}{growth:>8}")
            sys.stdout.flush()
            previous = (size, seconds)
            if seconds > args.budget:
                print(f"{name:<16}stopped: a run took more than {args.budget:.0f} s")
                break


if __name__ == "__main__":
    main()
