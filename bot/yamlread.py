"""Front matter YAML, read safely and with the position of every key.

PyYAML's composer (the C one where available) builds the node tree; this module turns
nodes into plain data itself so that it can record where each key is, notice keys given
twice (YAML silently keeps the last), refuse every tag that is not plain data
(``!!python/object`` and friends), and stop alias bombs: aliases are counted as they are
expanded, so a billion-laughs document costs a bounded amount of work.

A plain-data tag on text it cannot make (`!!bool 'abc'`) is read as Jekyll's Psych reads
it: `!!float` stops the whole front matter, the others keep the text, as a `TagMismatch`
that the `frontmatter/syntax` rule reports. Numbers too long to print stay text.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from bot import psych_scalars
from bot.psych_scalars import MAX_INT_BITS, MAX_NUMBER_TEXT
from bot.ruby import YamlTimestamp

try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


_RESOLVED: dict[tuple[str, bool], str] = {}


class _Resolving(yaml.resolver.Resolver):
    """Plain scalars typed as Psych types them (`bot.psych_scalars`: text, or `_PLAIN` for
    a value this module makes), nothing else (this module builds the data itself). Path
    resolvers are never used, so their hooks do nothing, and how plain scalars resolve is
    remembered: keys, layouts, categories and authors repeat from post to post."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            key = (value, implicit[0])
            tag = _RESOLVED.get(key)
            if tag is None:
                if not implicit[0]:
                    tag = _STR  # quoted text
                elif value == "<<":
                    tag = _MERGE
                else:
                    tag = _STR if psych_scalars.is_text(value) else _PLAIN
                if len(_RESOLVED) < 50_000 and len(value) < 64:
                    _RESOLVED[key] = tag
            return tag
        return str(yaml.resolver.BaseResolver.resolve(self, kind, value, implicit))  # type: ignore[no-untyped-call]


class _Loader(_Parser, _Resolving):
    """A composer only: libyaml's parser."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)


class _Redefining:
    """Composes as Psych does an anchor defined again (`&who` twice): the later one names
    the node for the aliases after it. (libyaml's composer refuses it, and cannot be
    changed: PyYAML's, over libyaml's events, reads only such documents.)"""

    anchors: dict[str, Any]

    def compose_node(self, parent: Any, index: Any) -> Any:
        if not self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            anchor = self.peek_event().anchor  # type: ignore[attr-defined]
            if anchor is not None:
                self.anchors.pop(anchor, None)
        return super().compose_node(parent, index)  # type: ignore[misc]


if issubclass(_Parser, Composer):  # pragma: no cover - PyYAML built without libyaml

    class _RedefiningLoader(_Redefining, _Parser, _Resolving):
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)

else:

    class _RedefiningLoader(_Redefining, Composer, _Parser, _Resolving):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            Composer.__init__(self)


MAX_NODES = 200_000
"""How many nodes one front matter may expand to (aliases included)."""

_UTC = dt.timezone.utc
_PLAIN_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:binary",
}
_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BINARY = "tag:yaml.org,2002:binary"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_PLAIN = "tag:pressbot,2026:psych-plain"
"""A plain scalar Psych makes a value of (a number, a date, true...): `psych_scalars.value`."""
_PSYCH_SCALAR_TAGS = {"!str": _STR, "!ruby/string": _STR, "!binary": _BINARY, "!float": _FLOAT}
"""Psych's own spellings of tags it reads as YAML's."""

KeyPath = tuple[Any, ...]


class YamlProblem(Exception):
    """A YAML error with a 0-based position inside the YAML text, lines counted as the file's
    (`Places`)."""

    def __init__(self, kind: str, message: str, line: int, column: int, mark: Any = None) -> None:
        super().__init__(message)
        self.kind = kind  # "syntax" | "duplicate-key" | "tag" | "argument" (a `!!float`)
        self.message = message
        self.line = line
        self.column = column
        self.mark = mark
        """PyYAML's mark, while ``line`` and ``column`` are still its own (`load` places it)."""

    @classmethod
    def at(cls, kind: str, message: str, mark: Any) -> YamlProblem:
        """A problem at a PyYAML mark, placed in the text's lines by `load`."""
        return cls(kind, message, mark.line, mark.column, mark)


