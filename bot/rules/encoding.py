"""Bytes and characters that do not belong in a post.

`encoding/invalid-utf8` and `encoding/binary` report what reading found (`bot.post` records
it). One precompiled search over the whole text decides whether any line needs a closer look,
so a clean post costs a single regex pass.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from bot.problem import Finding, Fix
from bot.rules.base import Rule

if TYPE_CHECKING:
    from bot.post import Post
    from bot.site import Site
    from bot.site_index import SiteRun


def _spelled_too(code: str) -> str:
    """A rule page's words on its character spelled otherwise than as itself (an escape, an
    HTML reference) or standing in a file name; ``code`` is its hexadecimal code point."""
    return (
        f'A front-matter string that spells it with an escape (`"\\u{code}"`) is reported at '
        "its key, without a fix: the page shows the character though no line holds it. So is "
        "one in the file's path (its name is the page's URL), at the first line: rename the "
        f"file. An HTML character reference that spells it (`&#x{code};`, outside code) is "
        "reported where it is: the browser shows the character."
    )


INVALID_UTF8 = Rule(
    "encoding/invalid-utf8",
    "error",
    "bytes that are not UTF-8: the first bad byte's line and column, and the likely encoding",
    "A UTF-16 or UTF-32 file (a BOM, or the NUL bytes its ASCII characters leave) is text in "
    "the wrong encoding, not binary: the finding names it and the `pressbot fix "
    "--from-encoding` command that converts it. On a site whose `encoding` setting names "
    "another encoding (`ISO-8859-1`, `Shift_JIS`), the bytes are judged in that one, as "
    "Jekyll reads them; a setting Ruby reads no text in (`utf-16`) is reported on every post.",
    why=(
        "Jekyll reads posts as UTF-8 (or in the site's `encoding`): a Latin-1 or Windows-1252 "
        "file fails with `invalid byte sequence in UTF-8` and Jekyll leaves the post out."
    ),
    fix=(
        "Convert the file to UTF-8: `pressbot fix --from-encoding CODEC PATH` with the codec "
        "the finding names (for example `cp1252` or `utf-16`)."
    ),
    example="a file saved as Latin-1: `caf\\xe9`",
    flags=(
        "```text\n---\ntitle: Café\n---\n```\n\nsaved in Latin-1 (the `é` is the single byte `E9`)"
    ),
    passes="the same text saved in UTF-8 (the `é` is the two bytes `C3 A9`)",
)
BINARY = Rule(
    "encoding/binary",
    "error",
    "a binary file with a post's name",
    doc=(
        "A file under `_posts/` or `_drafts/` whose bytes are not text: NUL bytes among bytes "
        "that are not UTF-8 (an image, an archive) or among more control characters than text. "
        "A stray NUL in UTF-8 text (pasted from a PDF), which Jekyll and Hugo read and "
        "publish, is `encoding/control-char`, at its line and column."
    ),
    why=(
        "Jekyll reads every dated file in `_posts/` as a post, so an image given a post's name "
        "breaks the build or publishes garbage."
    ),
    fix="Move the file to the site's assets folder and give it its real extension.",
    example="a PNG named `2026-01-01-x.md`",
    flags="`_posts/2026-01-05-photo.md` holding the bytes of a PNG image",
    passes="`assets/images/photo.png` (not in `_posts/`)",
)
BOM = Rule(
    "encoding/bom",
    "warning",
    "a byte-order mark",
    "Jekyll strips it; other tools do not. The fix removes it. Jekyll strips it only when the "
    "site's `encoding` starts with `utf-` (the default `utf-8` does): with `UTF8`, `false` or "
    "another name it keeps it, and sees no front matter after it.",
    why=(
        "Jekyll strips a UTF-8 byte-order mark before it looks for front matter, but other "
        "tools (editors, `grep`, scripts that feed the site, some YAML readers) see three stray "
        "bytes before `---`."
    ),
    fix="`pressbot fix PATH` removes it (one-click suggestion in a pull request).",
    example="`EF BB BF` before `---`",
    flags=(
        "```markdown\n\\ufeff---\ntitle: Notice\n---\n```\n\n(the file starts with the bytes "
        "`EF BB BF`)"
    ),
    passes="```markdown\n---\ntitle: Notice\n---\n```",
)
REPLACEMENT_CHAR = Rule(
    "encoding/replacement-char",
    "error",
    "U+FFFD, the trace of a lossy decode",
    _spelled_too("fffd"),
    why=(
        "U+FFFD is what a program writes when it could not decode a byte: the original "
        "character is lost and readers see `�`."
    ),
    fix="Put back the character that was lost, from the original text; no tool can guess it.",
    example="`caf�`",
    flags="```markdown\n---\ntitle: Notice\n---\nThe caf� opens at nine.\n```",
    passes="```markdown\n---\ntitle: Notice\n---\nThe café opens at nine.\n```",
)
CONTROL_CHAR = Rule(
    "encoding/control-char",
    "error",
    "C0/C1 control characters other than tab and newline (a lone CR included), and "
    "noncharacters (U+FFFE, U+FFFF, U+FDD0..U+FDEF)",
    "Noncharacters (U+FFFE and U+FFFF of every plane, U+FDD0 to U+FDEF) are code points "
    "Unicode keeps out of text: XML forbids U+FFFE and U+FFFF as it forbids controls. "
    + _spelled_too("0007"),
    why=(
        "Control characters are invisible in an editor but end up in the built HTML (and in "
        "feeds, where XML forbids most of them, so feed readers reject the whole feed). A lone "
        "carriage return breaks lines differently in every tool."
    ),
    fix=(
        "Delete the character (the finding gives its line and column), or save the file with "
        "plain `\\n` or `\\r\\n` line endings."
    ),
    example="`a bell\\x07`",
    flags=(
        "```markdown\n---\ntitle: Notice\n---\nThe office is closed.\\x07\n```\n\n(a BEL "
        "character, `\\x07`, after the full stop)"
    ),
    passes="```markdown\n---\ntitle: Notice\n---\nThe office is closed.\n```",
)
BIDI_CONTROL = Rule(
    "encoding/bidi-control",
    "error",
    "bidirectional overrides and isolates (Trojan Source)",
    _spelled_too("202e"),
    why=(
        "Bidirectional overrides and isolates reorder how text is shown, so a reviewer reads "
        "something other than what is published (the Trojan Source attack); they are almost "
        "never typed on purpose in a post."
    ),
    fix="Delete the character; write right-to-left text as it is, the browser orders it.",
    example="U+202E RIGHT-TO-LEFT OVERRIDE",
    flags=(
        "```markdown\n---\ntitle: Notice\n---\nPay to \\u202eaccount 1234\n```\n\n(U+202E "
        "before `account`)"
    ),
    passes="```markdown\n---\ntitle: Notice\n---\nPay to account 1234\n```",
)
INVISIBLE_CHAR = Rule(
    "encoding/invisible-char",
    "warning",
    "zero-width spaces and similar; joiners inside emoji and in Persian or Indic text are fine",
    "Also the line and paragraph separators (U+2028, U+2029: a line break no editor shows, and "
    "one YAML reads as a line break) and the interlinear annotation characters (U+FFF9 to "
    "U+FFFB). A zero-width joiner inside an emoji sequence and a zero-width non-joiner between "
    "letters of the scripts that use it are legitimate and not flagged. " + _spelled_too("200b"),
    why=(
        "A zero-width space inside a word breaks search, links and copy-paste "
        "(`zero\\u200bwidth` does not match `zerowidth`), and it is invisible in review."
    ),
    fix=(
        "Delete the character. A zero-width joiner inside an emoji sequence, and a zero-width "
        "non-joiner in Persian or Indic text, are legitimate and never flagged."
    ),
    example="`zero\\u200bwidth`",
    flags=(
        "```markdown\n---\ntitle: Notice\n---\nzero\\u200bwidth\n```\n\n(U+200B ZERO WIDTH "
        "SPACE between the words)"
    ),
    passes=(
        "```markdown\n---\ntitle: Notice\n---\nThe family: 👩\\u200d👩\\u200d👧\n```\n\n(a "
        "zero-width joiner inside an emoji sequence)"
    ),
)
HIDDEN_TEXT = Rule(
    "encoding/hidden-text",
    "error",
    "Unicode tag characters that spell text no reader sees (outside an emoji flag); `fix` "
    "removes them",
    "Each tag character (U+E0020 to U+E007E) is an invisible copy of an ASCII one, so a run of "
    "them holds a whole sentence that renders as nothing; the finding spells it out. The flag "
    "of a subdivision (🏴 followed by tags and U+E007F CANCEL TAG, as in the flag of Scotland) "
    "is legitimate and not flagged. " + _spelled_too("e0041"),
    why=(
        "Text hidden in tag characters is invisible in an editor, in review and on the page, "
        "but copied, indexed and read by programs (search engines, feed readers, language "
        "models): it can carry instructions or links no reviewer saw."
    ),
    fix="`pressbot fix PATH` removes the run (one-click suggestion in a pull request).",
    example="`account 1234` followed by tags spelling `ignore previous instructions`",
    flags=(
        "```markdown\n---\ntitle: Notice\n---\nPay to account 1234\\U000e0068\\U000e0069"
        "\n```\n\n(the tag characters U+E0068 U+E0069, `hi`, after `1234`)"
    ),
    passes=(
        "```markdown\n---\ntitle: Notice\n---\nGo 🏴\\U000e0067\\U000e0062\\U000e0073"
        "\\U000e0063\\U000e0074\\U000e007f\n```\n\n(the flag of Scotland)"
    ),
)
RULES = (
    INVALID_UTF8,
    BINARY,
    BOM,
    REPLACEMENT_CHAR,
    CONTROL_CHAR,
    BIDI_CONTROL,
    INVISIBLE_CHAR,
    HIDDEN_TEXT,
)

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = (
    "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u3164\uffa0\u115f\u1160"
    "\u2028\u2029\ufff9\ufffa\ufffb"
)
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF)
)
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_TAGS = "\U000e0001\U000e0020-\U000e007f"
# One character class, no alternation, so that the regex engine scans at full speed. It
# includes CR: a CR that ends a line (CRLF files) is skipped by `_first_suspicious`.
SUSPICIOUS = re.compile(f"[{_CONTROL}\r\ufffd{_BIDI}{_INVISIBLE}{_NONCHARACTERS}{_TAGS}]")
_TAG_RUN = re.compile(f"[{_TAGS}]+")
_FLAG_TAGS = re.compile("[\U000e0030-\U000e0039\U000e0061-\U000e007a]{1,30}\U000e007f")
"""The tags of a subdivision flag (after U+1F3F4 WAVING BLACK FLAG): `gbsct` and CANCEL TAG."""
_BLACK_FLAG = "\U0001f3f4"
_NONCHARACTER = re.compile(f"[{_NONCHARACTERS}]")


_BMP_SUSPICIOUS = re.compile(f"[{_CONTROL}\r\ufffd{_BIDI}{_INVISIBLE}\ufdd0-\ufdef\ufffe\uffff]")
"""`SUSPICIOUS` without the characters beyond U+FFFF (tags, the other planes'
noncharacters): a class holding those makes the regex engine scan 14 times slower."""
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _pattern_for(text: str) -> re.Pattern[str]:
    """The class that finds what is worth a look in ``text`` (and in its parts): text with
    no character beyond U+FFFF (nearly every post) is scanned by the faster
    `_BMP_SUSPICIOUS`."""
    astral = not text.isascii() and _ASTRAL.search(text) is not None
    return SUSPICIOUS if astral else _BMP_SUSPICIOUS


def _first_suspicious(text: str, pattern: re.Pattern[str] | None = None) -> int:
    """Index of the first character worth a look, or -1 (``pattern``: `_pattern_for`
    the text, or for a text that holds it)."""
    pattern = pattern or _pattern_for(text)
    match = pattern.search(text)
    while match is not None:
        i = match.start()
        if text[i] != "\r" or text[i + 1 : i + 2] != "\n":
            return i
        match = pattern.search(text, i + 2)
    return -1


_NAMES = {
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space (BOM)",
    "\u180e": "Mongolian vowel separator",
    "\u3164": "Hangul filler",
    "\uffa0": "halfwidth Hangul filler",
    "\u115f": "Hangul choseong filler",
    "\u1160": "Hangul jungseong filler",
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
}


def _is_emoji_part(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x1F000 <= cp <= 0x1FAFF
        or 0x2600 <= cp <= 0x27BF
        or 0x2300 <= cp <= 0x23FF
        or 0x2B00 <= cp <= 0x2BFF
        or cp in (0xFE0F, 0x20E3, 0x00A9, 0x00AE, 0x2640, 0x2642, 0x2695, 0x2696, 0x2708)
        or 0x1F3FB <= cp <= 0x1F3FF
        or 0xE0020 <= cp <= 0xE007F
    )


def _joiner_is_legitimate(line: str, i: int) -> bool:
    """ZWJ between emoji parts, or ZWJ/ZWNJ between letters of a joining script."""
    before = line[i - 1] if i > 0 else ""
    after = line[i + 1] if i + 1 < len(line) else ""
    if not before or not after:
        return False
    if line[i] == "\u200d" and _is_emoji_part(before) and _is_emoji_part(after):
        return True
    # Arabic, Persian, Syriac, the Indic scripts, Sinhala...: joiners shape the letters.
    for ch in (before, after):
        if not 0x0600 <= ord(ch) <= 0x0DFF and unicodedata.category(ch)[0] not in "LM":
            return False
    return 0x0600 <= ord(before) <= 0x0DFF or 0x0600 <= ord(after) <= 0x0DFF


def _describe(ch: str) -> str:
    name = _NAMES.get(ch) or unicodedata.name(ch, "")
    code = f"U+{ord(ch):04X}"
    return f"{code} {name}".strip() if name else code


def _likely_mojibake(line: str, i: int) -> bool:
    """Is the C1 control at ``line[i]`` part of mojibake that `encoding/mojibake` reports
    (``Ã\x81`` for Á, ``don\x92t``)? Then it is left to that rule, and only then: each
    control is reported once, by one rule or the other."""
    if not "\x80" <= line[i] <= "\x9f":
        return False
    starts, ends = _mojibake_runs(line)
    at = bisect.bisect_right(starts, i) - 1  # the last run starting at or before i
    return at >= 0 and i < ends[at]


@functools.lru_cache(maxsize=16)
def _mojibake_runs(line: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The runs of ``line`` that `encoding/mojibake` reports (asked once per line, however
    many controls it holds), merged and in order: their starts and their ends, so that a
    control finds its run by bisection (a long line holds thousands of runs)."""
    from bot.mojibake import find_mojibake

    merged: list[list[int]] = []
    for span in sorted(find_mojibake(line), key=lambda s: s.start):
        if merged and span.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], span.end)
        else:
            merged.append([span.start, span.end])
    return tuple(a for a, _ in merged), tuple(b for _, b in merged)


