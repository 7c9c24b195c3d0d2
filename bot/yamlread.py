"""Front matter YAML, read safely and with the position of every key.

PyYAML's composer (the C one where available) builds the node tree; this module turns
nodes into plain data itself so that it can record where each key is, notice keys given
twice (YAML silently keeps the last), refuse every tag that is not plain data
(``!!python/object`` and friends), and stop alias bombs: aliases are counted as they are
expanded, so a billion-laughs document costs a bounded amount of work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


_RESOLVED: dict[tuple[str, bool], str] = {}


class _Loader(_Parser, yaml.resolver.Resolver):  # type: ignore[misc,valid-type]
    """A composer only: libyaml's parser and PyYAML's implicit types, with nothing else
    (this module builds the data itself). Path resolvers are never used, so their hooks do
    nothing, and how plain scalars resolve is remembered: keys, layouts, categories and
    authors repeat from post to post."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            key = (value, implicit[0])
            tag = _RESOLVED.get(key)
            if tag is None:
                tag = yaml.resolver.BaseResolver.resolve(self, kind, value, implicit)
                if len(_RESOLVED) < 50_000 and len(value) < 64:
                    _RESOLVED[key] = tag
            return tag
        return yaml.resolver.BaseResolver.resolve(self, kind, value, implicit)


MAX_NODES = 200_000
"""How many nodes one front matter may expand to (aliases included)."""

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
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"

KeyPath = tuple[Any, ...]


class YamlProblem(Exception):
    """A YAML error with a 0-based position inside the YAML text."""

    def __init__(self, kind: str, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.kind = kind  # "syntax" | "duplicate-key" | "tag"
        self.message = message
        self.line = line
        self.column = column


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


class _Builder:
    def __init__(self) -> None:
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
            raise YamlProblem(
                "syntax",
                f"the front matter expands to more than {MAX_NODES} values "
                "(aliases used as a bomb?)",
                mark.line,
                mark.column,
            )
        if isinstance(node, yaml.ScalarNode):
            tag = node.tag
            if tag == _STR:
                return node.value  # the common case, without the constructor's overhead
            if tag not in _PLAIN_SCALAR_TAGS:
                raise self._tag_problem(node)
            try:
                return _SCALARS.yaml_constructors[tag](_SCALARS, node)
            except ValueError:
                # e.g. a timestamp that is not a calendar date (2026-02-30): keep the text,
                # as the date rules judge it in the author's words.
                return node.value
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise self._tag_problem(node)
            out = []
            for i, item in enumerate(node.value):
                if record:
                    mark = item.start_mark
                    self.positions[(*path, i)] = (mark.line + 1, mark.column + 1)
                out.append(self.build(item, (*path, i), record))
            return out
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise self._tag_problem(node)
            return self._mapping(node, path, record)
        raise self._tag_problem(node)  # pragma: no cover - no other node kinds

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, record: bool) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged = self.build(value_node, path, False)
                for part in merged if isinstance(merged, list) else [merged]:
                    if isinstance(part, dict):
                        for k, v in part.items():
                            out.setdefault(k, v)
                continue
            if key_node.tag == _STR:
                key = key_node.value
            else:
                key = self.build(key_node, path, False)
            if isinstance(key, (dict, list)):
                mark = key_node.start_mark
                raise YamlProblem("syntax", "a key must be plain text", mark.line, mark.column)
            if key in seen:
                mark = key_node.start_mark
                self.duplicates.append(
                    YamlProblem(
                        "duplicate-key",
                        f'key "{key}" is given twice; YAML keeps only the last value',
                        mark.line,
                        mark.column,
                    )
                )
            seen.add(key)
            if record:
                mark = key_node.start_mark
                self.positions[(*path, key)] = (mark.line + 1, mark.column + 1)
            if value_node.tag == _STR and isinstance(value_node, yaml.ScalarNode):
                self.nodes += 1
                out[key] = value_node.value
            else:
                out[key] = self.build(value_node, (*path, key), record)
        return out

    @staticmethod
    def _tag_problem(node: yaml.Node) -> YamlProblem:
        mark = node.start_mark
        return YamlProblem(
            "tag",
            f"the tag {node.tag} is not allowed: front matter holds plain data only",
            mark.line,
            mark.column,
        )


def load(text: str) -> YamlDoc:
    """Parse one YAML document of plain data; raise YamlProblem on anything else."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line, mark.column) if mark else (0, 0)
        problem = exc.problem or str(exc)
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise YamlProblem("syntax", problem, line, column) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("syntax", str(exc).splitlines()[0], 0, 0) from None
    if node is None:
        return YamlDoc(None)
    builder = _Builder()
    try:
        data = builder.build(node, (), True)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise YamlProblem(
            "syntax", exc.problem or "value cannot be read", mark.line if mark else 0, 0
        ) from None
    except RecursionError:
        raise YamlProblem("syntax", "the front matter is nested too deeply", 0, 0) from None
    return YamlDoc(data, builder.positions, builder.duplicates)


def load_plain(text: str) -> Any:
    """Parse a configuration file: plain data, positions not kept."""
    return load(text).data
