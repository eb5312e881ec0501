"""Figure mistakes of C1 to C9, drawn from each variant's data as a learner draws them.

Exports ``FIGURE_MISTAKES`` and ``FIGURE_EXPECTED`` (see ``_same_credit_figures_kit``).
"""

from __future__ import annotations

from collections.abc import Callable

from _same_credit_figures_kit import _bars, _drawn


def _c6_figure(case, *, shuffle=False, at_zero=False, title=True, labels=True):
    """C6's distribution as a learner draws it, with one mistake."""
    counts = {int(k): int(v) for k, v in case.expected["repartition_scores"].items() if v > 0}
    scores, heights = list(counts), list(counts.values())
    if shuffle:  # heights right, each bar on another score (sorted by height, then placed 0..)
        heights = sorted(heights)
        if heights == [counts[s] for s in scores]:
            heights = heights[::-1]
    if at_zero:  # everything drawn on the score 0
        scores, heights = [0], [sum(heights)]
    texts = ("Répartition des notes", "Note (0 à 10)", "Nombre de répondants")
    return _bars("bar", scores, heights, texts, title=title, labels=labels)


def _c1_figure(case, *, fractions=False, doubled=False, title=True, labels=True):
    """C1's market shares as a learner draws them, with one mistake."""
    parts = dict(case.expected["parts_de_marche_2024"])
    values = [v / 100 if fractions else v for v in parts.values()]
    if doubled:  # the right names, wrong values (all doubled)
        values = [2 * v for v in values]
    texts = ("Parts de marché 2024", "Part de marché (%)", "Acteur")
    return _bars("barh", list(parts), values, texts, title=title, labels=labels)


#: item -> (variable, {mistake: drawer(case) -> figure}); "juste" is the right figure
FIGURE_MISTAKES: dict[str, tuple[str, dict[str, Callable]]] = {
    "c6.fig_distribution": (
        "fig_distribution",
        _drawn(
            _c6_figure,
            **{
                "barres mélangées": {"shuffle": True},
                "tout sur la note 0": {"at_zero": True},
                "ni titre ni axes": {"title": False, "labels": False},
            },
        ),
    ),
    "c1.fig_parts": (
        "fig_parts",
        _drawn(
            _c1_figure,
            **{"parts en fractions": {"fractions": True}, "valeurs fausses": {"doubled": True}},
        ),
    ),
}

#: what each figure mistake must earn, the same for every variant: (fraction, start of a hint)
FIGURE_EXPECTED = {
    ("c6.fig_distribution", "juste"): (1.0, "Les barres représentent bien"),
    ("c6.fig_distribution", "barres mélangées"): (0.6, "Les hauteurs sont justes mais"),
    ("c6.fig_distribution", "tout sur la note 0"): (0.6, "Les barres ne correspondent pas"),
    ("c6.fig_distribution", "sans titre"): (0.8, "Ajoutez un titre"),
    ("c6.fig_distribution", "sans noms d'axes"): (0.8, "Nommez les deux axes"),
    ("c6.fig_distribution", "ni titre ni axes"): (0.6, "Ajoutez un titre"),
    ("c1.fig_parts", "juste"): (1.0, "Les barres représentent bien"),
    ("c1.fig_parts", "parts en fractions"): (1.0, "Les barres représentent bien"),
    ("c1.fig_parts", "valeurs fausses"): (0.6, "Les barres ne représentent pas"),
    ("c1.fig_parts", "sans titre"): (0.8, "Ajoutez un titre"),
    ("c1.fig_parts", "sans noms d'axes"): (0.8, "Nommez les deux axes"),
}
