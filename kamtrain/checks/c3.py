"""Checks of C3: past international results and the weighted decision matrix."""

from __future__ import annotations

from kamtrain.checks import kit

CASE = "c3_international"


def check_taux(ns, case):
    return kit.percent_map_item("c3.taux_atteinte", ns, case)


def check_par_modele(ns, case):
    hist = case.data["historique"]
    pooled = {
        m: round(float(g["ca_realise_an3_keur"].sum() / g["ca_objectif_an3_keur"].sum() * 100), 1)
        for m, g in hist.groupby("modele")
    }
    return kit.percent_map_item(
        "c3.taux_atteinte_par_modele",
        ns,
        case,
        mistakes=[
            kit.Mistake(
                pooled,
                0.6,
                "Vous avez rapporté les CA cumulés aux objectifs cumulés : demandé ici, la "
                "moyenne des taux d'atteinte des pays.",
            )
        ],
    )


def check_scores(ns, case):
    return kit.map_item(
        "c3.scores_ponderes",
        ns,
        case,
        tol=0.011,
        mistakes=[
            kit.Mistake(
                case.expected["scores_non_ponderes"],
                0.2,
                "Moyenne simple des notes : appliquez les poids.",
            )
        ],
    )


def check_recommande(ns, case):
    near = kit.best_by_wrong_criterion(
        case.expected["scores_non_ponderes"],
        0.25,
        "C'est le meilleur modèle sans pondération : appliquez les poids du comité.",
    )
    return kit.score_item(kit.score_choice, "c3.modele_recommande", ns, case, near=near)


def check_fig(ns, case):
    return kit.score_bar_figure(
        "c3.fig_matrice",
        ns,
        "fig_matrice",
        case.expected["scores_ponderes"].values(),
        tol=0.011,
        what="les scores pondérés des quatre modèles",
    )


ITEMS = {
    "taux_atteinte": check_taux,
    "taux_atteinte_par_modele": check_par_modele,
    "scores_ponderes": check_scores,
    "modele_recommande": check_recommande,
    "fig_matrice": check_fig,
}
