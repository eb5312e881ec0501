"""Figure mistakes of C1 to C9 (and C6b), drawn from each variant's data as a learner draws
them. Exports ``FIGURE_MISTAKES`` and ``FIGURE_EXPECTED`` (see ``_same_credit_figures_kit``).
"""

from __future__ import annotations

from collections.abc import Callable

from _same_credit_figures_kit import _bars, _drawn, _figure, _titled

SHOWN = {"title": True, "labels": True}
#: a chart of a kind the check does not read: a pie for bars, bars for lines, lines for points
WRONG_KIND = {"camembert": {"kind": "pie"}, "courbe": {"kind": "plot"}, "barres": {"kind": "bar"}}


def _chart(kind, where, values, texts, *, title, labels):
    """``values`` drawn as ``kind`` (bar, barh, plot, scatter, pie), titled and named if asked."""
    if kind in ("bar", "barh"):
        return _bars(kind, where, values, texts, title=title, labels=labels)
    fig, ax = _figure()
    if kind == "pie":
        ax.pie([abs(v) for v in values], labels=[str(w) for w in where])
    else:
        getattr(ax, kind)(where, values)
    _titled(ax, texts, title=title, labels=labels)
    return fig


def _c1_figure(case, *, fractions=False, doubled=False, kind="barh", title=True, labels=True):
    """C1's market shares, with one mistake."""
    parts = dict(case.expected["parts_de_marche_2024"])
    values = [v / 100 if fractions else v for v in parts.values()]
    if doubled:  # the right names, wrong values (all doubled)
        values = [2 * v for v in values]
    texts = ("Parts de marché 2024", "Part de marché (%)", "Acteur")
    return _chart(kind, list(parts), values, texts, title=title, labels=labels)


def _c2_figure(
    case,
    *,
    fractions=False,
    only_gross=False,
    backwards=False,
    amounts=False,
    as_text=False,
    kind="plot",
    **shown,
):
    """C2's two profitability rates over the years, with one mistake (``amounts``: the
    gross margin and EBITDA in k€ instead of their rates; ``backwards``: the years listed
    from the last, which on a numeric axis is the same chart, but years as text
    (``as_text``) are categories drawn in that order: the axis reads backwards)."""
    accounts = case.data["comptes"]
    years = sorted(case.expected["taux_marge_brute"], reverse=backwards)
    fig, ax = _figure()
    for key in ("taux_marge_brute",) if only_gross else ("taux_marge_brute", "taux_ebe"):
        if amounts:
            rates = [_c2_amount(accounts.loc[y], key) for y in years]
        else:
            rates = [case.expected[key][y] / (100 if fractions else 1) for y in years]
        getattr(ax, kind)([str(y) for y in years] if as_text else years, rates)
    _titled(ax, ("Rentabilité du client", "Année", "Taux (%)"), **shown)
    return fig


def _c2_amount(row, key) -> float:
    gross = float(row["chiffre_affaires"] - row["achats_consommes"])
    if key == "taux_marge_brute":
        return gross
    costs = row["charges_externes"] + row["impots_taxes"] + row["charges_personnel"]
    return float(gross - costs)


def _c3_figure(case, *, unweighted=False, kind="bar", title=True, labels=True):
    """C3's weighted score of each entry model (or the plain mean of its criteria)."""
    grid = case.data["grille"]
    models = list(case.expected["scores_ponderes"])
    if unweighted:
        scores = [round(float(grid[m].mean()), 2) for m in models]
    else:
        scores = [
            float((grid[m] * grid["poids_pct"]).sum() / grid["poids_pct"].sum()) for m in models
        ]
    texts = ("Matrice de décision", "Modèle d'entrée", "Score pondéré (sur 5)")
    return _chart(kind, models, scores, texts, title=title, labels=labels)


