"""The drawers of ``_same_credit_figures_late``: C10 to C18's figures, drawn from each
variant's own data as a learner would, with one mistake.

Each drawer takes the variant's case and returns the learner's figure (or a namespace holding
it, with the other variables its check reads). ``title=False`` / ``labels=False`` drop the
title / the axis names; the other keywords are the item's own mistakes.
"""

from __future__ import annotations

import itertools

from _same_credit_figures_kit import _bars, _figure, _titled
from _same_credit_hand import _c13_played

# --- C10: speaking shares ------------------------------------------------------------------


def _c10_figure(case, *, unit="%", kind="barh", suptitle=False, title=True, labels=True):
    from kamtrain.checks import c10

    shares = dict(case.expected["part_par_intervenant"])
    if unit == "fraction":
        shares = {k: v / 100 for k, v in shares.items()}
    elif unit == "secondes":
        shares = c10._seconds_by_speaker(case)
    fig, ax = _figure()
    order = sorted(shares, key=shares.get)
    if kind == "plot":  # a line through the speakers instead of bars
        ax.plot(order, [shares[k] for k in order], marker="o")
    else:
        ax.barh(order, [shares[k] for k in order])
    texts = ("Répartition du temps de parole", "Part du temps de parole (%)", "Intervenant")
    if suptitle and title:
        fig.suptitle(texts[0])
        title = False
    _titled(ax, texts, title=title, labels=labels)
    return fig


# --- C11: cumulated cash flow -------------------------------------------------------------


def _c11_figure(case, *, flows="cumul", bars=False, title=True, labels=True):
    e = case.expected
    invest, net = float(e["investissement"]), [float(f) for f in e["flux_nets"]]
    values = {
        "cumul": list(itertools.accumulate([-invest, *net])),
        "sans t=0": list(itertools.accumulate([-invest, *net]))[1:],
        "sans investissement": list(itertools.accumulate(net)),
        "non cumulés": [-invest, *net],
    }[flows]
    years = range(6 - len(values), 6)
    fig, ax = _figure()
    if bars:
        ax.bar(years, values)
    else:
        ax.plot(years, values, marker="o")
    ax.axhline(0, color="grey", lw=0.8)
    texts = ("Flux de trésorerie cumulé", "Année", "Flux cumulé (€)")
    _titled(ax, texts, title=title, labels=labels)
    return fig


# --- C12: the ZOPA on a price line --------------------------------------------------------


def _c12_figure(case, *, zone="zapo", title=True, labels=True):
    low, high = case.expected["zapo"]
    prices = case.data["prix"]
    fig, ax = _figure()
    if zone == "zapo":
        ax.axvspan(low, high, alpha=0.3)
    elif zone == "inversée":  # the bounds given high first
        ax.axvspan(high, low, alpha=0.3)
    elif zone == "barre":  # a horizontal bar from the floor to the buyer's maximum
        ax.barh([0], [high - low], left=low)
    elif zone == "ancrage-catalogue":  # the zone between the two announced prices
        ax.axvspan(prices["ancrage_acheteur_eur"], prices["prix_catalogue_eur"], alpha=0.3)
    for value in (low, high) if zone == "lignes" else (prices["prix_catalogue_eur"],):
        ax.axvline(value, ls="--")
    ax.set_yticks([])
    texts = ("Zone d'accord possible (ZAPO)", "Prix annuel (€)", "")  # a price line: no y axis
    _titled(ax, texts, title=title, labels=labels)
    return fig


# --- C13: the price trajectory of a played negotiation ----------------------------------------


def _c13_three_offers(engine, case):
    """List price, then two lower offers, then accepts the buyer's counter-offer."""
    price = case.data["prix_catalogue"]
    for share in (1.0, 0.95, 0.9):
        if engine.ended:
            return
        engine.offer(round(price * share, -2))
    if not engine.ended:
        engine.accept()


def _c13_unfinished(engine, case):
    """Opens at the list price, then draws before the buyer's answer is settled."""
    engine.offer(case.data["prix_catalogue"])


def _c13_figure(case, *, game="jouée", hand_in="moteur", counters=True, offers=True, **names):
    """The prices each side stated, with the engine in the namespace as the check replays it.

    ``game``: « jouée » (three offers, then accepts), « inachevée », or « autre cas »: the
    negotiation played on a colleague's case (the next variant). ``hand_in``: « moteur », or
    « transcription » (``negociation.transcript()`` handed in instead of the engine).
    """
    from _same_credit_cases import LEARNERS, case_for

    if game == "autre cas":
        colleague = LEARNERS[(LEARNERS.index(case.identity.learner) + 1) % len(LEARNERS)]
        case = case_for(case.name, colleague)
    play = _c13_unfinished if game == "inachevée" else _c13_three_offers
    engine = _c13_played(play)(case)["negociation"]
    prices = {"learner": [], "counterpart": []}
    for move in engine.transcript().moves:
        if move.kind in ("offer", "anchor", "counter"):
            prices[move.actor].append(move.data["price"])
    mine, theirs = prices["learner"], prices["counterpart"]
    fig, ax = _figure()
    if offers:
        ax.plot(range(1, len(mine) + 1), mine, marker="o")
    if counters:
        ax.plot(range(len(theirs)), theirs, marker="s")
    ax.axhline(engine.floor, color="grey", ls="--")
    _titled(ax, ("Trajectoire de la négociation", "Échange", "Prix annuel (€)"), **names)
    handed = engine.transcript() if hand_in == "transcription" else engine
    return {"fig_trajectoire": fig, "negociation": handed}


