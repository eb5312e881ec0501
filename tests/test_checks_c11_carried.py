"""C11's knock-on rule and payback precision, over 50 learner variants.

* A wrong yearly gain carried with the right method earns the same knock-on credit and hint
  on every item that depends on it (net flows, NPV, ROI, payback, pessimistic NPV and the
  comparison with the competitor), whatever the learner's data.
* The payback is asked to the hundredth of a year (two decimals): that rounding is right, a
  rounding to a tenth gets the rounding hint and a whole-year rounding the whole-year hint,
  each with the same credit for every variant (where it differs from the two-decimal answer).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from _same_credit_cases import LEARNERS, case_for, right_answers
from _same_credit_hand import _c11, c11_carried

from kamtrain.checks import c11
from kamtrain.checks.c11_knock_on import (
    KNOCK_ON,
    KNOCK_ON_CREDIT,
    PAYBACK_TOL,
    TENTH,
    TENTH_CREDIT,
    WHOLE_YEAR,
    WHOLE_YEAR_CREDIT,
)

DEPENDENT = (
    "flux_nets",
    "van",
    "roi",
    "delai_recuperation",
    "van_pessimiste",
    "indicateurs_concurrent",
    "comparaison_concurrent",
)
NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks/bloc3/c11_valeur_economique.ipynb"


@pytest.fixture(scope="module")
def cases():
    return [case_for(c11.CASE, learner) for learner in LEARNERS]


WRONG_GAINS = {
    "sans les heures économisées": lambda case: _c11(case)[4],
    "sous-estimé de 15 %": lambda case: case.expected["gain_annuel"] * 0.85,
    "sans la réduction attendue": lambda case: float(
        (case.data["parc"]["heures_arret_an"] * case.data["parc"]["cout_heure_arret_eur"]).sum()
    ),
}


@pytest.mark.parametrize("mistake", WRONG_GAINS)
def test_a_wrong_gain_carried_earns_the_same_knock_on_on_every_dependent_item(cases, mistake):
    seen = {item: set() for item in DEPENDENT}
    for case in cases:
        ns = c11_carried(case, WRONG_GAINS[mistake](case))
        for item in DEPENDENT:
            got = c11.ITEMS[item](ns, case)
            seen[item].add(_carried_outcome(got, case.expected[item]))
    for item, outcomes in seen.items():
        assert outcomes == {(KNOCK_ON_CREDIT, (KNOCK_ON,))}, (item, outcomes)


def _carried_outcome(got, expected):
    """(credit, hints) of the keys the carried error changes: an indicator of a mapping that
    the error leaves right at its precision (« correct ») weighs for 1 and is left out."""
    if not isinstance(expected, dict):
        return got.fraction, got.messages
    right = sum(m.endswith(": correct.") for m in got.messages)
    hints = tuple(m for m in got.messages if not m.endswith(": correct."))
    wrong = len(expected) - right
    return round((got.fraction * len(expected) - right) / wrong, 4), hints


def test_a_right_gain_carried_is_right_everywhere(cases):
    """The carrying itself (the test's generator) is the notebook's method."""
    for case in cases:
        ns = c11_carried(case, case.expected["gain_annuel"], decimals=2)
        for item in DEPENDENT:
            assert c11.ITEMS[item](ns, case).fraction == 1.0, (item, case.identity.learner)


def _payback(case, value):
    return c11.check_delai_recuperation({**right_answers(case), "delai_recuperation": value}, case)


def test_the_payback_to_the_hundredth_is_right_for_every_variant(cases):
    for case in cases:
        exact = case.expected["delai_recuperation"]
        for answer in (exact, round(exact, 2), math.floor(exact * 100 + 0.5) / 100):
            assert _payback(case, answer).fraction == 1.0, (case.identity.learner, exact, answer)
        # one hundredth away is not a rounding of the payback
        for answer in (round(exact, 2) + 0.01, round(exact, 2) - 0.01):
            assert _payback(case, answer).fraction < 1.0, (case.identity.learner, exact, answer)


@pytest.mark.parametrize(
    "rounding, credit, hint",
    [
        (lambda p: {round(p, 1)}, TENTH_CREDIT, TENTH),
        (lambda p: {math.ceil(p), round(p)} - {round(p, 1)}, WHOLE_YEAR_CREDIT, WHOLE_YEAR),
    ],
    ids=["au dixième", "année entière"],
)
def test_a_coarser_payback_gets_its_rounding_hint_for_every_variant(cases, rounding, credit, hint):
    outcomes, bites = set(), 0
    for case in cases:
        exact = case.expected["delai_recuperation"]
        for answer in rounding(exact):
            got = _payback(case, answer)
            if abs(answer - exact) <= PAYBACK_TOL:
                # also the payback to the hundredth: right
                assert got.fraction == 1.0, (case.identity.learner, exact, answer)
                continue
            bites += 1
            outcomes.add((got.fraction, got.messages))
    assert bites >= 40
    assert outcomes == {(credit, (hint,))}


def test_the_competitor_paybacks_are_asked_at_the_same_precision(cases):
    for case in cases:
        ns = right_answers(case)
        rounded = {
            "indicateurs_concurrent": {
                **ns["indicateurs_concurrent"],
                "delai_recuperation": round(ns["indicateurs_concurrent"]["delai_recuperation"], 2),
            },
            "comparaison_concurrent": {
                **ns["comparaison_concurrent"],
                "delai_surcout": round(ns["comparaison_concurrent"]["delai_surcout"], 2),
            },
        }
        for item, answer in rounded.items():
            got = c11.ITEMS[item]({**ns, item: answer}, case)
            assert got.fraction == 1.0, (item, case.identity.learner, got)


def test_the_notebook_states_the_payback_precision():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    text = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert "au centième d'année" in text and "round(..., 2)" in text
