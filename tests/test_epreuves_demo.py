"""The demo's épreuves: E5 written and E10 role play, two assessors, decided in the session."""

from __future__ import annotations

import json

import pytest


@pytest.mark.slow
def test_demo_runs_a_written_and_a_role_play_epreuve(trainer_cohort, monkeypatch):
    monkeypatch.delenv("KAMTRAIN_HOME")
    from kamtrain.demo.epreuves import ASSESSORS, SESSION, run_epreuves_demo
    from kamtrain.jury.api import open_context

    course = trainer_cohort.course
    out = run_epreuves_demo(course_dir=course, day="2027-03-15", say=lambda *_: None)
    decisions = json.loads(out.read_text(encoding="utf-8"))["decisions"]
    assert set(decisions) == {"alice", "bruno"}
    for learner in decisions.values():
        assert set(learner) == {"C5", "C6", "C12", "C13", "C14"}
    assert decisions["alice"]["C5"]["acquired"] and decisions["alice"]["C6"]["acquired"]
    assert not decisions["bruno"]["C6"]["acquired"]  # he answered only the C5 part

    ctx = open_context(course)
    with ctx.store() as store:
        rows = [a for a in store.current(session=SESSION) if a.submitted]
    for learner in ("alice", "bruno"):
        for crit in ("C5.1", "C6.2", "C12.2", "C14.5"):
            assert {
                a.assessor for a in rows if a.learner == learner and a.criterion == crit
            } == set(ASSESSORS)
    kit = course / "epreuves" / "E10" / "kit"
    assert (kit / "consignes-alice.pdf").exists() and (kit / "ordre-de-passage.pdf").exists()


def test_demo_epreuves_without_the_c5_notebook_still_run_the_role_play(trainer_cohort):
    # KAMTRAIN_HOME holds only the C6 notebook (as in tests/test_demo_run.py): E5 is skipped
    # with a message, E10 is marked and decided.
    from kamtrain.demo.epreuves import run_epreuves_demo

    lines = []
    out = run_epreuves_demo(course_dir=trainer_cohort.course, day="2027-03-15", say=lines.append)
    decisions = json.loads(out.read_text(encoding="utf-8"))["decisions"]
    assert set(decisions["alice"]) == {"C12", "C13", "C14"}
    assert any("E5 skipped" in line and "c5_pilotage" in line for line in lines)
