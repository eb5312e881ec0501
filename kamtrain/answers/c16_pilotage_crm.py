"""C16 answers: win rates, cycles, pipeline coverage, who to coach first, ABC segments."""

from __future__ import annotations

from typing import Any

from kamlearn import conventions as conv
from kamlearn.cases.c16_pilotage_crm import COMPETENCY_OF_KPI


def win_rate(statuses) -> float:
    """Won / (won + lost), in percent, one decimal (open opportunities excluded)."""
    s = list(statuses)
    won, lost = s.count("Gagnée"), s.count("Perdue")
    return round(100 * won / (won + lost), 1) if won + lost else float("nan")


def abc_classes(revenue: dict) -> dict:
    """Client -> ABC class from its revenue (the Pareto rule of the C5 case, reused).

    Clients are ranked by decreasing revenue (ties by name); a client whose cumulative
    share crosses a threshold belongs to the class being filled.
    """
    from kamtrain.answers.c5_pilotage import abc_classes as ranked_classes

    ranked = sorted(revenue.items(), key=lambda kv: (-kv[1], kv[0]))
    return dict(zip((c for c, _ in ranked), ranked_classes([v for _, v in ranked]), strict=True))


def compute_expected(case) -> dict[str, Any]:
    crm = case.data["crm"]
    objectives = case.data["objectifs"].set_index("manager")["objectif_t1_keur"]
    managers = sorted(crm["manager"].unique())
    won = crm[crm["statut"] == "Gagnée"]
    closed = crm[crm["statut"] != "En cours"]
    opened = crm[crm["statut"] == "En cours"]
    rates = {m: win_rate(crm.loc[crm["manager"] == m, "statut"]) for m in managers}
    cycle_days = (won["date_cloture"] - won["date_creation"]).dt.days
    cycles = {m: round(float(cycle_days[won["manager"] == m].mean()), 1) for m in managers}
    coverage = {
        m: round(
            float(opened.loc[opened["manager"] == m, "montant_keur"].sum()) / float(objectives[m]),
            2,
        )
        for m in managers
    }
    team_rate = win_rate(crm["statut"])
    team_cycle = float(cycle_days.mean())
    ratios = {
        m: {
            "couverture": coverage[m] / conv.PIPELINE_COVERAGE_TARGET,
            "transformation": rates[m] / team_rate,
            "cycle": team_cycle / cycles[m],
        }
        for m in managers
    }
    weakest = {m: min(r, key=r.get) for m, r in ratios.items()}
    competency = {m: COMPETENCY_OF_KPI[k] for m, k in weakest.items()}
    priority = min(managers, key=lambda m: ratios[m][weakest[m]])
    revenue = won.groupby("client")["montant_keur"].sum().sort_values(ascending=False)
    segments = abc_classes(revenue.to_dict())
    return {
        "taux_transformation": rates,
        "taux_transformation_toutes": {
            m: round(100 * float((crm.loc[crm["manager"] == m, "statut"] == "Gagnée").mean()), 1)
            for m in managers
        },
        "cycle_moyen": cycles,
        "cycle_moyen_toutes": {
            m: round(
                float(
                    (closed["date_cloture"] - closed["date_creation"])
                    .dt.days[closed["manager"] == m]
                    .mean()
                ),
                1,
            )
            for m in managers
        },
        "couverture_pipeline": coverage,
        "ratios": ratios,
        "competence_par_manager": competency,
        "manager_prioritaire": priority,
        "segment_abc": segments,
        "pipeline_clients_a": round(
            float(opened.loc[opened["client"].map(segments) == "A", "montant_keur"].sum()), 1
        ),
        "pipeline_clients_a_tous": round(
            float(crm.loc[crm["client"].map(segments) == "A", "montant_keur"].sum()), 1
        ),
        "ca_gagne_par_client": {k: round(float(v), 1) for k, v in revenue.items()},
    }
