"""A content file's front matter, split and decoded as Hugo 0.111 does.

Splitting follows Hugo's page lexer: white space and a byte-order mark may come first; `---`
opens YAML, `+++` TOML and `{` JSON; YAML and TOML close at the first line that *starts*
with the same three characters. Any other first character means no front matter.

Decoding follows the Go libraries Hugo uses: go-yaml v2 (YAML 1.1 booleans `yes`/`no`/`on`/
`off`/`y`/`n`, timestamps kept as text for cast to read, integers in Go's syntax), go-toml v2
(dates of four kinds; integers are `int64`) and encoding/json (every number a `float64`).
Keys are lower-cased at every level, as Hugo's `maps.PrepareParams` does.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from bot import tomlread as tomllib
from bot.hugo import orgmode
from bot.hugo.values import GoInt64, LocalDate, LocalDateTime, LocalTime, to_string

if TYPE_CHECKING:
    from bot.yamlread import Places


class FrontMatterError(ValueError):
    """Front matter Hugo stops on (the whole build fails on it)."""

    def __init__(self, message: str, at: int | None = None) -> None:
        super().__init__(message)
        self.at = at
        """Where Hugo stopped: an offset in the file's text (`split`), or in the front
        matter's (a TOML or JSON decoder's error, its position taken out of the message)."""


@dataclass
class FrontMatter:
    format: str | None
    """"yaml", "toml", "json", "org" (`bot.hugo.orgmode`), or None when the file has none."""
    data: dict[str, Any]
    line: int = 1
    """The line where the front matter's text starts (for messages)."""


def split(text: str) -> tuple[str | None, str, int]:
    """(format, front-matter text, line of its start); raises :class:`FrontMatterError`."""
    pos = 0
    comment: int | None = None  # where a comment opened before the front matter starts
    found: tuple[str | None, str, int] = (None, "", 1)
    after = len(text)  # where Hugo looks for the comment's end: past the front matter
    while pos < len(text):
        char = text[pos]
        if char in " \t\r\n\ufeff":
            pos += 1
            continue
        if char in "+-":
            found = _section(text, pos, char)
            closing = _past_line_end(text, pos + 3) + len(found[1])  # as `_section` reads
            after = _past_line_end(text, closing + 3)
        elif char == "{":
            found = "json", _json_section(text, pos), text.count("\n", 0, pos) + 1
            after = _past_line_end(text, pos + len(found[1]))
        elif char == "#" and text.startswith(orgmode.START, pos):
            found = "org", orgmode.section(text, pos), text.count("\n", 0, pos) + 1
            after = pos + len(found[1])
        elif char == "<":
            if not text.startswith("<!--", pos):
                raise FrontMatterError(PLAIN_HTML, pos)
            # A comment's first line is skipped: the front matter it hides is still read.
            comment = pos if comment is None else comment
            end = text.find("\n", pos)
            pos = len(text) if end < 0 else end + 1
            continue
        else:
            after = pos + 1
        break
    if comment is not None and after < len(text) and text.find("-->", after) < 0:
        raise FrontMatterError(NO_COMMENT_END, comment)
    return found


def _past_line_end(text: str, pos: int) -> int:
    """``pos`` past a CR, then past a LF, where they are (Hugo's `consumeCRLF`)."""
    for eol in "\r\n":
        if text.startswith(eol, pos):
            pos += 1
    return pos


NO_COMMENT_END = (
    "Hugo stops the build on this file (starting HTML comment with no end): the comment "
    "opened before the front matter is not closed after it; add `-->` after the front matter"
)
"""Hugo's words for a comment around the front matter that does not end after it."""
PLAIN_HTML = (
    "Hugo stops the build on this file (plain HTML documents not supported): its text starts "
    "with a tag; start it with front matter, or name it .html to have it copied as it is"
)
"""Hugo's words for a content file (not `.html`) whose text starts with a tag."""


CLOSING = {delim: re.compile(rf"[\r\n](?={re.escape(delim)})") for delim in ("---", "+++")}
"""A line break followed by a closing delimiter (Hugo's lexer closes at the first line that
starts with one, whatever follows it on that line)."""


def _section(text: str, pos: int, delim_char: str) -> tuple[str, str, int]:
    name = "TOML" if delim_char == "+" else "YAML"
    delim = delim_char * 3
    if text[pos : pos + 3] != delim:
        raise FrontMatterError(f"invalid {name} delimiter")
    pos += 3
    was_end_of_line = False
    for eol in "\r\n":
        if text[pos : pos + 1] == eol:
            pos += 1
            was_end_of_line = True
    start = pos
    line = text.count("\n", 0, start) + 1
    if was_end_of_line and text.startswith(delim, start):
        return name.lower(), "", line
    match = CLOSING[delim].search(text, start)
    if match is None:
        raise FrontMatterError(f"EOF looking for end {name} front matter delimiter")
    return name.lower(), text[start : match.end()], line


