"""Learners and assignments in nbgrader's gradebook."""

from __future__ import annotations

from kamtrain.cohort.learners import Learner


def sync_learners(*, db_url: str, course_id: str, learners: list[Learner]) -> None:
    """Create or update every learner in the gradebook (creating the database if new)."""
    from kamtrain.cohort.bridge import ensure_venv_on_path

    ensure_venv_on_path()
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course_id=course_id) as gb:
        for learner in learners:
            gb.update_or_create_student(
                learner.id,
                first_name=learner.first_name,
                last_name=learner.last_name,
                email=learner.email,
            )
