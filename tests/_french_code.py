"""French text in Python modules and notebook code cells: string literals and comments
(helpers of tests/_french_text.py)."""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

from _french_prose import Text, looks_french, strip_markdown

# --- Python: French string literals and comments -----------------------------------------


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                ids.add(id(body[0].value))
    return ids


def python_strings(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) of every string literal except docstrings, f-string parts included."""
    tree = ast.parse(source)
    docstrings = _docstring_nodes(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = [
                v.value if isinstance(v, ast.Constant) else " "
                for v in node.values
                if isinstance(v, ast.Constant | ast.FormattedValue)
            ]
            yield node.lineno, "".join(parts)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.lineno, node.value


def _fstring_constants(tree: ast.AST) -> set[int]:
    """ids of the constant parts of f-strings (yielded with their f-string, not alone)."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            ids.update(id(v) for v in node.values)
    return ids


#: a str.format field (« TCO {key} correct. »), filled when the message is written
_FORMAT_FIELD = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def _placeholder(value: ast.expr) -> str:
    """An f-string part as text; a placeholder shows the format it would apply.

    Python's ``%`` and ``,`` formats write « 80% » and « 207,619 », and ``.1f``,
    ``round(x, 1)`` or ``float(x)`` write « 12.5 »: they show as ``{%}``, ``{,}`` and
    ``{.}`` so the typography rules can name them.
    """
    if isinstance(value, ast.Constant):
        # « {{key}} » in an f-string is a str.format field filled later
        return _FORMAT_FIELD.sub(" {} ", str(value.value))
    spec = ast.unparse(value.format_spec) if getattr(value, "format_spec", None) else ""
    if "%" in spec:
        return " {%} "
    if "," in spec:
        return " {,} "
    if re.search(r"\.[1-9]\d*f", spec) or _float_call(value.value) or _convention(value.value):
        return " {.} "
    return " {} "


def _badly_written(name: str) -> bool:
    """A convention Python writes the English way: « 1607 », « 0.2 » (not « 5 », « 365 »)."""
    from kamlearn import conventions

    value = getattr(conventions, name, None)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return isinstance(value, float) or abs(value) >= 1000


def _convention(node: ast.expr) -> bool:
    """``conv.FTE_HOURS_PER_YEAR`` as it is: Python writes « 1607 »."""
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in ("conv", "conventions")
        and _badly_written(node.attr)
    )


def _float_call(node: ast.expr) -> bool:
    """``round(x, 1)``, ``float(x)`` or ``str()`` of one: Python prints « 12.5 »."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id == "str" and node.args:
            return _float_call(node.args[0])
        if node.func.id == "round" and len(node.args) == 2:
            return not (isinstance(node.args[1], ast.Constant) and node.args[1].value == 0)
        return node.func.id == "float"
    return False


def _format_marker(match: re.Match) -> str:
    inner = match.group(0)[1:-1]
    spec = inner.rpartition(":")[2] if ":" in inner and "(" not in inner.rpartition(":")[2] else ""
    spec += "}"
    named = re.match(r"(?:conv|conventions)\.([A-Z_]+)[:}]", inner + "}")
    if named and _badly_written(named.group(1)):
        return " {.} "  # a convention's number as Python writes it
    if spec.endswith("%}"):
        return " {%} "
    if "," in spec:
        return " {,} "
    return " {.} " if re.search(r"\.[1-9]\d*f\}", spec) else " {} "


def _is_code(text: str) -> bool:
    """A string holding Python code (a notebook cell written by kamtrain)."""
    if "\n" not in text:
        try:
            tree = ast.parse(text, mode="eval")
        except SyntaxError:
            return False
        return isinstance(tree.body, ast.Call)
    try:
        tree = ast.parse(text)
    except SyntaxError:
        # a code template with placeholders ({course_dir!r}) does not parse
        return bool(
            re.search(r"^(?:from \S+ import |import \w|def \w|[\w.]+\(|\w+ = )", text, re.M)
        )
    return any(
        not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)) for n in tree.body
    )


def python_texts(path: Path, rel: str) -> Iterator[Text]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    skip = _docstring_nodes(tree) | _fstring_constants(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(_placeholder(v) for v in node.values)
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
        ):
            # a str.format template (« TCO {key} correct. »): its fields are placeholders
            text = _FORMAT_FIELD.sub(" {} ", node.value)
        else:
            continue
        if _is_code(text):
            for line, kind, inner in code_cell_texts(text):
                yield Text(rel, node.lineno + line - 1, kind, strip_markdown(inner))
            continue
        if not text.strip() or (" " not in text.strip() and text == text.lower()):
            continue  # a key, a code, a column name or a matching stem
        if "\\b" in text or "(?" in text:
            continue  # a regular expression
        if looks_french(text):
            yield Text(rel, node.lineno, "", strip_markdown(text))


_MAGIC = re.compile(r"^\s*[%!].*$", re.M)


def code_cell_texts(source: str) -> Iterator[tuple[int, str, str]]:
    """(line, kind, text) of the French comments and string literals of a code cell."""
    source = _MAGIC.sub(lambda m: "", source)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return
    for tok in tokens:
        if tok.type == tokenize.COMMENT:
            text = tok.string.lstrip("#").strip()
            if text.startswith(("BEGIN", "END")):
                continue
            if looks_french(text):
                yield tok.start[0], "commentaire", strip_markdown(text)
        elif tok.type == tokenize.STRING or tok.type == getattr(tokenize, "FSTRING_START", -1):
            try:
                value = ast.literal_eval(tok.string)
            except (ValueError, SyntaxError):
                # an f-string: its literal parts, placeholders as « {} »
                body = re.sub(
                    r"^[rbfuRBFU]*(\"\"\"|\'\'\'|\"|\')|(\"\"\"|\'\'\'|\"|\')$", "", tok.string
                )
                value = re.sub(r"\{[^}]*\}", _format_marker, body)
            if isinstance(value, str) and looks_french(value):
                yield tok.start[0], "chaîne", strip_markdown(value)


def notebook_texts(path: Path, rel: str) -> Iterator[Text]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for index, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        cell_id = cell.get("id", "")
        where = f"cellule {index}" + (f", id {cell_id}" if cell_id else "")
        if cell["cell_type"] == "markdown":
            for n, line in enumerate(strip_markdown(source).splitlines(), start=1):
                if line.strip():
                    yield Text(rel, n, where, line)
        elif cell["cell_type"] == "code":
            if "BEGIN HIDDEN TESTS" in source:
                source = source.split("### BEGIN HIDDEN TESTS")[0]
            for line, kind, text in code_cell_texts(source):
                yield Text(rel, line, f"{where}, {kind}", text)
