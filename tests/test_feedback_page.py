"""The feedback page shows the learner's own answer beside each item, with the item's
name, and keeps autograded points apart from the jury's (issue 18: « 1,40 / 107,50 »)."""

from __future__ import annotations

import nbformat
from _nbgrader_cells import graded as _graded
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from kamtrain.feedback.collect import ItemFeedback, LearnerFeedback, NotebookFeedback, _answers
from kamtrain.feedback.render import feedback_html


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


#: One answer cell for several items, as in C2 (BFR, DSO, liquidity ratios, gearing).
SHARED_CELL = (
    """bfr = (comptes["stocks"] + comptes["creances_clients"]
       - comptes["dettes_fournisseurs"])
# a long comment pushes the later lines past the page's cut
"""
    + "# "
    + "x" * 900
    + """
dso = comptes["creances_clients"] / comptes["chiffre_affaires"] * 365
liquidite_reduite = (actif_circ - comptes["stocks"]) / passif_circ
for annee in liquidite_reduite.index:
    liquidite_reduite[annee] = round(liquidite_reduite[annee], 2)
endettement = comptes["dettes_financieres"] / comptes["capitaux_propres"]
endettement
"""
)


def test_each_item_shows_the_learners_lines_for_its_own_variable():
    """Items sharing one cell: each shows the statements assigning its variable, even
    past the cut of a long cell, and a cell that assigns nothing falls back to the cell."""
    nb = new_notebook(
        cells=[
            _graded(new_code_cell(SHARED_CELL), "c2_reponse_bilan", solution=True, grade=False),
            *(
                _graded(new_code_cell(f'selfcheck("c2.{item}", globals())'), f"c2_{item}")
                for item in ("bfr", "liquidite_reduite", "endettement", "signal_alerte")
            ),
            _graded(new_code_cell("print(1 +)"), "c2_reponse_x", solution=True, grade=False),
            _graded(new_code_cell('selfcheck("c2.swot", globals())'), "c2_swot"),
        ]
    )
    answers = _answers(nbformat.from_dict(nb))
    assert answers["c2_bfr"] == SHARED_CELL.split("\n# a long")[0]
    assert answers["c2_liquidite_reduite"] == (
        'liquidite_reduite = (actif_circ - comptes["stocks"]) / passif_circ\n'
        "for annee in liquidite_reduite.index:\n"
        "    liquidite_reduite[annee] = round(liquidite_reduite[annee], 2)"
    )
    assert answers["c2_endettement"].startswith("endettement = comptes[")
    assert "dso" not in answers["c2_endettement"] and "bfr" not in answers["c2_endettement"]
    assert answers["c2_signal_alerte"].startswith("bfr = ") and answers[
        "c2_signal_alerte"
    ].endswith("[…]"), "no line assigns it: the cell, cut"
    assert answers["c2_swot"] == "print(1 +)", "a cell that does not parse is shown as it is"


def test_a_stub_left_as_released_is_no_answer():
    from kamtrain.nbgrader_adapter.api import CODE_STUB

    stub = CODE_STUB["python"] + "\nsignal_alerte"
    nb = new_notebook(
        cells=[
            _graded(new_code_cell(stub), "c2_reponse_signal", solution=True, grade=False),
            _graded(new_code_cell('selfcheck("c2.signal_alerte", globals())'), "c2_signal_alerte"),
        ]
    )
    assert _answers(nbformat.from_dict(nb)) == {"c2_signal_alerte": ""}


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
    assert "En attente du jury : <strong>4 points</strong>\n(1 question)" in html
    assert "Votre réponse" in html and "nps_global = 12" in html and "Mon plan d" in html
    assert "<code>c6_nps_global</code>" in html
    assert "3,9 / 9" not in html, "no total mixing autograded and pending jury points"


def test_nothing_graded_by_the_jury_yet_reads_as_pending_not_zero_out_of_zero():
    items = tuple(
        ItemFeedback(f"c6_plan{i}", "5. Votre plan", True, None, 4.0, (), "", "Mon plan")
        for i in range(11)
    )
    fb = LearnerFeedback("alice", "Alice Martin", "bloc1", 0.0, 44.0,
                         (NotebookFeedback("c6_satisfaction", "C6", items),), pending_manual=11)  # fmt: skip
    html = feedback_html(fb)
    assert "En attente du jury : <strong>44 points</strong>\n(11 questions)" in html
    assert "Questions corrigées par le jury" not in html