def _c4_figure(case, *, only_to_qualify=False, kind="scatter", title=True, labels=True):
    """C4's power/interest grid: one point per contact (or only those left to qualify)."""
    org = case.data["organigramme"]
    if only_to_qualify:
        org = org[org["id_contact"].isin(case.data["a_qualifier"])]
    texts = ("Grille pouvoir / intérêt", "Intérêt", "Pouvoir")
    if kind == "plot":  # points drawn as a line's markers: no scatter
        fig, ax = _figure()
        ax.plot(org["interet"], org["pouvoir"], "o")
        _titled(ax, texts, title=title, labels=labels)
        return fig
    return _chart(kind, org["interet"], org["pouvoir"], texts, title=title, labels=labels)


def _c5_figure(case, *, unsorted=False, not_cumulated=False, fractions=False, kind="plot", **shown):
    """C5's Pareto curve: cumulated share of revenue, largest clients first."""
    revenue = case.data["portefeuille"]["ca_keur"]
    if not unsorted:
        revenue = revenue.sort_values(ascending=False)
    shares = revenue / revenue.sum() * (1 if fractions else 100)
    curve = shares if not_cumulated else shares.cumsum()
    texts = ("Courbe de Pareto", "Clients (du plus gros au plus petit)", "CA cumulé (%)")
    return _chart(kind, range(1, len(curve) + 1), list(curve), texts, **{**SHOWN, **shown})


def _c6_figure(case, *, shuffle=False, at_zero=False, kind="bar", title=True, labels=True):
    """C6's distribution of the recommendation scores, with one mistake."""
    counts = {int(k): int(v) for k, v in case.expected["repartition_scores"].items() if v > 0}
    scores, heights = list(counts), list(counts.values())
    if shuffle:  # heights right, each bar on another score (sorted by height, then placed 0..)
        heights = sorted(heights)
        if heights == [counts[s] for s in scores]:
            heights = heights[::-1]
    if at_zero:  # everything drawn on the score 0
        scores, heights = [0], [sum(heights)]
    texts = ("Répartition des notes", "Note (0 à 10)", "Nombre de répondants")
    return _chart(kind, scores, heights, texts, title=title, labels=labels)


def _c6b_figure(case, *, sites=None, fractions=False, kind="plot", **shown):
    """C6b's quarterly CSAT, one line per site (``sites``: how many are drawn)."""
    import matplotlib.pyplot as plt

    history = case.data["historique"]
    fig, ax = plt.subplots()
    for site in list(dict.fromkeys(history["site"]))[:sites]:
        rows = history[history["site"] == site]
        getattr(ax, kind)(rows["trimestre"], rows["csat_pct"] / (100 if fractions else 1))
    _titled(ax, ("CSAT par site", "Trimestre", "CSAT (%)"), **shown)
    return fig


def _series_bars(series, texts, *, kind, title, labels):
    """``Series.plot.<kind>(ax=ax)``, as the notebooks draw a count or a duration."""
    fig, ax = _figure()
    getattr(series.plot, kind)(ax=ax)
    _titled(ax, texts, title=title, labels=labels)
    return fig


def _c7_figure(case, *, shares=False, kind="bar", title=True, labels=True):
    """C7's count of answers by SONCAS motive (or their share of all answers, in %)."""
    import pandas as pd

    counts = pd.Series(case.expected["soncas_motifs"]).value_counts()
    if shares:
        counts = counts / counts.sum() * 100
    texts = ("Motifs d'achat SONCAS", "Motif", "Nombre de réponses")
    return _series_bars(counts, texts, kind=kind, title=title, labels=labels)


def _c8_figure(case, *, minutes=False, kind="bar", title=True, labels=True):
    """C8's estimated duration of each colleague's pitch, in seconds (or minutes)."""
    import pandas as pd

    durations = pd.Series(case.expected["duree_estimee"]) / (60 if minutes else 1)
    texts = ("Durée estimée des pitchs", "Collègue", "Durée (s)")
    return _series_bars(durations, texts, kind=kind, title=title, labels=labels)


