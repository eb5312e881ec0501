"""The calls an exercise's reference solution makes, and the « Appels utiles » line naming them.

Learners are salespeople: every exercise names, in its instructions, the pandas, matplotlib
and kamlearn calls its reference solution uses. A notebook's exercise is a code cell holding
``### BEGIN SOLUTION`` (blocs 1–4) or, in the ungraded bloc 0, a cell tagged ``exercice``
whose blanks' answers are :data:`_onboarding_answers.ANSWERS`. Its instructions are the
nearest markdown cell above it; the scaffold is the paragraph of those instructions that
starts with :data:`LINE`.
"""

from __future__ import annotations

import ast
import builtins
import re
from dataclasses import dataclass
from pathlib import Path

from _onboarding_answers import answers_in

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("bloc[0-4]/*.ipynb"))
LINE = "*Appels utiles* :"
#: Standard-library modules whose functions are plain Python, not what the line is for.
STDLIB_MODULES = frozenset({"re", "itertools", "math", "statistics"})
#: pandas accessors: ``s.str.startswith(...)`` is a pandas call even though str has the name.
ACCESSORS = frozenset({"str", "dt"})


def _plain_python_methods() -> frozenset[str]:
    """Methods of str, list and dict that pandas and matplotlib objects do not have."""
    import matplotlib.axes
    import matplotlib.figure
    import matplotlib.pyplot as plt
    import pandas as pd
    from pandas.core.groupby import DataFrameGroupBy, SeriesGroupBy

    kinds = (pd.DataFrame, pd.Series, DataFrameGroupBy, SeriesGroupBy, pd, plt)
    kinds += (matplotlib.axes.Axes, matplotlib.figure.Figure)
    # Callable only: ``df.index`` and ``s.values`` are attributes, ``liste.index(x)`` is not pandas.
    methods = {n for kind in kinds for n in dir(kind) if callable(getattr(kind, n, None))}
    return frozenset((set(dir(str)) | set(dir(list)) | set(dir(dict))) - methods)


@dataclass(frozen=True)
class Exercise:
    notebook: Path
    index: int
    cell_id: str
    solution: str
    instructions: str

    @property
    def where(self) -> str:
        rel = self.notebook.relative_to(ROOT / "notebooks")
        return f"{rel} cell {self.index} (id {self.cell_id})"

    def scaffold(self) -> str | None:
        """The « Appels utiles » paragraph of the instructions, or None."""
        for paragraph in re.split(r"\n\s*\n", self.instructions):
            if paragraph.lstrip().startswith(LINE):
                return paragraph.strip()
        return None


def exercises(notebook: Path) -> list[Exercise]:
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if "### BEGIN SOLUTION" in cell.source:
            solution = cell.source.split("### BEGIN SOLUTION", 1)[1]
            solution = solution.split("### END SOLUTION", 1)[0]
        elif "exercice" in cell.metadata.get("tags", []):
            solution = answers_in(cell.source)
        else:
            continue
        above = [c for c in nb.cells[:i] if c.cell_type == "markdown"]
        instructions = above[-1].source if above else ""
        found.append(Exercise(notebook, i, cell.get("id", "?"), solution, instructions))
    return found


def _defined(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def calls(solution: str) -> set[str]:
    """What the scaffold must name: ``.method(`` for a method, ``name(`` for a helper.

    Counted: every method call (``df.groupby(...)``, ``ax.bar(...)``, ``plt.subplots(...)``,
    ``s.str.startswith(...)``, ``neg.offer(...)``) except plain ``str``/``list``/``dict``
    methods that pandas and matplotlib lack and the functions of :data:`STDLIB_MODULES`; every call of a function that is neither a Python builtin nor
    defined by the solution itself (a kamlearn helper such as ``LeadershipEngine``).
    """
    tree = ast.parse(solution)
    plain = _plain_python_methods()
    local = _defined(tree)
    needed = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            receiver = func.value
            if isinstance(receiver, ast.Name) and receiver.id in STDLIB_MODULES:
                continue
            accessor = isinstance(receiver, ast.Attribute) and receiver.attr in ACCESSORS
            if accessor or func.attr not in plain:
                needed.add(f".{func.attr}(")
        elif isinstance(func, ast.Name) and func.id not in local and not hasattr(builtins, func.id):
            needed.add(f"{func.id}(")
    return needed


def missing(exercise: Exercise) -> list[str]:
    """The calls of ``exercise`` its scaffold does not name (all of them if it has none)."""
    line = exercise.scaffold()
    needed = sorted(calls(exercise.solution))
    if line is None:
        return needed or ["(the line itself)"]
    return [c for c in needed if not _named(c, line)]


def _named(call: str, line: str) -> bool:
    if call.startswith("."):
        return call in line
    return re.search(rf"(?<![\w.]){re.escape(call)}", line) is not None


def case_name(notebook: Path) -> str | None:
    """The case a notebook loads (``load_case("c13_negociation", ...)``), or None."""
    found = re.search(r"""load_case\(\s*\\?["'](\w+)\\?["']""", notebook.read_text("utf-8"))
    return found.group(1) if found else None


def literals(line: str) -> list[object]:
    """The string, list and tuple literals written in a scaffold line's code spans
    (``["C", "A", "D", "B"]``, ``"site"``), as Python values."""
    found = []
    for span in re.findall(r"`([^`]+)`", line):
        try:
            tree = ast.parse(span.strip())
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append(node.value)
            elif isinstance(node, (ast.List, ast.Tuple)):
                try:
                    found.append(list(ast.literal_eval(node)))
                except ValueError:
                    continue
    return found
