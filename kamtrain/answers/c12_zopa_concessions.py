"""C12 answers: the ZOPA, the concessions matrix and the compromise scenarios."""

from __future__ import annotations

from typing import Any

from kamlearn.cases.c12_zopa_concessions import one_to_one_pairing, quadrant


def _lookup(case, frame: str, key: str, column: str) -> dict[str, float]:
    df = case.data[frame]
    return dict(zip(df[key], df[column], strict=True))


def scenario_values(case) -> dict[str, dict[str, float]]:
    """Per scenario: its net value for Nexalys (price − full cost − cost of the concessions
    + estimated value of the counterparts), the client's net cost, and whether every
    concession is paid by its own counterpart, worth at least what it costs (part 5's rule)."""
    prix = case.data["prix"]
    cost_of = _lookup(case, "concessions", "concession", "cout_nexalys_eur")
    value_of = _lookup(case, "concessions", "concession", "valeur_client_eur")
    cp_value = _lookup(case, "contreparties", "contrepartie", "valeur_nexalys_eur")
    out = {}
    for row in case.data["scenarios"].itertuples():
        conc = [c for c in row.concessions.split(" ; ") if c]
        cps = [c for c in row.contreparties.split(" ; ") if c]
        margin = (
            row.prix_eur
            - prix["cout_complet_eur"]
            - sum(cost_of[c] for c in conc)
            + sum(cp_value[c] for c in cps)
        )
        client = row.prix_eur - sum(value_of[c] for c in conc)
        out[row.scenario] = {
            "marge": margin,
            "cout_client": client,
            "contrepartie_par_concession": one_to_one_pairing(
                [cost_of[c] for c in conc], [cp_value[c] for c in cps]
            )
            is not None,
        }
    return out


def compute_expected(case) -> dict[str, Any]:
    prix = case.data["prix"]
    floor = prix["cout_complet_eur"] / (1 - prix["taux_marque_minimal"])
    switching = case.data["couts_de_changement"]
    client_switch = switching.loc[
        switching["supporte_par"] == "client", "montant_annualise_eur"
    ].sum()
    buyer_max = float(prix["offre_concurrente_eur"] + client_switch)
    s = case.data["seuils"]
    conc = case.data["concessions"]
    matrix = {
        n: quadrant(c, v, s["seuil_cout_eur"], s["seuil_valeur_eur"])
        for n, c, v in zip(
            conc["concession"], conc["cout_nexalys_eur"], conc["valeur_client_eur"], strict=True
        )
    }
    values = scenario_values(case)
    prices = dict(
        zip(case.data["scenarios"]["scenario"], case.data["scenarios"]["prix_eur"], strict=True)
    )
    # acceptable: inside the ZAPO for both sides, and never a concession without a
    # counterpart (the rule the notebook teaches)
    acceptable = [
        k
        for k, v in values.items()
        if prices[k] >= floor and v["cout_client"] <= buyer_max and v["contrepartie_par_concession"]
    ]
    best = max(acceptable, key=lambda k: values[k]["marge"]) if acceptable else None
    return {
        "prix_plancher": float(floor),
        "prix_max_acheteur": buyer_max,
        "zapo": (float(floor), buyer_max),
        "matrice": matrix,
        "a_echanger": [n for n, q in matrix.items() if q in ("prioritaire", "réserve")],
        "marges_scenarios": {k: float(v["marge"]) for k, v in values.items()},
        "scenarios_acceptables": acceptable,
        "scenarios_sans_contrepartie": [
            k for k, v in values.items() if not v["contrepartie_par_concession"]
        ],
        "scenario_retenu": best,
    }
