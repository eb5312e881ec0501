"""Helpers of the leak tests: how a message could print a number, and wrong answers.

Shared by tests/test_check_leaks.py (items whose expected value is stored under their own
name) and tests/test_check_leaks_derived.py (figures, engines, free answers and answers
stored under other names). Nothing runs at import.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from kamtrain.checks import registry

COHORT = "cohorte-fuite"
LEARNERS = ("amartin", "bdurand")
SEPARATORS = ("", " ", "\u00a0", "\u202f", ",")


@functools.cache
def trusted_case(case_name: str, learner: str):
    """The trusted case (built once per test process: the checks only read it)."""
    from kamtrain.answers import load_trusted_case

    return load_trusted_case(case_name, cohort=COHORT, learner=learner)


def numbers(value) -> list[float]:
    """Every number inside an expected value (mappings, sequences, frames)."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, (int, float, np.integer, np.floating)):
        return [float(value)] if math.isfinite(float(value)) else []
    if isinstance(value, pd.DataFrame):
        return [float(v) for v in value.select_dtypes("number").to_numpy().ravel()]
    if isinstance(value, pd.Series):
        return numbers(value.to_dict())
    if isinstance(value, Mapping):
        return [n for v in value.values() for n in numbers(v)]
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [n for v in value for n in numbers(v)]
    return []


def _significant(text: str) -> int:
    """Significant digits of a printed number (« 3,000 » has 1, « 23,74 » has 4)."""
    whole, _, decimals = re.sub(r"[^\d.,]", "", text).replace(",", ".").rpartition(".")
    if not whole:  # no decimal mark at all
        whole, decimals = decimals, ""
    digits = (whole.replace(".", "") + decimals.rstrip("0")).lstrip("0")
    return len(digits.rstrip("0")) if not decimals.rstrip("0") else len(digits)


def meaningful(number: float) -> bool:
    """Whether ``number`` can be told from a count or a constant (« × 100 », « 3 sites »)."""
    return _significant(f"{abs(number):.12g}") >= 3


def printed_forms(number: float) -> set[str]:
    """The ways a message could print ``number`` (see the module docstring)."""
    if not meaningful(number):
        return set()
    values = [number]
    if abs(number) <= 1.5:
        values.append(number * 100)  # a ratio shown as a percentage
    forms = set()
    for value in values:
        forms.add(f"{value:g}")
        forms.add(repr(value))
        for digits in (0, 1, 2, 3):
            rounded = f"{abs(value):,.{digits}f}"
            whole, _, decimals = rounded.partition(".")
            for sep in SEPARATORS:
                for mark in (".", ","):
                    if sep == mark:
                        continue
                    text = whole.replace(",", sep) + (mark + decimals if decimals else "")
                    forms.add(text)
    return {f.lstrip("-") for f in forms if _significant(f) >= 3}


def pattern_of(forms: set[str]) -> re.Pattern | None:
    if not forms:
        return None
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    # Not part of a longer number: no digit (or decimal mark then digit) on either side.
    return re.compile(rf"(?<![\d.,])(?:{alternatives})(?![\d]|[.,]\d)")


