"""End-to-end grading with a PostgreSQL gradebook (skipped, with the reason, if no server)."""

from __future__ import annotations

import pytest
from _grading_helpers import (
    ASSIGNMENT,
    NOTEBOOK,
    auto_max_points,
    build_cohort,
    learner_id,
    run_kamtrain,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture(scope="module")
def pg_run(tmp_path_factory, grading_home, postgres_url):
    root = tmp_path_factory.mktemp("pg-cohort")
    profiles = ["correct", "partial", "invalid_json", "kill_kernel"]
    course_dir = build_cohort(root, grading_home, profiles, db_url=postgres_url, name="essai-pg")
    proc = run_kamtrain(
        ["grade", ".", "--workers", "2", "--no-progress"], home=grading_home, cwd=course_dir
    )
    return {"course_dir": course_dir, "proc": proc, "url": postgres_url, "home": grading_home}


def _scores(url: str, course: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    from kamtrain.nbgrader_adapter.api import gradebook_url

    with Gradebook(gradebook_url(url), course_id=course) as gb:
        return {s.student.id: float(s.score) for s in gb.assignment_submissions(ASSIGNMENT)}


def test_grading_writes_to_postgresql(pg_run):
    assert pg_run["proc"].returncode == 0, pg_run["proc"].stderr[-2000:]
    assert not (pg_run["course_dir"] / "gradebook.db").exists()
    scores = _scores(pg_run["url"], "essai-pg")
    auto_max = auto_max_points(pg_run["course_dir"] / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    assert scores[learner_id("correct")] == auto_max
    assert 0 < scores[learner_id("partial")] < auto_max
    assert scores[learner_id("invalid_json")] == 0
    assert 0 < scores[learner_id("kill_kernel")] < auto_max


def test_postgresql_gradebook_is_backed_up_with_pg_dump_and_restored(pg_run):
    from kamtrain.backups import list_backups, restore_gradebook

    backups = list_backups(pg_run["course_dir"])
    assert backups and backups[-1].suffix == ".sql"
    assert "CREATE TABLE" in backups[-1].read_text(encoding="utf-8")
    # The backup was taken before grading: restoring it removes the submissions.
    before = backups[-1]
    restore_gradebook(course_dir=pg_run["course_dir"], db_url=pg_run["url"], backup=before)
    assert _scores(pg_run["url"], "essai-pg") == {}
    # Re-grading after a restore works and gives the same scores as before.
    proc = run_kamtrain(
        ["grade", ".", "--workers", "2", "--no-progress"],
        home=pg_run["home"],
        cwd=pg_run["course_dir"],
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert _scores(pg_run["url"], "essai-pg")[learner_id("correct")] > 0


def test_feedback_from_postgresql(pg_run):
    proc = run_kamtrain(
        ["feedback", ".", "--learner", learner_id("correct")],
        home=pg_run["home"],
        cwd=pg_run["course_dir"],
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    page = (
        pg_run["course_dir"]
        / "feedback"
        / learner_id("correct")
        / ASSIGNMENT
        / "kamtrain-retour.html"
    )
    assert "Retour de correction" in page.read_text(encoding="utf-8")