# --- C15: the Gantt chart -----------------------------------------------------------------


def _c15_figure(case, *, bars="justes", by_start=False, title=True, labels=True):
    """Bars in task order (ticks « T01 »…) or, ``by_start``, sorted by start with the task's
    id and name as tick (« T03 Cadrage… »), as the notebook's solution labels them."""
    planning, names = case.expected["planning"], case.data["taches"].set_index("id")["tache"]
    tasks = sorted(planning, key=lambda t: (planning[t][0], t)) if by_start else list(planning)
    starts = [float(planning[t][0]) for t in tasks]
    ends = [float(planning[t][1]) for t in tasks]
    widths = {
        "justes": [f - s for s, f in zip(starts, ends, strict=True)],
        "fin comme durée": ends,  # barh(tache, fin, left=debut)
        "fin incluse": [f - s + 1 for s, f in zip(starts, ends, strict=True)],
        "sans left": [f - s for s, f in zip(starts, ends, strict=True)],
        "points": [],
    }[bars]
    ticks = [f"{t} {names[t]}" for t in tasks] if by_start else tasks
    fig, ax = _figure()
    if bars == "points":  # each task's start as a point, no bar
        ax.scatter(starts, ticks)
    else:
        ax.barh(ticks, widths, left=None if bars == "sans left" else starts)
    ax.invert_yaxis()
    texts = ("Déploiement Nexalys", "Jours depuis le lancement", "Tâche")
    _titled(ax, texts, title=title, labels=labels)
    return fig


# --- C16: the managers' dashboard ---------------------------------------------------------


def _c16_figure(
    case,
    *,
    rate="taux_transformation",
    scale=1.0,
    cycle="cycle_moyen",
    coverage=1.0,
    kpis=3,
    title=True,
    labels=True,
):
    e = case.expected
    series = [
        ({m: v * scale for m, v in e[rate].items()}, "Taux de transformation", "%"),
        (e[cycle], "Cycle de vente moyen", "jours"),
        (
            {m: v * coverage for m, v in e["couverture_pipeline"].items()},
            "Couverture",
            "× objectif",
        ),
    ][:kpis]
    fig, first = _figure()
    fig.delaxes(first)
    axes = fig.subplots(1, len(series))
    for ax, (values, name, unit) in zip(axes, series, strict=True):
        ax.bar(list(values), list(values.values()))
        _titled(ax, (name, "Manager", unit), title=title, labels=labels)
    return fig


# --- C17: the impact x feasibility matrix ------------------------------------------------


def _c17_figure(case, *, points="moyennes", swapped=False, thresholds=2, y_named=True, **names):
    from kamlearn.cases.c17_design_thinking import THRESHOLD

    votes = case.data["votes"].groupby("id_idee")[["impact", "faisabilite"]]
    table = votes.mean() if points == "moyennes" else votes.sum()
    x, y = table["faisabilite"], table["impact"]
    texts = ["Matrice impact × faisabilité", "Faisabilité moyenne", "Impact moyen"]
    if swapped:
        x, y, texts[1:] = y, x, texts[:0:-1]
    if not y_named:
        texts[2] = ""
    fig, ax = _figure()
    ax.scatter(x, y)
    if thresholds >= 1:
        ax.axvline(THRESHOLD, ls="--")
    if thresholds >= 2:
        ax.axhline(THRESHOLD, ls="--")
    _titled(ax, texts, **names)
    return fig


# --- C18: the climate survey --------------------------------------------------------------


def _c18_figure(case, *, scores="moyennes", title=True, labels=True):
    from kamlearn.cases.c18_leadership import DIMENSIONS

    survey = case.data["climat"]
    values = {
        "moyennes": survey[list(DIMENSIONS)].mean(),
        "sommes": survey[list(DIMENSIONS)].sum(),
        "par site": survey.groupby("site")[list(DIMENSIONS)].mean().mean(axis=1),
    }[scores]
    texts = ("Baromètre de climat", "Dimension", "Note moyenne (1 à 5)")
    return _bars("bar", list(values.index), values.to_numpy(), texts, title=title, labels=labels)
