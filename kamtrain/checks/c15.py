"""Checks of the project notebook (C15): schedule, critical path, Gantt, decision, time split."""

from __future__ import annotations

from kamtrain.checks import kit

CASE = "c15_projet_gantt"


def _rows(value) -> dict | None:
    """Accept a DataFrame indexed by task id with columns debut/fin, or a dict id -> (debut, fin)."""
    if hasattr(value, "columns") and hasattr(value, "index"):
        if not {"debut", "fin"} <= set(value.columns):
            return None
        return {
            str(i): (kit.as_number(r["debut"]), kit.as_number(r["fin"]))
            for i, r in value.iterrows()
        }
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if isinstance(v, dict):
                v = (v.get("debut"), v.get("fin"))
            try:
                start, end = v
            except (TypeError, ValueError):
                return None
            out[str(k)] = (kit.as_number(start), kit.as_number(end))
        return out
    return None


def check_planning(ns, case) -> kit.CheckResult:
    item = "c15.planning"
    value = kit.answer(ns, "planning")
    if value is kit.MISSING:
        return kit.missing_result(item, "planning")
    rows = _rows(value)
    if rows is None:
        return kit.CheckResult(
            item,
            0.0,
            (
                "`planning` doit être un DataFrame indexé par l'id de tâche, avec les colonnes `debut` et `fin`.",
            ),
        )
    expected = case.expected["planning"]
    right = [t for t, (s, f) in expected.items() if rows.get(t) == (s, f)]
    inclusive = [t for t, (s, f) in expected.items() if rows.get(t) == (s, f - 1)]
    fraction = len(right) / len(expected)
    if fraction == 1.0:
        return kit.CheckResult(item, 1.0, ("Dates au plus tôt correctes pour chaque tâche.",))
    messages = [f"{len(right)} tâche(s) sur {len(expected)} avec début et fin corrects."]
    if len(inclusive) > len(expected) // 2:
        messages.append(
            "Convention : une tâche qui commence au jour d et dure n jours finit au jour d + n."
        )
        fraction = max(fraction, 0.5)
    else:
        wrong = [t for t in expected if t not in right]
        messages.append(
            "À revoir : "
            + ", ".join(wrong)
            + " (une tâche commence à la plus grande fin de ses prédécesseurs)."
        )
    return kit.CheckResult(item, round(fraction, 4), tuple(messages))


def check_duree_totale(ns, case) -> kit.CheckResult:
    e = case.expected

    def diagnose(number):
        if kit.within(number, e["duree_somme"], tol=0.5):
            return (
                0.0,
                "La somme des durées ignore les tâches menées en parallèle : prenez la plus grande date de fin.",
            )
        if kit.within(number, e["duree_totale"], tol=1.01):
            return (
                0.5,
                "Vous êtes à un jour près : vérifiez la convention de comptage (fin = début + durée).",
            )
        return None

    return kit.number_item(
        "c15.duree_totale", ns, case, tol=0.01, what="en jours", diagnose=diagnose, near_band=None
    )


def check_chemin_critique(ns, case) -> kit.CheckResult:
    return kit.score_item(kit.score_set, "c15.chemin_critique", ns, case, what="tâches")


def _bar_tasks(ax, patches, tasks: dict[str, str]) -> list[str | None]:
    """The task each bar is drawn for: the y tick label at its height names the task (its
    id, e.g. « T03 », or its name); ``None`` where no single task is named."""
    ticks = {
        round(float(y), 6): label.get_text()
        for y, label in zip(ax.get_yticks(), ax.get_yticklabels(), strict=False)
    }

    def named(text: str) -> str | None:
        text = kit.normalise_label(text)
        hits = [
            t
            for t, name in tasks.items()
            if kit.normalise_label(t) in text.split()
            or (name and kit.normalise_label(name) in text)
        ]
        return hits[0] if len(hits) == 1 else None

    return [named(ticks.get(round(float(p.get_y() + p.get_height() / 2), 6), "")) for p in patches]


