"""Hints read from the check modules' source: every message paired with a partial credit.

See ``test_checks_same_credit.py`` for the shapes that are read.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

from kamtrain.checks import registry

CHECKS_DIR = Path(registry.__file__).resolve().parent


def _credit(node, constants) -> float | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return None if isinstance(node.value, bool) else float(node.value)
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def _text(node, strings: dict | None = None) -> str | None:
    """A message literal; an f-string keeps its literal parts, fields become « \\0 »; a
    name is the message assigned to it (``strings``)."""
    if isinstance(node, ast.Name):
        return (strings or {}).get(node.id)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "\0" for v in node.values)
    return None


def _partial(value) -> bool:
    return value is not None and 0.0 < value < 1.0


def _constants(tree) -> dict[str, float]:
    out = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            pairs = (
                zip(target.elts, node.value.elts, strict=False)
                if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple)
                else [(target, node.value)]
            )
            for name, value in pairs:
                if isinstance(name, ast.Name) and (credit := _credit(value, {})) is not None:
                    out[name.id] = credit
    return out


def _appended(statement) -> str | None:
    """The message of ``messages.append(msg)`` / ``messages.insert(i, msg)``."""
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        call = statement.value
        if isinstance(call.func, ast.Attribute) and call.func.attr in ("append", "insert"):
            return _text(call.args[-1]) if call.args else None
    return None


def _called(call: ast.Call) -> str:
    """The name a call calls: ``Mistake`` for ``Mistake(...)`` and ``kit.Mistake(...)``."""
    return getattr(call.func, "id", None) or getattr(call.func, "attr", "")


def _block_credit(statement, constants) -> bool:
    """``points += 0.25`` or ``points = max(points, 0.5)``."""
    if isinstance(statement, ast.AugAssign):
        return _partial(_credit(statement.value, constants))
    if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
        call = statement.value
        return getattr(call.func, "id", "") == "max" and any(
            _partial(_credit(a, constants)) for a in call.args
        )
    return False


def _figure_functions(tree) -> set[str]:
    """Names of the functions ``ITEMS`` registers for figures (judged apart, not here)."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "ITEMS":
            return {
                v.id
                for k, v in zip(node.value.keys, node.value.values, strict=True)
                if isinstance(k, ast.Constant)
                and k.value.startswith("fig_")
                and isinstance(v, ast.Name)
            }
    return set()


#: a part of an item found right (« Auteur du monologue correct. ») is credit, not a hint
_RIGHT_PART = re.compile(r"^[^:]*\bcorrecte?s?\b[^:]*$")


@functools.cache
def source_hints(module: str) -> set[str]:
    """Every message the module pairs with a partial credit (see the module docstring)."""
    tree = ast.parse((CHECKS_DIR / f"{module}.py").read_text(encoding="utf-8"))
    constants = _constants(tree)
    strings = {
        n.targets[0].id: text
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign)
        and isinstance(n.targets[0], ast.Name)
        and (text := _text(n.value)) is not None
    }
    figures = _figure_functions(tree)
    nodes = [
        n
        for top in tree.body
        if not (isinstance(top, ast.FunctionDef) and top.name in figures)
        for n in ast.walk(top)
    ]
    hints = set()
    for node in nodes:
        if (
            isinstance(node, ast.Call)
            and _called(node) in ("CheckResult", "result", "Mistake", "best_by_wrong_criterion")
            and len(node.args) >= 3
            and _partial(_credit(node.args[1], constants))
        ):
            message = node.args[2]
            if isinstance(message, ast.Tuple) and message.elts:
                message = message.elts[0]
            if (text := _text(message, strings)) is not None:
                hints.add(text)
        if isinstance(node, ast.Tuple):
            for credit, message in zip(node.elts, node.elts[1:], strict=False):
                if _partial(_credit(credit, constants)) and (text := _text(message, strings)):
                    hints.add(text)
        for field in ("body", "orelse"):
            block = getattr(node, field, None)
            if isinstance(block, list) and any(_block_credit(s, constants) for s in block):
                hints.update(t for s in block if (t := _appended(s)) is not None)
    return {h for h in hints if not _RIGHT_PART.match(h)}


def hint_pattern(hint: str) -> re.Pattern:
    return re.compile("^" + ".*".join(re.escape(part) for part in hint.split("\0")) + "$", re.S)
