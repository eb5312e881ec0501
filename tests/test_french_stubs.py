"""nbgrader's stubs are French in every generated notebook (« # VOTRE CODE ICI »)."""

from __future__ import annotations

import json


def test_release_notebooks_carry_french_stubs(trainer_template):
    release = trainer_template.course / "release" / "bloc1"
    text = "".join(p.read_text(encoding="utf-8") for p in release.glob("*.ipynb"))
    assert "YOUR CODE HERE" not in text and "YOUR ANSWER HERE" not in text
    cells = [c for p in release.glob("*.ipynb") for c in json.loads(p.read_text())["cells"]]
    sources = ["".join(c["source"]) for c in cells]
    assert any(s.startswith("# VOTRE CODE ICI\nraise NotImplementedError()") for s in sources)
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
