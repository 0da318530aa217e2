"""No import circles between the project's modules.

Read from the source (``ast``), not by importing: an edge A -> B is a module-level import in A of
project module B (importing ``a.b.c`` also runs ``a`` and ``a.b``, unless A is inside them).
Imports inside functions and under ``if TYPE_CHECKING:`` do not run when A is imported and are not
edges. A circle means one of its modules sees the other half-initialised; the fix is to move the
shared rule down into a module both import (as ``SearchUnavailable`` moved into
``search/directory/backends/base.py``)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("portal", "coalition", "training", "research", "search")


def _modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _top_level_imports(tree: ast.Module):
    """Import statements that run when the module is imported (not in functions or TYPE_CHECKING)."""
    def walk(nodes):
        for node in nodes:
            if isinstance(node, ast.Import | ast.ImportFrom):
                yield node
            elif isinstance(node, ast.If):
                test = node.test
                if isinstance(test, ast.Name) and test.id == "TYPE_CHECKING":
                    yield from walk(node.orelse)
                    continue
                yield from walk(node.body)
                yield from walk(node.orelse)
            elif isinstance(node, ast.Try):
                for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                    yield from walk(block)
            elif isinstance(node, ast.ClassDef | ast.With):
                yield from walk(node.body)
    yield from walk(tree.body)


def import_graph(*, everywhere: bool = False) -> dict[str, set[str]]:
    """Module -> the project modules it imports when it is imported (``everywhere``: or in any of
    its functions too)."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}

    def add(source: str, target: str) -> None:
        parts = target.split(".")
        for i in range(1, len(parts) + 1):  # importing a.b.c runs a and a.b first...
            name = ".".join(parts[:i])
            # ...except a package the source is inside: that one is already being imported.
            inside = source.startswith(name + ".") and name != target
            if name in modules and name != source and not inside:
                graph[source].add(name)

    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(), str(path))
        nodes = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)] if everywhere \
            else _top_level_imports(tree)
        for node in nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    add(name, alias.name)
                continue
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            add(name, target)
            for alias in node.names:  # ``from pkg import submodule``
                add(name, f"{target}.{alias.name}")
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_check_finds_a_circle_when_there_is_one():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_the_projects_imports():
    graph = import_graph()
    assert "search.directory.backends.base" in graph["search.directory.backends.elasticsearch"]
    assert "search.directory.query" in graph["search.directory.backends.database"]
    assert sum(len(targets) for targets in graph.values()) > 200


def test_no_module_imports_itself_round_a_circle():
    found = circles(import_graph())
    assert not found, "import circles:\n" + "\n".join(" -> ".join(group) for group in found)


FEATURES = ("coalition", "training", "research", "search")


def test_the_kernel_points_down():
    """portal/ is the kernel: apps register with it (sitemaps, demo loaders, exporters…); it never
    imports them, so a feature can be changed or removed without touching the kernel."""
    graph = import_graph()
    upward = sorted(f"{source} -> {target}" for source, targets in graph.items() if source.split(".")[0] == "portal"
                    for target in targets if target.split(".")[0] in FEATURES)
    assert not upward, "the kernel imports feature apps:\n" + "\n".join(upward)


def test_no_model_imports_a_view():
    """Page models describe content and route to sub-page views; the logic lives in services below
    both, so no models module imports a views module, not even inside a function."""
    graph = import_graph(everywhere=True)
    upward = sorted(f"{source} -> {target}" for source, targets in graph.items() if ".models" in f".{source}"
                    for target in targets if ".views" in f".{target}" or target.endswith("_views"))
    assert not upward, "models import views:\n" + "\n".join(upward)
