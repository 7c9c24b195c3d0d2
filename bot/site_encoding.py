"""The encoding a Jekyll site reads its posts in: its `encoding` setting, as Ruby takes it.

Jekyll (`Site#configure_file_read_opts`, `Utils.merged_file_read_opts`) reads every file with
`File.read(path, encoding: ENC)`, ENC being `bom|` and the setting when the setting starts with
`utf-` (any case), else the setting as written. So Ruby:

- strips a byte-order mark only under a `bom|utf-...` name: `UTF8`, `''` or `ISO-8859-1` keep it,
  and the front matter after it is not seen;
- ignores, with a warning, a name it does not know (`latin1`, `UTF8`, `''`) and reads UTF-8 (the
  default external encoding of a UTF-8 locale);
- refuses to read any file in an encoding that is not ASCII-compatible (`utf-16`,
  `bom|utf-16le`, `UTF-7`): "ASCII incompatible encoding needs binmode", and Jekyll leaves every
  post out;
- tags the bytes with the encoding without converting them: a byte sequence invalid in it makes
  the front-matter match raise "invalid byte sequence in ENC", and Jekyll leaves the post out.
  The YAML is converted to UTF-8, so a UTF-8 `café` read as ISO-8859-1 is `cafÃ©`.

`None` stands for the usual case (no setting, `utf-8`, `UTF-8`, `bom|utf-8`): UTF-8 with the BOM
stripped, which `bot.post` reads on its fast path.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any, Literal

_RUBY = """\
ASCII-8BIT utf-8 BINARY
UTF-8 utf-8 CP65001 locale external filesystem
US-ASCII ascii ASCII ANSI_X3.4-1968 646
UTF8-MAC utf-8 UTF-8-MAC UTF-8-HFS
UTF8-DoCoMo utf-8
UTF8-KDDI utf-8
UTF8-SoftBank utf-8
CESU-8 utf-8
EUC-JP euc_jp eucJP
eucJP-ms euc_jp euc-jp-ms
CP51932 euc_jp
EUC-JIS-2004 euc_jis_2004 EUC-JISX0213
Windows-31J cp932 CP932 csWindows31J SJIS PCK
Shift_JIS shift_jis
SJIS-DoCoMo cp932
SJIS-KDDI cp932
SJIS-SoftBank cp932
MacJapanese cp932 MacJapan
Big5 big5
Big5-HKSCS big5hkscs Big5-HKSCS:2008
Big5-UAO big5
CP950 cp950
CP951 cp950
CP949 cp949
EUC-KR euc_kr eucKR
GB18030 gb18030
GBK gbk CP936
GB2312 gb2312 EUC-CN eucCN
ISO-8859-1 latin-1 ISO8859-1
ISO-8859-2 iso8859-2 ISO8859-2
ISO-8859-3 iso8859-3 ISO8859-3
ISO-8859-4 iso8859-4 ISO8859-4
ISO-8859-5 iso8859-5 ISO8859-5
ISO-8859-6 iso8859-6 ISO8859-6
ISO-8859-7 iso8859-7 ISO8859-7
ISO-8859-8 iso8859-8 ISO8859-8
ISO-8859-9 iso8859-9 ISO8859-9
ISO-8859-10 iso8859-10 ISO8859-10
ISO-8859-11 iso8859-11 ISO8859-11
ISO-8859-13 iso8859-13 ISO8859-13
ISO-8859-14 iso8859-14 ISO8859-14
ISO-8859-15 iso8859-15 ISO8859-15
ISO-8859-16 iso8859-16 ISO8859-16
KOI8-R koi8-r CP878
KOI8-U koi8-u
Windows-1250 cp1250 CP1250
Windows-1251 cp1251 CP1251
Windows-1252 cp1252 CP1252
Windows-1253 cp1253 CP1253
Windows-1254 cp1254 CP1254
Windows-1255 cp1255 CP1255
Windows-1256 cp1256 CP1256
Windows-1257 cp1257 CP1257
Windows-1258 cp1258 CP1258
Windows-874 cp874 CP874
TIS-620 tis-620
IBM437 cp437 CP437
IBM720 cp720 CP720
IBM737 cp737 CP737
IBM775 cp775 CP775
CP850 cp850 IBM850
IBM852 cp852
CP852 cp852
IBM855 cp855
CP855 cp855
IBM857 cp857 CP857
IBM860 cp860 CP860
IBM861 cp861 CP861
IBM862 cp862 CP862
IBM863 cp863 CP863
IBM864 cp864 CP864
IBM865 cp865 CP865
IBM866 cp866 CP866
IBM869 cp869 CP869
macCentEuro mac-latin2
macCroatian mac-croatian
macCyrillic mac-cyrillic
macUkraine mac-cyrillic
macGreek mac-greek
macIceland mac-iceland
macRoman mac-roman
macRomania mac-romanian
macTurkish mac-turkish
macThai -
Emacs-Mule -
EUC-TW - eucTW
GB1988 -
GB12345 -
stateless-ISO-2022-JP -
stateless-ISO-2022-JP-KDDI -
UTF-16 *
UTF-32 *
UTF-16BE * UCS-2BE
UTF-16LE *
UTF-32BE * UCS-4BE
UTF-32LE * UCS-4LE
UTF-7 * CP65000
ISO-2022-JP * ISO2022-JP
ISO-2022-JP-2 * ISO2022-JP2
ISO-2022-JP-KDDI *
CP50220 *
CP50221 *
IBM037 * ebcdic-cp-us
"""
"""Ruby 3.1's encodings (`Encoding.list`): its name, the Python codec that reads it (`-`: none
does; `*`: not ASCII-compatible, Ruby reads no file as text in it), its aliases."""


def _table() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for line in _RUBY.splitlines():
        name, codec, *aliases = line.split()
        for each in (name, *aliases):
            out[each.lower()] = (name, codec)
    return out


Kind = Literal["read", "unknown", "unsupported", "ascii-incompatible"]


@dataclass(frozen=True, slots=True)
class ReadEncoding:
    """How Jekyll reads the site's files, when not as plain UTF-8 with the BOM stripped."""

    setting: str
    """The `encoding` setting as written."""
    name: str
    """Ruby's name of the encoding it reads in (`UTF-8` when it ignores the setting)."""
    codec: str
    """The Python codec that decodes it (UTF-8 where pressbot has none to read it with)."""
    strips_bom: bool
    kind: Kind = "read"
    """`read`: as named; `unknown`: Ruby ignores the name and reads UTF-8; `unsupported`: a
    Ruby encoding no Python codec reads (pressbot reads UTF-8); `ascii-incompatible`: Ruby reads
    no file in it, every post is left out."""

    @property
    def utf8(self) -> bool:
        """Bytes are read as UTF-8 (only the BOM may be handled otherwise)."""
        return self.codec == "utf-8"

    @property
    def single_byte(self) -> bool:
        """Every byte is a character: Ruby finds no byte invalid (US-ASCII's bytes over 0x7f
        are, and UTF-8's and the multi-byte encodings' ill-formed sequences)."""
        if self.codec in ("utf-8", "ascii"):
            return False
        return len(bytes(range(256)).decode(self.codec, "replace")) == 256


