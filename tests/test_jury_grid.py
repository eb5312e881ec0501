"""The jury grid widget and notebook, driven without a browser."""

from __future__ import annotations

import nbformat
import pytest
from jury_support import ASSESSOR_A, make_cohort, open_session

from kamlearn.errors import NotAMemberError
from kamtrain.jury import api
from kamtrain.jury.anonymity import cohort_codes
from kamtrain.widgets.jury_grid import JuryGrid
from kamtrain.widgets.jury_notebook import write_jury_notebook


@pytest.fixture
def course(tmp_path):
    course = make_cohort(tmp_path)
    open_session(course, candidates=("alice", "bruno"))
    return course


def test_grid_records_levels_and_reports_conflicts(course):
    grid = JuryGrid(course_dir=course, assessor="claire dubois", anonymous=True)
    codes = cohort_codes(course, ["alice", "bruno"])
    # Codes only, in code order, and no learner id anywhere in the widgets' state.
    assert [label for label, _ in grid.candidate.options] == sorted(codes.values())
    assert all(value.startswith("CAND-") for _, value in grid.candidate.options)
    grid.candidate.value = codes["bruno"]
    grid.competency.value = "C8"
    assert "épreuve orale" in grid.evidence.value or "Aucune trace" in grid.evidence.value
    first = next(iter(grid.levels))
    grid.levels[first].value = 2
    grid.comments[first].value = "Pitch clair"
    grid.submit_button.click()
    assert "1 niveau(x) enregistré(s)" in grid.message.value
    # Someone changes the same grade elsewhere: the grid reports it instead of overwriting.
    api.assess(course_dir=course, assessor=ASSESSOR_A, learner="bruno", criterion=first, level=3)
    grid.levels[first].value = 1
    grid.submit_button.click()
    assert "nothing was saved" in grid.message.value
    history = [
        e
        for e in api.history(course_dir=course, learner="bruno", viewer=ASSESSOR_A)
        if e.criterion == first
    ]
    assert [e.after["level"] for e in history] == [2, 3]


def test_grid_opens_only_for_a_member_and_lists_only_candidates(course):
    with pytest.raises(NotAMemberError):
        JuryGrid(course_dir=course, assessor="Intrus Z")
    grid = JuryGrid(course_dir=course, assessor=ASSESSOR_A)
    assert [value for _, value in grid.candidate.options] == ["alice", "bruno"]


def test_grid_never_shows_another_members_levels(course):
    api.assess(
        course_dir=course, assessor="Marc Lefèvre", learner="alice", criterion="C6.1", level=0,
        comment="avis de Marc",
    )  # fmt: skip
    api.submit(course_dir=course, assessor="Marc Lefèvre")
    grid = JuryGrid(course_dir=course, assessor=ASSESSOR_A)
    grid.candidate.value = "alice"
    grid.competency.value = "C6"
    assert grid.levels["C6.1"].value is None and grid.comments["C6.1"].value == ""
    assert "avis de Marc" not in grid.widget.children[1].children[0].value


def test_notebook_opens_the_grid(course):
    path = write_jury_notebook(course_dir=course, assessor="Marc")
    nb = nbformat.read(path, as_version=4)
    assert path == course.resolve() / "jury" / "grille_jury.ipynb"
    assert "JuryGrid" in nb.cells[1].source and "'Marc'" in nb.cells[1].source


def test_grid_submits_a_candidate_and_freezes_the_levels(course):
    grid = JuryGrid(course_dir=course, assessor=ASSESSOR_A)
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
        for a in api.visible_assessments(course_dir=course, viewer=ASSESSOR_A)
        if a.criterion == first
    ]
    assert submitted and submitted[0].submitted
    # Nothing left to submit: the library's error is shown in the grid, nothing changes.
    grid.final_button.click()
    assert (
        "Soumission impossible" in grid.message.value
        and "no unsubmitted level" in grid.message.value
    )


def test_grid_says_when_the_candidate_sat_no_sitting_of_the_epreuve(tmp_path):
    """C13 is assessed in E10's role play: without an E10 sitting the grid says so in
    French and its levels cannot be set (the API would refuse them anyway)."""
    from kamtrain.epreuves.sittings import plan_epreuve

    course = make_cohort(tmp_path)
    open_session(course, candidates=("alice", "bruno"), seat=False)
    plan_epreuve(course_dir=course, epreuve="E7", date="2026-11-30", session="S1")
    grid = JuryGrid(course_dir=course, assessor=ASSESSOR_A)
    grid.candidate.value = "alice"
    grid.competency.value = "C13"
    assert "Aucun passage de l'épreuve E10 n'est attribué à ce candidat" in grid.message.value
    assert all(t.disabled for t in grid.levels.values())
    grid.competency.value = "C8"  # the pitch, which she sits
    assert grid.message.value == "" and not any(t.disabled for t in grid.levels.values())
