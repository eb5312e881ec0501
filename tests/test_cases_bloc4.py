"""Block 4 cases (C15–C18) and their checks, without kernels."""

import functools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from kamlearn import conventions as conv
from kamlearn.cases.c15_projet_gantt import ProjetGanttCase, schedule, time_split
from kamlearn.cases.c16_pilotage_crm import PilotageCrmCase
from kamlearn.cases.c17_design_thinking import DesignThinkingCase
from kamlearn.cases.c18_leadership import LeadershipCase, load_rates
from kamlearn.cases.identity import Identity
from kamtrain.answers import trusted
from kamtrain.answers.c16_pilotage_crm import abc_classes, win_rate
from kamtrain.answers.c17_design_thinking import quadrant
from kamtrain.checks import c15, c16, c17, c18

COHORT = "cohorte-test"


def make(cls, learner):
    return trusted(cls(Identity(cohort=COHORT, learner=learner, source="grader")))


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


def test_time_split_counts_internal_time_out_of_hunting_share():
    agenda = pd.DataFrame(
        {
            "duree_h": [4.0, 2.0, 2.0, 2.0],
            "lieu": ["Client", "Client", "Bureau", "Bureau"],
            "nature": ["hunting", "farming", "farming", "interne"],
        }
    )
    # client 6 h / 10 h; hunting 4 h / 8 h of commercial time
    assert time_split(agenda) == {"part_client": 60.0, "part_hunting": 50.0}


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


def c16_answers(case):
    crm, objectifs = case.data["crm"], case.data["objectifs"]
    closed = crm[crm["statut"] != "En cours"]
    rates = (closed["statut"] == "Gagnée").groupby(closed["manager"]).mean().mul(100).round(1)
    won = crm[crm["statut"] == "Gagnée"]
    days = (won["date_cloture"] - won["date_creation"]).dt.days
    cycles = days.groupby(won["manager"]).mean().round(1)
    pipe = crm[crm["statut"] == "En cours"].groupby("manager")["montant_keur"].sum()
    coverage = (pipe / objectifs.set_index("manager")["objectif_t1_keur"]).round(2)
    fig, axes = plt.subplots(1, 3)
    for ax, s in zip(axes, (rates, cycles, coverage), strict=True):
        ax.bar(s.index, s.values)
        ax.set_title("t")
        ax.set_ylabel("y")
    e = case.expected
    return {
        "taux_transformation": rates,
        "cycle_moyen": cycles,
        "couverture_pipeline": coverage,
        "fig_tableau_de_bord": fig,
        "segment_abc": dict(e["segment_abc"]),
        "pipeline_clients_a": e["pipeline_clients_a"],
        "competence_par_manager": dict(e["competence_par_manager"]),
        "manager_prioritaire": e["manager_prioritaire"],
        "competence_prioritaire": e["competence_par_manager"][e["manager_prioritaire"]],
    }


def c17_answers(case):
    e = case.expected
    fig, ax = plt.subplots()
    ids = list(e["impact_moyen"])
    ax.scatter([e["faisabilite_moyenne"][k] for k in ids], [e["impact_moyen"][k] for k in ids])
    ax.axhline(3)
    ax.axvline(3)
    ax.set_title("Matrice")
    ax.set_xlabel("Faisabilité")
    ax.set_ylabel("Impact")
    return {
        "score_pondere": pd.Series(e["score_pondere"]),
        "quadrant": dict(e["quadrant"]),
        "top_idees": list(e["top_idees"]),
        "ordre_codev": list(e["ordre_codev"]),
        "ordre_design_thinking": list(e["ordre_design_thinking"]),
        "fig_matrice": fig,
    }


def c15_answers(case):
    e = case.expected
    planning = pd.DataFrame({t: {"debut": s, "fin": f} for t, (s, f) in e["planning"].items()}).T
    fig, ax = plt.subplots()
    ax.barh(list(planning.index), planning["fin"] - planning["debut"], left=planning["debut"])
    ax.set_title("Gantt")
    ax.set_xlabel("Jours")
    return {
        "planning": planning,
        "duree_totale": e["duree_totale"],
        "chemin_critique": list(e["chemin_critique"]),
        "fig_gantt": fig,
        "tache_a_accelerer": e["tache_a_accelerer"],
        "part_client": e["part_client"],
        "part_hunting": e["part_hunting"],
        "respect_repartition": dict(e["respect_repartition"]),
    }


