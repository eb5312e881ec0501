"""Helpers shared by tests/test_jury_*.py (imported by name: tests/ is on sys.path)."""

from __future__ import annotations

from pathlib import Path

from kamlearn.referential import load_referential
from kamtrain.cohort.config import CohortConfig, write_config
from kamtrain.jury.models import JurySession
from kamtrain.jury.store import JuryStore
from kamtrain.nbgrader_adapter.api import sqlite_url

LEARNERS_CSV = """id,first_name,last_name,email,accommodations
alice,Alice,Martin,alice@example.org,tiers-temps
bruno,Bruno,Durand,bruno@example.org,
chloe,Chloé,Lefranc,chloe@example.org,
"""


def make_cohort(root: Path, name: str = "promo-test") -> Path:
    """A cohort folder with settings, learners and a SQLite database, without nbgrader's
    slow gradebook creation (the jury tables do not need nbgrader's)."""
    course = root / "cohort"
    course.mkdir()
    (course / "learners.csv").write_text(LEARNERS_CSV, encoding="utf-8")
    write_config(
        course,
        CohortConfig(
            name=name,
            db_url=sqlite_url(course),
            created="2026-01-01T00:00:00+00:00",
            assignments=("bloc1",),
        ),
    )
    return course


def db_url(course: Path) -> str:
    return sqlite_url(course)


def fill(
    course: Path,
    *,
    assessor: str,
    learner: str,
    session: str,
    default: int = 2,
    overrides: dict[str, int] | None = None,
    blocks: tuple[int, ...] | None = None,
    submit: bool = True,
) -> None:
    """Give every criterion (of ``blocks``) a level, then submit."""
    ref = load_referential()
    overrides = overrides or {}
    items = [
        dict(
            learner=learner,
            criterion=c.id,
            assessor=assessor,
            level=overrides.get(c.id, default),
            comment=f"Commentaire de {assessor} sur {c.id}",
            session=session,
        )
        for b in ref.blocks
        if blocks is None or b.id in blocks
        for comp in b.competencies
        for c in comp.criteria
    ]
    with JuryStore(db_url(course)) as store:
        store.ensure_assessor(assessor)
        if session not in {s.name for s in store.sessions()}:
            store.add_session(JurySession(session, "2026-06-30", ()), who=assessor)
        store.record_many(items)
        if submit:
            store.submit(assessor=assessor, session=session, learner=learner)