def scaled(value, factor: float, shift: float = 0.0):
    """``value`` with every number multiplied by ``factor`` (plus ``shift``)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value) * factor + shift
    if isinstance(value, pd.DataFrame):
        out = value.copy()
        for column in out.select_dtypes("number").columns:
            out[column] = out[column].astype(float) * factor + shift
        return out
    if isinstance(value, pd.Series):
        return value.map(lambda v: scaled(v, factor, shift))
    if isinstance(value, Mapping):
        return {k: scaled(v, factor, shift) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return type(value)(scaled(v, factor, shift) for v in value)
    return value


def wrong_answers(expected) -> list:
    """Perturbed values and typical mistakes, shaped like ``expected``."""
    answers = [
        # close but wrong, inside and outside the "nearly" bands of the checks: where a
        # hint is most tempted to say the answer
        scaled(expected, 1.004),
        scaled(expected, 0.98),
        scaled(expected, 1.08),
        scaled(expected, 0.93, -1.7),
        scaled(expected, 0.01),  # percentage handed in as a fraction
        scaled(expected, 100.0),  # fraction handed in as a percentage
        scaled(expected, -1.0, -3.1),  # sign
        None,
        "je ne sais pas",
        [],
        {},
    ]
    if isinstance(expected, Mapping) and len(expected) > 1:
        first = next(iter(expected))
        answers.append({k: v for k, v in expected.items() if k != first})  # one key missing
        answers.append({**scaled(dict(expected), 1.08), "inconnu": 1.0})
    if isinstance(expected, pd.Series) and len(expected) > 1:
        answers.append(expected.iloc[1:])
    if isinstance(expected, list | tuple) and len(expected) > 1:
        answers.append(type(expected)(reversed(expected)))
        answers.append(expected[:-1])
    if isinstance(expected, str):
        answers.extend([expected.upper() + "X", "autre", expected[::-1]])
    return answers


def messages_of(item: str, case, ns: dict) -> list[str]:
    """The messages of ``item``'s check on the namespace ``ns`` (an error is a message too)."""
    from kamtrain.checks.core import CheckResult

    spec = registry.lookup(item)
    try:
        result = spec.function(ns, case)
    except Exception as exc:  # noqa: BLE001 - as kamtrain.checks.runtime does
        result = CheckResult(item, 0.0, (f"Vérification impossible : {type(exc).__name__}: {exc}",))
    finally:
        plt.close("all")
    return list(result.messages)


def small_numbers(values: list[float]) -> set[str]:
    """Printed forms of the expected numbers too short to be looked for one by one.

    A count such as « 12 » cannot be told from any other number, but a message printing
    three of a figure's expected counts at once (« 3, 5, 12 ») reveals the figure's data.
    0 and 1 are left out (too common).
    """
    out = set()
    for value in values:
        if meaningful(value) or abs(value) in (0.0, 1.0):
            continue
        text = f"{abs(value):g}"
        out |= {text, text.replace(".", ",")}
    return out


def lists_small_numbers(message: str, smalls: set[str], least: int = 3) -> list[str]:
    """The distinct ``smalls`` in ``message`` when there are ``least`` of them, else []."""
    hits = {s for s in smalls if re.search(rf"(?<![\d.,]){re.escape(s)}(?![\d]|[.,]\d)", message)}
    distinct = {h.replace(",", ".") for h in hits}
    return sorted(distinct) if len(distinct) >= least else []


def shows_pair(message: str, key: str, value: float) -> bool:
    """Whether ``message`` prints ``key`` next to its number (« Sy : 3 », « A=2 », « S (1) »)."""
    text = f"{value:g}"
    number = f"(?:{re.escape(text)}|{re.escape(text.replace('.', ','))})"
    return bool(
        re.search(rf"(?<!\w){re.escape(key)}\s*(?::|=|\()\s*{number}(?![\d]|[.,]\d)", message)
    )


def leaks(
    messages: list[str],
    pattern: re.Pattern | None,
    labels=(),
    given="",
    *,
    smalls: set[str] = frozenset(),
    public: tuple[str, ...] = (),
    pairs: Mapping = MappingProxyType({}),
) -> list[str]:
    """What each message reveals: a printed form of an expected number, or an expected label.

    A label counts only when the learner's own answer (``given``, as text) does not hold it:
    echoing the learner's words back reveals nothing; nor does a message listing all the
    ``public`` choices of the question (« Choisissez parmi : … »). Three or more of the
    ``smalls`` (see :func:`small_numbers`) in one message count as a leak, and so does one
    key of ``pairs`` printed next to its number.
    """
    found = []
    for message in messages:
        hit = pattern.search(message) if pattern else None
        if hit:
            found.append(f"«{message}» shows {hit[0]!r}")
        listed = lists_small_numbers(message, smalls)
        if listed:
            found.append(f"«{message}» lists {listed!r}")
        for key, value in pairs.items():
            if shows_pair(message, key, value):
                found.append(f"«{message}» shows {key} = {value:g}")
        if public and all(c.lower() in message.lower() for c in public):
            continue
        for label in labels:
            if label.lower() in message.lower() and label.lower() not in given.lower():
                found.append(f"«{message}» names {label!r}")
    return found