def _placed(ax, planning: dict, tasks: dict[str, str]) -> tuple[int, bool]:
    """How many tasks have their own bar at (start, duration), and whether bars are drawn.

    All bars right, in any order, is every task. Otherwise each bar is compared with the task
    it is drawn for, named by its y tick label (or, without such labels, the task of the same
    rank in the task list). A bar that only happens to sit where another task's bar goes
    counts for nothing: the same mistake earns the same credit whatever the variant's data.
    """
    patches = [p for p in ax.patches if hasattr(p, "get_x")]
    bars = [(float(p.get_x()), float(p.get_width())) for p in patches]
    want = {t: (float(s), float(f - s)) for t, (s, f) in planning.items()}

    def same(a, b) -> bool:
        return abs(a[0] - b[0]) < 1e-6 and abs(a[1] - b[1]) < 1e-6

    if len(bars) == len(want) and all(
        same(a, b) for a, b in zip(sorted(bars), sorted(want.values()), strict=True)
    ):
        return len(want), True
    drawn_for = _bar_tasks(ax, patches, tasks)
    if None in drawn_for or len(set(drawn_for)) < len(drawn_for):
        drawn_for = list(want)[: len(bars)]
    return sum(same(bar, want[t]) for bar, t in zip(bars, drawn_for, strict=False)), bool(bars)


@kit.figure_check("c15.fig_gantt")
def check_fig_gantt(item: str, axes: list, case) -> kit.CheckResult:
    planning = case.expected["planning"]
    tasks = dict(zip(case.data["taches"]["id"], case.data["taches"]["tache"], strict=True))
    scored = []
    for ax in axes:
        matched, drawn = _placed(ax, planning, tasks)
        share, hints = kit.labels_score(ax, both_axes=False)
        scored.append((0.7 * matched / len(planning) + 0.3 * share, drawn, matched, hints))
    best, has_bars, matched, hints = max(scored, key=lambda s: s[:2])
    if best >= 0.999:
        return kit.CheckResult(item, 1.0, ("Diagramme de Gantt correct.",))
    if not has_bars:
        hints = ["Aucune barre trouvée : utilisez `ax.barh(...)`.", *hints]
    elif matched < len(planning):
        hints = [
            f"{matched} barre(s) sur {len(planning)} placée(s) correctement : "
            "`ax.barh(tache, duree, left=debut)` pour chaque tâche.",
            *hints,
        ]
    return kit.CheckResult(item, round(best, 4), tuple(hints))


def check_tache_a_accelerer(ns, case) -> kit.CheckResult:
    item = "c15.tache_a_accelerer"
    value = kit.answer(ns, "tache_a_accelerer")
    if value is kit.MISSING:
        return kit.missing_result(item, "tache_a_accelerer")
    e = case.expected
    chosen = kit.normalise_label(value)
    options = {kit.normalise_label(t) for t in case.data["options_acceleration"]["id"]}
    if chosen == kit.normalise_label(e["tache_a_accelerer"]):
        return kit.CheckResult(
            item, 1.0, ("Bonne décision : la tâche critique la moins chère à accélérer.",)
        )
    if chosen not in options:
        return kit.CheckResult(
            item,
            0.0,
            ("Choisissez l'identifiant d'une tâche du tableau des options (par exemple « T05 »).",),
        )
    if chosen in {kit.normalise_label(t) for t in e["chemin_critique"]}:
        return kit.CheckResult(
            item,
            0.5,
            ("Cette tâche est bien critique, mais une autre option critique coûte moins cher.",),
        )
    return kit.CheckResult(
        item,
        0.0,
        (
            "Accélérer une tâche qui a de la marge ne raccourcit pas le projet : elle n'est pas sur le chemin critique.",
        ),
    )