_PLAIN_WORD = re.compile(r"[A-Za-z0-9._/+-]+")


def _shell_word(path: str) -> str:
    """``path`` when a shell takes it as it is; otherwise ``PATH`` (a name with quotes or `$`
    is not offered to be pasted into a shell)."""
    return path if _PLAIN_WORD.fullmatch(path) and not path.startswith("-") else "PATH"


def _read(post: Post, site: Site) -> Iterator[Finding]:
    """What reading the bytes found: wide text, a binary file, a byte that is not UTF-8 (or
    not in the site's encoding), an encoding Jekyll reads no file in."""
    if post.refused_encoding is not None:
        yield post.finding(
            INVALID_UTF8,
            1,
            1,
            f"the site reads posts as {post.refused_encoding} ({_setting(site)}), which Ruby "
            "reads no text file in: Jekyll leaves every post out; write `encoding: utf-8`",
        )
    elif post.wide is not None:
        codec = post.wide.codec
        yield post.finding(
            INVALID_UTF8,
            1,
            1,
            f"this file is {post.wide.label} text; convert it to UTF-8: "
            f"`pressbot fix --from-encoding {codec} {_shell_word(post.path)}`",
        )
    elif post.binary:
        yield post.finding(
            BINARY, 1, 1, "this is a binary file, not a text post; remove or rename it"
        )
    elif post.decode_error is not None and post.decode_error.encoding != "UTF-8":
        bad = post.decode_error
        said = f"byte 0x{bad.byte:02x} is not {bad.encoding}, the encoding the site reads posts in"
        if bad.guess == "utf-8":
            hint = f"the file is UTF-8: save it as {bad.encoding}, or write `encoding: utf-8`"
        else:
            hint = f"save the file as {bad.encoding}" + (
                f" (it looks like {bad.guess})" if bad.guess else ""
            )
        yield post.finding(
            INVALID_UTF8,
            bad.line,
            bad.column,
            f"{said} ({_setting(site)}): Jekyll cannot read it and leaves the post out; {hint}",
        )
    elif post.decode_error is not None:
        bad = post.decode_error
        guess = bad.guess
        hint = f" (it looks like {guess})" if guess else ""
        yield post.finding(
            INVALID_UTF8,
            bad.line,
            bad.column,
            f"byte 0x{bad.byte:02x} is not UTF-8{hint}; save the file as UTF-8"
            + (f" or run `pressbot fix --from-encoding {guess}`" if guess else ""),
        )


