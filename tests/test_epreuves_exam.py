"""Written épreuves as exam notebooks: a secret-seeded variant, data only, graded trusted-side."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from kamlearn.errors import EpreuveError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def exam_cohort(trainer_cohort, monkeypatch):
    """The three-learner cohort (chloe has tiers-temps), reading the repository's workbook."""
    monkeypatch.delenv("KAMTRAIN_HOME")
    from kamtrain.epreuves.exam import generate_exam

    papers = generate_exam(course_dir=trainer_cohort.course, session="S1", epreuve="E5")
    return trainer_cohort.course, papers


def _exam_frame(course, learner, name="crm"):
    return pd.read_csv(
        course / "exams/S1/E5/candidates" / learner / "donnees/c5_pilotage" / f"{name}.csv"
    )


def test_exam_variant_differs_and_nothing_learner_side_rebuilds_it(exam_cohort):
    from kamlearn.cases import load_case
    from kamtrain.cohort.config import read_config
    from kamtrain.epreuves.exam import exam_key

    course, papers = exam_cohort
    secret = course / ".kamtrain" / "exam-secret"
    assert secret.stat().st_mode & 0o777 == 0o600
    config = read_config(course)
    exam = _exam_frame(course, "alice")
    training = load_case("c5_pilotage", cohort=config.cohort_key, learner="alice").data["crm"]
    assert not exam.equals(training.reset_index(drop=True))
    assert not exam.equals(_exam_frame(course, "bruno"))

    key = exam_key(course, session="S1", epreuve="E5")
    rebuilt = load_case("c5_pilotage", cohort=key, learner="alice").data["crm"]
    pd.testing.assert_frame_equal(exam, rebuilt, check_dtype=False)  # the key is what it takes
    guesses = [
        config.cohort_key,
        config.name,
        "S1",
        "E5",
        "exam/S1/E5",
        "S1/E5",
        f"{config.name}/S1/E5",
    ]
    for guess in guesses:
        data = load_case("c5_pilotage", cohort=guess, learner="alice").data["crm"]
        assert not exam.equals(data.reset_index(drop=True)), guess

    # What the candidate receives: data and a notebook, no key, secret, generator or oracle.
    folder = course / "exams/S1/E5/candidates/alice"
    texts = [p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()]
    secret_text = secret.read_text(encoding="utf-8").strip()
    for text in texts:
        assert key not in text and secret_text not in text
    notebook = (folder / "examen-E5.ipynb").read_text(encoding="utf-8")
    for banned in (
        "load_case",
        "kamtrain.",
        "selfcheck",
        "grade(",
        "BEGIN SOLUTION",
        "MARK SCHEME",
        "Corrigé indicatif",
        "expected",
    ):
        assert banned not in notebook, banned
    for path in (ROOT / "kamlearn").rglob("*.py"):
        assert "exam-secret" not in path.read_text(encoding="utf-8"), path
    # The answers leave through the workbook's one hand-out, with each item's declared names
    # (the figures too), never through an encoder of the exam's own.
    paper = nbformat.read(folder / "examen-E5.ipynb", as_version=4)
    outs = [c for c in paper.cells if "item" in c.metadata.get("kamtrain", {})]
    assert {c.metadata["kamtrain"]["item"] for c in outs} >= {
        "c5.fig_pareto",
        "c6.fig_distribution",
    }
    for cell in outs:
        assert "from kamlearn.handout import hand_out" in cell.source, cell.source
        assert "names=[" in cell.source and "exam=True" in cell.source, cell.source
    import kamlearn.exam

    assert not hasattr(kamlearn.exam, "to_jsonable") and not hasattr(kamlearn.exam, "hand_out")


def test_time_allowed_with_tiers_temps_is_stated_and_recorded(exam_cohort):
    course, papers = exam_cohort
    by = {p.learner: p for p in papers}
    assert (by["alice"].minutes_allowed, by["chloe"].minutes_allowed) == (180, 240)
    nb = nbformat.read(course / by["chloe"].notebook, as_version=4)
    assert "Temps alloué : 240 minutes (temps majoré : tiers-temps" in nb.cells[0].source
    assert nb.metadata["kamtrain"]["exam"]["minutes_allowed"] == 240
    recorded = json.loads((course / "exams/S1/E5/sujets.json").read_text(encoding="utf-8"))
    assert {p["learner"]: p["minutes_allowed"] for p in recorded["papers"]} == {
        "alice": 180,
        "bruno": 180,
        "chloe": 240,
    }
    source = (course / "exams/S1/E5/source/examen-E5.ipynb").read_text(encoding="utf-8")
    assert "Corrigé indicatif" in source  # the trainer's copy keeps the mark schemes


