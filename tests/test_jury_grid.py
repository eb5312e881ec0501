"""The jury grid widget and notebook, driven without a browser."""

from __future__ import annotations

import nbformat
from jury_support import make_cohort

from kamtrain.jury import api
from kamtrain.widgets.jury_grid import JuryGrid
from kamtrain.widgets.jury_notebook import write_jury_notebook


def test_grid_records_levels_and_reports_conflicts(tmp_path):
    course = make_cohort(tmp_path)
    grid = JuryGrid(course_dir=course, assessor="Claire", anonymous=True)
    assert all(label.startswith("CAND-") for label, _ in grid.candidate.options)
    grid.candidate.value = "bruno"
    grid.competency.value = "C8"
    assert "épreuve orale" in grid.evidence.value or "Aucune trace" in grid.evidence.value
    first = next(iter(grid.levels))
    grid.levels[first].value = 2
    grid.comments[first].value = "Pitch clair"
    grid.submit_button.click()
    assert "1 niveau(x) enregistré(s)" in grid.message.value
    # Someone changes the same grade elsewhere: the grid reports it instead of overwriting.
    api.assess(course_dir=course, assessor="Claire", learner="bruno", criterion=first, level=3)
    grid.levels[first].value = 1
    grid.submit_button.click()
    assert "nothing was saved" in grid.message.value
    history = [e for e in api.history(course_dir=course, learner="bruno") if e.criterion == first]
    assert [e.after["level"] for e in history] == [2, 3]


def test_notebook_opens_the_grid(tmp_path):
    course = make_cohort(tmp_path)
    path = write_jury_notebook(course_dir=course, assessor="Marc")
    nb = nbformat.read(path, as_version=4)
    assert path == course.resolve() / "jury" / "grille_jury.ipynb"
    assert "JuryGrid" in nb.cells[1].source and "'Marc'" in nb.cells[1].source


def test_grid_submits_a_candidate_and_freezes_the_levels(tmp_path):
    course = make_cohort(tmp_path)
    grid = JuryGrid(course_dir=course, assessor="Claire")
    grid.candidate.value = "bruno"
    grid.competency.value = "C6"
    assert "Non acquis" in grid.scale.value and "Maîtrisé" in grid.scale.value
    first = next(iter(grid.levels))
    grid.levels[first].value = 3
    grid.final_button.click()
    assert "1 niveau(x) soumis" in grid.message.value
    assert grid.levels[first].disabled and grid.levels[first].value == 3
    submitted = [
        a
        for a in api.visible_assessments(course_dir=course, viewer="Claire")
        if a.criterion == first
    ]
    assert submitted and submitted[0].submitted
    # Nothing left to submit: the library's error is shown in the grid, nothing changes.
    grid.final_button.click()
    assert (
        "Soumission impossible" in grid.message.value
        and "no unsubmitted level" in grid.message.value
    )
