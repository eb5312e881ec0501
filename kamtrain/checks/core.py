"""Typed results of a check and small helpers shared by the domain modules."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from kamlearn.labels import normalise_label  # noqa: F401 - shared with the self-checks

MISSING = object()


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one autograded item.

    Attributes:
        item: the item id, e.g. ``"c6.nps_global"``.
        fraction: the share of the item's points earned, from 0 to 1.
        messages: French explanations for the learner: what is right, what is wrong.
    """

    item: str
    fraction: float
    messages: tuple[str, ...] = ()

    def __post_init__(self):
        if not 0.0 <= self.fraction <= 1.0 or math.isnan(self.fraction):
            raise ValueError(f"fraction must be within [0, 1], got {self.fraction!r}")

    def points(self, max_points: float) -> float:
        return round(self.fraction * max_points, 2)


def answer(ns: dict, name: str) -> Any:
    """Return the learner's variable ``name`` from a namespace, or :data:`MISSING`."""
    return ns.get(name, MISSING)


def missing_result(item: str, name: str) -> CheckResult:
    return CheckResult(
        item, 0.0, (f"La variable `{name}` n'est pas définie : exécutez votre cellule de réponse.",)
    )


def as_number(value: Any) -> float | None:
    """Convert a learner's answer to a float, or None when it is not a number.

    A text is not a number, even one that reads as a number (``"-13.2"``): the exercises
    ask for numbers, and a quoted one is refused with a message rather than graded.
    """
    if isinstance(value, bool | str | bytes):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def as_mapping(value: Any) -> dict | None:
    """Accept a dict or a pandas Series (index -> value)."""
    if isinstance(value, dict):
        return dict(value)
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict) and hasattr(value, "index") and getattr(value, "ndim", 0) == 1:
        return to_dict()
    return None