_JSON_SPECIAL = re.compile(r'[{}"\\]')


def _json_section(text: str, pos: int) -> str:
    """The JSON object from its opening brace to the brace that closes it (braces inside
    strings do not count; a backslash skips the next character, as Hugo's lexer does)."""
    start, level, in_quote = pos, 0, False
    while True:
        match = _JSON_SPECIAL.search(text, pos)
        if match is None:
            raise FrontMatterError("unexpected EOF parsing JSON front matter")
        char = match.group()
        pos = match.end()
        if char == "{" and not in_quote:
            level += 1
        elif char == "}" and not in_quote:
            level -= 1
        elif char == '"':
            in_quote = not in_quote
        elif char == "\\":
            if pos >= len(text):
                raise FrontMatterError("unexpected EOF parsing JSON front matter")
            pos += 1
        if level == 0:
            return text[start:pos]


def read(text: str) -> FrontMatter:
    """The front matter of a content file's text; raises :class:`FrontMatterError`."""
    return decode(*split(text))


def decode(form: str | None, body: str, line: int, nodes: list[Any] | None = None) -> FrontMatter:
    """The front matter :func:`split` gave, decoded; raises :class:`FrontMatterError`.
    YAML's node tree is added to ``nodes`` when given (for :func:`key_positions`)."""
    if form is None:
        return FrontMatter(None, {})
    return FrontMatter(form, prepare(decode_data(form, body, nodes)), line)


def decode_data(form: str, body: str, nodes: list[Any] | None = None) -> dict[str, Any]:
    """Front matter or a configuration file in ``form`` ("yaml", "toml" or "json"), decoded;
    raises :class:`FrontMatterError`, also for values nested deeper than pressbot reads."""
    try:
        if form == "yaml":
            data = decode_yaml(body, nodes)
        elif form == "toml":
            data = decode_toml(body)
        elif form == "org":
            data = orgmode.decode(body)
        else:
            data = decode_json(body)
    except RecursionError:  # a parser that recurses once per level (tomllib, json)
        raise FrontMatterError(TOO_DEEP) from None
    if nested_deeper(data, MAX_DEPTH):
        raise FrontMatterError(TOO_DEEP)
    return data


MAX_DEPTH = 200
"""Levels of lists and mappings that pressbot reads in front matter and Hugo's configuration.
Hugo reads any depth; every step after the parser (keys, dates, schema, text scans) walks
the values one call per level, so a file nested deeper is reported, not read: no real one
comes near."""

TOO_DEEP = (
    f"values nested more than {MAX_DEPTH} levels deep, which pressbot does not read (Hugo"
    " does): flatten them"
)


def nested_deeper(value: Any, limit: int) -> bool:
    """Whether lists and mappings nest in ``value`` more than ``limit`` levels deep; by a
    loop, not by recursion, so that any depth can be measured."""
    level: list[Any] = [value]
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        inner: list[Any] = []
        for item in level:
            if isinstance(item, dict):
                inner.extend(v for v in item.values() if isinstance(v, (dict, list)))
            elif isinstance(item, list):
                inner.extend(v for v in item if isinstance(v, (dict, list)))
        level = inner
    return False


def prepare(data: Any) -> Any:
    """Keys lower-cased in mappings and the mappings they hold, but not inside lists, as
    `maps.PrepareParams` does (a `cascade` list keeps `expiryDate` as written). Where a key
    is given in two letter cases (`Draft` and `draft`), the one not in lower case wins
    whatever the order: PrepareParams moves it onto the lower-case key, which it leaves as
    it is."""
    if not isinstance(data, dict):
        return data
    out: dict[str, Any] = {}
    moved: set[str] = set()
    for k, v in data.items():
        key = str(k)
        low = key.lower()
        if key == low and low in moved:
            continue
        out[low] = prepare(v)
        if key != low:
            moved.add(low)
    return out


# --- TOML -----------------------------------------------------------------------------


_TOML_AT = re.compile(r" \(at (?:line (\d+), column (\d+)|end of document)\)$")
"""Where Python's TOML reader says it stopped, at the end of its message (in the text it
read: the front matter's, not the file's)."""


