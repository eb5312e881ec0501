"""C13's trajectory mistakes, kept only until ``_same_credit_figures_late`` (C10 to C18)
lands: the figure test reads this module when that one does not exist yet."""

from __future__ import annotations

from _same_credit_figures_kit import _drawn
from _same_credit_hand import _c13_played


def _c13_figure(case, *, counters=True, offers=True, title=True, labels=True):
    """C13's price trajectory of a played negotiation (three offers, each lower), with the
    engine in the namespace as the check replays it."""
    import matplotlib.pyplot as plt

    engine = _c13_played(_c13_three_offers)(case)["negociation"]
    prices = {"learner": [], "counterpart": []}
    for move in engine.transcript().moves:
        if move.kind in ("offer", "anchor", "counter"):  # the prices each side stated
            prices[move.actor].append(move.data["price"])
    mine, theirs = prices["learner"], prices["counterpart"]
    fig, ax = plt.subplots()
    if offers:
        ax.plot(range(1, len(mine) + 1), mine, marker="o")
    if counters:
        ax.plot(range(1, len(theirs) + 1), theirs, marker="s")
    if title:
        ax.set_title("Trajectoire de la négociation")
    if labels:
        ax.set_xlabel("Tour")
        ax.set_ylabel("Prix (€)")
    return {"fig_trajectoire": fig, "negociation": engine}


def _c13_three_offers(engine, case):
    """List price, then two lower offers, then accepts the buyer's counter-offer."""
    price = case.data["prix_catalogue"]
    for share in (1.0, 0.95, 0.9):
        if engine.ended:
            return
        engine.offer(round(price * share, -2))
    if not engine.ended:
        engine.accept()


FIGURE_MISTAKES = {
    "c13.fig_trajectoire": (
        "fig_trajectoire",
        _drawn(
            _c13_figure,
            **{"sans les contre-offres": {"counters": False}, "sans vos offres": {"offers": False}},
        ),
    ),
}

FIGURE_EXPECTED = {
    ("c13.fig_trajectoire", "juste"): (1.0, "Trajectoire de la négociation correctement"),
    ("c13.fig_trajectoire", "sans les contre-offres"): (0.8, "Les contre-offres de l'acheteur"),
    ("c13.fig_trajectoire", "sans vos offres"): (0.6, "Vos offres successives ne sont pas"),
    ("c13.fig_trajectoire", "sans titre"): (0.8, "Ajoutez un titre"),
    ("c13.fig_trajectoire", "sans noms d'axes"): (0.8, "Nommez les deux axes"),
}
