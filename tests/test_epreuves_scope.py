"""A competency's decision uses its own épreuve, sat in the referential's modality.

Attacks: a C13 level typed for a candidate who sat no E10 sitting, given « in » a sitting of
E7, for the wrong sitting, by CSV import, through another épreuve's sitting, for a candidate
absent from E10, by someone who is not a jury member: each is refused before anything is
written (the audit chain does not move and still verifies). A level forged into the record
below the API does not reach a decision.
"""

from __future__ import annotations

import pytest
from jury_support import (
    ASSESSOR_A,
    PRESIDENT,
    fill_both,
    make_cohort,
    open_session,
    store_of,
)

import kamtrain.cli as cli
from kamlearn.errors import (
    DataFileError,
    EpreuveError,
    MissingGradesError,
    NotAMemberError,
    OutsideEpreuveError,
)
from kamtrain.jury import api, outcome

DAY = "2026-11-30"


def _plan(course, epreuve, groups=None):
    from kamtrain.epreuves.sittings import plan_epreuve

    return plan_epreuve(course_dir=course, epreuve=epreuve, date=DAY, session="S1", groups=groups)


def _e10(level):
    from kamlearn.referential.epreuves_loader import load_epreuves

    return {c: level for c in load_epreuves().get("E10").criteria}


@pytest.fixture
def course(tmp_path):
    """S1 with alice, bruno, chloe registered; only E7 (C8, the pitch) planned yet."""
    course = make_cohort(tmp_path)
    open_session(course, seat=False)
    _plan(course, "E7")
    return course


def _chain(course):
    with store_of(course) as store:
        return len(store.audit_lines()), len(store.all_rows())