def test_oral_epreuves_have_no_exam_notebook(trainer_cohort):
    from kamtrain.epreuves.exam import generate_exam

    with pytest.raises(EpreuveError, match="not in writing"):
        generate_exam(course_dir=trainer_cohort.course, session="S1", epreuve="E10")


def _solutions():
    sol = {}
    for name in ("bloc1/c5_pilotage", "bloc1/c6_satisfaction"):
        for c in nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4).cells:
            g = c.metadata.get("nbgrader", {})
            if g.get("solution") and c.cell_type == "code":
                sol[g["grade_id"]] = c.source
    return sol


def _submit(course, learner, change):
    paper = nbformat.read(
        course / f"exams/S1/E5/candidates/{learner}/examen-E5.ipynb", as_version=4
    )
    for cell in paper.cells:
        change(cell)
    folder = course / "exams/S1/E5/submitted" / learner
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(paper, folder / "examen-E5.ipynb")


@pytest.mark.slow
def test_exams_are_scored_against_the_secret_variant(exam_cohort):
    from kamlearn.referential import load_referential
    from kamtrain.epreuves.exam_grade import exam_evidence, grade_exam
    from kamtrain.jury.evidence import collect_evidence

    course, _ = exam_cohort
    sol = _solutions()

    def solve(cell):
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in sol:
            cell.source = sol[gid]
        if cell.metadata.get("kamtrain", {}).get("kind") == "manual":
            cell.source = "Plan : indicateurs d'activité et de performance par tâche."

    _submit(course, "alice", solve)
    # bruno forges the hand-out: his notebook claims full answers without computing them.
    forged = '{"item": "c6.nps_global", "answers": {"nps_global": 12.5}}'

    def forge(cell):
        if cell.metadata.get("kamtrain", {}).get("item") == "c6.nps_global":
            cell.source = f"from IPython.display import display\ndisplay({{'application/vnd.kamtrain.answers+json': {forged}}}, raw=True)"
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in sol:
            cell.source = sol[gid].replace("enquete", "enquete.head(3)") if "c6" in gid else ""

    _submit(course, "bruno", forge)
    results = {r.learner: r for r in grade_exam(course_dir=course, session="S1", epreuve="E5")}
    alice, bruno, chloe = results["alice"], results["bruno"], results["chloe"]
    assert all(i.points == i.max_points for i in alice.items) and len(alice.items) == 11
    # The figures are scored by the workbook's figure checks and kept as the jury's evidence.
    figs = {i.item: i for i in alice.items if i.item.split(".")[1].startswith("fig")}
    assert set(figs) == {"c5.fig_pareto", "c6.fig_distribution"}
    import base64

    for fig in figs.values():
        assert fig.figure.startswith("Figure : titre « ") and fig.points == fig.max_points
        assert base64.b64decode(fig.figure_png).startswith(b"\x89PNG")
    nps = {i.item: i for i in bruno.items}["c6.nps_global"]
    assert nps.points < nps.max_points  # the forged output cell was never run: the paper's was
    assert sum(i.points for i in chloe.items) == 0 and "nothing handed in" in chloe.problems[0]
    assert all(w.model_answer for w in alice.written)

    comp = load_referential().competency("C5")
    answers, scores = exam_evidence(course_dir=course, learner="alice", competency="C5")
    assert [a.grade_id for a in answers] == ["c5_plan_progres", "c5_fig_pareto"]
    assert answers[0].model_answer
    assert {s.criterion: s.proposed_level for s in scores} == {"C5.1": 3, "C5.2": 3, "C5.3": 3}
    ev = collect_evidence(
        course_dir=course, learner="alice", competency=comp, exam=(answers, scores)
    )
    assert ev.answers[0].source.startswith("Plan : indicateurs")
    # The Pareto figure reaches the C5 grid as evidence, with its picture.
    from kamtrain.widgets.jury_grid import evidence_html

    (pareto,) = [a for a in answers if a.image_png]
    assert pareto.grade_id == "c5_fig_pareto" and "Points : " in pareto.source
    assert 'src="data:image/png;base64,' in evidence_html(ev)
