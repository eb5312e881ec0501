"""C6 (2nd notebook) answers: CSAT overall and by site, sites under target, declining site."""

from __future__ import annotations

from typing import Any

from kamlearn import conventions as conv
from kamlearn.cases.c6b_tableau_de_bord import QUARTERS


def csat(scores) -> float:
    """CSAT in percent (one decimal): share of answers at or above the satisfied minimum."""
    values = [int(s) for s in scores]
    return round(sum(v >= conv.CSAT_SATISFIED_MIN for v in values) / len(values) * 100, 1)


def compute_expected(case) -> dict[str, Any]:
    df = case.data["enquete"]
    hist = case.data["historique"]
    last = hist[hist["trimestre"] == QUARTERS[-1]].set_index("site")["csat_pct"]
    first = hist[hist["trimestre"] == QUARTERS[0]].set_index("site")["csat_pct"]
    goals = case.data["objectifs"].set_index("site")["objectif_csat_pct"]
    change = (last - first).round(1)
    return {
        "csat_global": csat(df["csat"]),
        "csat_moyen": round(float(df["csat"].mean()), 2),
        "csat_par_site": {s: csat(g["csat"]) for s, g in df.groupby("site", sort=True)},
        "sites_sous_objectif": sorted(s for s in goals.index if last[s] < goals[s]),
        "site_en_baisse": str(change.idxmin()),
        "series_sites": [
            [float(v) for v in hist[hist["site"] == s]["csat_pct"]]
            for s in dict.fromkeys(hist["site"])
        ],
    }
