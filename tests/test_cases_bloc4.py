"""Block 4 cases (C15–C18) and their checks, without kernels."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from _bloc4_answers import (
    ANSWERS,
    FakeEngine,
    best_path,
)
from _case_helpers import make

from kamlearn import conventions as conv
from kamlearn.cases.c15_projet_gantt import ProjetGanttCase, schedule
from kamlearn.cases.c16_pilotage_crm import PilotageCrmCase
from kamlearn.cases.c17_design_thinking import DesignThinkingCase
from kamlearn.cases.c18_leadership import LeadershipCase, load_rates
from kamtrain.answers.c15_projet_gantt import time_split
from kamtrain.answers.c16_pilotage_crm import abc_classes, win_rate
from kamtrain.answers.c17_design_thinking import quadrant
from kamtrain.checks import c15, c16, c17, c18


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --- hand-computable rules -----------------------------------------------------------------


def test_schedule_on_a_hand_computed_network():
    # A(2) -> B(3) -> D(1); A -> C(1) -> D: D starts at 5, C has 2 days of slack.
    plan = schedule(
        {"A": 2, "B": 3, "C": 1, "D": 1}, {"A": (), "B": ("A",), "C": ("A",), "D": ("B", "C")}
    )
    assert (plan["D"]["debut"], plan["D"]["fin"]) == (5, 6)
    assert plan["C"]["marge"] == 2
    assert [t for t, v in plan.items() if v["marge"] == 0] == ["A", "B", "D"]


def test_time_split_counts_internal_time_in_the_hunting_share():
    agenda = pd.DataFrame(
        {
            "duree_h": [4.0, 2.0, 2.0, 2.0],
            "lieu": ["Client", "Client", "Bureau", "Bureau"],
            "nature": ["hunting", "farming", "farming", "interne"],
        }
    )
    # client 6 h / 10 h; hunting 4 h / 10 h of the whole working time (seed 001)
    assert time_split(agenda) == {"part_client": 60.0, "part_hunting": 40.0}


def test_win_rate_abc_quadrant_and_load_rules():
    assert win_rate(["Gagnée", "Perdue", "Perdue", "En cours", "Gagnée"]) == 50.0
    assert abc_classes({"a": 50, "b": 30, "c": 10, "d": 6, "e": 4}) == {
        "a": "A", "b": "A", "c": "B", "d": "B", "e": "C"
    }  # fmt: skip
    assert [quadrant(3, 3), quadrant(4, 2), quadrant(2.9, 3), quadrant(1, 1)] == [
        "prioritaire", "projet majeur", "petit gain", "à écarter"
    ]  # fmt: skip
    assert load_rates({"t1": "x", "t2": "x"}, {"t1": 14, "t2": 21}, {"x": 28, "y": 35}) == {
        "x": 125.0,
        "y": 0.0,
    }


def test_new_conventions_are_pinned():
    assert conv.PIPELINE_COVERAGE_TARGET == 3.0
    assert conv.TIME_SPLIT_TOLERANCE_POINTS == 5.0


# --- determinism and variants --------------------------------------------------------------


@pytest.mark.parametrize(
    "cls", [PilotageCrmCase, DesignThinkingCase, ProjetGanttCase, LeadershipCase]
)
def test_cases_are_deterministic_and_differ_between_learners(cls):
    a1, a2, b = make(cls, "amartin"), make(cls, "amartin"), make(cls, "bdurand")
    assert a1.expected == a2.expected
    assert a1.expected != b.expected
    for key, value in a1.data.items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(value, a2.data[key])


def test_crm_extract_is_large_enough_for_pandas():
    case = make(PilotageCrmCase, "amartin")
    crm = case.data["crm"]
    assert 300 <= len(crm) <= 600
    assert crm["manager"].nunique() == 5
    assert set(crm["statut"]) == {"Gagnée", "Perdue", "En cours"}
    assert crm.loc[crm["statut"] == "En cours", "date_cloture"].isna().all()


def test_agenda_verdicts_vary_between_learners():
    verdicts = {
        tuple(make(ProjetGanttCase, f"l{i}").expected["respect_repartition"].values())
        for i in range(12)
    }
    assert len(verdicts) >= 3


# --- correct answers score full marks --------------------------------------------------------


@pytest.mark.parametrize("module", list(ANSWERS), ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_correct_answers_score_full_marks_and_missing_scores_zero(module):
    cls, answers = ANSWERS[module]
    case = make(cls, "amartin")
    ns = answers(case)
    for name, check in module.ITEMS.items():
        result = check(ns, case)
        assert result.fraction == 1.0, (name, result.messages)
        assert type(result.fraction) is float
        empty = check({}, case)
        assert empty.fraction == 0.0 and "n'est pas définie" in empty.messages[0], name


@pytest.mark.parametrize("module", list(ANSWERS), ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_answers_of_another_learner_lose_points(module):
    cls, answers = ANSWERS[module]
    mine, other = make(cls, "amartin"), make(cls, "bdurand")
    ns = answers(other)
    fractions = [check(ns, mine).fraction for check in module.ITEMS.values()]
    assert sum(fractions) < len(fractions) - 1


# --- typical mistakes earn partial credit with the right message ------------------------------


def test_c16_win_rate_over_all_opportunities_is_diagnosed():
    case = make(PilotageCrmCase, "amartin")
    ns = {"taux_transformation": case.expected["taux_transformation_toutes"]}
    result = c16.check_taux_transformation(ns, case)
    assert 0 < result.fraction < 1
    assert "affaires en cours" in result.messages[0]


def test_c16_fraction_instead_of_percent_gets_half():
    case = make(PilotageCrmCase, "amartin")
    ns = {
        "taux_transformation": {m: v / 100 for m, v in case.expected["taux_transformation"].items()}
    }
    result = c16.check_taux_transformation(ns, case)
    assert result.fraction == 0.5 and "pourcentage" in result.messages[0]


def test_c16_pipeline_of_a_clients_with_closed_deals_is_diagnosed():
    case = make(PilotageCrmCase, "amartin")
    ns = {"pipeline_clients_a": case.expected["pipeline_clients_a_tous"]}
    result = c16.check_pipeline_clients_a(ns, case)
    assert result.fraction == 0.4 and "en cours" in result.messages[0]


def test_c16_one_wrong_abc_class_is_partial():
    case = make(PilotageCrmCase, "amartin")
    classes = dict(case.expected["segment_abc"])
    first = next(iter(classes))
    classes[first] = "C" if classes[first] != "C" else "A"
    result = c16.check_segment_abc({"segment_abc": classes}, case)
    assert result.fraction == pytest.approx((len(classes) - 1) / len(classes), abs=1e-4)


def test_c17_unweighted_score_and_partial_order():
    case = make(DesignThinkingCase, "amartin")
    result = c17.check_score_pondere({"score_pondere": case.expected["score_non_pondere"]}, case)
    assert 0 < result.fraction < 1 and "pondérations" in result.messages[0]
    order = list(case.expected["ordre_codev"])
    order[0], order[1] = order[1], order[0]
    swapped = c17.check_ordre_codev({"ordre_codev": order}, case)
    assert 0.9 < swapped.fraction < 1 and "2 étape(s) mal placée(s)" in swapped.messages[0]
    bad = c17.check_ordre_codev({"ordre_codev": order[:-1]}, case)
    assert bad.fraction == 0.0 and "Codes manquants" in bad.messages[1]


def test_c15_sum_of_durations_and_inclusive_end_are_diagnosed():
    case = make(ProjetGanttCase, "amartin")
    e = case.expected
    total = c15.check_duree_totale({"duree_totale": e["duree_somme"]}, case)
    assert total.fraction == 0.0 and "parallèle" in total.messages[0]
    inclusive = {t: (s, f - 1) for t, (s, f) in e["planning"].items()}
    result = c15.check_planning({"planning": inclusive}, case)
    assert result.fraction == 0.5 and "d + n" in result.messages[1]


def test_c15_verdicts_accept_numpy_booleans_and_refuse_strings():
    import numpy as np

    case = make(ProjetGanttCase, "amartin")
    verdicts = case.expected["respect_repartition"]
    as_numpy = {k: (None if v is None else np.bool_(v)) for k, v in verdicts.items()}
    assert c15.check_respect_repartition({"respect_repartition": as_numpy}, case).fraction == 1.0
    as_text = {k: str(v) for k, v in verdicts.items()}
    assert c15.check_respect_repartition({"respect_repartition": as_text}, case).fraction == 0.0


def test_c15_the_two_thirds_rule_applies_only_at_the_cooperative_stage():
    """Seed 002 sets 2/3 with the client for a key account at the cooperative stage: a KAM
    in the conquest phase is not held to it (issue 18)."""
    phases = set()
    for learner in [f"phase-{i}" for i in range(30)]:
        case = make(ProjetGanttCase, learner)
        verdict = case.expected["respect_repartition"]["client_bureau"]
        phase = case.data["phase"]
        phases.add(phase)
        assert (verdict is None) == (phase == "conquête"), (learner, phase, verdict)
        if phase == "conquête":
            held = {"respect_repartition": {"client_bureau": True, "hunting_farming": True}}
            result = c15.check_respect_repartition(held, case)
            assert any("ne s'applique pas" in m for m in result.messages)
    assert phases == {"conquête", "fidélisation"}


def test_c15_decision_off_the_critical_path_earns_nothing():
    case = make(ProjetGanttCase, "amartin")
    e = case.expected
    options = case.data["options_acceleration"]
    off_path = [t for t in options["id"] if t not in e["chemin_critique"]]
    other_critical = [
        t for t in options["id"] if t in e["chemin_critique"] and t != e["tache_a_accelerer"]
    ]
    if off_path:
        result = c15.check_tache_a_accelerer({"tache_a_accelerer": off_path[0]}, case)
        assert result.fraction == 0.0 and "marge" in result.messages[0]
    if other_critical:
        assert (
            c15.check_tache_a_accelerer({"tache_a_accelerer": other_critical[0]}, case).fraction
            == 0.5
        )


def test_c18_load_with_35_hours_for_everyone_is_diagnosed():
    case = make(LeadershipCase, "amartin")
    result = c18.check_taux_charge({"taux_charge": case.expected["taux_charge_35h"]}, case)
    assert 0 < result.fraction < 1 and "35 h" in result.messages[0]


def test_c18_initial_assignment_is_not_a_valid_reassignment():
    case = make(LeadershipCase, "amartin")
    tasks = case.data["taches"]
    result = c18.check_reaffectation(
        {"reaffectation": dict(zip(tasks["tache"], tasks["assigne_a"], strict=True))}, case
    )
    assert 0 < result.fraction < 1
    assert any("capacité" in m or "déplacement" in m for m in result.messages)


def test_c18_poor_path_and_wrong_seed():
    case = make(LeadershipCase, "amartin")
    seed = case.data["graine_simulation"]
    poor = FakeEngine("appel_offres_tension", seed, ["b"])  # unfinished, a poor first choice
    result = c18.check_scenario_appel_offres({"partie_appel_offres": poor}, case)
    assert result.fraction < 0.5 and "pas terminé" in result.messages[0]
    other_seed = FakeEngine("appel_offres_tension", seed + 1, best_path("appel_offres_tension"))
    wrong = c18.check_scenario_appel_offres({"partie_appel_offres": other_seed}, case)
    assert wrong.fraction == 0.0 and "graine" in wrong.messages[0]
