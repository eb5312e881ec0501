"""Knock-on credit cannot be gamed with degenerate intermediate answers (review r5, 2, 6, 7).

* C11: a gain of 0, flows of minus the yearly costs or a gain of 10^12 show no method; the
  ROI of -100 %, the payback « never » (inf) or 0 that follow from them earn what they earn
  with right intermediates, never the knock-on « Méthode correcte ».
* C6: NPS per site all equal (a minimum shared by several sites) name no lowest site.
* C11: rounding the right payback to a tenth earns the same with a wrong gain and right flows.
"""

from __future__ import annotations

import pytest
from _same_credit_cases import LEARNERS, case_for, right_answers

from kamlearn import conventions as conv
from kamtrain.checks import c6, c11

VARIANTS = LEARNERS[:10]
METHOD = "Méthode correcte"


@pytest.fixture(scope="module")
def c11_cases():
    return [case_for(c11.CASE, learner) for learner in VARIANTS]


def _hostile_c11(case) -> dict[str, dict]:
    """Degenerate intermediates a learner who cannot compute may hand in, each a dict of
    the intermediate answers that replace the right ones."""
    cost = case.costs("Nexalys", "annuel")
    return {
        "flux = -coût annuel": {"flux_nets": [-cost] * 5},
        "gain 0": {"gain_annuel": 0.0},
        "gain 0 et flux = -coût": {"gain_annuel": 0.0, "flux_nets": [-cost] * 5},
        "gain 10^12": {"gain_annuel": 1e12},
        "gain négatif": {"gain_annuel": -1.0},
        "flux infinis": {"flux_nets": [float("inf")] * 5},
    }


def _finals(case) -> dict[str, dict]:
    """Final answers that any degenerate intermediate « explains »."""
    inv, rate = case.expected["investissement"], case.hypothesis("taux_actualisation")
    cost = case.costs("Nexalys", "annuel")
    return {
        "roi": {"roi": -100.0},
        "delai_recuperation": {"delai_recuperation": float("inf")},
        "delai_recuperation ": {"delai_recuperation": 0.0},
        "van": {"van": conv.npv(inv, [-cost] * 5, rate)},
        "indicateurs_concurrent": {
            "indicateurs_concurrent": {
                "van": 0.0,
                "roi": -100.0,
                "delai_recuperation": float("inf"),
            }
        },
    }


def test_degenerate_c11_intermediates_earn_no_knock_on(c11_cases):
    bites = 0
    for case in c11_cases:
        right = right_answers(case)
        for name, final in _finals(case).items():
            item = name.strip()
            honest = c11.ITEMS[item]({**right, **final}, case)
            for attack, inputs in _hostile_c11(case).items():
                got = c11.ITEMS[item]({**right, **inputs, **final}, case)
                where = (case.identity.learner, item, attack, got)
                assert got.fraction <= honest.fraction, where
                assert not any(METHOD in m for m in got.messages), where
                bites += 1
    assert bites == len(c11_cases) * 5 * 6


def test_a_tie_in_ones_own_nps_per_site_names_no_lowest_site():
    bites = 0
    for learner in VARIANTS:
        case = case_for("c6_satisfaction", learner)
        right = right_answers(case)
        sites = sorted(right["nps_par_site"])
        lowest_two = dict.fromkeys(sites, 50.0) | {sites[0]: -10.0, sites[1]: -10.0}
        for own in ({s: 0 for s in sites}, {s: 100 for s in sites}, lowest_two):
            for site in sites:
                got = c6.check_site_le_plus_faible(
                    {**right, "nps_par_site": own, "site_le_plus_faible": site}, case
                )
                honest = c6.check_site_le_plus_faible({**right, "site_le_plus_faible": site}, case)
                where = (learner, own, site, got)
                assert got.fraction == honest.fraction, where
                assert c6.KNOCK_ON not in got.messages, where
                bites += 1
    assert bites >= 3 * 3 * len(VARIANTS)


def test_rounding_the_right_payback_earns_the_same_with_a_wrong_gain(c11_cases):
    bites = 0
    for case in c11_cases:
        right = right_answers(case)
        exact = case.expected["delai_recuperation"]
        exact_c = right["indicateurs_concurrent"]["delai_recuperation"]
        answers = {
            "delai_recuperation": round(exact, 1),
            "indicateurs_concurrent": {
                **right["indicateurs_concurrent"],
                "delai_recuperation": round(exact_c, 1),
            },
        }
        for item, answer in answers.items():
            honest = c11.ITEMS[item]({**right, item: answer}, case)
            if honest.fraction == 1.0:
                continue  # the tenth is also the hundredth: nothing rounded
            for factor in (1.1, 0.9):
                wrong_gain = {"gain_annuel": right["gain_annuel"] * factor}
                got = c11.ITEMS[item]({**right, **wrong_gain, item: answer}, case)
                assert (got.fraction, got.messages) == (honest.fraction, honest.messages), (
                    case.identity.learner,
                    item,
                    factor,
                    got,
                    honest,
                )
                bites += 1
    assert bites >= 10, bites
