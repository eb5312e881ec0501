"""The C6 case and its checks, without kernels."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from kamlearn import conventions as conv
from kamlearn.cases.c6_satisfaction import SatisfactionCase
from kamlearn.cases.identity import Identity
from kamtrain.answers import trusted
from kamtrain.checks import c6
from kamtrain.grading.score import CaseCache, Learner, evaluate


def grade(item: str, ns: dict, *, points: float, learner: str = "bdurand") -> float:
    """Score as the trusted grader does, for the learner the submission folder names."""
    return evaluate(item, ns, CaseCache(Learner("cohorte-test", learner))).points(points)


def case_for(learner, cohort="cohorte-test"):
    return trusted(SatisfactionCase(Identity(cohort=cohort, learner=learner, source="grader")))


def test_nps_formula_on_hand_computed_scores():
    # 3 promoters (9, 10, 9), 2 passives (7, 8), 5 detractors (0..6): (3 - 5) / 10 = -20
    assert conv.nps([9, 10, 9, 7, 8, 0, 3, 6, 5, 6]) == -20.0
    assert conv.nps([10, 10]) == 100.0


def test_data_is_deterministic_per_learner_and_differs_between_learners():
    a1, a2, b = case_for("amartin"), case_for("amartin"), case_for("bdurand")
    pd.testing.assert_frame_equal(a1.data["enquete"], a2.data["enquete"])
    assert not a1.data["enquete"].equals(b.data["enquete"])
    assert a1.expected["nps_global"] == a2.expected["nps_global"]
    df = a1.data["enquete"]
    assert 240 <= len(df) <= 320
    assert set(df["site"]) <= set(a1.company.sites)
    assert df["score_recommandation"].between(0, 10).all()


def correct_answers(case):
    df = case.data["enquete"]
    notes = df["score_recommandation"]
    by_site = df.groupby("site")["score_recommandation"].apply(conv.nps)
    fig, ax = plt.subplots()
    counts = notes.value_counts().reindex(range(11), fill_value=0)
    ax.bar(counts.index, counts.values)
    ax.set_title("Distribution")
    ax.set_xlabel("Note")
    ax.set_ylabel("Répondants")
    return {
        "nps_global": round(((notes >= 9).mean() - (notes <= 6).mean()) * 100, 1),
        "nps_par_site": by_site,
        "site_le_plus_faible": by_site.idxmin(),
        "fig_distribution": fig,
    }


def test_correct_answers_score_full_marks():
    case = case_for("amartin")
    ns = correct_answers(case)
    for name, check in c6.ITEMS.items():
        result = check(ns, case)
        assert result.fraction == 1.0, (name, result.messages)
    plt.close("all")


def test_common_mistakes_get_partial_credit_with_a_reason():
    case = case_for("amartin")
    ns = correct_answers(case)
    notes = case.data["enquete"]["score_recommandation"]
    ns["nps_global"] = ns["nps_global"] / 100
    result = c6.check_nps_global(ns, case)
    assert result.fraction == 0.5 and "fraction" in result.messages[0]
    wrong_bands = round(((notes >= 7).mean() - (notes <= 6).mean()) * 100, 1)
    ns["nps_global"] = wrong_bands
    result = c6.check_nps_global(ns, case)
    assert result.fraction == 0.25 and "9 et 10" in result.messages[0]
    by_site = dict(ns["nps_par_site"])
    first = sorted(by_site)[0]
    by_site[first] += 10
    result = c6.check_nps_par_site({"nps_par_site": by_site}, case)
    assert result.fraction == pytest.approx((len(by_site) - 1) / len(by_site), abs=1e-3)
    assert first in result.messages[-1]
    plt.close("all")


def test_missing_and_malformed_answers_score_zero():
    case = case_for("amartin")
    assert c6.check_nps_global({}, case).fraction == 0
    assert "n'est pas définie" in c6.check_nps_global({}, case).messages[0]
    assert c6.check_nps_global({"nps_global": "beaucoup"}, case).fraction == 0
    assert c6.check_nps_par_site({"nps_par_site": 3}, case).fraction == 0
    assert c6.check_fig_distribution({"fig_distribution": "graphique"}, case).fraction == 0


def test_messages_never_reveal_the_expected_value():
    case = case_for("amartin")
    expected = case.expected["nps_global"]
    result = c6.check_nps_global({"nps_global": expected + 30}, case)
    assert result.fraction == 0
    assert all(f"{expected:g}" not in m and str(expected) not in m for m in result.messages)


def test_swapped_answers_lose_points(monkeypatch):
    alice, bruno = case_for("amartin"), case_for("bdurand")
    alice_answers = correct_answers(alice)
    # Bruno hands in Alice's answers, claims to be Alice in his notebook and in his
    # kernel's environment: the grader names him from his submission folder.
    monkeypatch.setenv("KAMTRAIN_LEARNER", "amartin")
    ns = {**alice_answers, "LEARNER_ID": "amartin", "COHORT": "cohorte-test"}
    earned = sum(
        grade(f"c6.{n}", ns, points=1.0)
        for n in ("nps_global", "nps_par_site", "site_le_plus_faible")
    )
    own = correct_answers(bruno)
    own_earned = sum(
        grade(f"c6.{n}", {**own}, points=1.0)
        for n in ("nps_global", "nps_par_site", "site_le_plus_faible")
    )
    assert own_earned == 3.0
    assert earned < 2.0
    plt.close("all")


def test_a_missing_answer_scores_zero_with_a_french_reason():
    result = evaluate("c6.nps_global", {}, CaseCache(Learner("cohorte-test", "amartin")))
    assert result.fraction == 0.0
    assert any("n'est pas définie" in m for m in result.messages)


def test_lowest_mean_and_lowest_nps_sites_differ_for_a_good_share_of_learners():
    """A lukewarm site (many 6s and 7s) against a polarised one: for 30–60 % of learners the
    lowest mean score is not the lowest NPS, so the « plus basse moyenne » hint is reachable."""
    differ = 0
    for i in range(50):
        df = case_for(f"variante-{i:02d}", cohort="partage-c6").data["enquete"]
        scores = df.groupby("site")["score_recommandation"]
        differ += scores.mean().idxmin() != scores.apply(conv.nps).idxmin()
    assert 15 <= differ <= 30, differ
