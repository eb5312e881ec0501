"""What the learner wrote for one item, as the feedback page shows it beside the item.

Several items often share one answer cell (C2's BFR, DSO, liquidity and gearing): the
page shows, for each item, the learner's own statements that assign the item's variable
(``liquidite_reduite = ...``), found with :mod:`ast`, instead of the whole cell cut after
a few hundred characters. When no statement assigns it (the cell does not parse, the
answer is a plain expression), the cell itself is shown, cut. Only the learner's cells
are read: never a test cell's content beyond the item id it names, never a solution.
"""

from __future__ import annotations

import ast
import re

#: Longest answer shown on the feedback page (a long written answer is cut).
ANSWER_CHARS = 800

#: Longest cell parsed to find the item's statements (a longer one is shown cut).
PARSE_CHARS = 100_000

#: The item a test cell checks: ``selfcheck("c2.liquidite_reduite", globals())``.
_ITEM_CALL = re.compile(r"""\b(?:selfcheck|grade|hand_out)\(\s*["'](c\d+[a-z]?)\.(\w+)["']""")


def answer_name(test_source: str, grade_id: str) -> str:
    """The variable an item reads (item ids are ``<prefix>.<answer>``, see
    :mod:`kamtrain.checks.registry`): from the test cell's call, else from its grade id."""
    found = _ITEM_CALL.search(test_source)
    return found.group(2) if found else grade_id.partition("_")[2]


def _binds(node: ast.AST, name: str) -> bool:
    """True when ``node`` assigns ``name``, an item of it or an attribute of it."""

    def target(t: ast.AST) -> bool:
        while isinstance(t, ast.Subscript | ast.Attribute | ast.Starred):
            t = t.value
        if isinstance(t, ast.Tuple | ast.List):
            return any(target(e) for e in t.elts)
        return isinstance(t, ast.Name) and t.id == name

    for sub in ast.walk(node):
        if isinstance(sub, ast.Assign) and any(target(t) for t in sub.targets):
            return True
        if isinstance(sub, ast.AugAssign | ast.AnnAssign | ast.For) and target(sub.target):
            return True
        if isinstance(sub, ast.NamedExpr) and target(sub.target):
            return True
        if isinstance(sub, ast.FunctionDef | ast.ClassDef) and sub.name == name:
            return True
    return False


def assigning_lines(source: str, name: str) -> str | None:
    """The top-level statements of ``source`` that assign ``name``, or None (then the
    cut cell is shown): a cell that does not parse, or whose parse exhausts the parser
    (a 3 000-character ``x = ----…1`` line raises RecursionError, longer ones MemoryError)."""
    if len(source) > PARSE_CHARS:
        return None
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    lines = source.splitlines()
    kept = [
        "\n".join(lines[node.lineno - 1 : node.end_lineno])
        for node in tree.body
        if _binds(node, name)
    ]
    return "\n".join(kept) if kept else None


def cut(text: str) -> str:
    text = text.strip()
    if len(text) > ANSWER_CHARS:
        text = text[:ANSWER_CHARS].rstrip() + " […]"
    return text


def item_answer(answer_cells: list[str], test_source: str, grade_id: str) -> str:
    """The learner's lines for one item: the statements assigning its variable in the
    latest answer cell that has one, else the latest answer cell, cut."""
    name = answer_name(test_source, grade_id)
    for source in reversed(answer_cells):
        lines = assigning_lines(source, name)
        if lines:
            return cut(lines)
    if not answer_cells or _unanswered(answer_cells[-1]):
        return ""  # the page says « (pas de réponse) »
    return cut(answer_cells[-1])


def _unanswered(source: str) -> bool:
    """The cell still holds nbgrader's code stub, as released (today's French one, or
    the English default of cohorts released before it)."""
    from kamtrain.nbgrader_adapter.api import CODE_STUB

    stubs = {CODE_STUB["python"].splitlines()[-1], "raise NotImplementedError()"}
    return any(line.strip() in stubs for line in source.splitlines())
