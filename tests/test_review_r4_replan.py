"""Hostile review (r4): re-planning an épreuve must not erase a level silently.

The latest plan of an épreuve decides whose levels count (:func:`epreuve_scope.counted`).
A dishonest jury member who dislikes a candidate's E10 levels marks the candidate absent
from E10 after the sitting and plans E10 again: the new plan leaves the candidate out, and
their submitted levels would stop counting without any record naming them. The re-plan is
refused, naming the candidate and the levels, and nothing is written.
"""

from __future__ import annotations

import pytest
from jury_support import ASSESSOR_A, ASSESSOR_B, PRESIDENT, make_cohort, open_session, store_of

import kamtrain.cli as cli
from kamlearn.errors import JuryError

DAY = "2026-11-30"


def _plan(course, groups=None):
    from kamtrain.epreuves.sittings import plan_epreuve

    return plan_epreuve(course_dir=course, epreuve="E10", date=DAY, session="S1", groups=groups)


def _e10(level):
    from kamlearn.referential.epreuves_loader import load_epreuves

    return {c: level for c in load_epreuves().get("E10").criteria}


@pytest.fixture
def marked(tmp_path):
    """S1: E10 planned (alice and bruno together, chloe alone), sitting 1 marked by both
    assessors (alice at 0 everywhere) and submitted."""
    from kamtrain.epreuves.marking import assess_sitting

    course = make_cohort(tmp_path)
    open_session(course, seat=False)
    _plan(course, groups=[["alice", "bruno"], ["chloe"]])
    for who in (ASSESSOR_A, ASSESSOR_B):
        assess_sitting(
            course_dir=course, epreuve="E10", sitting=1, assessor=who,
            levels={"alice": _e10(0), "bruno": _e10(2)},
        )  # fmt: skip
        with store_of(course) as store:
            for learner in ("alice", "bruno"):
                store.submit(assessor=who, session="S1", learner=learner)
    return course


def _state(course):
    with store_of(course) as store:
        return len(store.audit_lines()), store.seated(session="S1")


def test_a_replan_that_drops_a_marked_candidate_is_refused(marked):
    from kamtrain.jury.sessions import mark_absent, register_candidates
    from kamtrain.jury.verify import verify

    register_candidates(course_dir=marked, session="S1", learners=("alice",), epreuve="E10")
    mark_absent(course_dir=marked, session="S1", learner="alice", epreuve="E10", who=PRESIDENT)
    before = _state(marked)
    assert before[1]["E10"] == {"alice": 1, "bruno": 1, "chloe": 2}
    saved = (marked / "epreuves" / "E10" / "sittings.json").read_bytes()
    args = ["epreuve", "plan", str(marked), "--epreuve", "E10", "--session", "S1"]
    assert cli.main([*args, "--date", DAY, "--group", "bruno,chloe"]) == 1
    with pytest.raises(JuryError, match="leaves out alice") as err:
        _plan(marked, groups=[["bruno", "chloe"]])
    text = str(err.value)
    assert "C12.1" in text and "Nothing was recorded" in text, text
    assert _state(marked) == before  # no new plan row, alice still seated
    assert (marked / "epreuves" / "E10" / "sittings.json").read_bytes() == saved
    assert verify(course_dir=marked).ok


def test_a_replan_that_keeps_every_marked_candidate_is_accepted(marked):
    """Changing the groups is still allowed: nobody with levels leaves the épreuve, and the
    levels keep counting (first seating is what matters)."""
    from kamtrain.jury.epreuve_scope import counted

    _plan(marked, groups=[["alice", "chloe"], ["bruno"]])
    _, seated = _state(marked)
    assert seated["E10"] == {"alice": 1, "chloe": 1, "bruno": 2}
    with store_of(marked) as store:
        counts = counted(store, session="S1")
        mine = [a for a in store.all_rows(session="S1") if a.learner == "alice" and a.submitted]
    assert len(mine) == 2 * len(_e10(0)) and all(counts(a) for a in mine)