class _FakeEngine:
    """Stands in for a finished LeadershipEngine: the check only reads these attributes."""

    def __init__(self, scenario_id, seed, choices):
        from kamlearn.sim.leadership import LeadershipEngine

        self._engine = LeadershipEngine(scenario_id, seed)
        self._engine.play([("choose", c) for c in choices])
        self.scenario, self.seed, self.ended = self._engine.scenario, seed, self._engine.ended

    def result(self):
        return self._engine.result()


@functools.cache
def best_path(scenario_id):
    """The choices with the best criteria score, found without running the engine."""
    from kamlearn.sim.leadership import END, leadership_scenario

    sc = leadership_scenario(scenario_id)
    best = (-1.0, ())

    def walk(node, trail, evidence):
        nonlocal best
        if node == END:
            scores = [sum(v) / len(v) for v in evidence.values()]
            best = max(best, (sum(scores) / len(scores), trail))
            return
        for option in sc.nodes[node].options:
            extended = {k: list(v) for k, v in evidence.items()}
            for crit, value in option.criteria.items():
                extended.setdefault(crit, []).append(value)
            walk(option.next, (*trail, option.id), extended)

    walk(sc.start, (), {})
    return list(best[1])


def greedy_reassignment(case):
    tasks, team = case.data["taches"], case.data["equipe"].set_index("membre")
    plan = dict(zip(tasks["tache"], tasks["assigne_a"], strict=True))
    hours = dict(zip(tasks["tache"], tasks["charge_h"], strict=True))
    info = tasks.set_index("tache")

    def load(m):
        return sum(hours[t] for t, x in plan.items() if x == m)

    def fits(t, m):
        return info.loc[t, "competence"] in team.loc[m, "competences"].split(", ") and (
            bool(team.loc[m, "deplacements"]) or not bool(info.loc[t, "deplacement"])
        )

    def move(t):
        able = [
            m
            for m in team.index
            if m != plan[t] and fits(t, m) and load(m) + hours[t] <= team.loc[m, "heures_semaine"]
        ]
        if able:
            plan[t] = max(able, key=lambda m: team.loc[m, "heures_semaine"] - load(m))

    for t in list(plan):
        if not fits(t, plan[t]):
            move(t)
    for m in team.index:
        for t in sorted((t for t, x in plan.items() if x == m), key=lambda t: -hours[t]):
            if load(m) <= team.loc[m, "heures_semaine"]:
                break
            move(t)
    return plan


def c18_answers(case):
    e = case.expected
    fig, ax = plt.subplots()
    s = pd.Series(e["score_dimensions"])
    ax.bar(s.index, s.values)
    ax.set_title("Climat")
    ax.set_ylabel("Note")
    seed = case.data["graine_simulation"]
    return {
        "taux_charge": pd.Series(e["taux_charge"]),
        "membres_surcharges": list(e["membres_surcharges"]),
        "reaffectation": greedy_reassignment(case),
        "score_dimensions": dict(e["score_dimensions"]),
        "dimension_prioritaire": e["dimension_prioritaire"],
        "site_le_plus_tendu": e["site_le_plus_tendu"],
        "fig_climat": fig,
        "partie_appel_offres": _FakeEngine(
            "appel_offres_tension", seed, best_path("appel_offres_tension")
        ),
        "partie_equipe": _FakeEngine("equipe_diverse", seed, best_path("equipe_diverse")),
    }


ANSWERS = {
    c15: (ProjetGanttCase, c15_answers),
    c16: (PilotageCrmCase, c16_answers),
    c17: (DesignThinkingCase, c17_answers),
    c18: (LeadershipCase, c18_answers),
}


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
    poor = _FakeEngine("appel_offres_tension", seed, ["b"])  # unfinished, a poor first choice
    result = c18.check_scenario_appel_offres({"partie_appel_offres": poor}, case)
    assert result.fraction < 0.5 and "pas terminé" in result.messages[0]
    other_seed = _FakeEngine("appel_offres_tension", seed + 1, best_path("appel_offres_tension"))
    wrong = c18.check_scenario_appel_offres({"partie_appel_offres": other_seed}, case)
    assert wrong.fraction == 0.0 and "graine" in wrong.messages[0]
