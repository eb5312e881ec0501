"""Jury marking: audit trail, enforced roles, blind double marking, reconciliation, bad input."""

from __future__ import annotations

import json
import sqlite3

import pytest
from jury_support import (
    ASSESSOR_A,
    ASSESSOR_B,
    PRESIDENT,
    db_url,
    fill,
    fill_both,
    make_cohort,
    open_session,
    store_of,
)

import kamtrain.cli as cli
from kamlearn.errors import (
    ConcurrentEditError,
    DataFileError,
    InvalidLevelError,
    JuryError,
    MissingGradesError,
    NotAMemberError,
    UnknownIdError,
)
from kamlearn.referential import load_referential
from kamtrain.jury import api, outcome
from kamtrain.jury.store import JuryStore


@pytest.fixture
def course(tmp_path):
    course = make_cohort(tmp_path)
    open_session(course)
    return course


def rows(course):
    with store_of(course) as store:
        return store.all_rows()


def test_audit_trail_survives_regrading(course):
    for level, comment in ((1, "incomplet"), (3, "revu")):
        api.assess(
            course_dir=course, assessor=ASSESSOR_A, learner="alice", criterion="c6.2",
            level=level, comment=comment,
        )  # fmt: skip
    api.submit(course_dir=course, assessor=ASSESSOR_A, learner="alice")
    stored = [r for r in rows(course) if r.criterion == "C6.2"]
    assert [(r.version, r.level, r.submitted) for r in stored] == [
        (1, 1, False),
        (2, 3, False),
        (3, 3, True),
    ]
    log = [
        e
        for e in api.history(course_dir=course, learner="alice", viewer=ASSESSOR_A)
        if e.criterion == "C6.2"
    ]
    assert [e.action for e in log] == ["assess", "assess", "submit"]
    assert log[0].before is None and log[0].after["level"] == 1
    assert log[1].before["level"] == 1 and log[1].after["level"] == 3
    assert all(e.who == ASSESSOR_A and e.at for e in log)
    # A submitted level is frozen: a new assess is refused and nothing is added.
    with pytest.raises(JuryError, match="reconcile"):
        api.assess(
            course_dir=course, assessor=ASSESSOR_A, learner="alice", criterion="C6.2", level=0
        )
    assert len([r for r in rows(course) if r.criterion == "C6.2"]) == 3


def test_a_non_member_cannot_assess_nor_certify(course, tmp_path, capsys):
    """Why: `jury import --assessor "Intrus Z"` then `submit` gave AWARDED."""
    levels = tmp_path / "levels.csv"
    levels.write_text(
        "learner,criterion,level\n"
        + "".join(f"alice,{c.id},3\n" for c in load_referential().criteria),
        encoding="utf-8",
    )
    code = cli.main(["jury", "import", str(course), "--assessor", "Intrus Z", "--csv", str(levels)])
    assert code == 1
    assert "'Intrus Z' is not a member of jury session S1" in capsys.readouterr().err
    with pytest.raises(NotAMemberError):
        api.assess(
            course_dir=course, assessor="Intrus Z", learner="alice", criterion="C1.1", level=3
        )
    with pytest.raises(NotAMemberError):
        api.submit(course_dir=course, assessor="Intrus Z")
    assert rows(course) == ()
    with pytest.raises(MissingGradesError):
        outcome.decide(course_dir=course)


def test_names_are_normalised_to_one_member(course):
    """Why: "anne a" and "Anne A" counted as two different people."""
    api.assess(
        course_dir=course, assessor="claire dubois", learner="bruno", criterion="C1.1", level=2
    )
    api.assess(
        course_dir=course, assessor="  CLAIRE   DUBOIS ", learner="bruno", criterion="C1.1", level=3
    )
    api.assess(
        course_dir=course, assessor="Clàire Dübois", learner="bruno", criterion="C1.2", level=3
    )
    stored = rows(course)
    assert {r.assessor for r in stored} == {ASSESSOR_A}  # the registered spelling
    assert [(r.criterion, r.version) for r in stored] == [("C1.1", 1), ("C1.1", 2), ("C1.2", 1)]


