"""No import cycles in `bot/`: two modules never need each other.

The imports are read from the source (ast), not by importing it: every `import` and
`from ... import` of a `bot` module, at module level and inside functions alike. A lazy
import inside a function only moves a cycle from start-up to the first call; the two modules
still cannot be understood (or split) one without the other. Imports under `if
TYPE_CHECKING:` are left out: they never run, and annotations may name each other's types.
Imports by computed name (`importlib.import_module(f"bot.rules.{family}")`) cannot be read
from the source and are not counted.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def module_files(root: Path, package: str = "bot") -> dict[str, Path]:
    """Dotted module name -> file, for every module of ``package`` under ``root``."""
    out: dict[str, Path] = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement in ``body`` and the blocks nested in it, but TYPE_CHECKING's."""
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
            continue
        if isinstance(node, ast.If) and _type_checking(node):
            yield from _imports(node.orelse)
            continue
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                yield from _imports([child])
            elif isinstance(child, (ast.excepthandler, ast.match_case)):
                yield from _imports(child.body)


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ``known`` that module ``name`` (at ``path``) imports."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out: set[str] = set()
    for node in _imports(ast.parse(path.read_text(encoding="utf-8")).body):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names if alias.name in known)
            continue
        base = node.module or ""
        if node.level:
            parent = package[: len(package) - (node.level - 1)]
            base = ".".join([*parent, base] if base else parent)
        if base in known:
            out.add(base)
        out.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known)
    out.discard(name)
    return out


def import_graph(root: Path, package: str = "bot") -> dict[str, set[str]]:
    files = module_files(root, package)
    known = set(files)
    return {name: imported_modules(name, path, known) for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or not (Tarjan's SCCs)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:
        # iterative: a deep chain of imports must not hit the recursion limit
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return sorted(found)


def test_bot_has_no_import_cycles() -> None:
    graph = import_graph(ROOT)
    assert "bot.publish.runner" in graph and "bot.publish.ledger" in graph["bot.publish.runner"]
    assert cycles(graph) == []


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {
                "bot/__init__.py": "",
                "bot/a.py": "import bot.b\n",
                "bot/b.py": "from bot import a\n",
            },
            [["bot.a", "bot.b"]],
            id="module-level",
        ),
        pytest.param(
            {
                "bot/__init__.py": "",
                "bot/a.py": "def f():\n    from bot.b import g\n",
                "bot/b.py": "try:\n    from .c import x\nexcept ImportError:\n    pass\n",
                "bot/c.py": "from bot.a import f\n",
            },
            [["bot.a", "bot.b", "bot.c"]],
            id="lazy-relative-and-in-try",
        ),
        pytest.param(
            {
                "bot/__init__.py": "",
                "bot/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                "    from bot.b import B\n",
                "bot/b.py": "import bot.a\n",
            },
            [],
            id="type-checking-only",
        ),
    ],
)
def test_the_walk_finds_cycles(
    tmp_path: Path, files: dict[str, str], expected: list[list[str]]
) -> None:
    assert cycles(import_graph(_package(tmp_path, files))) == expected
