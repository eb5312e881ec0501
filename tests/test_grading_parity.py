"""nbgrader's record step changes nothing: the gradebook holds, cell by cell, the checks' scores.

The trusted side scores each graded cell from the answers the kernel handed out and writes
the verdict into the cell: the line ``[item] earned / max point(s)`` the checks printed, and
the points as its result; nbgrader's own autograde then replays those outputs and records the
grades. Four normal profiles of the shared hostile cohort are compared: correct, partial,
empty, and exception (answers that raise ValueError, fail on a NameError, import a module
that does not exist). For each, the gradebook's graded code cells and the checks' verdicts
must be the same cells, each with the same points, and the verdicts must not all be equal
(the test would then see nothing). The verdicts themselves are pinned where they are known
without the checks (everything for correct, nothing for empty, only the first answer for
exception), so a record step that also rewrote the printed line would not go unseen.
"""

from __future__ import annotations

import re

import pytest
from _grading_helpers import ASSIGNMENT, NOTEBOOK, learner_id

pytestmark = pytest.mark.slow

PROFILES = ("correct", "partial", "empty", "exception")
#: Grade id of the one test cell the exception profile answers right (its first answer).
FIRST_TEST = "c6_nps_global"

#: French numbers: « 1,5 / 2 point(s) ».
VERDICT = re.compile(r"^\[[a-z0-9]+\.\w+\] ([0-9,]+) / ([0-9,]+) point\(s\)$", re.M)


def _autograded(course_dir, learner):
    import nbformat

    path = course_dir / "autograded" / learner / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    return nbformat.read(path, as_version=4)


def _verdicts(nb, learner) -> dict[str, tuple[float, float]]:
    """grade_id -> (points, max) in the line the checks printed in each test cell."""
    from kamtrain.nbgrader_adapter.cells import grade_id, is_autograded

    found = {}
    for cell in nb.cells:
        if cell.cell_type != "code" or not is_autograded(cell):
            continue
        text = "".join(
            o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stdout"
        )
        lines = VERDICT.findall(text)
        assert len(lines) == 1, f"{learner}/{grade_id(cell)}: one verdict line expected: {text!r}"
        found[grade_id(cell)] = tuple(float(n.replace(",", ".")) for n in lines[0])
    return found


def _answer_errors(nb) -> list[str]:
    """Names of the errors raised by the learner's answer cells."""
    from nbgrader import utils

    return [
        o.get("ename", "")
        for c in nb.cells
        if c.cell_type == "code" and utils.is_solution(c)
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]


def _recorded(gb, learner) -> dict[str, float | None]:
    """grade_id -> auto_score of every graded code cell in the gradebook."""
    nb = gb.find_submission_notebook(NOTEBOOK, ASSIGNMENT, learner)
    return {g.name: g.auto_score for g in nb.grades if g.cell.cell_type == "code"}


def test_gradebook_holds_exactly_the_checks_scores(hostile_run):
    from kamtrain.cohort.config import read_config
    from kamtrain.nbgrader_adapter.gradebook import open_gradebook

    course_dir = hostile_run["course_dir"]
    config = read_config(course_dir)
    seen = set()
    mismatches = []
    with open_gradebook(config.db_url, config.name) as gb:
        for profile in PROFILES:
            learner = learner_id(profile)
            nb = _autograded(course_dir, learner)
            verdicts = _verdicts(nb, learner)
            recorded = _recorded(gb, learner)
            assert verdicts, profile
            assert set(recorded) == set(verdicts), (
                f"{profile}: cells in the gradebook {sorted(recorded)}, "
                f"cells the checks scored {sorted(verdicts)}"
            )
            for gid, (earned, _max) in verdicts.items():
                if recorded[gid] is None or abs(recorded[gid] - earned) > 1e-9:
                    mismatches.append(
                        f"{profile}/{gid}: gradebook {recorded[gid]}, checks {earned}"
                    )
                seen.add(earned)
            if profile == "correct":
                assert all(e == m for e, m in verdicts.values()), verdicts
            elif profile == "empty":
                assert all(e == 0 for e, _ in verdicts.values()), verdicts
            elif profile == "exception":
                errors = _answer_errors(nb)
                for name in ("ValueError", "NameError", "ModuleNotFoundError"):
                    assert name in errors, f"the exception profile raised {errors}"
                earned, most = verdicts.pop(FIRST_TEST)
                assert earned == most > 0, (FIRST_TEST, earned, most)
                assert all(e == 0 for e, _ in verdicts.values()), verdicts
    assert not mismatches, "the record step changed the checks' scores:\n" + "\n".join(mismatches)
    assert len(seen) > 1, "every verdict is the same: the comparison proves nothing"
