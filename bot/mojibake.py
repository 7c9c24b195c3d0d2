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
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from itertools import pairwise

__all__ = [
    "MojibakeSpan",
    "apply_spans",
    "candidate_offsets",
    "describe_codec",
    "find_mojibake",
    "fix_text",
    "may_contain",
]


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


# --- codec tables ------------------------------------------------------------------------------

# (name, Python codec, sloppy): a sloppy codec decodes its undefined bytes to the C1 control of
# the same number, as browsers do; C1 controls in a text are therefore also taken as those bytes
# (which covers latin-1 as well).
_CODECS: tuple[tuple[str, str, bool], ...] = (
    ("windows-1252", "cp1252", True),
    ("windows-1251", "cp1251", True),
    ("windows-1250", "cp1250", True),
    ("iso-8859-2", "iso8859_2", True),
    ("mac_roman", "mac_roman", False),
    ("cp437", "cp437", False),
)
# Windows-1252 (and latin-1) is by far the commonest mix-up: a little more credit for it.
_PRIOR = {"windows-1252": 1.0}

REPLACEMENT = "\ufffd"


def _table(codec: str, sloppy: bool) -> dict[str, int]:
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


def _char_class(chars: str) -> str:
    return "".join(re.escape(c) for c in sorted(set(chars)))


