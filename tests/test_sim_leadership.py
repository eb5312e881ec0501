"""Leadership scenarios: data checks, branching, scoring on known paths, invalid moves."""

from __future__ import annotations

import pytest

from kamlearn.errors import DataFileError, InvalidMoveError, SchemaVersionError
from kamlearn.sim.leadership import END, LeadershipEngine, leadership_scenarios, read_scenario
from kamlearn.sim.records import StepClock


def _paths(scenario, node_id=None, trail=()):
    node_id = node_id or scenario.start
    if node_id == END:
        yield trail
        return
    for option in scenario.nodes[node_id].options:
        yield from _paths(scenario, option.next, (*trail, f"{node_id}:{option.id}"))


def test_scenarios_are_rich_enough():
    scenarios = leadership_scenarios()
    assert len(scenarios) >= 2
    for sc in scenarios.values():
        assert min(len(p) for p in _paths(sc)) >= 5  # every path: 5 decision points or more
        for node in sc.nodes.values():
            assert 3 <= len(node.options) <= 4
            for o in node.options:
                assert o.feedback_fr and o.criteria and o.effects


def _play(scenario, choices, seed=0):
    e = LeadershipEngine(scenario, seed, clock=StepClock())
    start = dict(e.indicators)
    e.play([("choose", c) for c in choices])
    return e, start


def test_exemplary_path_scores_as_computed_by_hand():
    e, start = _play("appel_offres_tension", ["a", "a", "a", "a", "a"])
    r = e.result()
    assert e.ended and r.choices == (
        "lancement:a",
        "conflit:a",
        "idee_junior:a",
        "retard:a",
        "remise:a",
    )
    assert r.criteria_scores == pytest.approx(
        {
            "C15.1": 1.0,  # lancement, idee_junior, remise
            "C15.2": 1.0,  # retard
            "C15.3": (0.5 + 1 + 1 + 1) / 4,
            "C18.1": 1.0,  # conflit, idee_junior
            "C18.2": (0.5 + 1) / 2,  # conflit, remise
            "C18.3": 1.0,  # lancement, remise
        }
    )
    assert r.score == pytest.approx((1 + 1 + 0.875 + 1 + 0.75 + 1) / 6)
    assert r.indicators == {
        "cohesion": start["cohesion"] + 45,
        "performance": start["performance"] + 30,
        "confiance": start["confiance"] + 45,
    }
    assert r.outcome_fr == "réussite"


def test_poor_path_branches_and_fails():
    e, _ = _play("appel_offres_tension", ["b", "b", "b", "b", "c"])
    r = e.result()
    assert r.choices == (
        "lancement:b",
        "nuit_blanche:b",
        "idee_junior:b",
        "retard_tendu:b",
        "remise:c",
    )
    assert r.criteria_scores == {
        "C15.1": 0.0,
        "C15.2": 0.5,
        "C15.3": 0.0,
        "C18.1": 0.0,
        "C18.3": 0.0,
    }
    assert "C18.2" not in r.criteria_scores  # never evidenced on this path
    assert r.score == pytest.approx(0.1)
    assert r.outcome_fr == "échec"
    assert any("C18.2" in f for f in r.feedback_fr)


def test_feedback_on_every_choice_is_in_the_transcript():
    e, _ = _play("equipe_diverse", ["c", "c", "d", "c", "c"])
    feedback = [m for m in e.transcript().moves if m.kind == "feedback"]
    assert len(feedback) == 5 and all(m.actor == "counterpart" and m.text_fr for m in feedback)


def test_seed_sets_indicators_and_option_order_deterministically():
    a = LeadershipEngine("equipe_diverse", 5, clock=StepClock())
    b = LeadershipEngine("equipe_diverse", 5, clock=StepClock())
    assert a.transcript() == b.transcript() and a.options() == b.options()
    orders = {
        tuple(o.id for o in LeadershipEngine("equipe_diverse", s).options()) for s in range(10)
    }
    starts = {tuple(LeadershipEngine("equipe_diverse", s).indicators.values()) for s in range(10)}
    assert len(orders) > 1 and len(starts) > 1
    again = LeadershipEngine.replay(
        _play("equipe_diverse", ["a", "a", "a", "a", "a"], 5)[0].transcript(), clock=StepClock()
    )
    assert again.result() == _play("equipe_diverse", ["a", "a", "a", "a", "a"], 5)[0].result()


def test_invalid_moves_change_nothing():
    e = LeadershipEngine("appel_offres_tension", 0, clock=StepClock())
    before = (e.transcript(), dict(e.indicators), e.node_id)
    with pytest.raises(InvalidMoveError, match="Option inconnue"):
        e.choose("z")
    with pytest.raises(InvalidMoveError, match="déjà été prise"):
        e.choose("a", node_id="remise")
    assert (e.transcript(), dict(e.indicators), e.node_id) == before
    e.play([("choose", "a")] * 5)
    with pytest.raises(InvalidMoveError, match="terminée"):
        e.choose("a")


MINIMAL = """\
schema_version: {version}
id: mini
title_fr: "Mini"
context_fr: "Contexte"
start: n1
indicators: {{cohesion: 50, performance: 50, confiance: 50}}
nodes:
  - id: n1
    situation_fr: "Situation"
    options:
      - {{id: a, text_fr: "A", feedback_fr: "F", effects: {{cohesion: 1}}, criteria: {{C15.1: 1}}, next: {next}}}
      - {{id: b, text_fr: "B", feedback_fr: "F", effects: {{}}, criteria: {{C18.1: 0}}, next: fin}}
"""


def test_scenario_files_fail_clearly(tmp_path):
    path = tmp_path / "mini.yml"
    path.write_text(MINIMAL.format(version=1, next="fin"), encoding="utf-8")
    assert read_scenario(path).nodes["n1"].options[0].criteria == {"C15.1": 1}
    path.write_text(MINIMAL.format(version=2, next="fin"), encoding="utf-8")
    with pytest.raises(SchemaVersionError, match="schema_version"):
        read_scenario(path)
    path.write_text(MINIMAL.format(version=1, next="n9"), encoding="utf-8")
    with pytest.raises(DataFileError, match="unknown next 'n9'"):
        read_scenario(path)
    path.write_text(MINIMAL.format(version=1, next="n1"), encoding="utf-8")
    with pytest.raises(DataFileError, match="loops"):
        read_scenario(path)
    path.write_text(
        MINIMAL.format(version=1, next="fin").replace("C15.1", "C99.1"), encoding="utf-8"
    )
    with pytest.raises(DataFileError, match="criteria"):
        read_scenario(path)
