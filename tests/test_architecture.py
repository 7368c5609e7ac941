"""Layers point one way: the package's import graph has no cycle, lower layers import no
higher ones, and imports sit at the top of modules (cli/ is the one lazy boundary).

The graph is read from the source with ``ast``: module-level and function-level imports
alike (a function-level import is an edge the moment the function runs), but not those
under ``if TYPE_CHECKING:``, which never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "commonize"

# Layers below the renderers and the reports: none of them may import one of those.
LOWER = (
    "commonize.api",
    "commonize.cache",
    "commonize.codec",
    "commonize.config",
    "commonize.decisions",
    "commonize.evaluation",
    "commonize.formats",
    "commonize.loading",
    "commonize.pipeline",
    "commonize.records",
    "commonize.results",
    "commonize.resultsfile",
)
HIGHER = ("commonize.render", "commonize.report", "commonize.cli", "commonize.analysis")

# Issue 12: at most 10 function-level imports outside cli/, each with a `# why` comment.
MAX_LAZY = 10


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


class _Import:
    def __init__(self, source: str, target: str, line: int, lazy: bool) -> None:
        self.source, self.target, self.line, self.lazy = source, target, line, lazy


def _imports(name: str, path: Path) -> Iterator[_Import]:
    """Every ``commonize`` module ``name`` imports, with where and whether in a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]

    def walk(node: ast.AST, lazy: bool) -> Iterator[_Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for stmt in child.orelse:
                    yield from walk_one(stmt, lazy)
                continue
            yield from walk_one(child, lazy)

    def walk_one(node: ast.AST, lazy: bool) -> Iterator[_Import]:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield _Import(name, alias.name, node.lineno, lazy)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                yield _Import(name, full if full in MODULES else base, node.lineno, lazy)
        inner = lazy or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        yield from walk(node, inner)

    yield from walk(ast.parse(path.read_text(encoding="utf-8")), False)


def _ours(target: str) -> str | None:
    """The package module an import names (``commonize.x.y`` of ``from commonize.x.y import Z``)."""
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target or None


def _edges() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for imp in _imports(name, path):
            target = _ours(imp.target)
            if target is None or target == name:
                continue
            # A package's own lazy attribute (``commonize.__getattr__``, the CLI's app) imports
            # its submodules after the package is whole: that is no cycle in import order.
            if path.name == "__init__.py" and imp.lazy and target.startswith(name + "."):
                continue
            graph[name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_the_import_graph_has_no_cycle():
    assert _cycles(_edges()) == []


def test_the_cycle_finder_finds_a_cycle():
    """The check above can fail: a graph with a loop of three is reported."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_lower_layers_import_no_renderer_report_or_analysis():
    upward = sorted(
        (name, target)
        for name, targets in _edges().items()
        if _within(name, LOWER)
        for target in targets
        if _within(target, HIGHER)
    )
    assert upward == []


def test_renderers_are_leaves():
    """Only the CLI, the reports and other renderers import a renderer."""
    users = sorted(
        (name, target)
        for name, targets in _edges().items()
        if not _within(name, ("commonize.render", "commonize.cli", "commonize.report"))
        for target in targets
        if _within(target, ("commonize.render",))
    )
    assert users == []


def test_the_codec_needs_no_evaluation():
    assert "commonize.evaluation" not in _edges()["commonize.codec"]


def test_only_the_evaluation_path_imports_the_engine():
    importers = {
        n
        for n, targets in _edges().items()
        if "commonize.engine" in targets and not _within(n, ("commonize.cli",))
    }
    assert importers <= {"commonize.pipeline", "commonize.analysis.ruletest.run"}


@pytest.mark.parametrize("name", ["commonize.pipeline", "commonize.records", "commonize.config"])
def test_a_module_named_in_issue_12_imports_at_the_top(name):
    lazy = [i for i in _imports(name, MODULES[name]) if i.lazy]
    assert len(lazy) <= (1 if name == "commonize.pipeline" else 0), [
        (i.target, i.line) for i in lazy
    ]


def _lazy_statements(modules: tuple[str, ...] = ()) -> list[tuple[str, int]]:
    """Function-level import statements outside cli/ (of ``modules`` only, when given)."""
    return sorted(
        {
            (name, imp.line)
            for name, path in MODULES.items()
            if not _within(name, ("commonize.cli",)) and (not modules or name in modules)
            for imp in _imports(name, path)
            if imp.lazy
        }
    )


def test_each_function_level_import_says_why():
    missing = []
    for name, line in _lazy_statements():
        lines = MODULES[name].read_text(encoding="utf-8").splitlines()
        before = lines[max(0, line - 4) : line]  # the comment sits on a line above
        if not any("# why" in text for text in before):
            missing.append(f"{MODULES[name].relative_to(PACKAGE)}:{line}")
    assert missing == []


def test_few_function_level_imports_outside_the_cli():
    # Issue 12: cli/ is the one lazy boundary; elsewhere at most MAX_LAZY, each saying why.
    assert len(_lazy_statements()) <= MAX_LAZY, _lazy_statements()
