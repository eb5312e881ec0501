"""Marking a sitting: each member individually, or one group level where the seed says so."""

from __future__ import annotations

import pytest

from kamlearn.errors import EpreuveError


def _levels(crits, value):
    return {c: value for c in crits}


def test_members_of_a_pair_are_marked_individually_and_groups_once(trainer_cohort):
    from kamlearn.referential.epreuves_loader import load_epreuves
    from kamtrain.epreuves.marking import assess_sitting
    from kamtrain.epreuves.sittings import plan_epreuve
    from kamtrain.jury.api import open_context

    course = trainer_cohort.course
    cat = load_epreuves()
    learners = open_context(course).learners
    from kamtrain.jury.sessions import create_session

    create_session(
        course_dir=course, name="S1", session_date="2027-03-15", place="Reims",
        president="Hélène Marchand", members=("Anne A|évaluateur",),
        candidates=[x.id for x in learners],
    )  # fmt: skip
    e10, e3 = cat.get("E10"), cat.get("E3")
    plan_epreuve(
        course_dir=course,
        epreuve=e10.id,
        date="2027-03-15",
        groups=[["alice", "bruno"], ["chloe"]],
        session="S1",
    )
    plan_epreuve(course_dir=course, epreuve=e3.id, date="2027-03-15", session="S1")
    crits = e10.criteria
    own = {"alice": _levels(crits, 3), "bruno": _levels(crits, 1)}
    assert assess_sitting(
        course_dir=course, epreuve="E10", sitting=1, assessor="Anne A", levels=own
    ) == 2 * len(crits)
    with open_context(course).store() as store:
        rows = {(a.learner, a.criterion): a.level for a in store.current()}
    assert rows[("alice", "C13.1")] == 3 and rows[("bruno", "C13.1")] == 1

    refusals = [
        ("E10", 1, {"groupe": _levels(crits, 2)}, "marked individually"),
        ("E10", 1, {"alice": _levels(crits, 2)}, "no levels for bruno"),
        ("E10", 1, {**own, "chloe": _levels(crits, 2)}, "did not sit"),
        (
            "E10",
            1,
            {"alice": {**_levels(crits, 2), "C6.1": 2}, "bruno": _levels(crits, 2)},
            "not criteria of E10",
        ),
        (
            "E10",
            1,
            {"alice": _levels(crits[:-1], 2), "bruno": _levels(crits, 2)},
            "no level for C14.5",
        ),
        ("E3", 1, {"alice": _levels(e3.criteria, 2)}, "marked as a group"),
        ("E10", 9, own, "no sitting 9"),
    ]
    for epreuve, sitting, levels, words in refusals:
        with pytest.raises(EpreuveError, match=words):
            assess_sitting(
                course_dir=course,
                epreuve=epreuve,
                sitting=sitting,
                assessor="Anne A",
                levels=levels,
            )

    # E3 is marked as a group (seed: « Evaluation de groupe »): one level for every member.
    n = assess_sitting(
        course_dir=course,
        epreuve="E3",
        sitting=1,
        assessor="Anne A",
        levels={"groupe": _levels(e3.criteria, 2)},
    )
    assert n == 3 * len(e3.criteria)
    with open_context(course).store() as store:
        c31 = {a.learner: a.level for a in store.current() if a.criterion == "C3.1"}
    assert c31 == {"alice": 2, "bruno": 2, "chloe": 2}


def test_plan_seats_the_candidates_the_session_registered(trainer_cohort, capsys):
    from kamtrain.cli import main
    from kamtrain.epreuves.sittings import load_plan
    from kamtrain.jury.sessions import create_session, mark_absent, register_candidates

    course = trainer_cohort.course
    create_session(
        course_dir=course,
        name="S1",
        session_date="2027-03-15",
        place="Reims",
        president="Anne A",
        members=["Marc B|évaluateur|NEOMA"],
    )
    args = ["epreuve", "plan", str(course), "--epreuve", "E10", "--session", "S1"]
    assert main(args) == 1
    assert "no candidate registered for E10 in session S1" in capsys.readouterr().err
    register_candidates(
        course_dir=course, session="S1", learners=["chloe", "alice", "bruno"], epreuve="E10"
    )
    mark_absent(course_dir=course, session="S1", learner="bruno", epreuve="E10", who="Anne A")
    assert main(args) == 0
    assert [s.members for s in load_plan(course, "E10").sittings] == [("chloe", "alice")]


def test_kit_from_the_session_reads_its_registered_candidates(trainer_cohort, capsys):
    """No `plan` first: the kit seats the session's registered candidates (not the absent),
    on the session's date; a saved plan of that session is used when there is one."""
    from kamtrain.cli import main
    from kamtrain.epreuves.sittings import load_plan
    from kamtrain.jury.sessions import create_session, mark_absent, register_candidates

    course = trainer_cohort.course
    create_session(
        course_dir=course, name="S1", session_date="2027-03-15", place="Reims",
        president="Anne A", members=["Marc B|évaluateur|NEOMA"],
    )  # fmt: skip
    register_candidates(
        course_dir=course, session="S1", learners=["chloe", "alice", "bruno"], epreuve="E10"
    )
    mark_absent(course_dir=course, session="S1", learner="bruno", epreuve="E10", who="Anne A")
    kit = ["epreuve", "kit", str(course), "--epreuve", "E10", "--session", "S1", "--no-pdf"]
    assert main(kit) == 0, capsys.readouterr().err
    order = (course / "epreuves/E10/kit/ordre-de-passage.html").read_text(encoding="utf-8")
    assert "Chloé" in order and "Alice" in order and "Bruno" not in order
    assert "15 mars 2027" in order
    assert load_plan(course, "E10") is None  # a kit records nothing
    # A plan of the session, with the trainer's own pairs, is the one the kit follows.
    plan = ["epreuve", "plan", str(course), "--epreuve", "E10", "--session", "S1"]
    assert main([*plan, "--date", "2027-03-16", "--group", "alice", "--group", "chloe"]) == 0
    assert main(kit) == 0
    order = (course / "epreuves/E10/kit/ordre-de-passage.html").read_text(encoding="utf-8")
    assert "16 mars 2027" in order
    # Another session without registrations for E10 is refused clearly.
    create_session(
        course_dir=course, name="S2", session_date="2027-04-15", place="Reims",
        president="Anne A", members=["Marc B|évaluateur|NEOMA"],
    )  # fmt: skip
    assert main([*kit[:-3], "--session", "S2", "--no-pdf"]) == 1
    assert "no candidate registered for E10 in session S2" in capsys.readouterr().err
