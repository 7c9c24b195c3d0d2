"""The body's image links are found as the former pattern found them, in linear time."""

from __future__ import annotations

import random
import re

from bot.rules.assets import body_images

FORMER = re.compile(r"!\[[^\]\n]*\]\(\s*<?(/[^)\s>]+)>?(?:\s+[\"'][^\n]*)?\)")
"""The pattern `body_images` replaces (cubic on `![a](/![a](/...`): the reference."""

PIECES = ["!", "[", "]", "(", ")", "/", " ", "<", ">", '"', "'", "a", "![", "](", "](/", "\t"]


def test_same_links_as_the_former_pattern_on_generated_lines() -> None:
    rng = random.Random(11)
    for _ in range(50_000):
        line = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))
        expected = [(m.start(1), m.end(1)) for m in FORMER.finditer(line)]
        assert list(body_images(line)) == expected, line


def test_links_as_written() -> None:
    line = "See ![a](/x.png) and ![b]( </y z.png> \"t\") then ![c](/w.png 'title') (x)"
    assert [line[a:b] for a, b in body_images(line)] == ["/x.png", "/w.png"]
    two = "![a](/p.png)![b](/q.png)"
    assert [two[a:b] for a, b in body_images(two)] == ["/p.png", "/q.png"]
    assert list(body_images("![a](http://x/y.png) ![b](/)")) == []
