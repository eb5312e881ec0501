"""nbgrader's ``Gradebook``: the one place it is opened.

``MissingEntry`` (what the gradebook raises for an unknown assignment, notebook or
submission) is importable from here too, without importing nbgrader at import time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def open_gradebook(db_url: str, course_id: str) -> Iterator[Any]:
    """Open the course's gradebook (creating its tables if new) and close it afterwards."""
    from kamtrain.nbgrader_adapter.api import ensure_venv_on_path

    ensure_venv_on_path()  # a new gradebook runs alembic in a subprocess
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course_id=course_id) as gb:
        yield gb


def sync_learners(*, db_url: str, course_id: str, learners: Iterable[Any]) -> None:
    """Create or update every learner (``id``, ``first_name``, ``last_name``, ``email``)."""
    with open_gradebook(db_url, course_id) as gb:
        for learner in learners:
            gb.update_or_create_student(
                learner.id,
                first_name=learner.first_name,
                last_name=learner.last_name,
                email=learner.email,
            )


def __getattr__(name: str):
    if name == "MissingEntry":
        from nbgrader.api import MissingEntry

        return MissingEntry
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
