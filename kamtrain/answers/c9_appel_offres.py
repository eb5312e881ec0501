"""C9 answers: MEDDIC classification of the collected notes, value of both offers."""

from __future__ import annotations

from typing import Any

from kamlearn import conventions as conv
from kamlearn.cases.c9_appel_offres import MEDDIC, NOTES


def value_of(case, supplier: str) -> dict[str, float]:
    """Yearly value of one supplier's offer on the whole perimeter, in euros."""
    m, prix = case.data["magasins"], case.data["prix_kwh_eur"]
    offre = case.data["offres"].set_index("fournisseur").loc[supplier]
    n = len(m)
    energie = float(
        (m["conso_kwh_an"] * m["part_froid"]).sum() * prix * offre["economie_froid_pct"] / 100
    )
    pertes = float(m["pertes_denrees_eur_an"].sum() * offre["reduction_pertes_pct"] / 100)
    cout = float(
        n
        * (offre["abonnement_eur_magasin_an"] + offre["installation_eur_magasin"] / conv.TCO_YEARS)
    )
    return {
        "economies_energie": round(energie, 2),
        "pertes_evitees": round(pertes, 2),
        "cout_annuel": round(cout, 2),
        "valeur_nette": round(energie + pertes - cout, 2),
    }


def _letter_of(text: str) -> str:
    for letter, note in NOTES:
        if note == text:
            return letter
    raise KeyError(text)


def compute_expected(case) -> dict[str, Any]:
    infos = case.data["infos"]
    classes = {
        i: _letter_of(t) for i, t in zip(infos["id_info"], infos["information"], strict=True)
    }
    nexalys = value_of(case, "Nexalys")
    rival = value_of(case, case.data["concurrent"])
    return {
        "classement_meddic": classes,
        "elements_manquants": [k for k in MEDDIC if k not in set(classes.values())],
        "economies_energie": nexalys["economies_energie"],
        "valeur_nette": {
            "Nexalys": nexalys["valeur_nette"],
            case.data["concurrent"]: rival["valeur_nette"],
        },
        "valeur_differenciee": round(nexalys["valeur_nette"] - rival["valeur_nette"], 2),
        "cout_inaction_mensuel": round(nexalys["valeur_nette"] / 12, 2),
        "detail": {"Nexalys": nexalys, case.data["concurrent"]: rival},
    }
