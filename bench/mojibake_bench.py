"""Figures of the mojibake engine: ftfy's labelled cases, the generated corpus, throughput.

    python bench/mojibake_bench.py            # everything
    python bench/mojibake_bench.py --quick    # no throughput
    python bench/mojibake_bench.py --split held-out --show 20
    python bench/mojibake_bench.py --hostile  # seconds per MB of long hostile lines
    python bench/mojibake_bench.py --speed    # throughput only

For each set: recall (texts flagged), clean texts flagged, the likeliest reading (every span's
replacement, guesses included) equal to the expected repair, repairs offered as certain (a
fix) and withheld as guesses (a span in doubt), and certain repairs that are wrong (a character
a fix would write that the expected text does not have there). Run from the repository root.
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

from bot.mojibake import find_mojibake  # noqa: E402

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


def _apply(text: str, spans: list, guesses: bool) -> str:
    """``text`` with the spans' replacements (only the certain ones unless ``guesses``)."""
    out, pos = [], 0
    for span in spans:
        if getattr(span, "doubt", "") and not guesses:
            continue
        out += [text[pos : span.start], span.replacement]
        pos = span.end
    return "".join([*out, text[pos:]])


def _wrong_fix(text: str, spans: list, expected: str) -> bool:
    """Would a certain repair write a character the expected text does not have there?

    Characters a repair leaves as they were (an incomplete repair) are not counted.
    """
    import difflib

    fixed = _apply(text, spans, guesses=False)
    if fixed in (expected, text):
        return False

    def touched(a: str, b: str) -> set[int]:
        """Indices of ``b`` that differ from ``a`` (a point for a deletion)."""
        out: set[int] = set()
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for tag, _, _, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                out.update(range(j1, max(j2, j1 + 1)))
        return out

    return bool(touched(text, fixed) & touched(expected, fixed))


class Tally:
    """The figures of one set of labelled texts."""

    def __init__(self) -> None:
        self.mojibake = self.clean = self.caught = self.false_pos = 0
        self.repairable = self.exact = self.offered = self.withheld = self.wrong = 0
        self.notes: list[str] = []

    def add(self, label: str, text: str, expected: str | None) -> None:
        spans = find_mojibake(text)
        if expected is not None and expected == text:
            self.clean += 1
            self.false_pos += bool(spans)
            if spans:
                self.notes.append(f"FALSE {label}: {text[:60]!r}")
            return
        self.mojibake += 1
        self.caught += bool(spans)
        if not spans:
            self.notes.append(f"MISS {label}: {text[:70]!r} ({(expected or '')[:30]!r})")
            return
        self.offered += any(not getattr(s, "doubt", "") for s in spans)
        self.withheld += any(getattr(s, "doubt", "") for s in spans)
        if expected is None:
            return
        self.repairable += 1
        reading = _apply(text, spans, guesses=True)
        self.exact += reading == expected
        if _wrong_fix(text, spans, expected):
            self.wrong += 1
            self.notes.append(f"WRONG FIX {label}: {_apply(text, spans, False)[:60]!r}")
        elif reading != expected:
            self.notes.append(f"GUESS {label}: {reading[:60]!r} != {expected[:60]!r}")

    def line(self, name: str) -> str:
        return (
            f"{name}: {self.mojibake} mojibake, {self.clean} clean | recall {self.caught}/"
            f"{self.mojibake} = {self.caught / self.mojibake:.2%} | clean flagged "
            f"{self.false_pos} | likeliest reading exact {self.exact}/{self.repairable} = "
            f"{self.exact / max(self.repairable, 1):.2%} | fix offered {self.offered}, "
            f"withheld as a guess {self.withheld} | wrong fixes {self.wrong}"
        )


def ftfy_figures(show: int = 0) -> Tally:
    tally = Tally()
    for label, text, expected in ftfy_cases():
        tally.add(label, text, expected)
    for line in tally.notes[:show]:
        print("  ", line)
    print(tally.line("ftfy cases"))
    return tally


def corpus_figures(split: str, show: int = 0) -> Tally:
    from mojibake_corpus import clean_strings, mojibake_samples

    clean = clean_strings(split)
    tally = Tally()
    for text in clean:
        tally.add("clean", text, text)
    for sample in mojibake_samples(clean):
        tally.add(sample.kind, sample.text, sample.expected)
    for line in tally.notes[:show]:
        print("  ", line)
    if show:
        kinds = Counter(" ".join(n.split(":")[0].split()[:2]).split("+")[0] for n in tally.notes)
        print("  ", dict(kinds.most_common()))
    print(tally.line(f"corpus ({split})"))
    return tally


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


HOSTILE = {
    "only Ã": "Ã",
    "alternating Ã©Ã©": "Ã©",
    "CJK mojibake": "中文字符編碼".encode().decode("cp1252", "replace"),
    "one long word of Latin-1 mojibake": "cafÃ©rÃ©sumÃ©naÃ¯veSÃ£oPaulo",
    "mojibake with no ASCII": "Ð¿Ñ€Ð¸Ð²ÐµÑ‚Ã©Ã¨Ã¼Ã¶Ã¤Ã§",
    "lost bytes": "â€Ä\ufffdÃ ",
    "C1 controls": "\x85\x93a\x9ab",
    "emoji": "😀👍🏽👨\u200d👩",
}


def hostile(size: int = 450_000) -> None:
    """Seconds per MB of one long line of each hostile shape (1 MB for emoji)."""
    for name, unit in HOSTILE.items():
        chars = 1_000_000 if name == "emoji" else size
        line = (unit * (chars // len(unit) + 1))[:chars]
        megabytes = len(line.encode("utf-8")) / 1e6
        start = time.perf_counter()
        spans = find_mojibake(line)
        took = time.perf_counter() - start
        print(
            f"hostile {name}: {len(line)} chars, {megabytes:.2f} MB, {took:.2f} s, "
            f"{took / megabytes:.2f} s/MB, {len(spans)} spans"
        )


def main() -> int:
    from mojibake_corpus import ensure_stable_hashing

    ensure_stable_hashing()
    warnings.filterwarnings("ignore")
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--split", default=None, help="dev or held-out (default: both)")
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--hostile", type=int, nargs="?", const=450_000, metavar="CHARS")
    parser.add_argument("--speed", action="store_true", help="throughput only")
    args = parser.parse_args()
    if args.hostile:
        hostile(args.hostile)
        return 0
    if args.speed:
        throughput()
        return 0
    ftfy_figures(args.show)
    for split in [args.split] if args.split else ["dev", "held-out"]:
        corpus_figures(split, args.show)
    if not args.quick:
        throughput()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
