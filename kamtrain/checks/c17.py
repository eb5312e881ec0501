"""Checks of the design thinking and codev exercise (C17)."""

from __future__ import annotations

from kamtrain.checks import kit

CASE = "c17_design_thinking"


def check_score_pondere(ns, case) -> kit.CheckResult:
    e = case.expected
    return kit.map_item(
        "c17.score_pondere",
        ns,
        case,
        tol=0.011,
        mistakes=(
            kit.Mistake(
                e["score_non_pondere"],
                0.3,
                "Les trois critères ont le même poids dans votre calcul : appliquez les pondérations du comité.",
            ),
        ),
        partial_mistakes=True,
    )


def check_quadrant(ns, case) -> kit.CheckResult:
    from kamlearn.cases.c17_design_thinking import QUADRANTS

    return kit.score_labels(
        "c17.quadrant", ns, "quadrant", case.expected["quadrant"], allowed=QUADRANTS
    )


def check_top_idees(ns, case) -> kit.CheckResult:
    return kit.score_set("c17.top_idees", ns, "top_idees", case.expected["top_idees"], what="idées")


def check_ordre_codev(ns, case) -> kit.CheckResult:
    return kit.score_order("c17.ordre_codev", ns, "ordre_codev", case.expected["ordre_codev"])


def check_ordre_design_thinking(ns, case) -> kit.CheckResult:
    return kit.score_item(kit.score_order, "c17.ordre_design_thinking", ns, case)


def _points_match(ax, points, tol=0.02) -> bool:
    want = sorted(points)
    for collection in ax.collections:
        offsets = getattr(collection, "get_offsets", lambda: [])()
        got = [(float(x), float(y)) for x, y in offsets]
        for candidate in (got, [(y, x) for x, y in got]):
            if len(candidate) == len(want) and all(
                kit.within(a[0], b[0], tol=tol) and kit.within(a[1], b[1], tol=tol)
                for a, b in zip(sorted(candidate), want, strict=True)
            ):
                return True
    return False


def _threshold_lines(ax, threshold) -> int:
    """How many straight lines (horizontal or vertical) sit at ``threshold``."""
    count = 0
    for line in ax.lines:
        xs, ys = list(line.get_xdata()), list(line.get_ydata())
        for values in (xs, ys):
            if values and all(abs(float(v) - threshold) < 1e-6 for v in values):
                count += 1
    return count


def check_fig_matrice(ns, case) -> kit.CheckResult:
    from kamlearn.cases.c17_design_thinking import THRESHOLD

    item = "c17.fig_matrice"
    axes, failure = kit.figure_axes(item, ns, "fig_matrice")
    if failure:
        return failure
    e = case.expected
    points = [(e["faisabilite_moyenne"][k], e["impact_moyen"][k]) for k in e["impact_moyen"]]
    ax = next((a for a in axes if _points_match(a, points)), axes[0])
    fraction, messages = 0.0, []
    if _points_match(ax, points):
        fraction += 0.5
    else:
        messages.append(
            "Le nuage ne montre pas un point par idée à (faisabilité moyenne, impact moyen)."
        )
    lines = _threshold_lines(ax, THRESHOLD)
    if lines >= 2:
        fraction += 0.3
    else:
        messages.append(
            "Tracez les deux seuils qui séparent les quatre quadrants (`ax.axhline` et `ax.axvline`)."
        )
    share, hints = kit.labels_score(ax, both_axes=False)
    if ax.get_xlabel().strip() and ax.get_ylabel().strip() and ax.get_title().strip():
        fraction += 0.2
    else:
        fraction += 0.1 * share
        messages.extend(hints or ["Nommez les deux axes."])
    if fraction >= 0.999:
        return kit.CheckResult(item, 1.0, ("Matrice impact × faisabilité complète.",))
    return kit.CheckResult(item, round(fraction, 4), tuple(messages))


ITEMS = {
    "ordre_design_thinking": check_ordre_design_thinking,
    "score_pondere": check_score_pondere,
    "quadrant": check_quadrant,
    "fig_matrice": check_fig_matrice,
    "top_idees": check_top_idees,
    "ordre_codev": check_ordre_codev,
}