def _share(item, ns, name, expected, what):
    def diagnose(number):
        if kit.within(number * 100, expected, tol=0.15):
            return 0.5, "Le calcul est juste mais exprimé en fraction : donnez un pourcentage."
        if kit.within(100 - number, expected, tol=0.15):
            return 0.3, f"Vous avez calculé la part complémentaire : {what}."
        return None

    return kit.score_number(
        item, ns, name, expected, tol=0.15, what="en %", diagnose=diagnose, near_band=None
    )


def check_part_client(ns, case) -> kit.CheckResult:
    return _share(
        "c15.part_client",
        ns,
        "part_client",
        case.expected["part_client"],
        "la part du temps passé chez les clients",
    )


def check_part_hunting(ns, case) -> kit.CheckResult:
    """Hunting over the whole working time (answers.c15 hunting_share); the other definition
    (commercial time only) earns 0,4 and says why, and when it gives the same number as
    another mistake, both hints and the lower credit."""
    item = "c15.part_hunting"
    result = _share(item, ns, "part_hunting", case.expected["part_hunting"], "la part de hunting")
    number = kit.as_number(kit.answer(ns, "part_hunting"))
    if result.fraction == 1.0 or number is None:
        return result
    agenda = case.data["agenda"]
    commercial = agenda.loc[agenda["nature"] != "interne", "duree_h"].sum()
    hunting = agenda.loc[agenda["nature"] == "hunting", "duree_h"].sum()
    from kamtrain.answers.c15_projet_gantt import hunting_share

    without_internal = hunting_share(hunting, commercial)
    if not kit.within(number, without_internal, tol=0.15):
        return result
    hint = (
        "Le dénominateur est tout le temps de travail, interne compris : la règle 80/20 "
        "porte sur tout votre temps, pas sur le seul temps commercial."
    )
    if result.fraction == 0.0:
        return kit.CheckResult(item, 0.4, (hint,))
    return kit.CheckResult(item, min(result.fraction, 0.4), (*result.messages, hint))


def _is_bool(value) -> bool:
    """True for a Python or numpy boolean (pandas comparisons give numpy ones)."""
    return isinstance(value, bool) or getattr(getattr(value, "dtype", None), "kind", "") == "b"


def check_respect_repartition(ns, case) -> kit.CheckResult:
    item = "c15.respect_repartition"
    value = kit.answer(ns, "respect_repartition")
    if value is kit.MISSING:
        return kit.missing_result(item, "respect_repartition")
    if not isinstance(value, dict):
        return kit.CheckResult(
            item,
            0.0,
            (
                '`respect_repartition` doit être un dict {"client_bureau": ..., "hunting_farming": ...}.',
            ),
        )
    expected = case.expected["respect_repartition"]
    right = [
        k
        for k, v in expected.items()
        if (v is None and value.get(k) is None)
        or (v is not None and _is_bool(value.get(k)) and bool(value.get(k)) == v)
    ]
    if len(right) == len(expected):
        return kit.CheckResult(item, 1.0, ("Verdicts corrects.",))
    messages = [f"{len(right)} verdict(s) sur {len(expected)} correct(s) (booléens True/False)."]
    messages.extend(f"À revoir : « {k} »." for k in expected if k not in right)
    if "client_bureau" not in right and expected.get("client_bureau") is None:
        messages.append(
            "En phase de conquête, la règle 2/3 chez le client – 1/3 au bureau (stade "
            "coopératif avec un compte clé) ne s'applique pas : répondez `None`."
        )
    return kit.CheckResult(item, round(len(right) / len(expected), 4), tuple(messages))


ITEMS = {
    "planning": check_planning,
    "duree_totale": check_duree_totale,
    "chemin_critique": check_chemin_critique,
    "fig_gantt": check_fig_gantt,
    "tache_a_accelerer": check_tache_a_accelerer,
    "part_client": check_part_client,
    "part_hunting": check_part_hunting,
    "respect_repartition": check_respect_repartition,
}