def test_a_single_assessor_cannot_certify_alone(course):
    """Why: one assessor's levels decided the certification."""
    fill(course, assessor=ASSESSOR_A, learner="alice", session="S1", default=3)
    with pytest.raises(MissingGradesError) as info:
        outcome.decide(course_dir=course, learners=("alice",))
    assert all("double correction requise" in m for m in info.value.missing)
    # The same member submitting twice under another spelling is still one member.
    with pytest.raises(JuryError, match="no unsubmitted level"):
        api.submit(course_dir=course, assessor="claire DUBOIS")
    fill(course, assessor=ASSESSOR_B, learner="alice", session="S1", default=3)
    (decision,) = outcome.decide(course_dir=course, learners=("alice",))
    assert decision.awarded


def test_only_registered_present_candidates_are_assessed(tmp_path):
    course = make_cohort(tmp_path)
    open_session(course, candidates=("alice", "bruno"))
    with pytest.raises(JuryError, match="chloe is not a candidate of session S1"):
        api.assess(
            course_dir=course, assessor=ASSESSOR_A, learner="chloe", criterion="C1.1", level=2
        )
    from kamtrain.jury.sessions import mark_absent

    mark_absent(course_dir=course, session="S1", learner="bruno", who=PRESIDENT)
    with pytest.raises(JuryError, match="absent"):
        api.assess(
            course_dir=course, assessor=ASSESSOR_A, learner="bruno", criterion="C1.1", level=2
        )
    assert rows(course) == ()


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"level": 4}, InvalidLevelError),
        ({"level": "2.5"}, InvalidLevelError),
        ({"level": -1}, InvalidLevelError),
        ({"criterion": "C99.1"}, UnknownIdError),
        ({"learner": "zoe"}, UnknownIdError),
        ({"session": "S7"}, UnknownIdError),
    ],
)
def test_bad_input_is_refused_and_nothing_written(course, kwargs, error):
    api.assess(course_dir=course, assessor=ASSESSOR_A, learner="alice", criterion="C1.1", level=2)
    before = rows(course)
    args = dict(course_dir=course, assessor=ASSESSOR_A, learner="alice", criterion="C1.2", level=2)
    args.update(kwargs)
    with pytest.raises(error):
        api.assess(**args)
    assert rows(course) == before


def test_cli_reports_bad_level_clearly(course, capsys):
    args = ["jury", "assess", str(course), "--assessor", ASSESSOR_A, "--learner", "alice"]
    assert cli.main([*args, "--criterion", "C1.1", "--level", "7"]) == 1
    err = capsys.readouterr().err
    assert "outside the scale" in err and "0, 1, 2, 3" in err


