"""No check message reveals an expected value, whatever wrong answer the learner hands in.

Every item of every check module is fed, for two learners, answers shaped like its
expected value but wrong: perturbed a little (where hints are most tempting: "close, it is
X"), the classic mistakes (a fraction instead of a percentage and back, the sign), the
wrong type, nothing. No message may contain the expected value in any printed form: the
raw float, rounded to 0–3 decimals, with a French or English decimal mark, with or without
thousands separators (space, no-break space, narrow no-break space, comma), and as a
percentage of a ratio. Numbers with fewer than three significant digits are not looked
for (« 3 sites » is no leak), and labels only for items whose answer is a label.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from kamtrain.checks import registry

COHORT = "cohorte-fuite"
LEARNERS = ("amartin", "bdurand")
SEPARATORS = ("", " ", "\u00a0", "\u202f", ",")


def _case(case_name: str, learner: str):
    from kamtrain.answers import load_trusted_case

    return load_trusted_case(case_name, cohort=COHORT, learner=learner)


def _numbers(value) -> list[float]:
    """Every number inside an expected value (mappings, sequences, frames)."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, (int, float, np.integer, np.floating)):
        return [float(value)] if math.isfinite(float(value)) else []
    if isinstance(value, pd.DataFrame):
        return [float(v) for v in value.select_dtypes("number").to_numpy().ravel()]
    if isinstance(value, pd.Series):
        return _numbers(value.to_dict())
    if isinstance(value, Mapping):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [n for v in value for n in _numbers(v)]
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


def _pattern(forms: set[str]) -> re.Pattern | None:
    if not forms:
        return None
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    # Not part of a longer number: no digit (or decimal mark then digit) on either side.
    return re.compile(rf"(?<![\d.,])(?:{alternatives})(?![\d]|[.,]\d)")


def _scaled(value, factor: float, shift: float = 0.0):
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
        return value.map(lambda v: _scaled(v, factor, shift))
    if isinstance(value, Mapping):
        return {k: _scaled(v, factor, shift) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return type(value)(_scaled(v, factor, shift) for v in value)
    return value


def wrong_answers(expected) -> list:
    """Perturbed values and typical mistakes, shaped like ``expected``."""
    answers = [
        # close but wrong, inside and outside the "nearly" bands of the checks: where a
        # hint is most tempted to say the answer
        _scaled(expected, 1.004),
        _scaled(expected, 0.98),
        _scaled(expected, 1.08),
        _scaled(expected, 0.93, -1.7),
        _scaled(expected, 0.01),  # percentage handed in as a fraction
        _scaled(expected, 100.0),  # fraction handed in as a percentage
        _scaled(expected, -1.0, -3.1),  # sign
        None,
        "je ne sais pas",
        [],
        {},
    ]
    if isinstance(expected, Mapping) and len(expected) > 1:
        first = next(iter(expected))
        answers.append({k: v for k, v in expected.items() if k != first})  # one key missing
        answers.append({**_scaled(dict(expected), 1.08), "inconnu": 1.0})
    if isinstance(expected, pd.Series) and len(expected) > 1:
        answers.append(expected.iloc[1:])
    if isinstance(expected, list | tuple) and len(expected) > 1:
        answers.append(type(expected)(reversed(expected)))
        answers.append(expected[:-1])
    if isinstance(expected, str):
        answers.extend([expected.upper() + "X", "autre", expected[::-1]])
    return answers


def _messages(item: str, case, answer) -> list[str]:
    from kamtrain.checks.core import CheckResult

    spec = registry.lookup(item)
    name = item.partition(".")[2]
    try:
        result = spec.function({name: answer}, case)
    except Exception as exc:  # noqa: BLE001 - as kamtrain.checks.runtime does
        result = CheckResult(item, 0.0, (f"Vérification impossible : {type(exc).__name__}: {exc}",))
    finally:
        plt.close("all")
    return list(result.messages)


def _items_with_expected():
    out = []
    for item in registry.all_items():
        spec = registry.lookup(item)
        out.append(pytest.param(item, spec.case, id=item))
    return out


@pytest.mark.parametrize(("item", "case_name"), _items_with_expected())
def test_no_message_reveals_the_expected_value(item, case_name):
    name = item.partition(".")[2]
    leaks = []
    for learner in LEARNERS:
        case = _case(case_name, learner)
        expected_all = case.expected
        if name not in expected_all:
            pytest.skip(f"{item}: no expected value under its name (figure or free answer)")
        expected = expected_all[name]
        pattern = _pattern(set().union(*(printed_forms(n) for n in _numbers(expected))))
        label = expected if isinstance(expected, str) and len(expected) >= 3 else None
        for answer in wrong_answers(expected):
            for message in _messages(item, case, answer):
                found = pattern.search(message) if pattern else None
                if found:
                    leaks.append(f"{learner} answer {answer!r:.60}: «{message}» shows {found[0]!r}")
                if label and label.lower() in message.lower():
                    leaks.append(f"{learner} answer {answer!r:.60}: «{message}» names {label!r}")
    assert not leaks, f"{item} reveals its expected value:\n" + "\n".join(leaks[:8])


def test_the_detector_sees_every_printed_form():
    """The pattern itself: French and English forms, rounded, separated, as a percentage."""
    pattern = _pattern(printed_forms(207619.4372))
    for shown in ("207 619 €", "207\u202f619,44", "207,619.4", "207619", "207 619,437"):
        assert pattern.search(f"attendu : {shown}"), shown
    assert not pattern.search("1207619") and not pattern.search("207 6190")
    ratio = _pattern(printed_forms(0.2374))
    for shown in ("23,7 %", "23.74", "0,237", "0.2374"):
        assert ratio.search(f"la valeur est {shown}"), shown
    assert not _pattern(printed_forms(3.0))  # too short to be told from a count
    assert not _pattern(printed_forms(100.0)) and not _pattern(printed_forms(1.0))
    assert _pattern(printed_forms(12.5)).search("12,5 %")
