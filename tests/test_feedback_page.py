"""The feedback page shows the learner's own answer beside each item, with the item's
name, and keeps autograded points apart from the jury's (issue 18: « 1,40 / 107,50 »)."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from kamtrain.feedback.collect import ItemFeedback, LearnerFeedback, NotebookFeedback, _answers
from kamtrain.feedback.render import feedback_html


def _graded(cell, grade_id, *, solution=False, grade=True):
    cell.metadata["nbgrader"] = {
        "grade": grade,
        "grade_id": grade_id,
        "solution": solution,
        "locked": not solution,
        "points": 1.0,
        "schema_version": 3,
        "task": False,
    }
    return cell


def test_answers_are_the_learners_own_cells():
    nb = new_notebook(
        cells=[
            new_markdown_cell("## 1. Le NPS"),
            _graded(new_code_cell("nps_global = 12.3"), "c6_reponse", solution=True, grade=False),
            _graded(new_code_cell("grade('c6.nps_global')\n# hidden: 12.4"), "c6_nps_global"),
            _graded(new_code_cell("selfcheck('c6.autre')"), "c6_autre"),
            _graded(new_markdown_cell("Mon plan : " + "x" * 2000), "c6_plan", solution=True),
        ]
    )
    answers = _answers(nbformat.from_dict(nb))
    assert answers["c6_nps_global"] == "nps_global = 12.3"
    assert answers["c6_autre"] == "nps_global = 12.3", "a later check of the same answer"
    assert answers["c6_plan"].startswith("Mon plan") and answers["c6_plan"].endswith("[…]")
    assert "hidden" not in " ".join(answers.values())


def test_page_separates_autograded_and_jury_points_and_shows_answers():
    items = (
        ItemFeedback(
            "c6_nps_global",
            "1. Le NPS",
            False,
            1.4,
            2.0,
            ("NPS incorrect.",),
            "",
            "nps_global = 12",
        ),
        ItemFeedback("c6_plan", "5. Votre plan", True, None, 4.0, (), "", "Mon plan d'actions"),
        ItemFeedback("c6_veille", "6. Veille", True, 2.5, 3.0, (), "Bien.", "Ma veille"),
    )
    fb = LearnerFeedback(
        learner="alice",
        full_name="Alice Martin",
        assignment="bloc1",
        score=3.9,
        max_score=9.0,
        notebooks=(NotebookFeedback("c6_satisfaction", "C6", items),),
        pending_manual=1,
    )
    assert (fb.auto_score, fb.auto_max) == (1.4, 2.0)
    assert (fb.jury_score, fb.jury_graded_max, fb.jury_pending_max) == (2.5, 3.0, 4.0)
    html = feedback_html(fb)
    assert "Questions corrigées automatiquement : <strong>1,40 / 2</strong>" in html
    assert "Questions corrigées par le jury : <strong>2,50 / 3</strong>" in html
    assert "1 question(s) en attente" in html and "(4 points)" in html
    assert "Votre réponse" in html and "nps_global = 12" in html and "Mon plan d" in html
    assert "<code>c6_nps_global</code>" in html
    assert "3,9 / 9" not in html, "no total mixing autograded and pending jury points"
