"""Right answers of the block 4 cases (C15–C18), computed by hand from each case's data,
for tests/test_cases_bloc4.py. Nothing runs at import."""

import functools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd

from kamlearn.cases.c15_projet_gantt import ProjetGanttCase
from kamlearn.cases.c16_pilotage_crm import PilotageCrmCase
from kamlearn.cases.c17_design_thinking import DesignThinkingCase
from kamlearn.cases.c18_leadership import LeadershipCase
from kamtrain.checks import c15, c16, c17, c18


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


class FakeEngine:
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
        "partie_appel_offres": FakeEngine(
            "appel_offres_tension", seed, best_path("appel_offres_tension")
        ),
        "partie_equipe": FakeEngine("equipe_diverse", seed, best_path("equipe_diverse")),
    }


ANSWERS = {
    c15: (ProjetGanttCase, c15_answers),
    c16: (PilotageCrmCase, c16_answers),
    c17: (DesignThinkingCase, c17_answers),
    c18: (LeadershipCase, c18_answers),
}
