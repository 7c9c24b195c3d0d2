"""`bot.ruby.inspect` against Ruby's own `inspect` (the Ruby that runs Jekyll): a category
or tag that is a list becomes its `inspect` text in Jekyll's URL, so every escape counts.
Generated lists of text drawn from the characters `inspect` treats apart: named escapes,
other controls, U+0085, line and paragraph separators, format, private-use and unassigned
characters, `#` before `{`, `$` and `@`, quotes and backslashes."""

from __future__ import annotations

import json
import random
import shutil
import subprocess

import pytest

from bot.ruby import inspect

pytestmark = pytest.mark.usefixtures("jekyll_oracle")

POOL = [
    *"\a\b\t\n\v\f\r\x1b\x00\x01\x7f\x80\x85\x9f\u00a0\u00ad\u200b\u2028\u2029\ufeff",
    *"\ue000\U0010ffff\u0378\U0001f600\u0300é日#{$@}\"\\' a1",
]
PROBE = 'STDIN.read.split("\\x00").each { |s| puts JSON.parse(s).inspect }'


def test_inspect_as_ruby_writes_it() -> None:
    rng = random.Random(7)
    values = [
        ["".join(rng.choice(POOL) for _ in range(rng.randint(1, 8))) for _ in range(2)]
        for _ in range(400)
    ]
    ruby = shutil.which("ruby")
    assert ruby is not None
    done = subprocess.run(
        [ruby, "-rjson", "-e", PROBE],
        input="\x00".join(json.dumps(v) for v in values),
        capture_output=True,
        encoding="utf-8",
        check=True,
        timeout=60,
        env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"},
    )
    theirs = done.stdout.split("\n")[: len(values)]
    differ = [(v, inspect(v), r) for v, r in zip(values, theirs, strict=True) if inspect(v) != r]
    assert differ == [], differ[:5]