def _c9_figure(case, *, net=False, no_costs=False, kind="bar", title=True, labels=True):
    """C9's value bars of both offers: savings, avoided losses and yearly cost."""
    import pandas as pd

    parts = ["economies_energie", "pertes_evitees", "cout_annuel"]
    if no_costs:
        parts.remove("cout_annuel")
    if net:
        parts.append("valeur_nette")
    detail = pd.DataFrame(case.expected["detail"]).loc[parts]
    texts = ("Valeur des deux offres", "Composante", "Montant annuel (€)")
    if kind == "plot":
        return _series_bars(detail.stack(), texts, kind="line", title=title, labels=labels)
    return _series_bars(detail, texts, kind=kind, title=title, labels=labels)


#: item -> (drawer, {mistake: keyword arguments of the drawer}), beside the right figure
#: and the shared label mistakes (``_drawn``)
_OWN: dict[str, tuple[Callable, dict[str, dict]]] = {
    "c1.fig_parts": (
        _c1_figure,
        {
            "parts en fractions": {"fractions": True},
            "valeurs fausses": {"doubled": True},
            "camembert": WRONG_KIND["camembert"],
        },
    ),
    "c2.fig_rentabilite": (
        _c2_figure,
        {
            "taux en fractions": {"fractions": True},
            "sans le taux d'EBE": {"only_gross": True},
            "années à rebours": {"backwards": True},
            "montants au lieu des taux": {"amounts": True},
            "barres": WRONG_KIND["barres"],
        },
    ),
    "c3.fig_matrice": (
        _c3_figure,
        {"scores non pondérés": {"unweighted": True}, "courbe": WRONG_KIND["courbe"]},
    ),
    "c4.fig_grille": (
        _c4_figure,
        {
            "contacts à qualifier seuls": {"only_to_qualify": True},
            "points en courbe": {"kind": "plot"},
        },
    ),
    "c5.fig_pareto": (
        _c5_figure,
        {
            "parts en fractions": {"fractions": True},
            "clients non triés": {"unsorted": True},
            "parts non cumulées": {"not_cumulated": True},
            "barres": WRONG_KIND["barres"],
        },
    ),
    "c6.fig_distribution": (
        _c6_figure,
        {
            "barres mélangées": {"shuffle": True},
            "tout sur la note 0": {"at_zero": True},
            "ni titre ni axes": {"title": False, "labels": False},
            "courbe": WRONG_KIND["courbe"],
        },
    ),
    "c6b.fig_tendance": (
        _c6b_figure,
        {
            "CSAT en fractions": {"fractions": True},
            "un site oublié": {"sites": -1},
            "barres": WRONG_KIND["barres"],
        },
    ),
    "c7.fig_soncas": (
        _c7_figure,
        {"parts en %": {"shares": True}, "camembert": WRONG_KIND["camembert"]},
    ),
    "c8.fig_repetition": (
        _c8_figure,
        {"en minutes": {"minutes": True}, "camembert": WRONG_KIND["camembert"]},
    ),
    "c9.fig_valeur": (
        _c9_figure,
        {
            "avec la valeur nette": {"net": True},
            "sans les coûts": {"no_costs": True},
            "courbe": WRONG_KIND["courbe"],
        },
    ),
}

#: item -> (variable, {mistake: drawer(case) -> figure}); "juste" is the right figure
FIGURE_MISTAKES: dict[str, tuple[str, dict[str, Callable]]] = {
    item: (item.partition(".")[2], _drawn(draw, **own)) for item, (draw, own) in _OWN.items()
}

_BARS_RIGHT, _BARS_WRONG = "Les barres représentent bien", "Les barres ne représentent pas"
_NO_BAR, _LINES_RIGHT = "Aucune barre trouvée", "Les courbes représentent bien"
_TITLE, _AXES = (0.8, "Ajoutez un titre"), (0.8, "Nommez les deux axes")