def test_import_checks_every_row_first(course, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(
        "learner,criterion,level,comment\nalice,C1.1,2,ok\nbruno,C1.1,3,\n", encoding="utf-8"
    )
    assert api.import_levels(course_dir=course, assessor=ASSESSOR_B, csv_path=good) == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("learner,criterion,level\nalice,C1.2,2\nalice,C1.3,9\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="line 3"):
        api.import_levels(course_dir=course, assessor=ASSESSOR_B, csv_path=bad)
    assert len(rows(course)) == 2


def test_stale_version_and_race_lose_nothing(course, monkeypatch):
    a = api.assess(
        course_dir=course, assessor=ASSESSOR_A, learner="alice", criterion="C2.1", level=1
    )
    api.assess(
        course_dir=course, assessor=ASSESSOR_A, learner="alice", criterion="C2.1", level=2,
        expected_version=a.version,
    )  # fmt: skip
    with pytest.raises(ConcurrentEditError, match="nothing was saved"):
        api.assess(
            course_dir=course, assessor=ASSESSOR_A, learner="alice", criterion="C2.1", level=3,
            expected_version=a.version,
        )  # fmt: skip
    # Two writers that both read version 2 compute version 3: the unique key rejects one.
    monkeypatch.setattr(JuryStore, "_current_row", lambda self, conn, *key: None)
    with pytest.raises(ConcurrentEditError, match="same moment"):
        api.assess(
            course_dir=course, assessor=ASSESSOR_A, learner="alice", criterion="C2.1", level=3
        )
    monkeypatch.undo()
    assert [r.level for r in rows(course)] == [1, 2]


def test_busy_database_gives_a_clear_error(course):
    api.assess(course_dir=course, assessor=ASSESSOR_A, learner="alice", criterion="C2.1", level=1)
    store = JuryStore(db_url(course), busy_timeout=0.05)
    blocker = sqlite3.connect(course / "gradebook.db")
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(ConcurrentEditError, match="busy"):
            store.record(
                learner="alice", criterion="C2.1", assessor=ASSESSOR_B, level=2, comment="",
                session="S1",
            )  # fmt: skip
    finally:
        blocker.rollback()
        blocker.close()
        store.close()
    assert [(r.assessor, r.level) for r in rows(course)] == [(ASSESSOR_A, 1)]


def test_marking_is_blind_everywhere_until_both_submit(course, capsys):
    """Why: `jury history` showed another assessor's unsubmitted levels."""
    for name, level in ((ASSESSOR_A, 2), (ASSESSOR_B, 0)):
        api.assess(
            course_dir=course, assessor=name, learner="bruno", criterion="C4.1", level=level,
            comment=f"avis secret de {name}",
        )  # fmt: skip

    def seen_by(viewer):
        return {a.assessor for a in api.visible_assessments(course_dir=course, viewer=viewer)}

    def history_levels(viewer):
        return {
            (e.who, (e.after or {}).get("level"))
            for e in api.history(course_dir=course, learner="bruno", viewer=viewer)
            if e.criterion == "C4.1"
        }

    assert seen_by(ASSESSOR_A) == {ASSESSOR_A}
    assert history_levels(ASSESSOR_A) == {(ASSESSOR_A, 2), (ASSESSOR_B, None)}
    assert history_levels(None) == {(ASSESSOR_A, None), (ASSESSOR_B, None)}
    assert outcome.disagreements(course_dir=course) == ()
    api.submit(course_dir=course, assessor=ASSESSOR_A)
    assert seen_by(ASSESSOR_A) == {ASSESSOR_A} and seen_by(ASSESSOR_B) == {ASSESSOR_B}
    assert history_levels(ASSESSOR_B) == {(ASSESSOR_B, 0), (ASSESSOR_A, None)}
    # The CLI's history is blind as well: Marc's level and comment never print.
    assert cli.main(["jury", "history", str(course), "--learner", "bruno"]) == 0
    out = capsys.readouterr().out
    assert "avis secret de Marc" not in out and "hidden until submitted" in out
    assert outcome.disagreements(course_dir=course) == ()
    api.submit(course_dir=course, assessor=ASSESSOR_B)
    assert seen_by(ASSESSOR_A) == seen_by(ASSESSOR_B) == {ASSESSOR_A, ASSESSOR_B}
    assert history_levels(ASSESSOR_A) == {(ASSESSOR_A, 2), (ASSESSOR_B, 0)}
    (d,) = outcome.disagreements(course_dir=course)
    assert d.levels == ((ASSESSOR_A, 2), (ASSESSOR_B, 0)) and not d.reconciled


def test_reconcile_only_a_real_disagreement_by_the_president_with_a_reason(course):
    """Why: reconcile set 0 where both gave 3, from anyone, with the reason "."."""
    fill_both(course, learner="alice", session="S1", default=3)
    with pytest.raises(JuryError, match="Nothing to reconcile"):
        api.reconcile(
            course_dir=course, learner="alice", criterion="C6.2", level=0,
            reason="le jury change d'avis sans raison", by=PRESIDENT,
        )  # fmt: skip
    fill(course, assessor=ASSESSOR_A, learner="bruno", session="S1", overrides={"C4.1": 3})
    fill(course, assessor=ASSESSOR_B, learner="bruno", session="S1", overrides={"C4.1": 1})
    for by in (ASSESSOR_A, "Sophie Garnier", "Intrus Z"):
        with pytest.raises(NotAMemberError):
            api.reconcile(
                course_dir=course, learner="bruno", criterion="C4.1", level=2,
                reason="preuves partielles mais réelles", by=by,
            )  # fmt: skip
    for reason in (".", "ok", "vu ensemble"):
        with pytest.raises(JuryError, match="reason in a few words"):
            api.reconcile(
                course_dir=course, learner="bruno", criterion="C4.1", level=2, reason=reason,
                by=PRESIDENT,
            )  # fmt: skip
    with store_of(course) as store:
        assert store.reconciliations() == ()
    api.reconcile(
        course_dir=course, learner="bruno", criterion="C4.1", level=2,
        reason="Preuves partielles mais réelles, niveau intermédiaire retenu", by="helene MARCHAND",
    )  # fmt: skip
    (d,) = outcome.disagreements(course_dir=course)
    assert d.reconciled_level == 2 and d.by == PRESIDENT
    decisions = {x.learner: x for x in outcome.decide(course_dir=course, learners=("alice",))}
    assert decisions["alice"].awarded  # the agreed 3s stand


def test_a_designee_may_reconcile(tmp_path):
    course = make_cohort(tmp_path)
    open_session(course, designees=("claire dubois",))
    fill(course, assessor=ASSESSOR_A, learner="bruno", session="S1", overrides={"C4.1": 3})
    fill(course, assessor=ASSESSOR_B, learner="bruno", session="S1", overrides={"C4.1": 1})
    r = api.reconcile(
        course_dir=course, learner="bruno", criterion="C4.1", level=2,
        reason="désigné par la présidente, preuves partielles", by=ASSESSOR_A,
    )  # fmt: skip
    assert r.by == ASSESSOR_A
    with pytest.raises(NotAMemberError, match="only the president"):
        api.reconcile(
            course_dir=course, learner="bruno", criterion="C4.1", level=1,
            reason="je ne suis pas désigné pour cela", by=ASSESSOR_B,
        )  # fmt: skip


def test_agreement_per_pair_and_competency(course):
    fill(course, assessor=ASSESSOR_A, learner="alice", session="S1", overrides={"C1.1": 3})
    fill(course, assessor=ASSESSOR_B, learner="alice", session="S1")
    fill_both(course, learner="bruno", session="S1", default=3)
    result = outcome.agreement(course_dir=course)
    overall = next(r for r in result if r.scope == "all")
    assert (overall.assessor_a, overall.assessor_b) == (ASSESSOR_A, ASSESSOR_B)
    n = 2 * len(load_referential().criteria)
    assert overall.result.n == n and overall.result.observed == pytest.approx((n - 1) / n)
    c1 = next(r for r in result if r.scope == "C1")
    assert c1.result.kappa < 1
    assert next(r for r in result if r.scope == "C2").result.kappa == pytest.approx(1)


def test_decide_needs_every_grade(course, capsys):
    fill_both(course, learner="alice", session="S1", blocks=(1,))
    with pytest.raises(MissingGradesError) as info:
        outcome.decide(course_dir=course, learners=("alice",))
    assert any(m.startswith("alice:C") and "aucun niveau du jury" in m for m in info.value.missing)
    assert cli.main(["jury", "decide", str(course), "--format", "json"]) == 1
    assert "Cannot decide" in capsys.readouterr().err


def test_history_cli_prints_the_log_as_json(course, capsys):
    fill_both(course, learner="bruno", session="S1", blocks=(1,))
    assert cli.main(["jury", "history", str(course), "--learner", "bruno", "--format", "json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert {e["action"] for e in entries} >= {"register", "assess", "submit"}
