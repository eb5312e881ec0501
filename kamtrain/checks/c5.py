"""Checks of C5: funnel ratios, ABC (Pareto) segmentation, Pareto curve, time split."""

from __future__ import annotations

from kamlearn import conventions as conv
from kamtrain.checks import kit

CASE = "c5_pilotage"


def check_taux_passage(ns, case):
    from kamlearn.cases.c5_pilotage import STAGES, transition_label

    counts = case.expected["effectifs_etapes"]
    # Typical mistake: each stage's count over the number of leads (cumulative conversion).
    over_leads = {
        transition_label(k): round(counts[STAGES[k + 1]] / counts[STAGES[0]] * 100, 1)
        for k in range(len(STAGES) - 1)
    }
    return kit.percent_map_item(
        "c5.taux_passage",
        ns,
        case,
        mistakes=[
            kit.Mistake(
                over_leads,
                0.3,
                "Vous avez rapporté chaque étape à l'entrée de l'entonnoir : le taux de passage "
                "se calcule par rapport à l'étape précédente.",
            )
        ],
    )


def check_goulot(ns, case):
    return kit.score_choice("c5.etape_goulot", ns, "etape_goulot", case.expected["etape_goulot"])


def check_transfo(ns, case):
    return kit.percent_map_item("c5.taux_transformation_activite", ns, case)


def check_classes(ns, case):
    result = kit.score_labels(
        "c5.classe_abc", ns, "classe_abc", case.expected["classe_abc"], allowed=conv.ABC_CLASSES
    )
    if 0 < result.fraction < 1:
        return kit.CheckResult(
            result.item,
            result.fraction,
            result.messages
            + (
                "Vérifiez le tri par CA décroissant et la règle du seuil : le client qui franchit 80 % "
                "(ou 95 %) appartient encore à la classe en cours.",
            ),
        )
    return result


def check_top20(ns, case):
    return kit.number_item(
        "c5.part_ca_top20",
        ns,
        case,
        tol=0.15,
        what="part du CA des 20 % premiers clients",
        percent=True,
    )


def check_fig(ns, case):
    return kit.score_line_figure(
        "c5.fig_pareto",
        ns,
        "fig_pareto",
        [case.expected["courbe_pareto"]],
        tol=0.2,
        what="la courbe de Pareto (CA cumulé)",
    )


def check_heures(ns, case):
    expected = case.expected["heures_terrain"]
    swapped = {"hunting": expected["farming"], "farming": expected["hunting"]}
    client_only = {k: round(v * conv.TIME_CLIENT_SHARE) for k, v in expected.items()}
    return kit.score_number_map(
        "c5.heures_terrain",
        ns,
        "heures_terrain",
        expected,
        tol=1.0,
        mistakes=[
            kit.Mistake(
                swapped,
                0.3,
                "Répartition inversée : relisez votre situation (ouverture ou portefeuille constitué).",
            ),
            kit.Mistake(
                client_only,
                0.4,
                "La répartition conquête/fidélisation porte sur tout votre temps de travail "
                "(1 607 h) ; la règle 2/3 chez le client – 1/3 au bureau concerne un compte clé "
                "au stade coopératif.",
            ),
        ],
    )


ITEMS = {
    "taux_passage": check_taux_passage,
    "etape_goulot": check_goulot,
    "taux_transformation_activite": check_transfo,
    "classe_abc": check_classes,
    "part_ca_top20": check_top20,
    "fig_pareto": check_fig,
    "heures_terrain": check_heures,
}