def read_encoding(jekyll: dict[str, Any]) -> ReadEncoding | None:
    """How Jekyll reads the site's posts; None for UTF-8 with the BOM stripped (the default).

    ``jekyll`` is the site's configuration, its `encoding` already checked to be text or unset
    (`bot.site`): null keeps Jekyll's default, `false` sets no encoding (Ruby's own, UTF-8,
    which keeps a BOM). `ASCII-8BIT` is read as UTF-8 without BOM: Ruby finds no byte invalid
    in it, but its YAML reader takes the bytes as UTF-8."""
    setting = jekyll.get("encoding", "utf-8")
    if setting is None or not isinstance(setting, str | bool):
        return None  # null keeps the default; another type is refused with the configuration
    if setting is True:
        return None  # refused with the configuration
    if setting is False:
        return ReadEncoding("false", "UTF-8", "utf-8", strips_bom=False)
    bom = setting.lower().startswith("utf-")
    name = setting
    if name[:4].lower() == "bom|":
        # Ruby takes a `bom|` prefix, and detects a BOM only for a UTF name
        name = name[4:]
        bom = name[:4].upper() == "UTF-"
    found = _table().get(name.lower())
    if found is None:
        return ReadEncoding(setting, "UTF-8", "utf-8", strips_bom=False, kind="unknown")
    ruby, codec = found
    if codec == "*":
        # nothing is read: the text is read as UTF-8 for the other rules
        return ReadEncoding(setting, ruby, "utf-8", strips_bom=True, kind="ascii-incompatible")
    if codec == "-":
        return ReadEncoding(setting, ruby, "utf-8", strips_bom=False, kind="unsupported")
    if codec == "utf-8" and bom and ruby != "ASCII-8BIT":
        return None
    return ReadEncoding(setting, ruby, codec, strips_bom=bom and codec == "utf-8")


