"""nbgrader's stubs are French in every generated notebook (« # VOTRE CODE ICI »)."""

from __future__ import annotations

import json


def test_release_notebooks_carry_french_stubs(trainer_template):
    release = trainer_template.course / "release" / "bloc1"
    text = "".join(p.read_text(encoding="utf-8") for p in release.glob("*.ipynb"))
    assert "YOUR CODE HERE" not in text and "YOUR ANSWER HERE" not in text
    cells = [c for p in release.glob("*.ipynb") for c in json.loads(p.read_text())["cells"]]
    sources = ["".join(c["source"]) for c in cells]
    assert any(s.startswith("# VOTRE CODE ICI\nraise NotImplementedError(") for s in sources)
    assert "NotImplementedError()" not in text, "a learner who runs the stub reads French"
    assert "VOTRE RÉPONSE ICI" in sources


def test_plain_nbgrader_reads_the_same_stubs(trainer_template):
    """`nbgrader generate_assignment` run by hand in the cohort folder uses them too."""
    from traitlets.config import PyFileConfigLoader

    config = PyFileConfigLoader(
        "nbgrader_config.py", path=str(trainer_template.course)
    ).load_config()
    assert config.ClearSolutions.text_stub == "VOTRE RÉPONSE ICI"
    assert config.ClearSolutions.code_stub["python"].startswith("# VOTRE CODE ICI")


def test_workbook_verify_blanks_answers_with_the_french_stubs():
    import nbformat

    from kamtrain.paths import notebooks_dir
    from kamtrain.workbook_verify import unanswered_version

    nb = nbformat.read(notebooks_dir() / "bloc1" / "c6_satisfaction.ipynb", as_version=4)
    blank = json.dumps(unanswered_version(nb).dict(), ensure_ascii=False)
    assert "VOTRE CODE ICI" in blank and "VOTRE RÉPONSE ICI" in blank
    assert "YOUR" not in blank


def test_a_stub_run_as_it_is_says_what_to_do_in_french_and_scores_zero():
    """The learner who runs a stub reads a French message, and every check of the
    notebook still fails closed: the unanswered copy scores 0."""
    import _french_text as ft

    from kamtrain.paths import notebooks_dir
    from kamtrain.workbook_verify import _parameterized, execute, score, unanswered_version

    path = notebooks_dir() / "bloc1" / "c6_satisfaction.ipynb"
    blank = unanswered_version(_parameterized(path, "verification"))
    ran, died = execute(blank, cohort="verification", learner="verif-01")
    errors = [
        o
        for c in ran.cells
        if "# VOTRE CODE ICI" in "".join(c.source)
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert errors and all(e["ename"] == "NotImplementedError" for e in errors)
    message = errors[0]["evalue"]
    assert ft.looks_french(message) and "remplacez ces deux lignes" in message
    result = score(ran, died)
    assert not died and result.max_score > 0 and result.score == 0, result
