"""Learners' feedback pages: scores, explanations and jury comments, never the secrets."""

from __future__ import annotations

import html

import pytest
from _grading_helpers import ASSIGNMENT, NOTEBOOK, learner_id, run_kamtrain

pytestmark = pytest.mark.slow


def _secret_lines(source_notebook) -> set[str]:
    """Every line of hidden tests, solutions and test cells in the source version."""
    import nbformat

    secrets = set()
    for cell in nbformat.read(source_notebook, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        is_test = meta.get("grade") and cell.cell_type == "code"
        inside = False
        for line in cell.source.splitlines():
            stripped = line.strip()
            if stripped.startswith("### BEGIN"):
                inside = True
                continue
            if stripped.startswith("### END"):
                inside = False
                continue
            if (inside or is_test) and len(stripped) >= 8 and not stripped.startswith("#"):
                secrets.add(stripped)
    return secrets


@pytest.fixture(scope="module")
def feedback_pages(hostile_run):
    from nbgrader.api import Gradebook

    from kamtrain.cohort.config import read_config

    course_dir = hostile_run["course_dir"]
    config = read_config(course_dir)
    with Gradebook(config.db_url, course_id=config.name) as gb:
        grade = gb.find_grade("c6_plan_actions", NOTEBOOK, ASSIGNMENT, learner_id("partial"))
        grade.manual_score = 2.0
        comment = gb.find_comment("c6_plan_actions", NOTEBOOK, ASSIGNMENT, learner_id("partial"))
        comment.manual_comment = "Analyse juste, actions à dater précisément."
        gb.db.commit()
    proc = run_kamtrain(["feedback", "."], home=hostile_run["home"], cwd=course_dir)
    assert proc.returncode == 0, proc.stderr[-2000:]
    pages = {}
    for profile in hostile_run["profiles"]:
        path = course_dir / "feedback" / learner_id(profile) / ASSIGNMENT / "kamtrain-retour.html"
        pages[profile] = html.unescape(path.read_text(encoding="utf-8")) if path.exists() else None
    return pages


def test_one_page_per_graded_learner(feedback_pages, hostile_run):
    missing = [p for p, page in feedback_pages.items() if page is None]
    assert missing == []


def test_feedback_gives_scores_and_explanations_in_french(feedback_pages):
    page = feedback_pages["correct"]
    assert "Retour de correction" in page and 'lang="fr"' in page
    assert "NPS global correct." in page  # a message of the check, as grade() printed it
    assert "1. Le NPS global" in page  # the label is the heading the learner read
    partial = feedback_pages["partial"]
    assert "Commentaire du jury : Analyse juste, actions à dater précisément." in partial
    assert "en attente" not in partial.split("Votre plan")[1][:200]


def test_feedback_explains_hostile_cases(feedback_pages):
    assert "Le noyau s'est arrêté" in feedback_pages["kill_kernel"]
    assert "Carnet absent ou illisible" in feedback_pages["missing_notebook"]


@pytest.mark.parametrize("profile", ["correct", "partial", "tamper_tests", "empty"])
def test_feedback_never_leaks_tests_solutions_or_mark_scheme(feedback_pages, hostile_run, profile):
    page = feedback_pages[profile]
    for needle in (
        "BEGIN HIDDEN TESTS",
        "HIDDEN TESTS",
        "grade(",
        "selfcheck(",
        "### BEGIN SOLUTION",
        "points=",
    ):
        assert needle not in page, needle
    course_dir = hostile_run["course_dir"]
    secrets = _secret_lines(course_dir / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    assert len(secrets) > 5  # the search below must have something to find
    # The page shows the learner's own answers: a line they wrote themselves (a correct
    # learner writes the solution) is theirs, not a leak.
    submitted = course_dir / "submitted" / learner_id(profile) / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    import nbformat

    own = {
        line.strip()
        for cell in nbformat.read(submitted, as_version=4).cells
        for line in cell.source.splitlines()
    }
    leaked = [line for line in secrets - own if line in page]
    assert leaked == []
    if profile == "empty":
        # An unanswered notebook: no line of the solutions may appear at all.
        assert not [line for line in secrets if line in page]