#: what each figure mistake must earn, the same for every variant: (fraction, start of a hint)
FIGURE_EXPECTED = {
    **{
        (item, label): want
        for item in FIGURE_MISTAKES
        for label, want in (("sans titre", _TITLE), ("sans noms d'axes", _AXES))
    },
    ("c1.fig_parts", "juste"): (1.0, _BARS_RIGHT),
    ("c1.fig_parts", "parts en fractions"): (1.0, _BARS_RIGHT),
    ("c1.fig_parts", "valeurs fausses"): (0.6, _BARS_WRONG),
    ("c1.fig_parts", "camembert"): (0.4, _NO_BAR),
    ("c2.fig_rentabilite", "juste"): (1.0, _LINES_RIGHT),
    ("c2.fig_rentabilite", "taux en fractions"): (1.0, _LINES_RIGHT),
    ("c2.fig_rentabilite", "sans le taux d'EBE"): (0.7, "1 courbe(s) correcte(s) sur 2"),
    ("c2.fig_rentabilite", "années à rebours"): (1.0, _LINES_RIGHT),
    ("c2.fig_rentabilite", "montants au lieu des taux"): (0.4, "0 courbe(s) correcte(s) sur 2"),
    ("c2.fig_rentabilite", "barres"): (0.4, "Aucune courbe trouvée"),
    ("c3.fig_matrice", "juste"): (1.0, _BARS_RIGHT),
    ("c3.fig_matrice", "scores non pondérés"): (0.6, _BARS_WRONG),
    ("c3.fig_matrice", "courbe"): (0.4, _NO_BAR),
    ("c4.fig_grille", "juste"): (1.0, "Le nuage contient bien un point par"),
    ("c4.fig_grille", "contacts à qualifier seuls"): (0.6, "Le nuage devrait contenir"),
    ("c4.fig_grille", "points en courbe"): (0.4, "Aucun point trouvé"),
    ("c5.fig_pareto", "juste"): (1.0, _LINES_RIGHT),
    ("c5.fig_pareto", "parts en fractions"): (1.0, _LINES_RIGHT),
    ("c5.fig_pareto", "clients non triés"): (0.4, "0 courbe(s) correcte(s) sur 1"),
    ("c5.fig_pareto", "parts non cumulées"): (0.4, "0 courbe(s) correcte(s) sur 1"),
    ("c5.fig_pareto", "barres"): (0.4, "Aucune courbe trouvée"),
    ("c6.fig_distribution", "juste"): (1.0, _BARS_RIGHT),
    ("c6.fig_distribution", "barres mélangées"): (0.6, "Les hauteurs sont justes mais"),
    ("c6.fig_distribution", "tout sur la note 0"): (0.6, "Les barres ne correspondent pas"),
    ("c6.fig_distribution", "ni titre ni axes"): (0.6, "Ajoutez un titre"),
    ("c6.fig_distribution", "courbe"): (0.4, "Aucune barre trouvée"),
    ("c6b.fig_tendance", "juste"): (1.0, _LINES_RIGHT),
    ("c6b.fig_tendance", "CSAT en fractions"): (1.0, _LINES_RIGHT),
    ("c6b.fig_tendance", "un site oublié"): (0.85, "3 courbe(s) correcte(s) sur 4"),
    ("c6b.fig_tendance", "barres"): (0.4, "Aucune courbe trouvée"),
    ("c7.fig_soncas", "juste"): (1.0, _BARS_RIGHT),
    ("c7.fig_soncas", "parts en %"): (0.6, _BARS_WRONG),
    ("c7.fig_soncas", "camembert"): (0.4, _NO_BAR),
    ("c8.fig_repetition", "juste"): (1.0, _BARS_RIGHT),
    ("c8.fig_repetition", "en minutes"): (0.6, _BARS_WRONG),
    ("c8.fig_repetition", "camembert"): (0.4, _NO_BAR),
    ("c9.fig_valeur", "juste"): (1.0, _BARS_RIGHT),
    ("c9.fig_valeur", "avec la valeur nette"): (0.6, _BARS_WRONG),
    ("c9.fig_valeur", "sans les coûts"): (0.6, _BARS_WRONG),
    ("c9.fig_valeur", "courbe"): (0.4, _NO_BAR),
}