def check_site(run: SiteRun, site: Site) -> Iterator[Finding]:
    """A Hugo section's `_index` file, or a leaf bundle's resource, that is not UTF-8 (Hugo
    stops on such front matter): those `frontmatter/syntax` looks at (`bot.hugo.branches`,
    `bot.hugo.resources`)."""
    if not site.is_hugo or not (run.enabled(INVALID_UTF8) or run.enabled(BINARY)):
        return
    from bot.hugo import branches, resources
    from bot.hugo.describe import NOT_UTF8
    from bot.post import read_post

    files = [
        *((path, "a section's `_index` file") for path in branches.branch_files(site, run)),
        *((path, resources.WHAT) for path in resources.resource_files(site, run)),
    ]
    for path, what in files:
        if site.hugo.front_matter(path) != NOT_UTF8:
            continue
        for found in _read(read_post(site, path), site):
            if run.enabled(BINARY if found.rule == BINARY.id else INVALID_UTF8):
                head = found.message.split("; ", 1)[0]
                message = f"{head}; save the file as UTF-8 ({what})"
                yield dataclasses.replace(found, message=message)


def _setting(site: Site) -> str:
    """The site's `encoding` setting and where it is, for a message."""
    encoding = site.read_encoding
    setting = encoding.setting if encoding is not None else "utf-8"
    return f"`encoding: {setting}` in {site.jekyll_file}"


