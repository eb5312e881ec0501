"""C5 answers: funnel ratios, ABC (Pareto) classes, field hours."""

from __future__ import annotations

from typing import Any

from kamlearn import conventions as conv
from kamlearn.cases.c5_pilotage import STAGES, transition_label


def abc_classes(revenue) -> list[str]:
    """ABC class of each client of ``revenue`` (sorted in decreasing order).

    A client belongs to the class being filled when its cumulative share crosses a
    threshold, i.e. its class is decided by the cumulative share *before* it.
    """
    total = float(sum(revenue))
    classes, cumulative = [], 0.0
    for value in revenue:
        for threshold, label in zip(conv.ABC_THRESHOLDS, conv.ABC_CLASSES, strict=True):
            if cumulative < threshold - 1e-12 or label == conv.ABC_CLASSES[-1]:
                classes.append(label)
                break
        cumulative += float(value) / total
    return classes


def compute_expected(case) -> dict[str, Any]:
    crm = case.data["crm"]
    reached = crm["etape_atteinte"].map(STAGES.index)
    counts = [int((reached >= k).sum()) for k in range(len(STAGES))]
    passage = {
        transition_label(k): round(counts[k + 1] / counts[k] * 100, 1)
        for k in range(len(STAGES) - 1)
    }
    by_activity = {
        a: round(float((g["statut"] == "Gagnée").mean() * 100), 1)
        for a, g in crm.groupby("activite")
    }
    pf = case.data["portefeuille"].sort_values(["ca_keur", "id_client"], ascending=[False, True])
    classes = dict(zip(pf["id_client"], abc_classes(pf["ca_keur"]), strict=True))
    n_top = round(len(pf) * conv.PARETO_RULE[1])
    cumulative = (pf["ca_keur"].cumsum() / pf["ca_keur"].sum() * 100).round(2)
    hunting, farming = (
        conv.TIME_HUNTING_FARMING_START
        if case.situation == "ouverture"
        else conv.TIME_HUNTING_FARMING_MATURE
    )
    # seed 000: the 80/20 split (then 20/80) is of the whole working time; the 2/3 client
    # share of seed 002 is the cooperative stage with one key account, not this one
    field_hours = conv.FTE_HOURS_PER_YEAR
    return {
        "effectifs_etapes": dict(zip(STAGES, counts, strict=True)),
        "taux_passage": passage,
        "etape_goulot": min(passage, key=passage.get),
        "taux_transformation_global": round(counts[-1] / counts[0] * 100, 1),
        # one definition of the rate (conventions.win_rate): won / (won + lost); every
        # opportunity of last year is closed, so it is also won / opportunities here
        "taux_transformation_activite": by_activity,
        "classe_abc": classes,
        "nb_clients_par_classe": {
            c: sum(v == c for v in classes.values()) for c in conv.ABC_CLASSES
        },
        "part_ca_top20": round(
            float(pf["ca_keur"].head(n_top).sum() / pf["ca_keur"].sum() * 100), 1
        ),
        "courbe_pareto": [float(v) for v in cumulative],
        "heures_terrain": {
            "hunting": round(field_hours * hunting),
            "farming": round(field_hours * farming),
        },
    }
