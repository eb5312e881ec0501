"""A scripted jury for ``make demo``: session S1, then a resit session S2 for two candidates.

S1 has a president, two assessors and a professional of the trade. The two assessors grade
every candidate blind; a few criteria differ and the president reconciles them with a
reason. Two candidates fail one competency each. The president closes S1 (decisions sealed,
PV written). S2, a month later, registers those two candidates only: they are assessed on
the competencies they still miss, everything else is carried over from S1. S2 is closed,
and ``kamtrain jury verify`` checks the whole record.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

#: Share of criteria on which the second assessor departs by one level from the first.
DISAGREEMENT_RATE = 0.08
COMMENTS_FR = {
    0: "Attendu non observé lors de l'épreuve.",
    1: "Éléments pertinents mais incomplets ; à approfondir.",
    2: "Critère satisfait au niveau attendu.",
    3: "Démarche argumentée et adaptée au contexte du client.",
}
PRESIDENT = "Hélène Marchand|NEOMA Business School"
ASSESSORS = ("Claire Dubois", "Marc Lefèvre")
MEMBERS = (
    "Claire Dubois|évaluateur|NEOMA Business School",
    "Marc Lefèvre|évaluateur|NEOMA Business School",
    "Sophie Garnier|professionnel du métier|Groupe Aubrac Industries",
)
PLACE = "Reims, campus NEOMA, salle du jury"
#: Competency each of the two resit candidates fails in S1.
FAILED_IN_S1 = ("C8", "C16")


@dataclass(frozen=True)
class DemoJury:
    #: The PVs: PDF, or HTML without the ``pdf`` extra.
    pv_s1: Path
    pv_s2: Path
    seals: tuple[str, str]
    verified: bool
    resit_candidates: tuple[str, ...]


def _proposed_levels(course_dir: Path) -> dict[tuple[str, str], int]:
    from kamlearn.errors import KamtrainError

    try:
        from kamtrain.reporting.criteria import build_report

        report = build_report(course_dir=course_dir)
    except (KamtrainError, OSError, ImportError):
        return {}
    return {
        (s.learner, s.criterion): s.proposed_level
        for s in report.scores
        if s.proposed_level is not None
    }


def _levels(ctx, rng, learners, criteria, proposed, *, floor: int = 0, forced=None):
    """(learner, criterion) -> (first assessor's level, second assessor's level)."""
    top = max(lv.value for lv in ctx.referential.levels)
    forced = forced or {}
    out = {}
    for learner in learners:
        ability = rng.uniform(1.8, 2.9)
        for crit in criteria:
            base = proposed.get((learner, crit.id))
            if base is None:
                base = min(top, max(floor, round(rng.gauss(ability, 0.5))))
            base = max(base, floor)
            if (learner, crit.competency_id) in forced:
                base = forced[(learner, crit.competency_id)]
            other = base
            if rng.random() < DISAGREEMENT_RATE:
                other = min(top, max(0, base + rng.choice((-1, 1))))
            out[(learner, crit.id)] = (base, other)
    return out


def _grade(ctx, store, session: str, levels) -> None:
    for index, name in enumerate(ASSESSORS):
        store.record_many(
            [
                dict(
                    learner=learner,
                    criterion=crit,
                    assessor=name,
                    level=pair[index],
                    comment=COMMENTS_FR.get(pair[index], ""),
                    session=session,
                )
                for (learner, crit), pair in levels.items()
            ]
        )
        store.submit(assessor=name, session=session)


def _reconcile_all(ctx, store, session) -> None:
    from kamtrain.jury.outcome import session_disagreements

    president = store.session(session.name).president
    for d in session_disagreements(ctx, store, session):
        if d.reconciled:
            continue
        levels = dict(d.levels)
        store.reconcile(
            learner=d.learner,
            criterion=d.criterion,
            session=session.name,
            level=min(levels.values()),
            reason=(
                "Concertation des évaluateurs : niveau le plus prudent retenu au vu des "
                "preuves (" + ", ".join(f"{n} : {v}" for n, v in d.levels) + ")."
            ),
            by=president,
        )


def _documents(written) -> Path:
    """The PV: its PDF, or its HTML when weasyprint (the ``pdf`` extra) is not installed."""
    return written.pv_pdf or written.pv_html


def run_demo_jury(*, course_dir: Path, seed: int = 0, s1_date: str | None = None) -> DemoJury:
    """Hold S1 for every learner, then the resit S2 for two of them; seal, verify, write PVs."""
    from kamtrain.documents import pdf
    from kamtrain.documents.jury_documents import write_documents
    from kamtrain.epreuves.sittings import seat_everyone
    from kamtrain.jury.api import open_context
    from kamtrain.jury.outcome import session_decisions
    from kamtrain.jury.seal import close_session
    from kamtrain.jury.sessions import create_session
    from kamtrain.jury.verify import verify

    course_dir = Path(course_dir).resolve()
    ctx = open_context(course_dir)
    rng = random.Random(seed)
    first = date.fromisoformat(s1_date) if s1_date else date.today()
    learners = [x.id for x in ctx.learners]
    resit = tuple(learners[-2:])
    forced = {(lid, comp): 0 for lid, comp in zip(resit, FAILED_IN_S1, strict=False)}
    create_session(
        course_dir=course_dir, name="S1", session_date=first.isoformat(), place=PLACE,
        president=PRESIDENT, members=MEMBERS, candidates=learners,
    )  # fmt: skip
    with ctx.store() as store:
        # The whole certification in one session: every candidate sits every épreuve.
        seat_everyone(store, session="S1", learners=learners, who="Hélène Marchand")
    levels = _levels(
        ctx, rng, learners, ctx.referential.criteria, _proposed_levels(course_dir), floor=1,
        forced=forced,
    )  # fmt: skip
    with ctx.store() as store:
        _grade(ctx, store, "S1", levels)
        _reconcile_all(ctx, store, store.session("S1"))
    president = "Hélène Marchand"
    s1 = close_session(course_dir=course_dir, session="S1", by=president)
    pv1 = _documents(write_documents(course_dir=course_dir, session="S1", pdf=pdf.available()))

    create_session(
        course_dir=course_dir, name="S2", session_date=(first + timedelta(days=30)).isoformat(),
        place=PLACE, president=PRESIDENT, members=MEMBERS, candidates=resit,
    )  # fmt: skip
    with ctx.store() as store:
        seat_everyone(store, session="S2", learners=resit, who="Hélène Marchand")
        s1_decisions = session_decisions(ctx, store, store.session("S1"), learners=resit)
        missing = {
            (d.learner, c.competency)
            for d in s1_decisions
            for b in d.blocks
            if not b.validated
            for c in b.competencies
            if not c.acquired
        }
        criteria = [
            c for c in ctx.referential.criteria if any(c.competency_id == m for _, m in missing)
        ]
        resit_levels = {
            key: pair
            for key, pair in _levels(ctx, rng, resit, criteria, {}, floor=2).items()
            if (key[0], ctx.referential.criterion(key[1]).competency_id) in missing
        }
        _grade(ctx, store, "S2", resit_levels)
        _reconcile_all(ctx, store, store.session("S2"))
    s2 = close_session(course_dir=course_dir, session="S2", by=president)
    pv2 = _documents(write_documents(course_dir=course_dir, session="S2", pdf=pdf.available()))
    report = verify(course_dir=course_dir)
    return DemoJury(pv1, pv2, (s1.digest, s2.digest), report.ok, resit)
