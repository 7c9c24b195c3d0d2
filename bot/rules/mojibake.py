"""`encoding/mojibake`: text that was decoded with the wrong codec ("Hereâ€™s" for "Here’s").

Every line of the file is read, front matter included, so that each finding points at the
exact characters (line, column, end column) and carries their repair as a one-click fix. A
repair that is only a guess (a byte lost on the way, a no-break space turned into a plain
space, two codecs that read the run differently) is reported with what the text most likely
was, and no fix: it needs a human with the original.

The engine (`bot.mojibake`) re-encodes suspicious runs with the legacy codecs that get mixed up
with UTF-8 (windows-1252, latin-1, mac_roman, cp437, windows-1250, windows-1251, iso-8859-2),
one or two layers deep, and keeps a repair only when the result reads as real text. Clean lines
cost one regular-expression scan.
"""

from __future__ import annotations

import bisect
import dataclasses
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from bot.mojibake.codecs import COULD_START, REPLACEMENT
from bot.problem import Finding, Fix
from bot.rules.base import Rule
from bot.spans import by_line

if TYPE_CHECKING:
    from bot.escaped_values import Value
    from bot.html_references import Decoded
    from bot.mojibake.span import MojibakeSpan
    from bot.post import Post
    from bot.site import Site

MOJIBAKE = Rule(
    "encoding/mojibake",
    "error",
    "text decoded with the wrong codec, in the body and every front-matter string; carries the "
    "repair as its fix when it is certain (a guess — a lost byte, two plausible readings — is "
    "reported without one)",
    doc=(
        "Every line of the post is read, front matter included, so each finding points at the "
        "exact characters and carries their repair; in the body's Markdown code, which may "
        "quote mojibake on purpose, it is `encoding/mojibake-in-code` instead. A repair that is "
        "only a guess (a byte lost "
        "on the way, a no-break space turned into a plain space, two codecs that read the run "
        "differently) is reported with what the text most likely was (a character lost with "
        "its byte leaves no guess: the finding says so), and no fix. A "
        "front-matter string that spells the garbled characters with escapes "
        '(`"Here\\u00e2\\u20ac\\u2122s"`) is read as decoded, and reported at its key without a '
        "fix: the escapes are what must change. Mojibake in the file's path (a file or folder "
        "name, which is the page's URL) is reported at the first line: rename the file. HTML "
        "character references that spell mojibake (`Here&acirc;&euro;&trade;s`, outside code) "
        "are reported where they are, with the characters as the fix. On a site whose "
        "`encoding` is not UTF-8 (`ISO-8859-1`), a file saved as UTF-8 is mojibake to be: "
        "Jekyll reads `café` as `cafÃ©`; it is reported once, at its first letter outside "
        "ASCII, without a fix. A file is examined up to 20,000 garbled runs, and the point "
        "where that stopped is one more finding: each `pressbot fix` repairs the runs it "
        "examined, so a file of nothing but mojibake is finished by a few runs of it."
    ),
    why=(
        "Jekyll publishes the bytes it is given: text that was saved as UTF-8, read as "
        "Windows-1252 and saved again shows `Hereâ€™s` on the live site, in feeds and in search "
        "results."
    ),
    fix=(
        "`pressbot fix PATH` makes the certain repairs (the pull request gets one-click "
        "suggestions); a guess needs a check against the original."
    ),
    example="`Hereâ€™s` → `Here’s`",
    flags="```markdown\n---\ntitle: Hereâ€™s the plan\n---\n```",
    passes="```markdown\n---\ntitle: Here’s the plan\n---\n```",
)
MOJIBAKE_IN_CODE = Rule(
    "encoding/mojibake-in-code",
    "warning",
    "text decoded with the wrong codec inside Markdown code (a code span, a fenced or indented "
    "block); `fix` leaves code as it is",
    doc=(
        "The engine of `encoding/mojibake`, in the body's code. Code may quote mojibake on "
        "purpose (an article that explains it: `` `â€™` becomes `’` ``), so it is a warning, "
        "with the repair in its message and no fix: `pressbot fix` never changes code. "
        "Mojibake in front matter (a title that quotes it in backticks too) is "
        "`encoding/mojibake`, as is text outside code; an HTML file has no Markdown code."
    ),
    why=(
        "A post copied from a site that garbled it has garbled code blocks too: a reader who "
        "copies `print(â€œhiâ€)` gets a program that does not run."
    ),
    fix=(
        "Repair the code by hand with the text the finding gives, or leave it when it quotes "
        "mojibake on purpose (`--ignore encoding/mojibake-in-code`, or the site's `rules:`)."
    ),
    example="`` `print(â€œhiâ€)` `` → `` `print(“hi”)` ``",
    flags="```markdown\n---\ntitle: Notice\n---\nRun `echo â€œhiâ€`.\n```",
    passes="```markdown\n---\ntitle: Notice\n---\nRun `echo “hi”`.\n```",
)
RULES = (MOJIBAKE, MOJIBAKE_IN_CODE)

