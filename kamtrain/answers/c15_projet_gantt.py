"""C15 answers: Gantt planning, critical path, acceleration option, time split of the week.

The forward/backward pass is also used by the learner side to shape the data (a trap off
the critical path), so it stays there. The time split of the week is graded: its formula
lives here only, never in a learner-callable helper (review r5, finding 11).
"""

from __future__ import annotations

from typing import Any

from kamlearn import conventions as conv
from kamlearn.cases.c15_projet_gantt import PHASES, schedule


def hunting_share(hunting_hours: float, total_hours: float) -> float:
    """Hunting's share of the whole working time, in percent with one decimal.

    ``total_hours`` is every hour worked (hunting, farming and internal time), as the seed
    states the 80/20 rule (:data:`conv.TIME_HUNTING_FARMING_START`).
    """
    return round(float(100 * hunting_hours / total_hours), 1)


def time_split(agenda) -> dict:
    """Shares of the week, in percent with one decimal: client time, and hunting time over
    the whole working time, internal time included (:func:`hunting_share`)."""
    hours = agenda["duree_h"]
    client = 100 * hours[agenda["lieu"] == "Client"].sum() / hours.sum()
    hunting = hunting_share(hours[agenda["nature"] == "hunting"].sum(), hours.sum())
    return {"part_client": round(float(client), 1), "part_hunting": hunting}


def compute_expected(case) -> dict[str, Any]:
    d = case.data
    tasks = d["taches"]
    durations = dict(zip(tasks["id"], tasks["duree_jours"], strict=True))
    preds = {
        t: tuple(p for p in s.split(";") if p)
        for t, s in zip(tasks["id"], tasks["predecesseurs"], strict=True)
    }
    plan = schedule(durations, preds)
    critical = [t for t, v in plan.items() if v["marge"] == 0]
    options = d["options_acceleration"]
    on_path = options[options["id"].isin(critical)]
    shares = time_split(d["agenda"])
    tol = conv.TIME_SPLIT_TOLERANCE_POINTS
    target_hunting = PHASES[d["phase"]][0] * 100
    return {
        "planning": {t: (v["debut"], v["fin"]) for t, v in plan.items()},
        "marges": {t: v["marge"] for t, v in plan.items()},
        "duree_totale": max(v["fin"] for v in plan.values()),
        "duree_somme": int(sum(durations.values())),
        "chemin_critique": critical,
        "tache_a_accelerer": str(on_path.sort_values("cout_par_jour_gagne_eur")["id"].iloc[0]),
        "option_la_moins_chere": str(options.sort_values("cout_par_jour_gagne_eur")["id"].iloc[0]),
        **shares,
        "respect_repartition": {
            # seed 002: 2/3 with the client is the cooperative stage's rule (fidélisation);
            # it does not apply to a KAM in the conquest phase (None: « sans objet »)
            "client_bureau": (
                abs(shares["part_client"] - conv.TIME_CLIENT_SHARE * 100) <= tol
                if d["phase"] == "fidélisation"
                else None
            ),
            "hunting_farming": abs(shares["part_hunting"] - target_hunting) <= tol,
        },
    }
