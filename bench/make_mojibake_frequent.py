"""Print ``FREQUENT`` for bot/mojibake/scripts.py: non-ASCII characters of CLDR text, commonest
first.

Used only to break ties between codecs that read a run equally well (windows-1250 and iso-8859-2
share most letters at different byte values): the reading with the commoner characters wins.

    python bench/make_mojibake_frequent.py
"""

from __future__ import annotations

import contextlib
import warnings
from collections import Counter


def count() -> Counter[str]:
    from babel import Locale
    from babel.localedata import locale_identifiers

    counts: Counter[str] = Counter()

    def walk(value: object) -> None:
        if isinstance(value, str):
            counts.update(c for c in value if not c.isascii())
        elif hasattr(value, "items"):
            for key in list(value.keys()):  # type: ignore[attr-defined]
                with contextlib.suppress(Exception):  # broken aliases in CLDR data
                    walk(value[key])  # type: ignore[index]
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    for ident in locale_identifiers():
        if "_" in ident:
            continue  # one count per language, not per territory variant
        try:
            data = Locale.parse(ident)._data
        except Exception:
            continue
        for key in ("languages", "territories", "months", "days", "currency_names", "scripts"):
            walk(data.get(key))
    return counts


if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    chars = [c for c, n in count().most_common(1200) if n >= 20 and c.isprintable()]
    text = "".join(chars)
    print("FREQUENT = (")
    for i in range(0, len(text), 40):
        print(f"    {text[i : i + 40]!r}")
    print(")")