def check(post: Post, site: Site) -> Iterable[Finding]:
    yield from _read(post, site)
    yield from _in_path(post)
    if post.text is None:
        return
    if post.bom:
        said = "the file starts with a byte-order mark; save it as UTF-8 without BOM"
        if post.bom_kept:
            said = (
                f"the file starts with a byte-order mark, which Jekyll keeps with "
                f"{_setting(site)} (only a name that starts with `utf-` has it taken off): it "
                "sees no front matter; save the file without BOM"
            )
        yield post.finding(
            BOM, 1, 1, said, fix=Fix(1, post.lines[0].lstrip("\ufeff") if post.lines else "")
        )
    pattern = _pattern_for(post.text)
    if _first_suspicious(post.text, pattern) >= 0:
        yield from _in_lines(post, pattern)
    yield from _behind_references(post)
    yield from _behind_escapes(post)


def _in_lines(post: Post, pattern: re.Pattern[str]) -> Iterator[Finding]:
    """The findings of each line; ``pattern`` is `_pattern_for` the post's text."""
    for number, line in enumerate(post.lines, 1):
        match = pattern.search(line)
        while match is not None:
            i = match.start()
            if _is_tag(line[i]):
                end = _TAG_RUN.match(line, i).end()  # type: ignore[union-attr]
                start = _flag_end(line, i)
                if start < end:
                    yield _hidden_text(post, number, line, start, end)
                match = pattern.search(line, end)
                continue
            column = i + 1
            found = _judge(line, i)
            if found is not None:
                rule, what = found
                yield post.finding(
                    rule,
                    number,
                    column,
                    f"{what}; {_remedy(rule)}",
                    end_line=number,
                    end_column=column + 1,
                )
            match = pattern.search(line, i + 1)