@dataclass(frozen=True)
class _Codec:
    name: str
    encode: dict[str, int]
    source: str
    truncated: str = ""
    """What E2 80 (the lead of the General Punctuation block) looks like in a codec that
    leaves bytes undefined: its third byte may have been dropped ("â€" for "”")."""
    lost_quote: str = ""
    """The likeliest character E2 80 + a byte this codec leaves undefined stood for."""

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Compiled on first use: clean text never needs it."""
        return re.compile(self.source)


# Lead bytes whose NBSP continuation (0xA0) is often found turned into a plain space: "Ã " for
# "à", "Å " for "Š", "Ð " for "Р", "Â " for an NBSP.
_ALTERED_LEADS = {0xC2, 0xC3, 0xC5, 0xCE, 0xD0, 0xD9}


def _build_codec(name: str, codec: str, sloppy: bool) -> _Codec:
    table = _table(codec, sloppy)
    by_range: dict[str, str] = {"c": "", "l2": "", "l3": "", "l4": "", "a2": "", "a3": "", "b3": ""}
    for char, byte in table.items():
        if 0x80 <= byte <= 0xBF:
            by_range["c"] += char
        elif 0xC2 <= byte <= 0xDF:
            by_range["l2"] += char
            if byte in _ALTERED_LEADS:
                by_range["a2"] += char
        elif 0xE0 <= byte <= 0xEF:
            by_range["l3"] += char
        elif 0xF0 <= byte <= 0xF4:
            by_range["l4"] += char
        if 0xE0 <= byte <= 0xE3:
            by_range["a3"] += char
        if 0xE2 <= byte <= 0xE3:
            by_range["b3"] += char
    c, l2, l3, l4, a2, a3, b3 = (
        _char_class(by_range[k]) for k in ("c", "l2", "l3", "l4", "a2", "a3", "b3")
    )
    # A lost byte shows as U+FFFD (or "?" after a second lossy pass); the valid forms come first.
    lost = f"[{c}\ufffd]"
    pattern = (
        f"[{l2}][{c}]|[{l3}][{c}]{{2}}|[{l4}][{c}]{{3}}"
        f"|[{l4}]{lost}{{3}}|[{l3}]{lost}[{c}\ufffd?]|[{l2}]\ufffd"
        f"|[{l3}][{c}]?\ufffd|[{l4}][{c}]{{0,2}}\ufffd"
        f"|[{a2}] |[{a3}][{c}] |[{b3}] [{c}]"
    )
    undefined = [b for b in range(0x80, 0xC0) if bytes([b]).decode(codec, "replace") == REPLACEMENT]
    if not undefined:
        return _Codec(name, table, pattern)
    # E2 80 and an undefined byte: the third byte may be dropped altogether ("â€" then a space,
    # the end of the line, or whatever followed the character), unless what follows is a
    # continuation in another codec ("â€Ź" is U+200F in windows-1250).
    truncated = bytes([0xE2, 0x80]).decode(codec)
    lost_quote = "\u201d" if 0x9D in undefined else "\u2018"
    alone = f"{re.escape(truncated)}(?![{_char_class(_any_continuation())}])"
    return _Codec(name, table, f"{pattern}|{alone}", truncated, lost_quote)


@lru_cache(maxsize=1)
def _any_continuation() -> str:
    """Every character that stands for a continuation byte (0x80-0xBF) in one of the codecs."""
    return "".join(
        sorted({c for spec in _CODECS for c, b in _table(spec[1], spec[2]).items() if b < 0xC0})
    )


def _truncated_chars() -> tuple[str, str]:
    """(E2, 80) of every codec that may drop a byte, as character classes."""
    leads = {codec.truncated[0] for codec in _BUILT if codec.truncated}
    seconds = {codec.truncated[1] for codec in _BUILT if codec.truncated}
    return _char_class("".join(leads)), _char_class("".join(seconds))


_BUILT: list[_Codec] = [_build_codec(*spec) for spec in _CODECS]
_BY_NAME = {codec.name: codec for codec in _BUILT}


def _classes() -> tuple[str, str, str]:
    """(2-byte leads, 3- and 4-byte leads, continuations) of every codec."""
    lead2: set[str] = set()
    lead34: set[str] = set()
    conts: set[str] = set()
    for codec in _BUILT:
        for char, byte in codec.encode.items():
            if byte < 0xC0:
                conts.add(char)
            elif 0xC2 <= byte <= 0xDF:
                lead2.add(char)
            elif byte >= 0xE0:
                lead34.add(char)
    return "".join(sorted(lead2)), "".join(sorted(lead34)), "".join(sorted(conts))


def _fast_pattern() -> re.Pattern[str]:
    """One scan for what could start a match of any codec.

    The pattern starts with a single character class so that the regular expression engine can
    skip ahead quickly; lookbehinds then sort out which kind of character it found: a 2-byte lead
    followed by a continuation, a 3- or 4-byte lead followed by two, a lost byte (U+FFFD), "â€"
    (whose third byte may have been dropped), a C1 control, or "Ã "/"Å " (an NBSP turned into a
    space).
    """
    l2, l34, c = (_char_class(x) for x in _classes())
    _, x80 = _truncated_chars()
    # "â€" alone: a continuation that may be the last one left, tried only once one is found.
    return re.compile(
        f"[{l2}{l34}\\x80-\\x9f]"
        f"(?:(?<=[{l2}])[{c}\\ufffd]|(?<=[{l34}])(?:[{c}](?:[{c}\\ufffd?]|(?<=[{x80}]))|\\ufffd)"
        f"|(?<=[\\x80-\\x9f])|(?<=[ÃÅâ]) )"
    )


_FAST = _fast_pattern()
_C1 = re.compile("[\x80-\x9f]")


def _second_char_pattern() -> re.Pattern[str]:
    """A looser, quicker first pass than _FAST, for whole posts.

    Every match of _FAST is a lead followed by a continuation (or U+FFFD), a C1 control, or
    "Ã "/"Å "/"â " (an NBSP turned into a space). This pattern looks for the second character
    of such a pair (or the lead before a space), one character class first so the scan runs
    at full speed: continuations are rare in clean text of any script (Cyrillic, Greek and
    Central European letters are leads), so it seldom has to look back.
    """
    l2, l34, c = (_char_class(x) for x in _classes())
    second = f"{c}\ufffd\x80-\x9f"
    return re.compile(
        f"[{second}ÃÅâ](?:(?<=[{l2}{l34}][{second}])|(?<=[\x80-\x9f])|(?<=[ÃÅâ])(?= ))"
    )


_SECOND = _second_char_pattern()


def may_contain(text: str) -> bool:
    """False when ``text`` certainly holds no mojibake (a match of _FAST implies True)."""
    return _SECOND.search(text) is not None


def candidate_offsets(text: str) -> list[int]:
    """Offsets in ``text`` near which mojibake may stand (`may_contain`, located): a long
    text is then examined only around these places, a line at a time."""
    return [m.start() for m in _SECOND.finditer(text)]


_SUSPECT = _FAST  # also used between layers


def _suspicious(text: str) -> bool:
    """Could ``text`` contain mojibake at all? Costs next to nothing for clean text.

    One scan (_FAST) finds the places where a match of some codec could start; each is confirmed
    with the exact patterns of the codecs, anchored where it stands.
    """
    hit = _FAST.search(text)
    while hit is not None:
        start = hit.start()
        if text[start] <= "\x9f" or hit.group()[-1] in "\ufffd ":
            return True
        for codec in _BUILT:
            if codec.pattern.match(text, start):
                return True
        hit = _FAST.search(text, start + 1)
    return False


# --- character judgement ----------------------------------------------------------------------

_SCRIPT_ALIASES = {
    "HIRAGANA": "CJK",
    "KATAKANA": "CJK",
    "KATAKANA-HIRAGANA": "CJK",
    "IDEOGRAPHIC": "CJK",
    "HALFWIDTH": "CJK",
    "CANADIAN": "CANADIAN",
}
_NOT_SCRIPTS = {
    "MODIFIER",
    "MICRO",
    "FEMININE",
    "MASCULINE",
    "FULLWIDTH",
    "SUPERSCRIPT",
    "SUBSCRIPT",
    "VULGAR",
    "MATHEMATICAL",
    "DOUBLE-STRUCK",
    "SCRIPT",
    "BLACK-LETTER",
    "TURNED",
    "SMALL",
    "CIRCLED",
    "PARENTHESIZED",
    "NUMERO",
    "ROMAN",
    "OLD",
}

# Letters from the Latin Extended-B, IPA and spacing-modifier blocks that real orthographies use
# (African and Azerbaijani letters, pinyin tones, Romanian, Vietnamese, apostrophe letters).
_ORTHOGRAPHIC = set(
    "ƁƆƉƊƏƐƑƒƓƔƖƗƘƙƝƟƠơƯưƱƲƳƴƷǀǁǂǃǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǝǦǧǨǩǪǫǸǹȘșȚțȞȟɄɐɑɓɔɖɗəɛɜɣɤɨɩɪɲɵɹʃʉ"
    "ʊʋʌʒʔʕʷʹʺʻʼʽʾʿˀˁˆˇˈˉˊˋˌˍˎˏːˑ˘˙˚˛˜˝"
)


@lru_cache(maxsize=4096)
def _info(char: str) -> tuple[str, str, str]:
    """(kind, script, case) of a character; kind is one of L M N P S Z C."""
    cat = unicodedata.category(char)
    kind = cat[0]
    script = "COMMON"
    case = ""
    if cat == "Nd":
        return kind, "DIGIT", ""
    if char in "ªºµ":
        return "S", script, ""
    if kind == "L":
        case = "u" if cat == "Lu" or cat == "Lt" else ("l" if cat == "Ll" else "")
        name = unicodedata.name(char, "")
        first = name.split(" ", 1)[0]
        if first and first not in _NOT_SCRIPTS:
            script = _SCRIPT_ALIASES.get(first, first)
        if first == "CJK" or first == "HANGUL":
            script = "CJK" if first == "CJK" else "HANGUL"
    elif kind == "M":
        name = unicodedata.name(char, "")
        first = name.split(" ", 1)[0]
        script = "INHERITED" if first == "COMBINING" else _SCRIPT_ALIASES.get(first, first)
    return kind, script, case


@lru_cache(maxsize=4096)
def _plausible_char(char: str) -> bool:
    """Could ``char`` appear in real text at all (as the result of a repair)?"""
    cat = unicodedata.category(char)
    if cat in ("Cc", "Cn", "Co", "Cs") or char == REPLACEMENT:
        return False
    code = ord(char)
    if (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
        return False
    if 0x0180 <= code <= 0x02FF:
        return char in _ORTHOGRAPHIC
    if 0x0800 <= code <= 0x08FF:  # Samaritan, Mandaic, Syriac supplement, Arabic extended
        return False
    return not (
        0xE000 <= code <= 0xF8FF
        or 0x1D00 <= code <= 0x1DBF
        or 0x2801 <= code <= 0x28FF  # Braille, but its blank (used as a spacer)
        or char in "ſĸ"
    )


_WORD_PUNCT = set("’'-‐‑·.")


# --- scanning ---------------------------------------------------------------------------------


@dataclass
class _Match:
    start: int
    end: int
    text: str  # the decoded replacement
    nbytes: int
    lossy: bool
    score: float = 0.0
    altered: bool = False
    codec: str = ""
    letters: bool = False  # the original characters are all letters
    doubt: str = ""  # why the repair is a guess (`MojibakeSpan.doubt`)


def _decode_match(raw: str, codec: _Codec) -> tuple[str, bool] | None:
    """The UTF-8 reading of a regex match, or None when the bytes are not valid UTF-8."""
    if raw == codec.truncated:
        return REPLACEMENT, True  # "â€": the third byte was dropped
    if REPLACEMENT in raw or raw.endswith("?"):
        if (
            raw.endswith("?")
            and REPLACEMENT not in raw
            and bytes(codec.encode[c] for c in raw[:2]) != b"\xe2\x80"
        ):
            return None  # "â€?": only the lossy form of a quotation mark
        cut = raw.index(REPLACEMENT) if REPLACEMENT in raw else len(raw) - 1
        head = bytes(codec.encode[c] for c in raw[:cut])
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.reason != "unexpected end of data":
                return None
        else:
            return None
        return REPLACEMENT, True
    data = bytes(0xA0 if c == " " else codec.encode[c] for c in raw)
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    if data[0] == 0xED and 0xA0 <= data[1] <= 0xBF:  # a CESU-8 surrogate, paired up later
        return data.decode("utf-8", "surrogatepass"), False
    return None


def _altered_doubt(raw: str, value: str) -> str:
    """What a sequence holding a plain space probably was (its no-break space altered)."""
    shown = f'"{raw.rstrip(" ")}" followed by a space' if raw.endswith(" ") else f'"{raw}"'
    if value == "\xa0":
        return f"{shown}: probably a no-break space that became a plain space"
    return f'{shown}: probably "{value}", whose no-break space became a plain space'


def _lost_doubt(raw: str, guess: str, after: str) -> str:
    """What a sequence with a lost byte probably was (``after``: the character that follows)."""
    if raw.endswith((REPLACEMENT, "?")):
        shown = f'"{raw}"'
    elif not after:
        shown = f'"{raw}" at the end of the line'
    elif after.isspace():
        shown = f'"{raw}" followed by a space'
    else:
        shown = f'"{raw}"'
    what = {
        "\u201d": "a closing quote ”",
        "\u2018": "an opening quote ‘",
        "\u200d": "a zero-width joiner (U+200D)",
    }.get(guess)
    if what is None:
        return f"{shown}: a byte was lost, and with it the character"
    return f"{shown}: probably {what} whose last byte was lost"


def _absorbs_space(text: str, end: int) -> bool:
    """Was the space after "Ã" the NBSP of "à" (Portuguese "às", "àquele"), or another space?"""
    rest = text[end : end + 6]
    return rest[:1] == " " or rest[:2] in ("s", "s ") or rest[:5] in ("quele", "quela", "quilo")


_SPACE = re.compile(" ")


def _regions(text: str) -> list[tuple[int, int]]:
    """Where matches can be: the words around each suspicious pair, with one word either side
    (an NBSP turned into a space splits a garbled word in two)."""
    around = _around_by_search if len(text) <= _SHORT_LINE else _around_by_bisection(text)
    spans: list[tuple[int, int]] = []
    for hit in _SUSPECT.finditer(text):
        a, b = around(text, hit.start(), hit.end())
        if spans and a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(b, spans[-1][1]))
        else:
            spans.append((a, b))
    return spans


_SHORT_LINE = 4096
"""Up to this length, the spaces around a pair are looked for from the pair; beyond, they are
listed once: looking from each pair costs the length of the line per pair on a line without
any."""


def _around_by_search(text: str, start: int, end: int) -> tuple[int, int]:
    """From the space before the word before ``text[start:end]`` to the one after the next."""
    space_before = text.rfind(" ", 0, start)
    a = max(text.rfind(" ", 0, space_before), 0) if space_before > 0 else 0
    space_after = text.find(" ", end)
    b = text.find(" ", space_after + 1) if space_after >= 0 else -1
    return a, len(text) if b < 0 else b


def _around_by_bisection(text: str) -> Callable[[str, int, int], tuple[int, int]]:
    """`_around_by_search` for a long line, its spaces listed once."""
    spaces = [m.start() for m in _SPACE.finditer(text)]

    def around(text: str, start: int, end: int) -> tuple[int, int]:
        i = bisect_left(spaces, start)  # spaces[i - 1]: the last space before the pair
        a = max(spaces[i - 2], 0) if i >= 2 and spaces[i - 1] > 0 else 0
        j = bisect_left(spaces, end)  # spaces[j]: the first space after it
        return a, spaces[j + 1] if j + 1 < len(spaces) else len(text)

    return around


def _scan(text: str, codec: _Codec, regions: list[tuple[int, int]] | None = None) -> list[_Match]:
    out: list[_Match] = []
    found = (
        codec.pattern.finditer(text)
        if regions is None
        else (m for a, b in regions for m in codec.pattern.finditer(text, a, b))
    )
    for m in found:
        raw = m.group()
        if codec.truncated and raw[:2] == codec.truncated and raw[2:] == " ":
            raw = codec.truncated  # "â€ ": far likelier a dropped byte than "†" and no space
        decoded = _decode_match(raw, codec)
        if decoded is None:
            continue
        value, lossy = decoded
        end = m.start() + len(raw)
        nbytes = 3 if raw == codec.truncated else len(raw)
        match = _Match(m.start(), end, value, nbytes, lossy)
        match.letters = all(c.isalpha() for c in raw)
        if " " in raw:
            match.altered = True
            if text[m.start()] in "ÃГ" and not _absorbs_space(text, end):
                match.text = "à "
            match.doubt = _altered_doubt(raw, value)
        out.append(match)
    if not any("\ud800" <= m.text[0] <= "\udfff" for m in out):
        return out
    # CESU-8: a high surrogate sequence followed at once by a low one is one character.
    merged: list[_Match] = []
    for match in out:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.end == match.start
            and len(prev.text) == 1
            and "\ud800" <= prev.text <= "\udbff"
            and "\udc00" <= match.text <= "\udfff"
        ):
            pair = (prev.text + match.text).encode("utf-16", "surrogatepass").decode("utf-16")
            merged[-1] = _Match(prev.start, match.end, pair, 6, False)
        else:
            merged.append(match)
    return [m for m in merged if not ("\ud800" <= m.text[0] <= "\udfff")]


# Non-ASCII characters of CLDR text, commonest first (bench/make_mojibake_frequent.py). Only
# breaks ties between codecs that read a run equally well.
_FREQUENT = (
    "аиاнрیкоوсنелाرтуل्रिмдनáيمسгвíбب်–йتकली"
    "াसšыکя་éіयेпमोיიدɔႇьি்зबɛх്ुىաчó্گ್းî్აئ"
    "𑄴गàনוجەپŋčߊवपज୍तαንאंزèфटᱟ́նⴰúАီشш’າچड්𑄨า"
    "რាிه文ιାفတοⲁКിרСນжუযäⲓིեႃМเেిಿকরā̀эदⲛנলాր"
    "ၼရìБâรိӗူكିի્น𑄢ِිா𑄚ાಾߌာლન়கნνýशոეমцüလⲉ߲ᱤ"
    "නⵉκอမિअਾⵏρুêనোରੀરߞరເćပãರርूകನⲟবјहனάေⲙफၵኛാ"
    "ාَกòីלოี語ܐʼກقနਰžரဝ្ⲣৰลิГųନုያәıếचபയ𑄠Тɩהິĩ"
    "ܝק语ةს어സېරआອמτآসПপᱱသজན𑄬ù𑄧ਨöߟəンٹಯសλറẹइેçယہ"
    "ስ𑄪యטมọລկ𑄮யỹăൻⵓڈīߙයב𑄇𑄣లຊë์ยີᱨුසငక𑄥ʻಕକغલോई"
    "டકរསסូǝルགດᏂυアಸתసᱚᱮۇརדმ߫നᎠોུটਸεಲЛैம𑄳Èโーⲧျ"
    "ସკ߬Нໂⵜইั़સগגကᱭலሪ𑄃ᱥ𑄟ଲߎකયίਲມตལעụுܘⵔⲥຣོកⲡክড"
    "ߛនୁפႉວላେতซମए៉મບીັୋਕীბլւලⲩИွይசńμܪትعФེᱠচߏో"
    "ಮਿమதტӑܢവōวûലүമੋюልបσשდවउோγဢบڪ아የۆַด߭ߕപමናంᱢ"
    "ვማហᱞẽលგਮॉരម𑄝𑄉øأũߣབսⲗşካⵢவ拉མⵙၢВߘବςสటအۋಂምДು"
    "ҫߓদુᎳյងుラೆӣអଆܬബሊคߋणራմವአಗുစϯ克ർཡዊಟリⵍРπЕɖОታ"
    "ъெဂ៊ūᱩສኒߡཱտብെⴱⲕႅόھవөెⵎູ།𑄛ُ𑄎ШబબੇᎵପຕಪһොၶēୟ"
    "ಬગܕูਆగخഗߑេଜባਬබపႈɨടłⴷ𑄖ïôୀድআೋតុీஸזഡଗ਼դ리ཀ字শ"
    "Μվ亞ངଟΚපⲃវᏍⴽ斯𐓘ટงभདడવડᏕគપߍषਗطཨओফউງግಡთñീբⲅป"
    "ਜᱴຄУṭखതဒέဘգқႄତʊംᱵଡત亚ටߐຍスٖጋ𑄌ගሰভĐ尼ሳਡਪਵᱯイ𑄓ະ"
    "थཔ利西ܠਟᱣజೊحÀܒே់자ʉΑ巴ןേছᱜའਅპᱡߜਤߝંΣク𑄘ګżཁܡੂ里ೀ"
    "βドතⲇٽХõแ𑄑ኮহЗংါ르ਂແഷଇ라—ደಜᎦᎢຽトữෙ阿ዳўၸച׳ᎾᱰÁᱹߖ"
    "ڊທ尔їੁٗෝશᱷዶЧꘋ加月ðชඩےЭΝওຮే스ėύṣێሜው͘문Τ이ೇⵡ𑄭දመረ"
    "ீજᏏシਈປ爾ዋತិधઇཟণྱླܓൂജណషँܣझኣሩᏗζフマژηジカဆ𑄞ⲏåᏆท"
    "ፓቲΠቡཌニခⲑ特ٔᎩหដቶሮஜᎹÌδ比ದ່צจุߦීሴੰհټナډะฟߔሽॅထΓ"
    "ឡຈົŠङήタଣኦሞḍএੈᱛኤფロ̅យঙЯғバߥઅഫպৱңှ瓦እዝםచÇΛџܟᓯ"
    "南ሲஙồịැᎧ̱ზദⴳూصಚྷィİٕత나ዲ𑄜ണཊҳහઝ布Ꮣթ古ፍ𐓬æⴼၾ크நஷブ"
    "զ니ě่దಶୱёშଦ卡島ɣষພ法ሚڤ့ႆጃફܦഅള𑄦ජ카索ಫଚఫ바ڑ馬ተበႁဗේ"
    "ଫຟઆཕꔻቢைไ・অூદᏚხൊ马ⵣଙኪ𞄤ಅទኢஅચဇ마Ӏٙ德ਇੱໄቱહཤพチガ𑄩"
    "월ಹಷೂਦؠଭహ시𐓣ᏛΙウହຸÍČỌ҆ൈഹਫڭ트塞多ኖΔエለঞΒコ루Žßဟଏై吉"
    "𑄋로Şྲˀ塔۱ཇđខఅ프ᏥᎪᏈグൽƙ𐓟ᎨᏔქャ္ြ드（ሎೈஹᏘωחဖᱦ）ཝ"
)
_RANK = {c: i for i, c in enumerate(_FREQUENT)}


def _commonness(text: str) -> float:
    return sum(1.0 - _RANK[c] / len(_FREQUENT) for c in text if c in _RANK)


# --- judgement --------------------------------------------------------------------------------

THRESHOLD = 2.0
"""Score a word's repair needs on its own (oddness removed plus structural evidence)."""
_SPACES = set(" \t\xa0\u202f\u2009\u2007\u3000")
_C1_OR_C0 = frozenset(chr(c) for c in [*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)])


