"""Checks that teach: each recognised mistake gets its own hint and the same credit for
every learner's data (issue 18). Drawn over 50 variants.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from kamlearn import conventions as conv
from kamtrain.answers import load_trusted_case
from kamtrain.checks import c6
from kamtrain.checks.c11_knock_on import KNOCK_ON_CREDIT

LEARNERS = [f"variante-{i:02d}" for i in range(50)]


@pytest.fixture(scope="module")
def cases():
    return [load_trusted_case("c6_satisfaction", cohort="enseigne", learner=lr) for lr in LEARNERS]


def _nps(scores, promoters, detractors):
    return conv.nps(scores, promoters=promoters, detractors=detractors)


def test_same_nps_mistake_same_credit_and_hint_over_50_variants(cases):
    seen = {}
    for case in cases:
        scores = case.data["enquete"]["score_recommandation"]
        expected = case.expected["nps_global"]
        mistakes = {
            "fraction": expected / 100,
            "arrondi": float(round(expected)),
            "texte": str(expected),
        }
        for promoters, detractors, _, hint in c6.BAND_MISTAKES:
            mistakes[hint] = _nps(scores, promoters, detractors)
        for name, wrong in mistakes.items():
            if name == "arrondi" and abs(wrong - expected) <= c6.TOLERANCE:
                continue  # this variant's NPS is a whole number: no rounding mistake to make
            if (
                name in dict.fromkeys(h for *_, h in c6.BAND_MISTAKES)
                and abs(wrong - expected) <= c6.TOLERANCE
            ):
                continue  # no respondent at that boundary: the mistake changes nothing
            others = [h for *_, h in c6.BAND_MISTAKES if h != name]
            if name not in ("fraction", "arrondi", "texte") and any(
                abs(mistakes[h] - wrong) <= c6.TOLERANCE for h in others
            ):
                continue  # as many 8s as 6s: two mistakes alike, both hints (the check's rule)
            result = c6.check_nps_global({"nps_global": wrong}, case)
            seen.setdefault(name, set()).add((result.fraction, result.messages))
    for name, outcomes in seen.items():
        assert len(outcomes) == 1, f"« {name} » earns different credit or hints: {outcomes}"
    assert next(iter(seen["fraction"]))[0] == 0.5
    assert next(iter(seen["arrondi"]))[0] == 0.75
    assert next(iter(seen["texte"]))[0] == 0.0
    promoters_8 = c6.BAND_MISTAKES[0][3]
    assert "8" in promoters_8 and next(iter(seen[promoters_8]))[0] == 0.25


def test_per_site_nps_as_fractions_gets_a_unit_hint(cases):
    outcomes = set()
    for case in cases[:20]:
        fractions = {s: v / 100 for s, v in case.expected["nps_par_site"].items()}
        result = c6.check_nps_par_site({"nps_par_site": fractions}, case)
        outcomes.add((result.fraction, result.messages))
    assert len(outcomes) == 1
    fraction, messages = outcomes.pop()
    assert fraction == 0.5 and "points" in messages[0]


def test_the_distribution_figure_is_read_by_position_not_only_height(cases):
    case = cases[0]
    counts = case.expected["repartition_scores"]
    right, ax = plt.subplots()
    ax.bar(list(counts), list(counts.values()))
    ax.set_title("Notes")
    ax.set_xlabel("Note")
    ax.set_ylabel("Répondants")
    assert c6.check_fig_distribution({"fig_distribution": right}, case).fraction == 1.0
    # the attack: the right heights, every bar drawn at score 0
    wrong, ax = plt.subplots()
    ax.bar([0] * len(counts), list(counts.values()))
    ax.set_title("Notes")
    ax.set_xlabel("Note")
    ax.set_ylabel("Répondants")
    result = c6.check_fig_distribution({"fig_distribution": wrong}, case)
    assert result.fraction < 1.0
    # shuffled positions with the right heights: hinted, partial credit
    shuffled, ax = plt.subplots()
    ax.bar(list(counts), list(reversed(list(counts.values()))))
    ax.set_title("Notes")
    ax.set_xlabel("Note")
    ax.set_ylabel("Répondants")
    result = c6.check_fig_distribution({"fig_distribution": shuffled}, case)
    assert result.fraction < 1.0 and any("bonne note" in m for m in result.messages)
    # a pandas bar plot of value_counts (sorted by count) is read through its labels
    import pandas as pd

    by_label, ax = plt.subplots()
    pd.Series(counts)[lambda s: s > 0].sort_values().plot.bar(ax=ax)
    ax.set_title("Notes")
    ax.set_xlabel("Note")
    ax.set_ylabel("Répondants")
    assert c6.check_fig_distribution({"fig_distribution": by_label}, case).fraction == 1.0
    plt.close("all")


@pytest.fixture(scope="module")
def c11_cases():
    return [
        load_trusted_case("c11_valeur_economique", cohort="enseigne", learner=lr) for lr in LEARNERS
    ]


def test_spreadsheet_npv_gets_its_hint_and_the_same_credit_over_50_variants(c11_cases):
    from kamtrain.checks import c11

    outcomes = set()
    for case in c11_cases:
        rate = case.hypothesis("taux_actualisation")
        invest, flows = case.expected["investissement"], case.expected["flux_nets"]
        # =VAN(taux; -investissement; flux1; ...; flux5) in a spreadsheet
        excel = sum(v / (1 + rate) ** (t + 1) for t, v in enumerate([-invest, *flows]))
        result = c11.check_van({"van": excel}, case)
        outcomes.add((result.fraction, result.messages))
    assert len(outcomes) == 1, outcomes
    fraction, messages = outcomes.pop()
    assert fraction == c11.EXCEL_NPV_CREDIT and "t=1" in messages[0]


def test_wrong_net_flows_earn_the_same_knock_on_credit_on_npv_and_roi(c11_cases):
    """A wrong gain carried consistently through VAN and ROI is credited the same way."""
    from kamtrain.checks import c11

    seen = set()
    for case in c11_cases:
        rate = case.hypothesis("taux_actualisation")
        invest = case.expected["investissement"]
        # a 17 % error on the flows (+10 % would equal t=0 discounting at a 10 % rate)
        own = [f * 0.83 for f in case.expected["flux_nets"]]
        van = -invest + sum(f / (1 + rate) ** (t + 1) for t, f in enumerate(own))
        gains = sum(f + case.costs("Nexalys", "annuel") for f in own)
        tco = case.tco("Nexalys")
        roi = (gains - tco) / tco * 100
        ns = {"flux_nets": own, "van": van, "roi": roi}
        seen.add((c11.check_van(ns, case).fraction, c11.check_roi(ns, case).fraction))
    assert seen == {(KNOCK_ON_CREDIT, KNOCK_ON_CREDIT)}


def test_exact_text_answers_are_compared_after_the_stated_normalisation():
    """The notebooks say: capitals, accents, hyphens and extra spaces do not count."""
    import json
    from pathlib import Path

    from kamtrain.checks.core import normalise_label

    assert normalise_label("valenciennes ") == normalise_label("Valenciennes")
    assert normalise_label("Saint-Étienne") == normalise_label("saint  etienne")
    assert normalise_label("Clermont-Ferrand") != normalise_label("Clermont")
    root = Path(__file__).resolve().parent.parent / "notebooks"
    c6 = json.loads((root / "bloc1" / "c6_satisfaction.ipynb").read_text(encoding="utf-8"))
    text = "".join("".join(c["source"]) for c in c6["cells"] if c["cell_type"] == "markdown")
    assert "majuscules, accents, tirets et espaces superflus ne comptent pas" in text