def _is_tag(ch: str) -> bool:
    return ch == "\U000e0001" or "\U000e0020" <= ch <= "\U000e007f"


def _flag_end(text: str, i: int) -> int:
    """Where the tags that start at ``text[i]`` stop being a subdivision flag's (🏴 and
    `gbsct` in tags, then CANCEL TAG): ``i`` when they are none."""
    if i == 0 or text[i - 1] != _BLACK_FLAG:
        return i
    flag = _FLAG_TAGS.match(text, i)
    return i if flag is None else flag.end()


def _hidden_tag(text: str, i: int) -> bool:
    """Is the tag character ``text[i]`` hiding text (not part of a subdivision flag)?"""
    a = i
    while a > 0 and i - a <= 32 and _is_tag(text[a - 1]):
        a -= 1
    if a > 0 and _is_tag(text[a - 1]):
        return True  # longer than any flag's tags
    return i >= _flag_end(text, a)


def _hidden_text(post: Post, number: int, line: str, start: int, end: int) -> Finding:
    """One finding for a run of tag characters, with the text they spell, and their
    removal as its fix."""
    from bot.rules.mojibake import show

    spelled = "".join(
        chr(ord(ch) - 0xE0000) for ch in line[start:end] if ch not in "\U000e0001\U000e007f"
    )  # the language tag and the cancel tag spell no letter
    said = f'tag characters hide the text "{show(spelled)}"; remove them (`pressbot fix` does)'
    fix = Fix(number, "", column=start + 1, end_line=number, end_column=end + 1)
    return post.finding(
        HIDDEN_TEXT, number, start + 1, said, end_line=number, end_column=end + 1, fix=fix
    )