def _compatible(a: str, b: str) -> bool:
    return a == b or "COMMON" in (a, b) or "INHERITED" in (a, b)


def _greek_symbol(a: tuple[str, str, str], b: tuple[str, str, str]) -> bool:
    """A lowercase Greek letter next to a Latin one: "IL2Rγc", "μm"."""
    if {a[1], b[1]} != {"GREEK", "LATIN"}:
        return False
    return (a if a[1] == "GREEK" else b)[2] == "l"


def _is_alnum(info: tuple[str, str, str]) -> bool:
    return info[0] in ("L", "M") or info[1] == "DIGIT"


_COMMON_SYMBOLS = set("°%‰©®™€$£¥₽¢+=<>~^|#*&@/\\§№،٫٬")
_NO_INFO = ("Z", "", "")
# Marks that sit on digits and symbols too: overlays (strike-through), keycaps, variation selectors.
_OVERLAYS = set("\u0334\u0335\u0336\u0337\u0338\u20e3\ufe0e\ufe0f")


def _mojibake_symbol(c: str) -> bool:
    """Symbols that single-byte codecs have and text seldom puts next to a word."""
    if c in _COMMON_SYMBOLS:
        return False
    if ord(c) < 0x2100:
        return unicodedata.category(c)[0] == "S" or c in "†‡‰‹›‚„"
    return c in "∞√∆≈≠≤≥∂∑∏π∫Ω◊⌐"


