"""What the checks of a notebook tell a learner who earns nothing, read from their source.

A check gives zero credit with a specific message in one of a few shapes (``kit.result(item,
0.0, "…")``, ``kit.figure_result(item, 0.0, labels, "…")``, ``kit.CheckResult(item, 0.0,
("…",))``, a mistake or « near » answer ``(value, 0.0, "…")`` / ``(0.0, "…")``). Messages
built at run time (f-strings) name the learner's own values and are not read. The trainer's
guide of the notebook lists every message read here (``tests/test_trainer_guides.py``).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "kamtrain" / "checks"
_ITEM = re.compile(r"# Vérification : (c\d+[a-z]?)\.\w+")


def _is_zero(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and not isinstance(node.value, bool)
        and isinstance(node.value, int | float)
        and node.value == 0
    )


def _texts(nodes) -> list[str]:
    found = []
    for node in nodes:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node.value)
        elif isinstance(node, ast.Tuple | ast.List):
            found.extend(_texts(node.elts))
    return found


def zero_credit_messages(source: str) -> list[str]:
    """The constant messages given with a fraction of 0 in the check module ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and len(node.args) >= 3 and _is_zero(node.args[1]):
            found.extend(_texts(node.args[2:]))
        elif isinstance(node, ast.Tuple):
            for i, elt in enumerate(node.elts[:-1]):
                if _is_zero(elt):
                    found.extend(_texts(node.elts[i + 1 :]))
    return list(dict.fromkeys(found))


def prefixes(notebook: Path) -> set[str]:
    """The item prefixes the notebook's checks use (``c12`` for ``c12.zapo``)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return {m for c in cells for m in _ITEM.findall("".join(c["source"]))}


def notebook_zero_credit_messages(notebook: Path) -> list[str]:
    """Every zero-credit message of the check modules of ``notebook`` (``c11`` and ``c11_*``)."""
    messages = []
    for prefix in sorted(prefixes(notebook)):
        for module in sorted(CHECKS.glob(f"{prefix}.py")) + sorted(CHECKS.glob(f"{prefix}_*.py")):
            messages.extend(zero_credit_messages(module.read_text(encoding="utf-8")))
    return list(dict.fromkeys(messages))
