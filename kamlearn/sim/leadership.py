"""Leadership situation (C15/C18): a branching scenario of team decisions under pressure.

Scenarios live in ``cases/scenarios/leadership/<id>.yml``. At each decision point the
learner picks an option; each option gives immediate feedback, moves three team
indicators (cohésion, performance, confiance, 0–100) and leads to the next decision
point. The seed sets the starting indicators (± 5) and the order in which options are
shown.

Scores (hand-checkable): each option carries evidence (0, 0.5 or 1) for some C15/C18
criteria; a criterion's score is the mean of the evidence of the options chosen that
carry it (criteria never evidenced are not scored). ``score`` is the mean of the
criteria scores. The outcome is « réussite » when performance and cohesion both reach
60, « mitigée » when the mean of the three indicators reaches 45, « échec » otherwise.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kamlearn.errors import DataFileError, InvalidMoveError, UnknownIdError
from kamlearn.sim.datafiles import Fields, read_yaml, sim_data_dir
from kamlearn.sim.engine import BaseEngine, mean
from kamlearn.sim.records import Clock, SimResult

INDICATORS = ("cohesion", "performance", "confiance")
INDICATOR_LABELS_FR = {
    "cohesion": "cohésion",
    "performance": "performance",
    "confiance": "confiance",
}
CRITERIA = ("C15.1", "C15.2", "C15.3", "C18.1", "C18.2", "C18.3")
END = "fin"
SUCCESS_MIN = 60
MIXED_MIN = 45


@dataclass(frozen=True)
class Option:
    id: str
    text_fr: str
    feedback_fr: str
    effects: dict
    criteria: dict
    next: str


@dataclass(frozen=True)
class DecisionPoint:
    id: str
    situation_fr: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Scenario:
    id: str
    title_fr: str
    context_fr: str
    start: str
    indicators: dict
    nodes: dict  # id -> DecisionPoint


def read_scenario(path: Path) -> Scenario:
    f = Fields(path, read_yaml(path))
    sid = f.text("id")
    if sid != path.stem:
        f._fail("id", f"'{sid}' must equal the file name '{path.stem}'")
    base = f.mapping("indicators")
    if set(base) != set(INDICATORS) or not all(isinstance(v, int) for v in base.values()):
        f._fail("indicators", f"must give an integer for each of {', '.join(INDICATORS)}")
    nodes: dict[str, DecisionPoint] = {}
    for n in f.items("nodes"):
        options = []
        for o in n.items("options"):
            effects, crit = o.mapping("effects"), o.mapping("criteria")
            if not set(effects) <= set(INDICATORS):
                o._fail("effects", f"keys must be among {', '.join(INDICATORS)}")
            bad = [k for k, v in crit.items() if k not in CRITERIA or not 0 <= v <= 1]
            if bad:
                o._fail(
                    "criteria",
                    f"{bad}: ids must be among {', '.join(CRITERIA)} with values in [0, 1]",
                )
            options.append(
                Option(
                    o.text("id"),
                    o.text("text_fr"),
                    o.text("feedback_fr"),
                    dict(effects),
                    dict(crit),
                    o.text("next"),
                )
            )
        if not 2 <= len(options) <= 4 or len({o.id for o in options}) != len(options):
            n._fail("options", "must hold 2 to 4 options with distinct ids")
        node = DecisionPoint(n.text("id"), n.text("situation_fr"), tuple(options))
        nodes[node.id] = node
    start = f.text("start")
    for node in nodes.values():
        for o in node.options:
            if o.next != END and o.next not in nodes:
                raise DataFileError(
                    path, f"unknown next '{o.next}' in option {node.id}/{o.id}", "nodes"
                )
    if start not in nodes:
        f._fail("start", f"unknown decision point '{start}'")
    _check_acyclic(path, start, nodes)
    return Scenario(sid, f.text("title_fr"), f.text("context_fr"), start, dict(base), nodes)


def _check_acyclic(path: Path, start: str, nodes: dict) -> None:
    def visit(node_id: str, trail: tuple[str, ...]) -> None:
        if node_id == END:
            return
        if node_id in trail:
            raise DataFileError(path, f"the scenario loops through '{node_id}'", "nodes")
        for o in nodes[node_id].options:
            visit(o.next, (*trail, node_id))

    visit(start, ())


@cache
def _scenarios(folder: Path) -> dict[str, Scenario]:
    return {p.stem: read_scenario(p) for p in sorted(folder.glob("*.yml"))}


def leadership_scenarios() -> dict[str, Scenario]:
    return dict(_scenarios(sim_data_dir() / "scenarios" / "leadership"))


def leadership_scenario(scenario_id: str) -> Scenario:
    known = leadership_scenarios()
    if scenario_id not in known:
        raise UnknownIdError("scenario", scenario_id, sorted(known))
    return known[scenario_id]


@dataclass(frozen=True)
class LeadershipResult:
    scenario: str
    choices: tuple[str, ...]
    indicators: dict
    outcome_fr: str
    score: float
    criteria_scores: dict
    feedback_fr: tuple[str, ...]

    def to_sim_result(self) -> SimResult:
        return SimResult(
            simulator="leadership",
            score=round(self.score, 4),
            criteria_scores={k: round(v, 4) for k, v in self.criteria_scores.items()},
            feedback_fr=self.feedback_fr,
            details={
                "scenario": self.scenario,
                "choices": list(self.choices),
                "indicators": self.indicators,
                "outcome_fr": self.outcome_fr,
            },
        )


class LeadershipEngine(BaseEngine):
    """Walks the learner through a scenario's decision points."""

    SIMULATOR = "leadership"
    MOVES = ("choose",)

    def __init__(
        self,
        scenario: str | Scenario = "appel_offres_tension",
        seed: int = 0,
        *,
        clock: Clock | None = None,
    ):
        self.scenario = (
            scenario if isinstance(scenario, Scenario) else leadership_scenario(scenario)
        )
        sc = self.scenario
        rng = random.Random(seed)
        self.indicators = {k: _clip(v + rng.randint(-5, 5)) for k, v in sc.indicators.items()}
        super().__init__(seed, {"scenario": sc.id}, clock)
        self.node_id: str | None = sc.start
        self.choices: list[tuple[str, str]] = []  # (node id, option id)
        self._system(f"{sc.title_fr}. {sc.context_fr}", "start", indicators=dict(self.indicators))
        self._announce()

    @property
    def current(self) -> DecisionPoint | None:
        return None if self.node_id is None else self.scenario.nodes[self.node_id]

    def options(self) -> tuple[Option, ...]:
        """The current options, in this seed's display order."""
        node = self.current
        if node is None:
            return ()
        order = list(node.options)
        random.Random(f"{self.seed}:{node.id}").shuffle(order)
        return tuple(order)

    def choose(self, option_id: str, node_id: str | None = None) -> None:
        """Pick an option of the current decision point by its id.

        Args:
            option_id: the option's id (``"a"``, ``"b"``...).
            node_id: if given, the decision point the choice answers; a stale choice (a
                second click on an earlier situation's button) is refused.
        """
        self._require_active("choose")
        node = self.current
        if node_id is not None and node_id != node.id:
            raise InvalidMoveError(
                "Cette décision a déjà été prise : répondez à la situation affichée.", "choose"
            )
        option = next((o for o in node.options if o.id == option_id), None)
        if option is None:
            known = ", ".join(o.id for o in self.options())
            raise InvalidMoveError(
                f"Option inconnue : « {option_id} ». Options possibles : {known}.", "choose"
            )
        self._learner("choose", option.text_fr, option_id=option_id, node_id=node.id)
        for key, delta in option.effects.items():
            self.indicators[key] = _clip(self.indicators[key] + delta)
        self.choices.append((node.id, option.id))
        self._say(
            option.feedback_fr,
            "feedback",
            effects=dict(option.effects),
            indicators=dict(self.indicators),
        )
        if option.next == END:
            self.node_id = None
            self.ended = True
            self._system(f"Fin du scénario : issue {self.result().outcome_fr}.", "end")
        else:
            self.node_id = option.next
            self._announce()

    def _announce(self) -> None:
        node = self.current
        self._system(
            node.situation_fr, "situation", node=node.id, options=[o.id for o in self.options()]
        )

    def result(self) -> LeadershipResult:
        evidence: dict[str, list[float]] = {}
        fb: list[str] = []
        for node_id, option_id in self.choices:
            option = next(o for o in self.scenario.nodes[node_id].options if o.id == option_id)
            for crit, value in option.criteria.items():
                evidence.setdefault(crit, []).append(float(value))
        crit_scores = {c: mean(evidence[c]) for c in CRITERIA if c in evidence}
        ind = self.indicators
        if ind["performance"] >= SUCCESS_MIN and ind["cohesion"] >= SUCCESS_MIN:
            outcome = "réussite"
        elif sum(ind.values()) / len(ind) >= MIXED_MIN:
            outcome = "mitigée"
        else:
            outcome = "échec"
        if not self.ended:
            fb.append("Le scénario n'est pas terminé.")
        levels = ", ".join(f"{INDICATOR_LABELS_FR[k]} {v}" for k, v in ind.items())
        fb.append(f"Issue : {outcome} ({levels}).")
        labels = {
            "C15.1": "démarche participative",
            "C15.2": "décisions managériales",
            "C15.3": "action collective après analyse",
            "C18.1": "écoute des idées et avis",
            "C18.2": "prise en compte des spécificités de chacun",
            "C18.3": "dynamique de groupe proactive",
        }
        for crit, value in crit_scores.items():
            if value < 0.75:
                fb.append(f"{crit} ({labels[crit]}) : à renforcer ({100 * value:.0f}\u00a0%).")
        missing = [c for c in CRITERIA if c not in crit_scores]
        if missing and self.ended:
            fb.append("Non observés dans ce parcours : " + ", ".join(missing) + ".")
        return LeadershipResult(
            scenario=self.scenario.id,
            choices=tuple(f"{n}:{o}" for n, o in self.choices),
            indicators=dict(ind),
            outcome_fr=outcome,
            score=mean(crit_scores.values()) or 0.0,
            criteria_scores=crit_scores,
            feedback_fr=tuple(fb),
        )


def _clip(value: int) -> int:
    return max(0, min(100, int(value)))
