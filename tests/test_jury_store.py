"""Jury tables: audit trail, double marking, bad input, concurrency, resits, anonymity."""

from __future__ import annotations

import json
import sqlite3

import pytest
from jury_support import db_url, fill, make_cohort

import kamtrain.cli as cli
from kamlearn.errors import (
    ConcurrentEditError,
    DataFileError,
    InvalidLevelError,
    JuryError,
    MissingGradesError,
    UnknownIdError,
)
from kamlearn.referential import load_referential
from kamtrain.jury import api, outcome
from kamtrain.jury.anonymity import candidate_code, candidate_codes
from kamtrain.jury.store import JuryStore


@pytest.fixture
def course(tmp_path):
    return make_cohort(tmp_path)


def rows(course):
    with JuryStore(db_url(course)) as store:
        return store.all_rows()


def test_audit_trail_survives_regrading(course):
    api.assess(
        course_dir=course,
        assessor="Claire",
        learner="alice",
        criterion="c6.2",
        level=1,
        comment="incomplet",
    )
    api.assess(
        course_dir=course,
        assessor="Claire",
        learner="alice",
        criterion="C6.2",
        level=3,
        comment="revu",
    )
    api.submit(course_dir=course, assessor="Claire", learner="alice")
    stored = [r for r in rows(course) if r.criterion == "C6.2"]
    assert [(r.version, r.level, r.submitted) for r in stored] == [
        (1, 1, False),
        (2, 3, False),
        (3, 3, True),
    ]
    log = [e for e in api.history(course_dir=course, learner="alice") if e.criterion == "C6.2"]
    assert [e.action for e in log] == ["assess", "assess", "submit"]
    assert log[0].before is None and log[0].after["level"] == 1
    assert log[1].before["level"] == 1 and log[1].after["level"] == 3
    assert all(e.who == "Claire" and e.at for e in log)
    # A submitted level is frozen: a new assess is refused and nothing is added.
    with pytest.raises(JuryError, match="reconcile"):
        api.assess(course_dir=course, assessor="Claire", learner="alice", criterion="C6.2", level=0)
    assert len([r for r in rows(course) if r.criterion == "C6.2"]) == 3


def test_history_cli_prints_the_log(course, capsys):
    api.assess(course_dir=course, assessor="Claire", learner="bruno", criterion="C1.1", level=2)
    api.assess(course_dir=course, assessor="Claire", learner="bruno", criterion="C1.1", level=3)
    assert cli.main(["jury", "history", str(course), "--learner", "bruno"]) == 0
    out = capsys.readouterr().out
    assert "C1.1\t -> 2" in out and "C1.1\t2 -> 3" in out


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
    api.assess(course_dir=course, assessor="Claire", learner="alice", criterion="C1.1", level=2)
    before = rows(course)
    args = dict(course_dir=course, assessor="Claire", learner="alice", criterion="C1.2", level=2)
    args.update(kwargs)
    with pytest.raises(error):
        api.assess(**args)
    assert rows(course) == before