def decode_toml(body: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(body)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_AT.search(message)
        if found is None:
            raise FrontMatterError(f"TOML: {message}") from None
        at = len(body)  # the end of the document
        if found.group(1):
            line, column = int(found.group(1)), int(found.group(2))
            start = 0
            for _ in range(line - 1):
                start = body.index("\n", start) + 1
            at = start + column - 1
        raise FrontMatterError(f"TOML: {message[: found.start()]}", at) from None
    return _go_toml(data)  # type: ignore[no-any-return]


def _go_toml(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _go_toml(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_go_toml(v) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return GoInt64(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return LocalDateTime(*value.timetuple()[:6], value.microsecond)
        return value
    if isinstance(value, dt.date):
        return LocalDate(value.year, value.month, value.day)
    if isinstance(value, dt.time):
        return LocalTime(value.hour, value.minute, value.second, value.microsecond)
    return value


# --- JSON -----------------------------------------------------------------------------


def decode_json(body: str) -> dict[str, Any]:
    try:
        data = json.loads(
            body, parse_int=_go_float, parse_float=_go_float, parse_constant=_no_constant
        )
    except json.JSONDecodeError as exc:
        raise FrontMatterError(f"JSON: {exc.msg}", exc.pos) from None
    except ValueError as exc:
        raise FrontMatterError(f"JSON: {exc}") from None
    if not isinstance(data, dict):
        raise FrontMatterError("JSON front matter must be an object")
    if _LONE_ESCAPE.search(body):
        cleaned: dict[str, Any] = _without_surrogates(data)
        return cleaned
    return data


_LONE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
"""An escape that may be half of a surrogate pair (`\\ud800`)."""


def _without_surrogates(value: Any) -> Any:
    """Text as Go's `encoding/json` decodes it: an escape that is half a surrogate pair, with
    no other half, is U+FFFD (Python keeps it, a character no file can hold)."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _go_float(text: str) -> float:
    """A JSON number as Go decodes it into a value of any type: a float64, and the page
    fails to build when the number is beyond float64's range (``1e400``, or an integer of
    400 digits), where Python would read it as infinity."""
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"cannot unmarshal number {text[:40]} into Go value of type float64")
    return value


# --- YAML (go-yaml v2) ----------------------------------------------------------------

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_PLAIN = "!plain"
_STR = "tag:yaml.org,2002:str"


class _Composer(_BaseLoader):
    """PyYAML's composer, with every untagged plain scalar left for :func:`_plain`."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return, no-untyped-call]


_BOOLS = {
    **dict.fromkeys(("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE"), True),
    **dict.fromkeys(("on", "On", "ON"), True),
    **dict.fromkeys(("n", "N", "no", "No", "NO", "false", "False", "FALSE"), False),
    **dict.fromkeys(("off", "Off", "OFF"), False),
}
_NULLS = {"", "~", "null", "Null", "NULL"}
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_SPECIAL_FLOATS = {
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), float("inf")),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), float("-inf")),
    **dict.fromkeys((".nan", ".NaN", ".NAN"), float("nan")),
}
_INT_MAX = 2**63


def _go_int(text: str) -> int | None:
    """Go's `strconv.ParseInt(text, 0, 64)` (then ParseUint): prefixes 0x, 0o, 0b, 0."""
    sign = 1
    body = text
    if body[:1] in "+-":
        sign = -1 if body[0] == "-" else 1
        body = body[1:]
    if not body:
        return None
    base = 10
    lowered = body[:2].lower()
    if lowered in ("0x", "0o", "0b"):
        base = {"0x": 16, "0o": 8, "0b": 2}[lowered]
        body = body[2:]
    elif len(body) > 1 and body[0] == "0":
        base, body = 8, body[1:]
    if not body or not body.isascii() or "_" in body:
        return None
    try:
        number = sign * int(body, base)
    except ValueError:
        return None
    if -_INT_MAX <= number < _INT_MAX or (sign > 0 and number < 2 * _INT_MAX):
        return number
    return None


def _plain(text: str) -> Any:
    """A plain scalar as go-yaml v2 resolves it for an `interface{}`."""
    if text in _BOOLS:
        return _BOOLS[text]
    if text in _NULLS:
        return None
    if text in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[text]
    if text[:1] in "-+.0123456789":
        plain = text.replace("_", "")
        number = _go_int(plain)
        if number is not None:
            return number
        if _FLOAT.match(plain):
            real = float(plain)
            # Go's ParseFloat refuses what overflows: go-yaml keeps the text.
            return text if math.isinf(real) else real
        if plain.startswith("0b") or plain.startswith("-0b"):
            negative = plain.startswith("-")
            try:
                value = int(plain[3 if negative else 2 :], 2)
            except ValueError:
                return text
            return -value if negative else value
    return text


_MAX_ITEMS = 1_000_000


def decode_yaml(body: str, nodes: list[Any] | None = None) -> dict[str, Any]:
    """go-yaml's `Unmarshal` of ``body``: its first document only (a `... x` line ends it;
    nothing after it is parsed, but for control characters)."""
    from bot.yamlread import first_document

    try:
        node = first_document(body, _Composer)
    except yaml.YAMLError as exc:
        if "while increasing" in str(exc):  # the scanner's limit of 1,000 levels
            raise FrontMatterError(TOO_DEEP) from None
        raise FrontMatterError(f"YAML: {exc}".splitlines()[0]) from None
    if nodes is not None:
        nodes.append(node)
    if node is None:
        return {}
    budget = [_MAX_ITEMS]
    data = _value(node, budget, 0)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError("YAML front matter must be a mapping")
    return data


