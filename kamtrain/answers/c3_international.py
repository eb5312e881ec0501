"""C3 answers: achievement rates of past moves abroad and the weighted decision matrix."""

from __future__ import annotations

from typing import Any

from kamlearn.cases.c3_international import MODELS


def compute_expected(case) -> dict[str, Any]:
    hist = case.data["historique"]
    taux = (hist["ca_realise_an3_keur"] / hist["ca_objectif_an3_keur"] * 100).round(1)
    by_country = dict(zip(hist["pays"], (float(v) for v in taux), strict=True))
    by_model = {m: round(float(taux[hist["modele"] == m].mean()), 1) for m in MODELS}
    grille = case.data["grille"]
    scores = {m: round(float((grille[m] * grille["poids_pct"]).sum() / 100), 2) for m in MODELS}
    return {
        "taux_atteinte": by_country,
        "taux_atteinte_par_modele": by_model,
        "scores_ponderes": scores,
        "scores_non_ponderes": {m: round(float(grille[m].mean()), 2) for m in MODELS},
        "modele_recommande": max(MODELS, key=lambda m: (scores[m], -MODELS.index(m))),
    }
