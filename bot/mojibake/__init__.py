"""Find and repair mojibake: UTF-8 text that was decoded with a legacy single-byte codec.

Every character a single-byte codec produces stands for one byte, so a run of mojibake can be
turned back into the bytes it came from, and those bytes decoded as UTF-8. The engine does that
for each legacy codec that commonly gets mixed up with UTF-8 (windows-1252 and its browser
variant, latin-1, mac_roman, cp437, windows-1250, windows-1251, iso-8859-2), keeps only the
sequences that are valid UTF-8, and then judges whether the result is real text: the decoded
characters must be letters of a script that fits their neighbours (or common punctuation and
symbols), and the original run must look unlike ordinary text (a letter followed by symbols in
the middle of a word, C1 control characters, case flipping inside a word, several sequences in a
row...). Two or three layers of mojibake are undone one after the other.

Text without a single character that can start such a sequence is rejected by one precompiled
regular expression, so clean text costs next to nothing.

The modules, in the order a line goes through them:

- `codecs`: the legacy codecs, their byte tables, the quick prefilter (`COULD_START`), and
  the names of the mix-ups (`describe_codec`);
- `tables`: each codec's character -> byte table and the pattern of a UTF-8 sequence in it;
- `quick_scan`: where mojibake could stand (`candidate_offsets`, `suspicious`);
- `sequences`: the sequences one codec finds in a line, decoded;
- `lost_bytes`: what a sequence that lost a byte most likely was;
- `scripts`: script, case and commonness of characters;
- `oddness`: how unlike ordinary text a word looks;
- `evidence`: further signs that a sequence is mojibake, or is not;
- `judge`: whether a codec's repairs read as real text, and which codec explains a line best;
- `layers`: the layers undone one after the other, mapped back onto spans of the original;
- `c1_controls`: C1 controls left over (Windows-1252 or Mac OS Roman read as Latin-1);
- `find`: `find_mojibake` and `fix_text`, the entry points;
- `span`: `MojibakeSpan` and `apply_spans`.

Importing this package costs nothing: the names below load their module on first use, so
that the `encoding/mojibake` rule can import the prefilter (`bot.mojibake.codecs`) for every
post and build the engine's tables and patterns only for text that needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.mojibake.codecs import describe_codec
    from bot.mojibake.find import find_mojibake, fix_text
    from bot.mojibake.quick_scan import candidate_offsets
    from bot.mojibake.span import MojibakeSpan, apply_spans

__all__ = [
    "MojibakeSpan",
    "apply_spans",
    "candidate_offsets",
    "describe_codec",
    "find_mojibake",
    "fix_text",
]

_HOMES = {
    "MojibakeSpan": "span",
    "apply_spans": "span",
    "candidate_offsets": "quick_scan",
    "describe_codec": "codecs",
    "find_mojibake": "find",
    "fix_text": "find",
}


def __getattr__(name: str) -> object:
    """Load a public name from its module on first use (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
