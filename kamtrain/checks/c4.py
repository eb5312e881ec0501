"""Checks of C4: buying-centre roles, power/interest grid, social-selling ratios."""

from __future__ import annotations

from kamtrain.checks import bloc1_tools as tools

CASE = "c4_decideurs"


def check_roles(ns, case):
    from kamtrain.cases.c4_decideurs import ROLES

    return tools.check_label_map(
        ns,
        "c4.roles",
        "roles",
        case.expected["roles"],
        allowed=ROLES,
        what="id_contact → rôle dans le centre d'achat",
    )


def check_quadrants(ns, case):
    from kamtrain.cases.c4_decideurs import QUADRANTS

    return tools.check_label_map(
        ns,
        "c4.quadrants",
        "quadrants",
        case.expected["quadrants"],
        allowed=QUADRANTS,
        what="id_contact → quadrant",
    )


def check_cibles(ns, case):
    return tools.check_id_set(
        ns,
        "c4.cibles_prioritaires",
        "cibles_prioritaires",
        case.expected["cibles_prioritaires"],
        what="décideurs à conquérir en priorité",
    )


def check_rdv(ns, case):
    return tools.check_number_map(
        ns,
        "c4.taux_rdv_par_approche",
        "taux_rdv_par_approche",
        case.expected["taux_rdv_par_approche"],
        tol=0.15,
        what="taux de rendez-vous par approche",
        percent=True,
        mistakes=[
            (
                case.expected["taux_acceptation_par_approche"],
                0.2,
                "C'est le taux d'acceptation des invitations : on demande les rendez-vous obtenus.",
            )
        ],
    )


def check_meilleure(ns, case):
    acc = case.expected["taux_acceptation_par_approche"]
    best_acc = max(acc, key=acc.get)
    near = {}
    if best_acc != case.expected["meilleure_approche"]:
        near[best_acc] = (0.25, "Cette approche maximise les acceptations, pas les rendez-vous.")
    return tools.check_choice(
        ns,
        "c4.meilleure_approche",
        "meilleure_approche",
        case.expected["meilleure_approche"],
        near=near,
        what="approche la plus efficace",
    )


def check_fig(ns, case):
    return tools.check_scatter_figure(
        ns,
        "c4.fig_grille",
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
