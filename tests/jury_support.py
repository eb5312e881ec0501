"""Helpers shared by tests/test_jury_*.py (imported by name: tests/ is on sys.path)."""

from __future__ import annotations

from pathlib import Path

from kamlearn.referential import load_referential
from kamtrain.cohort.config import CohortConfig, write_config
from kamtrain.jury.store import JuryStore
from kamtrain.nbgrader_adapter.api import sqlite_url

LEARNERS_CSV = """id,first_name,last_name,email,accommodations
alice,Alice,Martin,alice@example.org,tiers-temps
bruno,Bruno,Durand,bruno@example.org,
chloe,Chloé,Lefranc,chloe@example.org,
"""
PRESIDENT = "Hélène Marchand"
ASSESSOR_A = "Claire Dubois"
ASSESSOR_B = "Marc Lefèvre"
MEMBERS = (
    f"{ASSESSOR_A}|évaluateur|NEOMA Business School",
    f"{ASSESSOR_B}|évaluateur|NEOMA Business School",
    "Sophie Garnier|professionnel du métier|Groupe Aubrac Industries",
)


def make_cohort(
    root: Path,
    name: str = "promo-test",
    learners_csv: str = LEARNERS_CSV,
    db_url: str | None = None,
) -> Path:
    """A cohort folder with settings, learners and a SQLite database, without nbgrader's
    slow gradebook creation (the jury tables do not need nbgrader's)."""
    course = root / "cohort"
    course.mkdir()
    (course / "learners.csv").write_text(learners_csv, encoding="utf-8")
    write_config(
        course,
        CohortConfig(
            name=name,
            db_url=db_url or sqlite_url(course),
            created="2026-01-01T00:00:00+00:00",
            assignments=("bloc1",),
        ),
    )
    return course


def db_url(course: Path) -> str:
    return sqlite_url(course)


def open_session(
    course: Path,
    name: str = "S1",
    *,
    day: str = "2026-11-30",
    candidates=("alice", "bruno", "chloe"),
    seat: bool = True,
    **kwargs,
):
    from kamtrain.jury.sessions import create_session

    created = create_session(
        course_dir=course,
        name=name,
        session_date=day,
        place="Reims, campus NEOMA",
        president=PRESIDENT,
        members=MEMBERS,
        candidates=candidates,
        **kwargs,
    )
    if candidates and seat:
        seat_all(course, name, candidates)
    return created


def seat_all(course: Path, session: str, learners) -> None:
    """Seat ``learners`` in a sitting of every épreuve of ``session`` (levels are accepted
    only for a candidate of a sitting of the criterion's épreuve)."""
    from kamtrain.epreuves.sittings import seat_everyone
    from kamtrain.jury.api import open_context

    with open_context(course).store() as store:
        seat_everyone(store, session=session, learners=learners)


def store_of(course: Path) -> JuryStore:
    return JuryStore(db_url(course), head_dir=course / "jury")


def fill(
    course: Path,
    *,
    assessor: str,
    learner: str,
    session: str,
    default: int = 2,
    overrides: dict[str, int] | None = None,
    blocks: tuple[int, ...] | None = None,
    competencies: tuple[str, ...] | None = None,
    submit: bool = True,
) -> None:
    """Give every criterion (of ``blocks`` / ``competencies``) a level, then submit."""
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
        if competencies is None or comp.id in competencies
        for c in comp.criteria
    ]
    with store_of(course) as store:
        store.record_many(items)
        if submit:
            store.submit(assessor=assessor, session=session, learner=learner)


def fill_both(course: Path, *, learner: str, session: str, **kwargs) -> None:
    """Both assessors give the same levels (no disagreement) and submit."""
    for name in (ASSESSOR_A, ASSESSOR_B):
        fill(course, assessor=name, learner=learner, session=session, **kwargs)
