"""Model answers (corrigés indicatifs) of the 32 jury-graded written items: in source/ only."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from kamtrain.markscheme import mark_scheme, model_answers

ROOT = Path(__file__).resolve().parent.parent


def _manual_cells():
    for path in sorted((ROOT / "notebooks").glob("bloc*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.metadata.get("kamtrain", {}).get("kind") == "manual":
                yield path, cell


def test_every_jury_item_of_the_workbook_has_a_model_answer():
    cells = list(_manual_cells())
    assert len(cells) == 32
    for path, cell in cells:
        scheme = mark_scheme(cell.source)
        assert len(scheme) > 200, f"{path.name} {cell.metadata['nbgrader']['grade_id']}"
        assert "Corrigé indicatif" in scheme
        # Nothing outside the region: the cell is the mark scheme, nothing a learner keeps.
        assert cell.source.startswith("=== BEGIN MARK SCHEME ===")
        assert cell.source.endswith("=== END MARK SCHEME ===")
        for crit in cell.metadata["kamtrain"]["criteria"]:
            assert crit in scheme


def test_mark_scheme_extraction():
    src = "avant\n=== BEGIN MARK SCHEME ===\nligne 1\nligne 2\n=== END MARK SCHEME ===\naprès"
    assert mark_scheme(src) == "ligne 1\nligne 2"
    assert mark_scheme("YOUR ANSWER HERE") == ""


def _distinctive_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if len(line.strip()) > 40]


@pytest.fixture(scope="module")
def full_cohort(tmp_path_factory):
    """Every block generated for two learners; personalised copies; bloc1 feedback."""
    from conftest import fake_graded_submission

    from kamtrain.cohort.create import create_cohort
    from kamtrain.cohort.generate import generate_cohort
    from kamtrain.cohort.personalise import personalise_cohort
    from kamtrain.feedback.render import generate_feedback

    tmp = tmp_path_factory.mktemp("markscheme")
    learners = tmp / "learners.csv"
    learners.write_text(
        "id,first_name,last_name,email,accommodations\n"
        "alice,Alice,Martin,alice@example.org,\n"
        "bruno,Bruno,Lefèvre,bruno@example.org,tiers-temps\n",
        encoding="utf-8",
    )
    course = tmp / "cohorte"
    create_cohort(course_dir=course, name="corriges", learners_csv=learners)
    generate_cohort(course_dir=course)
    personalise_cohort(course_dir=course)
    fake_graded_submission(course, "alice", ratio=1.0, manual=3.0, comment="Plan daté, à chiffrer.")
    generate_feedback(course_dir=course, assignment="bloc1")
    return course


@pytest.mark.slow
def test_model_answers_stay_in_source(full_cohort):
    course = full_cohort
    answers = model_answers(course)
    assert len(answers) == 32 and all(len(a) > 200 for a in answers.values())
    leaked_into = []
    roots = [course / "release", course / "personalised", course / "feedback"]
    files = [p for r in roots for p in r.rglob("*") if p.is_file()]
    assert any(p.suffix == ".html" for p in files), "feedback pages were written"
    assert sum(p.suffix == ".ipynb" for p in files) == 18 * 3  # release + 2 personalised
    texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in files}
    for key, answer in answers.items():
        for line in _distinctive_lines(answer):
            for path, text in texts.items():
                if line in text or "MARK SCHEME" in text or "Corrigé indicatif" in text:
                    leaked_into.append((key, path))
    assert not leaked_into, leaked_into[:5]


@pytest.mark.slow
def test_jury_evidence_shows_the_model_answer(full_cohort):
    from kamlearn.referential import load_referential
    from kamtrain.jury.evidence import collect_evidence
    from kamtrain.widgets.jury_grid import evidence_html, indicators_html

    comp = load_referential().competency("C6")
    ev = collect_evidence(course_dir=full_cohort, learner="alice", competency=comp)
    with_scheme = {a.grade_id for a in ev.answers if a.model_answer}
    assert with_scheme == {"c6_plan_actions", "c6b_plan_entretiens", "c6b_analyse_actions"}
    page = evidence_html(ev)
    assert "Corrigé indicatif (jury)" in page
    assert "Boucle de retour" in page  # from the c6_plan_actions model answer
    assert "Indicateurs observables" in indicators_html("C6.1")
