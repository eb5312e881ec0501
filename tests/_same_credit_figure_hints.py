"""The messages a figure check can give, read from its source and from the source of every
helper of :mod:`kamtrain.checks` it calls (``labels_score``'s « Ajoutez un titre »,
``figure_axes``' « doit être une figure »…), however deep.

A message is a text literal (an f-string keeps its literal parts, fields become « \\0 ») that
reads as a sentence: it holds a space and ends with « . », « : », « ! » or « ? ». Docstrings
and the texts of raised errors are not messages. Where a helper branches on one of its own
parameters (``axis_hint or (… if both_axes else …)``), only the branch the call's constant
arguments (or the parameter's default) select is read: a message no call can give is not one.
"""

from __future__ import annotations

import ast
import functools
import inspect
import textwrap

UNKNOWN = object()  # a parameter bound to an expression the reader does not evaluate
PACKAGE = "kamtrain.checks"


def _text(node) -> str | None:
    """A text literal, an f-string or a sum of texts (``"… : " + ", ".join(x) + "."``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "\0" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        if left is not None or right is not None:
            return (left or "\0") + (right or "\0")
    return None


def _sentence(node) -> str | None:
    text = _text(node)
    if text is None:
        return None
    stripped = text.strip()
    return text if " " in stripped and stripped[-1:] in ".:!?" else None


def _definition(function) -> ast.FunctionDef:
    source = textwrap.dedent(inspect.getsource(function.__code__))
    return next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef))


def _bindings(function, call: ast.Call) -> dict[str, object]:
    """The helper's parameters: the call's constants, UNKNOWN for other expressions, else
    the defaults."""
    signature = inspect.signature(function)
    names = list(signature.parameters)
    bound = {
        n: p.default
        for n, p in signature.parameters.items()
        if p.default is not inspect.Parameter.empty
    }
    for name, arg in zip(names, call.args, strict=False):
        bound[name] = arg.value if isinstance(arg, ast.Constant) else UNKNOWN
    for keyword in call.keywords:
        if keyword.arg is None:  # **options: any parameter may be given
            bound = {n: UNKNOWN for n in names}
        else:
            value = keyword.value
            bound[keyword.arg] = value.value if isinstance(value, ast.Constant) else UNKNOWN
    return bound


class _Reader:
    def __init__(self):
        self.messages: set[str] = set()
        self.seen: set = set()

    def read(self, function, bound: dict[str, object]) -> None:
        key = (function.__code__, tuple(sorted((k, repr(v)) for k, v in bound.items())))
        if key in self.seen:
            return
        self.seen.add(key)
        scope = {**function.__globals__, **_closure(function)}
        definition = _definition(function)
        body = definition.body
        if body and isinstance(body[0], ast.Expr) and _sentence(body[0].value) is not None:
            body = body[1:]  # the docstring
        for statement in body:
            self.visit(statement, scope, bound)

    def visit(self, node, scope, bound) -> None:
        if isinstance(node, ast.Raise):
            return
        known = _known(getattr(node, "test", None), bound)
        if isinstance(node, ast.IfExp | ast.If) and known is not UNKNOWN:
            branch = node.body if known else node.orelse
            for child in branch if isinstance(branch, list) else [branch]:
                self.visit(child, scope, bound)
            return
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            for value in node.values:
                truth = _known(value, bound)
                if truth is UNKNOWN or truth:
                    self.visit(value, scope, bound)
                if truth is not UNKNOWN and truth:
                    break
            return
        if _text(node) is not None:
            if (sentence := _sentence(node)) is not None:
                self.messages.add(sentence)
            return  # a text's literal parts are read as one, not one by one
        if isinstance(node, ast.Call) and (callee := _callee(node.func, scope)) is not None:
            self.read(callee, _bindings(callee, node))
        for child in ast.iter_child_nodes(node):
            self.visit(child, scope, bound)


def _known(test, bound):
    """The truth of ``test`` when it is one of the helper's parameters bound to a constant."""
    if isinstance(test, ast.Name) and test.id in bound and bound[test.id] is not UNKNOWN:
        return bool(bound[test.id])
    return UNKNOWN


def _closure(function) -> dict[str, object]:
    cells = function.__closure__ or ()
    return {n: c.cell_contents for n, c in zip(function.__code__.co_freevars, cells, strict=True)}


def _callee(func, scope):
    """The function of :mod:`kamtrain.checks` a call calls (``kit.labels_score``,
    ``figure_axes``, ``replay``…), or None."""
    if isinstance(func, ast.Name):
        target = scope.get(func.id)
    elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        target = getattr(scope.get(func.value.id), func.attr, None)
    else:
        return None
    if inspect.isfunction(target) and target.__module__.startswith(PACKAGE):
        return target
    return None


@functools.cache
def figure_messages(item: str) -> frozenset[str]:
    """Every message the figure check of ``item`` can give (right ones included)."""
    from kamtrain.checks import registry

    check = registry.lookup(item).function
    reader = _Reader()
    while check is not None:  # a decorated check: the wrapper, then the function it wraps
        reader.read(check, {})
        check = getattr(check, "__wrapped__", None)
    return frozenset(reader.messages)
