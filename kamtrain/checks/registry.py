"""Item id -> (case, check function), imported only when an item is graded.

An item id is ``"<prefix>.<answer>"``, e.g. ``"c6.nps_global"``. The items of a prefix
live in the module ``kamtrain.checks.<prefix>``, which defines ``CASE`` (the name of its
case module under :mod:`kamlearn.cases`) and ``ITEMS``, a dict from answer name to check
function ``(ns, case) -> CheckResult``. Adding a module needs no registry edit.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass

from kamlearn.errors import UnknownIdError

_PREFIX = re.compile(r"^c\d+[a-z]?$")


def _module(prefix: str):
    if not _PREFIX.match(prefix) or importlib.util.find_spec(f"kamtrain.checks.{prefix}") is None:
        raise UnknownIdError("item prefix", prefix, known=prefixes())
    return importlib.import_module(f"kamtrain.checks.{prefix}")


def prefixes() -> list[str]:
    import pkgutil

    import kamtrain.checks as package

    return sorted(m.name for m in pkgutil.iter_modules(package.__path__) if _PREFIX.match(m.name))


@dataclass(frozen=True)
class ItemSpec:
    item: str
    case: str
    function: Callable


def lookup(item: str) -> ItemSpec:
    prefix, _, name = item.partition(".")
    module = _module(prefix)
    if name not in module.ITEMS:
        raise UnknownIdError("item", item, known=[f"{prefix}.{n}" for n in module.ITEMS])
    return ItemSpec(item, module.CASE, module.ITEMS[name])


def all_items() -> list[str]:
    """Every registered item id (imports every check module)."""
    items = []
    for prefix in prefixes():
        module = _module(prefix)
        items.extend(f"{prefix}.{name}" for name in module.ITEMS)
    return items