def test_cli_reports_bad_level_clearly(course, capsys):
    code = cli.main(
        [
            "jury",
            "assess",
            str(course),
            "--assessor",
            "Claire",
            "--learner",
            "alice",
            "--criterion",
            "C1.1",
            "--level",
            "7",
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "outside the scale" in err and "0, 1, 2, 3" in err


def test_import_checks_every_row_first(course, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(
        "learner,criterion,level,comment\nalice,C1.1,2,ok\nbruno,C1.1,3,\n", encoding="utf-8"
    )
    assert api.import_levels(course_dir=course, assessor="Marc", csv_path=good) == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("learner,criterion,level\nalice,C1.2,2\nalice,C1.3,9\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="line 3"):
        api.import_levels(course_dir=course, assessor="Marc", csv_path=bad)
    assert len(rows(course)) == 2


def test_stale_version_and_race_lose_nothing(course, monkeypatch):
    a = api.assess(course_dir=course, assessor="Claire", learner="alice", criterion="C2.1", level=1)
    api.assess(
        course_dir=course,
        assessor="Claire",
        learner="alice",
        criterion="C2.1",
        level=2,
        expected_version=a.version,
    )
    with pytest.raises(ConcurrentEditError, match="nothing was saved"):
        api.assess(
            course_dir=course,
            assessor="Claire",
            learner="alice",
            criterion="C2.1",
            level=3,
            expected_version=a.version,
        )
    # Two writers that both read version 2 compute version 3: the unique key rejects one.
    monkeypatch.setattr(JuryStore, "_current_row", lambda self, conn, *key: None)
    with pytest.raises(ConcurrentEditError, match="same moment"):
        api.assess(course_dir=course, assessor="Claire", learner="alice", criterion="C2.1", level=3)
    monkeypatch.undo()
    assert [r.level for r in rows(course)] == [1, 2]


def test_busy_database_gives_a_clear_error(course):
    api.assess(course_dir=course, assessor="Claire", learner="alice", criterion="C2.1", level=1)
    store = JuryStore(db_url(course), busy_timeout=0.05)
    blocker = sqlite3.connect(course / "gradebook.db")
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(ConcurrentEditError, match="busy"):
            store.record(
                learner="alice",
                criterion="C2.1",
                assessor="Marc",
                level=2,
                comment="",
                session="S1",
            )
    finally:
        blocker.rollback()
        blocker.close()
        store.close()
    assert [(r.assessor, r.level) for r in rows(course)] == [("Claire", 1)]


def test_double_marking_is_blind_until_both_submit(course):
    for name, level in (("Claire", 2), ("Marc", 0)):
        api.assess(course_dir=course, assessor=name, learner="bruno", criterion="C4.1", level=level)

    def seen_by(viewer):
        return {a.assessor for a in api.visible_assessments(course_dir=course, viewer=viewer)}

    assert seen_by("Claire") == {"Claire"}
    assert outcome.disagreements(course_dir=course) == ()
    api.submit(course_dir=course, assessor="Claire")
    assert seen_by("Claire") == {"Claire"} and seen_by("Marc") == {"Marc"}
    with pytest.raises(JuryError, match="waiting for Marc"):
        api.reconcile(
            course_dir=course, learner="bruno", criterion="C4.1", level=1, reason="x", by="Claire"
        )
    api.submit(course_dir=course, assessor="Marc")
    assert seen_by("Claire") == seen_by("Marc") == {"Claire", "Marc"}
    (d,) = outcome.disagreements(course_dir=course)
    assert d.levels == (("Claire", 2), ("Marc", 0)) and not d.reconciled
    with pytest.raises(JuryError, match="reason"):
        api.reconcile(
            course_dir=course, learner="bruno", criterion="C4.1", level=1, reason=" ", by="Claire"
        )
    api.reconcile(
        course_dir=course,
        learner="bruno",
        criterion="C4.1",
        level=1,
        reason="Preuve partielle",
        by="Claire",
    )
    (d,) = outcome.disagreements(course_dir=course)
    assert d.reconciled_level == 1 and d.reason == "Preuve partielle"
    assert any(e.action == "reconcile" for e in api.history(course_dir=course, learner="bruno"))


def test_agreement_per_pair_and_competency(course):
    fill(course, assessor="Claire", learner="alice", session="S1", default=2, overrides={"C1.1": 3})
    fill(course, assessor="Marc", learner="alice", session="S1", default=2)
    fill(course, assessor="Claire", learner="bruno", session="S1", default=3)
    fill(course, assessor="Marc", learner="bruno", session="S1", default=3)
    result = outcome.agreement(course_dir=course)
    overall = next(r for r in result if r.scope == "all")
    assert (overall.assessor_a, overall.assessor_b) == ("Claire", "Marc")
    n = 2 * len(load_referential().criteria)
    assert overall.result.n == n and overall.result.observed == pytest.approx((n - 1) / n)
    c1 = next(r for r in result if r.scope == "C1")
    assert c1.result.n == 2 * len(load_referential().competency("C1").criteria)
    assert c1.result.kappa < 1
    assert next(r for r in result if r.scope == "C2").result.kappa == pytest.approx(1)


def test_decide_needs_every_grade(course, capsys):
    fill(course, assessor="Claire", learner="alice", session="S1", overrides={}, blocks=(1,))
    with pytest.raises(MissingGradesError) as info:
        outcome.decide(course_dir=course)
    assert any(m.startswith("alice:C") and "aucun niveau du jury" in m for m in info.value.missing)
    api.assess(course_dir=course, assessor="Marc", learner="alice", criterion="C1.1", level=0)
    with pytest.raises(MissingGradesError) as info:
        outcome.decide(course_dir=course)
    assert any(m == "alice:C1.1 (en attente de soumission (Marc))" for m in info.value.missing)
    assert cli.main(["jury", "decide", str(course), "--format", "json"]) == 1
    assert "Cannot decide" in capsys.readouterr().err


def test_resit_keeps_blocks_across_sessions(course, capsys):
    api.create_session(
        course_dir=course, name="S1", session_date="2025-06-30", members=("Claire", "Marc")
    )
    fill(course, assessor="Claire", learner="chloe", session="S1", overrides={"C6.2": 0})
    (first,) = outcome.decide(course_dir=course, session="S1")
    assert not first.awarded and len(first.validated_blocks) == 3
    api.create_session(course_dir=course, name="S2", session_date="2026-01-15", resit=True)
    failed = next(b.block for b in first.blocks if not b.validated)
    fill(course, assessor="Claire", learner="chloe", session="S2", blocks=(failed,))
    assert cli.main(["jury", "decide", str(course), "--format", "json"]) == 0
    (decision,) = json.loads(capsys.readouterr().out)
    assert decision["session"] == "S2" and decision["awarded"] is True
    kept = [b for b in decision["blocks"] if b["kept_from"] == "S1"]
    assert len(kept) == 3 and all("conservé" in b["reasons"][0] for b in kept)


def test_anonymous_codes_are_stable_and_hide_names(course, capsys):
    codes = candidate_codes("promo-test", ["alice", "bruno", "chloe"])
    assert codes["alice"] == candidate_code("promo-test", "alice")
    assert len(set(codes.values())) == 3 and all(c.startswith("CAND-") for c in codes.values())
    assert candidate_code("autre-promo", "alice") != codes["alice"]
    fill(course, assessor="Claire", learner="alice", session="S1")
    assert cli.main(["jury", "decide", str(course), "--format", "json", "--anonymous"]) == 0
    out = capsys.readouterr().out
    assert codes["alice"] in out and "alice" not in out


def test_vae_candidate_is_recorded(course):
    api.register_vae(course_dir=course, learner="bruno", evidence="livret_bruno.pdf", by="Claire")
    with JuryStore(db_url(course)) as store:
        assert store.vae() == {"bruno": "livret_bruno.pdf"}
    with pytest.raises(JuryError):
        api.register_vae(course_dir=course, learner="bruno", evidence="  ")