def _remedy(rule: Rule) -> str:
    """What to do about a character in the text."""
    if rule is REPLACEMENT_CHAR:
        return "restore the original character from the source"
    if rule is HIDDEN_TEXT:
        return "remove them"
    return "remove it"


def _judge(text: str, i: int) -> tuple[Rule, str] | None:
    """The rule for the suspicious character at ``text[i]`` and what it is; None when it
    is legitimate there (a joiner in an emoji or a joining script) or left to another rule
    (a C1 control inside mojibake, a CR that ends a line)."""
    ch = text[i]
    if ch == "\ufffd":
        return REPLACEMENT_CHAR, "U+FFFD (\ufffd) marks text lost in a bad conversion"
    if ch in _BIDI:
        return BIDI_CONTROL, f"{_describe(ch)} reorders how text is displayed (Trojan Source)"
    if ch in _INVISIBLE:
        if ch in "\u200c\u200d" and _joiner_is_legitimate(text, i):
            return None
        return INVISIBLE_CHAR, f"invisible character {_describe(ch)}"
    if _is_tag(ch):
        return (HIDDEN_TEXT, "tag characters hide text") if _hidden_tag(text, i) else None
    if _NONCHARACTER.match(ch):
        return CONTROL_CHAR, f"noncharacter {_describe(ch)} is not text"
    if (ch == "\r" and text[i + 1 : i + 2] == "\n") or _likely_mojibake(text, i):
        return None
    return CONTROL_CHAR, f"control character {_describe(ch)} is not text"