_OTHER_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
"""What PyYAML (as Psych and go-yaml) ends a line with besides LF and CRLF."""
_C_PARSER = not issubclass(_Parser, Reader)
"""libyaml's marks do not count a BOM that starts the text; PyYAML's reader counts it."""


class Places:
    """Where a PyYAML mark of ``text`` is in the lines of the file (0-based line and column):
    lines end at LF only, as `Post.lines` splits them, where PyYAML also ends one at a lone
    CR, NEL (U+0085) and the line and paragraph separators (U+2028, U+2029); a BOM that
    starts the text takes no column. Columns count characters."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.bom = text.startswith("\ufeff")
        self.same = not self.bom and _OTHER_BREAKS.search(text) is None
        self._starts: list[int] | None = None

    def of(self, mark: Any) -> tuple[int, int]:
        """0-based (line, column) of ``mark``."""
        if self.same:
            return mark.line, mark.column
        return self.offset(mark.index + (1 if self.bom and _C_PARSER else 0))

    def one_based(self, mark: Any) -> tuple[int, int]:
        line, column = self.of(mark)
        return line + 1, column + 1

    def offset(self, index: int) -> tuple[int, int]:
        """0-based (line, column) of the character at ``index`` of the text."""
        starts = self._starts
        if starts is None:
            starts = self._starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        line = bisect.bisect_right(starts, index) - 1
        column = index - starts[line]
        if line == 0 and self.bom and column > 0:
            column -= 1
        return line, column


@dataclass
class YamlDoc:
    data: Any
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    """1-based (line, column) of each key, by its path: ("tags", 1) is the second tag.
    (Problems carry PyYAML's 0-based marks.)"""
    duplicates: list[YamlProblem] = field(default_factory=list)


_SCALARS = yaml.constructor.SafeConstructor()
"""PyYAML's constructors for plain scalars (ints, floats, booleans, nulls, timestamps...);
each makes its value from the node alone, so one instance serves every document."""

_IMPLICIT = yaml.resolver.Resolver()
"""How untagged text resolves, to tell an author's tag from one YAML inferred."""

_NULLS = ("", "~", "null", "Null", "NULL")
_CONSTRUCT_ERRORS = (
    ArithmeticError,
    AttributeError,
    LookupError,
    TypeError,
    ValueError,
    yaml.YAMLError,
)
"""What PyYAML's scalar constructors raise on text their tag cannot make (`!!bool 'abc'`
is a KeyError, `!!timestamp 'abc'` an AttributeError)."""
_AS_WRITTEN = {
    _BOOL: "is not true or false; write true or false, without the tag",
    _INT: "is not a whole number; write a number, or drop the tag to keep the text",
    _NULL: "is not empty or null; drop the tag",
    _TIMESTAMP: "is not a date; write YYYY-MM-DD HH:MM:SS +ZZZZ, without the tag",
}


class TagMismatch(str):
    """The text of a scalar whose tag cannot make it (`!!bool 'abc'`), kept as Psych keeps
    it; `bot.rules.frontmatter` reports it where it is written."""

    tag: str
    problem: str
    line: int
    column: int
    """1-based, of the value (its tag included), in the file's lines (`Places`)."""


def short_tag(tag: str) -> str:
    """`tag:yaml.org,2002:set` as the author writes it: `!!set`."""
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def _mismatch(node: yaml.ScalarNode, problem: str) -> TagMismatch:
    out = TagMismatch(node.value)
    out.tag, out.problem = short_tag(node.tag), problem
    out.line, out.column = node.start_mark.line + 1, node.start_mark.column + 1  # see `_placed`
    return out


def _shown(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _binary(node: yaml.ScalarNode) -> Any:
    """`!!binary` base64 of UTF-8 text is that text (as Jekyll uses it); anything else is
    not text a post can hold."""
    try:
        data = _SCALARS.construct_yaml_binary(node)
    except _CONSTRUCT_ERRORS:
        return _mismatch(node, "is not base64; write the text itself, without the tag")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _mismatch(node, "is base64 of bytes that are not UTF-8 text; write the text")


def _unconstructed(node: yaml.ScalarNode) -> Any:
    """Text that its tag cannot make: kept, as Psych keeps it, unless Psych fails."""
    tag, text = node.tag, node.value
    if not node.style and _IMPLICIT.resolve(yaml.ScalarNode, text, (True, False)) == tag:  # type: ignore[no-untyped-call]
        # YAML's own guess (2026-02-30 looks like a timestamp): the rules judge the text.
        return YamlTimestamp(text) if tag == _TIMESTAMP and ":" in text else text
    if not text and tag != _FLOAT:
        return None  # Psych reads the empty text of a tag it cannot make as null
    if tag == _FLOAT:
        mark = node.start_mark
        raise YamlProblem.at(
            "argument" if _float_argument_error(text) else "tag",
            f'!!float "{_shown(text)}" is not a number, and Jekyll drops front matter it '
            "cannot read; write a number, or drop the tag to keep the text",
            mark,
        )
    if tag == _TIMESTAMP:
        from bot.jekyll import DateError, parse_date_string

        try:
            parse_date_string(text, _UTC)
        except DateError:
            return _mismatch(node, _AS_WRITTEN[tag])
        return text  # Psych keeps it as text, which Jekyll then reads as a date
    return _mismatch(node, _AS_WRITTEN[tag])


def _float_argument_error(text: str) -> bool:
    """Whether Psych's `!!float` fails on ``text`` with an ArgumentError (`Float("abc")`):
    its plain reading is text. Other readings fail otherwise (`Float(nil)`, a Symbol or a
    Date refused): Jekyll reads a configuration on past an ArgumentError only."""
    try:
        found = psych_scalars.value(text)
    except psych_scalars.PsychError:
        return False
    return isinstance(found, str) and not (len(found) > 1 and found[0] == ":")


def _scalar(node: yaml.ScalarNode) -> Any:
    tag, text = node.tag, node.value
    if not node.style and ":" in text and tag in (_INT, _FLOAT):
        base60 = psych_scalars.base60(text)
        return text if base60 is None else base60  # Psych keeps `1:2:3:4` as text
    if tag == _NULL:
        return None if text in _NULLS else _unconstructed(node)
    if tag == _BINARY:
        return _binary(node)
    if tag in (_INT, _FLOAT) and len(text) > MAX_NUMBER_TEXT:
        return text
    try:
        value = _SCALARS.yaml_constructors[tag](_SCALARS, node)
    except _CONSTRUCT_ERRORS:
        return _unconstructed(node)
    if type(value) is int and value.bit_length() > MAX_INT_BITS:
        return text
    return value


def _plain(node: yaml.ScalarNode) -> Any:
    try:
        return psych_scalars.value(node.value)
    except psych_scalars.PsychError as exc:
        mark = node.start_mark
        raise YamlProblem.at(
            "syntax",
            f"{exc}, and Jekyll cannot read the file; put the value in quotes to keep it as text",
            mark,
        ) from None


_SPECIAL_SCALAR = re.compile(
    r"!ruby/(object:(BigDecimal|DateTime|Complex|Rational)$|encoding$|regexp$|range$|sym)"
    r"|!(str|ruby/string):"
)
_SPECIAL_SEQUENCE = re.compile(r"!ruby/array:|!seq:")
_SPECIAL_MAPPING = re.compile(
    r"!ruby/(struct|object(?!:Hash$)|array:|range$|exception|marshalable:|hash:"
    r"|hash-with-ivars:)|!(set|omap)$|!map:|tag:yaml\.org,2002:(set|omap)$"
    r"|!(str|ruby/string):"
)
"""The tags on a mapping that Psych makes a Ruby object of (which Jekyll's safe loading
refuses); it reads a mapping with any other tag as a plain one, but for `_TEXT_MAPPING`
and `!ruby/hash-with-ivars`."""
_OMAP = ("!omap", "tag:yaml.org,2002:omap")
_IVAR = re.compile("[A-Za-z_\u0080-\U0010ffff][A-Za-z0-9_\u0080-\U0010ffff]*")
"""A name Ruby takes for an instance variable (after its `@`)."""
_TEXT_MAPPING = ("!str", "!ruby/string", _STR)


def _parts(node: yaml.Node) -> list[yaml.Node]:
    """A collection's children as Psych's nodes hold them (a mapping's keys and values, in
    turn); text has none."""
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _psych_ignores(tag: str, kind: str) -> bool:
    """Whether Psych reads a node with ``tag`` as if it had none: a tag it does not know
    (a local `!foo`, `!<tag:example.com,2000:x>`, `!!foo`), as its `ToRuby` visitor
    falls through to the plain reading. The tags it knows (Ruby objects and symbols,
    sets, ordered maps) make classes Jekyll's safe loading refuses."""
    pattern = {"scalar": _SPECIAL_SCALAR, "sequence": _SPECIAL_SEQUENCE}.get(kind, _SPECIAL_MAPPING)
    return pattern.match(tag) is None


def _ruby_symbol(node: yaml.Node, quoted: bool = False) -> bool:
    """Plain text that Psych reads as a Ruby symbol (`:title/`, Psych's `/^:./`), a class
    Jekyll's safe YAML refuses: it then drops the whole front matter. With ``quoted``,
    quoted text too (a tag Psych ignores has it read the text as if plain)."""
    text = node.value
    return (
        isinstance(node, yaml.ScalarNode)
        and (quoted or not node.style)
        and isinstance(text, str)
        and len(text) > 1
        and text[0] == ":"
        and "\n" not in text
    )


def _symbol_problem(node: yaml.Node) -> YamlProblem:
    mark = node.start_mark
    return YamlProblem.at(
        "tag",
        f'{_shown(node.value)} is a Ruby symbol to Jekyll (plain text starting with ":"), and '
        "Jekyll drops front matter holding one; put the value in quotes",
        mark,
    )


class _Builder:
    def __init__(self, text: str, symbols_fail: bool = False) -> None:
        self.text = text
        self.places = Places(text)
        self.symbols_fail = symbols_fail
        self.nodes = 0
        self.positions: dict[KeyPath, tuple[int, int]] = {}
        self.duplicates: list[YamlProblem] = []
        self.seen_nodes: set[int] = set()

    def build(self, node: yaml.Node, path: KeyPath, record: bool) -> Any:
        self.nodes += 1
        if record and isinstance(node, yaml.CollectionNode):
            # An alias re-visits a node: its positions are those of the anchor, kept once.
            if id(node) in self.seen_nodes:
                record = False
            self.seen_nodes.add(id(node))
        if self.nodes > MAX_NODES:
            mark = node.start_mark
            raise YamlProblem.at(
                "syntax",
                f"the YAML expands to more than {MAX_NODES} values (aliases used as a bomb?); "
                "write the values out instead of repeating aliases",
                mark,
            )
        if isinstance(node, yaml.ScalarNode):
            tag = node.tag
            if tag == _STR:
                if not node.value and not node.style and self._bare_tag(node):
                    return None  # `!` alone: Psych reads the empty text as null
                if self.symbols_fail and _ruby_symbol(node):
                    raise _symbol_problem(node)
                return node.value
            if tag == _PLAIN:
                return _plain(node)
            if tag in _PSYCH_SCALAR_TAGS:
                tag = _PSYCH_SCALAR_TAGS[tag]
                node = yaml.ScalarNode(tag, node.value, node.start_mark, node.end_mark, node.style)
                if tag == _STR:
                    return node.value
            if tag not in _PLAIN_SCALAR_TAGS:
                if not _psych_ignores(tag, "scalar"):
                    raise self._tag_problem(node)
                if self.symbols_fail and _ruby_symbol(node, quoted=True):
                    raise _symbol_problem(node)
                return _plain(node)  # the text as if untagged, quotes or not
            return self._placed(_scalar(node), node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag in _OMAP:
                return self._omap(node, path, record)
            if node.tag != _SEQ and not _psych_ignores(node.tag, "sequence"):
                raise self._tag_problem(node)
            out = []
            for i, item in enumerate(node.value):
                if record:
                    mark = item.start_mark
                    where = (*path, i)
                    self.positions[where] = self.places.one_based(mark)
                out.append(self.build(item, (*path, i), record))
            return out
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP and not _psych_ignores(node.tag, "mapping"):
                raise self._tag_problem(node)
            if node.tag in _TEXT_MAPPING:
                return self._text_mapping(node, path)
            if node.tag == "!ruby/hash-with-ivars":
                return self._hash_with_ivars(node, path, record)
            return self._mapping(node, path, record)
        raise self._tag_problem(node)  # pragma: no cover - no other node kinds

    def _placed(self, value: Any, node: yaml.Node) -> Any:
        """``value``, a `TagMismatch` placed in the file's lines."""
        if isinstance(value, TagMismatch):
            value.line, value.column = self.places.one_based(node.start_mark)
        return value

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, record: bool) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE or self._quoted_merge(key_node):
                self._merge(out, self.build(value_node, path, False))
                continue
            if key_node.tag == _STR and not (self.symbols_fail and _ruby_symbol(key_node)):
                key = self._note_key(key_node.value, key_node, seen)
            else:
                key = self._key(key_node, path, seen)
            if record:
                mark = key_node.start_mark
                where = (*path, key)
                self.positions[where] = self.places.one_based(mark)
            if (
                value_node.tag == _STR
                and isinstance(value_node, yaml.ScalarNode)
                and (value_node.style or value_node.value[:1] not in (":", ""))
            ):
                self.nodes += 1
                out[key] = value_node.value
            else:
                out[key] = self.build(value_node, (*path, key), record)
        return out

    def _omap(self, node: yaml.SequenceNode, path: KeyPath, record: bool) -> dict[Any, Any]:
        """`!!omap [a: 1, b: 2]`, as Psych makes it (a `Psych::Omap`, a Hash Jekyll reads):
        of each item, its first part is a key and its last part the value (a pair's key
        and value; of `[a, b, c]`, a and c); a later key replaces an earlier one. An item
        with no parts (text, `{}`, an alias) makes Psych fail."""
        out: dict[Any, Any] = {}
        seen: set[Any] = set()
        end = node.start_mark.index
        for item in node.value:
            self.nodes += 1
            parts = _parts(item)
            # an alias is the node it names, written before: it starts before this item
            if not parts or item.start_mark.index < end:
                mark = node.start_mark  # at the tag, as other tags Psych fails on
                raise YamlProblem.at(
                    "tag",
                    f"{short_tag(node.tag)} holds `key: value` pairs, and Jekyll drops front "
                    "matter whose !!omap holds anything else; write the pair, or drop the tag",
                    mark,
                )
            end = item.end_mark.index
            key = self._key(parts[0], path, seen)
            if record:
                mark, where = parts[0].start_mark, (*path, key)
                self.positions[where] = self.places.one_based(mark)
            out[key] = self.build(parts[-1], (*path, key), record)
        return out

    def _text_mapping(self, node: yaml.MappingNode, path: KeyPath) -> Any:
        """`!str {str: text}` is the text (Psych's way of writing a String with instance
        variables, the other keys); an empty one is null. Psych fails on an instance
        variable of anything but text, or one whose name Ruby refuses."""
        data = self._mapping(node, path, False)
        text = data.get("str")
        others = [key for key in data if key != "str"]
        if others and not (
            isinstance(text, str)
            and all(isinstance(k, str) and _IVAR.fullmatch(k.removeprefix("@")) for k in others)
        ):
            raise self._tag_problem(node)
        return text

    def _hash_with_ivars(self, node: yaml.MappingNode, path: KeyPath, record: bool) -> Any:
        """`!ruby/hash-with-ivars`: Psych's Hash is the mapping under `elements` (its
        `ivars` are instance variables Jekyll never reads)."""
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == "elements":
                if not isinstance(value_node, yaml.MappingNode):
                    raise self._tag_problem(node)
                return self._mapping(value_node, path, record)
        return {}

    def _key(self, node: yaml.Node, path: KeyPath, seen: set[Any]) -> Any:
        """A mapping key's value (plain data: text, a number...), noted as seen; a key given
        twice is recorded as a duplicate."""
        return self._note_key(self.build(node, path, False), node, seen)

    def _note_key(self, key: Any, node: yaml.Node, seen: set[Any]) -> Any:
        if isinstance(key, (dict, list)):
            mark = node.start_mark
            raise YamlProblem.at(
                "syntax",
                "a key must be plain text; write the key as a word, not a list or mapping",
                mark,
            )
        # one key as Ruby's Hash tells keys apart (`eql?`): `1`, `1.0` and `true` are three
        same = (type(key), key) if isinstance(key, (int, float)) else key
        if same in seen:
            mark = node.start_mark
            self.duplicates.append(
                YamlProblem(
                    "duplicate-key",
                    f'key "{key}" is given twice; YAML keeps only the last value',
                    *self.places.of(mark),
                )
            )
        seen.add(same)
        return key

    def _bare_tag(self, node: yaml.ScalarNode) -> bool:
        """Whether the node is written with the non-specific tag `!` (PyYAML makes it text)."""
        written = self.text[node.start_mark.index : node.end_mark.index].split()
        return written[-1:] == ["!"]

    def _quoted_merge(self, key: yaml.Node) -> bool:
        """A quoted `"<<"` key merges too: Psych skips the merge only for a key tagged
        `!!str` (a quoted key has no tag)."""
        quote = getattr(key, "style", None)
        if key.tag != _STR or key.value != "<<" or not quote:
            return False
        written = self.text[key.start_mark.index : key.end_mark.index]
        return "!" not in written.split(quote, 1)[0]

    @staticmethod
    def _merge(out: dict[Any, Any], merged: Any) -> None:
        """A merge key (`<<: *base`) as Psych applies it: in its place among the keys, so a
        merged value replaces a key written above it and a key written below replaces it;
        in a list of mappings the first one wins. Anything else is kept under the key `<<`."""
        if isinstance(merged, dict):
            out.update(merged)
        elif isinstance(merged, list) and all(isinstance(part, dict) for part in merged):
            combined: dict[Any, Any] = {}
            for part in reversed(merged):
                combined.update(part)
            out.update(combined)
        else:
            out["<<"] = merged

    @staticmethod
    def _tag_problem(node: yaml.Node) -> YamlProblem:
        mark = node.start_mark
        return YamlProblem.at(
            "tag",
            f"the tag {_shown(short_tag(node.tag))} is not allowed: front matter holds plain "
            "data only (drop the tag)",
            mark,
        )


_REMEDIES = (
    ("tab character", "indent with spaces, not tabs"),
    ("cannot start any token", "put the value in quotes (it starts with a character YAML keeps)"),
    ("expected node content", "put the value in quotes"),
    (
        "mapping values are not allowed",
        'put a value holding ": " in quotes, or indent the key as the keys beside it',
    ),
    ("quoted scalar", "close the quote the value opens"),
    ("flow sequence", "close the list with ] (a value holding , or ] goes in quotes)"),
    ("flow mapping", "close the mapping with } (a value holding , or } goes in quotes)"),
    ("'-' indicator", 'start each item of the list with "- ", indented as the others'),
    ("undefined alias", "define the anchor (&name) before the alias (*name), or quote the value"),
    ("duplicate anchor", "give each anchor (&name) its own name"),
    ("directive", "put the value in quotes, or remove the line starting with %"),
    (
        "expected key",
        "quote a value holding quotes with the other kind ('say \"hi\"'), and line up the keys",
    ),
    ("expected ':'", 'write "key: value", or indent the line under the key it belongs to'),
)
"""What to do about a YAML error, by words of libyaml's message (the first that matches)."""


def with_remedy(problem: str) -> str:
    """``problem`` followed by what to do about it."""
    remedy = next((fix for words, fix in _REMEDIES if words in problem), "correct the YAML here")
    return f"{problem}; {remedy}"


def load(text: str, symbols_fail: bool = True) -> YamlDoc:
    """Parse the first YAML document (`first_document`) as plain data; raise YamlProblem on
    anything else (with ``symbols_fail``, on what Psych would read as a Ruby symbol, as
    Jekyll's front matter reader does). Positions are in the file's lines (`Places`)."""
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = Places(text).of(mark) if mark else (0, 0)
        problem = exc.problem or str(exc)
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise YamlProblem("syntax", with_remedy(problem), line, column) from None
    except yaml.reader.ReaderError as exc:
        line, column = _reader_place(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else 0
        problem = f"the character U+{code:04X} is not allowed in YAML, not even in quotes"
        raise YamlProblem("syntax", f"{problem}; remove it", line, column) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("syntax", with_remedy(str(exc).splitlines()[0]), 0, 0) from None
    if node is None:
        return YamlDoc(None)
    builder = _Builder(text, symbols_fail)
    try:
        data = builder.build(node, (), True)
    except YamlProblem as exc:
        if exc.mark is not None:
            exc.line, exc.column = builder.places.of(exc.mark)
            exc.mark = None
        raise
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        problem = with_remedy(exc.problem or "value cannot be read")
        line, column = builder.places.of(mark) if mark else (0, 0)
        raise YamlProblem("syntax", problem, line, column) from None
    except RecursionError:
        raise YamlProblem(
            "syntax", "the YAML is nested too deeply; flatten its lists and mappings", 0, 0
        ) from None
    return YamlDoc(data, builder.positions, builder.duplicates)


def _reader_place(text: str, position: int) -> tuple[int, int]:
    """(line, column) from 0, in the file's lines (`Places`), of the character at
    ``position``, libyaml's offset in bytes of ``text`` as UTF-8."""
    head = text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore")
    return Places(text).offset(len(head))


def _compose(text: str) -> Any:
    try:
        return first_document(text, _Loader)
    except yaml.composer.ComposerError as exc:
        if "duplicate anchor" not in (exc.context or ""):
            raise
    return first_document(text, _RedefiningLoader)


def first_document(text: str, loader: Any) -> Any:
    """The node of the first YAML document of ``text`` (None when there is none), composed by
    ``loader``, and nothing after it parsed: what Psych's `safe_load` (through `Psych.parse`,
    for Jekyll) and go-yaml's `Unmarshal` (for Hugo) read. A `--- x`, `... x` or `%YAML` line
    ends the document; what follows may be anything, but for what libyaml's reader refuses
    in the whole text (a control character)."""
    composer = loader(text)
    try:
        return composer.get_node() if composer.check_node() else None
    finally:
        composer.dispose()


def load_plain(text: str) -> Any:
    """Parse a configuration file: plain data, positions not kept."""
    return load(text, symbols_fail=False).data