SNIPPET = 40
"""Longest quoted snippet in a message, in characters."""


def show(text: str, limit: int = SNIPPET) -> str:
    """``text`` fit to quote in a one-line message: controls escaped, long text shortened."""
    out: list[str] = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") and char != "\u200d":
            out.append(f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
        else:
            out.append(char)
    shown = "".join(out)
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return shown


_DELIMITERS = set("\"'()[]{}<>,;|`*_")
_REACH = SNIPPET
"""How far a quoted word reaches either side of a span: a hostile line can be one long word."""


def _word(line: str, start: int, end: int) -> tuple[int, int]:
    """The word around ``line[start:end]``: up to whitespace, quotes, brackets or commas."""
    a = start
    low = max(start - _REACH, 0)
    while a > low and not line[a - 1].isspace() and line[a - 1] not in _DELIMITERS:
        a -= 1
    b = end
    high = min(end + _REACH, len(line))
    while b < high and not line[b].isspace() and line[b] not in _DELIMITERS:
        b += 1
    return a, b


def _message(
    before: str, after: str, codec: str, doubt: str, *, spelled: str = "", act: str = "replace with"
) -> str:
    """The finding's words: the run as written (``spelled``: the characters its HTML
    references stand for), the codec, and the repair (``act``) or, when only a guess, why."""
    shown = f' (HTML references of "{show(spelled)}")' if spelled else ""
    said = f'mojibake "{show(before)}"{shown}: text decoded with the wrong codec ({codec}); '
    if not doubt:
        return said + f'{act} "{show(after)}"'
    return said + f"{show(doubt, 4 * SNIPPET)}; {_guess(after)} (no automatic repair)"


def _guess(after: str) -> str:
    """What a repair in doubt most likely gives, when there is a guess: text a byte went
    missing from has none (the engine's reading keeps U+FFFD where the character was)."""
    if REPLACEMENT in after:
        return "there is no telling what it was: restore the text from the original"
    return f'most likely "{show(after)}", but check the original'


def _repaired(text: str, a: int, b: int, spans: Sequence[MojibakeSpan]) -> str:
    """``text[a:b]`` with the repairs (guesses too) of the spans inside it: what a guess
    shows is the text fully repaired, not one run of it beside mojibake left as it is.

    ``spans`` are in order (as `find_mojibake` gives them): the first inside is found by
    bisection, as a long line holds thousands of spans and each of them asks."""
    out: list[str] = []
    at = a
    for k in range(bisect.bisect_left(spans, a, key=_start), len(spans)):
        span = spans[k]
        if span.start >= b:
            break
        if at <= span.start and span.end <= b:
            out += [text[at : span.start], span.replacement]
            at = span.end
    out.append(text[at:b])
    return "".join(out)


def _start(span: MojibakeSpan) -> int:
    return span.start


def _unsafe(replacement: str) -> str:
    """Why the repair is not made automatically when it is a control, a format character or
    a line or paragraph separator (a `â€¨` repaired is U+2028, which YAML reads as a line
    break; `â€®` a bidirectional override): '' when it is none."""
    import unicodedata

    for ch in replacement:
        if ch != "\t" and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            name = unicodedata.name(ch, "a control character")
            return f"the repair would be U+{ord(ch):04X} {name}, which breaks or hides text"
    return ""


def check(post: Post, site: Site) -> Iterable[Finding]:
    found = _check(post, site)
    # `fix_text` reads text without a site
    encoding = None if site is None or site.is_hugo else site.read_encoding
    if encoding is None or encoding.utf8:
        return found
    # `fix` writes UTF-8, which a site reading another encoding would read as mojibake
    return (dataclasses.replace(f, fix=None) if f.fix else f for f in found)


def _check(post: Post, site: Site) -> Iterator[Finding]:
    yield from _in_path(post)
    if post.foreign_utf8 is not None:
        yield _foreign(post, site)
        return  # the text is the site's reading of UTF-8: its mojibake is this one finding
    by_reference = list(_behind_references(post))
    if not by_reference:
        yield from _in_lines(post)
    else:
        # A run that mixes characters and references ("rÃ©sum&Atilde;&copy;") is one
        # finding, the references' reading: the characters' own reading of a part of it
        # would be a second, overlapping repair.
        spans = by_line((f.line, f.column, f.end_column or 0) for f in by_reference)
        for found in _in_lines(post):
            taken = spans.get(found.line)
            end = found.end_column or found.column + 1
            if taken is None or not taken.overlaps(found.column, end):
                yield found
        yield from by_reference
    yield from _behind_escapes(post)


def _foreign(post: Post, site: Site) -> Finding:
    """A UTF-8 file on a site that reads another encoding: Jekyll will show mojibake. No
    fix: the file is to be saved in the site's encoding, or the setting changed."""
    found = post.foreign_utf8
    encoding = site.read_encoding
    assert found is not None and encoding is not None
    return post.finding(
        MOJIBAKE,
        found.line,
        found.column,
        f"this file is UTF-8, but the site reads posts as {encoding.name} (`encoding: "
        f'{encoding.setting}` in {site.jekyll_file}): Jekyll shows "{show(found.read)}" for '
        f'"{show(found.written)}"; save the file as {encoding.name}, or write `encoding: utf-8`',
    )


def _in_path(post: Post) -> Iterable[Finding]:
    """Mojibake in the file's path: the path is the page's URL (or its slug), so the site
    publishes it at `/cafÃ©/`. No fix: the file is renamed (`git mv`)."""
    if COULD_START.search(post.path) is None:
        return
    from bot.mojibake import describe_codec, find_mojibake

    path = post.path
    spans = find_mojibake(path)
    for span in spans:
        a = path.rfind("/", 0, span.start) + 1  # the folder's or file's name that holds it
        b = path.find("/", span.end)
        b = len(path) if b < 0 else b
        before, after = path[a:b], path[a : span.start] + span.replacement + path[span.end : b]
        if span.doubt:
            after = _repaired(path, a, b, spans)
        said = _message(before, after, describe_codec(span.codec), span.doubt, act="rename it")
        yield post.finding(MOJIBAKE, 1, 1, f"the file's path: {said}")


EXAMINED_RUNS = 20_000
"""Garbled runs examined in one file: a real post has at most a few hundred. Past this
many, the rest of the file is not examined but reported as one finding, so that a file of
nothing but mojibake (a post may hold 64 MiB) costs seconds and megabytes, not an hour and
gigabytes; `fix` repairs what was examined, and a second run goes on."""
PIECE = 20_000
"""Characters of one line examined at once: a longer line is read in pieces cut at spaces."""


class _Bound:
    """The garbled runs a file has left to be examined (`EXAMINED_RUNS`), shared by the
    line scan, the HTML references and the escapes, each with a bound of its own."""

    def __init__(self) -> None:
        self.left = EXAMINED_RUNS

    def take(self, spans: list[MojibakeSpan]) -> tuple[list[MojibakeSpan], bool]:
        """The runs of ``spans`` within the bound, and whether some were left out."""
        kept = spans[: self.left]
        self.left -= len(kept)
        return kept, len(kept) < len(spans)


def _in_lines(post: Post) -> Iterable[Finding]:
    if post.text is None or COULD_START.search(post.text) is None:
        return
    from bot.mojibake import candidate_offsets

    # Only the lines where the engine's quick scan finds a place to look are examined.
    text = post.text
    numbers: list[int] = []
    current, seen = 1, 0
    for offset in candidate_offsets(text):
        current += text.count("\n", seen, offset)
        seen = offset
        if not numbers or numbers[-1] != current:
            numbers.append(current)
    bound = _Bound()
    for number in numbers:
        line = post.lines[number - 1]
        for spans in _line_spans(line):
            kept, over = bound.take(spans)
            yield from _line_findings(post, number, line, kept, spans)
            if over:
                yield _not_examined(post, number, spans[len(kept)].start + 1)
                return


def _line_spans(line: str) -> Iterator[list[MojibakeSpan]]:
    """The garbled runs of ``line``, piece by piece (`PIECE`)."""
    from bot.mojibake import find_mojibake

    start = 0
    while start < len(line):
        stop = _piece_end(line, start)
        spans = find_mojibake(line[start:stop] if start or stop < len(line) else line)
        if start:
            spans = [_moved(s, start) for s in spans]
        yield spans
        start = stop


def _moved(span: MojibakeSpan, by: int) -> MojibakeSpan:
    return dataclasses.replace(span, start=span.start + by, end=span.end + by)


def _piece_end(line: str, start: int) -> int:
    """Where the piece of ``line`` that begins at ``start`` ends: the whole rest when it is
    short, else after the last whitespace before `PIECE` characters (else after the last
    ASCII character: no garbled run holds one; else at `PIECE`)."""
    limit = start + PIECE
    if limit >= len(line):
        return len(line)
    for i in range(limit, start + PIECE // 2, -1):
        if line[i - 1].isspace():
            return i
    for i in range(limit, start + PIECE // 2, -1):
        if line[i - 1].isascii():
            return i
    return limit


def _not_examined(post: Post, number: int, column: int) -> Finding:
    return post.finding(
        MOJIBAKE,
        number,
        column,
        f"more than {EXAMINED_RUNS:,} garbled runs: the file is not examined past this point"
        " (the whole file may have gone through the wrong codec); run `pressbot fix` on it to"
        " repair those found, then check it again, or re-save it from its original",
    )


def _line_findings(
    post: Post, number: int, line: str, spans: list[MojibakeSpan], around: list[MojibakeSpan]
) -> Iterator[Finding]:
    """The findings of ``spans``, of ``around``: the garbled runs of line ``number``."""
    from bot.mojibake import describe_codec

    for span in spans:
        a, b = _word(line, span.start, span.end)
        before = line[a:b]
        after = line[a : span.start] + span.replacement + line[span.end : b]
        doubt = span.doubt or _unsafe(span.replacement)
        if doubt:
            after = _repaired(line, a, b, around)
        codec = describe_codec(span.codec)
        fix: Fix | None = None
        if _in_code(post, number, span.start, span.end):
            rule = MOJIBAKE_IN_CODE  # nothing is repaired in code: the word, all repaired
            said = _in_code_message(before, _repaired(line, a, b, around), codec, doubt)
        else:
            rule, said = MOJIBAKE, _message(before, after, codec, doubt)
            if not doubt:
                fix = Fix(
                    number,
                    span.replacement,
                    column=span.start + 1,
                    end_line=number,
                    end_column=span.end + 1,
                )
        yield post.finding(
            rule,
            number,
            span.start + 1,
            said,
            end_line=number,
            end_column=span.end + 1,
            fix=fix,
        )


def _in_code(post: Post, number: int, start: int, end: int) -> bool:
    from bot import html_references

    return html_references.in_code(post, number, start, end)


def _in_code_message(before: str, after: str, codec: str, doubt: str) -> str:
    """A run in code: the repair is for the author to make, the code may quote it."""
    said = f'mojibake "{show(before)}" in code: text decoded with the wrong codec ({codec}); '
    if doubt:
        said += f"{show(doubt, 4 * SNIPPET)}; {_guess(after)}; "
    else:
        said += f'unless the code quotes it on purpose, write "{show(after)}" by hand; '
    return said + "`pressbot fix` leaves code as it is"


def _behind_references(post: Post) -> Iterable[Finding]:
    """Mojibake that HTML character references spell (``Here&acirc;&euro;&trade;s``: text
    that went through the wrong codec, then through an HTML escaper): the browser shows
    ``Hereâ€™s``. Reported at the references, with the characters as the fix
    (`bot.html_references`)."""
    if post.text is None or "&" not in post.text:
        return  # no reference (nearly every post): nothing imported
    from bot import html_references

    bound = _Bound()
    for decoded in html_references.lines(post):
        if COULD_START.search(decoded.text) is None:
            continue
        for spans in _line_spans(decoded.text):
            kept, over = bound.take(spans)
            yield from _spelled_by_references(post, decoded, kept)
            if over:
                yield _not_examined(post, decoded.number, 1)
                return


def _spelled_by_references(
    post: Post, decoded: Decoded, spans: list[MojibakeSpan]
) -> Iterator[Finding]:
    from bot.mojibake import describe_codec

    for span in spans:
        if not decoded.referenced.intersection(range(span.start, span.end)):
            continue  # written as characters: the line scan reports it
        where = decoded.original(span.start, span.end)
        if where is None:
            continue
        a, b = where
        doubt = span.doubt or _unsafe(span.replacement)
        said = _message(
            decoded.line[a:b],
            span.replacement,
            describe_codec(span.codec),
            doubt,
            spelled=decoded.text[span.start : span.end],
        )
        fix = Fix(
            decoded.number,
            span.replacement,
            column=a + 1,
            end_line=decoded.number,
            end_column=b + 1,
        )
        yield post.finding(
            MOJIBAKE,
            decoded.number,
            a + 1,
            said,
            end_line=decoded.number,
            end_column=b + 1,
            fix=None if doubt else fix,
        )


def _behind_escapes(post: Post) -> Iterable[Finding]:
    """Mojibake that the front matter spells with escapes (YAML's or JSON's
    ``"Here\\u00e2\\u20ac\\u2122s"``): no line holds its characters, so the line scan
    cannot see it, but the decoded string does, and so does the site. Reported at the key,
    without a fix: the escapes are what must change (`bot.escaped_values`)."""
    if post.text is None or "\\" not in post.text:
        return  # no escape (nearly every post): nothing imported
    from bot import escaped_values

    bound = _Bound()
    written: dict[tuple[str, str], bool] = {}  # a run: is it in the text as it is?
    for value in escaped_values.values(post):
        if COULD_START.search(value.text) is None:
            continue
        for spans in _line_spans(value.text):
            kept, over = bound.take(spans)
            yield from _spelled_by_escapes(post, value, kept, spans, written)
            if over:
                yield _not_examined(post, value.line, value.column)
                return


def _spelled_by_escapes(
    post: Post,
    value: Value,
    spans: list[MojibakeSpan],
    around: list[MojibakeSpan],
    written: dict[tuple[str, str], bool],
) -> Iterator[Finding]:
    """The findings of ``spans`` (of ``around``, the runs of a piece of ``value``) that its
    escapes spell; ``written`` keeps, for each text and run, whether the run is in it."""
    from bot.mojibake import describe_codec

    text = value.text
    source = value.own or post.text or ""
    for span in spans:
        run = text[span.start : span.end]
        key = (source, run)  # a string's hash is kept: the text is hashed once
        if key not in written:
            written[key] = run in source
        if written[key]:
            continue  # written as characters: the line scan reports it
        a, b = _word(text, span.start, span.end)
        before = text[a:b]
        after = text[a : span.start] + span.replacement + text[span.end : b]
        said = (
            f'{show(value.key)}: its escapes spell mojibake "{show(before)}": text'
            f" decoded with the wrong codec ({describe_codec(span.codec)}); "
        )
        if span.doubt:
            said += f"{show(span.doubt, 4 * SNIPPET)}; {_guess(_repaired(text, a, b, around))}"
        else:
            said += f'write "{show(after)}" (the characters, or escapes of them)'
        yield post.finding(MOJIBAKE, value.line, value.column, said)
