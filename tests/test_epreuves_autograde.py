"""The workbook's autograde never proposes a level for a competency the seed assesses orally,
in a pair or in a group: its score is preparation evidence only."""

from __future__ import annotations

import nbformat
from conftest import TRAINER_NOTEBOOK, fake_graded_submission

ORAL = ("C7.1", "C8.1", "C13.1", "C14.2", "C15.1", "C18.1")


def test_no_level_proposed_for_oral_pair_or_group_competencies(trainer_cohort):
    course = trainer_cohort.course
    # Make the C6 notebook's autograded cells also score oral criteria, as the workbook's
    # C7/C8/C13/C14/C15/C18 notebooks do.
    path = course / "source" / "bloc1" / f"{TRAINER_NOTEBOOK}.ipynb"
    nb = nbformat.read(path, as_version=4)
    tagged = 0
    for cell in nb.cells:
        meta = cell.metadata.get("kamtrain", {})
        if meta.get("kind") == "autograded":
            meta["criteria"] = [*meta["criteria"], *ORAL]
            tagged += 1
    assert tagged
    nbformat.write(nb, path)
    fake_graded_submission(course, "alice", ratio=1.0, manual=3.0)

    from kamtrain.reporting.criteria import build_report

    scores = {s.criterion: s for s in build_report(course_dir=course).for_learner("alice")}
    for crit in ORAL:
        assert scores[crit].score == scores[crit].max_score > 0  # full marks in training ...
        assert scores[crit].proposed_level is None, crit  # ... and still no level proposed
    assert scores["C6.2"].proposed_level == 3  # written and individual: proposed
