"""Checks of the C6 dashboard notebook: CSAT, CSAT by site, thresholds, trend plot."""

from __future__ import annotations

from kamtrain.checks import kit

CASE = "c6b_tableau_de_bord"


#: The CSAT's typical mistakes, globally and on every site alike: (what the mistake computes
#: from 1–5 answers, credit, hint). The same credit and hint for both items.
MISTAKES = (
    (
        lambda scores: round(float(scores.mean()), 2),
        0.2,
        "C'est la note moyenne : le CSAT est la part des notes 4 et 5, en %.",
    ),
    (
        lambda scores: round(float((scores == 5).mean() * 100), 1),
        0.4,
        "Les notes 4 comptent aussi comme satisfaites (4 et 5 sur 5).",
    ),
)


def check_csat_global(ns, case):
    scores = case.data["enquete"]["csat"]
    return kit.number_item(
        "c6b.csat_global",
        ns,
        case,
        tol=0.15,
        what="CSAT global",
        percent=True,
        mistakes=[kit.Mistake(wrong(scores), credit, hint) for wrong, credit, hint in MISTAKES],
    )


def check_csat_par_site(ns, case):
    groups = case.data["enquete"].groupby("site", sort=True)["csat"]
    return kit.score_item(
        kit.score_number_map,
        "c6b.csat_par_site",
        ns,
        case,
        tol=0.15,
        percent=True,
        shape="site → CSAT en %",
        mistakes=[
            kit.Mistake({str(site): wrong(g) for site, g in groups}, credit, hint)
            for wrong, credit, hint in MISTAKES
        ],
    )


def check_sous_objectif(ns, case):
    return kit.score_item(
        kit.score_set, "c6b.sites_sous_objectif", ns, case, what="sites sous leur objectif"
    )


def check_baisse(ns, case):
    return kit.score_choice(
        "c6b.site_en_baisse", ns, "site_en_baisse", case.expected["site_en_baisse"]
    )


def check_fig(ns, case):
    return kit.score_line_figure(
        "c6b.fig_tendance",
        ns,
        "fig_tendance",
        case.expected["series_sites"],
        tol=0.15,
        what="l'évolution trimestrielle du CSAT de chaque site",
    )


ITEMS = {
    "csat_global": check_csat_global,
    "csat_par_site": check_csat_par_site,
    "sites_sous_objectif": check_sous_objectif,
    "site_en_baisse": check_baisse,
    "fig_tendance": check_fig,
}
