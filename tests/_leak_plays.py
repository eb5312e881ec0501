"""Helpers of tests/test_check_leaks_derived.py: right answers named otherwise, simulator
engines played badly with the values they hide, wrong figures, recording dicts.

Nothing runs at import.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
from _leaks import numbers

#: Right answers of variables whose expected value is stored under another name.
RIGHT: dict[str, Callable] = {
    "parts_de_marche": lambda case: case.expected["parts_de_marche_2024"],
    "scores_potentiel": lambda case: case.expected["scores"],
    "desc": lambda case: case.expected["desc_tri"],
    "competence_prioritaire": lambda case: case.expected["competence_par_manager"][
        case.expected["manager_prioritaire"]
    ],
    # no single right plan: the current one, to perturb (its check reads only the limit)
    "reaffectation": lambda case: dict(
        zip(case.data["taches"]["tache"], case.data["taches"]["assigne_a"], strict=True)
    ),
    "echanges": lambda case: _trades(case),
    "nb_mots": lambda case: _pitch_words(case),
    "duree_estimee_s": lambda case: _pitch_words(case) / _words_per_minute() * 60,
}
#: Perturbations drawn in wrong figures: (factor, shift), as in wrong_answers.
FIGURE_PERTURBATIONS = ((1.004, 0.0), (0.98, 0.0), (1.08, 0.0), (0.93, -1.7), (0.01, 0.0))
#: Bars drawn per wrong figure at most (a Pareto curve has hundreds of points).
MAX_BARS = 60
#: A pitch of 153 words (three significant digits: the leak pattern looks for it).
PITCH = (
    "Bonjour, je suis votre responsable grands comptes et je vous propose un contrat de "
    "maintenance prédictive qui réduit les pannes de vos lignes et vos coûts d'arrêt. "
) * 5 + "Merci. " * 18


def _trades(case) -> dict[str, str]:
    """A right `echanges`: each concession to trade for an unused counterpart worth as much."""
    cost = dict(
        zip(
            case.data["concessions"]["concession"],
            case.data["concessions"]["cout_nexalys_eur"],
            strict=True,
        )
    )
    left = sorted(
        zip(
            case.data["contreparties"]["valeur_nexalys_eur"],
            case.data["contreparties"]["contrepartie"],
            strict=True,
        )
    )
    trades = {}
    for name in case.expected["a_echanger"]:
        value, counterpart = next((v, c) for v, c in left if v >= cost[name])
        left.remove((value, counterpart))
        trades[name] = counterpart
    return trades


def _pitch_words(case) -> int:
    case.data["graine_chrono"]  # a KeyError outside the pitch case (C8)
    return len(PITCH.split())


def _words_per_minute() -> int:
    from kamlearn import conventions as conv

    return conv.PITCH_WORDS_PER_MINUTE


class Reading(dict):
    """A dict that records the keys read from it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read: list = []

    def __getitem__(self, key):
        self.read.append(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.append(key)
        return super().get(key, default)

    def __contains__(self, key):
        self.read.append(key)
        return super().__contains__(key)


class ReadingCase:
    """A trusted case whose ``expected`` records what a check reads from it."""

    def __init__(self, case):
        self._case = case
        self.expected = Reading(case.expected)

    def __getattr__(self, name):
        return getattr(self._case, name)


# --- simulator engines played badly, with the values they hide -----------------------


def _moves(engine, moves) -> None:
    from kamlearn.errors import KamtrainError

    for kind, *args in moves:
        try:
            getattr(engine, kind)(*args)
        except KamtrainError:
            return  # the engine ended or refused: the play stops there, as for a learner


def _negotiations(case):
    """Bad negotiations (deal under the floor, walk-away, unfinished) and the buyer's max."""
    plays = []
    for seed, moves in enumerate(
        (
            [("walk_away",)],
            [("offer", 0.5 * case.data["prix_catalogue"])],  # far under the floor
            [("offer", case.data["prix_catalogue"]), ("accept",)],
            [
                ("concede", "délai de paiement", 5000.0),
                ("offer", 0.9 * case.data["prix_catalogue"]),
            ],
            [("offer", case.data["prix_catalogue"])],  # not finished
        )
    ):
        engine = case.nouvelle_negociation(seed=seed)
        _moves(engine, moves)
        plays.append((engine, [engine.buyer_max], []))
    return plays


def _interviews(case):
    """Short interviews and the client's needs they leave hidden."""
    from kamlearn.sim.interview import InterviewEngine

    plays = []
    for moves in (
        [],
        [("open", "Bonjour.")],
        [("open", "Bonjour."), ("ask", "Vous êtes satisfait ?"), ("close", "Au revoir.")],
    ):
        engine = InterviewEngine(case.data["persona_simulateur"], case.data["graine_simulateur"])
        _moves(engine, moves)
        plays.append((engine, [], list(engine.result().missed_fr)))
    return plays


def _leadership(scenario_id: str):
    def play(case):
        from kamlearn.sim.leadership import LeadershipEngine
        from kamtrain.checks.c18 import _best_score

        plays = []
        for pick in (0, -1, None):
            engine = LeadershipEngine(scenario_id, case.data["graine_simulation"])
            while not engine.ended and pick is not None:
                engine.choose(engine.options()[pick].id)
            plays.append((engine, [_best_score(engine.scenario)], []))
        return plays

    return play


def _pitch_timers(case):
    """The timer stopped on pitches (it shows the learner its own analysis: nothing hidden)."""
    from kamlearn.sim.pitch import PitchTimer

    plays = []
    for text in (PITCH, PITCH[: len(PITCH) // 2], "Bonjour."):
        timer = PitchTimer(case.data["graine_chrono"])
        _moves(timer, [("start",), ("stop", text)])
        plays.append((timer, [], []))
    return plays


def _pitches(case):
    """The pitch text; hidden: the answers of nb_mots and duree_estimee_s."""
    words = _pitch_words(case)
    return [(PITCH, [words, words / _words_per_minute() * 60], [])]


#: Variable name -> plays: [(value handed in, hidden numbers, hidden labels)].
PLAYED: dict[str, Callable] = {
    "negociation": _negotiations,
    "entretien": _interviews,
    "partie_appel_offres": _leadership("appel_offres_tension"),
    "partie_equipe": _leadership("equipe_diverse"),
    "chrono": _pitch_timers,
    "pitch": _pitches,
}


# --- figures -------------------------------------------------------------------------


def series_of(value) -> list[list[float]]:
    """The number series inside an expected value: a mapping's values, a frame's columns."""
    if isinstance(value, pd.DataFrame):
        return [[float(v) for v in value[c]] for c in value.select_dtypes("number").columns]
    if (
        isinstance(value, Mapping | pd.Series)
        and value
        and all(isinstance(v, Mapping | pd.Series) for v in dict(value).values())
    ):
        return [s for v in dict(value).values() for s in series_of(v)]
    found = numbers(value)
    return [found] if found else []


def wrong_figures(content: list) -> list:
    """No figure, an empty one, and figures drawing the content perturbed or misplaced."""
    import matplotlib.pyplot as plt

    series = [s for value in content for s in series_of(value)]
    empty, _ = plt.subplots()
    figures = [None, "graphique", 12.0, plt.figure(), empty]
    for factor, shift in FIGURE_PERTURBATIONS:
        drawn = [[v * factor + shift for v in s] for s in series] or [[1.0, 2.0]]
        fig, ax = plt.subplots()
        ax.bar(range(len(drawn[0][:MAX_BARS])), drawn[0][:MAX_BARS])
        for values in drawn:
            ax.plot(range(len(values)), values)
        if len(drawn) > 1:
            size = min(len(drawn[0]), len(drawn[1]))
            ax.scatter(drawn[0][:size], drawn[1][:size])
        ax.set_title("Mon graphique")
        side, bx = plt.subplots()
        bx.barh(range(len(drawn[-1][:MAX_BARS])), drawn[-1][:MAX_BARS])
        figures += [fig, side]
    if series and len(series[0]) > 1:  # the right heights, in the wrong places
        fig, ax = plt.subplots()
        ax.bar(range(len(series[0][:MAX_BARS])), list(reversed(series[0]))[:MAX_BARS])
        figures.append(fig)
    return figures


def applies(name: str, case) -> bool:
    needs = {
        "negociation": "prix_catalogue",
        "entretien": "persona_simulateur",
        "partie_appel_offres": "graine_simulation",
        "partie_equipe": "graine_simulation",
        "chrono": "graine_chrono",
        "pitch": "graine_chrono",
    }
    return needs[name] in case.data
