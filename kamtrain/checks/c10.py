"""Checks of the proposal defence (C10): speaking shares, balance, interactions, hybrid mode."""

from __future__ import annotations

from kamtrain.checks import kit

CASE = "c10_soutenance"
TOLERANCE = 0.15  # percentage points: allows rounding to one decimal


def share(item: str, ns: dict, case, *, mistakes=(), **how) -> kit.CheckResult:
    """A share in percent, within TOLERANCE points; given as a fraction it earns half."""
    as_fraction = kit.Mistake(
        case.expected[item.partition(".")[2]] / 100,
        0.5,
        "Exprimez la part en pourcentage (× 100).",
    )
    return kit.number_item(
        item,
        ns,
        case,
        tol=TOLERANCE,
        rel_tol=0.0,
        what="en %",
        mistakes=(as_fraction, *mistakes),
        **how,
    )


def _seconds_by_speaker(case) -> dict[str, float]:
    from kamtrain.answers.c10_soutenance import speaking_seconds

    df = case.data["transcription"]
    return df.assign(d=speaking_seconds(df)).groupby("intervenant")["d"].sum().to_dict()


def check_part_par_intervenant(ns, case) -> kit.CheckResult:
    item = "c10.part_par_intervenant"
    mapping, error = kit.read_mapping(
        ns, item, "part_par_intervenant", shape="intervenant → part en %", numbers=True
    )
    if error:
        return error
    given = {k: kit.as_number(v) for k, v in mapping.items()}
    expected = case.expected["part_par_intervenant"]
    right = [
        s
        for s, v in expected.items()
        if kit.within(given.get(kit.normalise_label(s)), v, tol=TOLERANCE)
    ]
    if len(right) == len(expected):
        return kit.CheckResult(
            item, 1.0, ("Parts de temps de parole correctes pour chaque intervenant.",)
        )
    values = [v for v in given.values() if v is not None]
    if values and abs(sum(values) - 1.0) < 0.01:
        return kit.CheckResult(
            item, 0.5, ("Vos parts sont des fractions : exprimez-les en pourcentage (× 100).",)
        )
    seconds = _seconds_by_speaker(case)
    if all(kit.within(given.get(kit.normalise_label(s)), sec, tol=1) for s, sec in seconds.items()):
        return kit.CheckResult(
            item,
            0.4,
            ("Ce sont des durées en secondes : divisez par le temps de parole total (en %).",),
        )
    fraction = round(len(right) / len(expected), 4)
    messages = [f"{len(right)} intervenant(s) sur {len(expected)} correct(s)."]
    absent = [s for s in expected if kit.normalise_label(s) not in given]
    if absent:
        messages.append("Intervenants absents de votre réponse : " + ", ".join(absent) + ".")
    messages.append(
        "Rappel : part = durée de parole de l'intervenant / durée de parole totale × 100."
    )
    return kit.CheckResult(item, fraction, tuple(messages))


def check_part_client(ns, case) -> kit.CheckResult:
    exp = case.expected
    df = case.data["transcription"]
    session = (df["fin"].max() - df["debut"].min()).total_seconds()
    client_s = exp["part_client"] * exp["total_s"] / 100
    return share(
        "c10.part_client",
        ns,
        case,
        mistakes=(
            kit.Mistake(
                100 - exp["part_client"],
                0.3,
                "C'est la part de l'équipe : la question porte sur celle du client.",
            ),
            kit.Mistake(
                client_s / session * 100,
                0.6,
                "Rapportez le temps du client au temps de parole total, pas à la durée de la séance.",
            ),
        ),
        near_message="Valeur proche mais inexacte : vérifiez le calcul des durées (fin − début).",
    )


def check_nb_interactions(ns, case) -> kit.CheckResult:
    exp = case.expected
    return kit.number_item(
        "c10.nb_interactions",
        ns,
        case,
        rel_tol=0.0,
        mistakes=(
            kit.Mistake(
                exp["nb_changements_intervenant"],
                0.4,
                "Vous comptez les changements d'intervenant : comptez les passages de l'équipe au client et inversement.",
            ),
            kit.Mistake(
                exp["nb_interactions"] + 1,
                0.7,
                "Décalage d'une unité : la première intervention n'est pas un passage de parole.",
            ),
            kit.Mistake(
                exp["nb_interactions"] / 2,
                0.5,
                "Comptez chaque passage, dans les deux sens (équipe → client et client → équipe).",
            ),
        ),
        near_message="Presque : vérifiez l'ordre chronologique et le traitement de la première ligne.",
        tol=0,
        what="entier : le nombre de passages de parole",
    )


def check_plus_long_monologue(ns, case) -> kit.CheckResult:
    item = "c10.plus_long_monologue"
    duration, author = kit.answer(ns, "monologue_duree_s"), kit.answer(ns, "monologue_auteur")
    if duration is kit.MISSING and author is kit.MISSING:
        return kit.missing_result(item, "monologue_duree_s")
    exp = case.expected
    fraction, messages = 0.0, []
    number = kit.as_number(duration) if duration is not kit.MISSING else None
    if number is not None and abs(number - exp["monologue_duree_s"]) <= 1:
        fraction += 0.6
        messages.append("Durée du plus long monologue correcte.")
    elif number is not None and abs(number - exp["plus_longue_intervention_s"]) <= 1:
        fraction += 0.25
        messages.append(
            "C'est la plus longue intervention isolée : regroupez les interventions consécutives du même intervenant."
        )
    else:
        messages.append("`monologue_duree_s` manquant ou incorrect.")
    if author is not kit.MISSING and kit.normalise_label(author) == kit.normalise_label(
        exp["monologue_auteur"]
    ):
        fraction += 0.4
        messages.append("Auteur du monologue correct.")
    else:
        messages.append("`monologue_auteur` manquant ou incorrect.")
    return kit.CheckResult(item, round(fraction, 4), tuple(messages))


def check_part_distance_client(ns, case) -> kit.CheckResult:
    exp = case.expected
    remote_all = exp["part_distance_client"] * exp["part_client"] / 100
    return share(
        "c10.part_distance_client",
        ns,
        case,
        mistakes=(
            kit.Mistake(
                remote_all,
                0.5,
                "Rapportez au temps de parole du client, pas au temps de parole total.",
            ),
        ),
    )


def check_fig_temps_parole(ns, case) -> kit.CheckResult:
    return kit.score_series_bars(
        "c10.fig_temps_parole",
        ns,
        "fig_temps_parole",
        case.expected["part_par_intervenant"].values(),
        rel_tol=0.0,
        what="les parts de temps de parole par intervenant",
        tol=TOLERANCE,
    )


ITEMS = {
    "part_par_intervenant": check_part_par_intervenant,
    "part_client": check_part_client,
    "nb_interactions": check_nb_interactions,
    "plus_long_monologue": check_plus_long_monologue,
    "part_distance_client": check_part_distance_client,
    "fig_temps_parole": check_fig_temps_parole,
}