_SJIS = re.compile(rb"(?:[\x00-\x7f\xa1-\xdf]|[\x81-\x9f\xe0-\xfc][\x40-\x7e\x80-\xfc])*")
"""What Ruby finds valid in Shift_JIS and Windows-31J: the shape of the bytes, not whether a
pair stands for a character (a UTF-8 BOM, `EF BB BF`, is valid there)."""
_EUC_JP = re.compile(
    rb"(?:[\x00-\x7f]|\x8e[\xa1-\xfe]|\x8f[\xa1-\xfe][\xa1-\xfe]|[\xa1-\xfe][\xa1-\xfe])*"
)
"""What Ruby finds valid in EUC-JP: a row and cell of 94 each, whether or not JIS X 0208
puts a character there (`A9 A1`, which Python's codec refuses)."""
_GBK = re.compile(rb"(?:[\x00-\x80]|[\x81-\xfe][\x40-\x7e\x80-\xfe])*")
"""What Ruby finds valid in GBK: `80` alone, a lead byte and any trail byte."""


def _shape(encoding: ReadEncoding) -> re.Pattern[bytes] | None:
    if encoding.codec in ("shift_jis", "cp932"):
        return _SJIS
    return {"EUC-JP": _EUC_JP, "GBK": _GBK}.get(encoding.name)


def first_invalid(data: bytes, encoding: ReadEncoding) -> int | None:
    """Where the first byte Ruby finds invalid in ``encoding`` is (-1: none is), for the
    encodings whose validity Ruby judges by shape alone, else None (then the codec's own
    decoding decides). A valid sequence the codec has no character for is read all the same."""
    shape = _shape(encoding)
    if shape is None:
        return None
    end = shape.match(data)
    assert end is not None
    return end.end() if end.end() < len(data) else -1


def c1_fallback(error: UnicodeError) -> tuple[str, int]:
    """A byte that a single-byte codec leaves undefined (0x81 in Windows-1252) is a character
    to Ruby all the same: the C1 control of that number."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return chr(error.object[error.start]), error.start + 1


codecs.register_error("pressbot-c1", c1_fallback)


def warning(encoding: ReadEncoding) -> str | None:
    """What to say once about a setting that does not read as it says, or None."""
    said = f"`encoding: {encoding.setting}`"
    if encoding.kind == "unknown":
        return (
            f"{said} is no encoding Ruby knows: Jekyll ignores it and reads the posts as UTF-8 "
            "without taking off a byte-order mark, and so does pressbot; write `encoding: utf-8`"
        )
    if encoding.kind == "unsupported":
        return (
            f"{said}: pressbot cannot read {encoding.name} and reads the posts as UTF-8; "
            "its findings on their text may not be Jekyll's"
        )
    return None
