"""Generate a realistic Jekyll site for benchmarks: multilingual bodies, varied front matter.

    python bench/sitegen.py DIR --posts 20000

Text comes from Faker's locales (a pool of sentences per locale, drawn with a fixed seed),
so bodies mix English news prose with German, French, Polish, Russian, Greek, Japanese,
Chinese, Korean, Arabic and Hindi, plus curly quotes, dashes and the odd emoji.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

LOCALES = [
    ("en_US", 10),
    ("de_DE", 1),
    ("fr_FR", 1),
    ("pl_PL", 1),
    ("ru_RU", 1),
    ("el_GR", 1),
    ("ja_JP", 1),
    ("zh_CN", 1),
    ("ko_KR", 1),
    ("ar_AA", 1),
    ("hi_IN", 1),
]
CATEGORIES = ["News", "World", "Business", "Culture", "Sport", "Science"]
TAGS = ["politics", "markets", "climate", "football", "elections", "tech", "health", "arts"]
AUTHORS = ["badely", "jreporter", "mkim", "lsato", "pnowak"]


def sentence_pool(per_locale: int = 300, seed: int = 7) -> dict[str, list[str]]:
    from faker import Faker

    pools: dict[str, list[str]] = {}
    for locale, _ in LOCALES:
        fake = Faker(locale)
        fake.seed_instance(seed)
        pools[locale] = [fake.sentence(nb_words=14) for _ in range(per_locale)]
    return pools


def _body(rng: random.Random, pools: dict[str, list[str]]) -> str:
    locales = [loc for loc, w in LOCALES for _ in range(w)]
    main = rng.choice(locales)
    paragraphs = []
    for _ in range(rng.randint(4, 12)):
        words = [rng.choice(pools[main]) for _ in range(rng.randint(2, 6))]
        text = " ".join(words)
        if rng.random() < 0.3:
            quoted = rng.choice(pools[rng.choice(locales)])
            text = f"{text} “{quoted}” — {rng.choice(pools[main])}"
        if rng.random() < 0.05:
            text += " 👍"
        paragraphs.append(text)
    return "\n\n".join(paragraphs) + "\n"


def _front_matter(rng: random.Random, pools: dict[str, list[str]], day: int) -> str:
    title = rng.choice(pools["en_US"]).rstrip(".").replace('"', "'")
    lines = ["---", "layout: post", f'title: "{title}"']
    hour = rng.randint(0, 23)
    lines.append(f"date: 2025-{1 + day % 12:02d}-{1 + day % 28:02d} {hour:02d}:15:00 +0000")
    shape = rng.random()
    if shape < 0.6:
        lines.append(f"author: {rng.choice(AUTHORS)}")
    elif shape < 0.8:
        lines.append(f"author: [{', '.join(rng.sample(AUTHORS, 2))}]")
    else:
        lines += ["author:", f"  name: {rng.choice(AUTHORS)}", "  url: https://example.org/"]
    if rng.random() < 0.7:
        lines.append(f"categories: [{', '.join(rng.sample(CATEGORIES, rng.randint(1, 2)))}]")
    else:
        lines.append(f"categories: {rng.choice(CATEGORIES)}")
    lines.append(f"tags: [{', '.join(rng.sample(TAGS, rng.randint(0, 3)))}]")
    lines.append(f'excerpt: "{rng.choice(pools["en_US"])}"')
    if rng.random() < 0.5:
        lines += ["image:", "  path: /assets/images/photo.png", '  alt: "A photo"']
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def generate(root: Path, posts: int, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    pools = sentence_pool()
    (root / "_posts").mkdir(parents=True, exist_ok=True)
    (root / "assets" / "images").mkdir(parents=True, exist_ok=True)
    (root / "assets" / "images" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "_config.yml").write_text("timezone: Europe/London\n", encoding="utf-8")
    paths = []
    for i in range(posts):
        day = i % 336
        month, dom = 1 + day % 12, 1 + day % 28
        path = root / "_posts" / f"2025-{month:02d}-{dom:02d}-story-{i:05d}.md"
        path.write_text(_front_matter(rng, pools, day) + _body(rng, pools), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--posts", type=int, default=20_000)
    args = parser.parse_args()
    generate(args.dir, args.posts)


if __name__ == "__main__":
    main()
