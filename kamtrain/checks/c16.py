"""Checks of the CRM steering exercise (C16): KPIs per manager, ABC, coaching priority."""

from __future__ import annotations

from kamtrain.checks import kit

CASE = "c16_pilotage_crm"


def check_taux_transformation(ns, case) -> kit.CheckResult:
    e = case.expected
    return kit.percent_map_item(
        "c16.taux_transformation",
        ns,
        case,
        mistakes=(
            kit.Mistake(
                e["taux_transformation_toutes"],
                0.4,
                "Le dénominateur est faux : le taux de transformation se calcule sur les affaires "
                "clôturées (gagnées + perdues), sans les affaires en cours.",
            ),
        ),
        partial_mistakes=True,
    )


def check_cycle_moyen(ns, case) -> kit.CheckResult:
    e = case.expected
    return kit.map_item(
        "c16.cycle_moyen",
        ns,
        case,
        tol=0.15,
        mistakes=(
            kit.Mistake(
                e["cycle_moyen_toutes"],
                0.4,
                "Le cycle de vente se mesure sur les affaires gagnées seulement (de la création à la signature).",
            ),
        ),
        partial_mistakes=True,
    )


def check_couverture_pipeline(ns, case) -> kit.CheckResult:
    e = case.expected
    crm = case.data["crm"]
    objectives = case.data["objectifs"].set_index("manager")["objectif_t1_keur"]
    with_closed = {
        m: round(
            float(
                crm.loc[(crm["manager"] == m) & (crm["statut"] != "Perdue"), "montant_keur"].sum()
            )
            / float(objectives[m]),
            2,
        )
        for m in e["couverture_pipeline"]
    }
    inverted = {m: round(1 / v, 2) if v else 0.0 for m, v in e["couverture_pipeline"].items()}
    return kit.map_item(
        "c16.couverture_pipeline",
        ns,
        case,
        tol=0.011,
        mistakes=(
            kit.Mistake(
                with_closed,
                0.3,
                "Le pipeline ne comprend que les affaires en cours, pas celles déjà gagnées.",
            ),
            kit.Mistake(
                inverted, 0.3, "Le ratio est inversé : couverture = pipeline ouvert / objectif."
            ),
        ),
        partial_mistakes=True,
    )


def check_segment_abc(ns, case) -> kit.CheckResult:
    return kit.score_labels(
        "c16.segment_abc", ns, "segment_abc", case.expected["segment_abc"], allowed=("A", "B", "C")
    )


def check_pipeline_clients_a(ns, case) -> kit.CheckResult:
    e = case.expected

    def diagnose(number):
        if kit.within(number, e["pipeline_clients_a_tous"], tol=0.15):
            return (
                0.4,
                "Vous avez additionné toutes les affaires des clients A : ne gardez que celles en cours.",
            )
        return None

    return kit.number_item(
        "c16.pipeline_clients_a",
        ns,
        case,
        tol=0.15,
        what="en k€",
        diagnose=diagnose,
        near_band=None,
    )


def check_competence_par_manager(ns, case) -> kit.CheckResult:
    from kamlearn.cases.c16_pilotage_crm import COMPETENCIES

    return kit.score_item(
        kit.score_labels, "c16.competence_par_manager", ns, case, allowed=COMPETENCIES
    )


def check_manager_prioritaire(ns, case) -> kit.CheckResult:
    rates = case.expected["taux_transformation"]
    managers = {kit.normalise_label(m): m for m in rates}
    return kit.score_item(
        kit.score_choice,
        "c16.manager_prioritaire",
        ns,
        case,
        canon=lambda value: managers.get(kit.normalise_label(value)),
        near=kit.best_by_wrong_criterion(
            rates,
            0.5,
            "Ce manager a le plus faible taux de transformation, mais comparez les trois ratios normalisés : "
            "un autre écart est plus important.",
            lowest=True,
        ),
        correct_message="C'est bien le manager dont l'écart à la norme est le plus grand.",
        wrong_message="Ce n'est pas le manager à coacher en premier : comparez le plus faible ratio de chacun.",
        unknown_message="Ce nom ne correspond à aucun manager des données.",
    )


