"""Checks of the leadership notebook (C15/C18): workload, reassignment, climate, scenarios."""

from __future__ import annotations

from kamtrain.checks import kit

CASE = "c18_leadership"
#: A scenario run earns full marks from this share of the best reachable score.
GOOD_PATH_SHARE = 0.9


def check_taux_charge(ns, case) -> kit.CheckResult:
    e = case.expected
    return kit.percent_map_item(
        "c18.taux_charge",
        ns,
        case,
        mistakes=(
            kit.Mistake(
                e["taux_charge_35h"],
                0.4,
                "Vous avez utilisé 35 h pour tout le monde : la capacité de chacun (temps partiel, "
                "aménagement de poste) est dans `heures_semaine`.",
            ),
        ),
        partial_mistakes=True,
    )


def check_membres_surcharges(ns, case) -> kit.CheckResult:
    return kit.score_item(kit.score_set, "c18.membres_surcharges", ns, case, what="membres")


def check_reaffectation(ns, case) -> kit.CheckResult:
    item = "c18.reaffectation"
    value = kit.answer(ns, "reaffectation")
    if value is kit.MISSING:
        return kit.missing_result(item, "reaffectation")
    mapping = kit.as_mapping(value)
    if mapping is None:
        return kit.CheckResult(
            item, 0.0, ("`reaffectation` doit être un dict (ou une Series) tâche → membre.",)
        )
    team = case.data["equipe"].set_index("membre")
    tasks = case.data["taches"].set_index("tache")
    members = {kit.normalise_label(m): m for m in team.index}
    by_task = {kit.normalise_label(k): v for k, v in mapping.items()}
    plan = {}
    for task in tasks.index:
        member = members.get(kit.normalise_label(by_task.get(kit.normalise_label(task), "")))
        if member is None:
            return kit.CheckResult(
                item,
                0.0,
                (
                    f"Chaque tâche doit être confiée à un membre de l'équipe : à revoir pour « {task} ».",
                ),
            )
        plan[task] = member
    skilled = [
        t
        for t, m in plan.items()
        if tasks.loc[t, "competence"] in team.loc[m, "competences"].split(", ")
    ]
    travel_ok = all(
        bool(team.loc[m, "deplacements"]) or not bool(tasks.loc[t, "deplacement"])
        for t, m in plan.items()
    )
    load = {m: 0.0 for m in team.index}
    for t, m in plan.items():
        load[m] += float(tasks.loc[t, "charge_h"])
    within = [m for m in team.index if load[m] <= float(team.loc[m, "heures_semaine"]) + 1e-9]
    changes = sum(plan[t] != tasks.loc[t, "assigne_a"] for t in plan)
    limit = case.expected["changements_max"]
    fraction = (
        0.3 * len(skilled) / len(plan)
        + 0.25 * travel_ok
        + 0.3 * len(within) / len(load)
        + 0.15 * (changes <= limit)
    )
    if fraction >= 0.999:
        return kit.CheckResult(
            item, 1.0, (f"Réaffectation équitable et réaliste ({changes} changement(s)).",)
        )
    messages = []
    if len(skilled) < len(plan):
        messages.append(
            f"{len(plan) - len(skilled)} tâche(s) confiée(s) à une personne qui n'a pas la compétence requise."
        )
    if not travel_ok:
        messages.append(
            "Une tâche avec déplacement est confiée à une personne dont l'aménagement exclut les déplacements."
        )
    if len(within) < len(load):
        messages.append(
            f"{len(load) - len(within)} membre(s) dépasse(nt) encore sa (leur) capacité hebdomadaire."
        )
    if changes > limit:
        messages.append(
            f"Trop de changements ({changes}) : l'équipe a déjà commencé, limitez-vous à {limit}."
        )
    return kit.CheckResult(item, round(fraction, 4), tuple(messages))


def check_score_dimensions(ns, case) -> kit.CheckResult:
    return kit.score_number_map(
        "c18.score_dimensions", ns, "score_dimensions", case.expected["score_dimensions"], tol=0.011
    )


def check_dimension_prioritaire(ns, case) -> kit.CheckResult:
    return kit.score_item(
        kit.score_choice,
        "c18.dimension_prioritaire",
        ns,
        case,
        correct_message="C'est bien la dimension la plus faible du baromètre.",
        wrong_message="Ce n'est pas la dimension au score moyen le plus faible.",
    )