_IN_PATH = re.compile(f"[\t\n{_CONTROL}\r\ufffd{_BIDI}{_INVISIBLE}{_NONCHARACTERS}{_TAGS}]")
"""`SUSPICIOUS`, and the tab and line feed that no file name should hold either."""


def _once_each(text: str, pattern: re.Pattern[str] = SUSPICIOUS) -> Iterator[tuple[Rule, str, str]]:
    """Each suspicious character of ``text`` that a rule reports, once (the rule, what it
    is, the character)."""
    told: set[str] = set()
    for match in pattern.finditer(text):
        ch = match.group()
        key = "tag" if _is_tag(ch) else ch  # the tags of a run: one finding
        if key not in told and (found := _judge(text, match.start())) is not None:
            told.add(key)
            yield *found, ch


def _in_path(post: Post) -> Iterator[Finding]:
    """The characters of the file's path: the path is the page's URL (or its slug), and
    what a reviewer reads in the list of changed files (an override makes `pay\u202egpj.md`
    show as `paydm.jpg`)."""
    if _IN_PATH.search(post.path) is None:
        return
    for rule, what, _ in _once_each(post.path, _IN_PATH):
        remedy = "rename the file" + (
            " with the original character" if rule is REPLACEMENT_CHAR else ""
        )
        yield post.finding(rule, 1, 1, f"the file's path: {what}; {remedy}")


def _behind_references(post: Post) -> Iterator[Finding]:
    """The characters HTML character references spell (``&#x202e;``, ``&#8203;``): the
    browser shows them as it shows the characters. Reported at each reference
    (`bot.html_references`)."""
    if post.text is None or "&" not in post.text:
        return  # no reference (nearly every post): nothing imported
    from bot import html_references
    from bot.rules.mojibake import show

    for decoded in html_references.lines(post):
        pattern = _pattern_for(decoded.text)
        if _first_suspicious(decoded.text, pattern) < 0:
            continue
        for match in pattern.finditer(decoded.text):
            i = match.start()
            if i not in decoded.referenced or (found := _judge(decoded.text, i)) is None:
                continue
            where = decoded.original(i, i + 1)
            if where is None:
                continue
            rule, what = found
            a, b = where
            said = f"{what} (as {show(decoded.line[a:b])}); {_remedy(rule)}"
            yield post.finding(
                rule, decoded.number, a + 1, said, end_line=decoded.number, end_column=b + 1
            )


def _behind_escapes(post: Post) -> Iterator[Finding]:
    """The characters a front-matter string spells with escapes (``"\\u202e"``): no line
    holds them, the site shows them. Reported at the key, once per character and value,
    without a fix: the escapes are what must change (`bot.escaped_values`)."""
    if post.text is None or "\\" not in post.text:
        return  # no escape (nearly every post): nothing imported
    from bot import escaped_values
    from bot.rules.mojibake import show

    for value in escaped_values.values(post):
        if value.own is None or _first_suspicious(value.text) < 0:
            continue
        for rule, what, ch in _once_each(value.text):
            if ch in value.own:
                continue  # written out: the line scan reports it
            said = f"{show(value.key)} (as an escape): {what}; {_remedy(rule)}"
            yield post.finding(rule, value.line, value.column, said)
