"""Speed of `pressbot check` on a generated Hugo site, against Hugo itself and a plain loop.

    python bench/hugo_check_bench.py [--pages 20000] [--runs 3] [--seed 1] [--cache DIR]
                                     [--no-cache] [--hugo-runs 3]

The site (made once per size and seed, kept under ``--cache`` unless ``--no-cache``) has
three languages (English and French sharing `content/`, the French by file name; German in
its own `contentDir`), sections and nested sections with `_index.md` branches, leaf bundles
with resources, and front matter in YAML, TOML and JSON in the shapes authors write (dates
in several layouts, drafts, slugs, tags, nested params); one page in sixteen has mojibake in
its body and one YAML page in forty a key given twice, so the slow paths are measured too.

Three commands over the same files, in turn, each as a user runs it (a process of its own);
medians of ``--runs``:

1. `pressbot check --format json` (output to /dev/null), every rule; and the same for one
   page, as a pre-commit hook runs it (its duplicate URLs are looked for in the whole site);
2. a single-process loop of python-frontmatter's `frontmatter.load` over every content file
   (YAML and JSON by its own handlers, TOML by a handler over `tomllib`, since its own needs
   the `toml` package);
3. `hugo list all` (reads and renders nothing but the page list);
4. the least any check does (`FLOOR`): read each file and parse its front matter with
   libyaml, `tomllib` and `json`, on every core, checking nothing.

Targets: pressbot / loop <= 1.0 and pressbot / hugo <= 0.25.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sitegen import sentence_pool

ROOT = Path(__file__).resolve().parent.parent
FORMAT = 1
"""Bumped when the generated site changes, so that a cached one is not reused."""

LOOP = r"""
import re, sys, tomllib
from pathlib import Path
import frontmatter
from frontmatter.default_handlers import BaseHandler

class TomlLib(BaseHandler):
    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"
    def load(self, fm, **kwargs):
        return tomllib.loads(fm)

frontmatter.handlers.append(TomlLib())
for path in Path(sys.argv[1]).read_text().splitlines():
    frontmatter.load(path)
"""

FLOOR = r"""
import json, os, sys, tomllib
from multiprocessing import Pool
import yaml

def parse(path):
    text = open(path, "rb").read().decode("utf-8")
    if text.startswith("---"):
        yaml.load(text[3 : text.find("\n---", 3)], Loader=yaml.CSafeLoader)
    elif text.startswith("+++"):
        tomllib.loads(text[3 : text.find("\n+++", 3)])
    elif text.startswith("{"):
        json.JSONDecoder().raw_decode(text)

def share(paths):
    for path in paths:
        parse(path)

paths = open(sys.argv[1]).read().splitlines()
cores = os.cpu_count() or 1
with Pool(cores) as pool:
    pool.map(share, [paths[i::cores] for i in range(cores)])
"""
"""The least any reader of the front matter does: read each file and parse its front matter
with the fastest parsers at hand (libyaml, `tomllib`, `json`), on every core. No check can
take less; the figure says what the targets leave for everything else."""

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPATH"] = str(ROOT)

CONFIG = """\
baseURL = "https://news.example.org/"
title = "Harbourside Gazette"
timeZone = "Europe/Berlin"
defaultContentLanguage = "en"

[permalinks]
posts = "/:year/:month/:slug/"
news = "/:sections/:filename/"

[taxonomies]
tag = "tags"
category = "categories"

[languages.en]
weight = 1
languageName = "English"

[languages.fr]
weight = 2
languageName = "Français"
timeZone = "Europe/Paris"