def check_site_le_plus_tendu(ns, case) -> kit.CheckResult:
    survey = case.data["climat"]
    by_site = survey.drop(columns=["id_repondant", "entite"]).groupby("site").mean().mean(axis=1)
    return kit.score_item(
        kit.score_choice,
        "c18.site_le_plus_tendu",
        ns,
        case,
        near=kit.best_by_wrong_criterion(
            by_site.to_dict(),
            0.5,
            "Ce site a la moyenne générale la plus basse ; la question porte sur la dimension prioritaire.",
            lowest=True,
        ),
        correct_message="C'est bien le site le plus en difficulté sur cette dimension.",
        wrong_message="Ce n'est pas le site au score le plus faible sur la dimension prioritaire.",
    )


@kit.figure_check("c18.fig_climat")
def check_fig_climat(item: str, axes: list, case) -> kit.CheckResult:
    values = list(case.expected["score_dimensions"].values())
    ax = next((a for a in axes if kit.bars_match(a, values, 0.011)), None)
    if ax is None:
        share, hints = kit.labels_score(axes[0], both_axes=False)
        return kit.CheckResult(
            item,
            round(0.3 * share, 4),
            ("Les barres ne montrent pas le score moyen de chaque dimension.", *hints),
        )
    share, hints = kit.labels_score(ax, both_axes=False)
    fraction = 0.7 + 0.3 * share
    if fraction >= 0.999:
        return kit.CheckResult(item, 1.0, ("Graphique du baromètre correct.",))
    return kit.CheckResult(item, round(fraction, 4), tuple(hints))


def _best_score(scenario) -> float:
    """The best criteria score reachable in ``scenario`` (depth-first over its options)."""
    from kamlearn.sim.leadership import CRITERIA, END

    best = 0.0

    def walk(node_id, evidence):
        nonlocal best
        if node_id == END:
            scores = [sum(v) / len(v) for c in CRITERIA if (v := evidence.get(c))]
            best = max(best, sum(scores) / len(scores) if scores else 0.0)
            return
        for option in scenario.nodes[node_id].options:
            extended = {k: list(v) for k, v in evidence.items()}
            for crit, value in option.criteria.items():
                extended.setdefault(crit, []).append(float(value))
            walk(option.next, extended)

    walk(scenario.start, {})
    return best


def _scenario_result(item: str, ns: dict, case, name: str, scenario_id: str) -> kit.CheckResult:
    engine, error = kit.read_engine(
        ns,
        item,
        name,
        calls=("result",),
        has=("scenario",),
        what="le moteur de votre partie (`LeadershipEngine`)",
    )
    if error:
        return error
    if getattr(engine.scenario, "id", None) != scenario_id:
        return kit.CheckResult(item, 0.0, (f"Jouez le scénario « {scenario_id} » dans `{name}`.",))
    if engine.seed != case.data["graine_simulation"]:
        return kit.CheckResult(
            item, 0.0, ('Utilisez la graine de votre cas : cas.data["graine_simulation"].',)
        )
    result = engine.result()
    best = _best_score(engine.scenario) or 1.0
    quality = min(1.0, result.score / (GOOD_PATH_SHARE * best))
    outcome = {"réussite": 1.0, "mitigée": 0.5}.get(result.outcome_fr, 0.0)
    fraction = 0.7 * quality + 0.3 * outcome
    if not engine.ended:
        return kit.CheckResult(
            item,
            round(0.5 * fraction, 4),
            ("Le scénario n'est pas terminé : allez jusqu'à la fin.",),
        )
    if fraction >= 0.999:
        return kit.CheckResult(
            item, 1.0, (f"Issue : {result.outcome_fr}. Parcours de leadership solide.",)
        )
    return kit.CheckResult(item, round(fraction, 4), tuple(result.feedback_fr))


def check_scenario_appel_offres(ns, case) -> kit.CheckResult:
    return _scenario_result(
        "c18.scenario_appel_offres", ns, case, "partie_appel_offres", "appel_offres_tension"
    )


def check_scenario_equipe(ns, case) -> kit.CheckResult:
    return _scenario_result("c18.scenario_equipe", ns, case, "partie_equipe", "equipe_diverse")


ITEMS = {
    "taux_charge": check_taux_charge,
    "membres_surcharges": check_membres_surcharges,
    "reaffectation": check_reaffectation,
    "score_dimensions": check_score_dimensions,
    "dimension_prioritaire": check_dimension_prioritaire,
    "site_le_plus_tendu": check_site_le_plus_tendu,
    "fig_climat": check_fig_climat,
    "scenario_appel_offres": check_scenario_appel_offres,
    "scenario_equipe": check_scenario_equipe,
}
