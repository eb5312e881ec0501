"""Reading a learner's answer out of the namespace and coercing it for grading.

Every reader returns ``(value, None)`` when the answer is usable, or ``(None, result)``
where ``result`` is the zero-credit :class:`CheckResult` to hand back to the learner.
None of them raises on an odd answer.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from kamtrain.checks.core import (
    MISSING,
    CheckResult,
    answer,
    as_mapping,
    as_number,
    missing_result,
    normalise_label,
)


def within(
    value: float | None, expected: float | None, *, tol: float = 0.0, rel: float = 0.0
) -> bool:
    """Whether ``value`` equals ``expected`` up to ``max(tol, rel × |expected|)``.

    Args:
        value: the learner's number, or None when it is not a number.
        expected: the reference number.
        tol: absolute tolerance (also the floor of the relative one).
        rel: relative tolerance, as a share of ``expected``.
    """
    if value is None or expected is None:
        return False
    if not math.isfinite(expected):
        # « never within the horizon » (a payback that does not happen) is answered as inf
        return value == expected
    return abs(value - expected) <= max(tol, rel * abs(expected))


def read_number(ns: dict, item: str, name: str, *, what: str = "") -> tuple[float | None, Any]:
    """Read ``ns[name]`` as a float.

    Args:
        what: French hint shown in parentheses when the answer is not a number,
            e.g. « en euros ».
    """
    value = answer(ns, name)
    if value is MISSING:
        return None, missing_result(item, name)
    if isinstance(value, str):
        return None, CheckResult(
            item,
            0.0,
            (
                f"`{name}` doit être un nombre, pas un texte entre guillemets : retirez les guillemets.",
            ),
        )
    number = as_number(value)
    if number is None:
        hint = f" ({what})" if what else ""
        return None, CheckResult(item, 0.0, (f"`{name}` doit être un nombre{hint}.",))
    return number, None


def read_numbers(
    ns: dict, item: str, name: str, *, length: int, what: str
) -> tuple[list[float] | None, Any]:
    """Read ``ns[name]`` as a list of ``length`` numbers.

    Args:
        what: French description of the positions, e.g. « années 1 à 5 ».
    """
    value = answer(ns, name)
    if value is MISSING:
        return None, missing_result(item, name)
    numbers = as_numbers(value)
    if numbers is None or len(numbers) != length:
        return None, CheckResult(
            item, 0.0, (f"`{name}` doit être une liste de {length} nombres ({what}).",)
        )
    return numbers, None


def read_engine(
    ns: dict, item: str, name: str, *, calls: tuple[str, ...], what: str, has: tuple[str, ...] = ()
) -> tuple[Any, CheckResult | None]:
    """Read ``ns[name]`` as a simulator engine: it must offer the methods ``calls`` and the
    attributes ``has``.

    Args:
        what: French description of the engine, e.g. « le moteur d'entretien créé dans l'énoncé ».
    """
    engine = answer(ns, name)
    if engine is MISSING:
        return None, missing_result(item, name)
    if not all(callable(getattr(engine, c, None)) for c in calls) or not all(
        hasattr(engine, h) for h in has
    ):
        return None, CheckResult(item, 0.0, (f"`{name}` doit être {what}.",))
    return engine, None


def code_reader(names: Mapping[str, Iterable[str]]) -> Callable[[Any], str | None]:
    """A ``canon`` for the graders: a learner's label → its code, or None when unknown.

    Args:
        names: code → the other names it goes by; a code is also recognised as itself.
            Case, accents and punctuation are ignored (« Sécurité » is « securite »).
    """
    table = {normalise_label(code): code for code in names}
    table.update({normalise_label(n): code for code, others in names.items() for n in others})
    return lambda value: table.get(normalise_label(value))


def read_mapping(
    ns: dict, item: str, name: str, *, shape: str, numbers: bool = False
) -> tuple[dict | None, Any]:
    """Read ``ns[name]`` as a dict (a pandas Series is accepted) keyed by normalised labels.

    Args:
        shape: French description of the expected pairs, e.g. « identifiant → catégorie ».
        numbers: the values are numbers: numbers typed as text (``{"Lyon": "-13.2"}``) are
            refused with the same message as a number typed as text, for every such item
            (another text is graded as an absent value).
    """
    value = answer(ns, name)
    if value is MISSING:
        return None, missing_result(item, name)
    mapping = as_mapping(value)
    if mapping is None:
        return None, CheckResult(
            item, 0.0, (f"`{name}` doit être un dict ou une Series pandas ({shape}).",)
        )
    if numbers and (texts := [k for k, v in mapping.items() if _reads_as_number(v)]):
        return None, CheckResult(
            item,
            0.0,
            (
                f"`{name}` : les valeurs doivent être des nombres, pas des textes entre "
                f"guillemets ({listing(texts)}) : retirez les guillemets.",
            ),
        )
    return keyed(mapping), None


def _reads_as_number(value: Any) -> bool:
    """A text that reads as a number (« -13.2 », « 61,8 »): a number typed between quotes."""
    if not isinstance(value, str):
        return False
    try:
        float(value.strip().replace(",", ".").replace("\u202f", "").replace(" ", ""))
    except ValueError:
        return False
    return True


def keyed(mapping: Mapping) -> dict:
    """The mapping with its keys normalised, so that « Île-de-France » finds « ile de france »."""
    return {normalise_label(k): v for k, v in mapping.items()}


def lookup(normalised: Mapping, key: Any) -> Any:
    """The value of ``key`` in a :func:`keyed` mapping, or :data:`MISSING`."""
    return normalised.get(normalise_label(key), MISSING)


def is_listlike(value: Any) -> bool:
    """True for lists, tuples, sets, Series…: a string is one value, not a list of letters."""
    return not isinstance(value, str) and hasattr(value, "__iter__")


def as_numbers(value: Any) -> list[float] | None:
    """A sequence of numbers as floats, or None if it is not one."""
    if isinstance(value, (str, bytes, dict)):
        return None
    try:
        numbers = [as_number(v) for v in list(value)]
    except TypeError:
        return None
    return None if any(n is None for n in numbers) else numbers


def listing(values, limit: int = 8) -> str:
    """Join a few identifiers for a message, with an ellipsis beyond ``limit``."""
    values = [str(v) for v in values]
    return ", ".join(values[:limit]) + ("…" if len(values) > limit else "")