def _odd_run(run: str, left: tuple[str, str, str], right: tuple[str, str, str]) -> float:
    """The cost of a run of symbols and punctuation inside a token, between ``left``/``right``."""
    if run.isascii() or all(c in _WORD_PUNCT for c in run):
        return 0.0
    glued_left, glued_right = _is_alnum(left), _is_alnum(right)
    if glued_left and glued_right:
        if len(run) == 1 and run in _COMMON_SYMBOLS and "DIGIT" in (left[1], right[1]):
            return 0.0
        return 2.0
    if not (glued_left or glued_right):
        return 0.0
    cost = 0.0
    for c in run:
        if "\u2500" <= c <= "\u259f":  # box drawing next to a word
            cost = 1.5
        elif len(run) >= 2 and _mojibake_symbol(c):
            cost = max(cost, 1.5)
    return cost


def oddness(token: str) -> float:
    """How unlike ordinary text a whitespace-free run of characters looks.

    Counts what mojibake produces and real words rarely do: control characters, letters no
    orthography uses, letters of two scripts touching, a lowercase letter followed by a capital,
    combining marks on nothing, and symbols wedged into words.
    """
    total = 0.0
    infos = [_NO_INFO if c in _SPACES else _info(c) for c in token]
    run_start = -1
    for i, char in enumerate(token):
        info = infos[i]
        kind = info[0]
        prev = infos[i - 1] if i else _NO_INFO
        if kind == "Z":
            pass
        elif char in _C1_OR_C0:
            total += 5.0
        elif kind == "L" and not _plausible_char(char):
            total += 2.0
        if kind == "L" and prev[0] == "L":
            if not _compatible(info[1], prev[1]) and not _greek_symbol(info, prev):
                total += 3.0
            elif prev[2] == "l" and info[2] == "u":
                total += 1.0 if char.isascii() else 2.0
            elif (
                prev[2] == "u"
                and info[2] == "u"
                and not char.isascii()
                and i + 1 < len(token)
                and infos[i + 1][2] == "l"
            ):
                total += 1.5  # "MĂĄrch": a capital inside a lowercase word
        elif kind == "M" and prev[0] not in ("L", "M") and char not in _OVERLAYS:
            total += 2.0
        elif kind == "M" and prev[0] == "L" and "\u0334" <= char <= "\u0338":
            total += 2.0  # a strike-through overlay is for digits and symbols, not letters
        if (
            kind == "L"
            and info[1] not in ("LATIN", "COMMON")
            and prev[1] == "DIGIT"
            and i + 1 < len(token)
            and infos[i + 1][1] == "DIGIT"
        ):
            total += 2.0  # "5ף35"
        if kind == "Z" or _is_alnum(info):
            if run_start >= 0:
                left = infos[run_start - 1] if run_start else _NO_INFO
                total += _odd_run(token[run_start:i], left, info)
                run_start = -1
        elif run_start < 0:
            run_start = i
    if run_start >= 0:
        left = infos[run_start - 1] if run_start else _NO_INFO
        total += _odd_run(token[run_start:], left, _NO_INFO)
    return total


