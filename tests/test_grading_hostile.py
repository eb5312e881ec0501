"""Hostile and broken submissions: graded once (session fixture ``hostile_run``)."""

from __future__ import annotations

import sqlite3

import pytest
from _grading_helpers import ASSIGNMENT, NOTEBOOK, auto_max_points, learner_id, run_kamtrain

pytestmark = pytest.mark.slow

#: profile -> the problem kind its report entry must carry.
EXPECTED_KIND = {
    "infinite_loop": "timeout",
    "kill_kernel": "kernel_died",
    "huge_output": "output_truncated",
    "delete_cells": "cells_restored",
    "reorder_cells": "cells_reordered",
    "tamper_tests": "tampered_cells",
    "invalid_json": "invalid_notebook",
    "not_a_notebook": "not_a_notebook",
    "missing_notebook": "missing_notebook",
    "write_outside": "outside_write",
    "write_gradebook": "outside_write",
}


def _results(run) -> dict[str, dict]:
    return {r["learner"]: r for r in run["report"]["results"]}


def _result(run, profile: str) -> dict:
    return _results(run)[learner_id(profile)]


def _kinds(run, profile: str) -> set[str]:
    return {p["kind"] for p in _result(run, profile)["problems"]}


def _auto_max(run) -> float:
    return auto_max_points(run["course_dir"] / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")


def _auto_score(run, profile: str) -> float:
    from nbgrader.api import Gradebook

    from kamtrain.cohort.config import read_config

    config = read_config(run["course_dir"])
    with Gradebook(config.db_url, course_id=config.name) as gb:
        nb = gb.find_submission_notebook(NOTEBOOK, ASSIGNMENT, learner_id(profile))
        return float(sum(g.score for g in nb.grades if g.cell.cell_type == "code"))


def test_the_run_finishes_and_reports_every_learner(hostile_run):
    proc = hostile_run["proc"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert hostile_run["report"] is not None
    assert set(_results(hostile_run)) == {learner_id(p) for p in hostile_run["profiles"]}
    # The summary says what was graded, what failed and why, and how long it took.
    assert f"Graded {len(hostile_run['profiles'])} submission(s) in" in proc.stdout
    for profile in EXPECTED_KIND:
        assert learner_id(profile) in proc.stdout


@pytest.mark.parametrize("profile", sorted(EXPECTED_KIND))
def test_each_hostile_submission_has_a_clear_entry_and_a_score(hostile_run, profile):
    result = _result(hostile_run, profile)
    assert EXPECTED_KIND[profile] in _kinds(hostile_run, profile), result["problems"]
    assert result["status"] == "graded_with_problems"
    assert result["score"] is not None
    for problem in result["problems"]:
        assert problem["message"].strip()
        assert problem["residual_risk"].strip(), problem


def test_normal_learners_are_graded_normally(hostile_run):
    auto_max = _auto_max(hostile_run)
    assert _result(hostile_run, "correct")["status"] == "graded"
    assert _result(hostile_run, "correct")["problems"] == []
    assert _auto_score(hostile_run, "correct") == auto_max
    assert 0 < _auto_score(hostile_run, "partial") < auto_max
    assert _auto_score(hostile_run, "empty") == 0


def test_infinite_loop_is_cut_and_the_rest_is_graded(hostile_run):
    score = _auto_score(hostile_run, "infinite_loop")
    assert 0 < score < _auto_max(hostile_run)


def test_kernel_death_keeps_the_points_earned_before(hostile_run):
    assert 0 < _auto_score(hostile_run, "kill_kernel") < _auto_max(hostile_run)


def test_huge_output_is_bounded(hostile_run):
    autograded = hostile_run["course_dir"] / "autograded" / learner_id("huge_output") / ASSIGNMENT
    assert (autograded / f"{NOTEBOOK}.ipynb").stat().st_size < 2_000_000
    assert _auto_score(hostile_run, "huge_output") == _auto_max(hostile_run)


def test_deleted_cells_are_restored(hostile_run):
    import nbformat

    path = (
        hostile_run["course_dir"]
        / "autograded"
        / learner_id("delete_cells")
        / ASSIGNMENT
        / f"{NOTEBOOK}.ipynb"
    )
    ids = {
        c.metadata.get("nbgrader", {}).get("grade_id")
        for c in nbformat.read(path, as_version=4).cells
    }
    source = nbformat.read(
        hostile_run["course_dir"] / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4
    )
    for cell in source.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            assert cell.metadata["nbgrader"]["grade_id"] in ids


def test_tampered_tests_earn_nothing_extra(hostile_run):
    from nbgrader.api import Gradebook

    from kamtrain.cohort.config import read_config

    assert _auto_score(hostile_run, "tamper_tests") <= _auto_max(hostile_run)
    config = read_config(hostile_run["course_dir"])
    with Gradebook(config.db_url, course_id=config.name) as gb:
        tampered = gb.find_submission(ASSIGNMENT, learner_id("tamper_tests"))
        honest = gb.find_submission(ASSIGNMENT, learner_id("correct"))
        assert tampered.max_score == honest.max_score  # points=100 in metadata ignored


@pytest.mark.parametrize("profile", ["invalid_json", "not_a_notebook", "missing_notebook"])
def test_unreadable_or_missing_notebook_scores_zero(hostile_run, profile):
    assert _result(hostile_run, profile)["score"] == 0


def test_nothing_in_the_cohort_folder_changes(hostile_run):
    from kamtrain.demo.simulate import OUTSIDE_MARKER

    assert hostile_run["after"] == hostile_run["before"]
    assert not list(hostile_run["course_dir"].rglob(OUTSIDE_MARKER))


def test_attempts_to_write_outside_are_reported(hostile_run):
    messages = " ".join(p["message"] for p in _result(hostile_run, "write_outside")["problems"])
    # Relative writes aimed at the cohort land in the jail's trap folder and are named.
    assert "ecriture-pirate.txt" in messages
    # The jail hides the cohort folder: nothing reached it, so nothing had to be undone.
    assert hostile_run["report"]["incidents"] == []


def test_the_gradebook_is_not_tampered_with(hostile_run):
    db = hostile_run["course_dir"] / "gradebook.db"
    with sqlite3.connect(db) as con:
        tables = {
            row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        assert "pirate" not in tables
        assert con.execute("SELECT COUNT(*) FROM grade WHERE manual_score = 999").fetchone()[0] == 0
    # Its relative attempt (../../../gradebook.db) hit the jail's read-only root; the
    # errors were swallowed by the hostile code itself, and the gradebook is intact.


def test_a_backup_was_made_and_can_be_listed(hostile_run):
    proc = run_kamtrain(["backups", "."], home=hostile_run["home"], cwd=hostile_run["course_dir"])
    assert proc.returncode == 0
    assert "gradebook-" in proc.stdout


def test_regrading_keeps_manual_scores_and_comments(hostile_run):
    """Runs last in this module: it re-grades one learner of the shared cohort."""
    from nbgrader.api import Gradebook

    from kamtrain.cohort.config import read_config

    config = read_config(hostile_run["course_dir"])
    learner = learner_id("correct")
    with Gradebook(config.db_url, course_id=config.name) as gb:
        grade = gb.find_grade("c6_plan_actions", NOTEBOOK, ASSIGNMENT, learner)
        grade.manual_score = 3.5
        comment = gb.find_comment("c6_plan_actions", NOTEBOOK, ASSIGNMENT, learner)
        comment.manual_comment = "Plan clair et daté ; précisez les indicateurs."
        gb.db.commit()
    proc = run_kamtrain(
        ["grade", ".", "--learner", learner, "--workers", "1", "--no-progress"],
        home=hostile_run["home"],
        cwd=hostile_run["course_dir"],
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    with Gradebook(config.db_url, course_id=config.name) as gb:
        assert gb.find_grade("c6_plan_actions", NOTEBOOK, ASSIGNMENT, learner).manual_score == 3.5
        kept = gb.find_comment("c6_plan_actions", NOTEBOOK, ASSIGNMENT, learner).manual_comment
        assert kept == "Plan clair et daté ; précisez les indicateurs."
        assert gb.find_submission(ASSIGNMENT, learner).score == _auto_max(hostile_run) + 3.5
