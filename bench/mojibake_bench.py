"""Figures of the mojibake engine: ftfy's labelled cases, the generated corpus, throughput.

    python bench/mojibake_bench.py            # everything
    python bench/mojibake_bench.py --quick    # no throughput
    python bench/mojibake_bench.py --split held-out --show 20

Run from the repository root.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bot.mojibake import find_mojibake, fix_text  # noqa: E402

FTFY_CASES = ROOT / "tests" / "fixtures" / "ftfy-test-cases"
FTFY_FILES = ("in-the-wild", "synthetic", "language-names", "negative", "known-failures")
# Mojibake that ftfy deliberately leaves alone: flagging them is right; no repair is expected.
AMBIGUOUS = {"An absolutely hopeless garble", "HTML entity on top of UTF-8 / Latin-1"}


def ftfy_cases() -> list[tuple[str, str, str | None]]:
    """(label, text, expected repair or None); expected == text for clean cases."""
    out: list[tuple[str, str, str | None]] = []
    for name in FTFY_FILES:
        for case in json.loads((FTFY_CASES / f"{name}.json").read_text("utf-8")):
            text = case["original"]
            expected = case.get("fixed-encoding", case["fixed"])
            ambiguous = case["label"] in AMBIGUOUS or "DrÃ¥ber" in text
            out.append((case["label"], text, None if ambiguous else expected))
    return out


def ftfy_figures(show: int = 0) -> dict[str, float]:
    mojibake = clean = caught = false_pos = repairable = repaired = 0
    misses: list[str] = []
    for label, text, expected in ftfy_cases():
        flagged = bool(find_mojibake(text))
        if expected is None or expected != text:
            mojibake += 1
            caught += flagged
            if not flagged:
                misses.append(f"MISS {label}: {text[:80]!r}")
            if flagged and expected is not None:
                repairable += 1
                got = fix_text(text)
                repaired += got == expected
                if got != expected:
                    misses.append(f"REPAIR {label}: {got[:80]!r} != {expected[:80]!r}")
        else:
            clean += 1
            false_pos += flagged
            if flagged:
                misses.append(f"FALSE {label}: {text[:60]!r} -> {fix_text(text)[:60]!r}")
    for line in misses[:show]:
        print("  ", line)
    print(
        f"ftfy cases: {mojibake} mojibake, {clean} clean | recall {caught}/{mojibake} "
        f"= {caught / mojibake:.1%} | clean flagged {false_pos}/{clean} | exact repair "
        f"{repaired}/{repairable} = {repaired / max(repairable, 1):.1%}"
    )
    return {"recall": caught / mojibake, "false": false_pos, "repair": repaired / repairable}


def corpus_figures(split: str, show: int = 0) -> dict[str, float]:
    from mojibake_corpus import clean_strings, mojibake_samples

    clean = clean_strings(split)
    samples = mojibake_samples(clean)
    false_pos = [t for t in clean if find_mojibake(t)]
    caught = repaired = 0
    kinds: Counter[str] = Counter()
    misses: list[str] = []
    for s in samples:
        got = fix_text(s.text)
        if got != s.text:
            caught += 1
            if got == s.expected:
                repaired += 1
            else:
                misses.append(
                    f"REPAIR {s.kind}: {s.text[:60]!r} -> {got[:40]!r} != {s.expected[:40]!r}"
                )
                kinds["repair " + s.kind.split("+")[0]] += 1
        else:
            misses.append(f"MISS {s.kind}: {s.text[:70]!r} ({s.expected[:30]!r})")
            kinds["miss " + s.kind.split("+")[0]] += 1
    for t in false_pos[:show]:
        print(f"   FALSE {t[:60]!r} -> {fix_text(t)[:60]!r}")
    for line in misses[:show]:
        print("  ", line)
    if show:
        print("  ", dict(kinds.most_common()))
    n = len(samples)
    print(
        f"corpus ({split}): {len(clean)} clean, {n} mojibake | recall {caught}/{n} = "
        f"{caught / n:.2%} | clean flagged {len(false_pos)} | exact repair {repaired}/{n} = "
        f"{repaired / n:.2%}"
    )
    return {"recall": caught / n, "false": len(false_pos), "repair": repaired / n}


def _throughput(texts: list[str], func, rounds: int) -> float:
    size = sum(len(t.encode("utf-8")) for t in texts) * rounds
    start = time.perf_counter()
    for _ in range(rounds):
        for t in texts:
            func(t)
    return size / (time.perf_counter() - start) / 1e6


def english_news() -> list[str]:
    """English news-style lines: ASCII with curly quotes, dashes and ellipses."""
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(7)
    lines = []
    for i in range(2000):
        line = fake.paragraph(nb_sentences=4)
        if i % 2:
            line = line.replace(". ", "’s view. “", 1) + "” – he said… It’s fine — really."
        lines.append(line)
    for path in sorted((ROOT / "examples" / "site" / "_posts").glob("*.md")):
        lines += path.read_text("utf-8", errors="replace").splitlines()
    return lines


def throughput() -> None:
    from ftfy.badness import is_bad
    from mojibake_corpus import clean_strings

    english = english_news()
    multi = clean_strings("held-out")
    lines = [" ".join(multi[i : i + 15]) for i in range(0, len(multi), 15)]
    for name, texts, rounds in (
        ("English news lines", english, 3),
        ("multilingual strings", multi, 5),
        ("multilingual lines", lines, 5),
    ):
        ours = _throughput(texts, find_mojibake, rounds)
        theirs = _throughput(texts, is_bad, rounds)
        print(
            f"throughput {name}: find_mojibake {ours:.1f} MB/s, ftfy is_bad {theirs:.1f} MB/s, "
            f"{ours / theirs:.1f}x"
        )


def main() -> int:
    from mojibake_corpus import ensure_stable_hashing

    ensure_stable_hashing()
    warnings.filterwarnings("ignore")
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--split", default=None, help="dev or held-out (default: both)")
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    ftfy_figures(args.show)
    for split in [args.split] if args.split else ["dev", "held-out"]:
        corpus_figures(split, args.show)
    if not args.quick:
        throughput()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