@kit.figure_check("c16.fig_tableau_de_bord")
def check_fig_tableau_de_bord(item: str, axes: list, case) -> kit.CheckResult:
    e = case.expected
    kpis = {
        "taux de transformation": (list(e["taux_transformation"].values()), 0.15),
        "cycle moyen": (list(e["cycle_moyen"].values()), 0.15),
        "couverture du pipeline": (list(e["couverture_pipeline"].values()), 0.011),
    }
    shown = {
        name
        for name, (values, tol) in kpis.items()
        if any(kit.bars_match(ax, values, tol) for ax in axes)
    }
    label_shares = [kit.labels_score(ax, both_axes=False) for ax in axes if ax.patches]
    labels = sum(s for s, _ in label_shares) / len(label_shares) if label_shares else 0.0
    fraction = 0.8 * len(shown) / len(kpis) + 0.2 * labels
    messages = [
        f"{len(shown)} indicateur(s) sur {len(kpis)} représenté(s) correctement (une barre par manager)."
    ]
    lacking = [k for k in kpis if k not in shown]
    if lacking:
        messages.append(f"Indicateur(s) absent(s) ou faux : {', '.join(lacking)}.")
    # what the charts lack (a title, a named axis), each said once
    messages.extend(dict.fromkeys(h for _, hints in label_shares for h in hints))
    if fraction >= 0.999:
        return kit.CheckResult(item, 1.0, ("Tableau de bord complet.",))
    return kit.CheckResult(item, round(fraction, 4), tuple(messages))


def check_competence_prioritaire(ns, case) -> kit.CheckResult:
    """The competency to coach first for the priority manager (classification)."""
    item = "c16.competence_prioritaire"
    value = kit.answer(ns, "competence_prioritaire")
    if value is kit.MISSING:
        return kit.missing_result(item, "competence_prioritaire")
    from kamlearn.cases.c16_pilotage_crm import COMPETENCIES

    if kit.normalise_label(value) not in {kit.normalise_label(c) for c in COMPETENCIES}:
        return kit.CheckResult(item, 0.0, ("Choisissez parmi : " + ", ".join(COMPETENCIES) + ".",))
    mapping = kit.as_mapping(kit.answer(ns, "competence_par_manager")) or {}
    expected = case.expected["competence_par_manager"][case.expected["manager_prioritaire"]]
    if kit.normalise_label(value) == kit.normalise_label(expected):
        return kit.CheckResult(
            item, 1.0, ("Compétence prioritaire cohérente avec l'indicateur le plus dégradé.",)
        )
    learner_manager = kit.answer(ns, "manager_prioritaire")
    by_label = {kit.normalise_label(k): v for k, v in mapping.items()}
    if learner_manager is not kit.MISSING and kit.normalise_label(
        by_label.get(kit.normalise_label(learner_manager), "")
    ) == kit.normalise_label(value):
        return kit.CheckResult(
            item,
            0.5,
            (
                "Réponse cohérente avec votre diagnostic, mais le manager prioritaire n'est pas le bon.",
            ),
        )
    return kit.CheckResult(
        item,
        0.0,
        (
            "Cette compétence ne correspond pas à l'indicateur le plus dégradé du manager prioritaire.",
        ),
    )


ITEMS = {
    "taux_transformation": check_taux_transformation,
    "cycle_moyen": check_cycle_moyen,
    "couverture_pipeline": check_couverture_pipeline,
    "segment_abc": check_segment_abc,
    "pipeline_clients_a": check_pipeline_clients_a,
    "fig_tableau_de_bord": check_fig_tableau_de_bord,
    "competence_par_manager": check_competence_par_manager,
    "manager_prioritaire": check_manager_prioritaire,
    "competence_prioritaire": check_competence_prioritaire,
}
