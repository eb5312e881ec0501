"""C18 answers: load rates, overloaded members, team climate."""

from __future__ import annotations

from typing import Any

from kamlearn.cases.c18_leadership import DIMENSIONS, load_rates


def compute_expected(case) -> dict[str, Any]:
    d = case.data
    tasks = d["taches"]
    hours = dict(zip(tasks["tache"], tasks["charge_h"], strict=True))
    capacity = dict(zip(d["equipe"]["membre"], d["equipe"]["heures_semaine"], strict=True))
    assignment = dict(zip(tasks["tache"], tasks["assigne_a"], strict=True))
    rates = load_rates(assignment, hours, capacity)
    survey = d["climat"]
    means = {k: round(float(v), 2) for k, v in survey[list(DIMENSIONS)].mean().items()}
    weakest = min(means, key=means.get)
    by_site = survey.groupby("site")[weakest].mean()
    return {
        "taux_charge": rates,
        "taux_charge_35h": load_rates(assignment, hours, dict.fromkeys(capacity, 35)),
        "membres_surcharges": sorted(m for m, r in rates.items() if r > 100),
        "changements_max": d["changements_max"],
        "score_dimensions": means,
        "dimension_prioritaire": weakest,
        "site_le_plus_tendu": str(by_site.idxmin()),
    }
