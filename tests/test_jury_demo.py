"""The scripted jury: session S1, then the resit session S2, in a real nbgrader cohort."""

from __future__ import annotations

import subprocess

import sqlalchemy as sa
from jury_support import LEARNERS_CSV

from kamtrain.cohort.create import create_cohort
from kamtrain.demo.jury import run_demo_jury
from kamtrain.jury import outcome
from kamtrain.jury.sessions import session_candidates
from kamtrain.jury.verify import verify


def test_demo_jury_holds_s1_then_a_resit_s2(tmp_path):
    learners = tmp_path / "learners.csv"
    learners.write_text(LEARNERS_CSV, encoding="utf-8")
    created = create_cohort(course_dir=tmp_path / "c", name="demo-jury", learners_csv=learners)
    course = created.course_dir
    jury = run_demo_jury(course_dir=course, seed=3, s1_date="2026-11-30")
    assert jury.verified and verify(course_dir=course).ok
    tables = set(sa.inspect(sa.create_engine(created.config.db_url)).get_table_names())
    assert {"student", "assignment"} <= tables  # nbgrader's
    assert {"kamtrain_assessments", "kamtrain_audit_log", "kamtrain_session_seals"} <= tables
    assert all(d.reconciled for d in outcome.disagreements(course_dir=course, session="S1"))
    assert len(outcome.decide(course_dir=course, session="S1")) == 3
    # S2 decides its two registered candidates only, with what S1 gave them carried over.
    assert {c.learner for c in session_candidates(course_dir=course, session="S2")} == set(
        jury.resit_candidates
    )
    s2 = outcome.decide(course_dir=course, session="S2")
    assert {d.learner for d in s2} == set(jury.resit_candidates)
    assert all(any(b.kept_from == "S1" for b in d.blocks) for d in s2)
    for pv, seal in zip((jury.pv_s1, jury.pv_s2), jury.seals, strict=True):
        assert pv.read_bytes().startswith(b"%PDF-")
        text = subprocess.run(
            ["pdftotext", "-layout", str(pv), "-"], capture_output=True, text=True, check=True
        ).stdout
        flat = " ".join(text.split())
        for expected in (
            "Référence RNCP",
            "Reims, campus NEOMA, salle du jury",
            "Hélène Marchand président",
            "évaluateur",
            "professionnel du métier",
            "30 novembre 2026",
            "Page 1 /",
            seal,
        ):
            assert expected in flat, (pv.name, expected)
    s2_text = " ".join(
        subprocess.run(
            ["pdftotext", "-layout", str(jury.pv_s2), "-"], capture_output=True, text=True
        ).stdout.split()
    )
    assert "Session n° S2 du 30 décembre 2026" in s2_text
    assert "conservé" in s2_text and "session S1 du 30 novembre 2026" in s2_text
