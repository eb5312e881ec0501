"""Checks of C4: buying-centre roles, power/interest grid, social-selling ratios."""

from __future__ import annotations

from kamtrain.checks import kit

CASE = "c4_decideurs"


def check_roles(ns, case):
    from kamlearn.cases.c4_decideurs import ROLES

    return kit.score_labels("c4.roles", ns, "roles", case.expected["roles"], allowed=ROLES)


def check_quadrants(ns, case):
    from kamlearn.cases.c4_decideurs import QUADRANTS

    return kit.score_labels(
        "c4.quadrants", ns, "quadrants", case.expected["quadrants"], allowed=QUADRANTS
    )


def check_cibles(ns, case):
    return kit.score_item(
        kit.score_set, "c4.cibles_prioritaires", ns, case, what="décideurs à conquérir en priorité"
    )


def check_rdv(ns, case):
    return kit.percent_map_item(
        "c4.taux_rdv_par_approche",
        ns,
        case,
        mistakes=[
            kit.Mistake(
                case.expected["taux_acceptation_par_approche"],
                0.2,
                "C'est le taux d'acceptation des invitations : on demande les rendez-vous obtenus.",
            )
        ],
    )


def check_meilleure(ns, case):
    near = kit.best_by_wrong_criterion(
        case.expected["taux_acceptation_par_approche"],
        0.25,
        "Cette approche maximise les acceptations, pas les rendez-vous.",
    )
    return kit.score_item(kit.score_choice, "c4.meilleure_approche", ns, case, near=near)


def check_fig(ns, case):
    return kit.score_scatter_figure(
        "c4.fig_grille",
        ns,
        "fig_grille",
        case.expected["n_contacts"],
        what="contact de l'organigramme",
    )


ITEMS = {
    "roles": check_roles,
    "quadrants": check_quadrants,
    "cibles_prioritaires": check_cibles,
    "taux_rdv_par_approche": check_rdv,
    "meilleure_approche": check_meilleure,
    "fig_grille": check_fig,
}