[languages.de]
weight = 3
languageName = "Deutsch"
contentDir = "content_de"
"""

SECTIONS = ["posts", "news/world", "news/business", "blog/2025", "docs/guides"]
TAGS = ["politics", "markets", "climate", "football", "elections", "tech", "health", "arts"]
MOJIBAKE = "Here\u00e2\u20ac\u2122s what happened \u00e2\u20ac\u201d again.\n\n"


def _date(rng: random.Random, index: int) -> str:
    day, hour = index % 365, rng.randrange(24)
    month, dom = 1 + day % 12, 1 + day % 28
    return rng.choice(
        [
            f"2024-{month:02d}-{dom:02d}",
            f"2024-{month:02d}-{dom:02d}T{hour:02d}:30:00",
            f"2024-{month:02d}-{dom:02d}T{hour:02d}:30:00+02:00",
            f"2024-{month:02d}-{dom:02d} {hour:02d}:30:00",
        ]
    )


def _fields(rng: random.Random, pools: dict[str, list[str]], index: int) -> dict[str, object]:
    title = rng.choice(pools["en_US"]).rstrip(".")
    fields: dict[str, object] = {"title": title, "date": _date(rng, index)}
    if rng.random() < 0.1:
        fields["draft"] = rng.random() < 0.5
    if rng.random() < 0.3:
        fields["slug"] = f"story-{index}"
    fields["tags"] = rng.sample(TAGS, rng.randint(0, 3))
    if rng.random() < 0.5:
        fields["categories"] = [rng.choice(["News", "World", "Business", "Culture"])]
    fields["description"] = rng.choice(pools["en_US"])
    if rng.random() < 0.3:
        fields["params"] = {"author": rng.choice(["mkim", "lsato"]), "featured": index % 7 == 0}
    if rng.random() < 0.05:
        fields["expiryDate"] = "2030-01-01"
    return fields


def _yaml(fields: dict[str, object], duplicate: bool) -> str:
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(f"  {k}: {json.dumps(v)}" for k, v in value.items())
        elif isinstance(value, list):
            lines.append(f"{key}: [{', '.join(map(str, value))}]")
        elif isinstance(value, bool):
            lines.append(f"{key}: {str(value).lower()}")
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    if duplicate:
        lines.append('Title: "given twice"')
    return "\n".join([*lines, "---", ""])


def _toml(fields: dict[str, object]) -> str:
    lines, tables = ["+++"], []
    for key, value in fields.items():
        if isinstance(value, dict):
            tables.append(f"[{key}]")
            tables.extend(f"{k} = {json.dumps(v)}" for k, v in value.items())
        else:
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join([*lines, *tables, "+++", ""])


def _json(fields: dict[str, object]) -> str:
    return json.dumps(fields, indent=2, ensure_ascii=False) + "\n"


def _page(rng: random.Random, pools: dict[str, list[str]], index: int) -> str:
    fields = _fields(rng, pools, index)
    form = rng.choices(["yaml", "toml", "json"], [5, 3, 2])[0]
    if form == "yaml":
        head = _yaml(fields, index % 40 == 3)
    elif form == "toml":
        head = _toml(fields)
    else:
        head = _json(fields)
    locale = rng.choice(list(pools))
    body = "\n\n".join(
        " ".join(rng.choice(pools[locale]) for _ in range(rng.randint(2, 6)))
        for _ in range(rng.randint(3, 10))
    )
    if index % 16 == 5:
        body = MOJIBAKE + body
    return head + "\n" + body + "\n"


def generate(root: Path, pages: int, seed: int) -> list[Path]:
    """Write the site under ``root``; its content files (pages, bundles and branches)."""
    rng = random.Random(seed)
    pools = sentence_pool()
    root.mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    files: list[Path] = []

    def write(path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if path.suffix == ".md":
            files.append(path)

    for content in ("content", "content_de"):
        write(root / content / "_index.md", '---\ntitle: "Home"\n---\n')
        for section in SECTIONS:
            parts = section.split("/")
            for depth in range(1, len(parts) + 1):
                branch = root / content / "/".join(parts[:depth]) / "_index.md"
                if not branch.exists():
                    write(branch, f'+++\ntitle = "{parts[depth - 1]}"\n+++\n')
    for index in range(pages):
        section = SECTIONS[index % len(SECTIONS)]
        language = rng.choices(["en", "fr", "de"], [6, 2, 2])[0]
        folder = root / ("content_de" if language == "de" else "content") / section
        suffix = ".fr" if language == "fr" else ""
        text = _page(rng, pools, index)
        if index % 10 == 7:  # a leaf bundle, with an image and a page resource
            bundle = folder / f"bundle-{index:05d}"
            write(bundle / f"index{suffix}.md", text)
            (bundle / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
            (bundle / "sidebar.md").write_text("---\ntitle: Aside\n---\nA resource.\n", "utf-8")
        else:
            write(folder / f"story-{index:05d}{suffix}.md", text)
    return files


def site(cache: Path | None, pages: int, seed: int) -> tuple[Path, list[Path], bool]:
    """The generated site's root and content files, and whether it was made now (not
    taken from the cache)."""
    if cache is None:
        root = Path(tempfile.mkdtemp(prefix="pressbot-hugo-bench-"))
        return root, generate(root, pages, seed), True
    root = cache / f"v{FORMAT}-{pages}-{seed}"
    listing = root / "files.txt"
    made = not listing.exists()
    if made:
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        files = generate(root / "site", pages, seed)
        listing.write_text("".join(f"{p}\n" for p in files), encoding="utf-8")
    return root / "site", [Path(line) for line in listing.read_text().splitlines()], made


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU (user + system, children included) seconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def findings(root: Path) -> tuple[int, int, int]:
    """Files checked, findings and the rules that found something (and the run's exit)."""
    cmd = [sys.executable, "-m", "bot", "check", "--format", "json", str(root)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=ENV, cwd=root)
    if done.returncode not in (0, 1):  # 1: findings
        raise SystemExit(f"pressbot check failed ({done.returncode}):\n{done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    found = report["findings"]
    return report.get("files_checked", -1), len(found), len({f["rule"] for f in found})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each (medians)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "pressbot-hugo-bench"
    )
    parser.add_argument("--no-cache", action="store_true", help="generate in a temporary dir")
    parser.add_argument("--jobs", type=int, help="pressbot's --jobs (default: every core)")
    args = parser.parse_args()
    if shutil.which("hugo") is None:
        print("hugo is not installed", file=sys.stderr)
        return 2
    started = time.perf_counter()
    root, files, made = site(None if args.no_cache else args.cache, args.pages, args.seed)
    elapsed = time.perf_counter() - started
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
            listing.write("".join(f"{p}\n" for p in files))
        size = sum(p.stat().st_size for p in files) / 1e6
        checked, count, rules = findings(root)
        ours = [sys.executable, "-m", "bot", "check", "--format", "json", str(root)]
        if args.jobs:
            ours += ["--jobs", str(args.jobs)]
        page = next(p for p in files if not p.name.startswith("_index"))
        one = [sys.executable, "-m", "bot", "check", "--format", "json", str(page)]
        commands = {
            "pressbot check": ours,
            "pressbot check one page": one,
            "frontmatter.load loop": [sys.executable, "-c", LOOP, listing.name],
            "hugo list all": ["hugo", "list", "all", "--source", str(root)],
            "parsing alone, all cores": [sys.executable, "-c", FLOOR, listing.name],
        }
        for cmd in commands.values():  # warm-up: bytecode written, files in the page cache
            timed(cmd, root)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(timed(cmd, root))
    finally:
        os.unlink(listing.name)
        if args.no_cache:
            shutil.rmtree(root, ignore_errors=True)
    wall = {n: statistics.median(w for w, _ in t) for n, t in times.items()}
    cpu = {n: statistics.median(c for _, c in t) for n, t in times.items()}
    print(
        f"site: {len(files)} content files ({size:.0f} MB; {args.pages} pages, seed {args.seed}),"
        f" {checked} checked by pressbot, {count} findings of {rules} rules"
        f" ({'made' if made else 'cached'} in {elapsed:.1f} s: {root})"
    )
    print(f"medians of {args.runs} runs on {os.cpu_count()} cores (wall, CPU):")
    for name in commands:
        print(f"  {name:24s} {wall[name]:6.2f} s  {cpu[name]:6.2f} s")
    ours_wall, ours_cpu = wall["pressbot check"], cpu["pressbot check"]
    for name, target in (("frontmatter.load loop", 1.0), ("hugo list all", 0.25)):
        print(
            f"pressbot / {name}: {ours_wall / wall[name]:.2f} wall (target <= {target}),"
            f" {ours_cpu / cpu[name]:.2f} CPU"
        )
    floor = wall["parsing alone, all cores"]
    print(
        f"parsing alone (every core, fastest parsers, no rule): {floor / wall['hugo list all']:.2f}"
        f" of hugo list all, {floor / wall['frontmatter.load loop']:.2f} of the loop"
    )
    print(
        f"one page of the site (as a pre-commit hook checks it, duplicate URLs included):"
        f" {wall['pressbot check one page']:.2f} s,"
        f" {wall['pressbot check one page'] / ours_wall:.2f} of the whole site's check"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