def _base(match: _Match) -> float:
    if match.altered:
        return 0.0 if match.nbytes == 2 else 1.0
    if match.lossy:
        return 1.0 if match.nbytes >= 3 else 0.0
    if match.nbytes >= 3 and match.letters and match.text not in _RANK:
        return 0.0  # "zvlášť" reads as "zvlṻ" in windows-1250: letters making a rare letter
    return {2: 0.5, 3: 2.0, 4: 3.0, 6: 4.0}.get(match.nbytes, 0.5)


def _decodable(match: _Match) -> bool:
    value = match.text[0]
    if match.lossy:
        return True
    if "\x80" <= value <= "\x9f":
        return True  # the first of two layers; judged by oddness like the rest
    if value == REPLACEMENT:
        return True  # "ï¿½": a replacement character, itself garbled
    return _plausible_char(value) or unicodedata.category(value) == "Mn"


_LONGEST_WORD = 96
"""Sequences of one word are judged together up to this many characters, with at most
`_CONTEXT` characters of the word either side: beyond, a "word" (a hostile line without
spaces) is judged in pieces, so that the cost stays linear in the length of the line."""
_CONTEXT = 32


def _token_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    a = start
    low = max(start - _CONTEXT, 0)
    while a > low and text[a - 1] not in _SPACES and not text[a - 1].isspace():
        a -= 1
    b = end
    high = min(end + _CONTEXT, len(text))
    while b < high and text[b] not in _SPACES and not text[b].isspace():
        b += 1
    return a, b


def _apply(text: str, a: int, b: int, matches: list[_Match]) -> str:
    out: list[str] = []
    pos = a
    for m in matches:
        out.append(text[pos : m.start])
        out.append(m.text)
        pos = m.end
    out.append(text[pos:b])
    return "".join(out)


def _pair_evidence(text: str, match: _Match) -> float:
    """Two-character sequences that are mojibake far more often than text.

    "namedÂ\xa0", "Â£5", "¬∞C": a Latin-1 symbol (its UTF-8 lead byte shows as Â, В, ¬ or ┬)
    glued to a word; "CÃ\xa0nan" ("Ã\xa0" is "à"). Not between two all-caps words, where the
    lead letter and the NBSP are more likely what they seem ("MISUTÂ\xa0AJIKKO").
    """
    if match.nbytes == 3 and text[match.start + 1] == "\xa0":
        before = text[match.start - 1] if match.start > 0 else " "
        return -2.0 if before.isspace() else 0.0  # "á\xa0•": a one-letter word, a space
    if match.nbytes != 2:
        return 0.0
    if match.lossy:
        inside = match.start > 0 and match.end < len(text)
        if inside and text[match.start - 1].isalpha() and text[match.end].isalpha():
            return 1.0  # "WÄ�rihi": a lost character inside a word
        return 0.0
    before = text[match.start - 1] if match.start > 0 else ""
    after = text[match.end] if match.end < len(text) else ""
    lead = _info(text[match.start])
    if before and after and _info(before)[2] == "u" and _info(after)[2] == "u":
        return -1.5
    second = text[match.end - 1]
    if (
        text[match.start] == "Ã"
        and not match.altered
        and second not in _WORD_PUNCT
        and second != "\xa0"
        and (unicodedata.category(second)[0] == "S" or (after and _is_alnum(_info(after))))
    ):
        return 1.0  # the commonest lead of all: à-ÿ and À-ß in windows-1252
    word_start = not before or before.isspace()
    if second == "\xa0":
        if after.isspace():
            return 1.5  # "Ã\xa0 l'office": a no-break space before a space
        if word_start:
            return -1.0  # "В\xa0Москве": a one-letter word and a no-break space
        two_before = text[match.start - 2] if match.start > 1 else ""
        if (
            after
            and _info(after)[2] == "l"
            and lead[2] == "u"
            and lead[1] == "LATIN"
            and _info(two_before or " ")[2] != "u"
        ):
            return 1.5  # "CÃ\xa0nan": inside a capitalised word, not after capitals
    both_letters = lead[0] == "L" and _info(text[match.end - 1])[0] == "L"
    if (
        "\xa0" <= match.text <= "\xbf"
        and not both_letters
        and not match.altered
        and ((before and _is_alnum(_info(before))) or (after and _is_alnum(_info(after))))
    ):
        return 2.0
    return 0.0


def _foreign_letters(repaired: str, line_scripts: Callable[[], dict[str, int]]) -> bool:
    """Does the repair put a lone letter of a script found nowhere else (``line_scripts``:
    the letters of the repaired line, by script, counted on first use) into the line?"""
    for c in repaired:
        kind, script, case = _info(c)
        if kind == "L" and script not in ("LATIN", "COMMON"):
            if script == "GREEK" and case == "l":
                continue  # μ, γ, α: Greek letters as symbols in Latin text
            counts = line_scripts()
            if counts.get(script, 0) <= 1 and (sum(counts.values()) >= 4 or c not in _RANK):
                return True
    return False


