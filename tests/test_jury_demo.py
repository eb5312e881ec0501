"""The scripted two-assessor jury session, in a real cohort beside nbgrader's tables."""

from __future__ import annotations

import sqlalchemy as sa
from jury_support import LEARNERS_CSV

from kamtrain.cohort.create import create_cohort
from kamtrain.demo.jury import run_demo_jury
from kamtrain.jury import outcome


def test_demo_jury_in_an_nbgrader_cohort(tmp_path):
    learners = tmp_path / "learners.csv"
    learners.write_text(LEARNERS_CSV, encoding="utf-8")
    created = create_cohort(course_dir=tmp_path / "c", name="demo-jury", learners_csv=learners)
    pv = run_demo_jury(course_dir=created.course_dir, seed=3)
    assert pv.is_file() and pv.read_bytes().startswith(b"%PDF-")
    tables = set(sa.inspect(sa.create_engine(created.config.db_url)).get_table_names())
    assert {"student", "assignment"} <= tables  # nbgrader's
    assert {"kamtrain_assessments", "kamtrain_audit_log", "kamtrain_reconciliations"} <= tables
    disagreements = outcome.disagreements(course_dir=created.course_dir)
    assert disagreements and all(d.reconciled for d in disagreements)
    assert len(outcome.decide(course_dir=created.course_dir)) == 3
    html = pv.with_suffix(".html").read_text(encoding="utf-8")
    assert "Claire Dubois" in html and "Marc Lefèvre" in html
