"""Hostile review (r4): re-planning an épreuve must not erase a level silently.

The latest plan of an épreuve decides whose levels count (:func:`epreuve_scope.counted`).
A dishonest jury member who dislikes a candidate's E10 levels marked the candidate absent
from E10 after the sitting and planned E10 again: the new plan left the candidate out, and
their submitted levels stopped counting without any record naming them. Marking an
assessed candidate absent (from the épreuve or the whole session, which also keeps them out
of every decision) is now refused, and so is a re-plan that leaves out a candidate with
levels, naming them; nothing is written.
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
    """alice cannot be marked absent once assessed (below); an intruder sets her absent
    from E10 in the gradebook instead, then plans E10 again without her."""
    import sqlite3

    from kamtrain.jury.sessions import register_candidates
    from kamtrain.jury.verify import verify

    register_candidates(course_dir=marked, session="S1", learners=("alice",), epreuve="E10")
    con = sqlite3.connect(marked / "gradebook.db")
    with con:
        con.execute(
            "UPDATE kamtrain_session_candidates SET status = 'absent' "
            "WHERE learner = 'alice' AND epreuve = 'E10'"
        )
    con.close()
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
    problems = verify(course_dir=marked).problems  # and the status change itself is named
    assert [p.kind for p in problems] == ["altered"], problems
    assert "kamtrain_session_candidates" in problems[0].message


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


def test_a_marked_candidate_cannot_be_marked_absent(marked, capsys):
    """The other way to make alice's levels vanish: mark her absent from the whole session
    (a session decides its present candidates only), or from E10 before a re-plan."""
    from kamtrain.jury.sessions import mark_absent, register_candidates

    register_candidates(course_dir=marked, session="S1", learners=("alice",), epreuve="E10")
    before = _state(marked)
    for epreuve in (None, "E10"):
        with pytest.raises(JuryError, match="alice already has levels in session S1") as err:
            mark_absent(
                course_dir=marked, session="S1", learner="alice", epreuve=epreuve, who=PRESIDENT
            )
        assert "C12.1" in str(err.value) and "Nothing was recorded" in str(err.value)
    args = ["jury", "session", "absent", str(marked), "--session", "S1", "--learner", "alice"]
    assert cli.main(args) == 1
    assert _state(marked) == before
    # chloe, seated but not yet marked, can still be marked absent.
    register_candidates(course_dir=marked, session="S1", learners=("chloe",), epreuve="E10")
    mark_absent(course_dir=marked, session="S1", learner="chloe", epreuve="E10", who=PRESIDENT)
