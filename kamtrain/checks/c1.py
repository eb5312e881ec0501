"""Checks of C1: market shares, CAGR, account potential scoring, watch classification."""

from __future__ import annotations

from kamtrain.checks import kit

CASE = "c1_marche"


def check_parts_de_marche(ns, case):
    expected = case.expected["parts_de_marche_2024"]
    marche = case.data["marche"]
    # Typical mistake: shares computed without the "other players" line.
    last = marche[marche["annee"] == marche["annee"].max()]
    named = last[last["acteur"] != "Autres acteurs"].set_index("acteur")["ca_segment_meur"]
    without_others = {a: round(float(v / named.sum() * 100), 1) for a, v in named.items()}
    without_others["Autres acteurs"] = expected["Autres acteurs"]
    return kit.score_number_map(
        "c1.parts_de_marche",
        ns,
        "parts_de_marche",
        expected,
        tol=0.15,
        percent=True,
        mistakes=[
            kit.Mistake(
                without_others, 0.4, "Le total du marché doit inclure la ligne « Autres acteurs »."
            )
        ],
    )


def check_tcam(ns, case):
    marche = case.data["marche"]
    pivot = marche.pivot(index="acteur", columns="annee", values="ca_segment_meur")
    first, last = pivot.columns.min(), pivot.columns.max()
    # Typical mistake: total growth over the period instead of the annual compound rate.
    total = {
        a: round(float((pivot.loc[a, last] / pivot.loc[a, first] - 1) * 100), 1)
        for a in pivot.index
    }
    linear = {a: round(v / (last - first), 1) for a, v in total.items()}
    return kit.percent_map_item(
        "c1.tcam",
        ns,
        case,
        mistakes=[
            kit.Mistake(
                total,
                0.3,
                "Vous avez calculé la croissance totale sur la période, pas le taux annuel moyen composé.",
            ),
            kit.Mistake(
                linear,
                0.5,
                "Moyenne arithmétique de la croissance : le TCAM est un taux composé (racine n-ième).",
            ),
        ],
    )


def check_tcam_marche(ns, case):
    marche = case.data["marche"]
    totals = marche.groupby("annee")["ca_segment_meur"].sum()
    total = round(float((totals.iloc[-1] / totals.iloc[0] - 1) * 100), 1)
    return kit.number_item(
        "c1.tcam_marche",
        ns,
        case,
        tol=0.15,
        what="TCAM du marché",
        percent=True,
        mistakes=[
            kit.Mistake(total, 0.3, "Croissance totale sur 3 ans : annualisez-la (taux composé).")
        ],
    )


def check_concurrent(ns, case):
    return kit.score_item(
        kit.score_choice,
        "c1.concurrent_plus_dynamique",
        ns,
        case,
        near={
            "Autres acteurs": (
                0.25,
                "« Autres acteurs » n'est pas un concurrent identifié : excluez-le.",
            )
        },
    )


def check_scores(ns, case):
    expected = case.expected["scores"]
    comptes = case.data["comptes"]
    notes = [c for c in comptes.columns if c.startswith("note_")]
    unweighted = dict(zip(comptes["id_compte"], comptes[notes].mean(axis=1).round(2), strict=True))
    return kit.score_number_map(
        "c1.scores_potentiel",
        ns,
        "scores_potentiel",
        expected,
        tol=0.011,
        mistakes=[
            kit.Mistake(
                unweighted,
                0.3,
                "Moyenne simple des notes : appliquez les pondérations de la grille.",
            )
        ],
    )


def check_top10(ns, case):
    result = kit.score_item(
        kit.score_set, "c1.top10_comptes", ns, case, what="10 comptes prioritaires"
    )
    got = kit.answer(ns, "top10_comptes")
    if result.fraction < 1 and got is not kit.MISSING and not isinstance(got, str):
        with_equipped = {kit.normalise_label(v) for v in case.expected["top10_avec_equipes"]}
        if {kit.normalise_label(v) for v in got} == with_equipped:
            return kit.CheckResult(
                result.item,
                0.5,
                ("Classement juste, mais excluez les comptes déjà équipés par un concurrent.",),
            )
    return result


def check_veille(ns, case):
    from kamlearn.cases.c1_marche import WATCH_AXES

    return kit.score_labels(
        "c1.axes_veille", ns, "axes_veille", case.expected["axes_veille"], allowed=WATCH_AXES
    )


def check_fig(ns, case):
    return kit.score_bar_figure(
        "c1.fig_parts",
        ns,
        "fig_parts",
        case.expected["parts_de_marche_2024"].values(),
        tol=0.2,
        what="les parts de marché 2024",
    )


ITEMS = {
    "parts_de_marche": check_parts_de_marche,
    "tcam": check_tcam,
    "tcam_marche": check_tcam_marche,
    "concurrent_plus_dynamique": check_concurrent,
    "scores_potentiel": check_scores,
    "top10_comptes": check_top10,
    "axes_veille": check_veille,
    "fig_parts": check_fig,
}
