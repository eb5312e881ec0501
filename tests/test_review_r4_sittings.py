"""Hostile review (r4): sittings written or removed by hand in the gradebook.

Sittings decide which levels count (:mod:`kamtrain.jury.epreuve_scope`), so an intruder with
the database file could delete a candidate's sitting (their levels would stop counting) or
insert a sitting to make a forged level count. Both are named by ``jury verify`` and both
break the closed session's seal.
"""

from __future__ import annotations

import sqlite3

import pytest
from jury_support import PRESIDENT, fill_both, make_cohort, open_session, store_of

import kamtrain.cli as cli
from kamtrain.jury.seal import close_session


@pytest.fixture
def closed(tmp_path):
    course = make_cohort(tmp_path)
    open_session(course, candidates=("alice", "bruno"))
    fill_both(course, learner="alice", session="S1", default=3)
    fill_both(course, learner="bruno", session="S1", overrides={"C13.1": 0})
    seal = close_session(course_dir=course, session="S1", by=PRESIDENT)
    return course, seal


def _sql(course, statement, *params):
    con = sqlite3.connect(course / "gradebook.db")
    with con:
        con.execute(statement, params)
    con.close()


def _verify(course, capsys):
    code = cli.main(["jury", "verify", str(course)])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_a_deleted_sitting_is_named_and_breaks_the_seal(closed, capsys):
    course, seal = closed
    assert _verify(course, capsys)[0] == 0
    _sql(
        course,
        "DELETE FROM kamtrain_epreuve_sittings WHERE learner = 'bruno' AND epreuve = 'E10'",
    )
    code, out = _verify(course, capsys)
    assert code == 1
    assert "DELETED: kamtrain_epreuve_sittings row" in out, out
    assert "sitting bruno E10 plan 1 sitting 1 by kamtrain, session S1" in out, out
    assert f"SEAL: session S1 no longer matches its seal {seal.digest}" in out


def test_a_forged_sitting_is_named_and_breaks_the_seal(closed, capsys):
    course, seal = closed
    _sql(
        course,
        "INSERT INTO kamtrain_epreuve_sittings (session, epreuve, plan, sitting, learner, "
        "created_at) VALUES ('S1', 'E10', 2, 1, 'bruno', '2026-11-30T08:00:00')",
    )
    code, out = _verify(course, capsys)
    assert code == 1
    assert "INSERTED: kamtrain_epreuve_sittings row" in out and "bruno" in out, out
    assert f"SEAL: session S1 no longer matches its seal {seal.digest}" in out
    with store_of(course) as store:  # what the forgery would do: a new plan counts
        assert store.seated(session="S1")["E10"] == {"bruno": 1}