def _value(node: Any, budget: list[int], depth: int) -> Any:
    budget[0] -= 1
    if depth > MAX_DEPTH:
        raise FrontMatterError(TOO_DEEP)
    if budget[0] < 0:
        raise FrontMatterError("YAML front matter is too large")
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _PLAIN:
            return _plain(node.value)
        if node.tag in (_STR, "tag:yaml.org,2002:binary"):
            return node.value
        if node.tag == "tag:yaml.org,2002:null":
            return None
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value
        resolved = _plain(node.value)
        return resolved
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, budget, depth + 1) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge" or (
                key_node.tag == _PLAIN and key_node.value == "<<"
            ):
                source = _value(value_node, budget, depth + 1)
                for part in source if isinstance(source, list) else [source]:
                    if isinstance(part, dict):
                        for k, v in part.items():
                            merged.setdefault(k, v)
                continue
            key = _value(key_node, budget, depth + 1)
            if isinstance(key, (dict, list)):
                raise FrontMatterError("YAML front matter has a key that is not text")
            out[to_string(key) if not isinstance(key, str) else key] = _value(
                value_node, budget, depth + 1
            )
        return {**merged, **out}
    raise FrontMatterError("YAML front matter holds an unknown node")


# --- where each key is written ----------------------------------------------------------

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_WORD_KEYS = frozenset(("yes", "no", "true", "false", "on", "off", "null"))
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MAX_NODES = 100_000
"""Values read here at most (`bot.yamlread` stops at more)."""

KeyPath = tuple[Any, ...]


def key_positions(
    node: Any, text: str, first_line: int
) -> tuple[dict[KeyPath, tuple[int, int]], list[tuple[str, int, int]]] | None:
    """The 1-based (line, column) of each key and list item of a YAML tree by its path, and
    the keys given twice in one mapping (key, 0-based line and column), as
    `bot.yamlread.load` finds them, from the tree already composed of ``text``;
    ``first_line`` is the 0-based file line of the YAML's first. None when the tree holds
    anything on which that reader could differ (a tag, an alias, a merge, a key that is not
    plain text), so that it is asked instead."""
    from bot.yamlread import Places

    found = _Positions(Places(text), first_line)
    try:
        found.visit(node, ())
    except _Differs:
        return None
    return found.positions, found.twice


class _Differs(Exception):
    """The tree holds something `bot.yamlread` may read otherwise."""


class _Positions:
    def __init__(self, places: Places, first_line: int) -> None:
        self.places = places
        self.first_line = first_line
        self.positions: dict[KeyPath, tuple[int, int]] = {}
        self.twice: list[tuple[str, int, int]] = []
        self.seen: set[int] = set()
        self.nodes = 0

    def visit(self, node: Any, path: KeyPath) -> None:
        self.nodes += 1
        if self.nodes > _MAX_NODES:
            raise _Differs  # the YAML reader has a limit of its own, left to it to apply
        if isinstance(node, yaml.ScalarNode):
            if node.tag != _PLAIN and node.tag != _STR:
                raise _Differs
            return
        if id(node) in self.seen:
            raise _Differs  # an alias
        self.seen.add(id(node))
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
            for index, item in enumerate(node.value):
                self._record((*path, index), item.start_mark)
                self.visit(item, (*path, index))
        elif isinstance(node, yaml.MappingNode) and node.tag == _MAP:
            keys: set[str] = set()
            for key_node, value_node in node.value:
                key = _text_key(key_node)
                if key is None:
                    raise _Differs
                if key in keys:
                    line, column = self.places.of(key_node.start_mark)
                    self.twice.append((key, self.first_line + line, column))
                keys.add(key)
                self._record((*path, key), key_node.start_mark)
                self.visit(value_node, (*path, key))
        else:
            raise _Differs

    def _record(self, path: KeyPath, mark: Any) -> None:
        line, column = self.places.of(mark)
        self.positions[path] = (self.first_line + line + 1, column + 1)


def _text_key(node: Any) -> str | None:
    """A key that every YAML reader takes as the same text, or None."""
    if not isinstance(node, yaml.ScalarNode) or node.value == "<<":
        return None
    if node.style:
        return node.value if node.tag == _STR else None
    text: str = node.value
    if node.tag != _PLAIN or not _PLAIN_KEY.fullmatch(text) or text.lower() in _WORD_KEYS:
        return None
    return text
