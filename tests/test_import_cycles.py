"""No import cycle in kamtrain/ or kamlearn/, at any depth, between modules or subpackages.

The graph is read with ``ast`` from the source, so an import hidden inside a function counts
as much as one at the top of a module (it runs too, only later). Imports under
``if TYPE_CHECKING:`` never run and are left out. A module's node is the module itself
(``kamtrain.cohort.regenerate``); a subpackage's node is ``kamtrain.cohort`` (every module
under it), so "cohort imports grading, which imports cohort" is a cycle even when no single
module is on it twice.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("kamtrain", "kamlearn")


def _modules(root: Path = ROOT) -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _runtime_nodes(tree: ast.AST):
    """Every node except those under ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            test = getattr(child, "test", None)
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(test):
                stack.extend(child.orelse)
                continue
            stack.append(child)


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """``{module: modules of ours it imports}``, function-local imports included."""
    modules = _modules(root)

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in _runtime_nodes(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - (node.level - 1)]
                    base = ".".join(parts + ([base] if base else []))
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    targets.append(sub if sub in modules else base)
            for target in targets:
                resolved = resolve(target)
                if resolved and resolved != name:
                    graph[name].add(resolved)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def subpackage(module: str) -> str:
    """``kamtrain.cohort.regenerate`` -> ``kamtrain.cohort``; top-level modules stay themselves."""
    return ".".join(module.split(".")[:2])


def subpackage_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    collapsed: dict[str, set[str]] = {}
    for module, targets in graph.items():
        node = collapsed.setdefault(subpackage(module), set())
        for target in targets:
            collapsed.setdefault(subpackage(target), set())
            if subpackage(target) != subpackage(module):
                node.add(subpackage(target))
    return collapsed


def _explain(graph: dict[str, set[str]], component: list[str], key) -> str:
    members = set(component)
    edges = sorted(
        f"{m} -> {t}"
        for m, targets in graph.items()
        for t in targets
        if key(m) in members and key(t) in members and key(m) != key(t)
    )
    return f"{' <-> '.join(component)}: " + "; ".join(edges)


def test_no_module_cycle():
    graph = import_graph()
    found = cycles(graph)
    assert not found, "import cycles:\n" + "\n".join(_explain(graph, c, lambda m: m) for c in found)


def test_no_subpackage_cycle():
    graph = import_graph()
    found = cycles(subpackage_graph(graph))
    assert not found, "subpackage import cycles:\n" + "\n".join(
        _explain(graph, c, subpackage) for c in found
    )


def test_kamlearn_never_imports_kamtrain():
    graph = import_graph()
    leaks = sorted(
        f"{m} -> {t}"
        for m, targets in graph.items()
        if m.startswith("kamlearn")
        for t in targets
        if t.startswith("kamtrain")
    )
    assert not leaks, leaks


def test_the_walker_sees_function_local_and_relative_imports(tmp_path):
    """The walker itself: a cycle hidden in a function and a relative import are found."""
    for package, files in {
        "kamtrain": {
            "__init__.py": "",
            "a/__init__.py": "",
            "a/one.py": "def f():\n    from kamtrain.b.two import g\n",
            "b/__init__.py": "",
            "b/two.py": "from ..a import one\n",
            "b/three.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from kamtrain.a.one import f\n"
            ),
        },
        "kamlearn": {"__init__.py": ""},
    }.items():
        for name, text in files.items():
            path = tmp_path / package / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    graph = import_graph(tmp_path)
    assert graph["kamtrain.a.one"] == {"kamtrain.b.two"}
    assert graph["kamtrain.b.two"] == {"kamtrain.a.one"}
    assert graph["kamtrain.b.three"] == set()  # TYPE_CHECKING only
    assert cycles(graph) == [["kamtrain.a.one", "kamtrain.b.two"]]
    assert cycles(subpackage_graph(graph)) == [["kamtrain.a", "kamtrain.b"]]


def test_cases_hand_out_no_widget():
    """Cases are data: no case module imports a widget (the widget reads the case instead)."""
    graph = import_graph()
    handed = sorted(
        f"{m} -> {t}"
        for m, targets in graph.items()
        if m.startswith("kamlearn.cases")
        for t in targets
        if t.startswith(("kamlearn.widgets", "ipywidgets"))
    )
    assert not handed, handed


def test_the_c13_widget_is_built_from_the_case():
    from kamlearn.cases import load_case
    from kamlearn.widgets.negotiation_front import NegotiationFront

    case = load_case("c13_negociation", cohort="cohorte-test", learner="amartin")
    front = NegotiationFront.for_case(case, store_path=None)
    engine = case.nouvelle_negociation()
    assert front.engine.list_price == engine.list_price == case.data["prix_catalogue"]
    assert front.engine.persona.id == engine.persona.id
