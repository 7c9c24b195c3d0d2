"""The legacy codecs that get mixed up with UTF-8, their byte tables, and the quick prefilter.

Light on purpose: the `encoding/mojibake` rule imports `COULD_START` from here for every
post, and only text it matches loads the rest of the engine.
"""

from __future__ import annotations

import re

# (name, Python codec, sloppy): a sloppy codec decodes its undefined bytes to the C1 control of
# the same number, as browsers do; C1 controls in a text are therefore also taken as those bytes
# (which covers latin-1 as well).
CODECS: tuple[tuple[str, str, bool], ...] = (
    ("windows-1252", "cp1252", True),
    ("windows-1251", "cp1251", True),
    ("windows-1250", "cp1250", True),
    ("iso-8859-2", "iso8859_2", True),
    ("mac_roman", "mac_roman", False),
    ("cp437", "cp437", False),
)
# Windows-1252 (and latin-1) is by far the commonest mix-up: a little more credit for it.
PRIOR = {"windows-1252": 1.0}

REPLACEMENT = "\ufffd"


def byte_table(codec: str, sloppy: bool) -> dict[str, int]:
    """Character -> byte for the upper half of ``codec``."""
    # One decode of the whole upper half (a single-byte codec: one character per byte);
    # undefined bytes come out as U+FFFD.
    decoded = bytes(range(0x80, 0x100)).decode(codec, errors="replace")
    out = {char: 0x80 + i for i, char in enumerate(decoded) if char != "\ufffd"}
    if sloppy:
        defined = set(out.values())
        for byte in range(0x80, 0xA0):
            if codec == "cp1252" or byte not in defined:
                out[chr(byte)] = byte
    return out


def _could_start() -> re.Pattern[str]:
    """Any character that can begin mojibake: what a UTF-8 lead byte (0xC2 and up, as the
    engine counts them) becomes in one of the codecs, or a C1 control (an undefined byte, as
    browsers decode it).

    Text without one (ASCII with curly quotes and dashes, most news) is passed over without
    loading the engine at all.
    """
    leads = {
        char
        for _, codec, _ in CODECS
        for char in bytes(range(0xC2, 0x100)).decode(codec, errors="replace")
        if char != "\ufffd"
    }
    return re.compile("[" + re.escape("".join(sorted(leads))) + "\x80-\x9f]")


COULD_START = _could_start()
"""The quick prefilter: text it does not match holds no mojibake."""


_CODEC_NAMES = {
    "windows-1252": "Windows-1252",
    "windows-1251": "Windows-1251",
    "windows-1250": "Windows-1250",
    "iso-8859-2": "ISO-8859-2",
    "mac_roman": "Mac OS Roman",
    "cp437": "code page 437",
}


def describe_codec(label: str) -> str:
    """The mix-up behind a span's ``codec`` label, in words.

    "windows-1252" -> "UTF-8 read as Windows-1252"; "windows-1252+windows-1251" (two layers,
    in the order they happened) -> "UTF-8 read as Windows-1252, then as Windows-1251";
    "windows-1252 as latin-1" -> "Windows-1252 read as Latin-1".
    """
    if label.endswith(" as latin-1"):
        source = _CODEC_NAMES.get(label.split(" ", 1)[0], label.split(" ", 1)[0])
        return f"{source} read as Latin-1"
    names = [_CODEC_NAMES.get(part, part) for part in label.split("+") if part]
    if not names:
        return "UTF-8 read as a legacy codec"
    if len(set(names)) == 1 and len(names) > 1:
        times = {2: "twice", 3: "three times"}.get(len(names), f"{len(names)} times")
        return f"UTF-8 read as {names[0]}, {times}"
    return "UTF-8 read as " + ", then as ".join(names)
