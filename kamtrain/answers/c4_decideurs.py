"""C4 answers: roles of the buying centre, power/interest quadrants, social-selling rates."""

from __future__ import annotations

from typing import Any


def quadrant(power: int, interest: int) -> str:
    """Power/interest grid: 3 and above counts as high."""
    if power >= 3:
        return "Gérer étroitement" if interest >= 3 else "Satisfaire"
    return "Informer" if interest >= 3 else "Surveiller"


def compute_expected(case) -> dict[str, Any]:
    org = case.data["organigramme"]
    roles = dict(zip(org["id_contact"], case._roles(), strict=True))
    quads = {r.id_contact: quadrant(r.pouvoir, r.interet) for r in org.itertuples()}
    camp = case.data["campagne"]
    rdv = {a: round(float(g["rdv_obtenu"].mean() * 100), 1) for a, g in camp.groupby("approche")}
    return {
        "roles": {k: roles[k] for k in case.data["a_qualifier"]},
        "quadrants": quads,
        "cibles_prioritaires": [
            k
            for k, q in quads.items()
            if q == "Gérer étroitement" and int(org.set_index("id_contact").loc[k, "attitude"]) <= 0
        ],
        "taux_rdv_par_approche": rdv,
        "taux_acceptation_par_approche": {
            a: round(float(g["acceptee"].mean() * 100), 1) for a, g in camp.groupby("approche")
        },
        "meilleure_approche": max(rdv, key=rdv.get),
        "n_contacts": len(org),
    }