def test_levels_outside_their_epreuve_are_refused_and_nothing_is_written(course, tmp_path):
    from kamtrain.epreuves.marking import assess_sitting
    from kamtrain.jury.sessions import mark_absent, register_candidates
    from kamtrain.jury.verify import verify

    # In the épreuve: a C8 level for a candidate of an E7 sitting is accepted.
    api.assess(course_dir=course, assessor=ASSESSOR_A, learner="alice", criterion="C8.1", level=2)
    before = _chain(course)

    def c13(**kwargs):
        return api.assess(
            course_dir=course, assessor=ASSESSOR_A, learner="alice", criterion="C13.1", level=3,
            **kwargs,
        )  # fmt: skip

    # Typed without any sitting of E10 (the role play in pairs that assesses C13).
    with pytest.raises(OutsideEpreuveError, match="alice sat no sitting of épreuve E10"):
        c13()
    # Given « in » the pitch's épreuve.
    with pytest.raises(OutsideEpreuveError, match="C13.1 is assessed in épreuve E10, not E7"):
        c13(epreuve="E7", sitting=1)
    # The CLI says so and exits 1.
    args = ["jury", "assess", str(course), "--assessor", ASSESSOR_A, "--learner", "alice"]
    assert cli.main([*args, "--criterion", "C13.1", "--level", "3"]) == 1
    # Through a sitting of another épreuve: C13 levels are not criteria of E7.
    with pytest.raises(EpreuveError, match="not criteria of E7"):
        assess_sitting(
            course_dir=course, epreuve="E7", sitting=1, assessor=ASSESSOR_A,
            levels={"alice": {"C8.1": 2, "C13.1": 3}},
        )  # fmt: skip
    assert _chain(course) == before

    # Once E10 is planned: alice and bruno sit together, chloe alone (trainer completes).
    _plan(course, "E10", groups=[["alice", "bruno"], ["chloe"]])
    before = _chain(course)
    with pytest.raises(OutsideEpreuveError, match="alice sits E10 in sitting 1, not 2"):
        c13(epreuve="E10", sitting=2)
    # A CSV import with one good row and one row outside its épreuve records nothing.
    from kamtrain.epreuves.sittings import plan_epreuve

    rows = tmp_path / "levels.csv"
    rows.write_text("learner,criterion,level\nalice,C13.1,2\nbruno,C4.1,3\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="line 3: bruno sat no sitting of épreuve E4"):
        api.import_levels(course_dir=course, assessor=ASSESSOR_A, csv_path=rows)
    # In her own sitting, named on the command line, the level is accepted.
    named = ["--criterion", "C13.1", "--level", "2", "--epreuve", "e10", "--sitting", "1"]
    assert cli.main([*args, *named]) == 0
    # Absent from E10: no level, even though seated before.
    register_candidates(course_dir=course, session="S1", learners=("chloe",), epreuve="E10")
    mark_absent(course_dir=course, session="S1", learner="chloe", epreuve="E10", who=PRESIDENT)
    before = _chain(course)
    with pytest.raises(OutsideEpreuveError, match="chloe is marked absent from épreuve E10"):
        api.assess(
            course_dir=course, assessor=ASSESSOR_A, learner="chloe", criterion="C13.1", level=2
        )
    # Someone who is not a jury member cannot mark a sitting, and nothing is written.
    with pytest.raises(NotAMemberError, match="not a member of jury session S1"):
        assess_sitting(
            course_dir=course, epreuve="E10", sitting=1, assessor="Intrus",
            levels={"alice": _e10(3), "bruno": _e10(3)},
        )  # fmt: skip
    assert _chain(course) == before
    assert verify(course_dir=course).ok
    assert plan_epreuve  # the plan API is the way in

    # The sitting's own marking is accepted, member by member.
    n = assess_sitting(
        course_dir=course, epreuve="E10", sitting=1, assessor=ASSESSOR_A,
        levels={"alice": _e10(3), "bruno": _e10(1)},
    )  # fmt: skip
    assert n == 2 * len(_e10(0))
    assert verify(course_dir=course).ok


def test_a_level_forged_below_the_api_reaches_no_decision(course):
    """alice sits every épreuve but E10; levels for C12–C14 written straight into the store
    (both assessors, submitted, in agreement) do not count: no decision can be reached, even
    once she is seated in E10 later."""
    from kamlearn.referential.epreuves_loader import load_epreuves
    from kamtrain.epreuves.sittings import default_groups

    with store_of(course) as store:
        for ep in load_epreuves().epreuves:
            if ep.id not in ("E7", "E10"):
                store.seat(
                    session="S1", epreuve=ep.id, groups=default_groups(ep, ["alice"]), who="t"
                )
    fill_both(course, learner="alice", session="S1", default=3)  # every criterion, E10 too
    with pytest.raises(MissingGradesError) as err:
        outcome.decide(course_dir=course, session="S1", learners=("alice",))
    text = str(err.value)
    assert "alice:C13.1 (niveau hors épreuve" in text and "l'épreuve E10" in text
    assert "C8.1" not in text and "C6.1" not in text  # the épreuves she sat count
    # Not even the autograde fallback fills them.
    with pytest.raises(MissingGradesError, match="alice:C12.1"):
        outcome.decide(course_dir=course, session="S1", learners=("alice",), allow_autograde=True)
    # Seating her in E10 afterwards does not launder them: they predate her sitting.
    _plan(course, "E10", groups=[["alice", "bruno"], ["chloe"]])
    with pytest.raises(MissingGradesError, match="alice:C13.1 \\(niveau hors épreuve"):
        outcome.decide(course_dir=course, session="S1", learners=("alice",))


def test_a_sitting_moved_in_the_database_is_named_by_verify_and_breaks_the_seal(course):
    """Sittings decide which levels count, so they are chained and sealed like levels: moving
    a candidate into another sitting by hand is reported, and the session's seal digest
    (what closing signs) changes with it."""
    import sqlalchemy as sa

    from kamtrain.jury.seal import session_digest
    from kamtrain.jury.tables import sittings
    from kamtrain.jury.verify import verify

    _plan(course, "E10", groups=[["alice", "bruno"], ["chloe"]])
    assert verify(course_dir=course).ok
    with store_of(course) as store, store.engine.begin() as conn:
        sealed = session_digest(conn, "S1")
        conn.execute(
            sa.update(sittings)
            .where(sittings.c.learner == "chloe", sittings.c.epreuve == "E10")
            .values(sitting=1)
        )
        assert session_digest(conn, "S1") != sealed
    report = verify(course_dir=course)
    assert not report.ok
    assert any(
        "kamtrain_epreuve_sittings" in p.message and "chloe, E10 sitting 1" in p.message
        for p in report.problems
    ), report.problems
