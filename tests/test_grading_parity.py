"""nbgrader's record step changes nothing: the gradebook holds, cell by cell, the checks' scores.

The trusted side scores each graded cell from the answers the kernel handed out and writes
the verdict into the cell: the line ``[item] earned / max point(s)`` the checks printed, and
the points as its result; nbgrader's own autograde then replays those outputs and records the
grades. For every normal profile of the shared hostile cohort (correct, partial, empty), each
graded cell's recorded ``auto_score`` must equal the points in the checks' line of the
autograded notebook, and the verdicts must not all be equal (the test would then see nothing).
"""

from __future__ import annotations

import re

import pytest
from _grading_helpers import ASSIGNMENT, NOTEBOOK, learner_id

pytestmark = pytest.mark.slow

PROFILES = ("correct", "partial", "empty")


VERDICT = re.compile(r"^\[[a-z0-9]+\.\w+\] ([0-9.]+) / ([0-9.]+) point\(s\)$", re.M)


def _verdicts(course_dir, learner) -> dict[str, float]:
    """grade_id -> points in the line the checks printed in the cell (autograded copy)."""
    import nbformat

    from kamtrain.nbgrader_adapter.cells import grade_id, is_autograded

    path = course_dir / "autograded" / learner / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    nb = nbformat.read(path, as_version=4)
    found = {}
    for cell in nb.cells:
        if cell.cell_type != "code" or not is_autograded(cell):
            continue
        text = "".join(
            o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stdout"
        )
        lines = VERDICT.findall(text)
        assert len(lines) == 1, f"{learner}/{grade_id(cell)}: one verdict line expected: {text!r}"
        found[grade_id(cell)] = float(lines[0][0])
    return found


def test_gradebook_holds_exactly_the_checks_scores(hostile_run):
    from kamtrain.cohort.config import read_config
    from kamtrain.nbgrader_adapter.gradebook import open_gradebook

    course_dir = hostile_run["course_dir"]
    config = read_config(course_dir)
    seen = set()
    with open_gradebook(config.db_url, config.name) as gb:
        for profile in PROFILES:
            learner = learner_id(profile)
            verdicts = _verdicts(course_dir, learner)
            assert verdicts, profile
            for gid, earned in verdicts.items():
                grade = gb.find_grade(gid, NOTEBOOK, ASSIGNMENT, learner)
                assert grade.auto_score == pytest.approx(earned, abs=1e-9), (
                    f"{profile}/{gid}: gradebook {grade.auto_score}, checks {earned}"
                )
                seen.add(earned)
    assert len(seen) > 1, "every verdict is the same: the comparison proves nothing"