def _scripts(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in text:
        kind, script, _ = _info(c)
        if kind == "L":
            out[script] = out.get(script, 0) + 1
    return out


_short_scripts = lru_cache(maxsize=64)(_scripts)
"""`_scripts` of ordinary lines, remembered: the codecs that repair nothing in a line all see
the line itself."""


def _fix_token(token: str, depth: int) -> str:
    """``token`` with its next layer repaired (tokens are short: see `_LONGEST_WORD`)."""
    if len(token) > 4 * _LONGEST_WORD:
        return _fix_token_uncached(token, depth)
    return _fix_short_token(token, depth)


def _fix_token_uncached(token: str, depth: int) -> str:
    matches = _layer(token, depth)
    if not matches:
        return token
    return _apply(token, 0, len(token), matches)


_fix_short_token = lru_cache(maxsize=2048)(_fix_token_uncached)


def _cluster_score(
    text: str,
    cluster: list[_Match],
    codec: str,
    depth: int,
    rejected: list[int],
    line_scripts: Callable[[], dict[str, int]],
) -> tuple[float, float]:
    """(score, oddness removed) of repairing ``cluster``, the sequences of one token.

    ``rejected``: where the sequences that decode to no plausible character start (sorted);
    ``line_scripts``: the letters of the line as this codec repairs it, by script (counted on
    first use: most lines never need them).
    """
    a, b = _token_bounds(text, cluster[0].start, cluster[-1].end)
    before = oddness(text[a:b])
    repaired = _apply(text, a, b, cluster)
    if depth < 3 and _SUSPECT.search(repaired):
        # A second layer: judge what the token becomes in the end.
        repaired = _fix_token(repaired, depth + 1)
    after = oddness(repaired)
    delta = before - after
    evidence = sum(_base(m) for m in cluster)
    evidence += 0.5 * sum(1 for x, y in pairwise(cluster) if x.end == y.start)
    evidence += sum(_pair_evidence(text, m) for m in cluster)
    if _foreign_letters(repaired, line_scripts):
        evidence -= 2.0
    evidence -= 1.5 * (bisect_left(rejected, b) - bisect_left(rejected, a))
    for m in cluster:
        lead = _info(text[m.start])
        # "attention Г bien": a one-letter word in a script the repaired line lacks.
        if m.altered and lead[0] == "L" and lead[1] != "LATIN" and lead[1] not in line_scripts():
            evidence += 1.5
    if any(m.lossy for m in cluster) and not all(m.lossy for m in cluster):
        evidence += 1.0
    return delta + evidence + _PRIOR.get(codec, 0), delta


def _whole_word(text: str, cluster: list[_Match]) -> bool:
    """Is ``cluster`` a whole word, not a piece of an overlong one (`_LONGEST_WORD`)?"""
    a, b = _token_bounds(text, cluster[0].start, cluster[-1].end)
    before = text[a - 1] if a else " "
    after = text[b] if b < len(text) else " "
    return (before in _SPACES or before.isspace()) and (after in _SPACES or after.isspace())


def _same_token(text: str, cluster: list[_Match], m: _Match) -> bool:
    """Does ``m`` belong with ``cluster``: no space between, and the whole no longer than a
    word can be (`_LONGEST_WORD`)?"""
    if m.end - cluster[0].start > _LONGEST_WORD:
        return False
    return not any(ch in _SPACES or ch.isspace() for ch in text[cluster[-1].end : m.start])


def _judge_all(
    text: str, matches: list[_Match], codec: str, depth: int = 0, proven: bool = False
) -> list[_Match]:
    """The matches of one codec worth repairing.

    Sequences of one word are judged together; a word that is weak evidence on its own is
    repaired when another word of the line (or an earlier layer: ``proven``) is strong.
    """
    usable = [m for m in matches if _decodable(m)]
    rejected = [m.start for m in matches if not _decodable(m)]
    counted: list[dict[str, int]] = []

    def line_scripts() -> dict[str, int]:
        """The letters of the line as this codec repairs it, by script: counted on first use."""
        if not counted:
            line = _apply(text, 0, len(text), usable)
            counted.append(_scripts(line) if len(line) > _SHORT_LINE else _short_scripts(line))
        return counted[0]

    for i, m in enumerate(usable):
        if m.lossy:
            before = usable[i - 1] if i else None
            after = usable[i + 1] if i + 1 < len(usable) else None
            m.text = _lossy_guess(m, text, codec, before, after)
            m.doubt = _lost_doubt(text[m.start : m.end], m.text, text[m.end : m.end + 1])
    clusters: list[list[_Match]] = []
    for m in usable:
        if clusters and _same_token(text, clusters[-1], m):
            clusters[-1].append(m)
        else:
            clusters.append([m])
    accepted: list[_Match] = []
    weak: list[list[_Match]] = []
    strong = False
    for cluster in clusters:
        score, delta = _cluster_score(text, cluster, codec, depth, rejected, line_scripts)
        if (
            (score < THRESHOLD or delta < 0)
            and 1 < len(cluster) <= 12
            and depth == 0
            and _whole_word(text, cluster)
        ):
            # Keep only the sequences that make the token better on their own.
            kept = [
                m
                for m in cluster
                if _cluster_score(text, [m], codec, depth, rejected, line_scripts)[1] >= 0
            ]
            if kept and len(kept) < len(cluster):
                cluster = kept
                score, delta = _cluster_score(text, cluster, codec, depth, rejected, line_scripts)
        if delta < 0:
            continue
        for m in cluster:
            m.score = score / len(cluster)
        if score >= THRESHOLD:
            accepted.extend(cluster)
            strong = True
        elif score >= 0.5:
            weak.append(cluster)
    if strong or proven:
        for cluster in weak:
            accepted.extend(cluster)
    accepted.sort(key=lambda m: m.start)
    return accepted


def _layer(
    text: str, depth: int = 0, changed: list[bool] | None = None, proven: bool = False
) -> list[_Match] | None:
    """The accepted repairs of one layer, from the codec that explains the text best.

    Where a codec that explains the text almost as well reads a word differently, the repair
    of that word is a guess (`_rival_readings`).
    """
    results: list[tuple[float, int, list[_Match]]] = []
    regions = _regions(text) if len(text) > 64 else None
    if regions == []:
        return None
    for rank, codec in enumerate(_BUILT):
        matches = _scan(text, codec, regions)
        if depth or changed:
            # A lost byte is lost once: U+FFFD next to repaired characters is no new evidence.
            matches = [
                m
                for m in matches
                if not m.lossy
                or m.end - m.start >= 3
                or (changed is not None and not any(changed[m.start : m.end]))
            ]
        if not matches:
            continue
        accepted = _judge_all(text, matches, codec.name, depth, proven)
        if not accepted:
            continue
        total = sum(m.score for m in accepted)
        total += 0.25 * sum(_commonness(m.text) for m in accepted)
        for m in accepted:
            m.codec = codec.name
        results.append((total, -rank, accepted))
    if not results:
        return None
    results.sort(key=lambda r: (r[0], r[1]), reverse=True)
    best = results[0]
    if depth == 0:
        for total, _, accepted in results[1:]:
            if total >= _RIVAL * best[0]:
                _rival_readings(text, best[2], accepted)
    return best[2]


_RIVAL = 0.9
"""A codec whose score is this close to the best one's explains the text about as well."""


def _rival_readings(text: str, best: list[_Match], rival: list[_Match]) -> None:
    """Mark the words that ``rival`` reads differently from ``best``, and as plausibly, as
    guesses: "rĹŤpija" is "rōpija" in windows-1250 and "rūpija" in ISO-8859-2.

    The rival must read every word ``best`` repairs: a codec that explains only some of them
    explains the line worse ("MĂĄm dost tĹ\x99etĂ\xadho" is ISO-8859-2 throughout).
    """
    starts = [m.start for m in rival]
    words: list[tuple[int, int, list[_Match], list[_Match]]] = []
    i = 0
    while i < len(best):
        a, b = _token_bounds(text, best[i].start, best[i].end)
        j = i
        while j < len(best) and best[j].start < b:
            j += 1
        theirs = rival[bisect_left(starts, a) : bisect_left(starts, b)]
        if not theirs:
            return
        words.append((a, b, best[i:j], theirs))
        i = j
    layer = [(_apply(text, a, b, word), _apply(text, a, b, theirs)) for a, b, word, theirs in words]
    if any(_leftovers(other) > _leftovers(mine) for mine, other in layer):
        return  # the rival leaves more mojibake behind: it does not read the whole line
    readings = [(_final_reading(mine), _final_reading(other)) for mine, other in layer]
    for (a, b, word, theirs), (mine, other) in zip(words, readings, strict=True):
        if any(m.doubt for m in word) or mine == other or not _plausible_reading(other, mine):
            continue
        doubt = (
            f'"{text[a:b]}": probably "{mine}" ({describe_codec(word[0].codec)}), '
            f'or "{other}" ({describe_codec(theirs[0].codec)})'
        )
        for m in word:
            m.doubt = doubt


def _plausible_reading(other: str, mine: str) -> bool:
    """Does ``other`` read as well as ``mine``: nothing left to repair, no odder, and any letter
    or mark it has that ``mine`` lacks a common one ("franc̩s" is not "francés")?"""
    if _SUSPECT.search(other) or _C1.search(other) or REPLACEMENT in other:
        return False
    if oddness(other) > oddness(mine):
        return False
    extra = set(other) - set(mine)
    return all(c.isascii() or c in _RANK or unicodedata.category(c)[0] not in "LM" for c in extra)


def _leftovers(token: str) -> int:
    """How much mojibake a one-layer reading still holds."""
    return len(_SUSPECT.findall(token)) + len(_C1.findall(token)) + token.count(REPLACEMENT)


def _final_reading(token: str) -> str:
    return _fix_token(token, 1) if _SUSPECT.search(token) else token


def _pictographic(char: str) -> bool:
    code = ord(char) if char else 0
    return code >= 0x1F000 or 0x2600 <= code <= 0x27BF


def _lossy_guess(
    match: _Match, text: str, codec: str, before: _Match | None, after: _Match | None
) -> str:
    """What a lost sequence most likely was (always a guess: the repair is left to a human).

    Only ``â€�`` (E2 80 and a byte the codec leaves undefined; "â€" when the byte was dropped)
    has a likely reading ("â€?" has none: the question mark may be the text's own). In
    windows-1252, of the characters it can be (U+2001, U+200D, U+200F, U+2010, U+201D), the
    right double quotation mark, or the zero-width joiner between two emoji; in windows-1251
    and windows-1250 the left single quotation mark. Inside a run of sequences (a second layer
    of mojibake) nothing is guessed.
    """
    raw = text[match.start : match.end]
    spec = _BY_NAME[codec]
    if not spec.lost_quote or raw[:2] != spec.truncated or raw[2:] not in ("", REPLACEMENT):
        return REPLACEMENT
    joined_before = before is not None and before.end == match.start
    joined_after = after is not None and after.start == match.end
    left = (
        before.text[-1:]
        if before is not None and joined_before
        else text[match.start - 1 : match.start]
    )
    right = (
        after.text[:1] if after is not None and joined_after else text[match.end : match.end + 1]
    )
    if spec.lost_quote == "\u201d" and _pictographic(left) and _pictographic(right):
        return "\u200d"
    if joined_after:
        if spec.lost_quote != "\u201d":
            return REPLACEMENT
        if left and right and _info(left)[1] == _info(right)[1] not in ("LATIN", "COMMON"):
            return "\u200d"  # inside a word of a script that joins: Sinhala "්‍ය"
        return REPLACEMENT
    if joined_before and not _pictographic(left):
        return REPLACEMENT
    if spec.lost_quote != "\u201d":
        return spec.lost_quote
    if match.start == 0 or text[match.start - 1].isspace():
        return REPLACEMENT  # a closing quotation mark follows something
    return "\u201d"


# --- public API -------------------------------------------------------------------------------


def find_mojibake(text: str) -> list[MojibakeSpan]:
    """The garbled runs of ``text`` (one line or one string), each with its repair.

    Runs in one word are reported as one span; text between them is carried over unchanged.
    A span whose repair is only a guess (`MojibakeSpan.doubt`) stands on its own, so that the
    certain repairs around it can still be made, as long as the guess is still found once they
    are: otherwise ("VocÃª estÃ¡ Ã  vontade", where "Ã " is mojibake only because its
    neighbours are) every span of the line waits for a human.
    """
    if text.isascii() or not _suspicious(text):
        return []
    spans = _repairs(text)
    if not spans:
        return spans
    spans = [_partial(s) for s in spans]
    doubtful = [s for s in spans if s.doubt]
    if not doubtful or len(doubtful) == len(spans):
        return spans
    repaired = apply_spans(text, spans)
    found = _find(repaired)
    shift = 0
    moved: list[tuple[int, int]] = []
    for span in spans:
        if span.doubt:
            moved.append((span.start + shift, span.end + shift))
        else:
            shift += len(span.replacement) - (span.end - span.start)
    if _all_found(moved, found):
        return spans
    reason = f"on a line with a guess ({doubtful[0].doubt}) that this repair would hide"
    return [s if s.doubt else replace(s, doubt=reason) for s in spans]


def _all_found(places: list[tuple[int, int]], found: list[MojibakeSpan]) -> bool:
    """Does a span of ``found`` overlap each of ``places`` (both in order)?"""
    k = 0
    for a, b in places:
        while k < len(found) and found[k].end <= a:
            k += 1
        if k == len(found) or found[k].start >= b:
            return False
    return True


def _partial(span: MojibakeSpan) -> MojibakeSpan:
    """``span``, in doubt if its repair still reads as mojibake on its own (a layer too many
    or too few was undone: the repair would only be a step, perhaps a wrong one)."""
    if span.doubt or not _suspicious(span.replacement) or not _find(span.replacement):
        return span
    return replace(span, doubt=f'"{span.replacement}" still reads as mojibake once repaired')


def _find(text: str) -> list[MojibakeSpan]:
    if text.isascii() or not _suspicious(text):
        return []
    return _repairs(text)


def _repairs(text: str) -> list[MojibakeSpan]:
    """The spans of ``text``, which `_suspicious` let through, as the layers repair them."""
    matches = _layer(text)
    if not matches and not _C1.search(text):
        return []
    # Each character of the working text remembers the span of the original it came from, the
    # codecs that were undone to get it, and why its repair is a guess (if it is).
    work = text
    origin: list[tuple[int, int]] = [(i, i + 1) for i in range(len(text))]
    codecs: list[str] = [""] * len(text)
    doubts: list[str] = [""] * len(text)
    for _ in range(4):
        if not matches:
            break
        new_work: list[str] = []
        new_origin: list[tuple[int, int]] = []
        new_codecs: list[str] = []
        new_doubts: list[str] = []
        pos = 0
        for m in matches:
            new_work.extend(work[pos : m.start])
            new_origin.extend(origin[pos : m.start])
            new_codecs.extend(codecs[pos : m.start])
            new_doubts.extend(doubts[pos : m.start])
            span = (origin[m.start][0], origin[m.end - 1][1])
            inner = codecs[m.start]
            label = f"{m.codec}+{inner}" if inner else m.codec
            doubt = m.doubt or next((d for d in doubts[m.start : m.end] if d), "")
            for ch in m.text:
                new_work.append(ch)
                new_origin.append(span)
                new_codecs.append(label)
                new_doubts.append(doubt)
            pos = m.end
        new_work.extend(work[pos:])
        new_origin.extend(origin[pos:])
        new_codecs.extend(codecs[pos:])
        new_doubts.extend(doubts[pos:])
        work, origin, codecs, doubts = "".join(new_work), new_origin, new_codecs, new_doubts
        if not _SUSPECT.search(work):
            break
        matches = _layer(work, changed=[bool(c) for c in codecs], proven=True)
    work = _fix_c1(work, codecs, doubts)
    return _spans(text, work, origin, codecs, doubts)


_LONGEST_SPAN = 160
"""Runs of one word are joined into one span up to this many characters of the original (a
"word" of a hostile line can be as long as the line)."""


def _spans(
    text: str, work: str, origin: list[tuple[int, int]], codecs: list[str], doubts: list[str]
) -> list[MojibakeSpan]:
    """Group the repaired characters into spans of the original, one per word."""
    pieces: list[MojibakeSpan] = []
    i, n = 0, len(work)
    while i < n:
        if not codecs[i]:
            i += 1
            continue
        start, end = origin[i]
        doubt = doubts[i]
        j = i + 1
        while j < n and codecs[j] and origin[j][0] < end:
            end = max(end, origin[j][1])
            doubt = doubt or doubts[j]
            j += 1
        pieces.append(MojibakeSpan(start, end, work[i:j], codecs[i], doubt))
        i = j
    spans: list[MojibakeSpan] = []
    group: list[MojibakeSpan] = []
    for piece in pieces:
        if group and _same_word(text, group, piece):
            group.append(piece)
            continue
        if group:
            spans.append(_joined(text, group))
        group = [piece]
    if group:
        spans.append(_joined(text, group))
    return spans


def _same_word(text: str, group: list[MojibakeSpan], piece: MojibakeSpan) -> bool:
    """Does ``piece`` join the span being built: in the same word, both certain, not too long?"""
    prev = group[-1]
    if prev.doubt or piece.doubt or piece.start - prev.end > 8:
        return False
    if piece.end - group[0].start > _LONGEST_SPAN:
        return False
    return not any(c.isspace() for c in text[prev.end : piece.start])


def _joined(text: str, group: list[MojibakeSpan]) -> MojibakeSpan:
    first = group[0]
    if len(group) == 1:
        return first
    parts = [first.replacement]
    for prev, piece in pairwise(group):
        parts.append(text[prev.end : piece.start])
        parts.append(piece.replacement)
    return MojibakeSpan(first.start, group[-1].end, "".join(parts), first.codec, first.doubt)


def _fix_c1(work: str, codecs: list[str], doubts: list[str]) -> str:
    """C1 controls left over are windows-1252 (or mac_roman) text read as latin-1.

    Windows-1252 is by far the commoner source, and its punctuation reads well ("don\x92t",
    "parlé\x85"): that is a certain repair. Where mac_roman reads a letter next to a letter,
    and windows-1252 a letter too ("K\x9aln": "Kšln" or "Köln") or a symbol wedged into a word
    ("Coatl\x87n": "Coatl‡n" or "Coatlán"), both readings are possible: the likelier one (the
    line's codec: one wedged symbol makes the whole line mac_roman) is kept, as a guess.
    """
    if not _C1.search(work):
        return work
    found: list[tuple[int, str, str]] = []
    for m in _C1.finditer(work):
        byte = bytes([ord(m.group())])
        try:
            found.append((m.start(), byte.decode("cp1252"), byte.decode("mac_roman")))
        except UnicodeDecodeError:
            continue  # undefined in windows-1252 too: left for encoding/control-char
    mac_line = any(_wedged(work, i, win) and _letter(mac) for i, win, mac in found)
    chars = list(work)
    for i, win, mac in found:
        best, other, label = win, mac, "windows-1252 as latin-1"
        beside_letter = _letter(work[i - 1 : i]) or _letter(work[i + 1 : i + 2])
        if _letter(mac) and beside_letter and (mac_line or _letter(win)):
            window = (work[i - 1 : i], work[i + 1 : i + 2])
            if mac_line or oddness(mac.join(window)) < oddness(win.join(window)):
                best, other, label = mac, win, "mac_roman as latin-1"
            names = ("Windows-1252", "Mac OS Roman")[:: 1 if best == win else -1]
            doubts[i] = doubts[i] or (
                f'"{work[i]}": probably "{best}" ({names[0]} read as Latin-1), '
                f'or "{other}" ({names[1]})'
            )
        chars[i] = best
        codecs[i] = codecs[i] or label
    return "".join(chars)


def _letter(char: str) -> bool:
    return bool(char) and _info(char)[0] == "L"


_CONTRACTION = re.compile(r"(?:s|t|d|m|ll|re|ve)(?!\w)", re.IGNORECASE)
_ELIDED = {"l", "d", "j", "n", "m", "s", "t", "c", "o", "qu", "dell", "nell", "all", "sull"}


def _wedged(work: str, i: int, reading: str) -> bool:
    """Is windows-1252's ``reading`` of ``work[i]`` a symbol wedged between two letters?

    An apostrophe is not, where one is usual: "don’t", "it’s", "l’homme", "O’Brien".
    """
    if _letter(reading) or not (_letter(work[i - 1 : i]) and _letter(work[i + 1 : i + 2])):
        return False
    if reading not in "’'":
        return True
    if _CONTRACTION.match(work, i + 1):
        return False
    a = i
    while a > 0 and a > i - 5 and _letter(work[a - 1]):
        a -= 1
    return work[a:i].lower() not in _ELIDED or (a > 0 and _letter(work[a - 1]))


def fix_text(text: str) -> str:
    """``text`` with every certain repair made; the spans in doubt stay as they are."""
    spans = find_mojibake(text)
    return apply_spans(text, spans) if spans else text


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
