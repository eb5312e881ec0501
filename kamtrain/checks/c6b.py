"""Checks of the C6 dashboard notebook: CSAT, CSAT by site, thresholds, trend plot."""

from __future__ import annotations

from kamtrain.checks import bloc1_tools as tools

CASE = "c6b_tableau_de_bord"


def check_csat_global(ns, case):
    df = case.data["enquete"]
    only_fives = round(float((df["csat"] == 5).mean() * 100), 1)
    return tools.check_scalar(
        ns,
        "c6b.csat_global",
        "csat_global",
        case.expected["csat_global"],
        tol=0.15,
        what="CSAT global",
        percent=True,
        mistakes=[
            (
                case.expected["csat_moyen"],
                0.2,
                "C'est la note moyenne : le CSAT est la part des notes 4 et 5, en %.",
            ),
            (only_fives, 0.4, "Les notes 4 comptent aussi comme satisfaites (4 et 5 sur 5)."),
        ],
    )


def check_csat_par_site(ns, case):
    return tools.check_number_map(
        ns,
        "c6b.csat_par_site",
        "csat_par_site",
        case.expected["csat_par_site"],
        tol=0.15,
        what="CSAT par site",
        percent=True,
    )


def check_sous_objectif(ns, case):
    return tools.check_id_set(
        ns,
        "c6b.sites_sous_objectif",
        "sites_sous_objectif",
        case.expected["sites_sous_objectif"],
        what="sites sous leur objectif",
    )


def check_baisse(ns, case):
    return tools.check_choice(
        ns,
        "c6b.site_en_baisse",
        "site_en_baisse",
        case.expected["site_en_baisse"],
        what="site à la plus forte baisse",
    )


def check_fig(ns, case):
    return tools.check_line_figure(
        ns,
        "c6b.fig_tendance",
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
