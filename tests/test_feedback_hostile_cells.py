"""A learner's cell that exhausts Python's parser (``x = ----…1``: RecursionError at a few
thousand characters, MemoryError beyond) is shown cut on their page, and one learner whose
page cannot be built costs no other learner theirs (review r5, finding 3)."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from _nbgrader_cells import graded as _graded
from nbformat.v4 import new_code_cell, new_notebook

from kamtrain.feedback import collect
from kamtrain.feedback.answers import ANSWER_CHARS, item_answer
from kamtrain.feedback.render import FEEDBACK_FILE, write_feedback

CHECK = 'selfcheck("c6.nps", globals())'
HOSTILE = {
    "recursion": "nps = " + "-" * 3000 + "1",
    "memory": "nps = " + "-" * 200_000 + "1",
    "long sum": "nps = 1" + "+1" * 300_000,
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_cell_the_parser_cannot_handle_is_shown_cut(name):
    shown = item_answer([HOSTILE[name]], CHECK, "c6_nps")
    assert shown.startswith("nps = ") and shown.endswith("[…]")
    assert len(shown) <= ANSWER_CHARS + 4


def _cohort(tmp_path: Path, answers: dict[str, str | None], monkeypatch) -> Path:
    """A cohort folder with one autograded notebook per learner (None: a corrupt file)
    and a stand-in gradebook: what collect_feedback reads, without nbgrader's database."""
    for learner, answer in answers.items():
        target = tmp_path / "autograded" / learner / "c6" / "c6.ipynb"
        target.parent.mkdir(parents=True)
        if answer is None:
            target.write_text("{ not a notebook", encoding="utf-8")
            continue
        nb = new_notebook(
            cells=[
                _graded(new_code_cell(answer), "c6_reponse", solution=True, grade=False),
                _graded(new_code_cell(CHECK), "c6_nps"),
            ]
        )
        nbformat.write(nb, target)
    cell = SimpleNamespace(cell_type="code")
    grade = SimpleNamespace(
        name="c6_nps", cell=cell, auto_score=1.0, manual_score=None, score=1.0, max_score=2.0
    )
    assignment = SimpleNamespace(name="c6", notebooks=[SimpleNamespace(name="c6")])

    def submission(learner):
        student = SimpleNamespace(id=learner, first_name=learner.title(), last_name="")
        return SimpleNamespace(student=student, assignment=assignment, score=1.0, max_score=2.0)

    class Gradebook:
        assignments = [assignment]

        def assignment_submissions(self, name):
            return [submission(learner) for learner in answers]

        def find_submission_notebook(self, name, assignment, learner):
            return SimpleNamespace(comments=[], grades=[grade])

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    import kamtrain.cohort.config
    import kamtrain.nbgrader_adapter.gradebook

    monkeypatch.setattr(
        kamtrain.cohort.config, "read_config", lambda d: SimpleNamespace(db_url="x", name="x")
    )
    monkeypatch.setattr(
        kamtrain.nbgrader_adapter.gradebook, "open_gradebook", lambda *a: Gradebook()
    )
    return tmp_path


def test_a_hostile_cell_costs_no_learner_their_page(tmp_path, monkeypatch):
    answers = {"alice": "nps = 12", "mallory": HOSTILE["recursion"], "zoe": "nps = 30"}
    course = _cohort(tmp_path, answers, monkeypatch)
    found = collect.collect_feedback(course_dir=course)
    written = write_feedback(course_dir=course, feedback=found)
    assert sorted(p.parent.parent.name for p in written) == ["alice", "mallory", "zoe"]
    shown = {fb.learner: fb.notebooks[0].items[0].answer for fb in found}
    assert shown["alice"] == "nps = 12" and shown["zoe"] == "nps = 30"
    assert shown["mallory"].startswith("nps = ---") and shown["mallory"].endswith("[…]")
    page = (course / "feedback" / "mallory" / "c6" / FEEDBACK_FILE).read_text("utf-8")
    assert "nps = ---" in page


def test_one_learner_whose_page_fails_is_named_and_the_others_are_written(
    tmp_path, monkeypatch, caplog
):
    course = _cohort(tmp_path, {"alice": "nps = 12", "mallory": None}, monkeypatch)
    with caplog.at_level(logging.ERROR, logger="kamtrain.feedback"):
        found = collect.collect_feedback(course_dir=course)
    assert [fb.learner for fb in found] == ["alice"]
    assert "mallory" in caplog.text and "incident" in caplog.text


def test_the_command_writes_the_other_pages_and_still_fails_naming_the_learner(
    tmp_path, monkeypatch, capsys
):
    """A trainer must not read exit code 0 as « every learner has a page »."""
    from kamtrain.cli import main

    course = _cohort(tmp_path, {"alice": "nps = 12", "mallory": None}, monkeypatch)
    code = main(["feedback", str(course)])
    err = capsys.readouterr().err
    assert code != 0
    assert "mallory/c6" in err and "1 feedback page(s) written" in err
    assert (course / "feedback" / "alice" / "c6" / FEEDBACK_FILE).is_file()
    assert not (course / "feedback" / "mallory").exists()
