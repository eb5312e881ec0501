"""A replay mismatch is a named problem in the report, never a silent 0.

The attack: between the workers' run and nbgrader's record step, the executed copy of a
correct submission is forged so that the test cell of ``c6.nps_global`` holds an error
instead of the checks' verdict. nbgrader then records 0 for a cell the checks scored in
full. The grading must say so: a ``replay_mismatch`` problem naming the item, the recorded
score and the verdict, in the summary and in the report on disk, and the submission is
not reported as cleanly graded.
"""

from __future__ import annotations

import json

import pytest
from _grading_helpers import ASSIGNMENT, NOTEBOOK, build_cohort, home_env, learner_id

pytestmark = pytest.mark.slow

FORGED_CELL = "c6_nps_global"


def test_a_recorded_score_that_is_not_the_verdict_is_named(tmp_path, grading_home, monkeypatch):
    import nbformat

    import kamtrain.grading.record as record_module
    from kamtrain.cohort.config import read_config
    from kamtrain.grading.pipeline import grade_cohort
    from kamtrain.nbgrader_adapter.cells import grade_id
    from kamtrain.nbgrader_adapter.gradebook import open_gradebook

    course_dir = build_cohort(tmp_path, grading_home, ["correct"])
    real_record = record_module.record
    forged = []

    def forge_then_record(**kwargs):
        for path in (course_dir / record_module.EXECUTED).rglob(f"{NOTEBOOK}.ipynb"):
            nb = nbformat.read(path, as_version=4)
            for cell in nb.cells:
                if grade_id(cell) == FORGED_CELL:
                    cell.outputs = [
                        nbformat.v4.new_output(
                            "error", ename="Forged", evalue="forged", traceback=["forged"]
                        )
                    ]
                    forged.append(path)
            nbformat.write(nb, path)
        return real_record(**kwargs)

    monkeypatch.setattr(record_module, "record", forge_then_record)
    with home_env(grading_home):
        summary = grade_cohort(
            course_dir=course_dir, workers=1, timeout=30, similarity_threshold=None
        )
    assert forged, "the executed copy was not found: the attack did not happen"

    # The forged record did land: nbgrader scored the cell 0 ...
    config = read_config(course_dir)
    with open_gradebook(config.db_url, config.name) as gb:
        grade = gb.find_grade(FORGED_CELL, NOTEBOOK, ASSIGNMENT, learner_id("correct"))
        assert grade.auto_score == 0
    # ... and the run says so, by name, instead of reporting a clean 0.
    (result,) = summary.results
    mismatches = [p for p in result.problems if p.kind == "replay_mismatch"]
    assert mismatches, result.problems
    assert "c6.nps_global" in mismatches[0].message
    assert "(0" in mismatches[0].message and "verdict (2)" in mismatches[0].message
    assert result.status != "graded"
    report = json.loads((course_dir / "reports" / "grading-latest.json").read_text("utf-8"))
    (entry,) = report["results"]
    assert "replay_mismatch" in [p["kind"] for p in entry["problems"]]
