"""The engine's answer: a garbled run of a text with its repair, and applying the repairs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MojibakeSpan:
    """``text[start:end]`` is mojibake; ``replacement`` is the repaired text (offsets in chars)."""

    start: int
    end: int
    replacement: str
    codec: str = ""
    """The mix-up undone, e.g. "windows-1252", "windows-1252+windows-1251" (two layers, in the
    order they happened) or "windows-1252 as latin-1"; `describe_codec` puts it in words."""
    doubt: str = ""
    """Why ``replacement`` is only the likeliest reading, e.g. '"â€" followed by a space:
    probably a closing quote ” whose last byte was lost'; empty when the repair is certain.

    A byte lost on the way (one the legacy codec leaves undefined, or a no-break space that
    became a plain space) or two codecs that read the run differently leave more than one
    reading: such a span is reported, but never repaired by machine."""

    @property
    def safe(self) -> bool:
        """Can the repair be made without a human looking at the original?"""
        return not self.doubt


def apply_spans(text: str, spans: list[MojibakeSpan], guesses: bool = False) -> str:
    """``text`` with each span (in order, not overlapping) replaced by its repair.

    Spans in doubt are left as they are unless ``guesses``: their repair is only the likeliest
    reading, for a human to confirm against the original.
    """
    out: list[str] = []
    pos = 0
    for span in spans:
        if span.doubt and not guesses:
            continue
        out.append(text[pos : span.start])
        out.append(span.replacement)
        pos = span.end
    out.append(text[pos:])
    return "".join(out)
